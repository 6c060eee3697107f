//! frontline: service blueprints as code.
//!
//! The pipeline is visible in the module list: [`load`] turns bytes into a typed
//! [`model::Blueprint`] (or findings), [`library`] expands the standards it uses from libraries,
//! [`check`] runs the rule registry over it, [`report`]
//! prints the findings, and [`render`] compiles a clean blueprint into its outputs.

pub mod audit;
pub mod build;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod i18n;
pub mod import;
pub mod init;
pub mod inputs;
pub mod library;
pub mod load;
pub mod model;
pub mod output;
pub mod pdf;
pub mod render;
pub mod report;
pub mod run;
pub mod schema;
pub mod serve;
pub mod session;
pub mod training;
