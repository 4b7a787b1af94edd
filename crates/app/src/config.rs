//! A workspace on disk: finding it, its configuration (`tarkka.toml`), the
//! trusted public keys in it, and the private keys beside it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tarkka_ledger::{CONFIG_FILE, Signer, Workspace};
use tarkka_rubric::Lang;

use crate::error::{Context as _, Result};

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
    /// The IANA time zone times without an offset are read in
    /// (`Europe/Helsinki` when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The rules for disputes (`[disputes]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disputes: Option<DisputeRules>,
    /// Where the ledger lives when not in the directory (`[store]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<Store>,
}

/// `[store]` in `tarkka.toml`: a team workspace's shared homes. What is
/// not named stays in the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// The ledger: a `postgres://` URL without a password (libpq's `PG*`
    /// variables and `~/.pgpass` supply the rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<String>,
    /// The evidence store: an `s3://BUCKET/PREFIX` URL (`?endpoint=` and
    /// `?region=` for a server that is not AWS); credentials come from the
    /// AWS variables or profile files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Config {
    /// The ledger's URL when it is not the directory's file.
    pub fn ledger_url(&self) -> Option<&str> {
        self.store.as_ref().and_then(|store| store.ledger.as_deref())
    }

    /// The evidence store's URL when it is not the directory's.
    pub fn evidence_url(&self) -> Option<&str> {
        self.store.as_ref().and_then(|store| store.evidence.as_deref())
    }

    /// The workspace at `root` with this configuration's stores.
    pub fn workspace(&self, root: PathBuf) -> Result<Workspace> {
        Ok(Workspace::with_stores(root, self.ledger_url(), self.evidence_url())?)
    }
}

/// `[disputes]` in `tarkka.toml`: how long after a score a dispute may be
/// opened, and how many one scoresheet may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeRules {
    /// Days from the scoresheet's entry within which a dispute may be
    /// opened (14 when not given).
    #[serde(default = "DisputeRules::default_deadline")]
    pub deadline_days: u32,
    /// How many disputes one scoresheet may have in all (2 when not given).
    #[serde(default = "DisputeRules::default_per_scoresheet")]
    pub per_scoresheet: u32,
    /// Days a decision may take before the dispute is overdue (7 when not
    /// given).
    #[serde(default = "DisputeRules::default_decide_within")]
    pub decide_within_days: u32,
}

impl DisputeRules {
    fn default_deadline() -> u32 {
        14
    }
    fn default_per_scoresheet() -> u32 {
        2
    }
    fn default_decide_within() -> u32 {
        7
    }
}

impl Default for DisputeRules {
    fn default() -> DisputeRules {
        DisputeRules {
            deadline_days: DisputeRules::default_deadline(),
            per_scoresheet: DisputeRules::default_per_scoresheet(),
            decide_within_days: DisputeRules::default_decide_within(),
        }
    }
}

impl Config {
    /// The workspace's time zone and its name; an error, never UTC in
    /// disguise, when the name is none the time zone database knows (the
    /// database is built in, so a host without tzdata reads the same).
    pub fn zone(&self) -> Result<(jiff::tz::TimeZone, String)> {
        let name = self.time_zone.as_deref().unwrap_or(crate::local_time::DEFAULT_ZONE);
        let zone = crate::local_time::zone(name).map_err(crate::Error::text)?;
        Ok((zone, name.to_string()))
    }
}

/// The time zone of the workspace at `root`.
pub fn zone_of(root: &Path) -> Result<(jiff::tz::TimeZone, String)> {
    read_config(root)?.zone()
}

/// The workspace directory: `explicit` when given (it must have a
/// `tarkka.toml`), else the nearest directory upwards from `start` that has
/// one.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.join(CONFIG_FILE).is_file() {
            crate::refuse!("workspace-not-one", dir = dir.display().to_string());
        }
        return Ok(dir.to_path_buf());
    }
    let mut dir: &Path = start;
    loop {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => crate::refuse!("workspace-none-here", dir = start.display().to_string()),
        }
    }
}

/// The workspace at `root` and its configuration.
pub fn open(root: PathBuf) -> Result<(Workspace, Config)> {
    let config = read_config(&root)?;
    let workspace = config.workspace(root)?;
    if !workspace.ledger().exists()? {
        crate::refuse!("workspace-no-ledger", dir = workspace.root().display().to_string());
    }
    Ok((workspace, config))
}

/// Reads `tarkka.toml` in `root`; an error names the file, line and column.
pub fn read_config(root: &Path) -> Result<Config> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| tarkka_i18n::msg!("file-unreadable", file = path.display().to_string()))?;
    let config: Config = toml::from_str(&text).map_err(|error| {
        let (line, column) =
            error.span().map(|span| tarkka_rubric::line_col(&text, span.start)).unwrap_or((1, 1));
        crate::Error::input(format!("{}:{line}:{column}: {}", path.display(), error.message()))
    })?;
    if let Some(name) = &config.time_zone
        && let Err(message) = crate::local_time::zone(name)
    {
        let at = text.find("time_zone").unwrap_or(0);
        let (line, column) = tarkka_rubric::line_col(&text, at);
        return Err(crate::Error::text(message)
            .context(format!("{}:{line}:{column}: time_zone", path.display())));
    }
    if let Some(url) = config.ledger_url()
        && let Err(error) = tarkka_ledger::PgLedger::open(url)
    {
        let at = text.find("ledger").unwrap_or(0);
        let (line, column) = tarkka_rubric::line_col(&text, at);
        let place = format!("{}:{line}:{column}: [store] ledger", path.display());
        return Err(crate::Error::text(tarkka_i18n::msg!(
            "store-at",
            place = place,
            detail = error.message()
        )));
    }
    if let Some(url) = config.evidence_url()
        && let Err(detail) =
            tarkka_ledger::s3::parse(url, &tarkka_ledger::s3::Environment::from_process())
    {
        let at = text.find("evidence").unwrap_or(0);
        let (line, column) = tarkka_rubric::line_col(&text, at);
        let place = format!("{}:{line}:{column}: [store] evidence", path.display());
        return Err(crate::Error::text(tarkka_i18n::msg!(
            "store-at",
            place = place,
            detail = detail
        )));
    }
    if config.format > CONFIG_FORMAT {
        crate::refuse!(
            "workspace-config-newer",
            file = path.display().to_string(),
            format = config.format,
            reads = CONFIG_FORMAT
        );
    }
    Ok(config)
}

/// Creates a workspace in `root` (made if missing) with this configuration:
/// the ledger, the evidence store and `tarkka.toml`. An error if `root` is a
/// workspace already.
pub fn create(root: &Path, config: &Config) -> Result<Workspace> {
    let root_made = !root.exists();
    std::fs::create_dir_all(root)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = root.display().to_string()))?;
    let config_path = root.join(CONFIG_FILE);
    if config_path.exists() {
        crate::refuse!(
            "workspace-exists",
            file = config_path.display().to_string(),
            dir = root.display().to_string()
        );
    }
    let workspace = match config.workspace(root.to_path_buf()).and_then(|w| Ok(w.make()?)) {
        Ok(workspace) => workspace,
        Err(error) => {
            // A directory made for nothing is taken back (only while empty).
            if root_made {
                let _ = std::fs::remove_dir(root);
            }
            return Err(error);
        }
    };
    let text = format!(
        "# tarkka workspace configuration\n{}",
        toml::to_string(config).context("cannot write the configuration")?
    );
    // Each machine's own files stay out of version control. Anything
    // already called `.gitignore` (a link that leads nowhere included) is
    // the user's and is left as it is; the file is a convenience, so a
    // failure to write it fails nothing. `tarkka.toml` comes last: it marks
    // a finished workspace.
    let ignore = root.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        let _ = write_new(&ignore, GITIGNORE.as_bytes());
    }
    write_new(&config_path, text.as_bytes())?;
    Ok(workspace)
}

/// What `init` writes to a new workspace's `.gitignore`: the files that
/// belong to one machine (docs/team.md, "The workspace repository").
pub const GITIGNORE: &str =
    "# Each machine's own files (tarkka init)\n.cache/\ndrafts/\nevidence/.incoming/\n";

/// The trusted public keys in the workspace's `keys/` directory: one file
/// per auditor, `AUDITOR.pub`, one hexadecimal key per line.
pub fn trusted_keys(workspace: &Workspace) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let dir = workspace.keys_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
        Err(error) => {
            return Err(error).with_context(|| {
                tarkka_i18n::msg!("file-unreadable", file = dir.display().to_string())
            });
        }
    };
    for entry in entries {
        let path = entry
            .with_context(|| {
                tarkka_i18n::msg!("file-unreadable", file = dir.display().to_string())
            })?
            .path();
        if path.extension().is_none_or(|ext| ext != "pub") {
            continue;
        }
        let Some(actor) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
        let text = std::fs::read_to_string(&path).with_context(|| {
            tarkka_i18n::msg!("file-unreadable", file = path.display().to_string())
        })?;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !tarkka_ledger::is_public_key(line) {
                crate::refuse!(
                    "key-public-bad",
                    file = path.display().to_string(),
                    line = number + 1
                );
            }
            keys.entry(actor.to_string()).or_default().insert(line.to_string());
        }
    }
    Ok(keys)
}

/// An actor's private key in `key_dir`, if they have one: every entry they
/// append is then signed.
pub fn signer(key_dir: &Path, actor: &str) -> Result<Option<Signer>> {
    let path = key_dir.join(format!("{actor}.key"));
    match std::fs::read_to_string(&path) {
        Ok(text) => match Signer::from_hex(&text) {
            Some(signer) => Ok(Some(signer)),
            None => {
                crate::refuse!("key-private-bad", file = path.display().to_string())
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| {
            tarkka_i18n::msg!("file-unreadable", file = path.display().to_string())
        }),
    }
}

/// The auditors' private keys in `key_dir` (`AUDITOR.key`), each with the
/// time its file was last written: from then on, the auditor's entries are
/// signed.
pub fn own_keys(key_dir: &Path) -> Result<Vec<tarkka_ledger::verify::OwnKey>> {
    let Ok(entries) = std::fs::read_dir(key_dir) else { return Ok(Vec::new()) };
    let mut keys = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(actor), true) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().is_some_and(|e| e == "key"),
        ) else {
            continue;
        };
        let Some(signer) = signer(key_dir, actor)? else { continue };
        let made = entry.metadata().and_then(|m| m.modified()).ok();
        let Some(since) = made.and_then(|t| jiff::Timestamp::try_from(t).ok()) else { continue };
        keys.push(tarkka_ledger::verify::OwnKey {
            actor: actor.to_string(),
            key: signer.public_hex(),
            since: tarkka_ledger::format_time(since),
        });
    }
    keys.sort_by(|a, b| a.actor.cmp(&b.actor));
    Ok(keys)
}

/// Checks an auditor id given as the actor.
pub fn check_actor(actor: &str) -> Result<()> {
    // No spaces or slashes, and no leading dot: an actor names files
    // (keys, drafts), and `..` must never climb out of their directory. No
    // control characters: it is printed wherever its entries are shown.
    if actor.trim().is_empty()
        || actor.starts_with('.')
        || actor
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c == '\\' || crate::table::is_forbidden(c))
    {
        crate::refuse!("actor-bad", actor = actor);
    }
    Ok(())
}

/// Writes a new file durably; an error if it exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).with_context(|| {
            tarkka_i18n::msg!("dir-uncreatable", dir = path.display().to_string())
        })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        // The new name is durable once its directory is.
        .and_then(|()| match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            Some(dir) => std::fs::File::open(dir)?.sync_all(),
            None => Ok(()),
        })
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))
}

/// Writes a new file only its owner can read (a private key), durably; an
/// error if it exists.
#[cfg(unix)]
pub fn write_secret(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = path.display().to_string()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))
}

/// Writes a new file (a private key), durably; an error if it exists.
#[cfg(not(unix))]
pub fn write_secret(path: &Path, text: &str) -> Result<()> {
    write_new(path, text.as_bytes())
}
