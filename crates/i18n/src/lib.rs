//! tarkka's message catalogue: the texts a person reads, in Finnish and
//! English, kept as [Fluent](https://projectfluent.org) files rather than
//! as pairs scattered through the code. A language's catalogue is its main
//! file (`locales/fi.ftl`, `locales/en.ftl`) and one file per area beside
//! it (`locales/fi/rubric.ftl`, `locales/en/rubric.ftl`, … listed in
//! [`AREAS`]), so that the texts of one area read together.
//!
//! A message is data — an id and named arguments ([`Message`], built with
//! [`msg!`]) — made where the fact is known, in any crate, and rendered
//! where the reader's language is known ([`render`]). Its `Display` is the
//! English text, for logs, JSON and errors that reach no person's
//! language. Tests hold the two catalogues to the same ids and arguments,
//! and every `msg!` in the sources to an id both have.
//!
//! ```
//! use tarkka_i18n::{msg, render};
//! let message = msg!("verify-evidence-missing",
//!     file = "evidence/sha256/ab/ab12", name = "wc.png", encounter = "V-1", seq = 3);
//! assert!(render("fi", &message).contains("puuttuu"));
//! assert!(message.to_string().contains("is missing"));
//! ```

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The Finnish catalogue.
pub const FI: &str = include_str!("../locales/fi.ftl");
/// The English catalogue.
pub const EN: &str = include_str!("../locales/en.ftl");

/// The catalogue's area files: the area, its Finnish and its English
/// messages. Each language's catalogue is its main file and these; no id
/// is in two files.
pub const AREAS: &[(&str, &str, &str)] = &[
    ("rubric", include_str!("../locales/fi/rubric.ftl"), include_str!("../locales/en/rubric.ftl")),
    ("import", include_str!("../locales/fi/import.ftl"), include_str!("../locales/en/import.ftl")),
    (
        "scoring",
        include_str!("../locales/fi/scoring.ftl"),
        include_str!("../locales/en/scoring.ftl"),
    ),
    ("app", include_str!("../locales/fi/app.ftl"), include_str!("../locales/en/app.ftl")),
    ("cli", include_str!("../locales/fi/cli.ftl"), include_str!("../locales/en/cli.ftl")),
    ("check", include_str!("../locales/fi/check.ftl"), include_str!("../locales/en/check.ftl")),
    (
        "transcript",
        include_str!("../locales/fi/transcript.ftl"),
        include_str!("../locales/en/transcript.ftl"),
    ),
    (
        "workflow",
        include_str!("../locales/fi/workflow.ftl"),
        include_str!("../locales/en/workflow.ftl"),
    ),
    ("store", include_str!("../locales/fi/store.ftl"), include_str!("../locales/en/store.ftl")),
];

/// The Finnish texts of `tarkka --help` (`locales/fi/help.ftl`), keyed by
/// command path and argument id (`help-verify`, `help-verify-no_evidence`).
/// Finnish only: the English help is what clap derives from the argument
/// definitions' doc comments, and a test in the binary holds every one of
/// those to a Finnish text here and every text here to one of those.
pub const HELP_FI: &str = include_str!("../locales/fi/help.ftl");

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Text, shown as it is.
    Text(String),
    /// A whole number: shown as it is, and what plural forms select on.
    Number(i64),
    /// Another message, rendered in the same language first: a part of a
    /// sentence that is itself a catalogue text ("the scale's `min`").
    Message(Box<Message>),
    /// A decimal number written with a point (`0.25`, `-1.5`): shown with
    /// a decimal comma in Finnish (`0,25`). Made with [`decimal`].
    Decimal(String),
    /// A day written `YYYY-MM-DD`: shown `7.12.2026` in Finnish, as it is
    /// in English. Made with [`date`].
    Date(String),
}

/// A day (`2026-12-07`) for a message: Finnish shows it as `7.12.2026`.
pub fn date(day: impl Into<String>) -> Arg {
    Arg::Date(day.into())
}

/// A day's text (`2026-12-07`) as the language writes it: `7.12.2026` in
/// Finnish, as it is in English (and as it is when it is no such day).
pub fn date_in(lang: &str, text: &str) -> String {
    let parts: Vec<&str> = text.split('-').collect();
    match (lang, parts.as_slice()) {
        ("fi", [year, month, day]) if year.len() == 4 && month.len() == 2 && day.len() == 2 => {
            let number = |t: &str| t.parse::<u32>().ok();
            match (number(day), number(month)) {
                (Some(d), Some(m)) => format!("{d}.{m}.{year}"),
                _ => text.to_string(),
            }
        }
        _ => text.to_string(),
    }
}

/// A decimal number, as text with a decimal point, for a message: Finnish
/// shows it with a decimal comma.
pub fn decimal(number: impl Into<String>) -> Arg {
    Arg::Decimal(number.into())
}

/// A decimal number's text (`1.5`) as the language writes it: `1,5` in
/// Finnish, as it is in English.
pub fn decimal_in(lang: &str, text: &str) -> String {
    if lang == "fi" { text.replace('.', ",") } else { text.to_string() }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(Box::new(message))
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(number: $t) -> Arg {
                Arg::Number(i64::try_from(number).unwrap_or(i64::MAX))
            }
        }
    )*};
}
numbers!(u8, u16, u32, u64, usize, i32, i64);

/// A text for a person: a catalogue id and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    /// The id in the catalogues.
    pub id: &'static str,
    /// The named arguments.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Message {
        Message { id, args: Vec::new() }
    }

    /// Adds an argument.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }
}

/// A message: `msg!("id", name = value, ...)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

impl fmt::Display for Message {
    /// The English text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render("en", self))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// A language's files: its main file and its area files, each with the
/// name it is known by in messages about it.
pub fn files(code: &str) -> Vec<(String, &'static str)> {
    let fi = code == "fi";
    let mut files = vec![(format!("locales/{code}.ftl"), if fi { FI } else { EN })];
    for (area, fi_text, en_text) in AREAS {
        files.push((format!("locales/{code}/{area}.ftl"), if fi { fi_text } else { en_text }));
    }
    files
}

fn bundle(code: &str) -> Bundle {
    let lang: unic_langid::LanguageIdentifier = code.parse().expect("a language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Terminal text: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    for (name, text) in files(code) {
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{name} repeats a message: {errors:?}"));
    }
    bundle
}

fn bundles() -> &'static (Bundle, Bundle) {
    static BUNDLES: OnceLock<(Bundle, Bundle)> = OnceLock::new();
    BUNDLES.get_or_init(|| (bundle("fi"), bundle("en")))
}

/// The Finnish help text with this id (made from a command path, so not a
/// [`Message`]), if [`HELP_FI`] has it.
pub fn help_fi(id: &str) -> Option<String> {
    static HELP: OnceLock<Bundle> = OnceLock::new();
    let bundle = HELP.get_or_init(|| {
        let mut bundle = FluentBundle::new_concurrent(vec!["fi".parse().expect("a language tag")]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(HELP_FI.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/fi/help.ftl does not parse: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/fi/help.ftl repeats a message: {errors:?}"));
        bundle
    });
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, None, &mut errors).into_owned())
}

/// The ids of the Finnish help texts, in file order.
pub fn help_ids() -> Vec<String> {
    let resource = FluentResource::try_new(HELP_FI.to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/fi/help.ftl does not parse: {errors:?}"));
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The message in a language (`fi`; anything else is English). An id the
/// catalogue lacks (a test forbids it) shows as the id and its arguments.
pub fn render(lang: &str, message: &Message) -> String {
    let (fi, en) = bundles();
    let bundle = if lang == "fi" { fi } else { en };
    let mut args = FluentArgs::new();
    for (name, value) in &message.args {
        match value {
            Arg::Text(text) => args.set(*name, FluentValue::from(text.as_str())),
            Arg::Number(number) => args.set(*name, FluentValue::from(*number)),
            Arg::Message(inner) => args.set(*name, FluentValue::from(render(lang, inner))),
            Arg::Decimal(text) => args.set(*name, FluentValue::from(decimal_in(lang, text))),
            Arg::Date(text) => args.set(*name, FluentValue::from(date_in(lang, text))),
        }
    }
    let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) else {
        let shown: Vec<String> =
            message.args.iter().map(|(name, value)| format!("{name}={value:?}")).collect();
        return format!("{} {}", message.id, shown.join(" "));
    };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
}

#[cfg(test)]
mod tests;
