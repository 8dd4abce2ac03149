//! Sportello's storage: a [`Store`] over sqlx, on the embedded SQLite file or the Comune's
//! PostgreSQL server, with the migrations embedded and run at start-up.
//!
//! It owns the SQL: the queries (one module per table or aggregate, in `engine/`) and the changes,
//! each one transaction with its history row and, where the law wants it, its protocol registration.
//! `engine/` is written once and compiled for each database (`sqlite.rs`, `postgres.rs` give it the
//! database's own means); [`Store`] forwards to the one that is open. Its functions on citizen data,
//! the register and the users take a scope only the policy (`sportello_domain::policy`) makes. It knows
//! nothing of Tauri.

mod bulk;
mod changes;
mod error;
mod location;
mod migrate_to;
mod model;
mod postgres;
mod scram;
mod shared_mode;
mod sqlite;
mod store;
mod time;

pub mod demo;

pub use changes::Changes;
pub use error::StoreError;
pub use location::{
    data_dir, database_location, default_database_url, machine_config_path, parse_month_day,
    redact, workstation, DatabaseLocation, DatabaseSource, PortalSettings, Workstation, CONFIG_ENV,
    DATABASE_URL_ENV, DEFAULT_IDLE_LOCK_MINUTES, PATRON_DAY,
};
pub use migrate_to::{migrate_to, MigrationReport};
pub use model::{
    sha256_hex, ApprovedRequest, LetterPrinter, LetterPurpose, LetterRequest, LetterSent,
    NewCertificate, OutboxWork, PolicyFacts, PortalArrival, PortalMessage, PrintError,
    ReceiptTerms, Registration, Resident, TimedReport,
};
pub use store::{is_postgres_url, IssueSession, Store};
pub use time::Instant;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
