//! Sportello's storage: a [`Store`] over sqlx (SQLite is the embedded default; PostgreSQL comes later),
//! with the migrations embedded and run at start-up.
//!
//! It owns the queries (one module per table or aggregate) and the use cases that change state: each one
//! runs in a single transaction together with its history row and, where the law wants it, its protocol
//! registration. It knows nothing of Tauri; the domain rules it applies come from `sportello-domain`.

mod anagrafe;
mod certificates;
mod counter;
mod db;
pub mod demo;
mod detail;
mod error;
mod history;
mod letters;
mod protocol;
mod queue;
mod review;
mod submissions;
mod time;
mod users;

pub use anagrafe::Resident;
pub use certificates::{ApprovedRequest, IssueSession, NewCertificate};
pub use db::{
    data_dir, default_database_url, parse_month_day, Store, DATABASE_URL_ENV, PATRON_DAY,
};
pub use error::StoreError;
pub use letters::{LetterPrinter, LetterRequest, PrintError};
pub use protocol::{sha256_hex, Registration};
pub use review::PolicyFacts;
