//! `tarkka key new`: an auditor's signing key.

use crate::Outcome;
use crate::args::{KeyNewArgs, KeyTrustArgs};
use crate::context::Context;
use crate::output::print;

pub fn new(args: &KeyNewArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    tarkka_app::rubrics::check_id(&args.auditor, "auditor")?;
    let lang = context.lang();
    let key_dir = context.key_dir()?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|error| anyhow::anyhow!("no randomness from the operating system: {error}"))?;
    let made =
        tarkka_app::verify::new_key(&workspace, &key_dir, &args.auditor, secret, context.now()?)?;
    let (heading, recorded) = match (made.existing, made.seq) {
        (false, _) => (lang.pick("Allekirjoitusavain luotu:", "Signing key created:"), made.seq),
        (true, Some(_)) => (
            lang.pick(
                "Olemassa oleva allekirjoitusavain rekisteröity tähän työtilaan:",
                "Existing signing key registered in this workspace:",
            ),
            made.seq,
        ),
        (true, None) => (
            lang.pick(
                "Työtila luottaa jo tähän allekirjoitusavaimeen:",
                "The workspace trusts this signing key already:",
            ),
            None,
        ),
    };
    print(&format!(
        "{heading} {}\n  {}: {}\n  {}: {} ({})\n{}",
        args.auditor,
        lang.pick("yksityinen", "private"),
        made.private.display(),
        lang.pick("julkinen", "public"),
        made.public.display(),
        made.key,
        recorded.map_or(String::new(), |seq| format!(
            "  {} {seq}\n",
            lang.pick("kirjattu merkintänä", "recorded as entry")
        ))
    ))?;
    Ok(Outcome::Success)
}

pub fn trust(args: &KeyTrustArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let writer = context.writer()?;
    let admitted = tarkka_app::checkpoint::admit(
        &writer,
        &context.key_dir()?,
        &args.auditor,
        args.key.as_deref(),
    )?;
    let text = tarkka_i18n::msg!(
        "key-admitted",
        actor = admitted.actor.as_str(),
        key = admitted.key.as_str(),
        origin = admitted.origin.as_str(),
        seq = admitted.seq
    );
    print(&format!("{}\n", crate::output::tr(lang, &text)))?;
    Ok(Outcome::Success)
}
