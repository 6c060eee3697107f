//! Renderers: one module per output, each turning a checked [`crate::model::Blueprint`] into text.
//!
//! Renderers never fail on content: every blueprint that passes `check` without errors renders.
//! All fixed words come from [`labels`], in the run's locale.

pub mod labels;
pub mod mermaid;
pub mod swimlane;
