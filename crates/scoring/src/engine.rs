//! The scoring rules of `docs/scoring.md`, implemented exactly.

use serde::{Deserialize, Serialize};
use tarkka_rubric::{
    Criterion, CriticalScope, Fingerprint, Fraction, Mode, NaPolicy, Overflow, Profile, Rubric,
};

use crate::answer::{AnswerValue, Answers, credit, expected};
use crate::error::{Problem, ScoreError};
use tarkka_i18n::msg;

/// The full result of scoring one encounter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// The rubric's id.
    pub rubric_id: String,
    /// The rubric's version string.
    pub rubric_version: String,
    /// The fingerprint of the rubric the score was computed with.
    pub fingerprint: Fingerprint,
    /// Every criterion, in rubric order.
    pub criteria: Vec<CriterionResult>,
    /// Every section, in rubric order.
    pub sections: Vec<SectionResult>,
    /// The overall score after critical zeroing and the bonus cap; `None`
    /// when nothing could be scored.
    pub overall: Option<Fraction>,
    /// The overall score as it would be without any critical failure.
    pub overall_before_critical: Option<Fraction>,
    /// The failed critical criteria, in rubric order.
    pub critical_failures: Vec<CriticalFailure>,
    /// Pass, fail or not scored.
    pub verdict: Verdict,
    /// Whether every applicable criterion was answered. A partial result
    /// (see [`score_partial`]) is provisional.
    pub complete: bool,
    /// Things worth telling that did not stop scoring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// How one criterion was scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    /// The criterion's id.
    pub id: String,
    /// Its section's id.
    pub section: String,
    /// Why it has the credit it has.
    pub status: Status,
    /// The credit that counts in the score; `None` when it is left out.
    pub credit: Option<Fraction>,
    /// Its weight.
    pub weight: Fraction,
    /// Whether it is a bonus item.
    pub bonus: bool,
    /// Whether it failed: answered with credit below its `met` (never a
    /// bonus, in format 2).
    pub failed: bool,
}

/// Why a criterion has the credit it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The auditor answered it.
    Answered,
    /// The auditor answered N/A; the rubric's N/A policy decides its credit.
    NotApplicable,
    /// Its condition does not hold for this customer; always left out.
    NotApplicableByRule,
    /// Not answered yet (only in a partial result); left out.
    Missing,
}

/// How one section was scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionResult {
    /// The section's id.
    pub id: String,
    /// The score after critical zeroing; `None` when no non-bonus criterion
    /// counts.
    pub score: Option<Fraction>,
    /// The score as it would be without a critical failure.
    pub before_critical: Option<Fraction>,
    /// The bonus credit, as a share of the section's bonus weight, of a
    /// section that has only bonus items counting; it adds to the overall
    /// score on top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_only: Option<Fraction>,
    /// The section-scoped critical criteria that zeroed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zeroed_by: Vec<String>,
}

/// A failed critical criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriticalFailure {
    /// The criterion's id.
    pub criterion: String,
    /// What it zeroed.
    pub scope: CriticalScope,
}

/// The outcome against the rubric's pass threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The overall score reached the threshold.
    Pass,
    /// It did not.
    Fail,
    /// Nothing counted, so there is no score to judge.
    NotScored,
}

/// Scores an encounter: every applicable criterion must be answered.
///
/// All problems are reported together: missing answers, answers for
/// criteria the rubric lacks, answers that do not fit their scale, N/A where
/// it is not allowed, missing required comments, and a customer profile that
/// does not fit the rubric.
pub fn score(
    rubric: &Rubric,
    profile: &Profile,
    answers: &Answers,
) -> Result<ScoreResult, ScoreError> {
    run(rubric, profile, answers, Run::Strict)
}

/// Scores what has been answered so far, for a running score: unanswered
/// criteria are [`Status::Missing`] and left out, and the result is marked
/// incomplete. Every other problem is still an error.
pub fn score_partial(
    rubric: &Rubric,
    profile: &Profile,
    answers: &Answers,
) -> Result<ScoreResult, ScoreError> {
    run(rubric, profile, answers, Run::Partial)
}

/// Scores an automatic scoresheet: like [`score_partial`], but a failed
/// critical criterion zeroes its scope only where the criterion's check
/// opts in (`critical = true` in `[criterion.check]`). Elsewhere an
/// automatic fail costs the criterion's weight and no more: a phrase list
/// must not zero a call an auditor has not looked at.
pub fn score_automatic(
    rubric: &Rubric,
    profile: &Profile,
    answers: &Answers,
) -> Result<ScoreResult, ScoreError> {
    run(rubric, profile, answers, Run::Automatic)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Every applicable criterion must be answered.
    Strict,
    /// Unanswered criteria are left out.
    Partial,
    /// Partial, and critical rules only where the check opts in.
    Automatic,
}

fn run(
    rubric: &Rubric,
    profile: &Profile,
    answers: &Answers,
    mode: Run,
) -> Result<ScoreResult, ScoreError> {
    let strict = mode == Run::Strict;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if let Err(errors) = rubric.check_profile(profile) {
        problems.extend(errors.into_iter().map(|error| Problem::profile(error.message())));
    }
    for id in answers.keys() {
        if rubric.criterion(id).is_none() {
            problems.push(Problem::new(id, msg!("scoring-no-criterion", rubric = &rubric.id)));
        }
    }
    let mut criteria = Vec::with_capacity(rubric.criteria.len());
    for criterion in &rubric.criteria {
        let result = judge(rubric, criterion, profile, answers, &mut problems, &mut warnings);
        criteria.push(result);
    }
    let complete = criteria.iter().all(|c| c.status != Status::Missing);
    if strict {
        // A criterion whose applicability could not be decided has its
        // problem reported already; "no answer" would only add noise.
        let undecided: Vec<String> = problems.iter().filter_map(|p| p.criterion.clone()).collect();
        for result in
            criteria.iter().filter(|c| c.status == Status::Missing && !undecided.contains(&c.id))
        {
            let criterion = rubric.criterion(&result.id).expect("results follow the rubric");
            problems.push(Problem::new(
                &result.id,
                msg!("scoring-no-answer", expected = expected(criterion)),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ScoreError::Invalid(problems));
    }
    let critical_applies = |criterion: &Criterion| {
        mode != Run::Automatic || criterion.check.as_ref().is_some_and(|check| check.critical)
    };
    aggregate(rubric, criteria, complete, warnings, critical_applies)
        .map_err(|Overflow| ScoreError::Overflow)
}

/// Decides one criterion's status, credit and failure.
fn judge(
    rubric: &Rubric,
    criterion: &Criterion,
    profile: &Profile,
    answers: &Answers,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) -> CriterionResult {
    let mut result = CriterionResult {
        id: criterion.id.clone(),
        section: criterion.section.clone(),
        status: Status::Missing,
        credit: None,
        weight: criterion.weight,
        bonus: criterion.bonus,
        failed: false,
    };
    let answer = answers.get(&criterion.id);
    match criterion.applies_to(profile) {
        Ok(true) => {}
        Ok(false) => {
            result.status = Status::NotApplicableByRule;
            if answer.is_some() {
                warnings.push(ignored_warning(&criterion.id).to_string());
            }
            return result;
        }
        Err(missing) => {
            problems.push(Problem::new(
                &criterion.id,
                msg!("scoring-profile-lacks", field = &missing.0),
            ));
            return result;
        }
    }
    let Some(answer) = answer else {
        return result;
    };
    if answer.value == AnswerValue::NotApplicable {
        result.status = Status::NotApplicable;
        if !criterion.na_allowed {
            problems.push(Problem::new(
                &criterion.id,
                msg!("scoring-na-not-allowed", rubric = &rubric.id, expected = expected(criterion)),
            ));
        }
        // A bonus item only ever adds: N/A never earns it anything.
        result.credit = match (criterion.bonus, rubric.policy.na) {
            (true, _) | (false, NaPolicy::Exclude) => None,
            (false, NaPolicy::Zero) => Some(Fraction::ZERO),
            (false, NaPolicy::Full) => Some(Fraction::ONE),
        };
        return result;
    }
    result.status = Status::Answered;
    match credit(criterion, &answer.value) {
        Ok(credit) => {
            result.credit = credit;
            result.failed = credit.is_some_and(|credit| criterion.fails(credit));
            if result.failed && criterion.comment_on_fail && !answer.has_comment() {
                problems.push(Problem::new(
                    &criterion.id,
                    msg!("scoring-comment-required", answer = answer.value.to_string()),
                ));
            }
        }
        Err(message) => problems.push(Problem::new(&criterion.id, message)),
    }
    result
}

/// Sums of one section's counted criteria.
#[derive(Default)]
struct Sums {
    /// Σ weight · credit over counted non-bonus criteria.
    earned: Fraction,
    /// Σ weight over counted non-bonus criteria.
    possible: Fraction,
    /// Σ weight · credit over counted bonus criteria.
    bonus: Fraction,
    /// Σ weight over counted bonus criteria.
    bonus_possible: Fraction,
}

fn aggregate(
    rubric: &Rubric,
    criteria: Vec<CriterionResult>,
    complete: bool,
    warnings: Vec<String>,
    critical_applies: impl Fn(&Criterion) -> bool,
) -> Result<ScoreResult, Overflow> {
    let policy = &rubric.policy;
    let cap = |score: Fraction| if policy.cap_bonus { score.min(Fraction::ONE) } else { score };

    // Only an answer can fail critically: N/A and rules never do, whatever
    // credit the N/A policy gives.
    let mut critical_failures = Vec::new();
    for (result, criterion) in criteria.iter().zip(&rubric.criteria) {
        if let (Status::Answered, Some(credit), Some(scope)) =
            (result.status, result.credit, criterion.critical)
            && criterion.fails_critically(credit)
            && critical_applies(criterion)
        {
            critical_failures.push(CriticalFailure { criterion: result.id.clone(), scope });
        }
    }

    let mut sections = Vec::with_capacity(rubric.sections.len());
    let mut all_sums = Vec::with_capacity(rubric.sections.len());
    for section in &rubric.sections {
        let mut sums = Sums::default();
        for result in criteria.iter().filter(|result| result.section == section.id) {
            let Some(credit) = result.credit else { continue };
            let earned = result.weight.checked_mul(credit)?;
            if result.bonus {
                sums.bonus = sums.bonus.checked_add(earned)?;
                sums.bonus_possible = sums.bonus_possible.checked_add(result.weight)?;
            } else {
                sums.earned = sums.earned.checked_add(earned)?;
                sums.possible = sums.possible.checked_add(result.weight)?;
            }
        }
        let zeroed_by: Vec<String> = critical_failures
            .iter()
            .filter(|failure| failure.scope == CriticalScope::Section)
            .filter(|failure| {
                criteria.iter().any(|c| c.id == failure.criterion && c.section == section.id)
            })
            .map(|failure| failure.criterion.clone())
            .collect();
        let before_critical =
            sums.earned.checked_add(sums.bonus)?.checked_div(sums.possible)?.map(cap);
        let score =
            before_critical.map(|score| if zeroed_by.is_empty() { score } else { Fraction::ZERO });
        let bonus_only = match before_critical {
            Some(_) => None,
            None => sums.bonus.checked_div(sums.bonus_possible)?,
        };
        sections.push(SectionResult {
            id: section.id.clone(),
            score,
            before_critical,
            bonus_only,
            zeroed_by,
        });
        all_sums.push(sums);
    }

    let overall_of = |zeroing: bool| -> Result<Option<Fraction>, Overflow> {
        let mut earned = Fraction::ZERO;
        let mut possible = Fraction::ZERO;
        for ((section, result), sums) in rubric.sections.iter().zip(&sections).zip(&all_sums) {
            let zeroed = zeroing && !result.zeroed_by.is_empty();
            match policy.mode {
                Mode::Sections => {
                    if let Some(score) = if zeroing { result.score } else { result.before_critical }
                    {
                        earned = earned.checked_add(section.weight.checked_mul(score)?)?;
                        possible = possible.checked_add(section.weight)?;
                    } else if let Some(bonus) = result.bonus_only {
                        earned = earned.checked_add(section.weight.checked_mul(bonus)?)?;
                    }
                }
                Mode::Points => {
                    if !zeroed {
                        earned = earned.checked_add(sums.earned)?.checked_add(sums.bonus)?;
                    }
                    possible = possible.checked_add(sums.possible)?;
                }
            }
        }
        Ok(earned.checked_div(possible)?.map(cap))
    };
    let overall_before_critical = overall_of(false)?;
    let overall_zeroed =
        critical_failures.iter().any(|failure| failure.scope == CriticalScope::Overall);
    let overall = match overall_of(true)? {
        Some(_) if overall_zeroed => Some(Fraction::ZERO),
        overall => overall,
    };
    let verdict = match overall {
        None => Verdict::NotScored,
        Some(score) if score >= rubric.pass_threshold => Verdict::Pass,
        Some(_) => Verdict::Fail,
    };
    Ok(ScoreResult {
        rubric_id: rubric.id.clone(),
        rubric_version: rubric.version.clone(),
        fingerprint: *rubric.fingerprint(),
        criteria,
        sections,
        overall,
        overall_before_critical,
        critical_failures,
        verdict,
        complete,
        warnings,
    })
}

/// The warning that an answer to a criterion that does not apply to the
/// customer was ignored. Results store its English text.
fn ignored_warning(criterion: &str) -> tarkka_i18n::Message {
    tarkka_i18n::msg!("scoring-answer-ignored", criterion = criterion)
}

/// A result's warning in the reader's language: results store warnings as
/// English text, which is read back here into its message (any other text
/// is shown as it is).
pub fn render_warning(lang: &str, warning: &str) -> String {
    let ignored = warning
        .strip_prefix("criterion `")
        .and_then(|rest| rest.split_once('`'))
        .filter(|(criterion, _)| ignored_warning(criterion).to_string() == warning);
    match ignored {
        Some((criterion, _)) => tarkka_i18n::render(lang, &ignored_warning(criterion)),
        None => warning.to_string(),
    }
}

#[cfg(test)]
mod warning_tests {
    #[test]
    fn stored_warnings_are_read_back_in_the_readers_language() {
        let stored = super::ignored_warning("greeting.title").to_string();
        assert_eq!(
            stored,
            "criterion `greeting.title`: the answer is ignored, since the criterion does not apply to this customer"
        );
        assert_eq!(
            super::render_warning("fi", &stored),
            "kohta `greeting.title`: vastaus jätetään huomiotta, koska kohta ei koske tätä asiakasta"
        );
        assert_eq!(super::render_warning("fi", "something else"), "something else");
    }
}
