//! `frontline training`: the records of who was trained on which version, the sign-off
//! sheet, who is still missing, and the quiz.

pub mod check;
pub mod quiz;
pub mod sheet;
pub mod status;

use super::{Context, Failure};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check training records and filled sign-off sheets against the blueprints and the roster.
    Check(check::Args),
    /// Write the sign-off sheet for the roles a revision must retrain, to print and sign.
    Sheet(sheet::Args),
    /// Who is trained on the current version, who is missing, who is overdue.
    Status(status::Args),
    /// Write a quiz on a blueprint's standards and moments of truth, or on what changed.
    Quiz(quiz::Args),
}

pub fn run(context: &Context, command: &Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Check(args) => check::run(context, args),
        Command::Sheet(args) => sheet::run(context, args),
        Command::Status(args) => status::run(context, args),
        Command::Quiz(args) => quiz::run(context, args),
    }
}
