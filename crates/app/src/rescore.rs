//! Re-scoring every stored result during verification, in the same pass.
//!
//! `verify` scores every scoresheet again from its answers, and every
//! amendment from the answers as it left them, under the rubric text the
//! ledger registered, and names each stored result whose score, verdict or
//! critical failures do not follow. What is compared is what a reader acts
//! on, so that a result written by an older tarkka with fewer fields still
//! holds.
//!
//! It runs inside the verification scan ([`verify_observed`]): the scanning
//! threads parse each scoresheet's answers and score it there when its
//! rubric and its encounter's profile are known already (they are entries
//! earlier in the ledger, absorbed in order into tables the threads read);
//! the rare scoresheet read before them is scored when it is absorbed.
//! Nothing of a scoresheet is kept but a finding and where its line is: an
//! amendment reads the line of the scoresheet it extends again (checking it
//! still hashes as verified) and replays the chain's answers from there.
//!
//! Profiles are kept once per distinct profile, by a 64-bit key of the
//! encounter's id (as verification keeps encounters), so that a million
//! encounters take tens of megabytes.

use std::collections::HashMap;
use std::sync::RwLock;

use serde_json::value::RawValue;
use tarkka_ledger::payload::{ScoreAmended, ScoresheetRecorded, Source, summary_of};
use tarkka_ledger::verify::{
    self, Finding, FindingKind, Observed, Observing, Options, Parsed, Progress, Report,
};
use tarkka_ledger::{Kind, Lines, Workspace};
use tarkka_rubric::{Profile, Rubric};
use tarkka_scoring::{Answer, Answers};

use crate::chain::Links;
use crate::error::Result;
use crate::rubrics;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Verifies the workspace and re-scores its results in one pass; the
/// re-scoring findings are returned apart, in ledger order.
pub(crate) fn verify_rescoring(
    workspace: &Workspace,
    options: &Options,
    progress: &dyn Progress,
) -> Result<(Report, Vec<Finding>)> {
    let known = Known::default();
    let mut absorbing = Absorbing::default();
    let observe = |entry: Observing<'_, '_>| read(&known, entry);
    let report = verify::verify_observed(workspace, options, progress, &observe, |observed| {
        absorbing.absorb(&known, workspace, observed)
    })?;
    let mut findings = absorbing.findings;
    findings.sort_by_key(|f| f.seq);
    Ok((report, findings))
}

/// What the entries before the one being read established: the rubrics
/// by fingerprint, and the profiles by encounter.
#[derive(Default)]
struct Known {
    rubrics: RwLock<HashMap<String, Option<Rubric>>>,
    profiles: RwLock<Profiles>,
}

/// Every distinct profile once (`None`: it does not read), and which one
/// each encounter has.
#[derive(Default)]
struct Profiles {
    of: FastMap<u64, u32>,
    distinct: Vec<Option<Profile>>,
    index: HashMap<Box<str>, u32>,
}

impl Profiles {
    fn get(&self, encounter: &str) -> Option<&Option<Profile>> {
        self.of.get(&verify::id_key(encounter)).map(|i| &self.distinct[*i as usize])
    }

    /// The first logging of an encounter counts, as in replay.
    fn insert(&mut self, encounter: u64, raw: &str) {
        if self.of.contains_key(&encounter) {
            return;
        }
        let index = match self.index.get(raw) {
            Some(index) => *index,
            None => {
                let index = self.distinct.len() as u32;
                self.distinct.push(rubrics::profile_from_json(raw));
                self.index.insert(raw.into(), index);
                index
            }
        };
        self.of.insert(encounter, index);
    }
}

/// What a scanning thread made of an entry.
enum Read {
    Rubric(String, Box<Option<Rubric>>),
    /// An encounter's id key and its profile as written.
    Encounter(u64, Box<str>),
    /// A scoresheet and its encounter's id key.
    Sheet(u64, Sheet),
    Amendment(ScoreAmended),
}

/// A scoresheet, scored where it was read, or (its rubric or profile not
/// known yet there) to be scored when absorbed.
enum Sheet {
    Scored(Option<Finding>),
    Later(Box<Start>),
}

/// How a scoresheet starts its chain of amendments.
struct Start {
    encounter: String,
    fingerprint: String,
    source: Source,
    answers: Option<Answers>,
    result: Box<RawValue>,
}

/// What a scanning thread makes of an entry. A scoresheet vouched for (a
/// checkpoint known from outside covers it, and it was re-scored when that
/// was signed) is only placed, for a later amendment to read it again.
fn read(known: &Known, entry: Observing<'_, '_>) -> Option<Read> {
    match (entry.kind, entry.parsed) {
        (Kind::ScoresheetRecorded, Parsed::VouchedSheet { encounter }) => {
            Some(Read::Sheet(verify::id_key(encounter), Sheet::Scored(None)))
        }
        (Kind::ScoresheetRecorded, Parsed::Sheet(sheet)) if entry.vouched => {
            Some(Read::Sheet(verify::id_key(&sheet.encounter), Sheet::Scored(None)))
        }
        (Kind::ScoresheetRecorded, Parsed::Sheet(sheet)) => {
            let answers: Option<Answers> = serde_json::from_str(sheet.answers.get()).ok();
            let rubrics = known.rubrics.read().expect("no thread panics holding it");
            let profiles = known.profiles.read().expect("no thread panics holding it");
            let outcome = match (rubrics.get(&*sheet.fingerprint), profiles.get(&sheet.encounter)) {
                (Some(rubric), Some(profile)) => Sheet::Scored(rescore_one(
                    entry.seq,
                    &sheet.encounter,
                    &sheet.fingerprint,
                    sheet.source,
                    answers.as_ref(),
                    sheet.result,
                    Some(rubric),
                    Some(profile),
                )),
                _ => Sheet::Later(Box::new(Start {
                    encounter: sheet.encounter.to_string(),
                    fingerprint: sheet.fingerprint.to_string(),
                    source: sheet.source,
                    answers,
                    result: sheet.result.to_owned(),
                })),
            };
            Some(Read::Sheet(verify::id_key(&sheet.encounter), outcome))
        }
        (Kind::EncounterLogged, Parsed::Logged(logged)) => {
            let raw = logged.profile.map_or("{}", |p| p.get());
            Some(Read::Encounter(verify::id_key(&logged.encounter), raw.into()))
        }
        (Kind::RubricRegistered, Parsed::Other(raw)) => {
            let rubric: tarkka_ledger::payload::RubricRegistered =
                serde_json::from_str(raw.get()).ok()?;
            let compiled = rubrics::registered(&rubric).ok();
            Some(Read::Rubric(rubric.fingerprint, Box::new(compiled)))
        }
        (Kind::ScoreAmended, Parsed::Other(raw)) => {
            serde_json::from_str(raw.get()).ok().map(Read::Amendment)
        }
        _ => None,
    }
}

/// What the absorbing thread keeps, in ledger order.
#[derive(Default)]
struct Absorbing {
    findings: Vec<Finding>,
    /// Each encounter's scoresheets and the amendments linked to them, by
    /// the encounter's id key.
    chains: FastMap<u64, Vec<Links>>,
    /// Where each scoresheet's line is, in ledger order, for an amendment
    /// to read it again: seq, place and hash.
    places: Vec<(u64, tarkka_ledger::Place, tarkka_ledger::Digest)>,
    /// The answers of amended chains as they stand, by scoresheet (`None`:
    /// its line changed while it was read).
    amended: FastMap<u64, Option<Start>>,
}

impl Absorbing {
    fn absorb(&mut self, known: &Known, workspace: &Workspace, observed: Observed<Read>) {
        let seq = observed.seq;
        match observed.read {
            Read::Rubric(fingerprint, rubric) => {
                let mut rubrics = known.rubrics.write().expect("no thread panics holding it");
                rubrics.entry(fingerprint).or_insert(*rubric);
            }
            Read::Encounter(key, raw) => {
                known.profiles.write().expect("no thread panics holding it").insert(key, &raw);
            }
            Read::Sheet(encounter, sheet) => {
                self.chains.entry(encounter).or_default().push(Links::new(seq));
                self.places.push((seq, observed.place, observed.hash));
                let finding = match sheet {
                    Sheet::Scored(finding) => finding,
                    Sheet::Later(start) => rescore_known(known, seq, &start, &start.result),
                };
                self.findings.extend(finding);
            }
            Read::Amendment(amendment) => {
                let links = self.chains.entry(verify::id_key(&amendment.encounter)).or_default();
                if let Some(index) = Links::link(links.iter_mut(), seq, amendment.amends) {
                    let sheet = links[index].sheet;
                    self.amend(known, workspace, sheet, seq, amendment);
                }
            }
        }
    }

    /// Re-scores an amendment of the chain starting at scoresheet `sheet`.
    fn amend(
        &mut self,
        known: &Known,
        workspace: &Workspace,
        sheet: u64,
        seq: u64,
        amendment: ScoreAmended,
    ) {
        let start = self.amended.entry(sheet).or_insert_with(|| {
            // The chain's first amendment: its scoresheet is read again.
            // In ledger order, so sorted by seq unless the ledger is not.
            let at = self.places.binary_search_by_key(&sheet, |(seq, _, _)| *seq).ok()?;
            let (_, place, hash) = self.places[at];
            reread(workspace, place, hash)
        });
        let Some(start) = start else {
            let text = tarkka_i18n::msg!(
                "verify-result-reread",
                seq = seq,
                encounter = amendment.encounter.as_str(),
                sheet = sheet
            );
            let encounter = amendment.encounter.as_str();
            self.findings.push(Finding::about_entry(
                FindingKind::ResultMismatch,
                seq,
                encounter,
                text,
            ));
            return;
        };
        let after = serde_json::from_str::<Answer>(amendment.after.get()).ok();
        match (start.answers.as_mut(), after) {
            (Some(answers), Some(after)) => {
                answers.insert(amendment.criterion.clone(), after);
            }
            _ => start.answers = None,
        }
        self.findings.extend(rescore_known(known, seq, start, &amendment.result));
    }
}

/// A scoresheet's line read again for its answers; `None` when it no longer
/// hashes as it did when verified a moment ago.
fn reread(
    workspace: &Workspace,
    place: tarkka_ledger::Place,
    hash: tarkka_ledger::Digest,
) -> Option<Start> {
    let lines = workspace.ledger().lines_at(&[place]).ok()?;
    let line = lines.first()?;
    if tarkka_ledger::entry::content_hash(line) != Some(hash) {
        return None;
    }
    let sheet: ScoresheetRecorded = tarkka_ledger::entry::parse_line(line).ok()?.payload().ok()?;
    Some(Start {
        answers: serde_json::from_str(sheet.answers.get()).ok(),
        encounter: sheet.encounter,
        fingerprint: sheet.fingerprint,
        source: sheet.source,
        result: sheet.result,
    })
}

/// [`rescore_one`] with the rubric and profile known by now.
fn rescore_known(known: &Known, seq: u64, start: &Start, result: &RawValue) -> Option<Finding> {
    let rubrics = known.rubrics.read().expect("no thread panics holding it");
    let profiles = known.profiles.read().expect("no thread panics holding it");
    rescore_one(
        seq,
        &start.encounter,
        &start.fingerprint,
        start.source,
        start.answers.as_ref(),
        result,
        rubrics.get(&start.fingerprint),
        profiles.get(&start.encounter),
    )
}

/// The finding, if any, of one stored result against its answers, under
/// the rubric registered with its fingerprint (`None`: none was; `Some(None)`:
/// its text does not compile) and its encounter's profile (`None`: the
/// encounter was not logged, an `unknown-reference` already; `Some(None)`:
/// the profile does not read).
#[allow(clippy::too_many_arguments)]
fn rescore_one(
    seq: u64,
    encounter: &str,
    fingerprint: &str,
    source: Source,
    answers: Option<&Answers>,
    stored: &RawValue,
    rubric: Option<&Option<Rubric>>,
    profile: Option<&Option<Profile>>,
) -> Option<Finding> {
    let Some(Some(rubric)) = rubric else {
        let text = tarkka_i18n::msg!(
            "verify-result-no-rubric",
            seq = seq,
            encounter = encounter,
            fingerprint = fingerprint
        );
        return Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text));
    };
    let profile = match profile {
        None => return None,
        Some(Some(profile)) => profile,
        Some(None) => {
            let text =
                tarkka_i18n::msg!("verify-result-no-profile", seq = seq, encounter = encounter);
            return Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text));
        }
    };
    let scored = answers.and_then(|answers| match source {
        Source::Human => tarkka_scoring::score(rubric, profile, answers).ok(),
        Source::Automatic => tarkka_scoring::score_automatic(rubric, profile, answers).ok(),
    });
    let stored = summary_of(stored);
    // Compared without writing the whole result out again.
    let scored = scored.map(|s| {
        let verdict = serde_json::to_value(s.verdict).ok();
        (
            s.overall.map(|o| o.to_string()),
            verdict.as_ref().and_then(|v| v.as_str()).unwrap_or_default().to_string(),
            s.critical_failures.iter().map(|c| c.criterion.clone()).collect::<Vec<_>>(),
        )
    });
    let stored_critical: Vec<String> =
        stored.critical_failures.iter().map(|c| c.criterion.clone()).collect();
    let follows = scored.as_ref().is_some_and(|(overall, verdict, critical)| {
        *overall == stored.overall && *verdict == stored.verdict && *critical == stored_critical
    });
    if follows {
        return None;
    }
    let computed = scored.as_ref().map_or_else(
        || "-".to_string(),
        |(overall, verdict, _)| format!("{} {verdict}", overall.as_deref().unwrap_or("-")),
    );
    let text = tarkka_i18n::msg!(
        "verify-result-mismatch",
        seq = seq,
        encounter = encounter,
        stored = format!("{} {}", stored.overall.as_deref().unwrap_or("-"), stored.verdict),
        computed = computed
    );
    Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text))
}
