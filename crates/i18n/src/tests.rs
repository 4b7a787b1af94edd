//! The catalogues agree with each other and with the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::*;

/// Every message of a catalogue with the variables it uses.
fn catalogue(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(text).expect("the catalogue parses");
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut variables);
            }
            assert!(
                messages.insert(message.id.name.to_string(), variables).is_none(),
                "{} twice",
                message.id.name
            );
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// A language's whole catalogue: the union of its files, no id twice.
fn union(code: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    let mut file_of: BTreeMap<String, String> = BTreeMap::new();
    for (name, text) in files(code) {
        for (id, variables) in catalogue(text) {
            if let Some(other) = file_of.insert(id.clone(), name.clone()) {
                panic!("{id} is in both {other} and {name}");
            }
            all.insert(id, variables);
        }
    }
    all
}

/// Both languages have the same ids, and a message that takes arguments
/// uses some in both.
fn agree(
    file: &str,
    fi: &BTreeMap<String, BTreeSet<String>>,
    en: &BTreeMap<String, BTreeSet<String>>,
) {
    let only_fi: Vec<&String> = fi.keys().filter(|id| !en.contains_key(*id)).collect();
    let only_en: Vec<&String> = en.keys().filter(|id| !fi.contains_key(*id)).collect();
    assert!(only_fi.is_empty(), "only in the Finnish {file}: {only_fi:?}");
    assert!(only_en.is_empty(), "only in the English {file}: {only_en:?}");
    // A language may leave an argument out (the English of a bad answer is
    // the scoring crate's own reason; the Finnish says it in its words),
    // but every message uses at least one of them when it has any.
    for (id, variables) in fi {
        let other = &en[id];
        assert!(
            variables.is_empty() == other.is_empty(),
            "{file}: {id}: one language uses arguments, the other none"
        );
    }
}

#[test]
fn both_languages_have_every_message() {
    let (fi, en) = (catalogue(FI), catalogue(EN));
    agree("fi.ftl/en.ftl", &fi, &en);
    assert!(fi.len() >= 20, "{}", fi.len());
    // Each area file pair holds the same ids, so that a translator reads
    // one area in both languages side by side.
    for (area, fi_text, en_text) in AREAS {
        let (fi, en) = (catalogue(fi_text), catalogue(en_text));
        agree(&format!("{area}.ftl"), &fi, &en);
        assert!(!fi.is_empty(), "{area}.ftl is empty");
    }
}

#[test]
fn no_message_is_in_two_files() {
    assert_eq!(union("fi").keys().collect::<Vec<_>>(), union("en").keys().collect::<Vec<_>>());
}

/// The names given at the top level of a `msg!`'s arguments (`, name =
/// value`), leaving out those of messages nested in the values.
fn top_level_names(args: &str) -> BTreeSet<String> {
    let name = regex::Regex::new(r"^\s*([a-z_][a-z0-9_]*)\s*=[^=]").unwrap();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut names = BTreeSet::new();
    for (at, c) in args.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                if let Some(found) = name.captures(&args[at + 1..]) {
                    names.insert(found[1].to_string());
                }
            }
            _ => {}
        }
    }
    names
}

/// Every `msg!("id", a = …)` in the workspace's sources names a message
/// both catalogues have, with exactly the arguments it uses.
#[test]
fn every_message_the_code_makes_is_in_the_catalogues() {
    let (fi, mut en) = (union("fi"), union("en"));
    // The arguments a message takes: those either language uses.
    for (id, variables) in fi {
        en.entry(id).or_default().extend(variables);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let call = regex::Regex::new(
        r#"(?:msg|refuse)!\(\s*"([a-z0-9-]+)"((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*)\)"#,
    )
    .unwrap();
    let mut sources = Vec::new();
    for dir in ["src", "crates"] {
        collect(&root.join(dir), &mut sources);
    }
    let mut used = 0;
    for path in sources {
        // The catalogue's own examples and tests use made-up ids.
        if path.components().any(|c| c.as_os_str() == "i18n") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // A message may be an argument of another: its call is read too.
        let mut pending = vec![text];
        while let Some(text) = pending.pop() {
            for found in call.captures_iter(&text) {
                let id = &found[1];
                used += 1;
                let Some(variables) = en.get(id) else {
                    panic!("{}: msg!(\"{id}\") is in no catalogue", path.display());
                };
                let given = top_level_names(&found[2]);
                assert_eq!(&given, variables, "{}: msg!(\"{id}\") arguments", path.display());
                pending.push(found[2].to_string());
            }
        }
    }
    assert!(used >= 20, "{used}");
}

#[test]
fn nested_messages_name_only_their_own_arguments() {
    let names =
        top_level_names(r#", what = msg!("inner", x = 1), count = f(a, b = 2), s = "a, b = c""#);
    assert_eq!(names, ["count", "s", "what"].map(String::from).into());
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with("fuzz") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn arguments_and_plurals_are_rendered_without_isolation_marks() {
    let message = msg!("test-plural", count = 1);
    assert_eq!(render("en", &message), "1 finding");
    assert_eq!(render("en", &msg!("test-plural", count = 3)), "3 findings");
    assert_eq!(render("fi", &msg!("test-plural", count = 1)), "1 havainto");
    assert_eq!(render("fi", &msg!("test-plural", count = 3)), "3 havaintoa");
    assert_eq!(render("en", &Message::new("no-such-id").arg("x", "y")), "no-such-id x=Text(\"y\")");
}

#[test]
fn a_message_argument_is_rendered_in_the_same_language() {
    let inner = msg!("test-plural", count = 2);
    let outer = msg!("verify-malformed-payload", reason = inner);
    assert_eq!(render("fi", &outer), "2 havaintoa");
    assert_eq!(render("en", &outer), "2 findings");
}
