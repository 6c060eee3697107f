//! Targets read from the words of a 目标 cell.
