//! The tarkka command line: arguments, files, terminal and exit codes.
//!
//! This is glue. The library crates take values and return values; this
//! binary reads the files they need, prints what they return, and decides
//! the exit code in one place ([`main`]):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the command ran and the answer is negative (a rubric is invalid) |
//! | 2 | usage or input error |
//!
//! A closed standard output (`tarkka ... | head`) is not an error.

mod args;
mod output;
mod rubric_cmd;
mod score_cmd;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, RubricCommand};

/// What a command that ran to the end concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success: exit 0.
    Success,
    /// The command ran and the answer is negative: exit 1.
    Negative,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Rubric(RubricCommand::Check(args)) => rubric_cmd::check(&args),
        Command::Rubric(RubricCommand::Show(args)) => rubric_cmd::show(&args, cli.lang),
        Command::Score(args) => score_cmd::run(&args, cli.lang),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tarkka: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
