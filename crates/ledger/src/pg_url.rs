//! Reaching a PostgreSQL server as libpq would: a `postgres://` URL
//! completed from libpq's environment variables and password file, and
//! TLS by `sslmode`.
//!
//! A password never comes from the URL (which is written in `tarkka.toml`):
//! `PGPASSWORD`, or the password file (`PGPASSFILE`, else `~/.pgpass`,
//! used only when no one but its owner can read it, as libpq does).
//!
//! `sslmode`: `disable` never encrypts; `allow` and `prefer` (the default)
//! encrypt when the server offers it, without checking its certificate, as
//! libpq does; `require` insists on encryption; `verify-ca` and
//! `verify-full` also check the certificate against `sslrootcert` (else
//! `PGSSLROOTCERT`, else the system's roots) and the host name — rustls
//! checks the name in both.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use tarkka_i18n::{Message, msg};

pub use crate::environment::Environment;

/// How to connect.
pub struct Connect {
    /// The configuration, password included when one was found.
    pub config: Config,
    /// How to make the connection.
    pub tls: Tls,
    /// The URL for messages: user, host, port and database, never a
    /// password.
    pub shown: String,
}

/// TLS as `sslmode` asks.
pub enum Tls {
    /// No TLS.
    Off,
    /// TLS with this client configuration.
    On(Box<rustls::ClientConfig>),
}

impl Tls {
    /// Connects with this TLS.
    pub fn connect(&self, config: &Config) -> Result<Client, postgres::Error> {
        match self {
            Tls::Off => config.connect(NoTls),
            Tls::On(tls) => {
                config.connect(tokio_postgres_rustls::MakeRustlsConnect::new((**tls).clone()))
            }
        }
    }
}

/// `url` as messages may show it: a password in it (`user:secret@`, or a
/// `password=` parameter) replaced by `***`. The URL is refused when it
/// carries one, and the refusal must not repeat it.
pub fn masked(url: &str) -> String {
    let (main, query) = match url.split_once('?') {
        Some((main, query)) => (main, Some(query)),
        None => (url, None),
    };
    let mut shown = match main.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.split_once('/') {
                Some((authority, path)) => (authority, Some(path)),
                None => (rest, None),
            };
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, host)) => match userinfo.split_once(':') {
                    Some((user, _)) => format!("{user}:***@{host}"),
                    None => authority.to_string(),
                },
                // `user:secret` without the `@` reads as host and port: a
                // port that is no number may be a password.
                None => {
                    let split = match authority.strip_prefix('[') {
                        Some(bracketed) => bracketed
                            .split_once("]:")
                            .map(|(host, port)| (format!("[{host}]"), port)),
                        None => {
                            authority.rsplit_once(':').map(|(host, port)| (host.to_string(), port))
                        }
                    };
                    match split {
                        Some((host, port))
                            if !port.is_empty() && !port.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            format!("{host}:***")
                        }
                        _ => authority.to_string(),
                    }
                }
            };
            match path {
                Some(path) => format!("{scheme}://{authority}/{path}"),
                None => format!("{scheme}://{authority}"),
            }
        }
        None => main.to_string(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect();
        shown.push('?');
        shown.push_str(&pairs.join("&"));
    }
    shown
}

/// Parses a ledger URL and completes it from `env`. An error says what is
/// wrong with the URL, never repeating a password.
pub fn parse(url: &str, env: &Environment) -> Result<Connect, Message> {
    let Some(rest) = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://"))
    else {
        return Err(msg!("pg-url-scheme"));
    };
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, database) = main.split_once('/').unwrap_or((main, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    if userinfo.is_some_and(|userinfo| userinfo.contains(':')) {
        return Err(msg!("pg-url-password"));
    }
    let mut config = Config::new();
    let mut sslmode = env.get("PGSSLMODE").map(str::to_string);
    let mut rootcert = env.get("PGSSLROOTCERT").map(PathBuf::from);
    let mut host_given = None;
    let mut port_given = None;
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value)?;
        match key {
            "sslmode" => sslmode = Some(value),
            "sslrootcert" => rootcert = Some(PathBuf::from(value)),
            "host" => host_given = Some(value),
            "port" => port_given = Some(value),
            "user" => {
                config.user(&value);
            }
            "dbname" => {
                config.dbname(&value);
            }
            "application_name" => {
                config.application_name(&value);
            }
            "options" => {
                config.options(&value);
            }
            "connect_timeout" => {
                config.connect_timeout(timeout(&value)?);
            }
            "password" => {
                return Err(msg!("pg-url-password"));
            }
            other => {
                return Err(msg!("pg-url-parameter", parameter = other));
            }
        }
    }
    if let Some(user) = userinfo.filter(|user| !user.is_empty()) {
        config.user(&percent_decode(user)?);
    }
    if !database.is_empty() {
        config.dbname(&percent_decode(database)?);
    }
    let (host_part, port_part) = split_host_port(hostport)?;
    let host = host_given
        .or(host_part)
        .or_else(|| env.get("PGHOST").map(str::to_string))
        .unwrap_or_else(|| "/var/run/postgresql".to_string());
    let port = match port_given.or(port_part).or_else(|| env.get("PGPORT").map(str::to_string)) {
        Some(port) => port.parse::<u16>().map_err(|_| msg!("pg-url-port"))?,
        None => 5432,
    };
    if host.starts_with('/') {
        config.host_path(&host);
    } else {
        config.host(&host);
    }
    config.port(port);
    if config.get_user().is_none() {
        let user = env
            .get("PGUSER")
            .or_else(|| env.get("USER"))
            .or_else(|| env.get("LOGNAME"))
            .ok_or_else(|| msg!("pg-url-user"))?;
        config.user(user);
    }
    let user = config.get_user().unwrap_or_default().to_string();
    if config.get_dbname().is_none() {
        config.dbname(env.get("PGDATABASE").unwrap_or(&user));
    }
    let dbname = config.get_dbname().unwrap_or_default().to_string();
    if config.get_application_name().is_none() {
        config.application_name(env.get("PGAPPNAME").unwrap_or("tarkka"));
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(timeout(env.get("PGCONNECT_TIMEOUT").unwrap_or("10"))?);
    }
    // The password file names a socket host as `localhost`.
    let pass_host = if host.starts_with('/') { "localhost" } else { host.as_str() };
    if let Some(password) = env.get("PGPASSWORD") {
        config.password(password);
    } else if let Some(password) =
        password_file(env).and_then(|file| lookup_password(&file, pass_host, port, &dbname, &user))
    {
        config.password(password);
    }
    let (mode, verify) = match sslmode.as_deref().unwrap_or("prefer") {
        "disable" => (SslMode::Disable, false),
        "allow" | "prefer" => (SslMode::Prefer, false),
        "require" => (SslMode::Require, false),
        "verify-ca" | "verify-full" => (SslMode::Require, true),
        other => {
            return Err(msg!("pg-url-sslmode", mode = other));
        }
    };
    config.ssl_mode(mode);
    let tls = match (mode, host.starts_with('/')) {
        (SslMode::Disable, _) | (_, true) => Tls::Off,
        _ => Tls::On(Box::new(client_config(verify, rootcert.as_deref())?)),
    };
    let host_shown = if host.contains(':') { format!("[{host}]") } else { host.clone() };
    let shown = match host.starts_with('/') {
        true => format!("postgres://{user}@/{dbname}?host={host}"),
        false => format!("postgres://{user}@{host_shown}:{port}/{dbname}"),
    };
    Ok(Connect { config, tls, shown })
}

fn timeout(text: &str) -> Result<Duration, Message> {
    let seconds: u64 = text.parse().map_err(|_| msg!("pg-url-timeout", timeout = text))?;
    Ok(Duration::from_secs(seconds.max(2)))
}

fn split_host_port(hostport: &str) -> Result<(Option<String>, Option<String>), Message> {
    if hostport.is_empty() {
        return Ok((None, None));
    }
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(|| msg!("pg-url-bracket"))?;
        let port = after.strip_prefix(':').map(str::to_string);
        return Ok((Some(host.to_string()), port));
    }
    if hostport.contains(',') {
        return Err(msg!("pg-url-hosts"));
    }
    Ok(match hostport.split_once(':') {
        Some((host, port)) => {
            (Some(percent_decode(host)?).filter(|h| !h.is_empty()), Some(port.to_string()))
        }
        None => (Some(percent_decode(hostport)?), None),
    })
}

fn percent_decode(text: &str) -> Result<String, Message> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3).ok_or_else(|| msg!("pg-url-escape-short"))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| msg!("pg-url-escape", hex = hex))?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).map_err(|_| msg!("pg-url-utf8"))
}

/// What to say when the server asks for a password tarkka did not find:
/// where it looks, and why a password file it found was not read.
pub fn password_hint(env: &Environment) -> Message {
    use std::os::unix::fs::PermissionsExt;
    match password_file(env) {
        Some(file)
            if std::fs::metadata(&file)
                .is_ok_and(|metadata| metadata.permissions().mode() & 0o077 != 0) =>
        {
            msg!("pg-password-open", file = file.display().to_string())
        }
        _ => msg!("pg-password-none"),
    }
}

fn password_file(env: &Environment) -> Option<PathBuf> {
    if let Some(file) = env.get("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    env.get("HOME").map(|home| Path::new(home).join(".pgpass"))
}

/// The password for this connection in a libpq password file:
/// `host:port:database:user:password` lines, `*` matching anything, `\`
/// escaping `:` and `\`. A file others can read is ignored, as libpq does.
fn lookup_password(file: &Path, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(file).ok()?;
    if !metadata.is_file() || metadata.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = |field: &str, value: &str| field == "*" || field == value;
        if matches(&fields[0], host)
            && matches(&fields[1], &port)
            && matches(&fields[2], db)
            && matches(&fields[3], user)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

fn client_config(verify: bool, rootcert: Option<&Path>) -> Result<rustls::ClientConfig, Message> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| crate::error::text(e.to_string()))?;
    if !verify {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth());
    }
    let mut roots = rustls::RootCertStore::empty();
    match rootcert {
        Some(file) => {
            use rustls::pki_types::pem::PemObject;
            let bad = |e: &dyn std::fmt::Display| {
                msg!("pg-rootcert", file = file.display().to_string(), error = e.to_string())
            };
            let certs =
                rustls::pki_types::CertificateDer::pem_file_iter(file).map_err(|e| bad(&e))?;
            for cert in certs {
                let cert = cert.map_err(|e| bad(&e))?;
                roots.add(cert).map_err(|e| bad(&e))?;
            }
        }
        None => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    if roots.is_empty() {
        return Err(msg!("pg-no-roots"));
    }
    Ok(builder.with_root_certificates(roots).with_no_client_auth())
}

/// `sslmode` below `verify-ca`: the channel is encrypted but the server's
/// certificate is not checked, as libpq does. Handshake signatures are
/// still checked, so the session is with whoever holds the certificate.
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Whether the error is the connection's end (the server shut down or
/// restarted, the network failed) rather than a refusal of the statement.
pub fn connection_lost(error: &postgres::Error) -> bool {
    match error.as_db_error() {
        // Class 08: connection exception; 57P: the operator shut it down.
        Some(db) => {
            let code = db.code().code();
            code.starts_with("08") || code.starts_with("57P")
        }
        None => true,
    }
}

/// A server error as people should read it: its message and code, and the
/// cause of a connection failure; never the password.
pub fn describe(error: &postgres::Error) -> Message {
    let plain = describe_plain(error);
    match connection_lost(error) {
        true => msg!("pg-connection-lost", error = plain),
        false => plain,
    }
}

/// [`describe`] without the word on a lost connection: for a connection
/// that never was. The server's and the network's own words are shown as
/// they are; what tarkka knows of a refused certificate is said in the
/// reader's language.
pub fn describe_plain(error: &postgres::Error) -> Message {
    match error.as_db_error() {
        Some(db) => {
            let mut text = format!("{} (SQLSTATE {})", db.message(), db.code().code());
            if let Some(detail) = db.detail() {
                text.push_str(": ");
                text.push_str(detail);
            }
            crate::error::text(text)
        }
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !text.contains(&cause_text) {
                    text.push_str(": ");
                    text.push_str(&cause_text);
                }
                source = cause.source();
            }
            match certificate_problem(&text) {
                Some(plain) => msg!("pg-certificate", error = text, plain = plain),
                None => crate::error::text(text),
            }
        }
    }
}

/// rustls's reason for refusing the server's certificate, in words, with
/// what to do; `None` for any other failure.
fn certificate_problem(text: &str) -> Option<Message> {
    if !text.contains("certificate") {
        return None;
    }
    let reasons = [
        ("CaUsedAsEndEntity", msg!("pg-certificate-ca")),
        ("UnknownIssuer", msg!("pg-certificate-issuer")),
        ("not valid for", msg!("pg-certificate-name")),
        ("Expired", msg!("pg-certificate-expired")),
    ];
    reasons.into_iter().find(|(needle, _)| text.contains(needle)).map(|(_, plain)| plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_completed_from_the_environment() {
        let connect = parse(
            "postgres://qa@db.example:6543/audits?sslmode=disable",
            &Environment::of(&[("PGUSER", "other")]),
        )
        .unwrap();
        assert_eq!(connect.shown, "postgres://qa@db.example:6543/audits");
        assert_eq!(connect.config.get_user(), Some("qa"));
        assert_eq!(connect.config.get_ports(), [6543]);
        assert!(matches!(connect.tls, Tls::Off));

        let connect = parse(
            "postgres:///",
            &Environment::of(&[("PGHOST", "10.0.0.5"), ("PGUSER", "aino"), ("PGDATABASE", "qa")]),
        )
        .unwrap();
        assert_eq!(connect.shown, "postgres://aino@10.0.0.5:5432/qa");
        assert!(matches!(connect.tls, Tls::On(_)));

        let connect = parse("postgresql://", &Environment::of(&[("USER", "mika")])).unwrap();
        assert_eq!(connect.shown, "postgres://mika@/mika?host=/var/run/postgresql");
    }

    #[test]
    fn a_missing_password_says_where_it_was_looked_for() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        let path = file.to_str().unwrap();
        let hint = password_hint(&Environment::of(&[("PGPASSFILE", path)])).to_string();
        assert!(hint.contains("PGPASSWORD") && hint.contains("~/.pgpass"), "{hint}");
        assert!(!hint.contains("chmod"), "{hint}");
        std::fs::write(&file, "*:*:*:qa:secret\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let hint = password_hint(&Environment::of(&[("PGPASSFILE", path)]));
        let finnish = tarkka_i18n::render("fi", &hint);
        let hint = hint.to_string();
        assert!(hint.contains(&format!("chmod 600 {path}")), "{hint}");
        assert!(!hint.contains("secret"), "{hint}");
        assert!(finnish.contains(&format!("chmod 600 {path}")), "{finnish}");
        assert!(finnish.contains("salasana"), "{finnish}");
    }

    #[test]
    fn certificate_refusals_are_said_in_words() {
        let ca = "error performing TLS handshake: invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))";
        assert!(certificate_problem(ca).unwrap().to_string().contains("CA:FALSE"));
        let unknown = "invalid peer certificate: UnknownIssuer";
        assert!(certificate_problem(unknown).unwrap().to_string().contains("PGSSLROOTCERT"));
        let name = "invalid peer certificate: certificate not valid for name \"db\"";
        assert!(certificate_problem(name).unwrap().to_string().contains("subjectAltName"));
        assert_eq!(certificate_problem("connection refused"), None);
    }

    #[test]
    fn a_password_in_a_url_is_never_shown() {
        assert_eq!(
            masked("postgres://qa:secret@h:5/db?sslmode=require"),
            "postgres://qa:***@h:5/db?sslmode=require"
        );
        assert_eq!(
            masked("postgres://qa@h/db?password=secret&sslmode=require"),
            "postgres://qa@h/db?password=***&sslmode=require"
        );
        assert_eq!(masked("postgres://qa:secret@h"), "postgres://qa:***@h");
        assert_eq!(masked("postgres://h/db"), "postgres://h/db");
        assert_eq!(masked("postgres://a:b@c@h/db"), "postgres://a:***@h/db");
        // Without the `@`, `user:secret` reads as host and port.
        assert_eq!(masked("postgres://qa:hunter2/db"), "postgres://qa:***/db");
        assert_eq!(masked("postgres://h:5432/db"), "postgres://h:5432/db");
        assert_eq!(masked("postgres://[::1]/db"), "postgres://[::1]/db");
        assert_eq!(masked("postgres://[::1]:5432/db"), "postgres://[::1]:5432/db");
        assert_eq!(masked("postgres://[::1]:x/db"), "postgres://[::1]:***/db");
        let error = parse("postgres://qa:hunter2/db", &Environment::of(&[])).err().unwrap();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn passwords_never_come_from_the_url() {
        for url in ["postgres://qa:secret@h/db", "postgres://qa@h/db?password=secret"] {
            let error = parse(url, &Environment::of(&[])).err().unwrap().to_string();
            assert!(error.contains("~/.pgpass"), "{error}");
            assert!(!error.contains("secret"), "{error}");
        }
        let error = parse("postgres://h/db?sslmode=sometimes", &Environment::of(&[("USER", "a")]));
        assert!(error.err().unwrap().to_string().contains("verify-full"));
        let error = parse("postgres://h/db?colour=red", &Environment::of(&[("USER", "a")]));
        assert!(error.err().unwrap().to_string().contains("`colour`"));
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:*:*:*:no\ndb.example:6543:audits:qa:s\\:e\\\\cret\n*:*:*:*:fallback\n",
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            lookup_password(&file, "db.example", 6543, "audits", "qa").as_deref(),
            Some("s:e\\cret")
        );
        assert_eq!(
            lookup_password(&file, "elsewhere", 5432, "x", "y").as_deref(),
            Some("fallback")
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(lookup_password(&file, "db.example", 6543, "audits", "qa"), None);
    }
}
