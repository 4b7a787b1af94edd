//! Charts people read: drawn with plotters into PNG and SVG, with an
//! embedded font (no system font needed) and a colour-blind-safe palette.

use std::path::Path;
use std::sync::Once;

use anyhow::anyhow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// The Okabe–Ito palette, safe for the common colour-vision deficiencies.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Bluish green.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// A quiet grey for guides.
pub const GREY: RGBColor = RGBColor(150, 150, 150);

/// The font family every chart draws with: DejaVu Sans, embedded.
const FAMILY: &str = "sans-serif";

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid font; failing here would be a build error.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

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
}

/// Draws estimates with intervals, one row each, with guide lines at the
/// given x positions (e.g. Krippendorff's 0.667 and 0.8), into `stem.png`
/// and `stem.svg`.
pub fn forest(
    rows: &[ForestRow],
    text: &ForestText<'_>,
    guides: &[f64],
    stem: &Path,
) -> anyhow::Result<()> {
    register_fonts();
    let height = 150 + 34 * rows.len().max(1) as u32;
    let png = stem.with_extension("png");
    let svg = stem.with_extension("svg");
    {
        let root = BitMapBackend::new(&png, (1100, height)).into_drawing_area();
        draw_forest(&root, rows, text, guides)?;
        root.present().map_err(|e| anyhow!("cannot write {}: {e}", png.display()))?;
    }
    {
        let root = SVGBackend::new(&svg, (1100, height)).into_drawing_area();
        draw_forest(&root, rows, text, guides)?;
        root.present().map_err(|e| anyhow!("cannot write {}: {e}", svg.display()))?;
    }
    Ok(())
}

fn draw_forest<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[ForestRow],
    text: &ForestText<'_>,
    guides: &[f64],
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("cannot draw the chart: {e:?}");
    root.fill(&WHITE).map_err(fail)?;
    let (title_area, body) = root.split_vertically(70);
    title_area
        .draw(&Text::new(
            text.title,
            (20, 12),
            (FAMILY, 24, FontStyle::Bold).into_font().color(&BLACK),
        ))
        .map_err(fail)?;
    title_area
        .draw(&Text::new(text.subtitle, (20, 44), (FAMILY, 14).into_font().color(&GREY)))
        .map_err(fail)?;
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
        .y_label_area_size(330)
        .build_cartesian_2d(x_min..1.0f64, (0..n).into_segmented())
        .map_err(fail)?;
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
        .x_label_formatter(&|x| format!("{:.1}", if x.abs() < 1e-9 { 0.0 } else { *x }))
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(fail)?;
    for &guide in guides {
        chart
            .draw_series(LineSeries::new(
                [(guide, SegmentValue::Exact(0)), (guide, SegmentValue::Last)],
                GREY.stroke_width(1),
            ))
            .map_err(fail)?;
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
                        .map_err(fail)?;
                }
                chart
                    .draw_series([Circle::new((value.max(x_min), at(index)), 6, colour.filled())])
                    .map_err(fail)?;
                chart
                    .draw_series([Text::new(
                        format!("{value:.2}"),
                        (value.max(x_min), at(index)),
                        TextStyle::from((FAMILY, 13).into_font()).pos(
                            plotters::style::text_anchor::Pos::new(
                                plotters::style::text_anchor::HPos::Right,
                                plotters::style::text_anchor::VPos::Bottom,
                            ),
                        ),
                    )])
                    .map_err(fail)?;
            }
            None => {
                chart
                    .draw_series([Text::new(
                        text.undefined.to_string(),
                        (x_min + 0.02, at(index)),
                        (FAMILY, 13).into_font().color(&GREY),
                    )])
                    .map_err(fail)?;
            }
        }
    }
    Ok(())
}
