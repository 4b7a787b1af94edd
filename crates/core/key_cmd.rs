//! `tarkka key new`: an auditor's signing key.

use crate::Outcome;
use crate::args::KeyNewArgs;
use crate::context::Context;
use crate::output::print;

pub fn new(args: &KeyNewArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    tarkka_app::rubrics::check_id(&args.auditor, "auditor id")?;
    let lang = context.lang();
    let key_dir = context.key_dir()?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|error| anyhow::anyhow!("no randomness from the operating system: {error}"))?;
    let made =
        tarkka_app::verify::new_key(&workspace, &key_dir, &args.auditor, secret, context.now()?)?;
    print(&format!(
        "{} {}\n  {}: {}\n  {}: {}\n  {} {}\n",
        lang.pick("Allekirjoitusavain luotu:", "Signing key created:"),
        args.auditor,
        lang.pick("yksityinen", "private"),
        made.private.display(),
        lang.pick("julkinen", "public"),
        made.public.display(),
        lang.pick("kirjattu merkintänä", "recorded as entry"),
        made.seq
    ))?;
    Ok(Outcome::Success)
}
