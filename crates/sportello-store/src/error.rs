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
}

impl StoreError {
    pub fn not_found() -> Self {
        AppError::new(
            ErrorCode::NotFound,
            "La pratica richiesta non esiste o non è visibile per il proprio ufficio.",
        )
        .into()
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
                    && db.message().contains("protocol_registrations.year") =>
            {
                tracing::warn!(error = %db, "protocol number collision, transaction rolled back");
                AppError::new(
                    ErrorCode::Conflict,
                    "Registrazione di protocollo contemporanea: riprovare.",
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
