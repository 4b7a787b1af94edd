//! `tarkka rubric check` and `tarkka rubric show`.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use tarkka_app::rubrics::{load, read_text};
use tarkka_i18n::msg;
use tarkka_rubric::{CriticalScope, Fraction, Lang, Rubric, Scale};

use crate::Outcome;
use crate::args::{CheckArgs, Format, ShowArgs};
use crate::output::{print, table, tr};

pub fn check(args: &CheckArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let mut report = Vec::new();
    let mut invalid = 0;
    for path in &args.files {
        // A file that cannot be read at all is an input error (exit 2),
        // unlike a file that is read and found invalid (exit 1).
        let source = read_text(path)?;
        let shown = path.display().to_string();
        match tarkka_rubric::parse(&source) {
            Ok(rubric) => report.push(serde_json::json!({
                "file": shown,
                "valid": true,
                "id": rubric.id,
                "version": rubric.version,
                "fingerprint": rubric.fingerprint().to_string(),
            })),
            Err(error) => {
                invalid += 1;
                if args.format == Format::Text {
                    eprint!("{}", error.render(lang.pick("fi", "en"), &shown, &source));
                }
                let problems: Vec<serde_json::Value> = error
                    .diagnostics
                    .iter()
                    .map(|diagnostic| {
                        let (line, column) = diagnostic.line_col(&source);
                        // JSON keeps the English, as every JSON output does.
                        let message = diagnostic.message.to_string();
                        serde_json::json!({ "line": line, "column": column, "message": message })
                    })
                    .collect();
                report.push(
                    serde_json::json!({ "file": shown, "valid": false, "problems": problems }),
                );
            }
        }
    }
    match args.format {
        Format::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        Format::Text => {
            let mut out = String::new();
            let (ok, invalid) =
                (tr(lang, &msg!("rubric-check-ok")), tr(lang, &msg!("rubric-check-invalid")));
            // The file names line up after the longer of the two words.
            let width = ok.chars().count().max(invalid.chars().count()) + 2;
            for entry in &report {
                if entry["valid"] == true {
                    let _ = writeln!(
                        out,
                        "{ok:<width$}{}  {} {}  sha256:{}",
                        entry["file"].as_str().unwrap_or_default(),
                        entry["id"].as_str().unwrap_or_default(),
                        entry["version"].as_str().unwrap_or_default(),
                        entry["fingerprint"].as_str().unwrap_or_default(),
                    );
                } else {
                    let count = entry["problems"].as_array().map_or(0, Vec::len);
                    let _ = writeln!(
                        out,
                        "{invalid:<width$}{}  {}",
                        entry["file"].as_str().unwrap_or_default(),
                        tr(lang, &msg!("rubric-check-count", count = count))
                    );
                }
            }
            print(&out)?;
        }
    }
    Ok(if invalid == 0 { Outcome::Success } else { Outcome::Negative })
}

pub fn show(args: &ShowArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let (rubric, _) = load(&args.file)?;
    print(&render_show(&rubric, lang))?;
    Ok(Outcome::Success)
}

/// The rubric as a person reads it: a heading, the policy, and one table of
/// sections and criteria.
pub fn render_show(rubric: &Rubric, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({} {})", rubric.title.get(lang), rubric.id, rubric.version);
    let mode = match rubric.policy.mode {
        tarkka_rubric::Mode::Sections => {
            t("osioiden painotettu keskiarvo", "weighted mean of sections")
        }
        tarkka_rubric::Mode::Points => t("kaikkien kohtien pisteet", "points over all criteria"),
    };
    let na = match rubric.policy.na {
        tarkka_rubric::NaPolicy::Exclude => t("jätetään pois", "left out"),
        tarkka_rubric::NaPolicy::Zero => t("nolla", "zero credit"),
        tarkka_rubric::NaPolicy::Full => t("täysi", "full credit"),
    };
    let _ = writeln!(
        out,
        "{}: {}   {}: {} %   {}: {}   N/A: {}",
        t("kanava", "channel"),
        crate::output::tr(
            lang,
            &tarkka_i18n::Message::new("channel-name").arg("channel", rubric.channel.name())
        ),
        t("läpäisyraja", "pass threshold"),
        crate::output::decimal(&rubric.pass_threshold.to_percent_string(), lang),
        t("kokonaispisteet", "overall"),
        mode,
        na,
    );
    let _ = writeln!(out, "{}: sha256:{}", t("sormenjälki", "fingerprint"), rubric.fingerprint());
    if !rubric.profile.is_empty() {
        let fields: Vec<String> =
            rubric.profile.iter().map(|(name, kind)| format!("{name} ({kind})")).collect();
        let _ =
            writeln!(out, "{}: {}", t("asiakasprofiili", "customer profile"), fields.join("; "));
    }
    out.push('\n');
    let mut table = table(&[
        t("kohta", "criterion"),
        t("kysymys", "question"),
        t("paino", "weight"),
        t("asteikko", "scale"),
        t("täyttyy", "met at"),
        t("liput", "flags"),
    ]);
    for section in &rubric.sections {
        table.add_row(vec![
            Cell::new(format!("■ {}", section.id)),
            Cell::new(section.title.get(lang)),
            Cell::new(crate::output::decimal(&section.weight.to_plain_string(), lang))
                .set_alignment(CellAlignment::Right),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ]);
        for criterion in rubric.criteria_of(section) {
            let scale = scale_text(criterion, lang);
            let flags = criterion_flags(criterion, lang);
            table.add_row(vec![
                Cell::new(format!("  {}", criterion.id)),
                Cell::new(criterion.text.get(lang)),
                Cell::new(crate::output::decimal(&criterion.weight.to_plain_string(), lang))
                    .set_alignment(CellAlignment::Right),
                Cell::new(scale),
                Cell::new(met_text(criterion, lang)),
                Cell::new(flags.join("; ")),
            ]);
        }
    }
    let _ = writeln!(out, "{table}");
    out
}

/// A criterion's scale, briefly: `yes/no`, `1–5`, `0–10 pts`, `full=1 partial=0.5`.
pub(crate) fn scale_text(criterion: &tarkka_rubric::Criterion, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    match &criterion.scale {
        Scale::YesNo => t("kyllä/ei", "yes/no").to_string(),
        Scale::Range { min, max } => format!("{min}–{max}"),
        Scale::Points { max } => format!("0–{} {}", max.to_plain_string(), t("p", "pts")),
        Scale::Choices(choices) => choices
            .iter()
            .map(|choice| format!("{}={}", choice.name, choice.credit.to_plain_string()))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The lowest answer that meets a criterion: `yes`, `≥ 4`.
pub(crate) fn met_text(criterion: &tarkka_rubric::Criterion, lang: Lang) -> String {
    format!(
        "{}{}",
        if criterion.scale == Scale::YesNo { "" } else { "≥ " },
        lowest_reaching(&criterion.scale, criterion.met, lang)
    )
}

/// What else a criterion says: critical, bonus, N/A, a required comment
/// or evidence, the customers it applies to.
pub(crate) fn criterion_flags(criterion: &tarkka_rubric::Criterion, lang: Lang) -> Vec<String> {
    let t = |fi, en| lang.pick(fi, en);
    let mut flags = Vec::new();
    let critical = match criterion.critical {
        Some(CriticalScope::Section) => Some(t("KRIITTINEN (osio)", "CRITICAL (section)")),
        Some(CriticalScope::Overall) => Some(t("KRIITTINEN (kaikki)", "CRITICAL (overall)")),
        None => None,
    };
    if let Some(critical) = critical {
        // Said only where it differs from "not met".
        flags.push(if criterion.critical_below < criterion.met {
            format!(
                "{critical} {} {}",
                t("alle", "below"),
                lowest_reaching(&criterion.scale, criterion.critical_below, lang)
            )
        } else {
            critical.to_string()
        });
    }
    if criterion.bonus {
        flags.push(t("bonus", "bonus").to_string());
    }
    if criterion.na_allowed {
        flags.push("N/A".to_string());
    }
    if criterion.comment_on_fail {
        flags.push(t("kommentti", "comment").to_string());
    }
    if !criterion.evidence.is_empty() {
        let kinds: Vec<String> = criterion
            .evidence
            .iter()
            .map(|kind| crate::output::kind_word(kind.name(), lang))
            .collect();
        flags.push(format!("{}: {}", t("näyttö", "evidence"), kinds.join(", ")));
    }
    for (word, condition) in
        [(t("kun", "when"), &criterion.when), (t("paitsi", "unless"), &criterion.unless)]
    {
        if let Some(condition) = condition {
            flags.push(format!("{word} {}", describe_condition(condition)));
        }
    }
    flags
}

/// The lowest answer on a scale whose credit reaches `credit`: `4` on
/// 1–5 at 3/4, `7` points at 7/10, the choices that reach it, or yes.
fn lowest_reaching(scale: &Scale, credit: Fraction, lang: Lang) -> String {
    match scale {
        Scale::YesNo => lang.pick("kyllä", "yes").to_string(),
        Scale::Range { min, max } => {
            // min + ⌈credit · (max − min)⌉, exactly.
            let span = i128::from(*max - *min) * credit.numer();
            let steps = (span + credit.denom() - 1).div_euclid(credit.denom());
            (i128::from(*min) + steps).to_string()
        }
        Scale::Points { max } => match max.checked_mul(credit) {
            Ok(points) => format!("{} {}", points.to_plain_string(), lang.pick("p", "pts")),
            Err(_) => credit.to_percent_string(),
        },
        Scale::Choices(choices) => {
            let mut reaching: Vec<_> = choices.iter().filter(|c| c.credit >= credit).collect();
            reaching.sort_by_key(|choice| choice.credit);
            reaching.first().map_or_else(|| "-".to_string(), |choice| choice.name.clone())
        }
    }
}

fn describe_condition(condition: &tarkka_rubric::Condition) -> String {
    use tarkka_rubric::Test;
    let tests: Vec<String> = condition
        .tests
        .iter()
        .map(|(field, test)| match test {
            Test::OneOf(words) => format!("{field} = {}", words.join("|")),
            Test::Bool(b) => format!("{field} = {b}"),
            Test::Between { min: Some(min), max: Some(max) } if min == max => {
                format!("{field} = {min}")
            }
            Test::Between { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("{min} ≤ {field} ≤ {max}"),
                (Some(min), None) => format!("{field} ≥ {min}"),
                (None, Some(max)) => format!("{field} ≤ {max}"),
                (None, None) => field.clone(),
            },
        })
        .collect();
    tests.join(", ")
}
