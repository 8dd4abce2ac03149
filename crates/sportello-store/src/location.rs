//! Where the database is: the embedded default file in the OS app-data folder, or the URL IT sets.

use std::path::PathBuf;

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

/// `SPORTELLO_DATABASE_URL` if set, otherwise the embedded default as a `sqlite://` URL.
pub fn default_database_url() -> String {
    std::env::var(DATABASE_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| format!("sqlite://{}", default_database_path().display()))
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
