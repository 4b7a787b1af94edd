//! Charts people read: drawn with plotters into PNG and SVG, with an
//! embedded font (no system font needed) and the Okabe–Ito palette, safe for
//! the common colour-vision deficiencies. Every chart has a title, labelled
//! axes, a legend where colours mean something, and a subtitle saying where
//! its numbers came from.

use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Error;

/// Blue.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Bluish green.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// A quiet grey for guides.
pub const GREY: RGBColor = RGBColor(150, 150, 150);
/// The Okabe–Ito palette in the order series take it.
pub const SERIES: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// The font family every chart draws with: DejaVu Sans, embedded.
const FAMILY: &str = "sans-serif";
const WIDTH: u32 = 1100;

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid font; failing here would be a build error.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The title and subtitle every chart starts with.
pub struct Heading<'a> {
    /// The title.
    pub title: &'a str,
    /// A line under it: where the numbers came from.
    pub subtitle: &'a str,
    /// Decimal commas (Finnish) in the numbers drawn.
    pub comma: bool,
}

/// A number with `places` decimals, with a decimal comma when asked.
fn number(value: f64, places: usize, comma: bool) -> String {
    let text = format!("{value:.places$}");
    if comma { text.replace('.', ",") } else { text }
}

type DrawResult = Result<(), String>;

/// A chart that can draw itself on any plotters backend.
trait Drawing {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult;
}

/// A drawn chart: the same drawing as PNG and as SVG.
#[derive(Clone, Debug)]
pub struct Chart {
    /// Its file name without extension (`trend`).
    pub name: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// The SVG file's text.
    pub svg: String,
}

impl Chart {
    /// Puts `NAME.png` and `NAME.svg` into `dir` of the sink; returns their
    /// paths.
    pub fn put(&self, sink: &mut dyn crate::Sink, dir: &Path) -> Result<[PathBuf; 2], Error> {
        Ok([
            sink.put(&dir.join(format!("{}.png", self.name)), &self.png)?,
            sink.put(&dir.join(format!("{}.svg", self.name)), self.svg.as_bytes())?,
        ])
    }
}

/// Draws `drawing` as the chart `name`, `height` pixels high.
fn both(name: &str, height: u32, drawing: &impl Drawing) -> Result<Chart, Error> {
    sized(name, (WIDTH, height), drawing)
}

/// [`both`] at a size of its own.
fn sized(name: &str, (width, height): (u32, u32), drawing: &impl Drawing) -> Result<Chart, Error> {
    register_fonts();
    let fail = |extension: &str, message: String| Error::Draw {
        chart: PathBuf::from(format!("{name}.{extension}")),
        message,
    };
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = crate::png::Png::new(&mut pixels, (width, height)).into_drawing_area();
        drawing.draw(&root).map_err(|message| fail("png", message))?;
        root.present().map_err(|e| fail("png", e.to_string()))?;
    }
    // Encoded as plotters encodes a PNG file (image's default encoder).
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &pixels,
        width,
        height,
        image::ColorType::Rgb8,
    )
    .map_err(|e| fail("png", e.to_string()))?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        drawing.draw(&root).map_err(|message| fail("svg", message))?;
        root.present().map_err(|e| fail("svg", e.to_string()))?;
    }
    Ok(Chart { name: name.to_string(), png, svg })
}

fn err<E: std::fmt::Debug>(error: E) -> String {
    format!("{error:?}")
}

/// Fills the background, writes the heading, and returns the area below it.
fn heading<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    heading: &Heading<'_>,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(err)?;
    let (top, body) = root.split_vertically(72);
    top.draw(&Text::new(
        heading.title,
        (20, 12),
        (FAMILY, 24, FontStyle::Bold).into_font().color(&BLACK),
    ))
    .map_err(err)?;
    top.draw(&Text::new(heading.subtitle, (20, 46), (FAMILY, 13).into_font().color(&GREY)))
        .map_err(err)?;
    Ok(body)
}

/// Room for row labels at `size` pixels: the widest label and a margin,
/// so that no label runs off the picture's left edge.
fn label_area<'a>(labels: impl IntoIterator<Item = &'a str>, size: f32) -> u32 {
    let widest =
        labels.into_iter().map(|label| crate::png::text_width(label, size)).fold(0.0, f32::max);
    (widest.ceil() as u32 + 14).clamp(60, 560)
}

/// Draws a chart's legend in the house style.
fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    mut style: plotters::chart::SeriesLabelStyle<'a, '_, DB, CT>,
    position: SeriesLabelPosition,
) -> DrawResult {
    style
        .position(position)
        .label_font((FAMILY, 13))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(210, 210, 210))
        .draw()
        .map_err(err)
}

// --- Calibration -----------------------------------------------------------------

/// Below this many encounters an alpha is marked as too few to judge by.
pub const FEW_UNITS: usize = 5;

/// "encounter" or "encounters", by the count.
pub fn encounters_word(count: usize, lang: tarkka_rubric::Lang) -> &'static str {
    match count {
        1 => lang.pick("kohtaaminen", "encounter"),
        _ => lang.pick("kohtaamista", "encounters"),
    }
}

/// Krippendorff's alpha per criterion with its interval, n per row and a
/// `*` where fewer than [`FEW_UNITS`] encounters make it, as the chart
/// `calibration-alpha`; `stamp` says where the ratings came from. Rows
/// without variation are counted under the title, not drawn.
pub fn calibration(
    calibration: &crate::Calibration,
    stamp: &str,
    lang: tarkka_rubric::Lang,
) -> Result<Chart, Error> {
    let rows: Vec<ForestRow> = calibration
        .rows
        .iter()
        .filter(|row| row.alpha.is_some())
        .map(|row| {
            let few = if row.units < FEW_UNITS { " *" } else { "" };
            ForestRow {
                label: format!("{} (n={}){few}", row.label, row.units),
                value: row.alpha,
                interval: row.interval,
            }
        })
        .collect();
    let undefined = calibration.rows.iter().filter(|row| row.alpha.is_none()).count();
    let subtitle = format!(
        "{} {} · {} {} · {} · bootstrap {} × seed {}",
        calibration.encounters,
        encounters_word(calibration.encounters, lang),
        undefined,
        lang.pick(
            "kohtaa ilman vaihtelua (ei piirretty)",
            "criteria without variation (not drawn)"
        ),
        stamp,
        calibration.resamples,
        calibration.seed
    );
    forest(
        &rows,
        &ForestText {
            title: lang.pick(
                "Arvioijien yhtäpitävyys: Krippendorffin alfa ja 95 %:n väli",
                "Auditor agreement: Krippendorff's alpha with 95 % interval",
            ),
            axis: lang.pick(
                "alfa (0,667 = alustava raja, 0,8 = luotettava; * alle 5 kohtaamista: liian vähän arvioitavaksi)",
                "alpha (0.667 = tentative, 0.8 = reliable; * fewer than 5 encounters: too few to judge)",
            ),
            undefined: lang.pick("ei määritelty", "undefined"),
            subtitle: &subtitle,
            comma: lang == tarkka_rubric::Lang::Fi,
        },
        &[0.667, 0.8],
        "calibration-alpha",
    )
}

// --- Forest plot ---------------------------------------------------------------

/// One row of a forest plot: a label, a point estimate and its interval.
pub struct ForestRow {
    /// What the row is.
    pub label: String,
    /// The estimate; `None` draws the row as undefined.
    pub value: Option<f64>,
    /// The interval, if any.
    pub interval: Option<(f64, f64)>,
}

/// Texts of a forest plot.
pub struct ForestText<'a> {
    /// The title.
    pub title: &'a str,
    /// The x axis.
    pub axis: &'a str,
    /// What an undefined row says.
    pub undefined: &'a str,
    /// A line under the title: where the numbers came from.
    pub subtitle: &'a str,
    /// Decimal commas (Finnish) in the numbers drawn.
    pub comma: bool,
}

/// Draws estimates with intervals, one row each, with guide lines at the
/// given x positions (e.g. Krippendorff's 0.667 and 0.8), as the chart `name`
/// (PNG and SVG). Points at or above the last guide are green, at or above
/// the first blue, below it vermillion; a key right of the heading says so.
pub fn forest(
    rows: &[ForestRow],
    text: &ForestText<'_>,
    guides: &[f64],
    name: &str,
) -> Result<Chart, Error> {
    let height = 150 + 34 * rows.len().max(1) as u32;
    both(name, height, &Forest { rows, text, guides })
}

struct Forest<'a> {
    rows: &'a [ForestRow],
    text: &'a ForestText<'a>,
    guides: &'a [f64],
}

impl Drawing for Forest<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        draw_forest(root, self.rows, self.text, self.guides)
    }
}

fn draw_forest<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[ForestRow],
    text: &ForestText<'_>,
    guides: &[f64],
) -> DrawResult {
    let comma = text.comma;
    let body = heading(root, &Heading { title: text.title, subtitle: text.subtitle, comma })?;
    // The colour key, right of the heading: what green, blue and vermillion
    // mean for this chart's guides.
    if let (Some(&first), Some(&last)) = (guides.first(), guides.last()) {
        // The guides as written (0.667, 0.8), with the reader's decimal mark.
        let guide = |value: f64| {
            let text = value.to_string();
            if comma { text.replace('.', ",") } else { text }
        };
        let mut keys = vec![(GREEN, format!("≥ {}", guide(last)))];
        if first < last {
            keys.push((BLUE, format!("≥ {}", guide(first))));
        }
        keys.push((VERMILLION, format!("< {}", guide(first))));
        // On the title's line, right: the subtitle below may run long.
        let mut x = WIDTH as i32 - 20 - 95 * keys.len() as i32;
        for (colour, label) in keys {
            root.draw(&Circle::new((x, 24), 6, colour.filled())).map_err(err)?;
            root.draw(&Text::new(
                label,
                (x + 12, 24),
                TextStyle::from((FAMILY, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
            x += 95;
        }
    }
    let lowest = rows
        .iter()
        .filter_map(|r| r.interval.map(|(low, _)| low).or(r.value))
        .fold(0.0f64, f64::min)
        .max(-1.0);
    let x_min = (lowest * 10.0).floor() / 10.0;
    let n = rows.len().max(1);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(20)
        .margin_right(30)
        .margin_bottom(10)
        .x_label_area_size(45)
        .y_label_area_size(label_area(rows.iter().map(|r| r.label.as_str()), 14.0))
        // A segmented range of 0..k has k + 1 segments.
        .build_cartesian_2d(x_min..1.0f64, (0..n - 1).into_segmented())
        .map_err(err)?;
    // Rows top to bottom: row 0 at the top.
    let at = |index: usize| SegmentValue::CenterOf(n - 1 - index);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(text.axis)
        .x_labels(12)
        .x_label_style((FAMILY, 14))
        .y_label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 15))
        .y_labels(n)
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(position) if *position < n => {
                rows.get(n - 1 - position).map(|r| r.label.clone()).unwrap_or_default()
            }
            _ => String::new(),
        })
        .x_label_formatter(&|x| number(if x.abs() < 1e-9 { 0.0 } else { *x }, 1, comma))
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(err)?;
    for &guide in guides {
        chart
            .draw_series(LineSeries::new(
                [(guide, SegmentValue::Exact(0)), (guide, SegmentValue::Exact(n))],
                GREY.stroke_width(1),
            ))
            .map_err(err)?;
    }
    for (index, row) in rows.iter().enumerate() {
        match row.value {
            Some(value) => {
                let colour = if guides.last().is_some_and(|&g| value >= g) {
                    GREEN
                } else if guides.first().is_some_and(|&g| value >= g) {
                    BLUE
                } else {
                    VERMILLION
                };
                if let Some((low, high)) = row.interval {
                    chart
                        .draw_series(LineSeries::new(
                            [(low.max(x_min), at(index)), (high.min(1.0), at(index))],
                            colour.stroke_width(3),
                        ))
                        .map_err(err)?;
                }
                chart
                    .draw_series([Circle::new((value.max(x_min), at(index)), 6, colour.filled())])
                    .map_err(err)?;
                // Up and to the left of the marker, clear of it.
                chart
                    .draw_series([EmptyElement::at((value.max(x_min), at(index)))
                        + Text::new(
                            number(value, 2, comma),
                            (-8, -5),
                            TextStyle::from((FAMILY, 13).into_font())
                                .pos(Pos::new(HPos::Right, VPos::Bottom)),
                        )])
                    .map_err(err)?;
            }
            None => {
                chart
                    .draw_series([Text::new(
                        text.undefined.to_string(),
                        (x_min + 0.02, at(index)),
                        (FAMILY, 13).into_font().color(&GREY),
                    )])
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

// --- Trend ---------------------------------------------------------------------

/// A point of a trend line: the period's index, the mean, its interval,
/// the number of encounters, and whether the group is below the minimum size.
pub type TrendPoint = (usize, f64, Option<(f64, f64)>, u64, bool);

/// One line of a trend chart: a mean per period with its interval.
pub struct TrendSeries {
    /// The legend label.
    pub label: String,
    /// Per period index: mean, interval, n, and whether the group is small.
    pub points: Vec<TrendPoint>,
}

/// Texts of a trend chart.
pub struct TrendText<'a> {
    /// Title and subtitle.
    pub heading: Heading<'a>,
    /// The y axis.
    pub axis: &'a str,
    /// The note on hollow points.
    pub small_note: &'a str,
}

/// Mean score per period, one line per series, with the 95 % band and the
/// number of encounters above each point; points of small groups hollow.
pub fn trend(
    periods: &[String],
    series: &[TrendSeries],
    text: &TrendText<'_>,
    name: &str,
) -> Result<Chart, Error> {
    both(name, 620, &Trend { periods, series, text })
}

struct Trend<'a> {
    periods: &'a [String],
    series: &'a [TrendSeries],
    text: &'a TrendText<'a>,
}

/// The top of the score axis: above 100, for the n over the highest points.
const TOP: f64 = 105.0;

impl Trend<'_> {
    /// The bottom of the score axis, a multiple of ten: low enough that
    /// the lowest point or interval stays above the bottom 27 % of the
    /// plot, where the legend is, and no lower, so that lines in the 70s
    /// and 90s are not pressed into the top third. (A line chart needs no
    /// zero baseline; the axis says where it starts.)
    fn floor(&self) -> f64 {
        let lowest = self
            .series
            .iter()
            .flat_map(|series| &series.points)
            .map(|(_, mean, ci, ..)| ci.map_or(*mean, |(low, _)| low.min(*mean)))
            .fold(f64::INFINITY, f64::min);
        if !lowest.is_finite() {
            return 0.0;
        }
        let legend = 0.27;
        let floor = (lowest - legend * TOP) / (1.0 - legend);
        (floor / 10.0).floor().clamp(0.0, 9.0) * 10.0
    }
}

impl Drawing for Trend<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let body = heading(root, &self.text.heading)?;
        let comma = self.text.heading.comma;
        let count = self.periods.len().max(1);
        let x_max = (count as f64 - 0.5).max(0.5);
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..x_max, self.floor()..TOP)
            .map_err(err)?;
        let periods = self.periods;
        chart
            .configure_mesh()
            .x_labels(count.min(24))
            .x_label_formatter(&|x| {
                let index = x.round();
                if (x - index).abs() < 1e-6 && index >= 0.0 {
                    periods.get(index as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_desc(self.text.axis)
            .y_labels(11)
            // Room above 100 for the n labels, but no score axis beyond it.
            .y_label_formatter(&|y| {
                if *y > 100.0 + 1e-9 { String::new() } else { number(*y, 0, comma) }
            })
            .x_label_style((FAMILY, 13))
            .y_label_style((FAMILY, 13))
            .axis_desc_style((FAMILY, 14))
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        for (index, series) in self.series.iter().enumerate() {
            let colour = SERIES[index % SERIES.len()];
            // The band: upper edge left to right, lower edge back.
            // The band over each run of periods whose groups are large
            // enough to estimate it; small groups get a hollow point only.
            for run in series.points.chunk_by(|a, b| a.0 + 1 == b.0 && !a.4 && !b.4) {
                let upper: Vec<(f64, f64)> = run
                    .iter()
                    .filter(|(.., small)| !small)
                    .filter_map(|(x, _, ci, _, _)| ci.map(|(_, high)| (*x as f64, high.min(100.0))))
                    .collect();
                let lower: Vec<(f64, f64)> = run
                    .iter()
                    .rev()
                    .filter(|(.., small)| !small)
                    .filter_map(|(x, _, ci, _, _)| ci.map(|(low, _)| (*x as f64, low.max(0.0))))
                    .collect();
                if upper.len() > 1 {
                    let band: Vec<(f64, f64)> = upper.into_iter().chain(lower).collect();
                    chart
                        .draw_series([Polygon::new(band, colour.mix(0.15).filled())])
                        .map_err(err)?;
                } else if let [(x, _, Some((low, high)), _, false)] = run {
                    // A lone period: its interval as a bar.
                    chart
                        .draw_series(LineSeries::new(
                            [(*x as f64, low.max(0.0)), (*x as f64, high.min(100.0))],
                            colour.mix(0.4).stroke_width(4),
                        ))
                        .map_err(err)?;
                }
            }
            // A solid line joins only groups large enough to trust, in
            // periods next to each other; a faint thin one joins a small
            // group, so that a period of one encounter is not read as a
            // trend, and crosses periods without encounters.
            for pair in series.points.windows(2) {
                let ((a, a_mean, .., a_small), (b, b_mean, .., b_small)) = (&pair[0], &pair[1]);
                let style = if *a_small || *b_small || a + 1 != *b {
                    colour.mix(0.3).stroke_width(1)
                } else {
                    colour.stroke_width(2)
                };
                chart
                    .draw_series(LineSeries::new(
                        [(*a as f64, *a_mean), (*b as f64, *b_mean)],
                        style,
                    ))
                    .map_err(err)?;
            }
            chart
                .draw_series(LineSeries::new(std::iter::empty::<(f64, f64)>(), colour))
                .map_err(err)?
                .label(series.label.clone())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(3))
                });
            for (x, mean, _, _, small) in &series.points {
                let style = if *small { colour.stroke_width(2) } else { colour.filled() };
                chart.draw_series([Circle::new((*x as f64, *mean), 5, style)]).map_err(err)?;
            }
        }
        // The n above each point; where lines run close, the labels of a
        // period are spread downwards so that none covers another, each on
        // a light backing so that a line under it does not cross the digits.
        let (width, height) = chart.plotting_area().dim_in_pixel();
        let span = TOP - self.floor();
        let per_pixel = ((x_max + 0.5) / width.max(1) as f64, span / height.max(1) as f64);
        let gap = 13.0 * per_pixel.1;
        let mut labels: Vec<(usize, f64, u64, RGBColor)> = Vec::new();
        for (index, series) in self.series.iter().enumerate() {
            let colour = SERIES[index % SERIES.len()];
            labels.extend(series.points.iter().map(|(x, mean, _, n, _)| (*x, *mean, *n, colour)));
        }
        labels.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut above: Option<(usize, f64)> = None;
        for (x, mean, n, colour) in labels {
            let mut y = mean + 1.5;
            if let Some((previous_x, previous_y)) = above
                && previous_x == x
            {
                y = y.min(previous_y - gap);
            }
            above = Some((x, y));
            let label = format!("n={n}");
            let style = TextStyle::from((FAMILY, 11).into_font())
                .color(&colour)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            let (w, h) = chart.plotting_area().estimate_text_size(&label, &style).map_err(err)?;
            let left = x as f64 + 0.06;
            chart
                .draw_series([Rectangle::new(
                    [
                        (left - 2.0 * per_pixel.0, y - per_pixel.1),
                        (left + (w + 2) as f64 * per_pixel.0, y + (h + 1) as f64 * per_pixel.1),
                    ],
                    WHITE.mix(0.8).filled(),
                )])
                .map_err(err)?;
            chart.draw_series([Text::new(label, (left, y), style)]).map_err(err)?;
        }
        legend(chart.configure_series_labels(), SeriesLabelPosition::LowerRight)?;
        root.draw(&Text::new(
            self.text.small_note,
            (WIDTH as i32 - 20, 46),
            TextStyle::from((FAMILY, 13).into_font())
                .color(&GREY)
                .pos(Pos::new(HPos::Right, VPos::Top)),
        ))
        .map_err(err)?;
        Ok(())
    }
}

// --- Heat map ------------------------------------------------------------------

/// A cell of the heat map.
pub struct Cell {
    /// The share shown, 0..1 (a criterion's mean credit).
    pub value: f64,
    /// How many it is of.
    pub n: u64,
    /// Below the minimum group size.
    pub small: bool,
}

/// Rows (criteria) by columns (locations) of rates, coloured on a
/// diverging scale from vermillion (low) through yellow to bluish green
/// (high), each cell labelled with its percentage in black; small groups
/// marked with `*`.
pub fn heat_map(
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<Cell>>],
    heading: &Heading<'_>,
    name: &str,
) -> Result<Chart, Error> {
    let height = 200 + 30 * rows.len().max(1) as u32;
    let labels = label_area(rows.iter().map(String::as_str), 13.0);
    let width = (labels + 30 + 190 * columns.len() as u32).max(WIDTH);
    sized(name, (width, height), &HeatMap { rows, columns, cells, heading, labels })
}

struct HeatMap<'a> {
    rows: &'a [String],
    columns: &'a [String],
    cells: &'a [Vec<Option<Cell>>],
    heading: &'a Heading<'a>,
    /// The width of the row labels' area.
    labels: u32,
}

/// A colour for a rate in 0..1: a diverging scale safe for colour-blind
/// readers (vermillion, light yellow, bluish green).
pub fn rate_colour(value: f64) -> RGBColor {
    let stops =
        [(0.0, (213.0, 94.0, 0.0)), (0.5, (250.0, 240.0, 180.0)), (1.0, (0.0, 158.0, 115.0))];
    let value = value.clamp(0.0, 1.0);
    let (from, to) = if value <= 0.5 { (stops[0], stops[1]) } else { (stops[1], stops[2]) };
    let t = (value - from.0) / (to.0 - from.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(from.1.0, to.1.0), mix(from.1.1, to.1.1), mix(from.1.2, to.1.2))
}

impl Drawing for HeatMap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let body = heading(root, self.heading)?;
        let (rows, columns) = (self.rows.len().max(1), self.columns.len().max(1));
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(20)
            .margin_top(10)
            .x_label_area_size(40)
            .y_label_area_size(self.labels)
            // A segmented range of 0..k has k + 1 segments.
            .build_cartesian_2d((0..columns - 1).into_segmented(), (0..rows - 1).into_segmented())
            .map_err(err)?;
        let names = self.columns;
        let labels = self.rows;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(columns)
            .y_labels(rows)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(x) => names.get(*x).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(y) if *y < rows => {
                    labels.get(rows - 1 - *y).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_label_style((FAMILY, 12))
            .y_label_style((FAMILY, 13))
            .draw()
            .map_err(err)?;
        for (row, cells) in self.cells.iter().enumerate() {
            let y = rows - 1 - row;
            for (column, cell) in cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                chart
                    .draw_series([Rectangle::new(
                        [
                            (SegmentValue::Exact(column), SegmentValue::Exact(y)),
                            (SegmentValue::Exact(column + 1), SegmentValue::Exact(y + 1)),
                        ],
                        rate_colour(cell.value).filled(),
                    )])
                    .map_err(err)?;
                // Black reads best on every colour of the scale (contrast
                // at least 5:1 on the darkest, vermillion); a small group is
                // marked with `*`, as in the tables, not with grey text
                // that dark cells swallow.
                let mark = if cell.small { " *" } else { "" };
                chart
                    .draw_series([Text::new(
                        format!("{:.0} % (n={}){mark}", cell.value * 100.0, cell.n),
                        (SegmentValue::CenterOf(column), SegmentValue::CenterOf(y)),
                        TextStyle::from((FAMILY, 12).into_font())
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    )])
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}

// --- Pareto ----------------------------------------------------------------------

/// The most often failed criteria as bars, largest first, with the
/// cumulative share of all failures as a line and the 80 % guide.
pub fn pareto(
    bars: &[(String, f64)],
    total: f64,
    heading: &Heading<'_>,
    axis: &str,
    cumulative: &str,
    name: &str,
) -> Result<Chart, Error> {
    let height = 180 + 30 * bars.len().max(1) as u32;
    both(name, height, &Pareto { bars, total, heading, axis, cumulative })
}

struct Pareto<'a> {
    bars: &'a [(String, f64)],
    total: f64,
    heading: &'a Heading<'a>,
    axis: &'a str,
    cumulative: &'a str,
}

impl Drawing for Pareto<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let body = heading(root, self.heading)?;
        let n = self.bars.len().max(1);
        let most = self.bars.iter().map(|(_, value)| *value).fold(1.0, f64::max);
        // A segmented range of 0..k has k + 1 segments; row 0 at the top.
        let rows = || (0..n - 1).into_segmented();
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(40)
            .margin_bottom(10)
            .x_label_area_size(45)
            .top_x_label_area_size(45)
            .y_label_area_size(label_area(self.bars.iter().map(|(label, _)| label.as_str()), 13.0))
            .build_cartesian_2d(0.0..most * 1.2, rows())
            .map_err(err)?
            .set_secondary_coord(0.0..100.0, rows());
        let bars = self.bars;
        let at = |index: usize| SegmentValue::CenterOf(n - 1 - index);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(self.axis)
            .y_labels(n)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(position) if *position < n => {
                    bars.get(n - 1 - position).map(|(label, _)| label.clone()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_label_style((FAMILY, 13))
            .y_label_style((FAMILY, 13))
            .axis_desc_style((FAMILY, 14))
            .light_line_style(RGBColor(245, 245, 245))
            .draw()
            .map_err(err)?;
        chart
            .configure_secondary_axes()
            .x_desc(self.cumulative)
            .x_labels(11)
            .x_label_formatter(&|x| format!("{x:.0} %"))
            .label_style((FAMILY, 13).into_font().color(&BLUE))
            .axis_desc_style((FAMILY, 14).into_font().color(&BLUE))
            .draw()
            .map_err(err)?;
        let mut running = 0.0;
        let mut line = Vec::new();
        for (index, (_, value)) in self.bars.iter().enumerate() {
            let row = n - 1 - index;
            let mut bar = Rectangle::new(
                [(0.0, SegmentValue::Exact(row)), (*value, SegmentValue::Exact(row + 1))],
                VERMILLION.mix(0.85).filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            chart.draw_series([bar]).map_err(err)?;
            running += value;
            let share = 100.0 * running / self.total.max(f64::MIN_POSITIVE);
            line.push((share, at(index)));
            chart
                .draw_series([Text::new(
                    format!(" {}", number(*value, 1, self.heading.comma)),
                    (*value, at(index)),
                    TextStyle::from((FAMILY, 12).into_font())
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )])
                .map_err(err)?;
        }
        // No legend box to cover the line's last points: the blue top
        // axis, titled, is the line's; the dashed line stands on its 80 %.
        chart
            .draw_secondary_series(DashedLineSeries::new(
                [(80.0, SegmentValue::Exact(0)), (80.0, SegmentValue::Exact(n))],
                6,
                4,
                RGBColor(70, 70, 70).stroke_width(2),
            ))
            .map_err(err)?;
        chart
            .draw_secondary_series(LineSeries::new(line.clone(), BLUE.stroke_width(2)))
            .map_err(err)?;
        chart
            .draw_secondary_series(
                line.iter().map(|point| Circle::new(point.clone(), 4, BLUE.filled())),
            )
            .map_err(err)?;
        Ok(())
    }
}

// --- p-chart -------------------------------------------------------------------

/// One period of a p-chart.
pub struct ControlPoint {
    /// Its place on the chart's calendar axis.
    pub x: usize,
    /// The observed rate.
    pub rate: f64,
    /// The period's lower limit.
    pub lower: f64,
    /// The period's upper limit.
    pub upper: f64,
    /// How many encounters.
    pub n: u64,
}

/// Texts of a p-chart.
pub struct ControlText<'a> {
    /// Title and subtitle.
    pub heading: Heading<'a>,
    /// The y axis.
    pub axis: &'a str,
    /// Legend: the rate, the centre line, the limits, out of control.
    pub legend: [&'a str; 4],
}

/// The critical-failure rate per period with its centre line and 3σ
/// limits (which widen for small periods); points outside drawn large in
/// vermillion. `axis` is every period from the first to the last, those
/// without encounters too (see [`crate::aggregate::calendar`]): the rate
/// and its limits are not drawn across a period with no data.
pub fn p_chart(
    axis: &[String],
    points: &[ControlPoint],
    centre: f64,
    text: &ControlText<'_>,
    name: &str,
) -> Result<Chart, Error> {
    both(name, 560, &PChart { axis, points, centre, text })
}

struct PChart<'a> {
    axis: &'a [String],
    points: &'a [ControlPoint],
    centre: f64,
    text: &'a ControlText<'a>,
}

impl Drawing for PChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let body = heading(root, &self.text.heading)?;
        let count = self.axis.len().max(1);
        // The top third is left free for the legend, which must not cover
        // a limit or a point.
        let top =
            self.points.iter().map(|p| p.upper.max(p.rate)).fold(0.05f64, f64::max) * 100.0 * 1.45;
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..(count as f64 - 0.5), 0.0f64..top)
            .map_err(err)?;
        let (points, axis) = (self.points, self.axis);
        chart
            .configure_mesh()
            .x_labels(count.min(24))
            .x_label_formatter(&|x| {
                let index = x.round();
                if (x - index).abs() < 1e-6 && index >= 0.0 {
                    let label = axis.get(index as usize).cloned().unwrap_or_default();
                    // Each period's size under it, where there is room.
                    match points.iter().find(|p| p.x == index as usize) {
                        Some(p) if count <= 12 => format!("{label} (n={})", p.n),
                        _ => label,
                    }
                } else {
                    String::new()
                }
            })
            .y_desc(self.text.axis)
            // The space above 100 % is the legend's: a rate has no
            // value there, so the axis gives none.
            .y_label_formatter(&|y| if *y > 100.5 { String::new() } else { format!("{y:.0} %") })
            .x_label_style((FAMILY, 13))
            .y_label_style((FAMILY, 13))
            .axis_desc_style((FAMILY, 14))
            .light_line_style(RGBColor(242, 242, 242))
            .draw()
            .map_err(err)?;
        // Runs of neighbouring periods: lines stop at a period with no data.
        let runs: Vec<&[ControlPoint]> =
            points.chunk_by(|a, b| b.x == a.x + 1).filter(|run| !run.is_empty()).collect();
        let steps = |run: &[ControlPoint], limit: fn(&ControlPoint) -> f64| -> Vec<(f64, f64)> {
            run.iter()
                .flat_map(|p| {
                    let (x, y) = (p.x as f64, limit(p) * 100.0);
                    [(x - 0.5, y), (x + 0.5, y)]
                })
                .collect()
        };
        // Dashed and darker than the grid, so a limit on a grid line shows.
        let limit = RGBColor(70, 70, 70).stroke_width(2);
        for (i, run) in runs.iter().enumerate() {
            let limits = chart
                .draw_series(DashedLineSeries::new(steps(run, |p| p.upper), 6, 4, limit))
                .map_err(err)?;
            if i == 0 {
                limits
                    .label(self.text.legend[2])
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], limit));
            }
            chart
                .draw_series(DashedLineSeries::new(steps(run, |p| p.lower), 6, 4, limit))
                .map_err(err)?;
        }
        let centre = self.centre * 100.0;
        chart
            .draw_series(LineSeries::new(
                [(-0.5, centre), (count as f64 - 0.5, centre)],
                GREEN.stroke_width(2),
            ))
            .map_err(err)?
            .label(self.text.legend[1])
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], GREEN.stroke_width(3)));
        for (i, run) in runs.iter().enumerate() {
            let line = chart
                .draw_series(LineSeries::new(
                    run.iter().map(|p| (p.x as f64, p.rate * 100.0)),
                    BLUE.stroke_width(2),
                ))
                .map_err(err)?;
            if i == 0 {
                line.label(self.text.legend[0])
                    .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLUE.stroke_width(3)));
            }
        }
        let out = |p: &ControlPoint| p.rate > p.upper || p.rate < p.lower;
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| !out(p))
                    .map(|p| Circle::new((p.x as f64, p.rate * 100.0), 4, BLUE.filled())),
            )
            .map_err(err)?;
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| out(p))
                    .map(|p| Circle::new((p.x as f64, p.rate * 100.0), 8, VERMILLION.filled())),
            )
            .map_err(err)?
            .label(self.text.legend[3])
            .legend(|(x, y)| Circle::new((x + 10, y), 6, VERMILLION.filled()));
        if count > 12 {
            for p in points {
                chart
                    .draw_series([Text::new(
                        format!("n={}", p.n),
                        (p.x as f64, 0.0),
                        TextStyle::from((FAMILY, 11).into_font())
                            .color(&RGBColor(90, 90, 90))
                            .pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )])
                    .map_err(err)?;
            }
        }
        legend(chart.configure_series_labels(), SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}

// --- Distribution -----------------------------------------------------------------

/// One panel of the distribution chart: a rubric's overall scores.
pub struct Distribution {
    /// The panel's title.
    pub label: String,
    /// Encounters per bin, from [`bins`].
    pub bins: Vec<Bin>,
    /// The pass threshold in percent, drawn as a guide.
    pub threshold: f64,
}

/// A bin of overall scores: `low` ≤ score < `high` (100 in the last).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    /// Its lower edge, in percent.
    pub low: f64,
    /// Its upper edge.
    pub high: f64,
    /// How many scores.
    pub count: u64,
}

/// Scores counted in 10-point bins, 0–10 … 90–100, with the pass threshold
/// as one more edge: no bin holds scores on both sides of it, so a bin's
/// colour (below the threshold or not) is true of every score in it.
/// Returns the bins and whether any score was counted.
pub fn bins(scores: impl Iterator<Item = f64>, threshold: f64) -> (Vec<Bin>, bool) {
    let mut edges: Vec<f64> = (0..=10).map(|tenth| f64::from(tenth) * 10.0).collect();
    if threshold > 0.0 && threshold < 100.0 && edges.iter().all(|edge| *edge != threshold) {
        edges.push(threshold);
        edges.sort_by(f64::total_cmp);
    }
    let mut bins: Vec<Bin> =
        edges.windows(2).map(|pair| Bin { low: pair[0], high: pair[1], count: 0 }).collect();
    let mut any = false;
    for score in scores {
        let at = edges[1..].partition_point(|edge| *edge <= score).min(bins.len() - 1);
        bins[at].count += 1;
        any = true;
    }
    (bins, any)
}

/// Histograms of overall scores, one panel per rubric, with the pass
/// threshold marked.
pub fn distribution(
    panels: &[Distribution],
    heading: &Heading<'_>,
    axis: (&str, &str),
    name: &str,
) -> Result<Chart, Error> {
    let height = 100 + 260 * panels.len().max(1) as u32;
    both(name, height, &Distributions { panels, heading, axis })
}

struct Distributions<'a> {
    panels: &'a [Distribution],
    heading: &'a Heading<'a>,
    axis: (&'a str, &'a str),
}

impl Drawing for Distributions<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let body = heading(root, self.heading)?;
        let areas = body.split_evenly((self.panels.len().max(1), 1));
        for (panel, area) in self.panels.iter().zip(areas) {
            let most = panel.bins.iter().map(|bin| bin.count).max().unwrap_or(1).max(1) as f64;
            let mut chart = ChartBuilder::on(&area)
                .caption(&panel.label, (FAMILY, 16, FontStyle::Bold))
                .margin_left(20)
                .margin_right(30)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(0.0f64..100.0, 0.0..most * 1.15)
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_desc(self.axis.0)
                .y_desc(self.axis.1)
                .x_labels(11)
                .y_labels(5)
                .x_label_style((FAMILY, 12))
                .y_label_style((FAMILY, 12))
                .axis_desc_style((FAMILY, 13))
                .y_label_formatter(&|y| format!("{y:.0}"))
                .x_label_formatter(&|x| format!("{x:.0}"))
                .light_line_style(RGBColor(242, 242, 242))
                .draw()
                .map_err(err)?;
            chart
                .draw_series(panel.bins.iter().map(|bin| {
                    let colour = if bin.high <= panel.threshold { VERMILLION } else { BLUE };
                    Rectangle::new(
                        [(bin.low + 0.5, 0.0), (bin.high - 0.5, bin.count as f64)],
                        colour.mix(0.8).filled(),
                    )
                }))
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(
                    [(panel.threshold, 0.0), (panel.threshold, most * 1.1)],
                    BLACK.stroke_width(2),
                ))
                .map_err(err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::bins;

    /// The demo's complaint: 72.06 and 70.83 sat in a bin coloured "pass"
    /// beside 78; with the threshold 75 as an edge they are apart.
    #[test]
    fn no_bin_straddles_the_pass_threshold() {
        let (counted, any) = bins([72.06, 70.83, 78.0, 100.0, 0.0, 75.0].into_iter(), 75.0);
        assert!(any);
        let edges: Vec<(f64, f64, u64)> =
            counted.iter().filter(|b| b.count > 0).map(|b| (b.low, b.high, b.count)).collect();
        assert_eq!(edges, [(0.0, 10.0, 1), (70.0, 75.0, 2), (75.0, 80.0, 2), (90.0, 100.0, 1)]);
        // A threshold on a ten keeps the ten bins.
        assert_eq!(bins(std::iter::empty(), 80.0).0.len(), 10);
        assert_eq!(bins(std::iter::empty(), 75.0).0.len(), 11);
        assert!(!bins(std::iter::empty(), 75.0).1);
    }
}
