//! `tarkka --help` in the reader's language.
//!
//! The English help is what clap derives from the doc comments in
//! `args.rs`, untouched. For Finnish, the built `clap::Command` is walked
//! and every text replaced from the catalogue's `locales/fi/help.ftl`,
//! keyed by command path and argument id ([`id`]): `help-verify` is the
//! `about` of `tarkka verify`, `help-verify-no_evidence` the help of its
//! `--no-evidence`, with `-long` for the long form (`--help`) and `-after`
//! for the examples after it; `help-tarkka…` is the top level and the
//! global options. clap's own words are `help-clap-…`: the texts of the
//! `--help`, `--version` and `help` it adds, and the headings ("Usage",
//! "Commands", "Arguments", "Options"), which a help template per command
//! puts in Finnish.
//!
//! What stays English, because clap builds it inside and offers no way to
//! replace it short of rewriting its help: the `[OPTIONS]` and `<COMMAND>`
//! of a usage line, the bracketed notes (`[default: …]`, `[env: …]`,
//! `[possible values: …]`), the help of a value in a list of possible
//! values (it lives in the value parser the derive made), and clap's usage
//! errors ("error: unexpected argument", "Usage:" above them). Shell
//! completions and the man page are English.
//!
//! The language is decided before parsing, as the rest of tarkka decides
//! it: `--lang`, else `TARKKA_LANG`, else the workspace's configured
//! language, else Finnish. A normal run parses once with the English
//! command; only help, version and usage errors parse a second time with
//! the Finnish one, so that clap prints them.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Arg, Command, CommandFactory, FromArgMatches, Parser};
use tarkka_rubric::Lang;

use crate::args::Cli;

/// The top level's name in help ids.
const ROOT: &str = "tarkka";

/// The texts clap adds to every command, by their English, with the id of
/// their Finnish.
const CLAP_TEXTS: &[(&str, &str)] = &[
    ("Print help", "help-clap-help"),
    ("Print help (see more with '--help')", "help-clap-help-more"),
    ("Print help (see a summary with '-h')", "help-clap-help-summary"),
    ("Print version", "help-clap-version"),
    ("Print this message or the help of the given subcommand(s)", "help-clap-help-command"),
    ("Print help for the subcommand(s)", "help-clap-help-subcommand"),
];

/// Parses the command line; help, version and usage errors are printed in
/// the reader's language and end the process, as `Cli::parse` does.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let error = match Cli::try_parse_from(&args) {
        Ok(cli) => return cli,
        Err(error) => error,
    };
    if lang(&args) == Lang::En {
        error.exit();
    }
    match command(Lang::Fi).try_get_matches_from(&args) {
        Ok(matches) => Cli::from_arg_matches(&matches).unwrap_or_else(|_| error.exit()),
        Err(finnish) => finnish.exit(),
    }
}

/// The language of help: `--lang` (the last one, as clap reads it), else
/// `TARKKA_LANG`, else the workspace's configuration, else Finnish.
pub fn lang(args: &[OsString]) -> Lang {
    let mut given = std::env::var("TARKKA_LANG").ok();
    let mut workspace = std::env::var_os("TARKKA_WORKSPACE").map(PathBuf::from);
    let mut rest = args.iter().skip(1).filter_map(|arg| arg.to_str());
    while let Some(arg) = rest.next() {
        match arg {
            "--" => break,
            "--lang" => given = rest.next().map(str::to_string),
            "--workspace" => workspace = rest.next().map(PathBuf::from),
            _ => {
                if let Some(value) = arg.strip_prefix("--lang=") {
                    given = Some(value.to_string());
                } else if let Some(value) = arg.strip_prefix("--workspace=") {
                    workspace = Some(PathBuf::from(value));
                }
            }
        }
    }
    match given.as_deref() {
        Some("en") => Lang::En,
        Some("fi") => Lang::Fi,
        _ => workspace_lang(workspace).unwrap_or(Lang::Fi),
    }
}

fn workspace_lang(workspace: Option<PathBuf>) -> Option<Lang> {
    let start = match &workspace {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().ok()?,
    };
    let root = tarkka_app::config::find_root(workspace.as_deref(), &start).ok()?;
    tarkka_app::config::read_config(&root).ok()?.lang
}

/// The command line's definition with its help in `lang`: clap's own for
/// English, the catalogue's for Finnish.
pub fn command(lang: Lang) -> Command {
    let mut command = Cli::command();
    if lang == Lang::En {
        return command;
    }
    // Built first, so that the `--help`, `--version` and `help` clap adds,
    // and the global options copied into every subcommand, are there to
    // be translated too.
    command.build();
    localize(command, &[])
}

/// The id of a text: `help-` and the command path (`tarkka` for the top
/// level), then the argument id if it is an argument's, then `part`
/// (`long`, `after`, `after-long`) if it is not the short form.
pub fn id(path: &[&str], arg: Option<&str>, part: Option<&str>) -> String {
    let mut id = String::from("help");
    if path.is_empty() {
        id.push('-');
        id.push_str(ROOT);
    }
    for name in path.iter().chain(arg.as_ref()).chain(part.as_ref()) {
        id.push('-');
        id.push_str(name);
    }
    id
}

/// One text of the help: its id and its English.
#[cfg(test)]
#[derive(Debug)]
pub struct Text {
    pub id: String,
    pub english: String,
}

/// Every text of a built command's help, with its id, in walking order.
#[cfg(test)]
pub fn texts(command: &Command) -> Vec<Text> {
    let mut out = Vec::new();
    walk(command, &[], &mut |id, english| {
        out.push(Text { id, english: english.to_string() });
        None
    });
    out
}

/// Each text of `command` (at `path`) is given to `replace` with its id;
/// where it returns a text, that one is put in its place. clap's own texts
/// have their `help-clap-…` ids.
fn walk(
    command: &Command,
    path: &[&str],
    replace: &mut dyn FnMut(String, &str) -> Option<String>,
) -> Command {
    let mut command = command.clone();
    let own = |english: &str, id: String| clap_id(english).map_or(id, str::to_string);
    if let Some(about) = command.get_about().map(ToString::to_string)
        && let Some(text) = replace(own(&about, id(path, None, None)), &about)
    {
        command = command.about(text);
    }
    if let Some(about) = command.get_long_about().map(ToString::to_string)
        && let Some(text) = replace(id(path, None, Some("long")), &about)
    {
        command = command.long_about(text);
    }
    if let Some(after) = command.get_after_help().map(ToString::to_string)
        && let Some(text) = replace(id(path, None, Some("after")), &after)
    {
        command = command.after_help(text);
    }
    if let Some(after) = command.get_after_long_help().map(ToString::to_string)
        && let Some(text) = replace(id(path, None, Some("after-long")), &after)
    {
        command = command.after_long_help(text);
    }
    let arguments: Vec<Arg> = command.get_arguments().cloned().collect();
    for arg in arguments {
        let name = arg.get_id().as_str().to_string();
        // A global option is the top level's, wherever clap copied it.
        let at: &[&str] = if arg.is_global_set() { &[] } else { path };
        let mut changed = arg.clone();
        if let Some(help) = arg.get_help().map(ToString::to_string)
            && let Some(text) = replace(own(&help, id(at, Some(&name), None)), &help)
        {
            changed = changed.help(text);
        }
        if let Some(help) = arg.get_long_help().map(ToString::to_string)
            && let Some(text) = replace(own(&help, id(at, Some(&name), Some("long"))), &help)
        {
            changed = changed.long_help(text);
        }
        command = command.mut_arg(&name, |_| changed);
    }
    let names: Vec<String> =
        command.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        let sub = command.find_subcommand(&name).expect("listed above");
        // clap's `help` command holds a copy of the commands beside it, for
        // completions: their texts are those of the commands themselves.
        let generated = sub.get_about().is_some_and(|about| clap_id(&about.to_string()).is_some());
        let walked = if generated {
            walk_copy(sub, path, None, replace)
        } else {
            let mut inner: Vec<&str> = path.to_vec();
            inner.push(&name);
            walk(sub, &inner, replace)
        };
        command = command.mut_subcommand(&name, |_| walked);
    }
    command
}

/// The id of one of clap's own texts.
fn clap_id(english: &str) -> Option<&'static str> {
    CLAP_TEXTS.iter().find(|(text, _)| *text == english).map(|(_, id)| *id)
}

/// clap's `help` command under `path`, or (`name`) a copy inside it of
/// the command `name`: its `about`, its arguments' help, and its copies.
fn walk_copy(
    copy: &Command,
    path: &[&str],
    name: Option<&str>,
    replace: &mut dyn FnMut(String, &str) -> Option<String>,
) -> Command {
    let mut copy = copy.clone();
    let mut inner: Vec<&str> = path.to_vec();
    inner.extend(name);
    if let Some(about) = copy.get_about().map(ToString::to_string) {
        let id = clap_id(&about).map_or_else(|| id(&inner, None, None), str::to_string);
        if let Some(text) = replace(id, &about) {
            copy = copy.about(text);
        }
    }
    let arguments: Vec<Arg> = copy.get_arguments().cloned().collect();
    for arg in arguments {
        if let Some(help) = arg.get_help().map(ToString::to_string)
            && let Some(id) = clap_id(&help)
            && let Some(text) = replace(id.to_string(), &help)
        {
            copy = copy.mut_arg(arg.get_id().as_str(), |arg| arg.help(text));
        }
    }
    let names: Vec<String> = copy.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for sub in names {
        let walked = walk_copy(
            copy.find_subcommand(&sub).expect("listed above"),
            &inner,
            Some(&sub),
            replace,
        );
        copy = copy.mut_subcommand(&sub, |_| walked);
    }
    copy
}

/// The built command with every text the catalogue has in Finnish, and
/// Finnish headings.
fn localize(command: Command, path: &[&str]) -> Command {
    let command = walk(&command, path, &mut |id, _| tarkka_i18n::help_fi(&id));
    with_templates(command)
}

/// A help template with Finnish headings for the command and each one
/// under it, with the sections it has.
fn with_templates(mut command: Command) -> Command {
    let word = |id: &str| tarkka_i18n::help_fi(id).unwrap_or_else(|| id.to_string());
    let styles = command.get_styles();
    let (header, usage) = (*styles.get_header(), *styles.get_usage());
    let heading = |style: clap::builder::styling::Style, text: String| {
        format!("{}{text}:{}", style.render(), style.render_reset())
    };
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}",
        heading(usage, word("help-clap-usage"))
    );
    let shown = |positional: bool| {
        command.get_arguments().any(|arg| arg.is_positional() == positional && !arg.is_hide_set())
    };
    let sections = [
        (
            command.get_subcommands().any(|sub| !sub.is_hide_set()),
            "help-clap-commands",
            "{subcommands}",
        ),
        (shown(true), "help-clap-arguments", "{positionals}"),
        (shown(false), "help-clap-options", "{options}"),
    ];
    for (present, id, tag) in sections {
        if present {
            template.push_str(&format!("\n\n{}\n{tag}", heading(header, word(id))));
        }
    }
    template.push_str("{after-help}");
    command = command.help_template(template);
    let names: Vec<String> =
        command.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(&name, with_templates);
    }
    command
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn built() -> Command {
        let mut command = Cli::command();
        command.build();
        command
    }

    /// Every command and argument has its help in Finnish, so that no
    /// command can be added without it; and every Finnish text is one
    /// that clap shows, so that none is left behind when one goes.
    #[test]
    fn every_help_text_has_its_finnish() {
        let texts = texts(&built());
        let missing: Vec<String> = texts
            .iter()
            .filter(|text| tarkka_i18n::help_fi(&text.id).is_none())
            .map(|text| format!("{} = {}", text.id, text.english))
            .collect();
        assert!(
            missing.is_empty(),
            "no Finnish in locales/fi/help.ftl for:\n{}",
            missing.join("\n")
        );
        let used: BTreeSet<&str> = texts.iter().map(|text| text.id.as_str()).collect();
        let headings =
            ["help-clap-usage", "help-clap-commands", "help-clap-arguments", "help-clap-options"];
        let unused: Vec<String> = tarkka_i18n::help_ids()
            .into_iter()
            .filter(|id| !used.contains(id.as_str()) && !headings.contains(&id.as_str()))
            .collect();
        assert!(unused.is_empty(), "locales/fi/help.ftl has texts no help shows: {unused:?}");
    }

    /// No two texts share an id (an argument named like a subcommand).
    #[test]
    fn ids_are_unique_per_text() {
        let mut seen = std::collections::BTreeMap::new();
        for text in texts(&built()) {
            if let Some(other) = seen.insert(text.id.clone(), text.english.clone()) {
                assert_eq!(other, text.english, "{} names two texts", text.id);
            }
        }
    }

    /// The English texts with their ids, as a start for new Finnish ones:
    /// `cargo test -p tarkka help::tests::skeleton -- --nocapture`.
    #[test]
    fn skeleton() {
        let mut seen = BTreeSet::new();
        for text in texts(&built()) {
            if tarkka_i18n::help_fi(&text.id).is_none() && seen.insert(text.id.clone()) {
                let escaped: String = text
                    .english
                    .chars()
                    .map(|c| match c {
                        '{' => "{\"{\"}".to_string(),
                        '}' => "{\"}\"}".to_string(),
                        c => c.to_string(),
                    })
                    .collect();
                println!("{} =\n    {}", text.id, escaped.replace('\n', "\n    "));
            }
        }
    }

    #[test]
    fn english_help_is_clap_s_own() {
        let render = |mut command: Command| command.render_long_help().to_string();
        assert_eq!(render(command(Lang::En)), render(Cli::command()));
    }

    #[test]
    fn finnish_help_has_finnish_headings_and_texts() {
        let mut command = command(Lang::Fi);
        let verify = command.find_subcommand_mut("verify").unwrap();
        let help = verify.render_help().to_string();
        assert!(help.contains("Käyttö: tarkka verify"), "{help}");
        assert!(help.contains("Valinnat:"), "{help}");
        assert!(!help.contains("Options:"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
    }

    #[test]
    fn the_language_is_lang_then_the_environment() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang(&args(&["tarkka", "--lang", "en", "verify", "--help"])), Lang::En);
        assert_eq!(lang(&args(&["tarkka", "verify", "--lang=en"])), Lang::En);
        assert_eq!(lang(&args(&["tarkka", "--lang", "en", "--lang", "fi"])), Lang::Fi);
        // After `--` nothing is an option: the environment or workspace decide.
        assert!(lang(&args(&["tarkka", "--", "--lang", "en"])) == lang(&args(&["tarkka"])));
    }
}
