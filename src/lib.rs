//! frontline: service blueprints as code.
//!
//! The pipeline is visible in the module list: [`load`] turns bytes into a typed
//! [`model::Blueprint`] (or findings), [`check`] runs the rule registry over it, [`report`]
//! prints the findings, and [`render`] compiles a clean blueprint into its outputs.

pub mod audit;
pub mod build;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod i18n;
pub mod init;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod run;
pub mod schema;
pub mod xml;
