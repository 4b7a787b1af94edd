//! The PNG backend: plotters' bitmap backend with text drawn correctly.
//!
//! plotters 0.3.7 draws each glyph of a text at the pen position without
//! its left side bearing (`ab_glyph`'s `px_bounds().min.x` is dropped), so
//! a glyph with a wide bearing sits against the one before it and words
//! run together ("TurkuHansa"). This backend passes everything through to
//! [`BitMapBackend`] but draws text itself, each glyph where the font puts
//! it: at the pen position plus its bearing, with kerning. Layout boxes,
//! anchors and rotations are computed exactly as plotters computes them,
//! so charts keep their geometry; the SVG files, whose text the browser
//! lays out, are not affected.

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};

/// The exponent each glyph pixel's coverage is raised to: below 1, thin
/// strokes and the tails of commas stay visible at small sizes, as a
/// hinting rasteriser keeps them.
const TEXT_GAMMA: f64 = 0.6;

/// The bitmap backend, drawing text with the embedded DejaVu Sans.
pub(crate) struct Png<'a> {
    inner: BitMapBackend<'a>,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl<'a> Png<'a> {
    /// Draws into `pixels` (RGB, `width × height`).
    pub(crate) fn new(pixels: &'a mut [u8], size: (u32, u32)) -> Png<'a> {
        // The embedded fonts are valid: failing here would be a build error.
        let font = |bytes: &'static [u8]| FontRef::try_from_slice(bytes).expect("a valid font");
        Png {
            inner: BitMapBackend::with_buffer(pixels, size),
            regular: font(dejavu::sans::regular()),
            bold: font(dejavu::sans::bold()),
        }
    }

    /// The pixels of `text` at `size`, each `(x, y, coverage)` from the
    /// pen's start, with the baseline where plotters puts it.
    fn glyphs(&self, text: &str, size: f32, style: FontStyle) -> Vec<(i32, i32, f32)> {
        let font = match style {
            FontStyle::Bold => &self.bold,
            _ => &self.regular,
        };
        let scaled = font.as_scaled(size);
        let mut pixels = Vec::new();
        let mut caret = 0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(previous) = previous {
                caret += scaled.kern(previous, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(size, point(caret, 0.0));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (left, top) = (bounds.min.x as i32, (size / 2.0 + bounds.min.y) as i32);
                outline.draw(|x, y, coverage| {
                    pixels.push((left + x as i32, top + y as i32, coverage));
                });
            }
            caret += scaled.h_advance(id);
        }
        pixels
    }
}

/// How wide `text` is at `size` pixels in the regular face, as plotters
/// lays it out (advances and kerning).
pub(crate) fn text_width(text: &str, size: f32) -> f32 {
    let font = FontRef::try_from_slice(dejavu::sans::regular()).expect("a valid font");
    let scaled = font.as_scaled(size);
    let mut width = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            width += scaled.kern(previous, id);
        }
        previous = Some(id);
        width += scaled.h_advance(id);
    }
    width
}

impl DrawingBackend for Png<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (width, height): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, (width, height), src)
    }

    /// As plotters' own `draw_text` (the layout box, the anchor, the
    /// rotation), with the glyphs from [`Png::glyphs`].
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) =
            style.layout_box(text).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        for (x, y, coverage) in self.glyphs(text, style.size() as f32, style.style()) {
            let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                // Coverage darkened: without hinting, a small glyph's thin
                // parts get faint coverage, and a 13-pixel comma's tail all
                // but vanishes ("0,96" read as "0.96").
                let alpha = color.alpha * f64::from(coverage.clamp(0.0, 1.0)).powf(TEXT_GAMMA);
                self.inner.draw_pixel((x, y), BackendColor { alpha, rgb: color.rgb })?;
            }
        }
        Ok(())
    }
}
