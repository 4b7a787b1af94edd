//! `tarkka calibrate`: do the auditors agree, and on which criteria not?
//! The analysis is the library's (`tarkka_app::calibrate`); this is how it
//! reads, as a table, JSON, CSV and the forest plot.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::Context as _;
use comfy_table::{Cell, CellAlignment};
use tarkka_agreement::{Coefficient, Interval, Metric};
use tarkka_app::calibrate::{CriterionReport, Input, Provenance, Report, Request};
use tarkka_ledger::LedgerState;
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{CalibrateArgs, ListFormat};
use crate::context::Context;
use crate::output::{decimal, print, table};

pub fn calibrate(args: &CalibrateArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let state;
    let input = match &args.answers {
        Some(path) => Input::Csv {
            path: path.clone(),
            rubrics: args.rubrics.clone(),
            csv: args.dialect.options(),
        },
        None => {
            state = LedgerState::replay(&context.workspace()?.0.ledger())?;
            Input::Ledger(&state)
        }
    };
    let request = Request { only: args.only.clone(), resamples: args.resamples, seed: args.seed };
    let (report, provenance) = tarkka_app::calibrate::calibrate(&input, &request)?;
    if let Some(dir) = &args.chart {
        chart(&report, dir, &provenance_text(&provenance, lang, true), lang)?;
    }
    let provenance = provenance_text(&provenance, lang, false);
    match args.format {
        ListFormat::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        ListFormat::Csv => print(&crate::output::csv_for(
            csv_of(&report)?,
            args.excel,
            &[
                "alpha",
                "alpha_low",
                "alpha_high",
                "percent_agreement",
                "fleiss_kappa",
                "gwet_ac1",
                "gwet_ac1_low",
                "gwet_ac1_high",
            ],
            true,
        )?)?,
        ListFormat::Text => print(&render(&report, &provenance, lang))?,
    }
    Ok(Outcome::Success)
}

/// A few lines for the demo: the overall alpha and the weakest criteria
/// (the report draws the chart).
pub fn summary(state: &LedgerState, lang: Lang) -> anyhow::Result<String> {
    let request = Request { only: None, resamples: 1000, seed: 1 };
    let (report, _) = tarkka_app::calibrate::calibrate(&Input::Ledger(state), &request)?;
    let mut out = String::new();
    if let Some(overall) = &report.overall {
        let _ = writeln!(
            out,
            "   {}: alpha {} {}",
            lang.pick("Kokonaispisteet", "Overall score"),
            number(&overall.alpha, lang),
            interval_text(&overall.interval, lang)
        );
    }
    let weakest: Vec<String> = report
        .criteria
        .iter()
        .filter(|c| c.alpha.units >= tarkka_report::chart::FEW_UNITS)
        .filter(|c| c.alpha.value.is_some_and(|a| a < 0.667))
        .take(3)
        .map(|c| {
            // A low alpha beside a high AC1: one answer is rare, and the
            // auditors mostly agree (docs/calibration.md).
            let rare = match &c.gwet_ac1 {
                Some(ac1) if ac1.value.is_some_and(|v| v >= 0.8) => format!(
                    " (AC1 {}: {})",
                    number(ac1, lang),
                    lang.pick("harvinainen vastaus", "a rare answer")
                ),
                _ => String::new(),
            };
            format!("{}:{} {}{rare}", c.rubric, c.criterion, number(&c.alpha, lang))
        })
        .collect();
    if !weakest.is_empty() {
        let _ = writeln!(
            out,
            "   {}: {}",
            lang.pick("Heikoin yhtäpitävyys", "Lowest agreement"),
            weakest.join(", ")
        );
    }
    Ok(out)
}

/// A coefficient with two decimals, a decimal comma in Finnish.
fn number(coefficient: &Coefficient, lang: Lang) -> String {
    coefficient
        .value
        .map_or("–".to_string(), |v| crate::output::decimal(&format!("{v:.2}"), lang))
}

fn render(report: &Report, provenance: &str, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} {} ({}); {}: {}",
        t("Kalibrointi", "Calibration"),
        report.encounters,
        match report.encounters {
            1 =>
                t("usean arvioijan pisteyttämä kohtaaminen", "encounter scored by several auditors"),
            _ => t(
                "usean arvioijan pisteyttämää kohtaamista",
                "encounters scored by several auditors"
            ),
        },
        report.auditors.join(", "),
        t("lähde", "source"),
        provenance
    );
    if let Some(overall) = &report.overall {
        let _ = writeln!(
            out,
            "{}: alpha {} {}, {} {}",
            t("Kokonaispisteet (välimatka-asteikko)", "Overall score (interval)"),
            number(&overall.alpha, lang),
            interval_text(&overall.interval, lang),
            overall.alpha.units,
            tarkka_report::chart::encounters_word(overall.alpha.units, lang)
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        t(
            "Kohdat, heikoin yhtäpitävyys ensin (alle 5 kohtaamisella arvioidut lopussa, merkitty *):",
            "Criteria, lowest agreement first (those rated on fewer than 5 encounters come last, marked *):"
        )
    );
    let mut criteria = table(&[
        t("kohta", "criterion"),
        t("asteikko", "scale"),
        "alpha",
        "95 %",
        "AC1",
        t("yhtäpitävyys", "agreement"),
        "Fleiss",
        t("kohtaamiset/arviot", "encounters/ratings"),
    ]);
    for c in &report.criteria {
        let metric = match c.metric {
            Metric::Nominal => t("luokka", "nominal"),
            Metric::Ordinal => t("järjestys", "ordinal"),
            Metric::Interval => t("välimatka", "interval"),
        };
        let alpha = number(&c.alpha, lang);
        let few = if c.alpha.units < tarkka_report::chart::FEW_UNITS { " *" } else { "" };
        criteria.add_row(vec![
            Cell::new(format!("{}:{}{few}", c.rubric, c.criterion)),
            Cell::new(metric),
            Cell::new(alpha).set_alignment(CellAlignment::Right),
            Cell::new(interval_text(&c.interval, lang)),
            Cell::new(c.gwet_ac1.as_ref().map_or("–".to_string(), |c| number(c, lang)))
                .set_alignment(CellAlignment::Right),
            Cell::new(
                c.percent_agreement
                    .value
                    .map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0)),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(number(&c.fleiss_kappa, lang)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{}", c.alpha.units, c.alpha.ratings))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{criteria}");
    if report.criteria.iter().any(|c| c.alpha.units < tarkka_report::chart::FEW_UNITS) {
        let _ = writeln!(
            out,
            "* {}",
            t(
                "alle 5 kohtaamista: liian vähän järjestettäväksi; niiden välit ovat suuntaa-antavia",
                "fewer than 5 encounters: too few to rank; their intervals are only indicative"
            )
        );
    }
    let undefined: Vec<String> =
        [tarkka_agreement::Undefined::NoVariation, tarkka_agreement::Undefined::NoPairs]
            .into_iter()
            .filter_map(|why| {
                let count =
                    report.criteria.iter().filter(|c| c.alpha.undefined == Some(why)).count();
                (count > 0).then(|| format!("{count} × {}", undefined_text(why, lang)))
            })
            .collect();
    if !undefined.is_empty() {
        let _ = writeln!(out, "– = {}: {}", t("ei määritelty", "undefined"), undefined.join(", "));
    }
    // Cohen's kappa for every pair of auditors, criteria in the same order;
    // q = quadratic-weighted, for integer scales.
    let pair_names: BTreeSet<String> = report
        .criteria
        .iter()
        .flat_map(|c| c.pairs.iter().map(|p| format!("{}–{}", p.auditors[0], p.auditors[1])))
        .collect();
    if !pair_names.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "Cohenin kappa arvioijapareittain (q = neliöpainotettu):",
                "Cohen's kappa by pair of auditors (q = quadratic-weighted):"
            )
        );
        let mut header: Vec<String> = vec![t("kohta", "criterion").to_string()];
        header.extend(pair_names.iter().cloned());
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut pairs = table(&header_refs);
        for c in &report.criteria {
            let mut row = vec![Cell::new(format!("{}:{}", c.rubric, c.criterion))];
            for name in &pair_names {
                let text = c
                    .pairs
                    .iter()
                    .find(|p| &format!("{}–{}", p.auditors[0], p.auditors[1]) == name)
                    .map_or(String::new(), |p| {
                        let q = p
                            .quadratic
                            .as_ref()
                            .map_or(String::new(), |q| format!(" q{}", number(q, lang)));
                        format!("{}{q} ({})", number(&p.kappa, lang), p.kappa.units)
                    });
                row.push(Cell::new(text).set_alignment(CellAlignment::Right));
            }
            pairs.add_row(row);
        }
        let _ = writeln!(out, "{pairs}");
    }
    let automatic: Vec<&CriterionReport> =
        report.criteria.iter().filter(|c| c.human_vs_automatic.is_some()).collect();
    if !automatic.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "Arvioijat vs. automaattinen tarkistus kalibrointikohtaamisissa, kohdittain (kaikkien arvioijien vastaukset):",
                "The auditors against the automatic check on the calibration encounters, by criterion (every auditor's answers):"
            )
        );
        for c in automatic {
            let auto = c.human_vs_automatic.as_ref().expect("filtered");
            let _ = writeln!(
                out,
                "  {}:{}  {} {}  kappa {}",
                c.rubric,
                c.criterion,
                t("yhtäpitävyys", "agreement"),
                auto.agreement.value.map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0)),
                number(&auto.kappa, lang)
            );
        }
    }
    let _ = writeln!(out, "\n{}", t("Arvioijat:", "Auditors:"));
    let mut auditors = table(&[
        t("arvioija", "auditor"),
        t("arvioita", "ratings"),
        t("poikkeaa enemmistöstä", "deviates from majority"),
        t("ero muihin (%-yks.)", "offset vs others (pts)"),
        t("muutos/kk (%-yks.)", "drift/month (pts)"),
    ]);
    for a in &report.per_auditor {
        auditors.add_row(vec![
            Cell::new(&a.auditor),
            Cell::new(a.ratings).set_alignment(CellAlignment::Right),
            Cell::new(a.deviation_rate.map_or("–".to_string(), |r| {
                format!("{:.0} % ({}/{})", r * 100.0, a.deviations, a.majority_units)
            }))
            .set_alignment(CellAlignment::Right),
            Cell::new(a.offset.map_or("–".to_string(), |o| decimal(&format!("{o:+.1}"), lang)))
                .set_alignment(CellAlignment::Right),
            Cell::new(
                a.drift_per_month.map_or("–".to_string(), |d| decimal(&format!("{d:+.2}"), lang)),
            )
            .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{auditors}");
    let _ = writeln!(
        out,
        "{} {} {}, {} {}.",
        t("Luottamusvälit: bootstrap,", "Intervals: bootstrap,"),
        report.resamples,
        t("otosta", "resamples"),
        t("siemen", "seed"),
        report.seed
    );
    out
}

/// An interval, `[0.86, 1.00]`; in Finnish `[0,86; 1,00]` (the comma is
/// the decimal separator there).
fn interval_text(interval: &Option<Interval>, lang: Lang) -> String {
    interval.map_or("–".to_string(), |i| {
        let (low, high) = (format!("{:.2}", i.low), format!("{:.2}", i.high));
        lang.pick(
            format!("[{}; {}]", low.replace('.', ","), high.replace('.', ",")),
            format!("[{low}, {high}]"),
        )
    })
}

fn undefined_text(why: tarkka_agreement::Undefined, lang: Lang) -> &'static str {
    match why {
        tarkka_agreement::Undefined::NoPairs => {
            lang.pick("ei kahta arviota samasta", "no unit rated twice")
        }
        tarkka_agreement::Undefined::NoVariation => {
            lang.pick("kaikki arviot samat", "all ratings identical")
        }
    }
}

fn csv_of(report: &Report) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "rubric",
        "criterion",
        "metric",
        "alpha",
        "alpha_low",
        "alpha_high",
        "undefined",
        "percent_agreement",
        "fleiss_kappa",
        "units",
        "ratings",
        "gwet_ac1",
        "gwet_ac1_low",
        "gwet_ac1_high",
    ])?;
    let rows = report.overall.iter().chain(&report.criteria);
    for c in rows {
        let metric = serde_json::to_value(c.metric)?.as_str().unwrap_or_default().to_string();
        let value = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
        writer.write_record([
            c.rubric.clone(),
            c.criterion.clone(),
            metric,
            value(c.alpha.value),
            value(c.interval.map(|i| i.low)),
            value(c.interval.map(|i| i.high)),
            c.alpha.undefined.map(|u| u.to_string()).unwrap_or_default(),
            value(c.percent_agreement.value),
            value(c.fleiss_kappa.value),
            c.alpha.units.to_string(),
            c.alpha.ratings.to_string(),
            value(c.gwet_ac1.and_then(|ac1| ac1.value)),
            value(c.gwet_ac1_interval.map(|i| i.low)),
            value(c.gwet_ac1_interval.map(|i| i.high)),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn chart(
    report: &Report,
    dir: &std::path::Path,
    provenance: &str,
    lang: Lang,
) -> anyhow::Result<()> {
    let overall = lang.pick("kokonaispisteet", "overall score");
    let calibration = tarkka_app::calibrate::agreement(report, report.encounters, |c| {
        if c.rubric.is_empty() {
            overall.to_string()
        } else {
            format!("{}: {}", c.rubric, c.criterion)
        }
    });
    tarkka_report::chart::calibration(&calibration, provenance, lang)?
        .put(&mut tarkka_app::report::DirSink::new(dir), std::path::Path::new(""))
        .with_context(|| {
            crate::output::tr(
                lang,
                &tarkka_i18n::msg!("cli-chart-unwritable", dir = dir.display().to_string()),
            )
        })?;
    Ok(())
}

/// Where the ratings came from, for a person; `short` gives the head's
/// first digits, as charts stamp it.
fn provenance_text(provenance: &Provenance, lang: Lang, short: bool) -> String {
    match provenance {
        Provenance::Ledger { seq, hash } => {
            let hash = hash.to_hex();
            let hash = if short { format!("{}…", &hash[..12]) } else { hash };
            format!("{} #{seq} {hash}", lang.pick("pääkirja", "ledger"))
        }
        Provenance::EmptyLedger => String::new(),
        Provenance::File(path) => path.display().to_string(),
    }
}
