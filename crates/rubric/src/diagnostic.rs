//! Problems found in a rubric file, and how they are shown to a person.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use tarkka_i18n::Message;

/// One problem in a rubric file, located by a byte range of its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The bytes at fault.
    pub span: Range<usize>,
    /// What is wrong and what was expected, as a catalogue message
    /// (crates/i18n): rendered in the reader's language, English in
    /// `Display`.
    pub message: Message,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn new(span: Range<usize>, message: Message) -> Diagnostic {
        Diagnostic { span, message }
    }

    /// The 1-based line and column (in characters) where the problem starts.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.span.start)
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset);
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every problem found in one rubric file, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RubricError {
    /// The problems; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl RubricError {
    /// Renders every problem for a person in `lang` (`fi`, else English):
    /// `path:line:col`, the message, the offending line and a caret under
    /// the fault.
    pub fn render(&self, lang: &str, path: &str, source: &str) -> String {
        render(lang, path, source, &self.diagnostics)
    }

    /// "3 problems in the rubric", in `lang`.
    pub fn summary(&self) -> Message {
        tarkka_i18n::msg!("rubric-problems", count = self.diagnostics.len())
    }
}

/// Renders problems in any text file for a person in `lang` (`fi`, else
/// English): `path:line:col`, the message, the offending line and a caret
/// under the fault.
pub fn render(lang: &str, path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let renderer = Renderer::plain();
    let level =
        Level::ERROR.with_name(tarkka_i18n::render(lang, &tarkka_i18n::msg!("error-prefix")));
    let mut out = String::new();
    // Each problem is shown with only the lines it spans, numbered from
    // where they stand: handing the renderer the whole file for every
    // problem made a large broken file quadratic.
    let (mut counted_to, mut line) = (0, 1);
    for diagnostic in diagnostics {
        let start = floor_char_boundary(source, diagnostic.span.start);
        let end = floor_char_boundary(source, diagnostic.span.end.max(diagnostic.span.start));
        let first = source[..start].rfind('\n').map_or(0, |at| at + 1);
        let last = source[end..].find('\n').map_or(source.len(), |at| end + at);
        if first < counted_to {
            (counted_to, line) = (0, 1);
        }
        line += source.as_bytes()[counted_to..first].iter().filter(|&&b| b == b'\n').count();
        counted_to = first;
        let message = tarkka_i18n::render(lang, &diagnostic.message);
        let report = [level.clone().primary_title(&message).element(
            Snippet::source(&source[first..last])
                .line_start(line)
                .path(path)
                .fold(true)
                .annotation(AnnotationKind::Primary.span(start - first..end - first)),
        )];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

impl fmt::Display for RubricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

impl std::error::Error for RubricError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let source = "a = 1\nää = 2\n";
        assert_eq!(line_col(source, 0), (1, 1));
        assert_eq!(line_col(source, 6), (2, 1));
        // "ää" is four bytes, two characters.
        assert_eq!(line_col(source, 10), (2, 3));
        assert_eq!(line_col(source, 999), (3, 1));
    }
}
