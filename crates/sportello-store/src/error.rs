//! The store's error: what IT reads in the log, and what the officer reads in the UI.

use sportello_domain::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A rule the officer can act on; already in Italian.
    #[error("{0}")]
    App(#[from] AppError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Catalogue(#[from] sportello_domain::catalogue::CatalogueError),
    /// The machine-wide configuration file IT deploys is not usable.
    #[error("configuration file {path}: {problem}")]
    Config { path: String, problem: String },
    /// The server's schema is older than this Sportello: IT runs `sportello migrate`.
    #[error("the server's schema is older than this Sportello (missing migration {0})")]
    SchemaBehind(i64),
}

impl StoreError {
    pub fn not_found() -> Self {
        AppError::new(
            ErrorCode::NotFound,
            "La pratica richiesta non esiste o non è visibile per il proprio ufficio.",
        )
        .into()
    }

    /// Whether the database itself could not be reached (nothing the input did).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, StoreError::Database(e) if is_unreachable(e))
    }

    /// Whether the server refused the statement to this connection's role (SQLSTATE 42501: a
    /// grant or a row-level security policy).
    pub fn is_refused_by_server(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db))
            if db.code().as_deref() == Some("42501"))
    }

    pub fn forbidden(message: &str) -> Self {
        AppError::new(ErrorCode::Forbidden, message).into()
    }
}

/// What reaches the UI: rules pass through; everything else is logged in English and shown as a
/// generic Italian message, never with database details.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::App(app) => app,
            // SQLite names no constraint: recognise the register's unique (year, number) by its columns.
            StoreError::Database(sqlx::Error::Database(db))
                if db.is_unique_violation()
                    && (db.message().contains("protocol_registrations.year")
                        || db.constraint() == Some("protocol_number_unique")) =>
            {
                tracing::warn!(error = %db, "protocol number collision, transaction rolled back");
                AppError::new(
                    ErrorCode::Conflict,
                    "Registrazione di protocollo contemporanea: riprovare.",
                )
            }
            StoreError::Database(e) if is_unreachable(&e) => {
                tracing::error!(error = %e, "database server unreachable");
                AppError::new(
                    ErrorCode::Unavailable,
                    "Il server del database non risponde: verificare la rete e riprovare. L'operazione non è stata registrata.",
                )
            }
            // A user's own login refused: a wrong password at login (the login says so), or mid-session
            // a password changed on another workstation or a user deactivated.
            StoreError::Database(sqlx::Error::Database(db))
                if matches!(db.code().as_deref(), Some("28P01" | "28000")) =>
            {
                tracing::warn!(error = %db, "database login refused");
                AppError::new(
                    ErrorCode::Unauthenticated,
                    "Il server del Comune non accetta più queste credenziali (password cambiata su un'altra postazione o utente disattivato): accedere di nuovo.",
                )
            }
            // The server's own rules (migration 0010) refused a statement: the user's role or
            // department changed since login, or a statement the policy should have stopped.
            StoreError::Database(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("42501") =>
            {
                tracing::warn!(error = %db, "the database refused the statement (permission)");
                AppError::new(
                    ErrorCode::Forbidden,
                    "Il server del Comune ha rifiutato l'operazione: il proprio profilo non la consente (ruolo o ufficio cambiati?). Se serve, rivolgersi al responsabile.",
                )
            }
            StoreError::Database(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("3D000") =>
            {
                tracing::warn!(error = %db, "database login refused");
                AppError::new(
                    ErrorCode::Unavailable,
                    "Il server del database ha rifiutato l'accesso (utente, password o nome del database non corretti): rivolgersi all'assistenza informatica.",
                )
            }
            StoreError::Config { path, problem } => {
                tracing::error!(path, problem, "machine-wide configuration refused");
                AppError::new(
                    ErrorCode::Unavailable,
                    format!("Il file di configurazione {path} non è valido ({problem}): rivolgersi all'ufficio informatico."),
                )
            }
            StoreError::SchemaBehind(version) => {
                tracing::error!(version, "the server's schema is older than this Sportello");
                AppError::new(
                    ErrorCode::Unavailable,
                    "Il database del server è a una versione precedente di Sportello: l'ufficio informatico deve aggiornarlo (sportello migrate) prima di continuare.",
                )
            }
            StoreError::Migration(sqlx::migrate::MigrateError::VersionMissing(version)) => {
                tracing::error!(
                    version,
                    "the database has a newer schema than this Sportello"
                );
                AppError::new(
                    ErrorCode::Unavailable,
                    "Il database è stato aggiornato da una versione più recente di Sportello: installare l'aggiornamento prima di continuare.",
                )
            }
            other => {
                tracing::error!(error = %other, "store operation failed");
                AppError::internal()
            }
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A server that cannot be reached or a connection that dropped: nothing was written (the
/// transaction did not commit), and the same action can be repeated when the server is back.
fn is_unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
    )
}
