//! The application's error: what the officer reads (through [`AppError`]) and what IT reads in the log.

use sportello_domain::policy::Denial;
use sportello_domain::AppError;
use sportello_issuance::IssueError;
use sportello_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The policy said no.
    #[error("{0}")]
    Denied(#[from] Denial),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// A rule the officer can act on; already in Italian.
    #[error("{0}")]
    App(#[from] AppError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::Denied(d) => {
                tracing::info!(refusal = %d, "refused by the policy");
                d.into()
            }
            Error::Store(e) => e.into(),
            Error::Issue(e) => e.into(),
            Error::App(e) => e,
        }
    }
}
