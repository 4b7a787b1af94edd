//! What every command may need from its surroundings: the workspace, its
//! configuration, the actor, the clock, the language and signing keys. This
//! is the one place that reads the environment and the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};
use tarkka_ledger::{CONFIG_FILE, Signer, Workspace};
use tarkka_rubric::Lang;

use crate::args::{Cli, LangArg};

/// The configuration format this tarkka writes and reads.
pub const CONFIG_FORMAT: u32 = 1;

/// `tarkka.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The configuration format version.
    pub format: u32,
    /// The workspace's name, for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The default language of output: fi or en.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// What a command that appends to the ledger needs.
pub struct Writer {
    /// The workspace.
    pub workspace: Workspace,
    /// Who is recording.
    pub actor: String,
    /// Now.
    pub now: jiff::Timestamp,
    /// The actor's signing key, if they have one.
    pub signer: Option<Signer>,
}

/// The global options, resolved lazily.
pub struct Context {
    lang: Option<LangArg>,
    workspace: Option<PathBuf>,
    actor: Option<String>,
    key_dir: Option<PathBuf>,
}

impl Context {
    pub fn new(cli: &Cli) -> Context {
        Context {
            lang: cli.lang,
            workspace: cli.workspace.clone(),
            actor: cli.actor.clone(),
            key_dir: cli.key_dir.clone(),
        }
    }

    /// The same options, but for the workspace at `root` and, unless an
    /// actor was given, acting as `actor`.
    pub fn in_workspace(&self, root: PathBuf, actor: &str) -> Context {
        Context {
            lang: self.lang,
            workspace: Some(root),
            actor: Some(self.actor.clone().unwrap_or_else(|| actor.to_string())),
            key_dir: self.key_dir.clone(),
        }
    }

    /// The output language: `--lang` or `TARKKA_LANG`, else the workspace's
    /// (when there is one), else Finnish.
    pub fn lang(&self) -> Lang {
        if let Some(lang) = self.lang {
            return lang.into();
        }
        self.find_root()
            .ok()
            .and_then(|root| read_config(&root).ok())
            .and_then(|config| config.lang)
            .unwrap_or(Lang::Fi)
    }

    /// The workspace and its configuration: `--workspace`, else the nearest
    /// directory upwards from the current one that has a `tarkka.toml`.
    pub fn workspace(&self) -> anyhow::Result<(Workspace, Config)> {
        let root = self.find_root()?;
        let config = read_config(&root)?;
        let workspace = Workspace::at(root);
        if !workspace.ledger().path().exists() {
            bail!(
                "{} has a {CONFIG_FILE} but no ledger.jsonl; is it a tarkka workspace?",
                workspace.root().display()
            );
        }
        Ok((workspace, config))
    }

    fn find_root(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.workspace {
            if !dir.join(CONFIG_FILE).is_file() {
                bail!(
                    "{} is not a tarkka workspace (no {CONFIG_FILE}); create one with `tarkka init`",
                    dir.display()
                );
            }
            return Ok(dir.clone());
        }
        let start = std::env::current_dir().context("cannot read the current directory")?;
        let mut dir: &Path = &start;
        loop {
            if dir.join(CONFIG_FILE).is_file() {
                return Ok(dir.to_path_buf());
            }
            match dir.parent() {
                Some(parent) => dir = parent,
                None => bail!(
                    "no tarkka workspace here: neither {} nor any directory above it has a {CONFIG_FILE}; \
                     create one with `tarkka init` or name one with --workspace",
                    start.display()
                ),
            }
        }
    }

    /// The workspace, the actor, the time and the actor's key: everything
    /// an appending command needs, resolved in one place.
    pub fn writer(&self) -> anyhow::Result<Writer> {
        let (workspace, _) = self.workspace()?;
        let actor = self.actor()?;
        let now = self.now()?;
        let signer = self.signer(&actor)?;
        Ok(Writer { workspace, actor, now, signer })
    }

    /// Who is recording: `--actor` or `TARKKA_ACTOR`, else the login name.
    pub fn actor(&self) -> anyhow::Result<String> {
        let actor = match &self.actor {
            Some(actor) => actor.clone(),
            None => {
                std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default()
            }
        };
        if actor.trim().is_empty()
            || actor.chars().any(|c| c.is_whitespace() || c == '/' || c == '\\')
        {
            bail!(
                "`{actor}` cannot be an auditor id: give one without spaces or slashes with --actor"
            );
        }
        Ok(actor)
    }

    /// Now, in UTC, to the millisecond. `TARKKA_NOW` (RFC 3339) overrides
    /// the clock, for reproducible demos and tests.
    pub fn now(&self) -> anyhow::Result<jiff::Timestamp> {
        let now = match std::env::var("TARKKA_NOW") {
            Ok(text) => text
                .parse()
                .with_context(|| format!("TARKKA_NOW=`{text}` is not an RFC 3339 time"))?,
            Err(_) => jiff::Timestamp::now(),
        };
        Ok(now.round(jiff::Unit::Millisecond)?)
    }

    /// Where private keys are kept.
    pub fn key_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.key_dir {
            return Ok(dir.clone());
        }
        if let Some(config) = std::env::var_os("XDG_CONFIG_HOME").filter(|dir| !dir.is_empty()) {
            return Ok(PathBuf::from(config).join("tarkka").join("keys"));
        }
        match std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
            Some(home) => Ok(PathBuf::from(home).join(".config").join("tarkka").join("keys")),
            None => bail!("no key directory: set --key-dir or TARKKA_KEY_DIR"),
        }
    }

    /// The actor's private key, if they have one: every entry they append
    /// is then signed.
    pub fn signer(&self, actor: &str) -> anyhow::Result<Option<Signer>> {
        let path = self.key_dir()?.join(format!("{actor}.key"));
        match std::fs::read_to_string(&path) {
            Ok(text) => match Signer::from_hex(&text) {
                Some(signer) => Ok(Some(signer)),
                None => {
                    bail!("{} is not a tarkka private key (64 hexadecimal digits)", path.display())
                }
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
        }
    }
}

fn read_config(root: &Path) -> anyhow::Result<Config> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let config: Config = toml::from_str(&text).map_err(|error| {
        let (line, column) =
            error.span().map(|span| tarkka_rubric::line_col(&text, span.start)).unwrap_or((1, 1));
        anyhow::anyhow!("{}:{line}:{column}: {}", path.display(), error.message())
    })?;
    if config.format > CONFIG_FORMAT {
        bail!(
            "{} is configuration format {}, but this tarkka reads format {CONFIG_FORMAT}; upgrade tarkka",
            path.display(),
            config.format
        );
    }
    Ok(config)
}

/// The trusted public keys in the workspace's `keys/` directory: one file
/// per auditor, `AUDITOR.pub`, one hexadecimal key per line.
pub fn trusted_keys(workspace: &Workspace) -> anyhow::Result<BTreeMap<String, BTreeSet<String>>> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let dir = workspace.keys_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", dir.display())),
    };
    for entry in entries {
        let path = entry.with_context(|| format!("cannot read {}", dir.display()))?.path();
        if path.extension().is_none_or(|ext| ext != "pub") {
            continue;
        }
        let Some(actor) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !tarkka_ledger::is_public_key(line) {
                bail!(
                    "{}:{}: not an Ed25519 public key in hexadecimal",
                    path.display(),
                    number + 1
                );
            }
            keys.entry(actor.to_string()).or_default().insert(line.to_string());
        }
    }
    Ok(keys)
}

/// `tarkka init [DIR]`
pub fn init(args: &crate::args::InitArgs, context: &Context) -> anyhow::Result<crate::Outcome> {
    let root = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    let config_path = root.join(CONFIG_FILE);
    if config_path.exists() {
        bail!(
            "{} already exists: {} is a workspace already",
            config_path.display(),
            root.display()
        );
    }
    let workspace = Workspace::create(&root)?;
    let config = Config {
        format: CONFIG_FORMAT,
        name: args.name.clone(),
        lang: context.lang.map(Lang::from),
    };
    let text = format!(
        "# tarkka workspace configuration\n{}",
        toml::to_string(&config).context("cannot write the configuration")?
    );
    write_new(&config_path, text.as_bytes())?;
    let lang = context.lang();
    crate::output::print(&format!(
        "{} {}\n",
        lang.pick("Työtila luotu:", "Workspace created:"),
        workspace.root().display()
    ))?;
    Ok(crate::Outcome::Success)
}

/// Writes a new file durably; an error if it exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}
