//! Opening the database: where it lives, its connection settings, and the embedded migrations.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sportello_domain::catalogue::Catalogue;
use sportello_domain::holidays::HolidayCalendar;
use sportello_domain::user::AppInfo;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::{Result, StoreError};

/// Overrides the embedded default database, for the app and the CLI alike.
pub const DATABASE_URL_ENV: &str = "SPORTELLO_DATABASE_URL";

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The database a Sportello installation works on, with the catalogue it interprets it by.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) calendar: HolidayCalendar,
    pub(crate) letters: Option<Arc<dyn crate::letters::LetterPrinter>>,
}

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

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let options = sqlite_options(url)?;
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Corrupt(format!(
                    "cannot create database folder {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATIONS.run(&pool).await?;
        tracing::info!(url = %redact(url), "database ready");
        let mut store = Self {
            pool,
            catalogue: Arc::new(Catalogue::builtin()?),
            calendar: HolidayCalendar::default(),
            letters: None,
        };
        store.calendar.patron = store
            .setting(PATRON_DAY)
            .await?
            .as_deref()
            .and_then(parse_month_day);
        Ok(store)
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so reads inside it
    /// cannot go stale before its first write.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Decision letters are printed as PDF by `printer` from now on (plain text without one).
    pub fn with_letter_printer(mut self, printer: Arc<dyn crate::letters::LetterPrinter>) -> Self {
        self.letters = Some(printer);
        self
    }

    /// The connection pool, for tests and maintenance tools that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// Whether no user exists yet (a first run).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the database holds demo data (the UI marks it).
    pub async fn is_demo(&self) -> Result<bool> {
        Ok(self.setting("demo").await?.as_deref() == Some("1"))
    }

    /// What the login screen may show before anybody logs in.
    pub async fn app_info(&self) -> Result<AppInfo> {
        let demo = self.is_demo().await?;
        Ok(AppInfo {
            comune: self.comune_name().await?,
            demo,
            demo_password: demo.then(|| crate::demo::DEMO_PASSWORD.to_string()),
        })
    }

    /// The Comune's name, from configuration.
    pub async fn comune_name(&self) -> Result<String> {
        Ok(self
            .setting("comune_name")
            .await?
            .unwrap_or_else(|| "Comune".to_string()))
    }

    /// Sets the patron saint's day and recomputes the queue's stored deadlines of open submissions,
    /// so filters and rows agree with the detail view.
    pub async fn set_patron_day(&mut self, raw: &str) -> Result<usize> {
        let day = parse_month_day(raw).ok_or_else(|| {
            sportello_domain::AppError::invalid(
                "Indicare il giorno del patrono come MM-GG (es. 06-29).",
            )
        })?;
        self.set_setting(PATRON_DAY, &format!("{:02}-{:02}", day.0, day.1))
            .await?;
        self.calendar.patron = Some(day);
        self.refresh_deadlines().await
    }

    /// Recomputes the stored clock projection of every open submission; returns how many changed.
    pub async fn refresh_deadlines(&self) -> Result<usize> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM submissions WHERE closed_on IS NULL")
                .fetch_all(&self.pool)
                .await?;
        let mut tx = self.write_tx().await?;
        let mut changed = 0;
        for id in ids {
            let stored = self.load(&mut tx, id).await?;
            let (deadline, until) = self.projection(&mut tx, &stored).await?;
            let done = sqlx::query(
                "UPDATE submissions SET deadline = ?, suspended_until = ?
                 WHERE id = ? AND (deadline IS NOT ? OR suspended_until IS NOT ?)",
            )
            .bind(deadline.map(crate::time::date))
            .bind(until.map(crate::time::date))
            .bind(id)
            .bind(deadline.map(crate::time::date))
            .bind(until.map(crate::time::date))
            .execute(&mut *tx)
            .await?;
            changed += done.rows_affected() as usize;
        }
        tx.commit().await?;
        tracing::info!(changed, "queue deadlines recomputed");
        Ok(changed)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The setting holding the Comune's patron saint's day (`MM-DD`), a local holiday for deadlines.
pub const PATRON_DAY: &str = "patron_day";

/// `MM-DD` as (month, day), when it is a real day of the year.
pub fn parse_month_day(raw: &str) -> Option<(u32, u32)> {
    let (m, d) = raw.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

fn sqlite_options(url: &str) -> Result<SqliteConnectOptions> {
    let options = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else if url.contains("://") {
        return Err(StoreError::Corrupt(format!(
            "unsupported database URL {}: only sqlite:// is supported in this version",
            redact(url)
        )));
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

/// A URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}
