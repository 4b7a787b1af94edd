//! What every command may need from its surroundings: the workspace, its
//! configuration, the actor, the clock, the language and signing keys. This
//! is the one place that reads the environment and the clock; the library
//! gets what it needs from here as values.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use tarkka_app::Writer;
use tarkka_app::config::{self, Config};
use tarkka_ledger::{Signer, Workspace};
use tarkka_rubric::Lang;

use crate::args::{Cli, LangArg};

/// The global options, resolved lazily.
pub struct Context {
    lang: Option<LangArg>,
    workspace: Option<PathBuf>,
    actor: Option<String>,
    key_dir: Option<PathBuf>,
    /// A clock set by the caller (the demo plays its weeks through).
    at: Option<jiff::Timestamp>,
}

impl Context {
    pub fn new(cli: &Cli) -> Context {
        Context {
            lang: cli.lang,
            workspace: cli.workspace.clone(),
            actor: cli.actor.clone(),
            key_dir: cli.key_dir.clone(),
            at: None,
        }
    }

    /// The same options with the clock at `now`.
    pub fn at(&self, now: jiff::Timestamp) -> Context {
        Context {
            lang: self.lang,
            workspace: self.workspace.clone(),
            actor: self.actor.clone(),
            key_dir: self.key_dir.clone(),
            at: Some(now),
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
            at: self.at,
        }
    }

    /// The language given with `--lang` or `TARKKA_LANG`, if any.
    pub fn lang_given(&self) -> Option<Lang> {
        self.lang.map(Lang::from)
    }

    /// The output language: `--lang` or `TARKKA_LANG`, else the workspace's
    /// (when there is one), else Finnish.
    pub fn lang(&self) -> Lang {
        if let Some(lang) = self.lang {
            return lang.into();
        }
        self.find_root()
            .ok()
            .and_then(|root| config::read_config(&root).ok())
            .and_then(|config| config.lang)
            .unwrap_or(Lang::Fi)
    }

    /// The workspace and its configuration: `--workspace`, else the nearest
    /// directory upwards from the current one that has a `tarkka.toml`.
    pub fn workspace(&self) -> anyhow::Result<(Workspace, Config)> {
        Ok(config::open(self.find_root()?)?)
    }

    fn find_root(&self) -> anyhow::Result<PathBuf> {
        let start = match &self.workspace {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().with_context(|| {
                // Not `self.lang()`: that finds the workspace through here.
                let lang = self.lang_given().unwrap_or(Lang::Fi);
                crate::output::tr(lang, &tarkka_i18n::msg!("cli-cwd-unreadable"))
            })?,
        };
        Ok(config::find_root(self.workspace.as_deref(), &start)?)
    }

    /// The workspace, the actor, the time and the actor's key: everything
    /// an appending operation needs, resolved in one place.
    pub fn writer(&self) -> anyhow::Result<Writer> {
        let (workspace, _) = self.workspace()?;
        let actor = self.actor()?;
        let now = self.now()?;
        let signer = self.signer(&actor)?;
        let mut writer = Writer::new(workspace, actor.clone(), now, signer);
        // A key made in another workspace is registered with the first
        // entry written here, so that what it signs verifies here too.
        let lang = self.lang();
        writer.on_key_registered = Some(Box::new(move |seq| {
            let note = tarkka_i18n::msg!("key-registered", actor = &actor, seq = seq);
            eprintln!("tarkka: {}", crate::output::tr(lang, &note));
        }));
        Ok(writer)
    }

    /// A writer for `actor` at `now`: for the demo, which plays a team's
    /// weeks through in one run.
    pub fn writer_at(&self, actor: &str, now: jiff::Timestamp) -> anyhow::Result<Writer> {
        let (workspace, _) = self.workspace()?;
        Ok(Writer::new(workspace, actor.to_string(), now, self.signer(actor)?))
    }

    /// Who is recording: `--actor` or `TARKKA_ACTOR`, else the login name
    /// (`USER`, `USERNAME`, else the operating system's name for the user
    /// running tarkka, which containers, cron and CI leave `USER` without).
    pub fn actor(&self) -> anyhow::Result<String> {
        let actor = match &self.actor {
            Some(actor) => actor.clone(),
            None => login_name().with_context(|| {
                crate::output::tr(self.lang(), &tarkka_i18n::msg!("actor-none"))
            })?,
        };
        config::check_actor(&actor)?;
        Ok(actor)
    }

    /// Now, in UTC, to the millisecond. `TARKKA_NOW` (RFC 3339) overrides
    /// the clock, for reproducible demos and tests.
    pub fn now(&self) -> anyhow::Result<jiff::Timestamp> {
        if let Some(at) = self.at {
            return Ok(at);
        }
        let now = match std::env::var("TARKKA_NOW") {
            Ok(text) => text.parse().with_context(|| {
                crate::output::tr(self.lang(), &tarkka_i18n::msg!("cli-now-bad", text = &text))
            })?,
            Err(_) => jiff::Timestamp::now(),
        };
        Ok(now.round(jiff::Unit::Millisecond)?)
    }

    /// Where private keys are kept.
    pub fn key_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.key_dir {
            return Ok(dir.clone());
        }
        self.default_key_dir()
    }

    /// Every place this machine keeps private keys: the key directory in
    /// use and the default one, which never hold evidence.
    pub fn key_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self.key_dir().into_iter().collect();
        dirs.extend(self.default_key_dir().ok().filter(|dir| !dirs.contains(dir)));
        dirs
    }

    /// The key directory when none is named: under `XDG_CONFIG_HOME`, else
    /// `~/.config`.
    fn default_key_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(config) = std::env::var_os("XDG_CONFIG_HOME").filter(|dir| !dir.is_empty()) {
            return Ok(PathBuf::from(config).join("tarkka").join("keys"));
        }
        match std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
            Some(home) => Ok(PathBuf::from(home).join(".config").join("tarkka").join("keys")),
            None => bail!(crate::output::tr(self.lang(), &tarkka_i18n::msg!("cli-no-key-dir"))),
        }
    }

    /// The actor's private key, if they have one: every entry they append
    /// is then signed.
    pub fn signer(&self, actor: &str) -> anyhow::Result<Option<Signer>> {
        Ok(config::signer(&self.key_dir()?, actor)?)
    }
}

/// The login name: `USER`, else `USERNAME`, else the operating system's
/// account name; none when all are empty.
fn login_name() -> Option<String> {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .chain(whoami::fallible::username().ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
}

/// `tarkka init [DIR]`
pub fn init(args: &crate::args::InitArgs, context: &Context) -> anyhow::Result<crate::Outcome> {
    let root = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let lang = context.lang_given().unwrap_or(Lang::Fi);
    let shipped =
        [("rubrics", &tarkka_app::embedded::RUBRICS), ("samples", &tarkka_app::embedded::SAMPLES)];
    tarkka_app::local_time::zone(&args.time_zone)
        .map_err(|message| anyhow::anyhow!("--time-zone: {}", crate::output::tr(lang, &message)))?;
    if args.samples
        && let Some((name, _)) = shipped.iter().find(|(name, _)| root.join(name).exists())
    {
        bail!(crate::output::tr(
            lang,
            &tarkka_i18n::msg!(
                "cli-init-samples-exist",
                dir = root.join(name).display().to_string(),
                name = *name
            )
        ));
    }
    let config = Config {
        format: config::CONFIG_FORMAT,
        name: args.name.clone(),
        lang: context.lang_given(),
        time_zone: Some(args.time_zone.clone()),
        disputes: None,
        store: (args.ledger.is_some() || args.evidence.is_some()).then(|| config::Store {
            ledger: args.ledger.clone(),
            evidence: args.evidence.clone(),
        }),
    };
    let workspace = config::create(&root, &config)?;
    crate::output::print(&format!(
        "{} {}\n",
        lang.pick("Työtila luotu:", "Workspace created:"),
        workspace.root().display()
    ))?;
    if workspace.is_team() {
        crate::output::print(&format!(
            "{} {}\n",
            lang.pick("Pääkirja tietokannassa:", "Ledger in the database:"),
            tarkka_ledger::Lines::name(&workspace.ledger()).display()
        ))?;
    }
    if workspace.has_team_evidence() {
        crate::output::print(&format!(
            "{} {}\n",
            lang.pick("Näyttö säilössä:", "Evidence in the bucket:"),
            workspace.evidence_name()
        ))?;
    }
    if args.samples {
        for (name, dir) in shipped {
            crate::demo_cmd::extract(dir, &root.join(name), lang)?;
        }
        crate::output::print(&format!(
            "{}\n",
            lang.pick(
                "Mukana: arviointilomakkeet (rubrics/) ja esimerkkiaineisto (samples/, ks. samples/README.md).",
                "With the shipped rubrics (rubrics/) and sample data (samples/, see samples/README.md)."
            )
        ))?;
    }
    Ok(crate::Outcome::Success)
}
