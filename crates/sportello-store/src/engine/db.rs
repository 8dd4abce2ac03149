//! Opening the database and the settings: the connection, the migrations, the write lock.

use std::sync::Arc;

use chrono::NaiveDate;
use sportello_domain::catalogue::Catalogue;
use sportello_domain::holidays::HolidayCalendar;
use sportello_domain::user::AppInfo;

use super::dialect::{self, Db, Pool};
use crate::error::Result;
use crate::location::{parse_month_day, redact, PATRON_DAY};
use crate::model::LetterPrinter;

/// One database a Sportello installation works on, with the catalogue it interprets it by.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) calendar: HolidayCalendar,
    pub(crate) letters: Option<Arc<dyn LetterPrinter>>,
}

impl Store {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let pool = dialect::connect(url).await?;
        dialect::MIGRATIONS.run(&pool).await?;
        Self::with_pool(url, pool).await
    }

    /// Opens the database at `url` as it is: a schema older or newer than this Sportello's is
    /// refused with a message, never upgraded (on a server, IT upgrades with `sportello migrate`).
    pub async fn open_as_it_is(url: &str) -> Result<Self> {
        let pool = dialect::connect(url).await?;
        check_schema(&pool).await?;
        Self::with_pool(url, pool).await
    }

    /// Opens the server at `url` as the login role `login` with its password (a workstation at
    /// login), as it is like [`Store::open_as_it_is`]: what the user may then do is the server's to
    /// enforce too (migration 0010).
    pub async fn open_as_user(url: &str, login: &str, password: &str) -> Result<Self> {
        let pool = dialect::connect_as(url, login, password).await?;
        check_schema(&pool).await?;
        Self::with_pool(url, pool).await
    }

    async fn with_pool(url: &str, pool: Pool) -> Result<Self> {
        tracing::info!(url = %redact(url), database = dialect::NAME, "database ready");
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

    /// A write transaction that holds the database's write lock from its first statement.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, Db>> {
        dialect::begin_write(&self.pool).await
    }

    pub fn with_letter_printer(mut self, printer: Arc<dyn LetterPrinter>) -> Self {
        self.letters = Some(printer);
        self
    }

    pub fn pool(&self) -> &Pool {
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
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
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
            let (deadline, until): (Option<NaiveDate>, Option<NaiveDate>) =
                self.projection(&mut tx, &stored).await?;
            let done = sqlx::query(
                "UPDATE submissions SET deadline = $1, suspended_until = $2
                 WHERE id = $3 AND (deadline IS DISTINCT FROM $1 OR suspended_until IS DISTINCT FROM $2)",
            )
            .bind(deadline)
            .bind(until)
            .bind(id)
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

/// Compares the migrations the database has run with the ones this Sportello carries.
async fn check_schema(pool: &Pool) -> Result<()> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            // No bookkeeping table: the database was never prepared.
            .or_else(|e| match e {
                sqlx::Error::Database(_) => Ok(Vec::new()),
                other => Err(other),
            })?;
    let known: std::collections::BTreeSet<i64> =
        dialect::MIGRATIONS.iter().map(|m| m.version).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        return Err(sqlx::migrate::MigrateError::VersionMissing(*newer).into());
    }
    if let Some(missing) = known.iter().find(|v| !applied.contains(v)) {
        return Err(crate::error::StoreError::SchemaBehind(*missing));
    }
    Ok(())
}
