//! The error the UI sees: a closed code it may branch on and an Italian message for the officer.

use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::FieldError;

/// What went wrong, as the UI branches on it. Never match on the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// Input the officer can correct (a field, a reason, a fiscal code).
    InvalidInput,
    /// The action is not allowed in the submission's state or for this user.
    IllegalAction,
    /// Somebody else changed the same record first.
    Conflict,
    NotFound,
    Forbidden,
    Unauthenticated,
    BadCredentials,
    /// The signing device refused the PIN (or the PKCS#12 password, or the remote credentials).
    PinIncorrect,
    /// Too many wrong PINs: the card needs its PUK.
    PinLocked,
    /// No card in the reader, no reader, or its driver cannot be loaded.
    DeviceUnavailable,
    /// The signing certificate is expired, revoked, missing or unusable.
    SigningCertificate,
    /// The remote signing service does not answer properly.
    SigningService,
    /// The time-stamping authority cannot be reached or gave an unusable time-stamp.
    Timestamp,
    /// The database server cannot be reached, or is on another schema version.
    Unavailable,
    /// Anything else: details are in the log, never shown.
    Internal,
}

/// `{code, message, fields}` as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// For input the officer can correct: which field is wrong and why, so the form shows each
    /// message beside its field (WCAG 3.3.1). Empty for every other error.
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// Input refused field by field; the message lists every problem, for a log or a screen reader.
    pub fn fields(problems: Vec<FieldError>) -> Self {
        let message = problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            code: ErrorCode::InvalidInput,
            message,
            fields: problems,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "Si è verificato un errore interno. L'operazione non è stata eseguita; \
             se il problema persiste contattare l'assistenza informatica.",
        )
    }
}
