//! `tarkka evidence add`: hash, store and attach evidence.

use crate::Outcome;
use crate::args::EvidenceAddArgs;
use crate::context::Context;
use crate::output::print;
use crate::progress::Bar;

pub fn add(args: &EvidenceAddArgs, context: &Context) -> anyhow::Result<Outcome> {
    let writer = context.writer()?;
    let lang = context.lang();
    let request = tarkka_app::evidence::Add {
        encounter: args.encounter.clone(),
        kind: args.kind.name().to_string(),
        files: args.files.clone(),
        in_place: args.in_place,
        key_dirs: context.key_dirs(),
    };
    let bar = Bar::bytes(lang.pick("Tiivisteet", "Hashing"), true, lang);
    let attached = tarkka_app::evidence::add(&writer, &request, &bar)?;
    print(&attached_text(&attached, None, "", lang))?;
    Ok(Outcome::Success)
}

/// One line per attached file: its name (and kind, when given), digest,
/// entry, and whether its content was stored already.
pub fn attached_text(
    attached: &[(tarkka_app::evidence::Prepared, tarkka_ledger::Appended)],
    kind: Option<&str>,
    indent: &str,
    lang: tarkka_rubric::Lang,
) -> String {
    let mut out = String::new();
    for (p, entry) in attached {
        let note = if p.already_attached {
            lang.pick(" (oli jo liitetty: ei uutta merkintää)", " (already attached: no new entry)")
        } else if p.already_present {
            lang.pick(" (sisältö oli jo tallessa)", " (content already stored)")
        } else {
            ""
        };
        let kind = kind.map_or(String::new(), |kind| format!(" ({kind})"));
        out.push_str(&format!(
            "{indent}{} {}{kind} sha256:{}  {} {}{note}\n",
            lang.pick("Liitetty", "Attached"),
            p.name,
            p.sha256,
            lang.pick("merkintä", "entry"),
            entry.seq
        ));
    }
    out
}
