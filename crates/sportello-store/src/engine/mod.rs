//! The store's queries and use cases, written once and compiled for each database: `super::dialect`
//! (in `sqlite.rs` and `postgres.rs`) names the database's types and gives its own means — the write
//! lock, the name index and search. Parameters are `$1, $2, …`, which both databases read, and every
//! value is bound with its type (`Instant`, `NaiveDate`, `Json`, `i64`), so each database stores it
//! natively.

mod anagrafe;
mod attachment;
mod audit;
mod bulk;
mod certificate_requests;
mod certificates;
mod contacts;
mod counter;
mod db;
mod detail;
mod history;
mod letters;
mod link;
mod link_views;
mod messages;
mod move_documents;
mod notices;
mod outbox;
mod protocol;
mod queue;
mod receipt;
mod replies;
mod review;
mod submissions;
mod timed;
mod users;
mod withdrawal;

pub use certificates::IssueSession;
pub use db::Store;

use super::dialect;
