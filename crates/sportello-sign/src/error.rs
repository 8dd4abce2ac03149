//! The crate's one error type, with a closed code for the UI and an Italian message for the officer.

use serde::Serialize;

/// Everything that can go wrong while preparing, signing or verifying a document.
///
/// Technical details stay in the `Display` text (for the log); the officer sees
/// [`SignError::user_message`].
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("the PDF cannot be read: {0}")]
    InvalidPdf(String),
    #[error("the PDF is encrypted")]
    EncryptedPdf,
    #[error("the document contains no signature")]
    NoSignature,
    #[error("malformed signature: {0}")]
    MalformedSignature(String),
    #[error("the signature needs {needed} bytes but only {reserved} were reserved")]
    SignatureTooLarge { needed: usize, reserved: usize },
    #[error("invalid certificate: {0}")]
    InvalidCertificate(String),
    /// CAD art. 24: an expired (or not yet valid) certificate is no signature.
    #[error("the signing certificate is valid from {not_before} to {not_after}, not at {at}")]
    CertificateOutsideValidity {
        not_before: chrono::DateTime<chrono::Utc>,
        not_after: chrono::DateTime<chrono::Utc>,
        at: chrono::DateTime<chrono::Utc>,
    },
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    #[error("ASN.1 encoding error: {0}")]
    Encoding(String),
    #[error("cryptographic operation failed: {0}")]
    Crypto(String),
    #[error("wrong password for the PKCS#12 file")]
    WrongPassword,
    #[error("PKCS#12 file not usable: {0}")]
    Pkcs12(String),
    #[error("the PIN is incorrect")]
    PinIncorrect,
    #[error("the PIN is locked")]
    PinLocked,
    #[error("no token present in the reader")]
    TokenNotPresent,
    #[error("no signing certificate with a matching private key on the device")]
    NoSigningCertificate,
    #[error("PKCS#11 module {0} cannot be loaded")]
    ModuleNotLoadable(String),
    #[error("PKCS#11 error: {0}")]
    Pkcs11(String),
    #[error("the remote signing service rejected the credentials")]
    RemoteAuthentication,
    #[error("the remote signing service failed: {0}")]
    Remote(String),
    #[error("the time-stamping authority cannot be reached: {0}")]
    TimestampUnavailable(String),
    #[error("the time-stamping authority refused the request: {0}")]
    TimestampRejected(String),
    #[error("the time-stamping authority's answer is not valid: {0}")]
    TimestampInvalid(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Stable codes the UI branches on (never on message text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignErrorCode {
    InvalidDocument,
    NoSignature,
    Certificate,
    WrongPassword,
    PinIncorrect,
    PinLocked,
    DeviceUnavailable,
    NoSigningCertificate,
    RemoteAuthentication,
    RemoteUnavailable,
    /// The time-stamping authority cannot be reached (network, HTTP error).
    TimestampUnavailable,
    /// The time-stamping authority refused the request or answered with an unusable token.
    TimestampFailed,
    Internal,
}

impl SignError {
    /// The code the UI branches on.
    pub fn code(&self) -> SignErrorCode {
        use SignErrorCode as C;
        match self {
            Self::InvalidPdf(_) | Self::EncryptedPdf => C::InvalidDocument,
            Self::NoSignature => C::NoSignature,
            Self::MalformedSignature(_) => C::InvalidDocument,
            Self::InvalidCertificate(_)
            | Self::CertificateOutsideValidity { .. }
            | Self::UnsupportedAlgorithm(_) => C::Certificate,
            Self::WrongPassword => C::WrongPassword,
            Self::PinIncorrect => C::PinIncorrect,
            Self::PinLocked => C::PinLocked,
            Self::TokenNotPresent | Self::ModuleNotLoadable(_) | Self::Pkcs11(_) => {
                C::DeviceUnavailable
            }
            Self::NoSigningCertificate => C::NoSigningCertificate,
            Self::RemoteAuthentication => C::RemoteAuthentication,
            Self::Remote(_) => C::RemoteUnavailable,
            Self::TimestampUnavailable(_) => C::TimestampUnavailable,
            Self::TimestampRejected(_) | Self::TimestampInvalid(_) => C::TimestampFailed,
            Self::SignatureTooLarge { .. }
            | Self::Encoding(_)
            | Self::Crypto(_)
            | Self::Pkcs12(_)
            | Self::Io(_) => C::Internal,
        }
    }

    /// The message shown to the officer, in Italian.
    pub fn user_message(&self) -> &'static str {
        match self {
            Self::InvalidPdf(_) => "Il documento PDF non è leggibile o è danneggiato",
            Self::EncryptedPdf => "Il documento PDF è cifrato e non può essere firmato",
            Self::NoSignature => "Il documento non contiene firme",
            Self::MalformedSignature(_) => "La firma nel documento è malformata",
            Self::SignatureTooLarge { .. } => "La firma non entra nello spazio riservato nel PDF",
            Self::InvalidCertificate(_) => "Il certificato di firma non è valido",
            Self::CertificateOutsideValidity { .. } => {
                "Il certificato di firma è scaduto o non ancora valido: una firma fatta con esso non \
                 avrebbe valore (CAD art. 24). Rinnovare il certificato del dispositivo."
            }
            Self::UnsupportedAlgorithm(_) => "L'algoritmo del certificato non è supportato",
            Self::Encoding(_) | Self::Crypto(_) => "Errore interno durante la firma",
            Self::WrongPassword => "Password del file di firma errata",
            Self::Pkcs12(_) => "Il file di firma (PKCS#12) non è utilizzabile",
            Self::PinIncorrect => "PIN errato",
            Self::PinLocked => "PIN bloccato: usare il PUK per sbloccare il dispositivo",
            Self::TokenNotPresent => "Nessuna smart card o token inserito nel lettore",
            Self::NoSigningCertificate => "Nessun certificato di firma trovato sul dispositivo",
            Self::ModuleNotLoadable(_) => "Il driver del dispositivo di firma non è disponibile",
            Self::Pkcs11(_) => "Errore del dispositivo di firma",
            Self::RemoteAuthentication => "Credenziali di firma remota errate",
            Self::Remote(_) => "Il servizio di firma remota non risponde correttamente",
            Self::TimestampUnavailable(_) => "Servizio di marca temporale non raggiungibile",
            Self::TimestampRejected(_) => {
                "Il servizio di marca temporale ha rifiutato la richiesta"
            }
            Self::TimestampInvalid(_) => {
                "Il servizio di marca temporale ha restituito una marca non valida"
            }
            Self::Io(_) => "Errore di lettura o scrittura del file",
        }
    }
}

impl From<der::Error> for SignError {
    fn from(e: der::Error) -> Self {
        Self::Encoding(e.to_string())
    }
}

impl From<lopdf::Error> for SignError {
    fn from(e: lopdf::Error) -> Self {
        Self::InvalidPdf(e.to_string())
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = SignError> = std::result::Result<T, E>;
