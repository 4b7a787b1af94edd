//! The command-line interface, parsed once by clap into owned values.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tarkka_rubric::Lang;

/// Mystery shopping and call-script evaluation with an audit trail.
///
/// tarkka scores logged sales calls, service calls and store visits against
/// rubrics kept as files under version control.
#[derive(Debug, Parser)]
#[command(name = "tarkka", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Examples:
  tarkka rubric check rubrics/*.toml
  tarkka rubric show rubrics/cold-call.toml --lang en
  tarkka score --rubric rubrics/store-visit.toml --answers samples/answers/store-visit-*.toml

Exit codes: 0 success, 1 a negative answer (e.g. an invalid rubric), 2 usage or input error.")]
pub struct Cli {
    /// The language of what tarkka prints for people: Finnish or English.
    #[arg(long, global = true, value_enum, env = "TARKKA_LANG", default_value = "fi")]
    pub lang: LangArg,

    #[command(subcommand)]
    pub command: Command,
}

/// A language, as given on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Suomi.
    Fi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Fi => Lang::Fi,
            LangArg::En => Lang::En,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate rubrics and show them.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Score encounters' answers against a rubric.
    #[command(after_help = "Examples:
  tarkka score --rubric rubrics/store-visit.toml --answers samples/answers/store-visit-kamppi.toml
  tarkka score --rubric rubrics/cold-call.toml --answers a.toml b.toml --format json

An answers file is TOML: the customer profile and one answer per criterion
(see docs/scoring.md). Every problem in every file is reported; exit code 2
if any file cannot be scored.")]
    Score(ScoreArgs),
}

/// `tarkka rubric ...`
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Validate rubric files and print each one's id, version and fingerprint.
    #[command(after_help = "Examples:
  tarkka rubric check rubrics/*.toml
  tarkka rubric check --format json rubrics/cold-call.toml

Every problem in every file is reported with file, line and column.
Exit code 0 when all rubrics are valid, 1 when any is not, 2 when a file cannot be read.")]
    Check(CheckArgs),
    /// Show a rubric's sections and criteria as a table.
    #[command(after_help = "Examples:
  tarkka rubric show rubrics/cold-call.toml
  tarkka rubric show rubrics/cold-call.toml --lang en")]
    Show(ShowArgs),
}

/// Output for people or for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables and text for people.
    Text,
    /// JSON for scripts.
    Json,
}

/// `tarkka rubric check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The rubric files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `tarkka rubric show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The rubric file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `tarkka score`
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The rubric to score against.
    #[arg(long, value_name = "FILE")]
    pub rubric: PathBuf,
    /// Answers files (TOML), one encounter each.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub answers: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
