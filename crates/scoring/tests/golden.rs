//! Golden tests of `docs/scoring.md`: one hand-computed example per rule and
//! the tricky combinations. Each test states the rubric, the answers and the
//! expected result in a compact text form, checked by one `check` helper.

use tarkka_rubric::{Profile, ProfileValue};
use tarkka_scoring::{Answer, AnswerValue, Answers, ScoreResult, Status, score, score_partial};

const HEADER: &str = r#"
format = 1
id = "golden"
version = "1"
title = { fi = "Testi", en = "Test" }
channel = "call"
pass_threshold = 0.6
"#;

/// A rubric from the header, extra top-level lines and the body.
fn rubric(top: &str, body: &str) -> tarkka_rubric::Rubric {
    let source = format!("{HEADER}{top}\n{body}");
    match tarkka_rubric::parse(&source) {
        Ok(rubric) => rubric,
        Err(error) => panic!("{}", error.render("en", "golden.toml", &source)),
    }
}

fn section(id: &str, weight: &str) -> String {
    format!(
        "[[section]]\nid = \"{id}\"\ntitle = {{ fi = \"{id}\", en = \"{id}\" }}\nweight = {weight}\n"
    )
}

/// A criterion: id `section.name`, extra lines as given.
fn criterion(id: &str, extra: &str) -> String {
    let section = id.split('.').next().unwrap();
    format!(
        "[[criterion]]\nid = \"{id}\"\nsection = \"{section}\"\ntext = {{ fi = \"k\", en = \"q\" }}\n{extra}\n"
    )
}

/// Answers written as `id=answer` or `id=answer#comment`.
fn answers(rubric: &tarkka_rubric::Rubric, given: &[&str]) -> Answers {
    given
        .iter()
        .map(|entry| {
            let (id, rest) = entry.split_once('=').unwrap();
            let (text, comment) = match rest.split_once('#') {
                Some((text, comment)) => (text, Some(comment.to_string())),
                None => (rest, None),
            };
            let value = match rubric.criterion(id) {
                Some(criterion) => AnswerValue::parse(criterion, text).unwrap(),
                None => AnswerValue::Yes,
            };
            (id.to_string(), Answer { value, comment })
        })
        .collect()
}

/// The result in the compact form the tests compare against.
fn summary(result: &ScoreResult) -> String {
    let opt = |f: Option<tarkka_rubric::Fraction>| f.map_or("none".to_string(), |f| f.to_string());
    let mut lines = Vec::new();
    for criterion in &result.criteria {
        let status = match criterion.status {
            Status::Answered => "answered",
            Status::NotApplicable => "na",
            Status::NotApplicableByRule => "by-rule",
            Status::Missing => "missing",
        };
        let failed = if criterion.failed { " failed" } else { "" };
        lines.push(format!("{} {status} {}{failed}", criterion.id, opt(criterion.credit)));
    }
    for section in &result.sections {
        let mut line = format!(
            "[{}] {} before {}",
            section.id,
            opt(section.score),
            opt(section.before_critical)
        );
        if let Some(bonus) = section.bonus_only {
            line.push_str(&format!(" bonus-only {bonus}"));
        }
        if !section.zeroed_by.is_empty() {
            line.push_str(&format!(" zeroed-by {}", section.zeroed_by.join(",")));
        }
        lines.push(line);
    }
    lines.push(format!(
        "overall {} before {} {:?}{}",
        opt(result.overall),
        opt(result.overall_before_critical),
        result.verdict,
        if result.complete { "" } else { " incomplete" }
    ));
    for failure in &result.critical_failures {
        lines.push(format!("critical {} {:?}", failure.criterion, failure.scope));
    }
    for warning in &result.warnings {
        lines.push(format!("warning {warning}"));
    }
    lines.join("\n")
}

fn check(rubric: &tarkka_rubric::Rubric, profile: &Profile, given: &[&str], expected: &str) {
    let result = match score(rubric, profile, &answers(rubric, given)) {
        Ok(result) => result,
        Err(error) => panic!("{error}: {:#?}", error.problems()),
    };
    let actual = summary(&result);
    let expected = expected.trim().lines().map(str::trim).collect::<Vec<_>>().join("\n");
    assert_eq!(actual, expected, "\n--- actual ---\n{actual}\n--- expected ---\n{expected}\n");
}

fn check_errors(
    rubric: &tarkka_rubric::Rubric,
    profile: &Profile,
    given: &[&str],
    expected: &[&str],
) {
    let error = score(rubric, profile, &answers(rubric, given)).unwrap_err();
    let actual: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
    assert_eq!(actual, expected);
}

fn none() -> Profile {
    Profile::new()
}

// Rule 1: the credit of an answer on each scale.
#[test]
fn credit_on_each_scale() {
    let r = rubric(
        "",
        &[
            section("a", "1"),
            criterion("a.yes", ""),
            criterion("a.range", "scale = { min = 1, max = 5 }"),
            criterion("a.points", "scale = { points = 10 }"),
            criterion("a.choice", "scale = { choices = { full = 1, partial = 0.5, none = 0 } }"),
        ]
        .concat(),
    );
    // (1 + 3/4 + 1/4 + 1/2) / 4 = 5/8
    check(
        &r,
        &none(),
        &["a.yes=kyllä", "a.range=4", "a.points=2,5", "a.choice=partial"],
        "
        a.yes answered 1
        a.range answered 3/4 failed
        a.points answered 1/4 failed
        a.choice answered 1/2 failed
        [a] 5/8 before 5/8
        overall 5/8 before 5/8 Pass
        ",
    );
    check_errors(
        &r,
        &none(),
        &["a.yes=yes", "a.range=6", "a.points=10.5", "a.choice=full"],
        &[
            "criterion `a.range`: `6` does not fit; expected a whole number from 1 to 5",
            "criterion `a.points`: `10.5` does not fit; expected a number from 0 to 10",
        ],
    );
    check_errors(
        &r,
        &none(),
        &["a.yes=yes", "a.range=2.5", "a.points=-1", "a.choice=full"],
        &[
            "criterion `a.range`: `2.5` does not fit; expected a whole number from 1 to 5",
            "criterion `a.points`: `-1` does not fit; expected a number from 0 to 10",
        ],
    );
}

#[test]
fn answers_that_do_not_parse_say_what_was_expected() {
    let r = rubric(
        "",
        &[
            section("a", "1"),
            criterion("a.yes", ""),
            criterion("a.c", "scale = { choices = { x = 1, y = 0 } }"),
        ]
        .concat(),
    );
    let yes = r.criterion("a.yes").unwrap();
    assert_eq!(
        AnswerValue::parse(yes, "maybe").unwrap_err().to_string(),
        "`maybe` is not an answer; expected yes or no"
    );
    assert_eq!(
        tarkka_i18n::render("fi", &AnswerValue::parse(yes, "maybe").unwrap_err()),
        "`maybe` ei ole vastaus; odotetaan: kyllä tai ei"
    );
    assert_eq!(AnswerValue::parse(yes, " EI ").unwrap(), AnswerValue::No);
    assert_eq!(AnswerValue::parse(yes, "n/a").unwrap(), AnswerValue::NotApplicable);
    let choice = r.criterion("a.c").unwrap();
    assert_eq!(
        AnswerValue::parse(choice, "z").unwrap_err().to_string(),
        "`z` is not a choice; expected one of x, y"
    );
}

// Rule 2: the critical threshold decides what fails.
#[test]
fn critical_threshold_decides_failure() {
    let r = rubric(
        "[scoring]\ncritical_threshold = 0.5",
        &[
            section("a", "1"),
            criterion("a.tone", "scale = { min = 1, max = 5 }\ncritical = \"overall\""),
        ]
        .concat(),
    );
    // 3 on 1–5 is 1/2: not below 0.5, so it does not fail.
    check(
        &r,
        &none(),
        &["a.tone=3"],
        "a.tone answered 1/2\n[a] 1/2 before 1/2\noverall 1/2 before 1/2 Fail",
    );
    // 2 is 1/4: below, so the whole encounter is zeroed.
    check(
        &r,
        &none(),
        &["a.tone=2"],
        "a.tone answered 1/4 failed\n[a] 1/4 before 1/4\noverall 0 before 1/4 Fail\ncritical a.tone Overall",
    );
}

/// A format 2 rubric: the header's `format = 1` replaced.
fn rubric2(top: &str, body: &str) -> tarkka_rubric::Rubric {
    let source = format!("{}{top}\n{body}", HEADER.replace("format = 1", "format = 2"));
    match tarkka_rubric::parse(&source) {
        Ok(rubric) => rubric,
        Err(error) => panic!("{}", error.render("en", "golden.toml", &source)),
    }
}

// Rule 2, format 2: a criterion is met at half credit unless it says
// otherwise; 7 of 10 points is not a failure.
#[test]
fn format_2_meets_a_criterion_at_half_credit_by_default() {
    let r = rubric2(
        "",
        &[
            section("a", "1"),
            criterion("a.clean", "scale = { points = 10 }\ncomment_on_fail = true"),
            criterion("a.tone", "scale = { min = 1, max = 5 }"),
        ]
        .concat(),
    );
    check(
        &r,
        &none(),
        &["a.clean=7", "a.tone=3"],
        "a.clean answered 7/10\na.tone answered 1/2\n[a] 3/5 before 3/5\noverall 3/5 before 3/5 Pass",
    );
    // 4.5 points is below half: failed, so the comment is required.
    check_errors(
        &r,
        &none(),
        &["a.clean=4.5", "a.tone=2"],
        &["criterion `a.clean`: the answer `4.5` fails the criterion, which requires a comment"],
    );
}

// Rule 2 and 6, format 2: `met` and `critical_below` are apart. Between
// them the criterion fails but zeroes nothing.
#[test]
fn format_2_keeps_met_and_critical_below_apart() {
    let r = rubric2(
        "[scoring]\nmet = 0.75\ncritical_below = 0.5",
        &[
            section("a", "1"),
            criterion("a.tone", "scale = { min = 1, max = 5 }\ncritical = \"overall\""),
            criterion("a.own", "scale = { points = 10 }\nmet = 0.6"),
        ]
        .concat(),
    );
    // 3 on 1–5 is 1/2: below met (3/4), not below critical_below (1/2).
    check(
        &r,
        &none(),
        &["a.tone=3", "a.own=6"],
        "a.tone answered 1/2 failed\na.own answered 3/5\n[a] 11/20 before 11/20\noverall 11/20 before 11/20 Fail",
    );
    // 2 is 1/4: below both, so the encounter is zeroed.
    check(
        &r,
        &none(),
        &["a.tone=2", "a.own=10"],
        "a.tone answered 1/4 failed\na.own answered 1\n[a] 5/8 before 5/8\noverall 0 before 5/8 Fail\ncritical a.tone Overall",
    );
}

// A bonus is earned or not: in format 2 it never fails, in format 1 it did.
#[test]
fn format_2_never_fails_a_bonus() {
    let body =
        [section("a", "1"), criterion("a.x", ""), criterion("a.extra", "bonus = true")].concat();
    let expected = |failed: &str| {
        format!(
            "a.x answered 1\na.extra answered 0{failed}\n[a] 1 before 1\noverall 1 before 1 Pass"
        )
    };
    check(&rubric2("", &body), &none(), &["a.x=y", "a.extra=n"], &expected(""));
    check(&rubric("", &body), &none(), &["a.x=y", "a.extra=n"], &expected(" failed"));
}

#[test]
fn a_failed_criterion_that_requires_a_comment_needs_one() {
    let r = rubric(
        "",
        &[
            section("a", "1"),
            criterion("a.x", "comment_on_fail = true"),
            criterion("a.y", "comment_on_fail = true"),
        ]
        .concat(),
    );
    check_errors(
        &r,
        &none(),
        &["a.x=no", "a.y=yes"],
        &["criterion `a.x`: the answer `no` fails the criterion, which requires a comment"],
    );
    check_errors(
        &r,
        &none(),
        &["a.x=no#   ", "a.y=yes"],
        &["criterion `a.x`: the answer `no` fails the criterion, which requires a comment"],
    );
    check(
        &r,
        &none(),
        &["a.x=no#Ei kysynyt.", "a.y=yes"],
        "a.x answered 0 failed\na.y answered 1\n[a] 1/2 before 1/2\noverall 1/2 before 1/2 Fail",
    );
}

// Rule 3: the three N/A policies, on the same answers.
#[test]
fn na_policies() {
    let body =
        [section("a", "1"), criterion("a.x", "weight = 2"), criterion("a.y", "na = true")].concat();
    let given = ["a.x=yes", "a.y=na"];
    check(
        &rubric("", &body),
        &none(),
        &given,
        "a.x answered 1\na.y na none\n[a] 1 before 1\noverall 1 before 1 Pass",
    );
    check(
        &rubric("[scoring]\nna = \"zero\"", &body),
        &none(),
        &given,
        "a.x answered 1\na.y na 0\n[a] 2/3 before 2/3\noverall 2/3 before 2/3 Pass",
    );
    check(
        &rubric("[scoring]\nna = \"full\"", &body),
        &none(),
        &given,
        "a.x answered 1\na.y na 1\n[a] 1 before 1\noverall 1 before 1 Pass",
    );
}

#[test]
fn na_where_the_rubric_forbids_it_is_an_error() {
    let r = rubric("", &[section("a", "1"), criterion("a.x", "")].concat());
    check_errors(
        &r,
        &none(),
        &["a.x=na"],
        &[
            "criterion `a.x`: N/A is not allowed for this criterion in rubric `golden`; expected yes or no",
        ],
    );
}

#[test]
fn not_applicable_by_rule_is_always_left_out() {
    let body = [
        "[profile]\nsegment = [\"consumer\", \"business\"]\nemployees = \"integer\"\n",
        &section("a", "1"),
        &criterion("a.all", ""),
        &criterion("a.business", "when = { segment = \"business\" }"),
        &criterion("a.small", "unless = { employees = { min = 10 } }"),
    ]
    .concat();
    // Even under `zero`, by-rule criteria never count.
    let r = rubric("[scoring]\nna = \"zero\"", &body);
    let consumer: Profile = [
        ("segment".to_string(), ProfileValue::Word("consumer".into())),
        ("employees".to_string(), ProfileValue::Integer(50)),
    ]
    .into();
    check(
        &r,
        &consumer,
        &["a.all=no", "a.business=yes"],
        "
        a.all answered 0 failed
        a.business by-rule none
        a.small by-rule none
        [a] 0 before 0
        overall 0 before 0 Fail
        warning criterion `a.business`: the answer is ignored, since the criterion does not apply to this customer
        ",
    );
    let small_business: Profile = [
        ("segment".to_string(), ProfileValue::Word("business".into())),
        ("employees".to_string(), ProfileValue::Integer(9)),
    ]
    .into();
    check(
        &r,
        &small_business,
        &["a.all=yes", "a.business=no", "a.small=yes"],
        "a.all answered 1\na.business answered 0 failed\na.small answered 1\n[a] 2/3 before 2/3\noverall 2/3 before 2/3 Pass",
    );
    // A condition on a field the profile lacks is an error, not a guess.
    let partial: Profile = [("segment".to_string(), ProfileValue::Word("business".into()))].into();
    check_errors(
        &r,
        &partial,
        &["a.all=yes", "a.business=yes"],
        &[
            "criterion `a.small`: its condition needs the customer's `employees`, which the encounter's profile lacks",
        ],
    );
    // A test the profile's own fields fail decides the condition whatever
    // else is missing: a consumer is no business of ten or more, however
    // many employees the profile leaves unsaid; only an undecided
    // condition needs the missing field.
    let both = [
        "[profile]\nsegment = [\"consumer\", \"business\"]\nemployees = \"integer\"\n",
        &section("a", "1"),
        &criterion("a.all", ""),
        &criterion("a.big", "when = { segment = \"business\", employees = { min = 10 } }"),
    ]
    .concat();
    let r2 = rubric("", &both);
    let consumer_alone: Profile =
        [("segment".to_string(), ProfileValue::Word("consumer".into()))].into();
    check(
        &r2,
        &consumer_alone,
        &["a.all=yes"],
        "a.all answered 1\na.big by-rule none\n[a] 1 before 1\noverall 1 before 1 Pass",
    );
    check_errors(
        &r2,
        &partial,
        &["a.all=yes", "a.big=yes"],
        &[
            "criterion `a.big`: its condition needs the customer's `employees`, which the encounter's profile lacks",
        ],
    );
    // And a profile that does not fit the declarations is rejected.
    let wrong: Profile = [
        ("segment".to_string(), ProfileValue::Word("goverment".into())),
        ("employees".to_string(), ProfileValue::Integer(3)),
        ("age".to_string(), ProfileValue::Integer(40)),
    ]
    .into();
    let error = score(&r, &wrong, &answers(&r, &["a.all=yes", "a.small=yes"])).unwrap_err();
    let messages: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "customer profile: profile field `age` is unknown; the rubric declares: employees, segment",
            "customer profile: profile field `segment` is `goverment`; expected one of consumer, business",
        ]
    );
}

// Rule 4: the section score, with and without a bonus, capped and not.
#[test]
fn section_score_with_bonus() {
    let body = [
        section("a", "1"),
        criterion("a.x", "weight = 2"),
        criterion("a.y", ""),
        criterion("a.z", "na = true"),
        criterion("a.extra", "bonus = true"),
    ]
    .concat();
    let r = rubric("", &body);
    check(
        &r,
        &none(),
        &["a.x=yes", "a.y=no", "a.z=na", "a.extra=yes"],
        "a.x answered 1\na.y answered 0 failed\na.z na none\na.extra answered 1\n[a] 1 before 1\noverall 1 before 1 Pass",
    );
    check(
        &r,
        &none(),
        &["a.x=yes", "a.y=no", "a.z=na", "a.extra=no"],
        "a.x answered 1\na.y answered 0 failed\na.z na none\na.extra answered 0 failed\n[a] 2/3 before 2/3\noverall 2/3 before 2/3 Pass",
    );
    // Capped at 100 % by default; above it when the rubric allows.
    let given = ["a.x=yes", "a.y=yes", "a.z=yes", "a.extra=yes"];
    check(
        &r,
        &none(),
        &given,
        "a.x answered 1\na.y answered 1\na.z answered 1\na.extra answered 1\n[a] 1 before 1\noverall 1 before 1 Pass",
    );
    check(
        &rubric("[scoring]\ncap_bonus = false", &body),
        &none(),
        &given,
        "a.x answered 1\na.y answered 1\na.z answered 1\na.extra answered 1\n[a] 5/4 before 5/4\noverall 5/4 before 5/4 Pass",
    );
}

#[test]
fn bonus_answered_na_earns_nothing_even_under_full() {
    let body =
        [section("a", "1"), criterion("a.x", ""), criterion("a.extra", "bonus = true\nna = true")]
            .concat();
    check(
        &rubric("[scoring]\nna = \"full\"", &body),
        &none(),
        &["a.x=no", "a.extra=na"],
        "a.x answered 0 failed\na.extra na none\n[a] 0 before 0\noverall 0 before 0 Fail",
    );
}

// Rule 5: the overall score in sections mode and in points mode.
#[test]
fn overall_in_sections_mode() {
    let body = [
        section("a", "2"),
        criterion("a.x", "weight = 3"),
        criterion("a.y", ""),
        section("b", "1"),
        criterion("b.x", ""),
        criterion("b.y", ""),
        section("c", "5"),
        criterion("c.x", "na = true"),
    ]
    .concat();
    // A = 3/4, B = 1/2, C has no score: (2·3/4 + 1·1/2) / 3 = 2/3.
    check(
        &rubric("", &body),
        &none(),
        &["a.x=yes", "a.y=no", "b.x=yes", "b.y=no", "c.x=na"],
        "
        a.x answered 1
        a.y answered 0 failed
        b.x answered 1
        b.y answered 0 failed
        c.x na none
        [a] 3/4 before 3/4
        [b] 1/2 before 1/2
        [c] none before none
        overall 2/3 before 2/3 Pass
        ",
    );
}

#[test]
fn overall_in_points_mode_ignores_section_weights() {
    let body = [
        section("a", "2"),
        criterion("a.x", "weight = 3"),
        criterion("a.y", ""),
        section("b", "100"),
        criterion("b.x", ""),
        criterion("b.y", ""),
    ]
    .concat();
    // (3 + 1) / (4 + 2) = 2/3 whatever the section weights.
    check(
        &rubric("[scoring]\nmode = \"points\"", &body),
        &none(),
        &["a.x=yes", "a.y=no", "b.x=yes", "b.y=no"],
        "a.x answered 1\na.y answered 0 failed\nb.x answered 1\nb.y answered 0 failed\n[a] 3/4 before 3/4\n[b] 1/2 before 1/2\noverall 2/3 before 2/3 Pass",
    );
}

// Rule 6: critical failures zero their scope and keep the score before.
#[test]
fn critical_section_zeroes_its_section() {
    let body = [
        section("a", "2"),
        criterion("a.gate", "critical = \"section\"\nweight = 1"),
        criterion("a.x", "weight = 3"),
        section("b", "1"),
        criterion("b.x", ""),
    ]
    .concat();
    // A would be 3/4; zeroed. Overall (2·0 + 1·1)/3 = 1/3; before (2·3/4 + 1)/3 = 5/6.
    check(
        &rubric("", &body),
        &none(),
        &["a.gate=no", "a.x=yes", "b.x=yes"],
        "
        a.gate answered 0 failed
        a.x answered 1
        b.x answered 1
        [a] 0 before 3/4 zeroed-by a.gate
        [b] 1 before 1
        overall 1/3 before 5/6 Fail
        critical a.gate Section
        ",
    );
    // In points mode the zeroed section keeps its weight in the denominator:
    // (0 + 1) / (4 + 1) = 1/5; before (3 + 1) / 5 = 4/5.
    check(
        &rubric("[scoring]\nmode = \"points\"", &body),
        &none(),
        &["a.gate=no", "a.x=yes", "b.x=yes"],
        "
        a.gate answered 0 failed
        a.x answered 1
        b.x answered 1
        [a] 0 before 3/4 zeroed-by a.gate
        [b] 1 before 1
        overall 1/5 before 4/5 Fail
        critical a.gate Section
        ",
    );
}

#[test]
fn critical_overall_zeroes_the_encounter() {
    let body = [
        section("a", "1"),
        criterion("a.blame", "critical = \"overall\"\ncomment_on_fail = true"),
        criterion("a.x", "weight = 4"),
    ]
    .concat();
    check(
        &rubric("", &body),
        &none(),
        &["a.blame=no#Syytti kollegaa.", "a.x=yes"],
        "a.blame answered 0 failed\na.x answered 1\n[a] 4/5 before 4/5\noverall 0 before 4/5 Fail\ncritical a.blame Overall",
    );
}

// The tricky combinations.
#[test]
fn all_criteria_na_is_not_scored() {
    let body = [
        section("a", "1"),
        criterion("a.x", "na = true"),
        criterion("a.y", "na = true\ncritical = \"overall\""),
    ]
    .concat();
    check(
        &rubric("", &body),
        &none(),
        &["a.x=na", "a.y=na"],
        "a.x na none\na.y na none\n[a] none before none\noverall none before none NotScored",
    );
}

#[test]
fn a_section_with_only_bonus_items_adds_on_top() {
    let body = [
        section("a", "1"),
        criterion("a.x", ""),
        criterion("a.y", ""),
        section("extra", "0.5"),
        criterion("extra.wow", "bonus = true"),
        criterion("extra.more", "bonus = true\nweight = 3"),
    ]
    .concat();
    // A = 1/2. extra has no non-bonus criteria: its bonus-only credit is
    // 1/(1+3) = 1/4, adding 0.5 · 1/4 on top: (1·1/2 + 1/8) / 1 = 5/8.
    check(
        &rubric("", &body),
        &none(),
        &["a.x=yes", "a.y=no", "extra.wow=yes", "extra.more=no"],
        "
        a.x answered 1
        a.y answered 0 failed
        extra.wow answered 1
        extra.more answered 0 failed
        [a] 1/2 before 1/2
        [extra] none before none bonus-only 1/4
        overall 5/8 before 5/8 Pass
        ",
    );
    // In points mode the bonus adds its weighted credit: (1 + 1) / 2 = 1.
    check(
        &rubric("[scoring]\nmode = \"points\"", &body),
        &none(),
        &["a.x=yes", "a.y=no", "extra.wow=yes", "extra.more=no"],
        "
        a.x answered 1
        a.y answered 0 failed
        extra.wow answered 1
        extra.more answered 0 failed
        [a] 1/2 before 1/2
        [extra] none before none bonus-only 1/4
        overall 1 before 1 Pass
        ",
    );
}

#[test]
fn critical_inside_an_na_section_never_zeroes() {
    let body = [
        section("a", "1"),
        criterion("a.x", ""),
        section("b", "1"),
        criterion("b.gate", "na = true\ncritical = \"overall\""),
        criterion("b.y", "na = true"),
    ]
    .concat();
    check(
        &rubric("", &body),
        &none(),
        &["a.x=yes", "b.gate=na", "b.y=na"],
        "a.x answered 1\nb.gate na none\nb.y na none\n[a] 1 before 1\n[b] none before none\noverall 1 before 1 Pass",
    );
    // Under `zero` the N/A counts as no credit but is still not a failure.
    check(
        &rubric("[scoring]\nna = \"zero\"", &body),
        &none(),
        &["a.x=yes", "b.gate=na", "b.y=na"],
        "a.x answered 1\nb.gate na 0\nb.y na 0\n[a] 1 before 1\n[b] 0 before 0\noverall 1/2 before 1/2 Fail",
    );
}

#[test]
fn a_missing_answer_is_an_error_not_a_zero() {
    let body = [
        section("a", "1"),
        criterion("a.x", ""),
        criterion("a.y", "scale = { min = 1, max = 4 }"),
        criterion("a.z", ""),
    ]
    .concat();
    let r = rubric("", &body);
    check_errors(
        &r,
        &none(),
        &["a.y=2", "a.nope=yes"],
        &[
            "criterion `a.nope`: the rubric `golden` has no such criterion",
            "criterion `a.x`: no answer; expected yes or no",
            "criterion `a.z`: no answer; expected yes or no",
        ],
    );
    // The running score leaves it out and says the result is incomplete.
    let partial = score_partial(&r, &none(), &answers(&r, &["a.y=2"])).unwrap();
    assert_eq!(
        summary(&partial),
        "a.x missing none\na.y answered 1/3 failed\na.z missing none\n[a] 1/3 before 1/3\noverall 1/3 before 1/3 Fail incomplete"
    );
}

#[test]
fn exact_arithmetic_and_display_rounding() {
    // Weights 0.1 and 0.2: in floating point 0.1 + 0.2 is not 0.3; here the
    // score is exactly 1/3 and shows as 33.33 %.
    let body =
        [section("a", "1"), criterion("a.x", "weight = 0.1"), criterion("a.y", "weight = 0.2")]
            .concat();
    let r = rubric("", &body);
    let result = score(&r, &none(), &answers(&r, &["a.x=yes", "a.y=no"])).unwrap();
    assert_eq!(result.overall.unwrap().to_string(), "1/3");
    assert_eq!(result.overall.unwrap().to_percent_string(), "33.33");
    // The pass threshold compares the exact value: 0.6 exactly passes.
    let body =
        [section("a", "1"), criterion("a.x", "weight = 0.6"), criterion("a.y", "weight = 0.4")]
            .concat();
    let r = rubric("", &body);
    let result = score(&r, &none(), &answers(&r, &["a.x=yes", "a.y=no"])).unwrap();
    assert_eq!(result.overall.unwrap().to_string(), "3/5");
    assert_eq!(result.verdict, tarkka_scoring::Verdict::Pass);
}

#[test]
fn the_result_names_the_rubric_and_is_deterministic() {
    let body =
        [section("a", "1"), criterion("a.x", ""), criterion("a.y", "scale = { min = 0, max = 3 }")]
            .concat();
    let r = rubric("", &body);
    let given = answers(&r, &["a.x=yes", "a.y=2"]);
    let first = score(&r, &none(), &given).unwrap();
    assert_eq!(first.rubric_id, "golden");
    assert_eq!(first.rubric_version, "1");
    assert_eq!(first.fingerprint, *r.fingerprint());
    let json = serde_json::to_string(&first).unwrap();
    assert_eq!(json, serde_json::to_string(&score(&r, &none(), &given).unwrap()).unwrap());
    // The stored form reads back to the same result.
    let back: ScoreResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, first);
    assert!(json.contains(r#""overall":"5/6""#), "{json}");
}

#[test]
fn answers_round_trip_through_their_stored_form() {
    for (value, stored) in [
        (AnswerValue::Yes, "\"yes\""),
        (AnswerValue::NotApplicable, "\"na\""),
        (AnswerValue::Number("5/2".parse().unwrap()), "\"number:5/2\""),
        (AnswerValue::Choice("partial".into()), "\"choice:partial\""),
    ] {
        assert_eq!(serde_json::to_string(&value).unwrap(), stored);
        assert_eq!(serde_json::from_str::<AnswerValue>(stored).unwrap(), value);
    }
    assert!(serde_json::from_str::<AnswerValue>("\"perhaps\"").is_err());
}

// Issue 14: an automatic scoresheet applies a critical rule only where the
// criterion's check opts in with `critical = true`; elsewhere a fail costs
// the criterion's weight and no more.
#[test]
fn an_automatic_fail_zeroes_only_where_the_check_opts_in() {
    let r = rubric2(
        "[phrases.p]\nfi = [\"hei\"]",
        &[
            section("a", "1"),
            criterion("a.key", "critical = \"overall\"\n[criterion.check]\nset = \"p\""),
            criterion("a.other", "weight = 3"),
            section("b", "1"),
            criterion(
                "b.opted",
                "critical = \"section\"\n[criterion.check]\nset = \"p\"\ncritical = true",
            ),
            criterion("b.rest", ""),
        ]
        .concat(),
    );
    let given = answers(&r, &["a.key=no", "a.other=yes", "b.opted=no", "b.rest=yes"]);
    // The auditors' rule: a.key zeroes the call.
    let human = tarkka_scoring::score(&r, &none(), &given).unwrap();
    assert_eq!(human.overall, Some(tarkka_rubric::Fraction::ZERO));
    assert_eq!(human.critical_failures.len(), 2);
    // The automatic one: a.key costs its weight (a = 3/4); only b.opted,
    // which opts in, zeroes its section.
    let automatic = tarkka_scoring::score_automatic(&r, &none(), &given).unwrap();
    let failures: Vec<&str> =
        automatic.critical_failures.iter().map(|c| c.criterion.as_str()).collect();
    assert_eq!(failures, ["b.opted"]);
    assert_eq!(automatic.overall.map(|o| o.to_string()), Some("3/8".to_string()));
}
