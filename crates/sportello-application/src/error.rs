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
    /// Boxed, like the next one, so every use case's `Result` stays small.
    #[error(transparent)]
    Store(Box<StoreError>),
    #[error(transparent)]
    Issue(Box<IssueError>),
    /// A rule the officer can act on; already in Italian.
    #[error("{0}")]
    App(#[from] AppError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the database could not be reached: worth stopping a batch for, unlike one bad item.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Store(e) if e.is_unreachable())
    }

    /// Whether the server refused the operation to this connection's role (SQLSTATE 42501, an
    /// RLS policy): a configuration problem, not the data's.
    pub fn is_forbidden(&self) -> bool {
        match self {
            Error::Store(e) => e.is_refused_by_server(),
            Error::Denied(_) => true,
            _ => false,
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(Box::new(e))
    }
}

impl From<IssueError> for Error {
    fn from(e: IssueError) -> Self {
        Error::Issue(Box::new(e))
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::Denied(d) => {
                tracing::info!(refusal = %d, "refused by the policy");
                d.into()
            }
            Error::Store(e) => (*e).into(),
            Error::Issue(e) => (*e).into(),
            Error::App(e) => e,
        }
    }
}
