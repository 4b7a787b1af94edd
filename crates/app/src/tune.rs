//! `tarkka check tune`: the automatic checks held against the auditors.
//!
//! Every encounter with a transcript and at least one auditor's scoresheet
//! is checked afresh with the current rules (or a newer version of its
//! rubric given with `--rubric`), and each checked criterion's verdict is
//! paired with each auditor's latest answer, as amended. The result says,
//! per criterion, how often they agree, where they do not (a false pass, a
//! false fail, a wrong N/A) with the words involved, and which word
//! sequences would separate the auditors' passes from their fails, with
//! their effect estimated by leave-one-out cross-validation. Nothing is
//! edited: the QA lead changes the rubric, and its rules fingerprint
//! records the change.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tarkka_check::{Checker, Verdict};
use tarkka_i18n::msg;
use tarkka_ledger::LedgerState;
use tarkka_ledger::payload::{Decision, Source};
use tarkka_rubric::Rubric;
use tarkka_rubric::rules::{self, ModelUnit, Who};
use tarkka_scoring::Answers;
use tarkka_transcript::Transcript;

use crate::check::{answers_of, evidence_bytes, judge_encounter, rubric_for};
use crate::error::{Place, Problem, Result};
use crate::{chain, labelled, rubrics};
use tarkka_check::model::{self, STEM};

/// How many proposals are shown per criterion.
const PROPOSALS: usize = 5;
/// A proposal must fix at least this many calls.
const MIN_FIXES: usize = 2;
/// The longest word sequence proposed.
const LONGEST: usize = 3;

/// What to compare.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Newer versions of the encounters' rubrics (each must score the same).
    pub rubrics: Vec<PathBuf>,
    /// Only this criterion.
    pub criterion: Option<String>,
    /// Speaker names as `NAME=ROLE`.
    pub speakers: Vec<String>,
    /// Train a word model for each absence check (`--model`).
    pub model: bool,
    /// Labelled sets outside the workspace to train on as well
    /// (`--labelled DIR`).
    pub labelled: Vec<PathBuf>,
    /// Labelled sentences (`--sentences FILE`): a criterion they label gets
    /// a turn model, trained on them and the turns of the calls passed.
    pub sentences: Vec<PathBuf>,
}

/// An auditor's reading of a checked criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Human {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// N/A.
    NotApplicable,
}

/// One disagreement.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// The encounter.
    pub encounter: String,
    /// The auditor.
    pub auditor: String,
    /// The auditor's reading.
    pub human: Human,
    /// The automatic verdict.
    pub automatic: Verdict,
    /// The words behind the automatic verdict, or its first near miss.
    pub words: Option<Words>,
}

/// Words of a transcript.
#[derive(Clone, Debug, Serialize)]
pub struct Words {
    /// The turn, from 0.
    pub turn: usize,
    /// Who said them.
    pub speaker: String,
    /// As written.
    pub matched: String,
}

/// A word sequence that would close some of the gap.
#[derive(Clone, Debug, Serialize)]
pub struct Proposal {
    /// The sequence, folded, as a phrase would be written.
    pub phrase: String,
    /// `add` to the phrases looked for.
    pub action: &'static str,
    /// Calls the auditors passed (for a presence check; failed for an
    /// absence check) it occurs in, among those the check gets wrong.
    pub fixes: usize,
    /// Calls it occurs in whose auditors' reading it would contradict.
    pub breaks: usize,
}

/// One criterion held against the auditors.
#[derive(Clone, Debug, Serialize)]
pub struct CriterionTune {
    /// The rubric.
    pub rubric: String,
    /// The criterion.
    pub criterion: String,
    /// Whether the check looks for forbidden words.
    pub absent: bool,
    /// (call, auditor) pairs compared, the undetermined left out.
    pub pairs: usize,
    /// Pairs that agree.
    pub agree: usize,
    /// The check passed what the auditor failed.
    pub false_pass: usize,
    /// The check failed what the auditor passed.
    pub false_fail: usize,
    /// One side said N/A and the other did not.
    pub na_mismatch: usize,
    /// The check could not decide (no times, unnamed speakers, a missing
    /// profile field): no disagreement, but no agreement either.
    pub undetermined: usize,
    /// Pairs whose auditor scored from the checks' suggestion
    /// (`tarkka score --suggest`) and accepted it: agreement the auditor
    /// may have been led to.
    pub accepted: usize,
    /// Pairs whose auditor was shown the suggestion and overrode it.
    pub overridden: usize,
    /// Every disagreement, in encounter order.
    pub disagreements: Vec<Disagreement>,
    /// Word sequences that separate the auditors' passes from their fails.
    pub proposals: Vec<Proposal>,
    /// The agreement with the proposals added, estimated by leaving each
    /// call out in turn, choosing the proposals on the others and judging
    /// the call left out; `None` without proposals.
    pub cross_validated: Option<f64>,
    /// A word model trained on the labels (`--model`, absence checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelProposal>,
    /// Asked for a model, but too few labels to train one: (labels,
    /// fails).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_untrained: Option<(usize, usize)>,
}

/// A word model trained for an absence check on the auditors' labels, with
/// what it would change estimated by cross-validation.
#[derive(Clone, Debug, Serialize)]
pub struct ModelProposal {
    /// What one score is of: `call` or `turn`.
    #[serde(serialize_with = "unit_name")]
    pub unit: ModelUnit,
    /// Labels of calls: (call, auditor) pairs of the workspace and the
    /// labelled sets' calls, N/A left out. A call model is trained on them
    /// all; a turn model on the turns of those passed.
    pub labels: usize,
    /// Labelled sentences trained on (a turn model's; 0 for a call model).
    pub sentences: usize,
    /// Of them, fails (the behaviour was there).
    pub fails: usize,
    /// Cross-validated over [`FOLDS`] folds of calls: fails the phrases
    /// alone find, and with the model.
    pub fails_found_by_phrases: usize,
    /// Fails found with the model added.
    pub fails_found_with_model: usize,
    /// Passes the phrases alone fail.
    pub passes_failed_by_phrases: usize,
    /// Passes failed with the model added.
    pub passes_failed_with_model: usize,
    /// The threshold training sets: the highest score of a training call
    /// the auditors passed.
    pub training_threshold: i64,
    /// The threshold chosen by cross-validation ([`cv_threshold`]), when
    /// one finds more fails than it fails passes.
    pub cv_threshold: Option<i64>,
    /// Fails found with a model whose threshold is chosen by
    /// cross-validation within each fold's training calls (nested: the
    /// held-out fold never chooses its own threshold).
    pub fails_found_with_cv: usize,
    /// Passes failed with that model.
    pub passes_failed_with_cv: usize,
    /// The model as the rubric writes it, under the criterion's
    /// `[criterion.check]`.
    pub toml: String,
}

/// A model's unit as the rubric writes it.
fn unit_name<S: serde::Serializer>(unit: &ModelUnit, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(unit.name())
}

/// The folds of calls a model's estimate is cross-validated over.
pub const FOLDS: usize = 10;
/// A model is trained only with at least this many fails and passes.
pub const MODEL_MIN_LABELS: usize = 5;

/// One call's overall score: the auditors' (over the criteria the check
/// answered) against the automatic one.
#[derive(Clone, Debug, Serialize)]
pub struct CallScore {
    /// The encounter.
    pub encounter: String,
    /// The auditors' mean overall, in percent, over the same criteria.
    pub human: Option<f64>,
    /// The automatic overall, in percent.
    pub automatic: Option<f64>,
    /// Whether every auditor's full scoresheet passes the call.
    pub human_pass: bool,
    /// Criteria an automatic critical rule failed.
    pub automatic_critical: Vec<String>,
}

/// The whole comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Tuning {
    /// Transcripts checked.
    pub transcripts: usize,
    /// Per checked criterion, in rubric order.
    pub criteria: Vec<CriterionTune>,
    /// Per call.
    pub calls: Vec<CallScore>,
}

impl Tuning {
    /// All pairs, and those that agree.
    pub fn agreement(&self) -> (usize, usize) {
        self.criteria.iter().fold((0, 0), |(agree, pairs), c| (agree + c.agree, pairs + c.pairs))
    }
}

/// A checked call.
struct Call {
    encounter: String,
    transcript: Transcript,
}

/// The folded word sequences of the calls proposals are drawn from.
type Grams = HashMap<usize, BTreeSet<String>>;

/// Holds every checked transcript of the workspace against the auditors.
pub fn tune(
    state: &LedgerState,
    workspace: &tarkka_ledger::Workspace,
    args: &Request,
) -> Result<Tuning> {
    let speakers = crate::check::speaker_map(&args.speakers)?;
    // Each call with the number of its set: two sets of one name stay apart.
    let mut labelled_calls = Vec::new();
    for (set, dir) in args.labelled.iter().enumerate() {
        labelled_calls.extend(labelled::read_set(dir, &speakers)?.into_iter().map(|c| (set, c)));
    }
    let set_names: Vec<String> = args.labelled.iter().map(|dir| labelled::set_name(dir)).collect();
    // Each sentence with the number of its file: two files of one name
    // stay apart.
    let mut sentences = Vec::new();
    for (file, path) in args.sentences.iter().enumerate() {
        sentences.extend(labelled::read_sentences(path)?.into_iter().map(|s| (file, s)));
    }
    let overrides: Vec<(Rubric, String)> =
        args.rubrics.iter().map(|path| rubrics::load(path)).collect::<Result<_>>()?;
    // Per (rubric, criterion): the pairs, in encounter order.
    type Pairs = Vec<(usize, String, Human, Option<Decision>, tarkka_check::Outcome)>;
    let mut by_criterion: BTreeMap<(String, usize, String), Pairs> = BTreeMap::new();
    let mut rubrics_used: BTreeMap<String, Rubric> = BTreeMap::new();
    let mut calls: Vec<Call> = Vec::new();
    let mut scores = Vec::new();
    let mut encounters: Vec<_> = state.encounters.values().collect();
    encounters.sort_by_key(|e| e.logged.seq);
    for encounter in encounters {
        let Some(transcript_evidence) =
            encounter.evidence.iter().rev().find(|e| e.payload.kind == "transcript")
        else {
            continue;
        };
        let logged = &encounter.logged.payload;
        let override_rubric = overrides.iter().find(|(rubric, _)| rubric.id == logged.rubric);
        let rubric = rubric_for(state, encounter, override_rubric)?;
        let checker = Checker::new(&rubric);
        if checker.is_empty() {
            continue;
        }
        // Each auditor's latest scoresheet, as amended, with what they did
        // with each suggestion when they scored from them.
        let mut latest: BTreeMap<String, (Answers, bool)> = BTreeMap::new();
        let mut decisions: BTreeMap<(String, String), Decision> = BTreeMap::new();
        for chain in chain::chains(encounter) {
            let sheet = &chain.sheet.payload;
            if sheet.source != Source::Human {
                continue;
            }
            let passed = tarkka_ledger::payload::summary_of(chain.result()).verdict == "pass";
            latest.insert(sheet.auditor.clone(), (chain.answers()?, passed));
            decisions.retain(|(auditor, _), _| auditor != &sheet.auditor);
            for suggestion in sheet.assisted.iter().flat_map(|a| &a.suggestions) {
                decisions.insert(
                    (sheet.auditor.clone(), suggestion.criterion.clone()),
                    suggestion.decision,
                );
            }
        }
        if latest.is_empty() {
            continue;
        }
        let bytes = evidence_bytes(workspace, &transcript_evidence.payload)?;
        let (transcript, profile, outcomes) = judge_encounter(
            &checker,
            logged,
            &transcript_evidence.payload.name,
            &bytes,
            &speakers,
        )?;
        let call = calls.len();
        calls.push(Call { encounter: logged.encounter.clone(), transcript });

        // The overall scores, over the criteria the automatic sheet answers.
        let automatic = answers_of(&outcomes);
        let automatic_result = tarkka_scoring::score_automatic(&rubric, &profile, &automatic).ok();
        let mut human_overalls = Vec::new();
        for (answers, _) in latest.values() {
            let same: Answers = answers
                .iter()
                .filter(|(id, _)| automatic.contains_key(*id))
                .map(|(id, answer)| (id.clone(), answer.clone()))
                .collect();
            if let Ok(result) = tarkka_scoring::score_partial(&rubric, &profile, &same)
                && let Some(overall) = result.overall
            {
                human_overalls.push(overall.to_f64() * 100.0);
            }
        }
        scores.push(CallScore {
            encounter: logged.encounter.clone(),
            human: (!human_overalls.is_empty())
                .then(|| human_overalls.iter().sum::<f64>() / human_overalls.len() as f64),
            automatic: automatic_result
                .as_ref()
                .and_then(|result| result.overall)
                .map(|overall| overall.to_f64() * 100.0),
            human_pass: latest.values().all(|(_, passed)| *passed),
            automatic_critical: automatic_result
                .map(|result| result.critical_failures.into_iter().map(|c| c.criterion).collect())
                .unwrap_or_default(),
        });

        for outcome in outcomes {
            if args.criterion.as_ref().is_some_and(|only| only != &outcome.criterion) {
                continue;
            }
            let criterion = rubric.criterion(&outcome.criterion).expect("checked criteria exist");
            let position = rubric.criteria.iter().position(|c| c.id == criterion.id).unwrap_or(0);
            for (auditor, (answers, _)) in &latest {
                let Some(answer) = answers.get(&outcome.criterion) else { continue };
                // Met or not by the rubric's own rule; an answer that does
                // not fit the scale (a rubric changed under it) is left out.
                let human = match tarkka_scoring::credit(criterion, &answer.value) {
                    Ok(Some(credit)) if criterion.is_met(credit) => Human::Pass,
                    Ok(Some(_)) => Human::Fail,
                    Ok(None) => Human::NotApplicable,
                    Err(_) => continue,
                };
                let decision =
                    decisions.get(&(auditor.clone(), outcome.criterion.clone())).copied();
                by_criterion
                    .entry((rubric.id.clone(), position, outcome.criterion.clone()))
                    .or_default()
                    .push((call, auditor.clone(), human, decision, outcome.clone()));
            }
        }
        rubrics_used.entry(rubric.id.clone()).or_insert(rubric);
    }

    // A sentence for no criterion of the rubrics in use is a typo, named
    // at its line (a presence check's sentences are read and not used).
    let unknown: Vec<&(usize, labelled::Sentence)> = sentences
        .iter()
        .filter(|(_, s)| {
            rubrics_used.get(&s.rubric).and_then(|rubric| rubric.criterion(&s.criterion)).is_none()
        })
        .collect();
    if let Some((file, _)) = unknown.first() {
        let path = &args.sentences[*file];
        let problems = unknown
            .iter()
            .filter(|(other, _)| other == file)
            .map(|(_, s)| Problem {
                place: Place::File { path: path.clone(), line: s.line as u64, column: 1 },
                message: msg!("sentences-unknown", rubric = &s.rubric, criterion = &s.criterion),
            })
            .collect();
        return Err(labelled::sentences_error(path, problems));
    }
    if let Some(only) = &args.criterion {
        let checked = rubrics_used.values().flat_map(|rubric| {
            rubric.criteria.iter().filter(|c| c.check.is_some()).map(|c| c.id.as_str())
        });
        crate::names::check("--criterion", "checked criteria", only, checked)?;
    }
    let mut criteria = Vec::new();
    for ((rubric_id, _, criterion_id), pairs) in by_criterion {
        let rubric = &rubrics_used[&rubric_id];
        let check = rubric
            .criterion(&criterion_id)
            .and_then(|c| c.check.as_ref())
            .expect("checked criteria have a check");
        let mut tune = CriterionTune {
            rubric: rubric_id.clone(),
            criterion: criterion_id.clone(),
            absent: check.absent,
            pairs: pairs.len(),
            agree: 0,
            false_pass: 0,
            false_fail: 0,
            na_mismatch: 0,
            undetermined: 0,
            accepted: 0,
            overridden: 0,
            disagreements: Vec::new(),
            proposals: Vec::new(),
            cross_validated: None,
            model: None,
            model_untrained: None,
        };
        for (call, auditor, human, decision, outcome) in &pairs {
            match decision {
                Some(Decision::Accepted) => tune.accepted += 1,
                Some(Decision::Overridden) => tune.overridden += 1,
                None => {}
            }
            let same = matches!(
                (human, outcome.verdict),
                (Human::Pass, Verdict::Pass)
                    | (Human::Fail, Verdict::Fail)
                    | (Human::NotApplicable, Verdict::NotApplicable)
            );
            if same {
                tune.agree += 1;
                continue;
            }
            match (human, outcome.verdict) {
                (_, Verdict::Undetermined) => {
                    tune.undetermined += 1;
                    continue;
                }
                (Human::Fail, Verdict::Pass) => tune.false_pass += 1,
                (Human::Pass, Verdict::Fail) => tune.false_fail += 1,
                _ => tune.na_mismatch += 1,
            }
            let words =
                outcome.hits.first().or(outcome.near_misses.first().map(|miss| &miss.hit)).map(
                    |hit| Words {
                        turn: hit.turn,
                        speaker: hit.speaker.to_string(),
                        matched: hit.matched.clone(),
                    },
                );
            tune.disagreements.push(Disagreement {
                encounter: calls[*call].encounter.clone(),
                auditor: auditor.clone(),
                human: *human,
                automatic: outcome.verdict,
                words,
            });
        }
        // Undetermined pairs are neither agreement nor disagreement.
        tune.pairs -= tune.undetermined;
        // Calls labelled by their auditors' majority, where the check can
        // be moved by adding phrases: a presence check's false fails, an
        // absence check's false passes.
        let mut labelled: BTreeMap<usize, (usize, usize, Verdict)> = BTreeMap::new();
        for (call, _, human, _, outcome) in &pairs {
            let entry = labelled.entry(*call).or_insert((0, 0, outcome.verdict));
            match human {
                Human::Pass => entry.0 += 1,
                Human::Fail => entry.1 += 1,
                Human::NotApplicable => {}
            }
        }
        let examples: Vec<Example> = labelled
            .into_iter()
            .filter(|(_, (pass, fail, _))| pass != fail)
            .map(|(call, (pass, fail, verdict))| Example {
                call,
                // The class the added phrase would move a call to.
                wanted: if check.absent { fail > pass } else { pass > fail },
                found: if check.absent {
                    verdict == Verdict::Fail
                } else {
                    verdict == Verdict::Pass
                },
            })
            .collect();
        // Word sequences only of the calls the check found nothing in, and
        // only where some of them should have been found.
        if examples.iter().any(|e| e.wanted && !e.found) {
            let grams: Grams = examples
                .iter()
                .filter(|e| !e.found)
                .map(|e| (e.call, grams_of(&calls[e.call].transcript, check.who)))
                .collect();
            let proposals = propose(&examples, &grams, None);
            if !proposals.is_empty() {
                tune.cross_validated = Some(cross_validate(&examples, &grams));
            }
            tune.proposals = proposals;
        }
        if args.model && check.absent {
            let sentences: Vec<&(usize, labelled::Sentence)> = sentences
                .iter()
                .filter(|(_, s)| s.rubric == rubric_id && s.criterion == criterion_id)
                .collect();
            // The files that label this criterion, in the order given.
            let files: BTreeSet<usize> = sentences.iter().map(|(file, _)| *file).collect();
            let sentence_files: Vec<String> =
                files.into_iter().map(|file| labelled::set_name(&args.sentences[file])).collect();
            let unit = if sentences.is_empty() { ModelUnit::Call } else { ModelUnit::Turn };
            let units = |transcript: &Transcript| match unit {
                ModelUnit::Call => vec![model::call_features(transcript, check.who, STEM)],
                ModelUnit::Turn => model::turn_features(transcript, check.who, STEM),
            };
            let workspace_examples = pairs.iter().filter_map(|(call, _, human, _, outcome)| {
                let found = match human {
                    Human::Fail => true,
                    Human::Pass => false,
                    Human::NotApplicable => return None,
                };
                Some(ModelExample {
                    group: format!("{:08}", *call),
                    units: units(&calls[*call].transcript),
                    found,
                    phrases: phrases_alone(outcome),
                    outside: false,
                    sentence: false,
                })
            });
            let checker = Checker::new(rubric);
            let outside = labelled_calls.iter().filter(|(_, c)| c.rubric == rubric_id);
            let outside = outside.filter_map(|(set, c)| {
                let found = match c.expect.get(&criterion_id)? {
                    labelled::Label::Fail => true,
                    labelled::Label::Pass => false,
                    labelled::Label::NotApplicable => return None,
                };
                let outcome = checker
                    .check(&c.transcript, &c.encounter)
                    .into_iter()
                    .find(|o| o.criterion == criterion_id)?;
                Some(ModelExample {
                    group: format!("{set}:{}", c.name),
                    units: units(&c.transcript),
                    found,
                    phrases: phrases_alone(&outcome),
                    outside: true,
                    sentence: false,
                })
            });
            let said = sentences.iter().map(|(file, s)| ModelExample {
                // After every call's group, which starts with a digit.
                group: format!("~{file:04}:{:08}", s.line),
                units: vec![model::sentence_features(&s.text, STEM)],
                found: s.fail,
                phrases: Verdict::Pass,
                outside: true,
                sentence: true,
            });
            let examples: Vec<ModelExample> =
                workspace_examples.chain(outside).chain(said).collect();
            tune.model = propose_model(&examples, &set_names, &sentence_files, unit);
            if tune.model.is_none() {
                // As training reads them: a turn model reads no call failed.
                let read = examples.iter().filter(|e| e.read_by(unit));
                let (read, fails) =
                    read.fold((0, 0), |(n, f), e| (n + 1, f + usize::from(e.found)));
                tune.model_untrained = Some((read, fails));
            }
        }
        criteria.push(tune);
    }
    Ok(Tuning { transcripts: calls.len(), criteria, calls: scores })
}

/// One label a model is trained on.
struct ModelExample {
    /// The call (or sentence) it belongs to: all of a call's labels fall
    /// in one fold.
    group: String,
    /// The features of what the model scores: the whole call for a call
    /// model; each turn the check reads for a turn model (one for a
    /// sentence).
    units: Vec<BTreeSet<String>>,
    /// The auditor failed the call (the behaviour was there).
    found: bool,
    /// What the phrases alone say.
    phrases: Verdict,
    /// From a labelled set or sentences file, not the workspace.
    outside: bool,
    /// A labelled sentence: trained on, never counted in the estimate
    /// (which is over calls).
    sentence: bool,
}

impl ModelExample {
    /// Whether training a `unit` model reads this example: a call model
    /// reads every call; a turn model every sentence and every call passed,
    /// but no call failed (which of its turns holds the behaviour is not
    /// labelled).
    fn read_by(&self, unit: ModelUnit) -> bool {
        unit == ModelUnit::Call || self.sentence || !self.found
    }
}

/// What the phrases alone say: a fail the rubric's own model found is
/// their pass (the model only ever turns a pass into a fail).
fn phrases_alone(outcome: &tarkka_check::Outcome) -> Verdict {
    match outcome.reason {
        tarkka_check::Reason::Model { .. } => Verdict::Pass,
        _ => outcome.verdict,
    }
}

/// Trains a model on every label and estimates, over [`FOLDS`] folds of
/// calls, what adding it to the phrases changes; `None` with fewer than
/// [`MODEL_MIN_LABELS`] fails or passes.
fn propose_model(
    examples: &[ModelExample],
    sets: &[String],
    sentence_files: &[String],
    unit: ModelUnit,
) -> Option<ModelProposal> {
    // Counted as training reads them: a turn model reads no call failed.
    let reads = |e: &&ModelExample| e.read_by(unit);
    let fails = examples.iter().filter(reads).filter(|e| e.found).count();
    if fails < MODEL_MIN_LABELS || examples.iter().filter(reads).count() - fails < MODEL_MIN_LABELS
    {
        return None;
    }
    // Calls in a fixed order: numbered for training (a feature must be in
    // two calls, not two labels of one), dealt round the folds.
    let groups: BTreeSet<&str> = examples.iter().map(|e| e.group.as_str()).collect();
    let number: HashMap<&str, usize> =
        groups.iter().enumerate().map(|(at, &group)| (group, at)).collect();
    let rows = |examples: &[&ModelExample]| -> Vec<model::Labelled> {
        examples.iter().flat_map(|e| training_rows(e, &number, unit)).collect()
    };
    let from_workspace = examples.iter().filter(|e| !e.outside).count();
    let mut trained_on = match unit {
        ModelUnit::Call => format!(
            "{} labels ({fails} fail, {} pass): {from_workspace} auditors' answers in the workspace",
            examples.len(),
            examples.len() - fails
        ),
        ModelUnit::Turn => {
            let said: Vec<&ModelExample> = examples.iter().filter(|e| e.sentence).collect();
            let said_fail = said.iter().filter(|e| e.found).count();
            let passed: Vec<&ModelExample> =
                examples.iter().filter(|e| !e.sentence && !e.found).collect();
            let turns: usize = passed.iter().map(|e| e.units.len()).sum();
            format!(
                "{} sentences ({said_fail} fail, {} pass) in {}, and the {turns} turns of {} \
                 call labels passed: {} auditors' answers in the workspace",
                said.len(),
                said.len() - said_fail,
                sentence_files.join(", "),
                passed.len(),
                passed.iter().filter(|e| !e.outside).count()
            )
        }
    };
    if !sets.is_empty() {
        trained_on.push_str(&format!(", labelled sets {}", sets.join(", ")));
    }
    let everything: Vec<&ModelExample> = examples.iter().collect();
    let trained = model::train(&rows(&everything), STEM, unit, trained_on)?;

    let fold_of = |group: &str| number[group] % FOLDS;
    let said = examples.iter().filter(|e| e.sentence).count();
    let mut proposal = ModelProposal {
        unit,
        labels: examples.len() - said,
        sentences: said,
        fails: examples.iter().filter(|e| e.found && !e.sentence).count(),
        fails_found_by_phrases: 0,
        fails_found_with_model: 0,
        passes_failed_by_phrases: 0,
        passes_failed_with_model: 0,
        training_threshold: trained.threshold,
        cv_threshold: None,
        fails_found_with_cv: 0,
        passes_failed_with_cv: 0,
        toml: String::new(),
    };
    // Per fold: [fails found by the phrases, with the model, with the
    // cross-validated threshold; passes failed likewise]. The folds are
    // shared among the cores (each trains eleven models) and summed, so
    // the counts do not depend on how they were shared.
    let fold_counts = |fold: usize| -> [usize; 6] {
        let mut counts = [0; 6];
        let (held, rest): (Vec<&ModelExample>, Vec<&ModelExample>) =
            everything.iter().partition(|e| fold_of(&e.group) == fold);
        if held.is_empty() {
            return counts;
        }
        let fold_model = model::train(&rows(&rest), STEM, unit, String::new());
        // The same model with a threshold the fold's training calls chose
        // among themselves (a turn model keeps its training threshold).
        let fold_cv = fold_model.clone().map(|mut m| {
            // As the proposal does: the training threshold where
            // cross-validation finds none.
            if unit == ModelUnit::Call {
                m.threshold = cv_threshold(&rest, &number).unwrap_or(m.threshold).max(m.bias);
            }
            m
        });
        for example in held.into_iter().filter(|e| !e.sentence) {
            let by_phrases = example.phrases == Verdict::Fail;
            let by = |m: &Option<tarkka_rubric::rules::Model>| {
                example.phrases == Verdict::Pass
                    && m.as_ref().is_some_and(|m| model::finds_any(m, &example.units))
            };
            let found = [by_phrases, by_phrases || by(&fold_model), by_phrases || by(&fold_cv)];
            let at = if example.found { 0 } else { 3 };
            for (count, found) in counts[at..at + 3].iter_mut().zip(found) {
                *count += usize::from(found);
            }
        }
        counts
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(FOLDS);
    let counts = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let fold_counts = &fold_counts;
                scope.spawn(move || {
                    (worker..FOLDS).step_by(workers).map(fold_counts).fold([0; 6], add)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a fold's worker")).fold([0; 6], add)
    });
    [
        proposal.fails_found_by_phrases,
        proposal.fails_found_with_model,
        proposal.fails_found_with_cv,
        proposal.passes_failed_by_phrases,
        proposal.passes_failed_with_model,
        proposal.passes_failed_with_cv,
    ] = counts;
    proposal.cv_threshold = match unit {
        ModelUnit::Call => cv_threshold(&everything, &number),
        ModelUnit::Turn => None,
    };
    let mut proposed = trained;
    if let Some(threshold) = proposal.cv_threshold {
        let gain = |found: usize, failed: usize| found as i64 - failed as i64;
        if gain(proposal.fails_found_with_cv, proposal.passes_failed_with_cv)
            > gain(proposal.fails_found_with_model, proposal.passes_failed_with_model)
        {
            proposed.threshold = threshold.max(proposed.bias);
            proposed.trained_on.push_str("; threshold chosen by cross-validation");
        }
    }
    proposal.toml = model::model_toml(&proposed);
    Some(proposal)
}

/// An example as training reads it, numbered by its call: a call model
/// reads each call once; a turn model reads each sentence once and each
/// turn of a call passed once, and nothing of a call failed (which of its
/// turns holds the behaviour is not labelled).
fn training_rows(
    example: &ModelExample,
    number: &HashMap<&str, usize>,
    unit: ModelUnit,
) -> Vec<model::Labelled> {
    let row = |features: &BTreeSet<String>| model::Labelled {
        call: number[example.group.as_str()],
        features: features.clone(),
        found: example.found,
    };
    if example.read_by(unit) { example.units.iter().map(row).collect() } else { Vec::new() }
}

/// Counts added place by place.
fn add(mut sum: [usize; 6], counts: [usize; 6]) -> [usize; 6] {
    sum.iter_mut().zip(counts).for_each(|(sum, count)| *sum += count);
    sum
}

/// A threshold chosen by cross-validation over `examples` (all labels, or
/// an outer fold's training calls): each call the
/// phrases pass is scored by a model trained on the other folds, and the
/// threshold is the score above which the fails found outnumber the passes
/// failed by the most (the highest such score on a tie). `None` when no
/// threshold finds more fails than it fails passes.
fn cv_threshold(examples: &[&ModelExample], number: &HashMap<&str, usize>) -> Option<i64> {
    // The calls dealt round the folds in their order, as the outer folds
    // deal all of them: an outer fold's training calls are dealt afresh.
    let groups: BTreeSet<usize> = examples.iter().map(|e| number[e.group.as_str()]).collect();
    let rank: HashMap<usize, usize> =
        groups.into_iter().enumerate().map(|(rank, call)| (call, rank)).collect();
    let folds = |group: &str| rank[&number[group]] % FOLDS;
    let mut scored: Vec<(i64, bool)> = Vec::new();
    for fold in 0..FOLDS {
        let (held, rest): (Vec<&&ModelExample>, Vec<&&ModelExample>) =
            examples.iter().partition(|e| folds(&e.group) == fold);
        if held.is_empty() {
            continue;
        }
        let training: Vec<model::Labelled> =
            rest.iter().flat_map(|e| training_rows(e, number, ModelUnit::Call)).collect();
        let Some(fold_model) = model::train(&training, STEM, ModelUnit::Call, String::new()) else {
            continue;
        };
        scored.extend(
            held.iter()
                .filter(|e| e.phrases == Verdict::Pass)
                .map(|e| (model::score_of(&fold_model, &e.units[0]), e.found)),
        );
    }
    best_threshold(scored)
}

/// Of `(score, fail)` pairs, the threshold (a call is found above it) at
/// which fails found outnumber passes failed by the most, the highest on a
/// tie; `None` when none finds more fails than passes.
fn best_threshold(mut scored: Vec<(i64, bool)>) -> Option<i64> {
    // Highest score first: each threshold just below a score adds that call.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let (mut gain, mut best) = (0i64, None);
    let mut at = 0;
    while at < scored.len() {
        let score = scored[at].0;
        while at < scored.len() && scored[at].0 == score {
            gain += if scored[at].1 { 1 } else { -1 };
            at += 1;
        }
        // Failing every call above the next lower score.
        let threshold = scored.get(at).map_or(score - 1, |next| next.0);
        if gain > best.map_or(0, |(g, _)| g) {
            best = Some((gain, threshold));
        }
    }
    best.map(|(_, threshold)| threshold)
}

/// A call as the proposals see it: whether its auditors want the check to
/// find something (pass for presence, a forbidden word for absence), and
/// whether it does.
#[derive(Clone, Copy)]
struct Example {
    call: usize,
    wanted: bool,
    found: bool,
}

/// Word sequences that occur in calls the check should find but does not,
/// and in no call the auditors want left alone; best first. `skip` leaves
/// one example out (for cross-validation).
fn propose(examples: &[Example], grams: &Grams, skip: Option<usize>) -> Vec<Proposal> {
    let empty = BTreeSet::new();
    let grams = |call: usize| grams.get(&call).unwrap_or(&empty);
    let used = |e: &&Example| Some(e.call) != skip;
    let mut fixes: BTreeMap<&str, usize> = BTreeMap::new();
    for example in examples.iter().filter(used).filter(|e| e.wanted && !e.found) {
        for gram in grams(example.call) {
            *fixes.entry(gram.as_str()).or_default() += 1;
        }
    }
    let mut proposals: Vec<Proposal> = fixes
        .into_iter()
        .map(|(gram, fixes)| {
            let breaks = examples
                .iter()
                .filter(used)
                .filter(|e| !e.wanted && !e.found && grams(e.call).contains(gram))
                .count();
            Proposal { phrase: gram.to_string(), action: "add", fixes, breaks }
        })
        // A sequence seen in one call only is that call's words, not a
        // pattern; one that any auditor-approved call holds would break it.
        .filter(|p| p.breaks == 0 && p.fixes >= MIN_FIXES)
        .collect();
    // Most calls fixed, then the longer (more specific) sequence, then by text.
    proposals.sort_by(|a, b| {
        b.fixes
            .cmp(&a.fixes)
            .then(b.phrase.split(' ').count().cmp(&a.phrase.split(' ').count()))
            .then(a.phrase.cmp(&b.phrase))
    });
    // One proposal per call fixed is enough: drop sequences inside a kept one.
    let mut kept: Vec<Proposal> = Vec::new();
    for proposal in proposals {
        if kept.iter().any(|k| k.phrase.contains(&proposal.phrase)) {
            continue;
        }
        kept.push(proposal);
        if kept.len() == PROPOSALS {
            break;
        }
    }
    kept
}

/// The agreement (over calls) with the proposals added, each call judged
/// by proposals chosen without it.
fn cross_validate(examples: &[Example], grams: &Grams) -> f64 {
    if examples.is_empty() {
        return 1.0;
    }
    let empty = BTreeSet::new();
    let mut right = 0;
    for example in examples {
        let proposals = propose(examples, grams, Some(example.call));
        let grams = grams.get(&example.call).unwrap_or(&empty);
        let found = example.found || proposals.iter().any(|p| grams.contains(&p.phrase));
        right += usize::from(found == example.wanted);
    }
    right as f64 / examples.len() as f64
}

/// The folded 1-3 word sequences of the turns a check reads (`who`),
/// within one turn; single words shorter than four letters and anything
/// with a number are left out.
fn grams_of(transcript: &Transcript, who: Who) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for turn in &transcript.turns {
        if !tarkka_check::speaks(who, &turn.speaker) {
            continue;
        }
        let mut words = Vec::new();
        rules::words(&turn.text, |range| {
            let mut folded = String::new();
            rules::fold_word(&turn.text[range], &mut folded);
            words.push(folded);
        });
        for start in 0..words.len() {
            for length in 1..=LONGEST.min(words.len() - start) {
                let gram = words[start..start + length].join(" ");
                // Numbers are the call's own (amounts, dates), never a pattern.
                if (length == 1 && gram.chars().count() < 4) || gram.chars().any(char::is_numeric) {
                    continue;
                }
                out.insert(gram);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(calls: &[&[&str]]) -> Grams {
        calls
            .iter()
            .enumerate()
            .map(|(call, words)| (call, words.iter().map(|w| w.to_string()).collect()))
            .collect()
    }

    #[test]
    fn proposals_fix_calls_the_check_misses_and_break_none() {
        // Calls 0, 1, 2 and 4: the auditors pass, the check found nothing.
        // Call 3: the auditors fail, the check found nothing (rightly).
        let examples: Vec<Example> = [(0, true), (1, true), (2, true), (3, false), (4, true)]
            .into_iter()
            .map(|(call, wanted)| Example { call, wanted, found: false })
            .collect();
        let grams = grams(&[
            &["kirjaan", "kirjaan nyt", "hoidetaan"],
            &["kirjaan", "kirjaan nyt", "hoidetaan"],
            &["minä kysyn", "hoidetaan"],
            &["hoidetaan", "ei kuulu"],
            &["kirjaan nyt"],
        ]);
        let proposals = propose(&examples, &grams, None);
        // "hoidetaan" is in the failed call too; "kirjaan" lies inside the
        // kept "kirjaan nyt"; "minä kysyn" is one call's words only.
        let phrases: Vec<&str> = proposals.iter().map(|p| p.phrase.as_str()).collect();
        assert_eq!(phrases, ["kirjaan nyt"]);
        assert_eq!((proposals[0].fixes, proposals[0].breaks), (3, 0));
        // Each call left out in turn: 0, 1 and 4 are fixed by the others'
        // "kirjaan nyt"; 2 is not; without call 3 "hoidetaan" looks safe and
        // would wrongly find it. 3 of 5.
        assert_eq!(cross_validate(&examples, &grams), 0.6);
    }

    #[test]
    fn the_cross_validated_threshold_finds_the_most_fails_for_the_passes_it_fails() {
        // Scores 900 (fail), 800 (fail), 700 (pass), 600 (fail), 500 (fail),
        // 400 (pass): above 599, three fails for one pass (+2); above 499,
        // four for one (+3, the best); above 399, four for two.
        let scored =
            vec![(700, false), (900, true), (400, false), (600, true), (800, true), (500, true)];
        assert_eq!(best_threshold(scored), Some(400));
        // A tie keeps the higher threshold, which fails fewer calls: above
        // 700 (two fails) and above 599 (three fails, one pass) both gain 2.
        let tie = vec![(900, true), (800, true), (700, false), (600, true)];
        assert_eq!(best_threshold(tie), Some(700));
        // Tied scores count together: a pass and a fail at 500 gain
        // nothing until the fail at 400.
        assert_eq!(best_threshold(vec![(500, false), (400, true), (500, true)]), Some(399));
        // Passes above every fail: nothing gains.
        assert_eq!(best_threshold(vec![(900, false), (100, true)]), None);
        assert_eq!(best_threshold(Vec::new()), None);
    }
}
