//! The signing device abstraction and the in-memory key used by the file-based devices.

use const_oid::ObjectIdentifier;
use der::asn1::Null;
use der::{Any, Decode};
use pkcs8_types::PrivateKeyInfo;
use rsa::pkcs1v15;
use sha2::Sha256;
use spki::AlgorithmIdentifierOwned;

use crate::error::{Result, SignError};

// `pkcs8` is re-exported by p256; naming it avoids a direct dependency.
use p256::pkcs8 as pkcs8_types;

const OID_EC_PUBLIC_KEY: ObjectIdentifier = const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
const OID_P256: ObjectIdentifier = const_oid::db::rfc5912::SECP_256_R_1;
const OID_RSA: ObjectIdentifier = const_oid::db::rfc5912::RSA_ENCRYPTION;

/// The signature algorithms Sportello produces (both with SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureAlgorithm {
    /// ECDSA on NIST P-256 with SHA-256; the signature value is a DER `Ecdsa-Sig-Value`.
    EcdsaP256Sha256,
    /// RSA PKCS#1 v1.5 with SHA-256; the signature value is the raw RSA block.
    RsaPkcs1Sha256,
}

impl SignatureAlgorithm {
    /// The CMS `signatureAlgorithm` identifier.
    pub fn algorithm_identifier(self) -> AlgorithmIdentifierOwned {
        match self {
            Self::EcdsaP256Sha256 => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
                parameters: None,
            },
            Self::RsaPkcs1Sha256 => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
                parameters: Some(Any::from(Null)),
            },
        }
    }

    /// The algorithm matching a certificate's public key.
    pub fn for_public_key(spki: &spki::SubjectPublicKeyInfoOwned) -> Result<Self> {
        let oid = spki.algorithm.oid;
        if oid == OID_RSA {
            return Ok(Self::RsaPkcs1Sha256);
        }
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if oid == OID_EC_PUBLIC_KEY && curve == Some(OID_P256) {
            return Ok(Self::EcdsaP256Sha256);
        }
        Err(SignError::UnsupportedAlgorithm(format!("{oid} {curve:?}")))
    }
}

/// A signing device: a key with its certificate chain.
///
/// Synchronous on purpose: devices block (smart cards, HTTP). From async code call it inside
/// `tokio::task::spawn_blocking`.
pub trait Signer: Send + Sync {
    /// DER certificates, the signer's own first, then its issuers.
    fn certificate_chain(&self) -> &[Vec<u8>];
    /// The algorithm `sign` uses.
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `to_be_signed` (hashing it with SHA-256) and returns the CMS signature value:
    /// a DER `Ecdsa-Sig-Value` for ECDSA, the raw block for RSA.
    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>>;
    /// True for the demo seal, whose signatures have no legal value.
    fn is_demo(&self) -> bool {
        false
    }
    /// A human label for the device, e.g. the certificate holder and the device kind.
    fn label(&self) -> String;
}

/// A private key held in memory (from a PKCS#12 file, the demo seal or a test CA).
#[derive(Clone)]
pub enum SoftwareKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<pkcs1v15::SigningKey<Sha256>>),
}

impl std::fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        write!(f, "SoftwareKey({:?})", self.algorithm())
    }
}

impl SoftwareKey {
    /// Reads an unencrypted PKCS#8 `PrivateKeyInfo` (P-256 or RSA).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        use p256::pkcs8::DecodePrivateKey;
        let info = PrivateKeyInfo::from_der(der)?;
        let oid = info.algorithm.oid;
        if oid == OID_EC_PUBLIC_KEY {
            let key = p256::ecdsa::SigningKey::from_pkcs8_der(der)
                .map_err(|e| SignError::UnsupportedAlgorithm(format!("EC key: {e}")))?;
            return Ok(Self::P256(key));
        }
        if oid == OID_RSA {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der)
                .map_err(|e| SignError::Crypto(format!("RSA key: {e}")))?;
            return Ok(Self::Rsa(Box::new(pkcs1v15::SigningKey::new(key))));
        }
        Err(SignError::UnsupportedAlgorithm(oid.to_string()))
    }

    /// Encodes the key as an unencrypted PKCS#8 `PrivateKeyInfo`.
    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>> {
        use p256::pkcs8::EncodePrivateKey;
        let doc = match self {
            Self::P256(k) => k.to_pkcs8_der(),
            Self::Rsa(k) => k.as_ref().as_ref().to_pkcs8_der(),
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|e| SignError::Encoding(e.to_string()))
    }

    /// A fresh random P-256 key.
    pub fn generate_p256() -> Self {
        Self::P256(p256::ecdsa::SigningKey::random(&mut rand_core::OsRng))
    }

    /// A fresh random RSA key of `bits` bits.
    pub fn generate_rsa(bits: usize) -> Result<Self> {
        let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, bits)
            .map_err(|e| SignError::Crypto(e.to_string()))?;
        Ok(Self::Rsa(Box::new(pkcs1v15::SigningKey::new(key))))
    }

    pub fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            Self::P256(_) => SignatureAlgorithm::EcdsaP256Sha256,
            Self::Rsa(_) => SignatureAlgorithm::RsaPkcs1Sha256,
        }
    }

    /// The public key as a `SubjectPublicKeyInfo`.
    pub fn public_key_info(&self) -> Result<spki::SubjectPublicKeyInfoOwned> {
        use p256::pkcs8::EncodePublicKey;
        let doc = match self {
            Self::P256(k) => k.verifying_key().to_public_key_der(),
            Self::Rsa(k) => rsa::RsaPublicKey::from(k.as_ref().as_ref()).to_public_key_der(),
        }
        .map_err(|e| SignError::Encoding(e.to_string()))?;
        Ok(spki::SubjectPublicKeyInfoOwned::from_der(doc.as_bytes())?)
    }

    /// Signs with SHA-256: DER `Ecdsa-Sig-Value` for P-256 (RFC 6979, deterministic), the raw
    /// PKCS#1 v1.5 block for RSA.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        use rsa::signature::{SignatureEncoding, Signer as _};
        match self {
            Self::P256(k) => {
                let sig: p256::ecdsa::Signature = k
                    .try_sign(message)
                    .map_err(|e| SignError::Crypto(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            Self::Rsa(k) => {
                let sig = k
                    .try_sign(message)
                    .map_err(|e| SignError::Crypto(e.to_string()))?;
                Ok(sig.to_vec())
            }
        }
    }
}

/// A [`Signer`] over a key held in memory: what a PKCS#12 file or a test CA gives.
#[derive(Debug, Clone)]
pub struct SoftwareSigner {
    key: SoftwareKey,
    chain: Vec<Vec<u8>>,
    label: String,
}

impl SoftwareSigner {
    /// `chain` starts with the certificate of `key`; `label` is shown to the officer.
    pub fn new(key: SoftwareKey, chain: Vec<Vec<u8>>, label: impl Into<String>) -> Result<Self> {
        let leaf = chain.first().ok_or(SignError::NoSigningCertificate)?;
        let cert = crate::certificate::parse(leaf)?;
        if cert.tbs_certificate.subject_public_key_info != key.public_key_info()? {
            return Err(SignError::InvalidCertificate(
                "the certificate does not match the private key".into(),
            ));
        }
        Ok(Self {
            key,
            chain,
            label: label.into(),
        })
    }

    pub fn key(&self) -> &SoftwareKey {
        &self.key
    }
}

impl Signer for SoftwareSigner {
    fn certificate_chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.key.algorithm()
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>> {
        self.key.sign(to_be_signed)
    }

    fn label(&self) -> String {
        self.label.clone()
    }
}
