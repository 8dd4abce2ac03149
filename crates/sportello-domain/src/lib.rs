//! Sportello's domain: everything a municipal back office knows without touching a disk, a network or a
//! window.
//!
//! It owns the types that cross the app's boundaries (and are exported to TypeScript with ts-rs), the
//! service catalogue (data, not code), the L. 241/1990 workflow with its guards, the procedure clock with
//! its suspensions and holidays, fiscal codes and protocol numbers. It deliberately does no IO: storage
//! lives in `sportello-store`, the window in `src-tauri`.

pub mod attachment;
pub mod audit;
pub mod catalogue;
pub mod certificate;
pub mod changes;
pub mod clock;
pub mod contact;
pub mod error;
pub mod file_name;
pub mod fiscal_code;
pub mod holidays;
pub mod issuance;
pub mod link;
pub mod message;
pub mod policy;
pub mod protocol;
pub mod queue;
pub mod sample_pdf;
pub mod submission;
pub mod user;
pub mod workflow;

pub use error::{AppError, ErrorCode};
pub use fiscal_code::FiscalCode;
