//! Where the database is: the embedded default file in the OS app-data folder, or the URL IT sets.

use std::path::{Path, PathBuf};

use crate::error::{Result, StoreError};

/// Overrides the embedded default database, for the app and the CLI alike.
pub const DATABASE_URL_ENV: &str = "SPORTELLO_DATABASE_URL";

/// Sportello's folder in the OS app-data folder (`%APPDATA%\Sportello` on Windows,
/// `~/.local/share/Sportello` on Linux): the embedded database and the logs live here.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Sportello")
}

/// The embedded default database file.
pub fn default_database_path() -> PathBuf {
    data_dir().join("sportello.db")
}

/// Names the machine-wide configuration file instead of the platform's place (tests, IT's trials).
pub const CONFIG_ENV: &str = "SPORTELLO_CONFIG";

/// The machine-wide configuration file IT deploys: `%ProgramData%\Sportello\sportello.toml` on
/// Windows, `/etc/sportello/sportello.toml` elsewhere, or `SPORTELLO_CONFIG`.
pub fn machine_config_path() -> PathBuf {
    if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData")
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("Sportello").join("sportello.toml")
    } else {
        PathBuf::from("/etc/sportello/sportello.toml")
    }
}

/// `sportello.toml`. Unknown keys are refused (a typo must not send a workstation to the wrong
/// database).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MachineConfig {
    database: Option<DatabaseConfig>,
    session: Option<SessionConfig>,
    portal: Option<PortalSettings>,
}

/// `[portal]`: the Comune's portal this installation syncs with (docs/portal-link.md). The
/// password is never in this file: `SPORTELLO_PORTAL_PASSWORD`, or the file `password_file` names
/// (readable only by the account that runs the sync).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalSettings {
    /// `https://servizi.comune.example.it/lang/api`.
    pub url: String,
    /// The portal's operator account the link uses.
    pub user: String,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    /// The Comune's own field mappings, instead of the shipped `portal-mappings.toml`.
    #[serde(default)]
    pub mappings: Option<PathBuf>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionConfig {
    /// Minutes without input after which the window locks; 0 never locks.
    idle_lock_minutes: u32,
}

/// Minutes without input after which the window locks, unless `sportello.toml` says otherwise: a
/// workstation with citizens' data on screen is not left open for long.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// This workstation's settings: the database, and when an idle window locks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workstation {
    pub database: DatabaseLocation,
    pub idle_lock_minutes: u32,
    /// The portal, when `sportello.toml` names one.
    pub portal: Option<PortalSettings>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseConfig {
    /// The server, without credentials: each user connects with their own.
    url: String,
    /// Put before each username to make the login role's name: empty on a Comune's own server; a
    /// provider's cluster holding several Comuni gives each its own (docs/database-roles.md).
    #[serde(default)]
    role_prefix: String,
}

/// Where the database URL came from, for the log and the About box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseSource {
    /// `SPORTELLO_DATABASE_URL` (a developer's or IT's override).
    Environment,
    /// The machine-wide configuration file.
    MachineConfig(PathBuf),
    /// Neither: the embedded file in the user's data folder.
    Embedded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseLocation {
    pub url: String,
    pub source: DatabaseSource,
    /// Shared mode: the server named by `sportello.toml`, which each user opens at login with their
    /// own login role, this prefix + username. `None`: opened at start-up as the URL says.
    pub per_user: Option<String>,
}

/// The database this workstation uses: `SPORTELLO_DATABASE_URL`, else the machine-wide file's
/// `[database] url`, else the embedded default. A configuration file that exists but cannot be
/// used is an error, never a silent fall-back to a local file.
pub fn database_location() -> Result<DatabaseLocation> {
    workstation().map(|w| w.database)
}

/// This workstation's settings, read from the environment and the machine-wide file (see
/// [`database_location`]).
pub fn workstation() -> Result<Workstation> {
    let env = std::env::var(DATABASE_URL_ENV).ok();
    let path = machine_config_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(config_error(&path, &format!("non leggibile: {e}"))),
    };
    locate(env.as_deref(), &path, text.as_deref())
}

fn config_error(path: &Path, problem: &str) -> StoreError {
    StoreError::Config {
        path: path.display().to_string(),
        problem: problem.to_owned(),
    }
}

fn locate(env: Option<&str>, path: &Path, config: Option<&str>) -> Result<Workstation> {
    let parsed: MachineConfig = match config {
        Some(text) => toml::from_str(text)
            .map_err(|e| config_error(path, &format!("non è TOML valido: {}", e.message())))?,
        None => MachineConfig::default(),
    };
    let idle_lock_minutes = parsed
        .session
        .as_ref()
        .map_or(DEFAULT_IDLE_LOCK_MINUTES, |s| s.idle_lock_minutes);
    let database = database_of(env, path, parsed.database)?;
    if let Some(portal) = &parsed.portal {
        if !(portal.url.starts_with("https://") || portal.url.starts_with("http://")) {
            return Err(config_error(
                path,
                "[portal] url deve essere un indirizzo https:// (l'API del portale, es. https://servizi.comune.it/lang/api)",
            ));
        }
    }
    Ok(Workstation {
        database,
        idle_lock_minutes,
        portal: parsed.portal,
    })
}

fn database_of(
    env: Option<&str>,
    path: &Path,
    database: Option<DatabaseConfig>,
) -> Result<DatabaseLocation> {
    if let Some(url) = env.map(str::trim).filter(|u| !u.is_empty()) {
        return Ok(DatabaseLocation {
            url: url.to_owned(),
            source: DatabaseSource::Environment,
            per_user: None,
        });
    }
    let Some(database) = database else {
        return Ok(DatabaseLocation {
            url: format!("sqlite://{}", default_database_path().display()),
            source: DatabaseSource::Embedded,
            per_user: None,
        });
    };
    let url = database.url.trim();
    if !crate::is_postgres_url(url) {
        return Err(config_error(
            path,
            "[database] url deve essere un indirizzo postgres://",
        ));
    }
    if redact(url) != url {
        return Err(config_error(
            path,
            "[database] url non deve contenere utente e password: ciascun utente accede con le proprie credenziali",
        ));
    }
    let prefix = database.role_prefix.trim();
    if prefix.chars().any(|c| c.is_whitespace() || c == '"') {
        return Err(config_error(
            path,
            "[database] role_prefix non deve contenere spazi o virgolette",
        ));
    }
    Ok(DatabaseLocation {
        url: url.to_owned(),
        source: DatabaseSource::MachineConfig(path.to_owned()),
        per_user: Some(prefix.to_owned()),
    })
}

/// The database URL this workstation uses (see [`database_location`]).
pub fn default_database_url() -> Result<String> {
    database_location().map(|l| l.url)
}

/// The setting holding the Comune's patron saint's day (`MM-DD`), a local holiday for deadlines.
pub const PATRON_DAY: &str = "patron_day";

/// `MM-DD` as (month, day), when it is a real day of the year.
pub fn parse_month_day(raw: &str) -> Option<(u32, u32)> {
    let (m, d) = raw.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// A URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(config: Option<&str>) -> Result<DatabaseLocation> {
        locate(None, Path::new("/etc/sportello/sportello.toml"), config).map(|w| w.database)
    }

    #[test]
    fn the_idle_lock_is_ten_minutes_unless_the_file_says_otherwise() {
        let path = Path::new("/c");
        assert_eq!(locate(None, path, None).unwrap().idle_lock_minutes, 10);
        let five = locate(None, path, Some("[session]\nidle_lock_minutes = 5\n")).unwrap();
        assert_eq!(
            (five.idle_lock_minutes, five.database.source),
            (5, DatabaseSource::Embedded)
        );
        assert!(locate(None, path, Some("[session]\nidle_lock = 5\n")).is_err());
    }

    #[test]
    fn the_environment_wins_then_the_machine_file_then_the_embedded_file() {
        let file = Some(
            "[database]\nurl = \"postgres://db.comune.local/sportello?sslmode=verify-full\"\n",
        );
        let env = locate(Some("postgres://x/y"), Path::new("/c"), file)
            .unwrap()
            .database;
        assert_eq!(env.source, DatabaseSource::Environment);
        let server = at(file).unwrap();
        assert_eq!(
            server.url,
            "postgres://db.comune.local/sportello?sslmode=verify-full"
        );
        assert!(matches!(server.source, DatabaseSource::MachineConfig(_)));
        // The server named by the machine's file is opened per user, with the file's prefix.
        assert_eq!(server.per_user.as_deref(), Some(""));
        let prefixed = at(Some(
            "[database]\nurl = \"postgres://db/sportello\"\nrole_prefix = \"borgo.\"\n",
        ))
        .unwrap();
        assert_eq!(prefixed.per_user.as_deref(), Some("borgo."));
        assert!(at(Some(
            "[database]\nurl = \"postgres://db/s\"\nrole_prefix = \"a b\"\n"
        ))
        .is_err());
        assert_eq!(env.per_user, None);
        assert_eq!(at(None).unwrap().source, DatabaseSource::Embedded);
        assert_eq!(at(None).unwrap().per_user, None);
        assert_eq!(at(Some("")).unwrap().source, DatabaseSource::Embedded);
    }

    #[test]
    fn the_portal_is_named_without_its_password() {
        let text = "[portal]\nurl = \"https://servizi.comune.it/lang/api\"\nuser = \"sportello\"\npassword_file = \"/etc/sportello/portale\"\n";
        let w = locate(None, Path::new("sportello.toml"), Some(text)).unwrap();
        let portal = w.portal.unwrap();
        assert_eq!(portal.user, "sportello");
        assert_eq!(
            portal.password_file.as_deref(),
            Some(Path::new("/etc/sportello/portale"))
        );
        // A password in the file is an unknown key, refused like any typo.
        let with_password = format!("{text}password = \"segreta\"\n");
        assert!(locate(None, Path::new("sportello.toml"), Some(&with_password)).is_err());
        let ftp = "[portal]\nurl = \"ftp://x\"\nuser = \"u\"\n";
        assert!(locate(None, Path::new("sportello.toml"), Some(ftp)).is_err());
    }

    #[test]
    fn a_file_that_cannot_be_used_is_an_error_not_a_local_database() {
        for (text, said) in [
            (
                "[database]\nurl = \"postgres://sportello:segreta@db/sportello\"\n",
                "credenziali",
            ),
            ("[database]\nurl = \"sqlite:///tmp/x.db\"\n", "postgres://"),
            ("[database]\nurll = \"postgres://db/sportello\"\n", "TOML"),
            ("[database\n", "TOML"),
        ] {
            let e = sportello_domain::AppError::from(at(Some(text)).unwrap_err());
            assert!(e.message.contains(said), "{text}: {}", e.message);
            assert!(
                e.message.contains("/etc/sportello/sportello.toml"),
                "{}",
                e.message
            );
        }
    }
}
