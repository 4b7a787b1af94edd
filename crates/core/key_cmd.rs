//! `tarkka key new`: an auditor's signing key.

use anyhow::{Context as _, bail};
use tarkka_ledger::payload::KeyAdded;
use tarkka_ledger::{NewEntry, Signer};

use crate::Outcome;
use crate::args::KeyNewArgs;
use crate::context::{Context, write_new};
use crate::encounter_cmd::check_id;
use crate::output::print;

pub fn new(args: &KeyNewArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    check_id(&args.auditor, "auditor id")?;
    let lang = context.lang();
    let key_dir = context.key_dir()?;
    let private = key_dir.join(format!("{}.key", args.auditor));
    if private.exists() {
        bail!("{} exists already: {} has a key", private.display(), args.auditor);
    }
    let public = workspace.keys_dir().join(format!("{}.pub", args.auditor));
    if public.exists() {
        bail!(
            "{} exists already: the workspace trusts a key of {} already",
            public.display(),
            args.auditor
        );
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|error| anyhow::anyhow!("no randomness from the operating system: {error}"))?;
    let signer = Signer::from_secret(secret);
    std::fs::create_dir_all(&key_dir)
        .with_context(|| format!("cannot create {}", key_dir.display()))?;
    write_private(&private, &signer)?;
    std::fs::create_dir_all(workspace.keys_dir())
        .with_context(|| format!("cannot create {}", workspace.keys_dir().display()))?;
    write_new(&public, format!("{}\n", signer.public_hex()).as_bytes())?;
    let entry = NewEntry::new(
        context.now()?,
        &args.auditor,
        &KeyAdded { actor: args.auditor.clone(), key: signer.public_hex() },
    );
    let appended = match workspace.ledger().append(&[entry], Some(&signer)) {
        Ok(appended) => appended,
        Err(error) => {
            // Nothing recorded: leave no half-made key behind.
            let _ = std::fs::remove_file(&private);
            let _ = std::fs::remove_file(&public);
            return Err(error.into());
        }
    };
    print(&format!(
        "{} {}\n  {}: {}\n  {}: {}\n  {} {}\n",
        lang.pick("Allekirjoitusavain luotu:", "Signing key created:"),
        args.auditor,
        lang.pick("yksityinen", "private"),
        private.display(),
        lang.pick("julkinen", "public"),
        public.display(),
        lang.pick("kirjattu merkintänä", "recorded as entry"),
        appended[0].seq
    ))?;
    Ok(Outcome::Success)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, signer: &Signer) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(format!("{}\n", signer.secret_hex()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, signer: &Signer) -> anyhow::Result<()> {
    write_new(path, format!("{}\n", signer.secret_hex()).as_bytes())
}
