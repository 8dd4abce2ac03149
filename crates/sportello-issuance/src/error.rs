//! The crate's one error type. Each variant maps to the officer's Italian message and a closed code.

use sportello_domain::certificate::CertificateBlock;
use sportello_domain::{AppError, ErrorCode};
use sportello_sign::SignError;
use sportello_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One of ANPR's blocking cases: the message is already Italian.
    #[error("{0}")]
    Blocked(#[from] CertificateBlock),
    /// A rule the officer can act on (e.g. the person is not in the register).
    #[error("{0}")]
    App(#[from] AppError),
    #[error("certificate configuration: {0}")]
    Config(String),
    #[error("signature: {0}")]
    Sign(#[from] SignError),
    #[error("document rendering failed: {0}")]
    Render(String),
}

pub type Result<T> = std::result::Result<T, IssueError>;

impl From<IssueError> for AppError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(e) => e.into(),
            IssueError::Blocked(b) => b.into(),
            IssueError::App(a) => a,
            IssueError::Sign(s) => {
                tracing::warn!(error = %s, "signing failed");
                AppError::new(ErrorCode::IllegalAction, s.user_message())
            }
            IssueError::Config(detail) => {
                tracing::error!(%detail, "certificate configuration is invalid");
                AppError::new(
                    ErrorCode::Internal,
                    "La configurazione dei certificati non è valida: rivolgersi all'assistenza informatica.",
                )
            }
            IssueError::Render(detail) => {
                tracing::error!(%detail, "certificate rendering failed");
                AppError::new(
                    ErrorCode::Internal,
                    "Non è stato possibile comporre il documento: rivolgersi all'assistenza informatica.",
                )
            }
        }
    }
}

impl IssueError {
    /// The Italian message for the officer (a per-document result of a batch).
    pub fn user_message(self) -> String {
        AppError::from(self).message
    }
}
