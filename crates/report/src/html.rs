//! The report people open: charts (PNG and SVG files, inlined as SVG in the
//! HTML so the page needs nothing else), `index.html` with the summary,
//! a page per location and per agent, and `report.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tarkka_rubric::Lang;

use crate::aggregate::{Aggregates, CriterionStat, Rate, Stat};
use crate::chart::{self, Heading};
use crate::input::{Evaluation, Input};
use crate::tables::CriticalFailure;
use crate::{Error, Options, Sink};

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file name for a location or agent page: its index and a plain slug.
fn slug(index: u32, name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c != '-' || !slug.ends_with('-') {
            slug.push(c);
        }
    }
    format!("{:02}-{}.html", index + 1, slug.trim_matches('-'))
}

/// A number with one decimal as the reader writes it: `76,4` in Finnish,
/// `76.4` in English.
fn decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Fi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A table's start: its opening tag and its row of headings.
fn table(headings: &[&str]) -> String {
    let mut out = String::from("<table>\n<tr>");
    for heading in headings {
        let _ = write!(out, "<th>{}</th>", escape(heading));
    }
    out.push_str("</tr>\n");
    out
}

/// A date as the reader writes it: `24.2.2026` in Finnish, `2026-02-24` in
/// English.
fn date_text(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::Fi => format!("{}.{}.{}", date.day(), date.month(), date.year()),
        Lang::En => date.to_string(),
    }
}

/// An RFC 3339 time as the reader writes it, in the offset it states:
/// `24.2.2026 klo 13.15` or `2026-02-24 13:15` (and ` UTC` for `Z`).
fn time_text(text: &str, lang: Lang) -> String {
    let (Some(date), Some(clock)) = (text.get(..10).and_then(|d| d.parse().ok()), text.get(11..16))
    else {
        return text.to_string();
    };
    let utc = if text.ends_with('Z') { " UTC" } else { "" };
    match lang {
        Lang::Fi => format!("{} klo {}{utc}", date_text(date, lang), clock.replace(':', ".")),
        Lang::En => format!("{} {clock}{utc}", date_text(date, lang)),
    }
}

/// A period's label as the reader writes it: in Finnish `3/2026`,
/// `vk 11/2026`, `Q1/2026`; in English the ISO label (`2026-03`,
/// `2026-W11`, `2026-Q1`). Tables keep the ISO label.
fn period_text(label: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return label.to_string();
    }
    match label.split_once('-') {
        Some((year, rest)) => match rest.strip_prefix('W') {
            Some(week) => format!("vk {}/{year}", week.trim_start_matches('0')),
            None if rest.starts_with('Q') => format!("{rest}/{year}"),
            None => format!("{}/{year}", rest.trim_start_matches('0')),
        },
        None => label.to_string(),
    }
}

/// An answer as stored, in the reader's words: `kyllä`, `7,5`, `N/A`.
fn answer_text(answer: &str, lang: Lang) -> String {
    match answer {
        "yes" => lang.pick("kyllä", "yes").to_string(),
        "no" => lang.pick("ei", "no").to_string(),
        "na" => "N/A".to_string(),
        number if number.parse::<f64>().is_ok() && lang == Lang::Fi => number.replace('.', ","),
        other => other.to_string(),
    }
}

fn percent(value: Option<f64>, lang: Lang) -> String {
    value.map_or("–".to_string(), |v| decimal(v, lang))
}

fn rate_text(rate: &Rate) -> String {
    match (rate.value(), rate.interval()) {
        (Some(value), Some((low, high))) => {
            format!("{:.0} % [{:.0}–{:.0}]", value * 100.0, low * 100.0, high * 100.0)
        }
        _ => "–".to_string(),
    }
}

fn mean_text(stat: &Stat, lang: Lang) -> String {
    let number = |value| decimal(value, lang);
    match (stat.mean, stat.mean_interval) {
        (Some(mean), Some((low, high))) => {
            format!("{} [{}–{}]", number(mean), number(low), number(high))
        }
        (Some(mean), None) => format!("{} (n < {})", number(mean), crate::stats::MIN_INTERVAL_N),
        _ => "–".to_string(),
    }
}

/// Labels in the report's language.
struct Words {
    lang: Lang,
}

impl Words {
    fn t<'a>(&self, fi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(fi, en)
    }
}

/// The checkpoint the report stands on, for a person: the log, its size,
/// and how many entries came after it.
fn checkpoint_line(p: &crate::input::Provenance, words: &Words) -> Option<String> {
    let (origin, size) = p.checkpoint.as_ref()?;
    let after = p.entries.saturating_sub(*size);
    let mut line = format!(
        "{}: {origin}, {size} {} (checkpoint.txt)",
        words.t("Allekirjoitettu tarkistuspiste", "Signed checkpoint"),
        words.t("merkintää", "entries")
    );
    if after > 0 {
        line.push_str(&format!(
            "; {} {after} {}",
            words.t("sen jälkeen", "after it"),
            words.t("merkintää", "entries")
        ));
    }
    Some(line)
}

/// The provenance line every chart carries.
fn stamp(input: &Input, words: &Words) -> String {
    let p = &input.provenance;
    format!(
        "{} {}… · {} {}… · {} {} · n = {}",
        words.t("Pääkirjan pää", "Ledger head"),
        &p.head.get(..12).unwrap_or(&p.head),
        words.t("Merkle-juuri", "Merkle root"),
        &p.merkle_root.get(..12).unwrap_or(&p.merkle_root),
        p.entries,
        words.t("merkintää", "entries"),
        input.encounters.id.len()
    )
}

/// Draws every chart and returns (stem, title, chart).
fn charts(
    input: &Input,
    aggregates: &Aggregates,
    options: &Options,
) -> Result<Vec<(String, String, chart::Chart)>, Error> {
    let words = Words { lang: options.lang };
    let subtitle = stamp(input, &words);
    let comma = options.lang == Lang::Fi;
    let mut out = Vec::new();

    // Trend per location.
    let title =
        words.t("Pisteiden kehitys toimipisteittäin", "Score trend by location").to_string();
    // On a calendar: a month without encounters is a step on the axis too.
    let (axis, places) = crate::aggregate::calendar(&aggregates.periods);
    let series: Vec<chart::TrendSeries> = (0..input.locations.len() as u32)
        .map(|location| chart::TrendSeries {
            label: input.locations.name(location).to_string(),
            points: aggregates
                .trend
                .iter()
                .filter(|s| s.keys[0] == location)
                .filter_map(|s| {
                    let x = places[s.keys[1] as usize];
                    s.mean.map(|mean| (x, mean, s.mean_interval, s.n, s.small))
                })
                .collect(),
        })
        .collect();
    let small_note = format!(
        "{} {} {}",
        words.t("ontto piste ja haalea viiva: n <", "hollow point, faint line: n <"),
        options.min_group,
        words.t("tai välissä ei arviointeja", "or no encounters between")
    );
    let periods: Vec<String> = axis.iter().map(|p| period_text(p, options.lang)).collect();
    let files = chart::trend(
        &periods,
        &series,
        &chart::TrendText {
            heading: Heading { title: &title, subtitle: &subtitle, comma },
            axis: words.t(
                "keskimääräiset pisteet (%), 95 %:n luottamusväli",
                "mean score (%), 95 % confidence band",
            ),
            small_note: &small_note,
        },
        "trend",
    )?;
    out.push(("trend".to_string(), title, files));

    // Heat map: the criteria that lose the most score (up to 25) by
    // location, each cell the mean credit.
    let title = words
        .t(
            "Kriteerien keskimääräinen toteutuma toimipisteittäin",
            "Mean credit by criterion and location",
        )
        .to_string();
    let rows: Vec<u32> = aggregates
        .by_criterion
        .iter()
        .filter(|c| c.lost > 0.0)
        .take(25)
        .map(|c| c.criterion)
        .collect();
    let cells: Vec<Vec<Option<chart::Cell>>> = rows
        .iter()
        .map(|&criterion| {
            (0..input.locations.len() as u32)
                .map(|location| {
                    aggregates
                        .criterion_location
                        .iter()
                        .find(|c| c.criterion == criterion && c.group == Some(location))
                        .map(|c| chart::Cell {
                            value: c.mean_credit,
                            n: c.failed.of,
                            small: c.small,
                        })
                })
                .collect()
        })
        .collect();
    let row_labels = criterion_labels(input, &rows, options.lang, LABEL);
    let files = chart::heat_map(
        &row_labels,
        &input.locations.values,
        &cells,
        &Heading { title: &title, subtitle: &subtitle, comma },
        "heatmap",
    )?;
    out.push(("heatmap".to_string(), title, files));

    // Pareto of the score lost.
    let title = words.t("Mihin pisteet menevät", "Where the score is lost").to_string();
    let total: f64 = aggregates.by_criterion.iter().map(|c| c.lost).sum();
    let lost: Vec<&CriterionStat> =
        aggregates.by_criterion.iter().filter(|c| c.lost > 0.0).take(15).collect();
    let labels = criterion_labels(
        input,
        &lost.iter().map(|c| c.criterion).collect::<Vec<_>>(),
        options.lang,
        LABEL,
    );
    let bars: Vec<(String, f64)> =
        labels.into_iter().zip(&lost).map(|(label, c)| (label, c.lost)).collect();
    let files = chart::pareto(
        &bars,
        total,
        &Heading { title: &title, subtitle: &subtitle, comma },
        words.t(
            "menetetyt pisteet: paino × puuttuva osuus, kaikki arvioinnit yhteensä",
            "score lost: weight × missing credit, summed over evaluations",
        ),
        words.t("kertymä osuutena kaikista menetetyistä", "cumulative share of all score lost"),
        "pareto",
    )?;
    out.push(("pareto".to_string(), title, files));

    // p-chart.
    let title = words
        .t("Kriittiset virheet jaksoittain (p-kortti)", "Critical failures by period (p-chart)")
        .to_string();
    let points: Vec<chart::ControlPoint> = aggregates
        .control
        .iter()
        .map(|p| chart::ControlPoint {
            x: places[p.period as usize],
            rate: p.rate.value().unwrap_or(0.0),
            lower: p.lower,
            upper: p.upper,
            n: p.rate.of,
        })
        .collect();
    let centre = aggregates.control.first().map_or(0.0, |p| p.centre);
    let files = chart::p_chart(
        &periods,
        &points,
        centre,
        &chart::ControlText {
            heading: Heading { title: &title, subtitle: &subtitle, comma },
            axis: words.t("kriittisten virheiden osuus", "critical-failure rate"),
            legend: [
                words.t("osuus jaksossa", "rate in the period"),
                words.t("keskiarvo", "centre line"),
                words.t("3σ-rajat", "3σ limits"),
                words.t("rajojen ulkopuolella", "outside the limits"),
            ],
        },
        "p-chart",
    )?;
    out.push(("p-chart".to_string(), title, files));

    // Distribution per rubric.
    let title = words.t("Kokonaispisteiden jakauma", "Distribution of overall scores").to_string();
    let panels: Vec<chart::Distribution> = (0..input.rubrics.len() as u32)
        .filter_map(|rubric| {
            let info = &input.rubrics[rubric as usize];
            let scores = input
                .encounters
                .rubric
                .iter()
                .zip(&input.encounters.overall)
                .filter(|(r, _)| **r == rubric)
                .filter_map(|(_, overall)| *overall);
            let (bins, any) = chart::bins(scores, info.pass_threshold * 100.0);
            any.then(|| chart::Distribution {
                label: format!(
                    "{} ({}) — {} {:.0} %",
                    info.title.get(options.lang),
                    info.id,
                    words.t("läpäisyraja", "pass threshold"),
                    info.pass_threshold * 100.0
                ),
                bins,
                threshold: info.pass_threshold * 100.0,
            })
        })
        .collect();
    let files = chart::distribution(
        &panels,
        &Heading { title: &title, subtitle: &subtitle, comma },
        (words.t("kokonaispisteet (%)", "overall score (%)"), words.t("kohtaamisia", "encounters")),
        "distribution",
    )?;
    out.push(("distribution".to_string(), title, files));

    // Human versus automatic.
    if !aggregates.agreement.is_empty() {
        let title = words
            .t("Arvioija vs. automaattinen tarkistus", "Auditor versus automatic check")
            .to_string();
        let criteria: Vec<u32> = aggregates.agreement.iter().map(|a| a.criterion).collect();
        // Room for " (n=11)" in the forest's larger type.
        let labels = criterion_labels(input, &criteria, options.lang, 44);
        let rows: Vec<chart::ForestRow> = aggregates
            .agreement
            .iter()
            .zip(labels)
            .map(|(a, label)| chart::ForestRow {
                label: format!("{label} (n={})", a.agree.of),
                value: a.agree.value(),
                interval: a.agree.interval(),
            })
            .collect();
        let files = chart::forest(
            &rows,
            &chart::ForestText {
                title: &title,
                axis: words.t(
                    "sama ratkaisu: viimeisin arvioijan ja automaattinen pisteytys, osuus kohtaamisista, 95 %:n Wilson-väli",
                    "matching verdicts, current auditor's sheet vs automatic, share of encounters, 95 % Wilson interval",
                ),
                undefined: "–",
                subtitle: &subtitle,
                comma,
            },
            &[0.8, 0.9],
            "human-automatic",
        )?;
        out.push(("human-automatic".to_string(), title, files));
    }

    // Auditor agreement, as `tarkka calibrate` computes it.
    if let Some(calibration) = &input.calibration {
        let files = chart::calibration(calibration, &subtitle, options.lang)?;
        let title = words.t("Arvioijien yhtäpitävyys", "Auditor agreement").to_string();
        out.push(("calibration-alpha".to_string(), title, files));
    }
    Ok(out)
}

/// How many characters of a question fit a chart's row label.
const LABEL: usize = 58;

/// A criterion as a person reads it: its question in the report's
/// language, shortened to fit a chart's label or a table's cell.
fn criterion_label(input: &Input, criterion: u32, lang: Lang) -> String {
    shorten(input.criteria[criterion as usize].text.get(lang), LABEL)
}

/// Chart labels for these criteria: their questions, each told apart by
/// its rubric's id where two rubrics ask the same (two "Was the remedy in
/// proportion…?" rows would otherwise look like one criterion).
fn criterion_labels(input: &Input, criteria: &[u32], lang: Lang, most: usize) -> Vec<String> {
    let question = |c: u32| input.criteria[c as usize].text.get(lang);
    let plain: Vec<String> = criteria.iter().map(|&c| shorten(question(c), most)).collect();
    criteria
        .iter()
        .zip(&plain)
        .map(|(&criterion, label)| {
            if plain.iter().filter(|other| *other == label).count() < 2 {
                return label.clone();
            }
            let rubric = &input.rubrics[input.criteria[criterion as usize].rubric as usize].id;
            let room = most.saturating_sub(rubric.chars().count() + 3).max(20);
            format!("{} ({rubric})", shorten(question(criterion), room))
        })
        .collect()
}

/// A criterion's rubric and id, `store-visit: facilities.premises`.
fn criterion_id(input: &Input, criterion: u32) -> String {
    let info = &input.criteria[criterion as usize];
    format!("{}: {}", input.rubrics[info.rubric as usize].id, info.id)
}

/// The text cut at a word before `most` characters, with an ellipsis.
pub fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let cut: String = text.chars().take(most - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > most / 2 => &cut[..space],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// A criterion's table cell: the question, with the rubric and id on hover.
fn criterion_cell(input: &Input, criterion: u32, lang: Lang) -> String {
    let full = input.criteria[criterion as usize].text.get(lang);
    format!(
        "<span title=\"{} — {}\">{}</span>",
        escape(&criterion_id(input, criterion)),
        escape(full),
        escape(&criterion_label(input, criterion, lang))
    )
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;\
max-width:1180px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}\
h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{padding:.3em .7em;border-bottom:1px solid #e6e6e6;text-align:left}\
th{background:#f4f4f4}td:nth-child(2){white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}td.d{white-space:nowrap}\
tr.small td{color:#777}.note{color:#666;font-size:.9em}figure{margin:1em 0}figure svg{max-width:100%;height:auto}\
.provenance{background:#f7f7f7;border:1px solid #e3e3e3;padding:.8em 1em;font-size:.88em}.provenance summary{cursor:pointer}\
code{font-size:.95em}.bad{color:#b34700;font-weight:600}";

fn page(title: &str, lang: Lang, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        match lang {
            Lang::Fi => "fi",
            Lang::En => "en",
        },
        escape(title)
    )
}

/// What the report covers, in one line under its title: the encounters'
/// first and last dates and how many, and the time of the ledger's last
/// entry, which "overdue" and "unacknowledged" are counted to; for a
/// report of no encounters, that its charts and tables are empty.
fn covers_text(input: &Input, words: &Words) -> String {
    let dates = &input.encounters.date;
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return words
            .t(
                "Raportissa ei ole yhtään pisteytettyä kohtaamista: sen kaaviot ja taulukot ovat tyhjiä.",
                "The report has no scored encounter: its charts and tables are empty.",
            )
            .to_string();
    };
    let count = dates.len();
    let span = match words.lang {
        Lang::Fi => format!(
            "{count} kohtaami{} {}–{}",
            if count == 1 { "nen" } else { "sta" },
            date_text(*first, words.lang),
            date_text(*last, words.lang)
        ),
        Lang::En => format!(
            "{count} encounter{} from {} to {}",
            if count == 1 { "" } else { "s" },
            date_text(*first, words.lang),
            date_text(*last, words.lang)
        ),
    };
    let as_of = &input.provenance.as_of;
    if as_of.is_empty() {
        return span;
    }
    format!(
        "{span} · {} {} ({})",
        words.t("tilanne", "as of"),
        time_text(as_of, words.lang),
        words.t("pääkirjan viimeinen merkintä", "the ledger's last entry")
    )
}

/// [`covers_text`] as the HTML pages put it under their title.
fn covers(input: &Input, words: &Words) -> String {
    let text = covers_text(input, words);
    if text.is_empty() {
        return text;
    }
    format!("<p class=\"covers\">{}</p>\n", escape(&text))
}

fn provenance(input: &Input, options: &Options, words: &Words) -> String {
    let p = &input.provenance;
    // One short line; the full hashes, fingerprints and command one click
    // away, still in the page (and so in a saved or printed copy).
    let mut out = format!(
        "<details class=\"provenance\"><summary><strong>{}</strong>: {} {} · {} <code>{}…</code></summary>\n",
        words.t("Mistä luvut tulevat", "Where the numbers come from"),
        p.entries,
        words.t("pääkirjan merkintää", "ledger entries"),
        words.t("pää", "head"),
        escape(p.head.get(..12).unwrap_or(&p.head)),
    );
    let _ = writeln!(
        out,
        "{}: <code>{}</code><br>\n{}: <code>{}</code><br>\n{}: {}<br>",
        words.t("Pääkirjan pää", "Ledger head"),
        escape(&p.head),
        words.t("Merkle-juuri (RFC 6962)", "Merkle root (RFC 6962)"),
        escape(&p.merkle_root),
        words.t("Merkintöjä", "Entries"),
        p.entries
    );
    if let Some(line) = checkpoint_line(p, words) {
        let _ = writeln!(out, "{}<br>", escape(&line));
    }
    for rubric in &input.rubrics {
        let _ = writeln!(
            out,
            "{}: {} {} <code>{}</code><br>",
            words.t("Arviointilomake", "Rubric"),
            escape(&rubric.id),
            escape(&rubric.version),
            escape(&rubric.fingerprint)
        );
    }
    let filters = if p.filters.is_empty() {
        words.t("ei rajauksia", "none").to_string()
    } else {
        p.filters.join(", ")
    };
    let _ = writeln!(
        out,
        "{}: {}<br>\n{}: {} · {}: {}<br>\n{}: <code>{}</code>\n</details>",
        words.t("Rajaukset", "Filters"),
        escape(&filters),
        words.t("Jakso", "Period"),
        match options.period {
            crate::Period::Week => words.t("viikko", "week"),
            crate::Period::Month | crate::Period::Auto => words.t("kuukausi", "month"),
            crate::Period::Quarter => words.t("neljännesvuosi", "quarter"),
            crate::Period::Year => words.t("vuosi", "year"),
        },
        words.t("pienin ryhmä", "minimum group"),
        options.min_group,
        words.t("Komento", "Command"),
        escape(&p.command)
    );
    out
}

fn stat_table(header: &str, rows: &[(String, Option<String>, &Stat)], words: &Words) -> String {
    stat_table_of(header, rows, words, false)
}

/// [`stat_table`] of peers (locations, agents) whose means a reader will
/// compare: with how many of the others each can be told apart from, and
/// a note that overlapping ones are not shown to differ.
fn peer_table(header: &str, rows: &[(String, Option<String>, &Stat)], words: &Words) -> String {
    let (before, after) = words.lang.pick(
        (
            "Erottuu: kuinka monen muun keskiarvon välistä tämän väli on kokonaan erillään. \
             Ryhmien, joiden välit menevät päällekkäin, eroa ei ole osoitettu, eikä eri \
             lomakkeilla arvioituja ryhmiä voi verrata suoraan; ",
            " kertoo, montako arviointia lisää tarvitaan.",
        ),
        (
            "Told apart: from how many of the others this mean's interval is wholly \
             separate. Groups whose intervals overlap are not shown to differ, and groups \
             scored on different rubrics do not compare directly; ",
            " tells how many more evaluations it would take.",
        ),
    );
    format!(
        "<p class=\"note\">{}<code>tarkka sample size</code>{}</p>\n{}",
        escape(before),
        escape(after),
        stat_table_of(header, rows, words, true)
    )
}

fn stat_table_of(
    header: &str,
    rows: &[(String, Option<String>, &Stat)],
    words: &Words,
    peers: bool,
) -> String {
    let mut columns = vec![
        header,
        words.t("kohtaamisia", "encounters"),
        words.t("keskiarvo [95 %]", "mean [95 %]"),
        words.t("läpäisy [95 %]", "pass rate [95 %]"),
        words.t("kriittiset [95 %]", "critical [95 %]"),
    ];
    if peers {
        columns.push(words.t("erottuu", "told apart"));
    }
    let mut out = table(&columns);
    let intervals: Vec<Option<(f64, f64)>> = rows.iter().map(|(_, _, s)| s.mean_interval).collect();
    let apart = crate::stats::told_apart(&intervals);
    let compared = intervals.iter().flatten().count();
    for ((label, link, stat), apart) in rows.iter().zip(apart) {
        let apart = match (peers, apart) {
            (false, _) => String::new(),
            (true, Some(count)) => format!("<td class=\"n\">{count} / {}</td>", compared - 1),
            (true, None) => "<td class=\"n\">–</td>".to_string(),
        };
        let name = match link {
            Some(link) => format!("<a href=\"{}\">{}</a>", escape(link), escape(label)),
            None => escape(label),
        };
        let small = if stat.small { " class=\"small\"" } else { "" };
        let mark = if stat.small { " *" } else { "" };
        let _ = writeln!(
            out,
            "<tr{small}><td>{name}{mark}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{apart}</tr>",
            stat.n,
            mean_text(stat, words.lang),
            rate_text(&stat.pass),
            rate_text(&stat.critical)
        );
    }
    out.push_str("</table>\n");
    out
}

fn criteria_table(input: &Input, cells: &[&CriterionStat], words: &Words) -> String {
    if cells.is_empty() {
        return format!("<p>{}</p>\n", words.t("Ei menetettyjä pisteitä.", "No score lost."));
    }
    let mut out = format!(
        "<p class=\"note\">{}</p>\n{}",
        words.t(
            "Järjestys menetettyjen pisteiden mukaan (paino × puuttuva osuus, yhteensä). \
             Toteutuma: keskimääräinen osuus kohdan pisteistä (8,6/10 = 86 %). \
             Täyttyi: vastaukset, jotka ylsivät kohdan omaan rajaan.",
            "Ordered by the score lost (weight × missing credit, summed). Mean credit: \
             the average share of the criterion's points (8.6/10 = 86 %). Met: answers \
             that reached the criterion's own threshold.",
        ),
        table(&[
            words.t("kriteeri", "criterion"),
            words.t("vastauksia", "answered"),
            words.t("toteutuma", "mean credit"),
            words.t("täyttyi [95 %]", "met [95 %]"),
            words.t("menetetty", "score lost"),
        ]),
    );
    for cell in cells {
        let small = if cell.small { " class=\"small\"" } else { "" };
        let _ = writeln!(
            out,
            "<tr{small}><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} %</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            criterion_cell(input, cell.criterion, words.lang),
            cell.failed.of,
            decimal(cell.mean_credit * 100.0, words.lang),
            rate_text(&cell.met()),
            decimal(cell.lost, words.lang),
        );
    }
    out.push_str("</table>\n");
    out
}

/// How many critical failures a page lists; the table has them all.
const LISTED: usize = 200;

/// The critical failures `filter` keeps, the latest [`LISTED`] of them.
fn failures_table(
    input: &Input,
    all: &[CriticalFailure],
    filter: impl Fn(u32) -> bool,
    tables: &str,
    words: &Words,
) -> String {
    let failures: Vec<&CriticalFailure> = all.iter().filter(|f| filter(f.index)).collect();
    if failures.is_empty() {
        return format!("<p>{}</p>\n", words.t("Ei kriittisiä virheitä.", "No critical failures."));
    }
    let shown = &failures[failures.len().saturating_sub(LISTED)..];
    let note = if shown.len() < failures.len() {
        format!(
            "<p class=\"note\">{} {} / {}; {} <a href=\"{tables}critical_failures.csv\">critical_failures.csv</a>.</p>\n",
            words.t("Viimeisimmät", "The latest"),
            shown.len(),
            failures.len(),
            words.t("kaikki:", "all of them:"),
        )
    } else {
        String::new()
    };
    let mut out = table(&[
        words.t("kohtaaminen", "encounter"),
        words.t("päivä", "date"),
        words.t("toimipiste", "location"),
        words.t("myyjä", "agent"),
        words.t("kriteerit", "criteria"),
        words.t("näyttö (SHA-256)", "evidence (SHA-256)"),
    ]);
    for f in shown.iter().rev() {
        let evidence: Vec<String> =
            // The first 12 digits, the whole digest on hover: the hash
            // column never crowds out the names.
            f.evidence
                .iter()
                .map(|hash| {
                    let short = hash.get(..12).unwrap_or(hash);
                    format!("<code title=\"{}\">{}…</code>", escape(hash), escape(short))
                })
                .collect();
        let criteria: Vec<String> =
            f.criteria.iter().map(|&c| criterion_cell(input, c, words.lang)).collect();
        let date = f.date.parse().map_or_else(|_| f.date.clone(), |d| date_text(d, words.lang));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"d\">{}</td><td>{}</td><td>{}</td><td class=\"bad\">{}</td><td>{}</td></tr>",
            escape(&f.encounter),
            escape(&date),
            escape(&f.location),
            escape(&f.agent),
            criteria.join("<br>"),
            if evidence.is_empty() { "–".to_string() } else { evidence.join("<br>") }
        );
    }
    out.push_str("</table>\n");
    out.push_str(&note);
    out
}

/// What the calibration chart rests on, and where the rest is.
fn calibration_note(calibration: &crate::Calibration, words: &Words) -> String {
    let (used, of) = (calibration.encounters, calibration.of);
    let basis = match (words.lang, used < of) {
        (Lang::Fi, false) => format!("Kaikki {of} useamman arvioijan pisteyttämää kohtaamista."),
        (Lang::En, false) => format!("All {of} encounters scored by two or more auditors."),
        (Lang::Fi, true) => {
            format!("Uusimmat {used} / {of} useamman arvioijan pisteyttämää kohtaamista.")
        }
        (Lang::En, true) => {
            format!("The latest {used} of {of} encounters scored by two or more auditors.")
        }
    };
    format!(
        "{basis} {}",
        words.t(
            "Luvut ovat samat kuin komennolla <code>tarkka calibrate</code> samoista \
             pisteytyksistä; se antaa myös kappat, arvioijakohtaiset poikkeamat ja \
             ajautumisen (docs/calibration.md).",
            "The figures are those <code>tarkka calibrate</code> gives for the same \
             scoresheets, which also gives the kappas, each auditor's deviations and \
             drift (docs/calibration.md).",
        )
    )
}

/// The verdict of an encounter as a person reads it.
fn verdict(passed: Option<bool>, words: &Words) -> &'static str {
    match passed {
        Some(true) => words.t("hyväksytty", "pass"),
        Some(false) => words.t("hylätty", "fail"),
        None => words.t("ei pisteitä", "not scored"),
    }
}

/// An agent's evaluations: one row each, the failed criteria with the
/// auditor's comments, linking to the evaluation's own page.
fn evaluations_table(input: &Input, listed: &[usize], links: &[String], words: &Words) -> String {
    if listed.is_empty() {
        return format!("<p>{}</p>\n", words.t("Ei arviointeja.", "No evaluations."));
    }
    // Where each stands with its agent, once the workspace uses the review
    // workflow.
    let states = input.review.is_some();
    let mut headings = vec![
        words.t("päivä", "date"),
        words.t("kohtaaminen", "encounter"),
        words.t("arviointilomake", "rubric"),
        words.t("pisteet", "score"),
        words.t("tulos", "verdict"),
    ];
    if states {
        headings.push(words.t("tila", "state"));
    }
    headings.push(
        words.t("puutteet ja arvioijan kommentit", "failed criteria and the auditor's comments"),
    );
    let mut out = table(&headings);
    for &e in listed {
        let evaluation = &input.evaluations[e];
        let i = evaluation.encounter as usize;
        let encounters = &input.encounters;
        let rubric = &input.rubrics[encounters.rubric[i] as usize];
        let failed: Vec<String> = evaluation
            .answers
            .iter()
            .filter(|a| a.failed)
            .map(|a| {
                let mark = if a.critical { words.t("KRIITTINEN: ", "CRITICAL: ") } else { "" };
                let comment = a
                    .comment
                    .as_deref()
                    .map_or(String::new(), |c| format!(" — <q>{}</q>", escape(c)));
                format!("{mark}{}{comment}", criterion_cell(input, a.criterion, words.lang))
            })
            .collect();
        let bad = if encounters.passed[i] == Some(false) { " class=\"bad\"" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td class=\"d\">{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td{bad}>{}</td>{}<td>{}</td></tr>",
            date_text(encounters.date[i], words.lang),
            links[e],
            escape(&encounters.id[i]),
            escape(rubric.title.get(words.lang)),
            percent(encounters.overall[i], words.lang),
            verdict(encounters.passed[i], words),
            if states {
                format!("<td>{}</td>", state_text(evaluation.state, words))
            } else {
                String::new()
            },
            if failed.is_empty() { "–".to_string() } else { failed.join("<br>") },
        );
    }
    out.push_str("</table>\n");
    out
}

/// One evaluation, a section of its agent's evaluations page: the
/// scoresheet as it stands, every answer with its comment, the amendments
/// and the evidence.
fn evaluation_section(
    input: &Input,
    evaluation: &Evaluation,
    anchor: &str,
    agent_pages: &[String],
    location_pages: &[String],
    words: &Words,
) -> String {
    let i = evaluation.encounter as usize;
    let encounters = &input.encounters;
    let rubric = &input.rubrics[encounters.rubric[i] as usize];
    let agent = encounters.agent[i];
    let location = encounters.location[i];
    let mut out = format!("<section id=\"{anchor}\">\n<h2>{}</h2>\n", escape(&encounters.id[i]));
    let _ = writeln!(
        out,
        "<p>{}: {} · {}: <a href=\"../locations/{}\">{}</a> · {}: <a href=\"../agents/{}\">{}</a><br>\n\
         {}: {} {} (<code title=\"{}\">{}…</code>) · {}: {} · {}: {}</p>",
        words.t("aika", "time"),
        escape(&time_text(&evaluation.time, words.lang)),
        words.t("toimipiste", "location"),
        location_pages[location as usize],
        escape(input.locations.name(location)),
        words.t("myyjä", "agent"),
        agent_pages[agent as usize],
        escape(input.agents.name(agent)),
        words.t("arviointilomake", "rubric"),
        escape(rubric.title.get(words.lang)),
        escape(&rubric.version),
        escape(&rubric.fingerprint),
        escape(rubric.fingerprint.get(..12).unwrap_or(&rubric.fingerprint)),
        words.t("arvioija", "auditor"),
        escape(&evaluation.auditor),
        words.t("pisteytetty", "scored"),
        format_args!(
            "{} ({} {})",
            escape(&time_text(&evaluation.scored, words.lang)),
            words.t("merkintä", "entry"),
            evaluation.seq
        ),
    );
    let bad = if encounters.passed[i] == Some(false) { " class=\"bad\"" } else { "" };
    let _ = writeln!(
        out,
        "<p><strong>{}: {} %</strong> · <span{bad}>{}</span></p>",
        words.t("Pisteet", "Score"),
        percent(encounters.overall[i], words.lang),
        verdict(encounters.passed[i], words),
    );
    let _ = write!(
        out,
        "<h3>{}</h3>\n{}",
        words.t("Vastaukset", "Answers"),
        table(&[
            words.t("kriteeri", "criterion"),
            words.t("vastaus", "answer"),
            words.t("tila", "outcome"),
            words.t("arvioijan kommentti", "auditor's comment")
        ]),
    );
    for answer in &evaluation.answers {
        let status = match (answer.critical, answer.failed, answer.answer.as_str()) {
            (_, _, "na") => "N/A".to_string(),
            _ if answer.bonus == Some(true) => {
                words.t("bonus ansaittu", "bonus earned").to_string()
            }
            _ if answer.bonus == Some(false) => {
                words.t("bonusta ei ansaittu", "bonus not earned").to_string()
            }
            (true, _, _) => {
                format!("<span class=\"bad\">{}</span>", words.t("KRIITTINEN", "CRITICAL"))
            }
            (false, true, _) => {
                format!("<span class=\"bad\">{}</span>", words.t("ei täyty", "not met"))
            }
            _ => words.t("täyttyy", "met").to_string(),
        };
        let info = &input.criteria[answer.criterion as usize];
        let _ = writeln!(
            out,
            "<tr><td><span title=\"{}\">{}</span></td><td>{}</td><td>{status}</td><td>{}</td></tr>",
            escape(&criterion_id(input, answer.criterion)),
            escape(info.text.get(words.lang)),
            escape(&answer_text(&answer.answer, words.lang)),
            answer.comment.as_deref().map_or(String::new(), escape),
        );
    }
    out.push_str("</table>\n");
    let _ = writeln!(out, "<h3>{}</h3>", words.t("Muutokset", "Amendments"));
    if evaluation.amendments.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", words.t("Ei muutoksia.", "None."));
    } else {
        out.push_str(&table(&[
            words.t("aika", "time"),
            words.t("kuka", "who"),
            words.t("kriteeri", "criterion"),
            words.t("vastaus ennen → jälkeen", "answer before → after"),
            words.t("syy", "reason"),
        ]));
        for amendment in &evaluation.amendments {
            let _ = writeln!(
                out,
                "<tr><td>{} ({} {})</td><td>{}</td><td><code>{}</code></td><td>{} → {}</td><td>{}</td></tr>",
                escape(&time_text(&amendment.time, words.lang)),
                words.t("merkintä", "entry"),
                amendment.seq,
                escape(&amendment.actor),
                escape(&amendment.criterion),
                escape(&answer_text(&amendment.before, words.lang)),
                escape(&answer_text(&amendment.after, words.lang)),
                escape(&amendment.reason),
            );
        }
        out.push_str("</table>\n");
    }
    let _ = writeln!(out, "<h3>{}</h3>", words.t("Näyttö (SHA-256)", "Evidence (SHA-256)"));
    if evaluation.evidence.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", words.t("Näyttöä ei ole liitetty.", "None attached."));
    } else {
        out.push_str("<ul>\n");
        for digest in &evaluation.evidence {
            let _ = writeln!(out, "<li><code>{}</code></li>", escape(digest));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The ledger state a page came from, in one line.
fn provenance_short(input: &Input, words: &Words) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(&stamp(input, words)))
}

/// The top of a location's or agent's page: the way back, the name and the
/// provenance.
fn drill_down_header(
    title: &str,
    name: &str,
    input: &Input,
    options: &Options,
    words: &Words,
) -> String {
    format!(
        "<p><a href=\"../index.html\">← {title}</a></p>\n<h1>{}</h1>\n{}{}",
        escape(name),
        covers(input, words),
        provenance(input, options, words)
    )
}

/// Criteria by fail rate, highest first; ties in rubric order.
/// The criteria that lost score, most first.
fn weakest<'a>(cells: impl Iterator<Item = &'a CriterionStat>) -> Vec<&'a CriterionStat> {
    let mut cells: Vec<&CriterionStat> = cells.filter(|c| c.lost > 0.0).collect();
    cells.sort_by(|a, b| crate::aggregate::by_loss(a, b));
    cells
}

/// The SVG of a chart, ready to inline.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

pub(crate) fn write(
    input: &Input,
    aggregates: &Aggregates,
    failures: &[CriticalFailure],
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<Vec<PathBuf>, Error> {
    let words = Words { lang: options.lang };
    let mut written = Vec::new();
    let charts = charts(input, aggregates, options)?;
    for (_, _, chart) in &charts {
        written.extend(chart.put(sink, Path::new("charts"))?);
    }
    let title = words.t("Laaturaportti", "Quality report");
    let location_pages: Vec<String> =
        input.locations.values.iter().enumerate().map(|(i, n)| slug(i as u32, n)).collect();
    let agent_pages: Vec<String> =
        input.agents.values.iter().enumerate().map(|(i, n)| slug(i as u32, n)).collect();
    // Each listed evaluation is a section of its agent's evaluations page
    // (one file an agent, not one an evaluation: thousands of small files
    // cost more to write than the report's numbers take to compute).
    let anchors: Vec<String> = input
        .evaluations
        .iter()
        .map(|e| {
            let page = slug(e.encounter, &input.encounters.id[e.encounter as usize]);
            page.trim_end_matches(".html").to_string()
        })
        .collect();
    let evaluation_links: Vec<String> = input
        .evaluations
        .iter()
        .zip(&anchors)
        .map(|(e, anchor)| {
            let agent = input.encounters.agent[e.encounter as usize];
            format!("../evaluations/{}#{anchor}", agent_pages[agent as usize])
        })
        .collect();

    // --- index.html
    let mut body = format!("<h1>{title}</h1>\n");
    body.push_str(&covers(input, &words));
    body.push_str(&provenance(input, options, &words));
    let _ = writeln!(body, "<h2>{}</h2>", words.t("Yhteenveto", "Summary"));
    let mut rows: Vec<(String, Option<String>, &Stat)> =
        aggregates.total.iter().map(|s| (words.t("kaikki", "all").to_string(), None, s)).collect();
    rows.extend(
        aggregates.by_rubric.iter().map(|s| {
            (input.rubrics[s.keys[0] as usize].title.get(words.lang).to_string(), None, s)
        }),
    );
    body.push_str(&stat_table(words.t("arviointilomake", "rubric"), &rows, &words));
    let _ = writeln!(
        body,
        "<p class=\"note\">{} {} {} {}</p>",
        words.t(
            "Harmaat rivit (*) ovat ryhmiä, joissa on alle",
            "Grey rows (*) are groups with fewer than"
        ),
        options.min_group,
        words.t("kohtaamista.", "encounters."),
        words.t(
            "Välit ovat 95 %:n luottamusvälejä asteikon sisällä (keskiarvo: Wilsonin väli tehollisella otoskoolla, tai osuuden Wilsonin väli, kun pisteissä ei ole hajontaa; osuudet: Wilson); alle kolmesta pisteytyksestä väliä ei anneta. Muutetut pisteytykset lasketaan viimeisimmän muutoksen mukaan.",
            "Intervals are 95 % and stay within the scale (means: Wilson's interval with an effective sample size, or a share's Wilson interval where the scores have no spread; rates: Wilson); below three scores none is given. Amended scoresheets count with their latest amendment."
        )
    );
    for (stem, chart_title, chart) in &charts {
        let _ = writeln!(body, "<h2 id=\"{stem}\">{}</h2>", escape(chart_title));
        let _ = writeln!(
            body,
            "<figure data-chart=\"{stem}\">{}<figcaption class=\"note\"><a href=\"charts/{stem}.png\">PNG</a> · <a href=\"charts/{stem}.svg\">SVG</a></figcaption></figure>",
            inline_svg(&chart.svg)
        );
        if let (Some(calibration), "calibration-alpha") = (&input.calibration, stem.as_str()) {
            let _ =
                writeln!(body, "<p class=\"note\">{}</p>", calibration_note(calibration, &words));
        }
        if stem == "p-chart" {
            let out: Vec<String> = aggregates
                .control
                .iter()
                .filter(|p| p.out_of_control)
                .map(|p| {
                    let period = period_text(&aggregates.periods[p.period as usize], words.lang);
                    format!("{period} ({})", rate_text(&p.rate))
                })
                .collect();
            let _ = writeln!(
                body,
                "<p>{}: {}</p>",
                words.t("Rajojen ulkopuolella", "Outside the limits"),
                if out.is_empty() {
                    words.t("ei yhtään", "none").to_string()
                } else {
                    escape(&out.join(", "))
                }
            );
        }
    }
    let _ = writeln!(body, "<h2>{}</h2>", words.t("Toimipisteet", "Locations"));
    let rows: Vec<(String, Option<String>, &Stat)> = aggregates
        .by_location
        .iter()
        .map(|s| {
            let i = s.keys[0] as usize;
            (input.locations.values[i].clone(), Some(format!("locations/{}", location_pages[i])), s)
        })
        .collect();
    body.push_str(&peer_table(words.t("toimipiste", "location"), &rows, &words));
    let _ = writeln!(body, "<h2>{}</h2>", words.t("Myyjät ja asiakaspalvelijat", "Agents"));
    let rows: Vec<(String, Option<String>, &Stat)> = aggregates
        .by_agent
        .iter()
        .map(|s| {
            let i = s.keys[0] as usize;
            (input.agents.values[i].clone(), Some(format!("agents/{}", agent_pages[i])), s)
        })
        .collect();
    body.push_str(&peer_table(words.t("myyjä", "agent"), &rows, &words));
    let _ = writeln!(body, "<h2>{}</h2>", words.t("Arvioijat", "Auditors"));
    let rows: Vec<(String, Option<String>, &Stat)> = aggregates
        .by_auditor
        .iter()
        .map(|s| (input.auditors.values[s.keys[0] as usize].clone(), None, s))
        .collect();
    body.push_str(&stat_table(words.t("arvioija", "auditor"), &rows, &words));
    let _ = writeln!(
        body,
        "<p class=\"note\">{}</p>",
        words.t(
            "Tässä lasketaan jokainen arvioijan oma pisteytys, myös kohtaamisista, jotka useampi arvioija pisteytti kalibrointia varten. Arviointityö-taulukko alla laskee kunkin kohtaamisen voimassa olevan arvioinnin vain sen arvioijalle.",
            "Every scoresheet an auditor recorded counts here, those of encounters several auditors scored for calibration too. The review work table below counts each encounter's current evaluation, for its auditor only."
        )
    );
    if let Some(review) = &input.review {
        body.push_str(&review_section(input, review, &words));
    }
    if !aggregates.promises_by_location.is_empty() {
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Lupausten pitäminen", "Promises kept"));
        body.push_str(&table(&[
            words.t("toimipiste", "location"),
            words.t("pidetty", "kept"),
            words.t("rikottu", "broken"),
            words.t("avoin", "open"),
            words.t("ei tiedossa", "unknown"),
            words.t("pidetty [95 %]", "kept [95 %]"),
        ]));
        for p in &aggregates.promises_by_location {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(input.locations.name(p.key)),
                p.kept,
                p.broken,
                p.open,
                p.unknown,
                rate_text(&p.kept_rate())
            );
        }
        body.push_str("</table>\n");
    }
    let _ = writeln!(
        body,
        "<h2 id=\"critical\">{}</h2>",
        words.t("Kriittiset virheet", "Critical failures")
    );
    body.push_str(&failures_table(input, failures, |_| true, "tables/", &words));
    let _ = writeln!(body, "<h2>{}</h2>\n<p>", words.t("Taulukot", "Tables"));
    let review_tables = if input.review.is_some() { &REVIEW_TABLES[..] } else { &[] };
    for (name, fi, en) in TABLES.iter().chain(review_tables) {
        let _ = writeln!(
            body,
            "{} (<code>{name}</code>): <a href=\"tables/{name}.csv\">CSV</a> · <a href=\"tables/{name}.parquet\">Parquet</a><br>",
            words.t(fi, en)
        );
    }
    body.push_str("</p>\n");
    written.push(sink.put(Path::new("index.html"), page(title, options.lang, &body).as_bytes())?);

    // --- location pages
    for (i, name) in input.locations.values.iter().enumerate() {
        let location = i as u32;
        let mut body = drill_down_header(title, name, input, options, &words);
        let rows: Vec<(String, Option<String>, &Stat)> = aggregates
            .by_location
            .iter()
            .filter(|s| s.keys[0] == location)
            .map(|s| (name.clone(), None, s))
            .collect();
        body.push_str(&stat_table(words.t("toimipiste", "location"), &rows, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Jaksoittain", "By period"));
        let rows: Vec<(String, Option<String>, &Stat)> = aggregates
            .trend
            .iter()
            .filter(|s| s.keys[0] == location)
            .map(|s| (period_text(&aggregates.periods[s.keys[1] as usize], words.lang), None, s))
            .collect();
        body.push_str(&stat_table(words.t("jakso", "period"), &rows, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Myyjät", "Agents"));
        let rows: Vec<(String, Option<String>, &Stat)> = aggregates
            .by_location_agent
            .iter()
            .filter(|s| s.keys[0] == location)
            .map(|s| {
                let a = s.keys[1] as usize;
                (input.agents.values[a].clone(), Some(format!("../agents/{}", agent_pages[a])), s)
            })
            .collect();
        body.push_str(&peer_table(words.t("myyjä", "agent"), &rows, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Heikoimmat kriteerit", "Weakest criteria"));
        let cells =
            weakest(aggregates.criterion_location.iter().filter(|c| c.group == Some(location)));
        body.push_str(&criteria_table(input, &cells, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Kriittiset virheet", "Critical failures"));
        body.push_str(&failures_table(
            input,
            failures,
            |e| input.encounters.location[e as usize] == location,
            "../tables/",
            &words,
        ));
        let path = Path::new("locations").join(&location_pages[i]);
        written.push(sink.put(&path, page(name, options.lang, &body).as_bytes())?);
    }

    // --- agent pages
    for (i, name) in input.agents.values.iter().enumerate() {
        let agent = i as u32;
        let mut body = drill_down_header(title, name, input, options, &words);
        let rows: Vec<(String, Option<String>, &Stat)> = aggregates
            .by_location_agent
            .iter()
            .filter(|s| s.keys[1] == agent)
            .map(|s| {
                let l = s.keys[0] as usize;
                (
                    input.locations.values[l].clone(),
                    Some(format!("../locations/{}", location_pages[l])),
                    s,
                )
            })
            .collect();
        body.push_str(&stat_table(words.t("toimipiste", "location"), &rows, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Jaksoittain", "By period"));
        let rows: Vec<(String, Option<String>, &Stat)> = aggregates
            .agent_trend
            .iter()
            .filter(|s| s.keys[0] == agent)
            .map(|s| (period_text(&aggregates.periods[s.keys[1] as usize], words.lang), None, s))
            .collect();
        body.push_str(&stat_table(words.t("jakso", "period"), &rows, &words));
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Heikoimmat kriteerit", "Weakest criteria"));
        let cells = weakest(aggregates.criterion_agent.iter().filter(|c| c.group == Some(agent)));
        body.push_str(&criteria_table(input, &cells, &words));
        let listed: Vec<usize> = (0..input.evaluations.len())
            .filter(|&e| input.encounters.agent[input.evaluations[e].encounter as usize] == agent)
            .collect();
        let total = aggregates.by_agent.iter().find(|s| s.keys[0] == agent).map_or(0, |s| s.n);
        let _ = writeln!(
            body,
            "<h2>{}</h2>\n<p class=\"note\">{}</p>",
            words.t("Arvioinnit", "Evaluations"),
            match (words.lang, listed.len() as u64 == total) {
                (Lang::Fi, true) => format!("Kaikki {total}, uusin ensin."),
                (Lang::En, true) => format!("All {total}, the latest first."),
                (Lang::Fi, false) => format!("Uusimmat {} / {total}.", listed.len()),
                (Lang::En, false) => format!("The latest {} of {total}.", listed.len()),
            }
        );
        body.push_str(&evaluations_table(input, &listed, &evaluation_links, &words));
        if let Some(p) = aggregates.promises_by_agent.iter().find(|p| p.key == agent) {
            let _ = writeln!(
                body,
                "<h2>{}</h2>\n<p>{}: {} · {}: {} · {}: {} · {}: {}</p>",
                words.t("Lupaukset", "Promises"),
                words.t("pidetty", "kept"),
                p.kept,
                words.t("rikottu", "broken"),
                p.broken,
                words.t("avoin", "open"),
                p.open,
                words.t("ei tiedossa", "unknown"),
                p.unknown
            );
        }
        let _ = writeln!(body, "<h2>{}</h2>", words.t("Kriittiset virheet", "Critical failures"));
        body.push_str(&failures_table(
            input,
            failures,
            |e| input.encounters.agent[e as usize] == agent,
            "../tables/",
            &words,
        ));
        let path = Path::new("agents").join(&agent_pages[i]);
        written.push(sink.put(&path, page(name, options.lang, &body).as_bytes())?);
    }

    // --- evaluations pages: an agent's listed evaluations, in full
    for (i, name) in input.agents.values.iter().enumerate() {
        let agent = i as u32;
        let mut body = String::new();
        for (evaluation, anchor) in input.evaluations.iter().zip(&anchors) {
            if input.encounters.agent[evaluation.encounter as usize] == agent {
                body.push_str(&evaluation_section(
                    input,
                    evaluation,
                    anchor,
                    &agent_pages,
                    &location_pages,
                    &words,
                ));
            }
        }
        if body.is_empty() {
            continue;
        }
        let heading = format!("{name} — {}", words.t("arvioinnit", "evaluations"));
        let body = format!(
            "<p><a href=\"../agents/{}\">← {}</a></p>\n<h1>{}</h1>\n{body}{}",
            agent_pages[i],
            escape(name),
            escape(&heading),
            provenance_short(input, &words)
        );
        let path = Path::new("evaluations").join(&agent_pages[i]);
        written.push(sink.put(&path, page(&heading, options.lang, &body).as_bytes())?);
    }

    // --- report.md
    let markdown = markdown(input, aggregates, options, &words, &charts);
    written.push(sink.put(Path::new("report.md"), markdown.as_bytes())?);
    Ok(written)
}

/// The review workflow's tables, written when the ledger has its entries.
const REVIEW_TABLES: [(&str, &str, &str); 3] = [
    ("review_by_auditor", "Arviointityö arvioijittain", "Review work by auditor"),
    ("review_by_criterion", "Kiistat kriteereittäin", "Disputes by criterion"),
    ("review_by_location", "Kuittaukset toimipisteittäin", "Acknowledgements by location"),
];

/// The review workflow on the index: how much of the scoring came from
/// random draws, the disputes and their outcomes by auditor and by
/// criterion, and the agents' acknowledgements by location.
fn review_section(input: &Input, review: &crate::input::Review, words: &Words) -> String {
    let lang = words.lang;
    let mut out = format!("<h2 id=\"review\">{}</h2>\n", words.t("Arviointityö", "Review work"));
    let share = |part: u64, of: u64| {
        if of == 0 {
            "–".to_string()
        } else {
            format!("{} %", decimal(100.0 * part as f64 / of as f64, lang))
        }
    };
    let counted = |part: u64, of: u64| {
        if part == 0 { "0".to_string() } else { format!("{part} ({})", share(part, of)) }
    };
    let _ = writeln!(
        out,
        "<p>{}</p>",
        match lang {
            Lang::Fi => format!(
                "Arvonnoista tuli {} arvioinneista ({} / {}){}. Kiistoja ratkaistu {}, ratkaisuun kului mediaanina {} päivää; avoinna {}, joista myöhässä {}.",
                share(review.sampled, review.evaluations),
                review.sampled,
                review.evaluations,
                if review.sampled < review.evaluations {
                    "; loput arvioitiin otoksen ulkopuolelta"
                } else {
                    ""
                },
                review.decided,
                review.median_days_to_decision.map_or("–".to_string(), |d| decimal(d, lang)),
                review.open,
                review.overdue
            ),
            Lang::En => format!(
                "{} of the evaluations ({} of {}) came from random draws{}. Disputes decided: {}, in a median of {} days; open: {}, of them overdue: {}.",
                share(review.sampled, review.evaluations),
                review.sampled,
                review.evaluations,
                if review.sampled < review.evaluations {
                    "; the rest were scored outside the sample"
                } else {
                    ""
                },
                review.decided,
                review.median_days_to_decision.map_or("–".to_string(), |d| decimal(d, lang)),
                review.open,
                review.overdue
            ),
        }
    );
    out.push_str(&table(&[
        words.t("arvioija", "auditor"),
        words.t("arvioinnit", "evaluations"),
        words.t("arvonnoista", "from draws"),
        words.t("kiistat", "disputes"),
        words.t("hyväksytty", "accepted"),
        words.t("osin", "in part"),
        words.t("hylätty", "rejected"),
        words.t("avoinna", "open"),
    ]));
    for r in &review.by_auditor {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(input.auditors.name(r.auditor)),
            r.evaluations,
            counted(r.sampled, r.evaluations),
            counted(r.disputed, r.evaluations),
            r.accepted,
            r.partly,
            r.rejected,
            r.open
        );
    }
    out.push_str("</table>\n");
    if !review.by_criterion.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", words.t("Kiistetyt kriteerit", "Disputed criteria"));
        out.push_str(&table(&[
            words.t("kriteeri", "criterion"),
            words.t("kiistetty", "disputed"),
            words.t("hyväksytty", "accepted"),
            words.t("hylätty", "rejected"),
            words.t("avoinna", "open"),
        ]));
        for r in &review.by_criterion {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                criterion_cell(input, r.criterion, lang),
                r.disputed,
                r.accepted,
                r.rejected,
                r.disputed.saturating_sub(r.accepted + r.rejected)
            );
        }
        out.push_str("</table>\n");
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            words.t(
                "Kriteeri, jonka kiistat usein hyväksytään, kaipaa selvempää ohjetta arvioijille.",
                "A criterion whose disputes are often accepted needs clearer guidance for the auditors."
            )
        );
    }
    let _ = writeln!(out, "<h3>{}</h3>", words.t("Kuittaukset", "Acknowledgements"));
    out.push_str(&table(&[
        words.t("toimipiste", "location"),
        words.t("arvioinnit", "evaluations"),
        words.t("kuitattu", "acknowledged"),
        &match lang {
            Lang::Fi => format!("kuittaamatta yli {} pv", review.old_days),
            Lang::En => format!("unacknowledged over {} days", review.old_days),
        },
    ]));
    for r in &review.by_location {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(input.locations.name(r.location)),
            r.evaluations,
            counted(r.acknowledged, r.evaluations),
            r.unacknowledged_old
        );
    }
    out.push_str("</table>\n");
    out
}

/// Where an evaluation stands with its agent, in words.
fn state_text(state: crate::input::EvaluationState, words: &Words) -> &'static str {
    match state {
        crate::input::EvaluationState::New => words.t("uusi", "new"),
        crate::input::EvaluationState::Acknowledged => words.t("kuitattu", "acknowledged"),
        crate::input::EvaluationState::Disputed => words.t("kiistetty", "disputed"),
        crate::input::EvaluationState::Decided => words.t("kiista ratkaistu", "dispute decided"),
    }
}

/// The tables written, for the index's links: file name (an identifier,
/// the same in every language), and what it holds in Finnish and English.
const TABLES: [(&str, &str, &str); 13] = [
    ("overview", "Yhteenveto arviointilomakkeittain", "Summary by rubric"),
    ("by_location", "Toimipisteittäin", "By location"),
    ("by_agent", "Myyjittäin", "By agent"),
    ("by_auditor", "Arvioijittain", "By auditor"),
    ("by_period", "Jaksoittain", "By period"),
    ("trend_by_location", "Toimipisteet jaksoittain", "Locations by period"),
    ("by_section", "Osioittain", "By section"),
    ("by_criterion", "Kriteereittäin", "By criterion"),
    ("criterion_by_location", "Kriteerit toimipisteittäin", "Criteria by location"),
    (
        "critical_control",
        "Kriittiset virheet jaksoittain (p-kortti)",
        "Critical failures by period (p-chart)",
    ),
    (
        "human_vs_automatic",
        "Arvioija vs. automaattinen tarkistus",
        "Auditor versus automatic check",
    ),
    ("promises", "Lupaukset", "Promises"),
    ("critical_failures", "Kriittiset virheet", "Critical failures"),
];

fn markdown(
    input: &Input,
    aggregates: &Aggregates,
    options: &Options,
    words: &Words,
    charts: &[(String, String, chart::Chart)],
) -> String {
    let p = &input.provenance;
    let mut out = format!("# {}\n\n", words.t("Laaturaportti", "Quality report"));
    let covered = covers_text(input, words);
    if !covered.is_empty() {
        let _ = writeln!(out, "{covered}\n");
    }
    let _ = writeln!(
        out,
        "- {}: `{}`\n- {}: `{}`\n- {}: {}\n- {}: {}\n- {}: `{}`\n",
        words.t("Pääkirjan pää", "Ledger head"),
        p.head,
        words.t("Merkle-juuri", "Merkle root"),
        p.merkle_root,
        words.t("Merkintöjä", "Entries"),
        p.entries,
        words.t("Rajaukset", "Filters"),
        if p.filters.is_empty() {
            words.t("ei rajauksia", "none").to_string()
        } else {
            p.filters.join(", ")
        },
        words.t("Komento", "Command"),
        p.command
    );
    if let Some(line) = checkpoint_line(p, words) {
        let _ = writeln!(out, "- {line}\n");
    }
    for rubric in &input.rubrics {
        let _ = writeln!(
            out,
            "- {} `{}` {} `{}`",
            words.t("Lomake", "Rubric"),
            rubric.id,
            rubric.version,
            rubric.fingerprint
        );
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
        words.t("Yhteenveto", "Summary"),
        words.t("lomake", "rubric"),
        words.t("kohtaamisia", "encounters"),
        words.t("keskiarvo [95 %]", "mean [95 %]"),
        words.t("läpäisy [95 %]", "pass rate [95 %]"),
        words.t("kriittiset [95 %]", "critical [95 %]")
    );
    let rows = aggregates.total.iter().map(|s| (words.t("kaikki", "all").to_string(), s)).chain(
        aggregates
            .by_rubric
            .iter()
            .map(|s| (input.rubrics[s.keys[0] as usize].title.get(words.lang).to_string(), s)),
    );
    for (label, stat) in rows {
        let _ = writeln!(
            out,
            "| {label}{} | {} | {} | {} | {} |",
            if stat.small { " *" } else { "" },
            stat.n,
            mean_text(stat, words.lang),
            rate_text(&stat.pass),
            rate_text(&stat.critical)
        );
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n{}\n",
        words.t("Mihin pisteet menevät", "Where the score is lost"),
        words.t(
            "Menetetyt pisteet (paino × puuttuva osuus, yhteensä); toteutuma; täyttyi.",
            "Score lost (weight × missing credit, summed); mean credit; met.",
        )
    );
    for c in aggregates.by_criterion.iter().filter(|c| c.lost > 0.0).take(5) {
        let met = c.met();
        let _ = writeln!(
            out,
            "1. {} (`{}`) — {}; {} %; {} / {} ({})",
            criterion_label(input, c.criterion, words.lang),
            criterion_id(input, c.criterion),
            decimal(c.lost, words.lang),
            decimal(c.mean_credit * 100.0, words.lang),
            met.count,
            met.of,
            rate_text(&met)
        );
    }
    let out_of_control: Vec<String> = aggregates
        .control
        .iter()
        .filter(|p| p.out_of_control)
        .map(|p| period_text(&aggregates.periods[p.period as usize], words.lang))
        .collect();
    let _ = writeln!(
        out,
        "\n## {}\n\n{}: {}\n",
        words.t("Kriittiset virheet", "Critical failures"),
        words.t("Jaksot 3σ-rajojen ulkopuolella", "Periods outside the 3σ limits"),
        if out_of_control.is_empty() {
            words.t("ei yhtään", "none").to_string()
        } else {
            out_of_control.join(", ")
        }
    );
    let _ = writeln!(out, "## {}\n", words.t("Toimipisteet", "Locations"));
    for s in &aggregates.by_location {
        let _ = writeln!(
            out,
            "- {}{}: n = {}, {} {}, {} {}",
            input.locations.name(s.keys[0]),
            if s.small { " *" } else { "" },
            s.n,
            words.t("keskiarvo", "mean"),
            percent(s.mean, words.lang),
            words.t("läpäisy", "pass rate"),
            rate_text(&s.pass)
        );
    }
    let _ = writeln!(out, "\n## {}\n", words.t("Kaaviot", "Charts"));
    for (stem, title, _) in charts {
        let _ = writeln!(out, "- [{title}](charts/{stem}.svg)");
    }
    let _ = writeln!(
        out,
        "\n{} [index.html](index.html); {} `tables/` (CSV, Parquet). {} {}.",
        words.t("Koko raportti:", "The full report:"),
        words.t("taulukot:", "tables:"),
        words.t("* = ryhmässä alle", "* = fewer than"),
        options.min_group
    );
    out
}
