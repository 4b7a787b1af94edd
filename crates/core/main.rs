//! The tarkka command line: arguments, files, terminal and exit codes.
//!
//! This is glue. Every command's operation lives in the application layer
//! (`tarkka_app`), which takes plain requests and returns plain values; this
//! binary turns arguments into requests, supplies the environment, the
//! clock and the terminal (progress bars, interactive scoring), renders the
//! responses in the person's language or as JSON and CSV, and decides the
//! exit code in one place ([`main`]):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the command ran and the answer is negative (verification found something, a rubric is invalid) |
//! | 2 | usage or input error |
//!
//! A closed standard output (`tarkka ... | head`) is not an error.

mod amend_cmd;
mod args;
mod calibrate_cmd;
mod check_cmd;
mod context;
mod demo_cmd;
mod encounter_cmd;
mod evidence_cmd;
mod export_cmd;
mod followups_cmd;
mod help;
mod import_cmd;
mod interactive;
mod key_cmd;
mod output;
mod progress;
mod redact_cmd;
mod report_cmd;
mod rubric_cmd;
mod sample_cmd;
mod score_cmd;
mod scores_cmd;
mod team_cmd;
mod verify_cmd;
mod workflow_cmd;

use std::process::ExitCode;

use crate::args::{
    BagCommand, Cli, Command, DisputeCommand, EncounterCommand, EvidenceCommand, ExportCommand,
    ImportCommand, KeyCommand, LedgerCommand, RubricCommand, SampleCommand, WorkspaceCommand,
};
use crate::context::Context;

/// mimalloc rather than the system allocator: replaying a large ledger
/// allocates on the parsing threads and frees on the applying one, which
/// glibc's allocator turned into a third of the report's time (see
/// BENCHMARKS.md). Built without transparent huge pages (`no_thp`): the
/// memory mimalloc hands back and takes again was faulted in 2 MiB at a
/// time, each zeroed by the kernel, which made system time most of a
/// large verify's or report's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a command that ran to the end concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success: exit 0.
    Success,
    /// The command ran and the answer is negative: exit 1.
    Negative,
}

fn main() -> ExitCode {
    let cli = help::parse();
    let context = Context::new(&cli);
    let result = match &cli.command {
        Command::Init(args) => context::init(args, &context),
        Command::Rubric(RubricCommand::Check(args)) => rubric_cmd::check(args, context.lang()),
        Command::Rubric(RubricCommand::Show(args)) => rubric_cmd::show(args, context.lang()),
        Command::Encounter(EncounterCommand::Log(args)) => encounter_cmd::log(args, &context),
        Command::Encounter(EncounterCommand::Show(args)) => encounter_cmd::show(args, &context),
        Command::Evidence(EvidenceCommand::Add(args)) => evidence_cmd::add(args, &context),
        Command::Score(args) => score_cmd::run(args, &context),
        Command::Verify(args) => verify_cmd::verify(args, &context),
        Command::Ledger(LedgerCommand::Repair) => verify_cmd::repair(&context),
        Command::Ledger(LedgerCommand::Export(args)) => team_cmd::export(args, &context),
        Command::Workspace(WorkspaceCommand::Copy(args)) => team_cmd::copy(args, &context),
        Command::Checkpoint(args) => verify_cmd::checkpoint(args, &context),
        Command::Proof(args) => verify_cmd::proof(args, &context),
        Command::Witness(command) => verify_cmd::witness(command, &context),
        Command::Bag(BagCommand::Verify { dir, key }) => verify_cmd::bag_verify(dir, key, &context),
        Command::Key(KeyCommand::New(args)) => key_cmd::new(args, &context),
        Command::Key(KeyCommand::Trust(args)) => key_cmd::trust(args, &context),
        Command::Export(ExportCommand::Bag(args)) => export_cmd::bag(args, &context),
        Command::Export(ExportCommand::Tables(args)) => export_cmd::tables(args, &context),
        Command::Import(ImportCommand::Encounters(args)) => import_cmd::encounters(args, &context),
        Command::Import(ImportCommand::Answers(args)) => import_cmd::answers(args, &context),
        Command::Import(ImportCommand::Evidence(args)) => import_cmd::evidence(args, &context),
        Command::Amend(args) => amend_cmd::amend(args, &context),
        Command::Scores(args) => scores_cmd::list(args, &context),
        Command::Assign(args) => workflow_cmd::assign(args, &context),
        Command::Queue(args) => workflow_cmd::queue(args, &context),
        Command::Dispute(DisputeCommand::Open(args)) => workflow_cmd::dispute_open(args, &context),
        Command::Dispute(DisputeCommand::Decide(args)) => {
            workflow_cmd::dispute_decide(args, &context)
        }
        Command::Disputes(args) => workflow_cmd::disputes(args, &context),
        Command::Acknowledge(args) => workflow_cmd::acknowledge(args, &context),
        Command::Demo(args) => demo_cmd::demo(args, &context),
        Command::Sample(SampleCommand::Generate(args)) => sample_cmd::generate(args, &context),
        Command::Sample(SampleCommand::Size(args)) => sample_cmd::size(args, &context),
        Command::Calibrate(args) => calibrate_cmd::calibrate(args, &context),
        Command::Redact(args) => redact_cmd::redact(args, &context),
        Command::Report(args) => report_cmd::report(args, &context),
        Command::Check(args) => check_cmd::check(args, &context),
        Command::Followups(args) => followups_cmd::followups(args, &context),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut command, "tarkka", &mut out);
            output::print(&String::from_utf8_lossy(&out)).map(|()| Outcome::Success)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(anyhow::Error::from)
                .and_then(|()| output::print(&String::from_utf8_lossy(&out)))
                .map(|()| Outcome::Success)
        }
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let lang = context.lang();
            let prefix = output::tr(lang, &tarkka_i18n::msg!("error-prefix"));
            // An application error speaks the reader's language where its
            // messages come from the catalogue; anything else as it is.
            let text = match error.downcast_ref::<tarkka_app::Error>() {
                Some(app) if app.to_string() == error.to_string() => {
                    app.render(lang.pick("fi", "en"))
                }
                _ => format!("{error:#}"),
            };
            eprintln!("tarkka: {prefix}: {}", output::shown(&text));
            ExitCode::from(2)
        }
    }
}
