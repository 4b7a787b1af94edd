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
  tarkka init audits && cd audits
  tarkka encounter log --id V-014 --rubric rubrics/store-visit.toml --time 2026-05-14T17:40+03:00 \\
      --location kamppi --agent myyja-3
  tarkka evidence add V-014 wc.jpg --kind photo
  tarkka score V-014 --answers v-014.toml
  tarkka verify

Exit codes: 0 success, 1 a negative answer (verification found something, a rubric is
invalid), 2 usage or input error.")]
pub struct Cli {
    /// The language of what tarkka prints for people [default: the workspace's, else fi].
    #[arg(long, global = true, value_enum, env = "TARKKA_LANG")]
    pub lang: Option<LangArg>,

    /// The workspace [default: the nearest directory upwards with a tarkka.toml].
    #[arg(long, global = true, value_name = "DIR", env = "TARKKA_WORKSPACE")]
    pub workspace: Option<PathBuf>,

    /// Who is recording: an auditor id [default: the login name].
    #[arg(long, global = true, value_name = "AUDITOR", env = "TARKKA_ACTOR")]
    pub actor: Option<String>,

    /// Where private signing keys are kept [default: ~/.config/tarkka/keys].
    #[arg(long, global = true, value_name = "DIR", env = "TARKKA_KEY_DIR")]
    pub key_dir: Option<PathBuf>,

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
    /// Create a workspace: configuration, ledger and evidence store.
    #[command(after_help = "Examples:
  tarkka init
  tarkka init audits/2026 --name \"Kevät 2026\"")]
    Init(InitArgs),
    /// Validate rubrics and show them.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Log encounters and show what the ledger knows about them.
    #[command(subcommand)]
    Encounter(EncounterCommand),
    /// Attach evidence to encounters.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Score answers against a rubric; in a workspace, record the scoresheet.
    #[command(after_help = "Examples:
  tarkka score V-2026-014
  tarkka score S-2026-002 --suggest
  tarkka score V-2026-014 --answers v-2026-014.toml
  tarkka score --rubric rubrics/store-visit.toml \\
      --answers samples/answers/store-visit-kamppi-2026-05-14.toml
  tarkka score --rubric rubrics/cold-call.toml --answers a.toml b.toml --format json

With an ENCOUNTER and no --answers, tarkka asks for each applicable criterion
in turn (answers: y/n, k/e, na, a number or a choice name; `ANSWER # comment`
adds a comment; `b` goes back and Enter keeps the earlier answer, `?` shows
the scale, what meets it, the flags and an example, `q` quits), shows the
running score, and records only after you confirm the result. Every answer
is kept at once in a draft (drafts/AUDITOR/ENCOUNTER.toml), so quitting,
Ctrl-C or a crash loses nothing: the next `tarkka score ENCOUNTER` offers to
resume it. Evidence the answers require but the encounter lacks is asked for
at the end: a file to attach, or the reason it is missing.
With --suggest each criterion that has an automatic check shows the check's
verdict on the encounter's transcript with the words behind it: Enter accepts
it, any answer overrides it, and the scoresheet records which answers were
accepted and which overridden. Answers can also be piped in, one per line. With --answers FILE the answers
come from the file. Either way the rubric is the one the encounter was
logged with, its customer profile is used, and the scoresheet is recorded in
the ledger. Without one, answers files are scored against --rubric and nothing
is recorded. An answers file is TOML (see docs/scoring.md). Every problem in
every file is reported; exit code 2 if anything cannot be scored.")]
    Score(ScoreArgs),
    /// Check the ledger, the evidence and the scoresheets; print the ledger head.
    #[command(after_help = "Examples:
  tarkka verify
  tarkka verify --json > verify.json
  tarkka verify --no-evidence

Exit code 0 when everything holds, 1 when anything is found, 2 when the
workspace cannot be read.")]
    Verify(VerifyArgs),
    /// Sign a checkpoint of the ledger (a C2SP tlog-checkpoint) with the
    /// workspace's log key, or pin a log key on this machine.
    #[command(after_help = "Examples:
  tarkka checkpoint
  tarkka checkpoint --out checkpoint-2026-12.txt
  tarkka checkpoint trust tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...

A checkpoint states the ledger's size and its RFC 6962 root, signed with
the workspace's log key (made on first use in the key directory's logs/,
mode 0600: keep it with whoever vouches for the ledger). The workspace keeps
every checkpoint in checkpoints/, and this machine remembers the latest;
`tarkka verify` then names a ledger cut short (rollback) or rewritten since.
A checkpoint kept elsewhere (mailed, printed, in a report) holds even if the
workspace's own copies are deleted: `tarkka verify --checkpoint FILE`.
Anyone can check one without tarkka: see docs/ledger.md.")]
    Checkpoint(CheckpointArgs),
    /// Prove an encounter's ledger entries to an outsider, or check such a
    /// proof without the ledger.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:
  tarkka proof V-2026-014 --out proof-v-2026-014.json
  tarkka proof verify proof-v-2026-014.json --key tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...

The proof holds the ledger lines about the encounter (the encounter, its
rubric, evidence, scoresheets, amendments and the signers' keys), each with
its RFC 6962 inclusion proof (a C2SP tlog-proof) against the ledger's latest
checkpoint. `proof verify` needs only the file and the log's public key: it
checks the checkpoint's signature, each line's own hash and its inclusion,
and says what that proves and what it cannot."
    )]
    Proof(ProofArgs),
    /// Check an exported bag end to end.
    #[command(subcommand)]
    Bag(BagCommand),
    /// Be a witness: cosign a workspace's checkpoints only when they extend
    /// the last one you saw (for a works council, a client, an auditor of
    /// the auditors).
    #[command(subcommand)]
    Witness(WitnessCommand),
    /// Maintain the ledger, or write it out as plain JSON Lines.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Move a workspace between a directory and a team store.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Manage auditors' signing keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Export evidence for a dispute.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import encounters, answers or evidence from CSV, all or nothing.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Change one answer of a recorded scoresheet, with the reason.
    #[command(after_help = "Examples:
  tarkka amend V-2026-014 facilities.toilets yes --reason \"Photo 2 shows the toilet was cleaned\"
  tarkka amend C-031 needs.summary no --comment \"No summary\" --reason \"Re-listened to the call\"
  tarkka amend S-2026-001 ownership.takes-on yes --auditor sara --reason \"Calibration round 2\"

The original scoresheet stays in the ledger; the amendment is a new entry
that names it, the answer before and after, the reason and who made it. It
changes your own scoresheet; where you scored none, the only auditor's; where
several auditors scored the encounter, say whose with --auditor (or --sheet).")]
    Amend(AmendArgs),
    /// Draw a sample nobody could cherry-pick: commit a plan before its
    /// period, draw after it, re-check every draw.
    #[command(after_help = "Examples:
  tarkka assign --commit --plan plans/weekly-service-calls.toml --period 2026-W50
  tarkka assign --plan weekly-service-calls --period 2026-W50
  tarkka assign --verify
  tarkka assign --replace S-2026-031 --reason \"Recording cut off after 40 seconds\"

A plan (docs/workflow.md) says which encounters are in the pool, how it is
divided into strata, how many each stratum gives and who scores them. It is
committed before its period begins (--commit): that entry's hash, with the
plan's fingerprint, seeds the draw, so the randomness was fixed before anyone
knew the period's encounters. After the period, `tarkka assign` draws: each
pool encounter's rank is SHA-256(seed, id), and each stratum gives its quota
of the lowest ranks. Anyone can re-run every draw and replacement from the
ledger with --verify (exit 1 when one differs). A replacement takes the next
encounter of the same stratum in rank order, needs a reason and is counted.")]
    Assign(AssignArgs),
    /// What is assigned to you and not yet scored, oldest due first.
    #[command(after_help = "Examples:
  tarkka queue
  tarkka queue --auditor aino
  tarkka queue --all
  tarkka queue --take S-2026-044
  tarkka queue --format csv > queue.csv

Lists the draws' assignments that wait for your scoresheet (or --auditor's;
--all for everyone's), with their due dates; overdue ones are marked. Where a
plan names no auditors, its draw goes to the team's queue, and an auditor
takes an encounter from it with --take (only one auditor can).")]
    Queue(QueueArgs),
    /// Disputes on scores: open one, or decide one.
    #[command(subcommand)]
    Dispute(DisputeCommand),
    /// List disputes: open, overdue and decided.
    #[command(after_help = "Examples:
  tarkka disputes
  tarkka disputes --state overdue
  tarkka disputes --auditor mikko --state decided
  tarkka disputes --criterion ownership.no-blame --format csv")]
    Disputes(DisputesArgs),
    /// Record that you, the agent, have seen an evaluation.
    #[command(after_help = "Examples:
  tarkka acknowledge S-2026-001
  tarkka acknowledge S-2026-001 --comment \"Understood, I will summarise at the end\"

Records that the encounter's agent has seen its evaluation (the latest
auditor's scoresheet, or --auditor's), with an optional comment; signed with
the agent's key where they have one. Only the agent can acknowledge; after an
amendment the changed evaluation can be acknowledged again.")]
    Acknowledge(AcknowledgeArgs),
    /// List recorded scores, filtered, as a table, CSV or JSON.
    #[command(after_help = "Examples:
  tarkka scores
  tarkka scores --location \"Helsinki Kamppi\" --from 2026-03-01 --to 2026-05-31
  tarkka scores --rubric cold-call --format csv > cold-calls.csv")]
    Scores(ScoresArgs),
    /// Run the whole workflow on the shipped samples in a fresh workspace.
    #[command(after_help = "Examples:
  tarkka demo
  tarkka demo --out /tmp/tarkka-demo")]
    Demo(DemoArgs),
    /// Sample data and sample sizes.
    #[command(subcommand)]
    Sample(SampleCommand),
    /// Do the auditors agree? Inter-rater reliability per criterion and auditor.
    #[command(after_help = "Examples:
  tarkka calibrate
  tarkka calibrate --only store-visit --chart report/
  tarkka calibrate --format json > calibration.json
  tarkka calibrate --answers answers.csv --rubric rubrics/store-visit.toml

Uses every encounter scored by two or more auditors: from the ledger (the
current answers, after amendments), or from a CSV file in the import format
with --answers and the rubrics it uses. Reports Krippendorff's alpha with a
bootstrap 95 % interval, percent agreement, Fleiss' kappa and Cohen's kappa
for each pair of auditors (weighted for integer scales), the criteria with the
lowest agreement first, and per auditor the deviation from the majority, the
mean offset against the others and its drift by month. See docs/calibration.md.")]
    Calibrate(CalibrateArgs),
    /// Check call and chat transcripts against a rubric's automatic rules.
    #[command(after_help = "Examples:
  tarkka check --rubric rubrics/cold-call.toml calls/
  tarkka check --rubric rubrics/cold-call.toml call.vtt --profile segment=business --profile language=fi
  tarkka check --rubric rubrics/cold-call.toml call.vtt --explain opening.permission
  tarkka check --rubric rubrics/service-call.toml calls/ --format csv > verdicts.csv
  tarkka check --record                                # every transcript in the workspace not yet checked
  tarkka check --record --redact --encounter S-031 call.vtt

Reads WebVTT, SRT, the JSON segment form and plain chat or call logs (see
docs/transcripts.md). Each criterion with a [criterion.check] gets a verdict —
pass, fail, not applicable or undetermined — with the turn, its time and the
words that decided it; --explain also shows the near misses: the right words by
the wrong speaker, outside the window, after the offer, negated, or without the
time they needed. The rule language is in docs/rules.md.

With --record, in a workspace, the results become an automatic scoresheet of
the encounter, linked to the transcript evidence by its SHA-256 and kept apart
from the auditors' scoresheets; promises with deadlines go with it, for
`tarkka followups`.

Exit status: 0 when every checked criterion passed (or did not apply), 1 when
any failed, 2 when a transcript could not be read. With --explain, only the
explained criterion counts: 1 when it failed in any transcript.

`tarkka check tune` holds the checks against the auditors' scoresheets in the
workspace and proposes phrases; see `tarkka check tune --help`.")]
    Check(CheckRunArgs),
    /// Promises agents made, and whether they were kept.
    #[command(after_help = "Examples:
  tarkka followups
  tarkka followups --status broken
  tarkka followups --format csv > promises.csv

A promise is a commitment with a time that `tarkka check --record` found in a
transcript (\"soitan huomenna\", \"I'll call you back by Thursday\"). It is kept when
a later encounter of the same case comes before its deadline, broken when none
did, and open while the deadline has not passed (now: TARKKA_NOW or the clock).")]
    Followups(FollowupsArgs),
    /// Write the management report: HTML, Markdown, charts, CSV and Parquet.
    #[command(after_help = "Examples:
  tarkka report --out report/
  tarkka report --out report-q1/ --from 2026-01-01 --to 2026-03-31 --period week
  tarkka report --out kamppi/ --location \"Helsinki Kamppi\" --lang en
  tarkka report --out report/ --xlsx

Replays the ledger (each encounter counts with its latest human scoresheet,
after amendments) and writes into DIR: index.html (self-contained, charts
inline), a page per location and per agent, report.md, charts/*.png|svg and
tables/*.csv|parquet (and tables/tables.xlsx with --xlsx). Every page and chart states the ledger head and Merkle
root it came from. The same ledger and options give the same bytes.")]
    Report(ReportArgs),
    /// Replace personal data in a transcript with typed placeholders.
    #[command(after_help = "Examples:
  tarkka redact call.txt > call-redacted.txt
  tarkka redact call.vtt --out call-redacted.vtt

Finnish personal identity codes (checked by their check character), phone
numbers, e-mail addresses, IBANs (checked by mod 97) and payment card numbers
(checked by Luhn) become [HETU], [PHONE], [EMAIL], [IBAN] and [CARD]. What was
replaced, and the SHA-256 of the original, go to standard error.")]
    Redact(RedactArgs),
    /// Print shell completions.
    #[command(after_help = "Examples:
  tarkka completions bash > /etc/bash_completion.d/tarkka
  tarkka completions zsh > ~/.zfunc/_tarkka")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Examples:
  tarkka man > tarkka.1 && man ./tarkka.1")]
    Man,
}

/// `tarkka import ...`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Log encounters from a CSV file (one row per encounter).
    #[command(after_help = "Examples:
  tarkka import encounters encounters.csv --rubric rubrics/store-visit.toml
  tarkka import encounters kevat.csv --delimiter ';' --encoding windows-1252 --dry-run

Columns: encounter, rubric, time, location, agent, auditor, [channel, case,
scenario, profile.NAME...]. See docs/import.md.")]
    Encounters(ImportEncountersArgs),
    /// Record scoresheets from a CSV file (one row per encounter × criterion).
    #[command(after_help = "Examples:
  tarkka import answers answers.csv
  tarkka import answers vastaukset.csv --dry-run

Columns: encounter, criterion, answer, [comment,] auditor. The rows of one
encounter and auditor form one scoresheet. See docs/import.md.")]
    Answers(ImportAnswersArgs),
    /// Attach evidence listed in a CSV file (encounter, kind, file).
    #[command(after_help = "Examples:
  tarkka import evidence evidence.csv")]
    Evidence(ImportEvidenceArgs),
}

/// How a CSV file is read, when detection should be overridden.
#[derive(Debug, Args, Clone)]
pub struct Dialect {
    #[command(flatten)]
    pub csv: CsvDialect,
    /// Validate everything, record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8, with or without a byte-order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Excel on a Finnish Windows).
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
}

/// A field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DelimiterArg {
    /// `,`
    #[value(name = ",", alias = "comma")]
    Comma,
    /// `;`
    #[value(name = ";", alias = "semicolon")]
    Semicolon,
    /// A tab.
    #[value(name = "tab")]
    Tab,
}

/// `tarkka import encounters`
#[derive(Debug, Args)]
pub struct ImportEncountersArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// A rubric file the rows may name by id (registered if new).
    #[arg(long = "rubric", value_name = "FILE")]
    pub rubrics: Vec<PathBuf>,
    /// Locations, agents or auditors are new although close to known names.
    #[arg(long)]
    pub new_names: bool,
    #[command(flatten)]
    pub dialect: Dialect,
}

/// `tarkka import answers`
#[derive(Debug, Args)]
pub struct ImportAnswersArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// Record even where required evidence is not attached, and why.
    #[arg(long, value_name = "REASON")]
    pub allow_missing_evidence: Option<String>,
    /// Auditors are new although close to known names.
    #[arg(long)]
    pub new_names: bool,
    #[command(flatten)]
    pub dialect: Dialect,
}

/// `tarkka import evidence`
#[derive(Debug, Args)]
pub struct ImportEvidenceArgs {
    /// The CSV file; file paths in it are relative to it.
    pub file: PathBuf,
    /// The folder the files it names must be in (default: the CSV's own).
    #[arg(long, value_name = "DIR")]
    pub base: Option<PathBuf>,
    #[command(flatten)]
    pub dialect: Dialect,
}

/// `tarkka amend`
#[derive(Debug, Args)]
pub struct AmendArgs {
    /// The encounter.
    pub encounter: String,
    /// The criterion whose answer changes.
    pub criterion: String,
    /// The new answer.
    pub answer: String,
    /// Why the answer changes.
    #[arg(long)]
    pub reason: String,
    /// A comment for the new answer.
    #[arg(long)]
    pub comment: Option<String>,
    /// The scoresheet to amend, by its entry number.
    #[arg(long, value_name = "SEQ", conflicts_with = "auditor")]
    pub sheet: Option<u64>,
    /// Amend this auditor's latest scoresheet [default: your own; where you
    /// scored none, the only auditor's; with several auditors, required].
    #[arg(long, value_name = "NAME")]
    pub auditor: Option<String>,
}

/// `tarkka assign`
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The plan: its file, or (for a draw) its id.
    #[arg(long, value_name = "PLAN", required_unless_present_any = ["verify", "replace"])]
    pub plan: Option<String>,
    /// The period: 2026-W50 (a week), 2026-12 (a month), 2026-12-07 (a day)
    /// or 2026-12-07..2026-12-13.
    #[arg(long, value_name = "PERIOD", required_unless_present_any = ["verify", "replace"])]
    pub period: Option<String>,
    /// Commit the plan for a period that has not begun.
    #[arg(long, requires = "plan", conflicts_with_all = ["verify", "replace"])]
    pub commit: bool,
    /// Re-run every draw and replacement from the ledger and compare.
    #[arg(long, conflicts_with_all = ["plan", "period", "replace"])]
    pub verify: bool,
    /// Replace a drawn encounter nobody has scored with the next of its stratum.
    #[arg(long, value_name = "ENCOUNTER", requires = "reason", conflicts_with_all = ["plan", "period"])]
    pub replace: Option<String>,
    /// Why the encounter is replaced.
    #[arg(long)]
    pub reason: Option<String>,
    /// Output.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `tarkka queue`
#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Whose queue [default: yours].
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub auditor: Option<String>,
    /// Every auditor's queue.
    #[arg(long)]
    pub all: bool,
    /// Take an encounter from the team's queue.
    #[arg(long, value_name = "ENCOUNTER", conflicts_with_all = ["auditor", "all"])]
    pub take: Option<String>,
    /// Output.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `tarkka dispute`
#[derive(Debug, Subcommand)]
pub enum DisputeCommand {
    /// Open a dispute on an evaluation: the criteria, the answers proposed, why.
    #[command(after_help = "Examples:
  tarkka dispute open S-2026-001 --criterion ownership.no-blame=yes --reason \"I named the bank's rule, not the customer\"
  tarkka dispute open V-2026-014 --criterion facilities.toilets=yes --criterion needs.asked=yes --reason \"See photo 2\"

Opened by the agent, or by their team lead on their behalf, on the evaluation
the report counts (the latest auditor's scoresheet, or --auditor's). Only
criteria that lost credit can be disputed, within the deadline of tarkka.toml's
[disputes] deadline_days (14 days from the score unless set), and at most
per_scoresheet disputes (2) per scoresheet.")]
    Open(DisputeOpenArgs),
    /// Decide a dispute: accept, accept in part or reject, with the reason.
    #[command(after_help = "Examples:
  tarkka dispute decide S-2026-001/1 --accept all --reason \"The recording bears it out\"
  tarkka dispute decide V-2026-014/1 --accept facilities.toilets --reject needs.asked --reason \"Photo 2 shows it; the needs were not asked\"
  tarkka dispute decide S-2026-009/1 --reject all --reason \"The customer was told it was their fault\"

Someone other than the auditor, the agent and whoever opened it decides. Every
disputed criterion is accepted or rejected; each accepted one becomes an
amendment of the scoresheet, appended with the decision, so the score changes
exactly as decided. A decided dispute stays decided.")]
    Decide(DisputeDecideArgs),
}

/// `tarkka dispute open`
#[derive(Debug, Args)]
pub struct DisputeOpenArgs {
    /// The encounter.
    pub encounter: String,
    /// A criterion and the answer proposed: CRITERION=ANSWER (repeat for several).
    #[arg(long = "criterion", value_name = "CRITERION=ANSWER", required = true)]
    pub criteria: Vec<String>,
    /// Why.
    #[arg(long)]
    pub reason: String,
    /// The auditor whose scoresheet is disputed [default: the latest].
    #[arg(long, value_name = "NAME")]
    pub auditor: Option<String>,
}

/// `tarkka dispute decide`
#[derive(Debug, Args)]
pub struct DisputeDecideArgs {
    /// The dispute (ENCOUNTER/N, as `tarkka disputes` lists it).
    pub dispute: String,
    /// Criteria accepted, comma-separated, or `all`.
    #[arg(long, value_delimiter = ',', value_name = "CRITERIA")]
    pub accept: Vec<String>,
    /// Criteria rejected, comma-separated, or `all`.
    #[arg(long, value_delimiter = ',', value_name = "CRITERIA")]
    pub reject: Vec<String>,
    /// Why.
    #[arg(long)]
    pub reason: String,
}

/// Which disputes to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DisputeState {
    /// Every one.
    All,
    /// Not yet decided.
    Open,
    /// Open longer than a decision may take.
    Overdue,
    /// Decided.
    Decided,
}

/// `tarkka disputes`
#[derive(Debug, Args)]
pub struct DisputesArgs {
    /// Which.
    #[arg(long, value_enum, default_value_t = DisputeState::All)]
    pub state: DisputeState,
    /// Only scoresheets by this auditor.
    #[arg(long)]
    pub auditor: Option<String>,
    /// Only this agent's.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only disputes naming this criterion.
    #[arg(long)]
    pub criterion: Option<String>,
    /// Output.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `tarkka acknowledge`
#[derive(Debug, Args)]
pub struct AcknowledgeArgs {
    /// The encounter.
    pub encounter: String,
    /// What you want to say about it.
    #[arg(long)]
    pub comment: Option<String>,
    /// The auditor whose scoresheet you saw [default: the latest].
    #[arg(long, value_name = "NAME")]
    pub auditor: Option<String>,
}

/// `tarkka scores`
#[derive(Debug, Args)]
pub struct ScoresArgs {
    /// Only this location.
    #[arg(long)]
    pub location: Option<String>,
    /// Only this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only scoresheets by this auditor.
    #[arg(long)]
    pub auditor: Option<String>,
    /// Only this rubric (id).
    #[arg(long)]
    pub rubric: Option<String>,
    /// Only encounters on or after this date (2026-05-31 or 31.5.2026, the encounter's local date).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only encounters on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Whose scoresheets: the auditors', the automatic checks', or all (with totals per source).
    #[arg(long, value_enum, default_value = "human")]
    pub source: SourceArg,
    /// Output format [with --excel: csv].
    #[arg(long, value_enum, default_value = "text", default_value_if("excel", "true", "csv"))]
    pub format: ListFormat,
    /// CSV that Excel opens as columns on a Finnish system
    /// (`;` between fields, decimal commas, a UTF-8 byte-order mark).
    #[arg(long)]
    pub excel: bool,
}

/// Who produced a scoresheet, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// The auditors.
    Human,
    /// The automatic transcript checks.
    Automatic,
    /// Both.
    All,
}

/// Output for people, spreadsheets or scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Text,
    /// CSV for spreadsheets.
    Csv,
    /// JSON for scripts.
    Json,
}

/// `tarkka demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo workspace; must not exist [default: ./tarkka-demo].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `tarkka sample ...`
#[derive(Debug, Subcommand)]
pub enum SampleCommand {
    /// Generate a deterministic synthetic data set of any size.
    #[command(after_help = "Examples:
  tarkka sample generate --encounters 1000 --seed 7 --out data
  tarkka sample generate --encounters 50000 --seed 1 --shared 0.2 --out big

Writes encounters.csv, answers.csv and the rubrics into DIR, in the formats
`tarkka import` reads. The same seed always gives the same bytes.")]
    Generate(GenerateArgs),
    /// How many more evaluations each agent or location needs for a mean
    /// score known to within ±MARGIN points, and which cannot be told apart.
    #[command(after_help = "Examples:
  tarkka sample size
  tarkka sample size --by location --margin 10
  tarkka sample size --rubric service-call --format csv

Each encounter counts once, with its latest human scoresheet, as in the
report; the interval is the report's 95 % interval for a mean score. A group
whose own spread is unknown (fewer than two scores, or all equal) is sized
with the spread of all scores selected, and marked so (docs/workflow.md).")]
    Size(SizeArgs),
}

/// `tarkka sample size`
#[derive(Debug, Args)]
pub struct SizeArgs {
    /// Group by agent or by location.
    #[arg(long, value_enum, default_value = "agent")]
    pub by: SizeBy,
    /// The margin wanted: how far the 95 % interval may reach from the mean, in points of the 0–100 score (5 or 2,5 or 2.5).
    #[arg(long, default_value = "5", value_name = "POINTS", allow_hyphen_values = true)]
    pub margin: String,
    /// Only encounters logged with this rubric (by id).
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Only this location's encounters.
    #[arg(long)]
    pub location: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
}

/// What `tarkka sample size` groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SizeBy {
    /// The agent who served.
    Agent,
    /// The location.
    Location,
}

/// `tarkka sample generate`
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many encounters.
    #[arg(long)]
    pub encounters: u64,
    /// The random seed.
    #[arg(long, default_value = "1")]
    pub seed: u64,
    /// The directory to write; must not exist.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The share of encounters (0 to 1) also scored by the two other auditors, for calibration.
    #[arg(long, default_value = "0.1", value_name = "SHARE")]
    pub shared: f64,
}

/// `tarkka calibrate`
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Only encounters of this rubric (by id).
    #[arg(long, value_name = "RUBRIC")]
    pub only: Option<String>,
    /// Read ratings from this CSV file (the answers import format) instead of the ledger.
    #[arg(long, value_name = "FILE", requires = "rubrics")]
    pub answers: Option<PathBuf>,
    /// The rubric files the CSV's criteria belong to.
    #[arg(long = "rubric", value_name = "FILE")]
    pub rubrics: Vec<PathBuf>,
    /// Bootstrap resamples for the alpha intervals.
    #[arg(long, default_value = "1000")]
    pub resamples: usize,
    /// The bootstrap's random seed (the same seed gives the same intervals).
    #[arg(long, default_value = "1")]
    pub seed: u64,
    /// Also draw the chart of alpha per criterion into this directory (PNG and SVG).
    #[arg(long, value_name = "DIR")]
    pub chart: Option<PathBuf>,
    /// Output format [with --excel: csv].
    #[arg(long, value_enum, default_value = "text", default_value_if("excel", "true", "csv"))]
    pub format: ListFormat,
    /// CSV that Excel opens as columns on a Finnish system
    /// (`;` between fields, decimal commas, a UTF-8 byte-order mark).
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub dialect: CsvDialect,
}

/// How a CSV input is read, when detection should be overridden.
#[derive(Debug, Args, Clone)]
pub struct CsvDialect {
    /// The file's encoding [default: detected].
    #[arg(long, value_enum)]
    pub encoding: Option<EncodingArg>,
    /// The field separator [default: detected from the header].
    #[arg(long, value_enum)]
    pub delimiter: Option<DelimiterArg>,
}

impl CsvDialect {
    /// The library's reading options.
    pub fn options(&self) -> tarkka_app::table::Options {
        tarkka_app::table::Options {
            encoding: self.encoding.map(|encoding| match encoding {
                EncodingArg::Utf8 => tarkka_app::table::Encoding::Utf8,
                EncodingArg::Windows1252 => tarkka_app::table::Encoding::Windows1252,
            }),
            delimiter: self.delimiter.map(|delimiter| match delimiter {
                DelimiterArg::Comma => tarkka_app::table::Delimiter::Comma,
                DelimiterArg::Semicolon => tarkka_app::table::Delimiter::Semicolon,
                DelimiterArg::Tab => tarkka_app::table::Delimiter::Tab,
            }),
        }
    }
}

/// `tarkka check`
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CheckRunArgs {
    #[command(subcommand)]
    pub command: Option<CheckCommand>,
    /// Transcript files, or directories of them (.vtt, .srt, .json, .txt, .log).
    #[arg(value_name = "TRANSCRIPT")]
    pub paths: Vec<PathBuf>,
    /// The rubric whose checks to run [with --record: the encounter's registered rubric].
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// A customer-profile field for the rubric's conditions, e.g. language=sv.
    #[arg(long, value_name = "FIELD=VALUE")]
    pub profile: Vec<String>,
    /// When the call began (2026-02-17T09:30+02:00, or 17.2.2026 klo 9.30 in Finnish time), to resolve promised times.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// A speaker name and its role (agent or customer), e.g. SPEAKER_00=agent.
    #[arg(long, value_name = "NAME=ROLE")]
    pub speaker: Vec<String>,
    /// Show why one criterion passed or failed, near misses included.
    #[arg(long, value_name = "CRITERION")]
    pub explain: Option<String>,
    /// Output format [with --excel: csv].
    #[arg(long, value_enum, default_value = "text", default_value_if("excel", "true", "csv"))]
    pub format: ListFormat,
    /// CSV that Excel opens as columns on a Finnish system
    /// (`;` between fields, decimal commas, a UTF-8 byte-order mark).
    #[arg(long)]
    pub excel: bool,
    /// Record the results in the workspace as automatic scoresheets.
    #[arg(long)]
    pub record: bool,
    /// With --record: the encounter the transcript files belong to; they are attached to it.
    #[arg(long, value_name = "ID", requires = "record")]
    pub encounter: Option<String>,
    /// With --record --encounter: replace personal data before the transcript is stored.
    #[arg(long, requires = "encounter")]
    pub redact: bool,
}

/// `tarkka check tune`
#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// Where the automatic checks and the auditors disagree, with phrases that would close the gap.
    #[command(after_help = "Examples:
  tarkka check tune
  tarkka check tune --criterion ownership.takes-on
  tarkka check tune --rubric rubrics/service-call.toml   # a newer version of the rules
  tarkka check tune --format json > tune.json
  tarkka check tune --model --criterion ownership.no-blame

Checks every transcript in the workspace that an auditor has scored, with the
current rules (or the rubric files given, which must score the same as the
encounters' rubrics), and pairs each checked criterion's verdict with each
auditor's latest answer, as amended. Prints the agreement per criterion, every
disagreement — a false pass, a false fail, a wrong N/A — with the words behind
the automatic verdict, the calls whose automatic overall score is more than 10
points from the auditors' over the same criteria, and word sequences found in
the calls the check gets wrong and in none the auditors want left alone, with
the agreement estimated by leaving each call out in turn. It never edits a
rubric: add the phrases you agree with to the rubric, and its rules fingerprint
records the change. See docs/rules.md, \"Learning from the auditors\".

With --model it also trains, for each absence check with at least five fails
and five passes among the labels, a word model on the auditors' answers (and
on the labelled sets given with --labelled), and prints it as the
[criterion.check.model] table to add under the criterion's [criterion.check],
with the fails found and the passes failed with and without it, estimated over
10 folds of calls. With --sentences, an absence check the file labels gets a
turn model instead (unit = \"turn\"): each turn is scored on its own, trained on
the labelled sentences and on every turn of the calls passed. See docs/rules.md,
\"Word models\".

Exit status: 0, or 2 when the workspace, a labelled set or a sentences file
cannot be read.")]
    Tune(TuneArgs),
}

/// `tarkka check tune`
#[derive(Debug, Args)]
pub struct TuneArgs {
    /// A newer version of an encounter's rubric (only its checks and phrases may differ); repeatable.
    #[arg(long, value_name = "FILE")]
    pub rubric: Vec<PathBuf>,
    /// Only this criterion.
    #[arg(long, value_name = "ID")]
    pub criterion: Option<String>,
    /// A speaker name and its role (agent or customer), e.g. SPEAKER_00=agent.
    #[arg(long, value_name = "NAME=ROLE")]
    pub speaker: Vec<String>,
    /// Train a word model for each absence check on the auditors' labels.
    #[arg(long)]
    pub model: bool,
    /// A directory of labelled transcripts (its labels.toml) to train on as well; repeatable.
    #[arg(long, value_name = "DIR", requires = "model")]
    pub labelled: Vec<PathBuf>,
    /// Labelled sentences, one per line: RUBRIC<TAB>CRITERION<TAB>pass|fail<TAB>SENTENCE; the absence checks it labels get turn models; repeatable.
    #[arg(long, value_name = "FILE", requires = "model")]
    pub sentences: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TuneFormat,
}

/// `tarkka check tune --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TuneFormat {
    /// Tables for people.
    Text,
    /// JSON for scripts.
    Json,
}

/// `tarkka followups`
#[derive(Debug, Args)]
pub struct FollowupsArgs {
    /// Only promises with this status.
    #[arg(long, value_enum)]
    pub status: Option<PromiseStatusArg>,
    /// Only this location.
    #[arg(long)]
    pub location: Option<String>,
    /// Only this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// Output format [with --excel: csv].
    #[arg(long, value_enum, default_value = "text", default_value_if("excel", "true", "csv"))]
    pub format: ListFormat,
    /// CSV that Excel opens as columns on a Finnish system
    /// (`;` between fields, decimal commas, a UTF-8 byte-order mark).
    #[arg(long)]
    pub excel: bool,
}

/// A promise's status, as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PromiseStatusArg {
    /// A later contact in the case came before the deadline.
    Kept,
    /// The deadline passed without one.
    Broken,
    /// The deadline has not passed yet.
    Open,
    /// The words named no deadline tarkka could read, or the encounter has no case.
    Unknown,
}

/// `tarkka report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The directory to write the report into (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The period of trends and control charts [auto: the shortest whose groups are big enough].
    #[arg(long, value_enum, default_value = "auto")]
    pub period: PeriodArg,
    /// Groups with fewer encounters are shown but marked.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_group: u32,
    /// Only encounters on or after this date (2026-05-31 or 31.5.2026, the encounter's local date).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only encounters on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this location (repeatable).
    #[arg(long)]
    pub location: Vec<String>,
    /// Only this rubric (id; repeatable).
    #[arg(long)]
    pub rubric: Vec<String>,
    /// Also write the tables as one Excel workbook (tables/tables.xlsx).
    #[arg(long)]
    pub xlsx: bool,
}

/// A report period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
    /// The shortest period whose typical location group has --min-group encounters.
    Auto,
}

/// `tarkka redact`
#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The text file (UTF-8).
    pub file: PathBuf,
    /// Write the redacted text here (a new file) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tarkka completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `tarkka init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create it [default: the current directory].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The workspace's name, for reports.
    #[arg(long)]
    pub name: Option<String>,
    /// The IANA time zone times without an offset are read in (imports,
    /// --time): written into tarkka.toml as `time_zone`.
    #[arg(long, value_name = "ZONE", default_value = "Europe/Helsinki")]
    pub time_zone: String,
    /// Also write the shipped rubrics into rubrics/ and the sample data
    /// (encounters, answers, photos, receipts, recordings, transcripts) into
    /// samples/, as the README's walkthrough uses them.
    #[arg(long)]
    pub samples: bool,
    /// Keep the ledger in a PostgreSQL database shared by the team, not in
    /// DIR: a postgres://USER@HOST[:PORT]/DB URL without a password (libpq's
    /// PG* variables and ~/.pgpass supply it). Written into tarkka.toml as
    /// [store] ledger; see docs/team.md.
    #[arg(long, value_name = "URL")]
    pub ledger: Option<String>,
    /// Keep the evidence in an S3-compatible bucket (AWS S3, MinIO, Garage,
    /// Ceph) rather than DIR/evidence: s3://BUCKET/PREFIX, with
    /// ?endpoint=URL&region=R for a server that is not AWS. Credentials come
    /// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or ~/.aws/credentials.
    #[arg(long, value_name = "URL")]
    pub evidence: Option<String>,
}

/// `tarkka encounter ...`
#[derive(Debug, Subcommand)]
pub enum EncounterCommand {
    /// Record an encounter in the ledger.
    #[command(after_help = "Examples:
  tarkka encounter log --id V-2026-014 --rubric rubrics/store-visit.toml \\
      --time 2026-05-14T17:40+03:00 --location kamppi --agent myyja-3
  tarkka encounter log --id C-031 --rubric cold-call --time 2026-04-22T10:05+03:00 \\
      --location tampere --agent seller-2 --case CASE-12 \\
      --profile segment=business --profile employees=6 --profile returning=false

--rubric takes a rubric file (registered in the ledger on first use) or the id
of a rubric already registered.")]
    Log(Box<LogArgs>),
    /// Show everything the ledger knows about an encounter, in order.
    #[command(after_help = "Examples:
  tarkka encounter show V-2026-014
  tarkka encounter show V-2026-014 --format json")]
    Show(ShowEncounterArgs),
}

/// `tarkka encounter log`
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The encounter's id, unique in the workspace.
    #[arg(long)]
    pub id: String,
    /// The rubric: a file, or the id of a registered rubric.
    #[arg(long, value_name = "FILE|ID")]
    pub rubric: String,
    /// When it happened: 2026-05-14T17:40+03:00, or without the offset (14.5.2026 17.40,
    /// 2026-05-14 17:40) in the workspace's time zone.
    #[arg(long)]
    pub time: String,
    /// Where: a store, a contact centre, a team.
    #[arg(long)]
    pub location: String,
    /// Who served the customer.
    #[arg(long)]
    pub agent: String,
    /// Who audits it [default: the actor].
    #[arg(long)]
    pub auditor: Option<String>,
    /// call, visit, chat or email [default: the rubric's].
    #[arg(long)]
    pub channel: Option<String>,
    /// The case it belongs to (links a first contact to its follow-ups).
    #[arg(long)]
    pub case: Option<String>,
    /// A customer-profile field the rubric declares, as NAME=VALUE.
    #[arg(long = "profile", value_name = "NAME=VALUE")]
    pub profile: Vec<String>,
    /// The mystery shopper's scenario.
    #[arg(long)]
    pub scenario: Option<String>,
    /// The location, agent or auditor is new although it is close to a known name.
    #[arg(long)]
    pub new_name: bool,
}

/// `tarkka encounter show`
#[derive(Debug, Args)]
pub struct ShowEncounterArgs {
    /// The encounter's id.
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `tarkka evidence ...`
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Hash files and attach them to an encounter.
    #[command(after_help = "Examples:
  tarkka evidence add V-2026-014 recording.mp3 --kind recording
  tarkka evidence add V-2026-014 wc-1.jpg wc-2.jpg --kind photo
  tarkka evidence add C-031 calls/c-031.wav --kind recording --in-place

Each file is streamed through SHA-256 and copied into the evidence store under
its digest; the same content is stored once. With --in-place a file inside the
workspace is recorded where it lies, without a copy.")]
    Add(EvidenceAddArgs),
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceKindArg {
    /// An audio or video recording.
    #[value(alias = "äänite", alias = "tallenne")]
    Recording,
    /// A transcript of a call or chat.
    #[value(alias = "litterointi")]
    Transcript,
    /// A photograph.
    #[value(alias = "kuva", alias = "valokuva")]
    Photo,
    /// A receipt.
    #[value(alias = "kuitti")]
    Receipt,
    /// Anything else.
    #[value(alias = "muu")]
    Other,
}

impl EvidenceKindArg {
    /// The name stored in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceKindArg::Recording => "recording",
            EvidenceKindArg::Transcript => "transcript",
            EvidenceKindArg::Photo => "photo",
            EvidenceKindArg::Receipt => "receipt",
            EvidenceKindArg::Other => "other",
        }
    }
}

/// `tarkka evidence add`
#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    /// The encounter.
    pub encounter: String,
    /// The files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What the files are.
    #[arg(long, value_enum)]
    pub kind: EvidenceKindArg,
    /// Record files inside the workspace where they lie instead of copying.
    #[arg(long)]
    pub in_place: bool,
}

/// `tarkka verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print a machine-readable report.
    #[arg(long)]
    pub json: bool,
    /// Check the ledger only; do not re-hash evidence.
    #[arg(long)]
    pub no_evidence: bool,
    /// Record the outcome in the ledger as an evidence-verified entry.
    #[arg(long)]
    pub record: bool,
    /// A checkpoint the ledger must extend (besides those the workspace
    /// keeps); repeatable.
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Vec<std::path::PathBuf>,
    /// A log key to trust (a vkey, or a file holding one); repeatable.
    #[arg(long, value_name = "VKEY")]
    pub log_key: Vec<String>,
    /// A witness whose cosignatures count (a vkey, or a file holding one);
    /// repeatable.
    #[arg(long, value_name = "VKEY")]
    pub witness: Vec<String>,
    /// How many of the witnesses must have cosigned the latest checkpoint
    /// (all named, when not given).
    #[arg(long, value_name = "N")]
    pub min_witnesses: Option<usize>,
    /// Check every signature and re-score every result again, also those a
    /// checkpoint known from outside the workspace covers (they were checked
    /// when it was signed)
    #[arg(long, alias = "all-signatures")]
    pub full: bool,
}

/// `tarkka witness ...`
#[derive(Debug, Subcommand)]
pub enum WitnessCommand {
    /// Make this machine's witness key.
    #[command(after_help = "Examples:
  tarkka witness new works-council.example/w1

Then pin the log you witness: tarkka checkpoint trust LOG-VKEY")]
    New {
        /// The witness's name: a schema-less URL (it need not exist).
        name: String,
    },
    /// In the workspace: write the request a witness cosigns, from the
    /// size it last saw.
    #[command(after_help = "Examples:
  tarkka witness request --out witness-request.txt
  tarkka witness request --old 1200 --out witness-request.txt")]
    Request {
        /// The size of the checkpoint the witness cosigned last (default:
        /// the largest cosigned checkpoint the workspace holds, else 0).
        #[arg(long)]
        old: Option<u64>,
        /// Where to write the request.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// On the witness's machine: check a request and cosign its checkpoint.
    #[command(after_help = "Examples:
  tarkka witness cosign witness-request.txt --out cosigned.txt")]
    Cosign {
        /// The request file.
        request: std::path::PathBuf,
        /// Where to write the cosigned checkpoint.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
        /// Which witness key, when this machine has several.
        #[arg(long)]
        name: Option<String>,
    },
    /// In the workspace: add a witness's cosignatures to the kept checkpoint.
    #[command(after_help = "Examples:
  tarkka witness attach cosigned.txt")]
    Attach {
        /// The cosigned checkpoint.
        file: std::path::PathBuf,
    },
}

/// `tarkka checkpoint`
#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// Pin a log key instead of signing.
    #[command(subcommand)]
    pub command: Option<CheckpointCommand>,
    /// Also write the checkpoint to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

/// `tarkka proof`
#[derive(Debug, Args)]
pub struct ProofArgs {
    /// Check a proof file instead.
    #[command(subcommand)]
    pub command: Option<ProofCommand>,
    /// The encounter.
    #[arg(required = true)]
    pub encounter: Option<String>,
    /// Where to write the proof.
    #[arg(long, value_name = "FILE", required = true)]
    pub out: Option<std::path::PathBuf>,
}

/// `tarkka proof verify`
#[derive(Debug, Subcommand)]
pub enum ProofCommand {
    /// Check a proof file without the ledger.
    Verify {
        /// The proof file.
        file: std::path::PathBuf,
        /// The log's public key (a vkey, or a file holding one);
        /// repeatable. Keys pinned with `tarkka checkpoint trust` count too.
        #[arg(long, value_name = "VKEY")]
        key: Vec<String>,
        /// A witness whose cosignature counts; repeatable.
        #[arg(long, value_name = "VKEY")]
        witness: Vec<String>,
        /// How many witnesses must have cosigned (all named, when not given).
        #[arg(long, value_name = "N")]
        min_witnesses: Option<usize>,
    },
}

/// `tarkka bag ...`
#[derive(Debug, Subcommand)]
pub enum BagCommand {
    /// Check a bag from `tarkka export bag`: its manifests, every ledger
    /// line's own hash, the lines' proof against the checkpoint, and the
    /// evidence against the lines.
    #[command(after_help = "Examples:
  tarkka bag verify bag-v-2026-014 --key tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...")]
    Verify {
        /// The bag's directory.
        dir: std::path::PathBuf,
        /// The log's public key (a vkey, or a file holding one); repeatable.
        #[arg(long, value_name = "VKEY")]
        key: Vec<String>,
    },
}

/// `tarkka checkpoint trust`
#[derive(Debug, Subcommand)]
pub enum CheckpointCommand {
    /// Trust a log key on this machine (a vkey, or a file holding one):
    /// checkpoints it signs are then known from outside the workspace.
    Trust {
        /// The vkey (NAME+ID+KEY) or a file holding it.
        vkey: String,
    },
}

/// `tarkka ledger ...`
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Move an incomplete tail left by an interrupted write to a side file.
    #[command(after_help = "Examples:
  tarkka ledger repair

Only bytes that were never acknowledged are moved: a last line without a
newline, or the part of a multi-entry append that did not finish. They are
kept in ledger.jsonl.torn-OFFSET beside the ledger (numbered .2, .3, … if that
name is taken).")]
    Repair,
    /// Write the ledger, wherever it lives, as the plain JSON Lines file
    /// `tarkka verify` reads on its own.
    #[command(after_help = "Examples:
  tarkka ledger export --out ledger-2026-06-30.jsonl
  tarkka ledger export | gzip > ledger.jsonl.gz

Every entry is written as its exact line, so hashes, signatures, checkpoints
and proofs hold for the file as they do for the database. The file is written
under a .partial name and renamed once whole; an existing file is never
overwritten.")]
    Export(LedgerExportArgs),
}

/// `tarkka ledger export`
#[derive(Debug, Args)]
pub struct LedgerExportArgs {
    /// The file to write (new) [default: standard output].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `tarkka workspace ...`
#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Copy a workspace to a new directory, its ledger into a PostgreSQL
    /// database or a file, all or nothing, and check the copy.
    #[command(after_help = "Examples:
  tarkka workspace copy . ../qa-team --ledger postgres://qa@db.example/tarkka
  tarkka workspace copy ../qa-team ./local-copy

The copy gets the same entries byte for byte (same head, same Merkle root),
every evidence file hashed again as it is copied, and the workspace's keys,
checkpoints and other files. It is put together under a hidden name beside TO
and renamed into place only once checked; a ledger copied into PostgreSQL is
checked before its transaction commits. The database must be empty.")]
    Copy(WorkspaceCopyArgs),
}

/// `tarkka workspace copy`
#[derive(Debug, Args)]
pub struct WorkspaceCopyArgs {
    /// The workspace to copy.
    #[arg(value_name = "FROM")]
    pub from: PathBuf,
    /// The new workspace's directory (new or empty).
    #[arg(value_name = "TO")]
    pub to: PathBuf,
    /// Put the copy's ledger in this PostgreSQL database (empty; a
    /// postgres:// URL without a password) [default: TO/ledger.jsonl].
    #[arg(long, value_name = "URL")]
    pub ledger: Option<String>,
    /// Put the copy's evidence in this S3-compatible bucket
    /// (s3://BUCKET/PREFIX) [default: TO/evidence].
    #[arg(long, value_name = "URL")]
    pub evidence: Option<String>,
}

/// `tarkka key ...`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create an auditor's Ed25519 key pair and trust its public key.
    #[command(after_help = "Examples:
  tarkka key new aino

The private key goes to the key directory (--key-dir), the public key to the
workspace's keys/ directory, and a key-added entry signed with the new key to
the ledger. From then on every entry the auditor appends is signed.")]
    New(KeyNewArgs),
    /// Admit an auditor's registered signing key with the workspace's log
    /// key (run by whoever holds it).
    #[command(after_help = "Examples:
  tarkka key trust aino
  tarkka key trust aino --key 3f2a9c

Once a workspace has a log key (`tarkka checkpoint`), a signing key counts
for whoever trusts the log key only when the log key admitted it: an
insider who slips a key into keys/ gets a finding, not trust. The admission
is a key-admitted entry holding a signed note by the log key. Compare the
key printed with the one the auditor's `tarkka key new` printed.")]
    Trust(KeyTrustArgs),
}

/// `tarkka key trust`
#[derive(Debug, Args)]
pub struct KeyTrustArgs {
    /// The auditor.
    pub auditor: String,
    /// The start of the key to admit, when the auditor registered several.
    #[arg(long, value_name = "PREFIX")]
    pub key: Option<String>,
}

/// `tarkka key new`
#[derive(Debug, Args)]
pub struct KeyNewArgs {
    /// The auditor.
    pub auditor: String,
}

/// `tarkka export ...`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a BagIt bag (RFC 8493) of an encounter's or a case's evidence.
    #[command(after_help = "Examples:
  tarkka export bag V-2026-014 --out bag-v-2026-014
  tarkka export bag --case CASE-12 --out bag-case-12")]
    Bag(BagArgs),
    /// Write the ledger's facts as Parquet tables for DuckDB, Spark or Trino.
    #[command(after_help = "Examples:
  tarkka export tables --out tables
  duckdb -c \"select location, avg(overall) from 'tables/scoresheets.parquet' join 'tables/encounters.parquet' using (encounter) where counted group by location\"

Writes encounters, scoresheets, answers, evidence, amendments and promises as
Parquet, with tables.json naming the ledger state they came from; the schema
is in docs/export.md. The scoresheets the report counts have counted = true.")]
    Tables(TablesArgs),
}

/// `tarkka export tables`
#[derive(Debug, Args)]
pub struct TablesArgs {
    /// The directory to write; new or empty.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `tarkka export bag`
#[derive(Debug, Args)]
pub struct BagArgs {
    /// The encounter.
    #[arg(required_unless_present = "case", conflicts_with = "case")]
    pub encounter: Option<String>,
    /// Every encounter of this case instead.
    #[arg(long)]
    pub case: Option<String>,
    /// The bag's directory; must not exist yet.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
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
    /// The encounter to score and record (in a workspace).
    #[arg(value_name = "ENCOUNTER", conflicts_with = "rubric", required_unless_present = "rubric")]
    pub encounter: Option<String>,
    /// The rubric to score answers files against, without recording.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Answers files (TOML): one per encounter [default with an ENCOUNTER: ask interactively].
    #[arg(long, required_unless_present = "encounter", num_args = 1.., value_name = "FILE")]
    pub answers: Vec<PathBuf>,
    /// Start from the automatic checks' verdicts on the encounter's
    /// transcript: each shown with its words, Enter accepts it, an answer
    /// overrides it; the scoresheet records which were accepted and which
    /// overridden. Off by default, so that scoring stays blind where
    /// agreement is measured.
    #[arg(long, requires = "encounter", conflicts_with = "answers")]
    pub suggest: bool,
    /// With --suggest: whose turns a speaker's are, e.g. SPEAKER_00=agent.
    #[arg(long, value_name = "NAME=ROLE", requires = "suggest")]
    pub speaker: Vec<String>,
    /// Record even though evidence the rubric requires is not attached, and why.
    #[arg(long, value_name = "REASON")]
    pub allow_missing_evidence: Option<String>,
    /// The auditor is new although the name is close to a known auditor's.
    #[arg(long)]
    pub new_name: bool,
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
