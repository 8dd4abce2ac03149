//! Encrypted PKCS#12 (.p12 / .pfx) files: modern (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256, as
//! OpenSSL 3 writes them) and legacy (3DES / RC2, SHA-1 MAC).

use std::path::Path;

use p12_keystore::error::Error as P12Error;
use p12_keystore::KeyStore;

use crate::error::{Result, SignError};
use crate::signer::{SoftwareKey, SoftwareSigner};

impl SoftwareSigner {
    /// Opens the PKCS#12 file at `path`. A wrong password is [`SignError::WrongPassword`].
    pub fn from_pkcs12_file(path: &Path, password: &str) -> Result<Self> {
        let bytes = std::fs::read(path)?;
        let label = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::from_pkcs12(&bytes, password, &label)
    }

    /// Reads the first private key of a PKCS#12 file and its certificate chain.
    pub fn from_pkcs12(bytes: &[u8], password: &str, file_label: &str) -> Result<Self> {
        let store = KeyStore::from_pkcs12(bytes, password).map_err(from_p12)?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or(SignError::NoSigningCertificate)?;
        let key = SoftwareKey::from_pkcs8_der(chain.key())?;
        let certs: Vec<Vec<u8>> = chain.chain().iter().map(|c| c.as_der().to_vec()).collect();
        let holder = certs
            .first()
            .and_then(|c| crate::certificate::parse(c).ok())
            .and_then(|c| crate::certificate::summary(&c).common_name)
            .unwrap_or_default();
        Self::new(key, certs, format!("{holder} (file {file_label})"))
    }
}

fn from_p12(e: P12Error) -> SignError {
    match e {
        // The MAC is keyed by the password; without a MAC, decryption fails on the padding.
        P12Error::MacError(_) | P12Error::UnpadError => SignError::WrongPassword,
        other => SignError::Pkcs12(other.to_string()),
    }
}
