//! The crate's one error type. Each variant maps to the officer's Italian message and a closed code.

use sportello_documents::DocumentError;
use sportello_domain::certificate::CertificateBlock;
use sportello_domain::{AppError, ErrorCode};
use sportello_sign::{SignError, SignErrorCode};
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
    /// A setting holds a value Sportello cannot use (IT must correct it with `sportello config`).
    #[error("setting {key} is not valid: {detail}")]
    Setting { key: &'static str, detail: String },
    #[error("signature: {0}")]
    Sign(#[from] SignError),
    #[error("document rendering failed: {0}")]
    Document(#[from] DocumentError),
    /// A rendering or signing thread panicked or was cancelled.
    #[error("worker thread failed: {0}")]
    Worker(String),
}

pub type Result<T> = std::result::Result<T, IssueError>;

/// The UI's code for a signing failure, so «PIN errato», «lettore assente» and «certificato
/// scaduto» are told apart by code, not by text.
fn sign_code(code: SignErrorCode) -> ErrorCode {
    use SignErrorCode as S;
    match code {
        S::WrongPassword | S::PinIncorrect | S::RemoteAuthentication => ErrorCode::PinIncorrect,
        S::PinLocked => ErrorCode::PinLocked,
        S::DeviceUnavailable => ErrorCode::DeviceUnavailable,
        S::Certificate | S::NoSigningCertificate => ErrorCode::SigningCertificate,
        S::RemoteUnavailable => ErrorCode::SigningService,
        S::TimestampUnavailable | S::TimestampFailed => ErrorCode::Timestamp,
        S::InvalidDocument | S::NoSignature => ErrorCode::InvalidInput,
        S::Internal => ErrorCode::Internal,
    }
}

impl From<IssueError> for AppError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(e) => e.into(),
            IssueError::Blocked(b) => b.into(),
            IssueError::App(a) => a,
            IssueError::Sign(s) => {
                tracing::warn!(error = %s, "signing failed");
                AppError::new(sign_code(s.code()), s.user_message())
            }
            IssueError::Setting { key, detail } => {
                tracing::error!(key, %detail, "certificate configuration is invalid");
                AppError::new(
                    ErrorCode::Internal,
                    "La configurazione dei certificati non è valida: rivolgersi all'assistenza informatica.",
                )
            }
            e @ (IssueError::Document(_) | IssueError::Worker(_)) => {
                tracing::error!(error = %e, "certificate rendering failed");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_failures_reach_the_ui_as_distinct_codes_and_messages() {
        let cases = [
            (
                SignError::PinIncorrect,
                ErrorCode::PinIncorrect,
                "PIN errato",
            ),
            (
                SignError::TokenNotPresent,
                ErrorCode::DeviceUnavailable,
                "Nessuna smart card o token inserito nel lettore",
            ),
            (
                SignError::InvalidCertificate("expired".into()),
                ErrorCode::SigningCertificate,
                "Il certificato di firma non è valido",
            ),
        ];
        for (error, code, message) in cases {
            let shown = AppError::from(IssueError::from(error));
            assert_eq!((shown.code, shown.message.as_str()), (code, message));
        }
    }
}
