//! The text of a subtitle cue: markup stripped, and split into one piece per
//! speaker, named by voice tags (`<v Agent>`) or else by `Name:` prefixes.

use crate::read::speaker::split_prefix;

/// The markup a cue's text may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Markup {
    /// WebVTT: tags and the character references `&amp;` and the like.
    WebVtt,
    /// SRT: HTML-like tags (`<i>`, `<font …>`) and `{\an8}`-style overrides
    /// copied from ASS files; no character references.
    SubRip,
}

/// One speaker's part of a cue.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The speaker as written, if the cue names one.
    pub(crate) name: Option<String>,
    /// The line where the text starts (where the piece starts if it has no
    /// text).
    pub(crate) line: usize,
    /// The text, its lines trimmed and joined with `\n`; may be empty.
    pub(crate) text: String,
}

/// Splits cue text (numbered lines) into pieces.
///
/// With voice tags in the cue, each tag starts a piece and `Name:` is just
/// text; without any, a line that starts with `Name:` starts a piece. Text
/// before the first speaker is a piece without a name.
pub(crate) fn pieces(lines: &[(usize, &str)], markup: Markup) -> Vec<Piece> {
    let lines: Vec<(usize, Vec<Event>)> =
        lines.iter().map(|&(number, line)| (number, events(line, markup))).collect();
    let voiced =
        lines.iter().any(|(_, events)| events.iter().any(|event| matches!(event, Event::Voice(_))));
    let mut pieces = Pieces::default();
    for (number, events) in lines {
        if voiced {
            for event in events {
                match event {
                    Event::Voice(name) => pieces.start(name, number),
                    Event::Text(text) => pieces.add(&text, number),
                }
            }
        } else {
            let text: String = events
                .into_iter()
                .filter_map(|event| match event {
                    Event::Text(text) => Some(text),
                    Event::Voice(_) => None,
                })
                .collect();
            match split_prefix(&text) {
                Some((name, rest)) => {
                    pieces.start(Some(name.to_string()), number);
                    pieces.add(rest, number);
                }
                None => pieces.add(&text, number),
            }
        }
    }
    pieces.finish()
}

#[derive(Debug, PartialEq, Eq)]
enum Event {
    Text(String),
    /// A voice tag, with the name it gives (if any).
    Voice(Option<String>),
}

/// A line's text and voice tags, other markup removed.
fn events(line: &str, markup: Markup) -> Vec<Event> {
    let mut events = Vec::new();
    let mut text = String::new();
    // Once a `<` finds no `>` after it, no later one will either: treating
    // the rest as text keeps a line of `<<<<…` linear rather than quadratic.
    let mut tags_closed = true;
    let mut overrides_closed = true;
    let mut rest = line;
    while let Some(character) = rest.chars().next() {
        let after = &rest[character.len_utf8()..];
        if character == '<'
            && tags_closed
            && after.starts_with(|next: char| {
                next.is_alphabetic() || next.is_ascii_digit() || next == '/'
            })
        {
            match after.find('>') {
                Some(end) => {
                    if let Some(name) = voice(&after[..end]) {
                        if !text.is_empty() {
                            events.push(Event::Text(std::mem::take(&mut text)));
                        }
                        events.push(Event::Voice(name));
                    }
                    rest = &after[end + 1..];
                    continue;
                }
                None => tags_closed = false,
            }
        }
        if character == '{'
            && markup == Markup::SubRip
            && overrides_closed
            && after.starts_with('\\')
        {
            match after.find('}') {
                Some(end) => {
                    rest = &after[end + 1..];
                    continue;
                }
                None => overrides_closed = false,
            }
        }
        if character == '&' && markup == Markup::WebVtt {
            let references = [
                ("amp;", "&"),
                ("lt;", "<"),
                ("gt;", ">"),
                ("nbsp;", " "),
                ("lrm;", ""),
                ("rlm;", ""),
            ];
            if let Some((reference, replacement)) =
                references.iter().find(|(reference, _)| after.starts_with(reference))
            {
                text.push_str(replacement);
                rest = &after[reference.len()..];
                continue;
            }
        }
        text.push(character);
        rest = after;
    }
    if !text.is_empty() {
        events.push(Event::Text(text));
    }
    events
}

/// The name a voice tag gives — `Some(None)` for a voice tag without a name
/// — or `None` if the tag is not a voice tag. `<v Agent>`, `<v.loud Asiakas>`
/// and `<v Matti Meikäläinen>` are voice tags; `<b>`, `</v>`, `<c.x>` and
/// `<00:01.000>` are not.
fn voice(tag: &str) -> Option<Option<String>> {
    let rest = tag.strip_prefix('v')?;
    if !(rest.is_empty() || rest.starts_with(['.', ' ', '\t'])) {
        return None;
    }
    let name =
        rest.split_once([' ', '\t']).map(|(_, name)| name.trim()).filter(|name| !name.is_empty());
    Some(name.map(str::to_string))
}

/// Pieces being collected.
#[derive(Default)]
struct Pieces {
    done: Vec<Piece>,
    current: Option<Current>,
}

struct Current {
    name: Option<String>,
    /// Where the piece starts, until its first text is seen.
    line: usize,
    has_text: bool,
    /// The text lines so far, each with its source line.
    lines: Vec<(usize, String)>,
}

impl Pieces {
    fn start(&mut self, name: Option<String>, line: usize) {
        self.close();
        self.current = Some(Current { name, line, has_text: false, lines: Vec::new() });
    }

    fn add(&mut self, text: &str, line: usize) {
        let current = self.current.get_or_insert_with(|| Current {
            name: None,
            line,
            has_text: false,
            lines: Vec::new(),
        });
        if !current.has_text && !text.trim().is_empty() {
            current.has_text = true;
            current.line = line;
        }
        match current.lines.last_mut() {
            Some((last_line, last_text)) if *last_line == line => last_text.push_str(text),
            _ => current.lines.push((line, text.to_string())),
        }
    }

    fn close(&mut self) {
        if let Some(current) = self.current.take() {
            let lines: Vec<&str> = current
                .lines
                .iter()
                .map(|(_, text)| text.trim())
                .filter(|text| !text.is_empty())
                .collect();
            self.done.push(Piece {
                name: current.name,
                line: current.line,
                text: lines.join("\n"),
            });
        }
    }

    fn finish(mut self) -> Vec<Piece> {
        self.close();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(markup: Markup, lines: &[&str], expected: &[(Option<&str>, usize, &str)]) {
        let numbered: Vec<(usize, &str)> =
            lines.iter().enumerate().map(|(at, line)| (at + 10, *line)).collect();
        let actual: Vec<(Option<String>, usize, String)> = pieces(&numbered, markup)
            .into_iter()
            .map(|piece| (piece.name, piece.line, piece.text))
            .collect();
        let expected: Vec<(Option<String>, usize, String)> = expected
            .iter()
            .map(|(name, line, text)| (name.map(str::to_string), *line, text.to_string()))
            .collect();
        assert_eq!(actual, expected, "{lines:?}");
    }

    #[test]
    fn voice_tags_name_speakers() {
        use Markup::WebVtt;
        check(WebVtt, &["<v Agent>Hyvää päivää"], &[(Some("Agent"), 10, "Hyvää päivää")]);
        check(WebVtt, &["<v.loud Asiakas>EI!</v>"], &[(Some("Asiakas"), 10, "EI!")]);
        check(
            WebVtt,
            &["<v.a.b\tMatti  Meikäläinen >Hei"],
            &[(Some("Matti  Meikäläinen"), 10, "Hei")],
        );
        check(WebVtt, &["<v>Hei"], &[(None, 10, "Hei")]);
        check(
            WebVtt,
            &["<v Agent>Hello</v> <v Customer>Hi", "there"],
            &[(Some("Agent"), 10, "Hello"), (Some("Customer"), 10, "Hi\nthere")],
        );
        check(WebVtt, &["<v Agent>", "Hei"], &[(Some("Agent"), 11, "Hei")]);
        check(
            WebVtt,
            &["ennen", "<v Agent>Hei"],
            &[(None, 10, "ennen"), (Some("Agent"), 11, "Hei")],
        );
        // With voice tags, a `Name:` prefix is just text.
        check(WebVtt, &["<v Agent>Huom: tärkeää"], &[(Some("Agent"), 10, "Huom: tärkeää")]);
    }

    #[test]
    fn prefixes_name_speakers_without_voice_tags() {
        use Markup::SubRip;
        check(SubRip, &["Agent: Hello", "there"], &[(Some("Agent"), 10, "Hello\nthere")]);
        check(
            SubRip,
            &["Agent: Hello", "Customer: Hi"],
            &[(Some("Agent"), 10, "Hello"), (Some("Customer"), 11, "Hi")],
        );
        check(SubRip, &["<i>Asiakas:</i> Hei"], &[(Some("Asiakas"), 10, "Hei")]);
        check(SubRip, &["Just text"], &[(None, 10, "Just text")]);
    }

    #[test]
    fn markup_is_stripped() {
        use Markup::{SubRip, WebVtt};
        let cases = [
            (WebVtt, "<b>bold</b> <i>it</i> <u>u</u>", "bold it u"),
            (WebVtt, "<c.yellow.bg_blue>värit</c>", "värit"),
            (WebVtt, "yksi <00:01.000>kaksi <00:00:02.500>kolme", "yksi kaksi kolme"),
            (WebVtt, "<ruby>漢<rt>kan</rt></ruby> <lang fi>hei</lang>", "漢kan hei"),
            (WebVtt, "a &amp; b &lt;c&gt; d&nbsp;e&lrm;", "a & b <c> d e"),
            (WebVtt, "&unknown; &amp", "&unknown; &amp"),
            (WebVtt, "1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
            (WebVtt, "<<<<b", "<<<<b"),
            (WebVtt, "<b unclosed", "<b unclosed"),
            (SubRip, "<font color=\"#ff0000\">punainen</font>", "punainen"),
            (SubRip, "{\\an8}ylhäällä", "ylhäällä"),
            (SubRip, "{\\an8 unclosed", "{\\an8 unclosed"),
            (SubRip, "{not an override}", "{not an override}"),
            (SubRip, "a &amp; b", "a &amp; b"),
        ];
        for (markup, line, expected) in cases {
            check(markup, &[line], &[(None, 10, expected)]);
        }
    }
}
