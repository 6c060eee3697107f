//! Targets read from the words of a 目标 cell.
// TEMPORARY
pub fn from_words(_text: &str) -> Option<crate::model::Target> {
    None
}
