//! Smart cards and USB tokens through their PKCS#11 module (on Windows the card vendor's DLL).
//!
//! One login with the PIN when the signer is opened, then any number of signatures (batch
//! signing). The key is the one whose certificate has keyUsage nonRepudiation
//! (contentCommitment), as on Italian signature cards, which also carry an authentication
//! certificate; digitalSignature alone is accepted only when no such certificate exists.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::KeyUsages;

use crate::certificate;
use crate::error::{Result, SignError};
use crate::signer::{SignatureAlgorithm, Signer};

pub use super::probe::probe_modules;

/// Which module and token to use.
#[derive(Clone)]
pub struct Pkcs11Config {
    /// Path of the PKCS#11 module (`.so` / `.dll`), e.g. from [`probe_modules`].
    pub module: PathBuf,
    /// Token label; `None` takes the first slot with a token.
    pub token_label: Option<String>,
    pub pin: String,
}

impl std::fmt::Debug for Pkcs11Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Config")
            .field("module", &self.module)
            .field("token_label", &self.token_label)
            .finish_non_exhaustive()
    }
}

/// A [`Signer`] on a PKCS#11 token, logged in for its whole life.
pub struct Pkcs11Signer {
    // Field order: the session closes before the context finalizes.
    session: Mutex<Session>,
    key: ObjectHandle,
    always_authenticate: bool,
    /// The token offers CKM_SHA256_RSA_PKCS (else CKM_RSA_PKCS over a DigestInfo).
    token_hashes_rsa: bool,
    pin: AuthPin,
    chain: Vec<Vec<u8>>,
    algorithm: SignatureAlgorithm,
    label: String,
    _context: Pkcs11,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer")
            .field("label", &self.label)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// A private key on the token paired with its certificate.
struct Candidate {
    key: ObjectHandle,
    certificate: Vec<u8>,
    non_repudiation: bool,
}

impl Pkcs11Signer {
    /// Loads the module, finds the token, logs in with the PIN and picks the signing key.
    pub fn open(config: &Pkcs11Config) -> Result<Self> {
        let context = load_module(&config.module)?;
        let slot = find_slot(&context, config.token_label.as_deref())?;
        let token = context.get_token_info(slot).map_err(ck)?;
        let session = context.open_ro_session(slot).map_err(ck)?;
        let pin = AuthPin::from(config.pin.as_str());
        match session.login(UserType::User, Some(&pin)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(e) => return Err(ck(e)),
        }
        let candidates = candidates(&session)?;
        let chosen = choose(&candidates).ok_or(SignError::NoSigningCertificate)?;
        let cert = certificate::parse(&chosen.certificate)?;
        let algorithm =
            SignatureAlgorithm::for_public_key(&cert.tbs_certificate.subject_public_key_info)?;
        let always_authenticate = always_authenticate(&session, chosen.key);
        let mechanisms = context.get_mechanism_list(slot).map_err(ck)?;
        let token_hashes_rsa = mechanisms.contains(&MechanismType::SHA256_RSA_PKCS);
        let holder = certificate::summary(&cert).common_name.unwrap_or_default();
        Ok(Self {
            chain: chain(&chosen.certificate, &session),
            key: chosen.key,
            session: Mutex::new(session),
            always_authenticate,
            token_hashes_rsa,
            pin,
            algorithm,
            label: format!("{holder} ({})", token.label().trim()),
            _context: context,
        })
    }
}

fn load_module(path: &Path) -> Result<Pkcs11> {
    let context = Pkcs11::new(path).map_err(|e| {
        tracing::warn!("cannot load PKCS#11 module {}: {e}", path.display());
        SignError::ModuleNotLoadable(path.display().to_string())
    })?;
    match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(context),
        Err(e) => Err(ck(e)),
    }
}

fn find_slot(context: &Pkcs11, label: Option<&str>) -> Result<Slot> {
    let slots = context.get_slots_with_token().map_err(ck)?;
    slots
        .into_iter()
        .find(|slot| match label {
            None => true,
            Some(wanted) => context
                .get_token_info(*slot)
                .is_ok_and(|t| t.label().trim() == wanted),
        })
        .ok_or(SignError::TokenNotPresent)
}

/// Every private key that has a certificate with the same `CKA_ID`, and a signing key usage.
fn candidates(session: &Session) -> Result<Vec<Candidate>> {
    let certs = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(ck)?;
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)])
        .map_err(ck)?;
    let key_ids: Vec<(ObjectHandle, Vec<u8>)> = keys
        .into_iter()
        .filter_map(|k| Some((k, bytes(session, k, AttributeType::Id)?)))
        .collect();
    let mut found = Vec::new();
    for handle in certs {
        let (Some(der), Some(id)) = (
            bytes(session, handle, AttributeType::Value),
            bytes(session, handle, AttributeType::Id),
        ) else {
            continue;
        };
        let Some((key, _)) = key_ids.iter().find(|(_, kid)| *kid == id) else {
            continue;
        };
        let Ok(cert) = certificate::parse(&der) else {
            continue;
        };
        let usage = certificate::key_usage(&cert).map(|u| u.0);
        let non_repudiation = usage.is_some_and(|u| u.contains(KeyUsages::NonRepudiation));
        let digital = usage.is_some_and(|u| u.contains(KeyUsages::DigitalSignature));
        if non_repudiation || digital {
            found.push(Candidate {
                key: *key,
                certificate: der,
                non_repudiation,
            });
        }
    }
    Ok(found)
}

/// The nonRepudiation key, else the first digitalSignature one.
fn choose(candidates: &[Candidate]) -> Option<&Candidate> {
    candidates
        .iter()
        .find(|c| c.non_repudiation)
        .or_else(|| candidates.first())
}

/// The leaf followed by the issuers found among the token's certificates.
fn chain(leaf: &[u8], session: &Session) -> Vec<Vec<u8>> {
    let all: Vec<Vec<u8>> = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|h| bytes(session, h, AttributeType::Value))
        .collect();
    let parsed: Vec<_> = all
        .iter()
        .filter_map(|d| Some((certificate::parse(d).ok()?, d)))
        .collect();
    let mut chain = vec![leaf.to_vec()];
    let mut current = certificate::parse(leaf).ok();
    while let Some(cert) = current.take() {
        let tbs = &cert.tbs_certificate;
        if tbs.issuer == tbs.subject || chain.len() > 8 {
            break;
        }
        if let Some((issuer, der)) = parsed
            .iter()
            .find(|(c, _)| c.tbs_certificate.subject == tbs.issuer)
        {
            chain.push((*der).clone());
            current = Some(issuer.clone());
        }
    }
    chain
}

fn bytes(session: &Session, object: ObjectHandle, kind: AttributeType) -> Option<Vec<u8>> {
    let attrs = session.get_attributes(object, &[kind]).ok()?;
    attrs.into_iter().find_map(|a| match a {
        Attribute::Value(v) | Attribute::Id(v) => Some(v),
        _ => None,
    })
}

/// Whether the key wants the PIN again for every signature (CKA_ALWAYS_AUTHENTICATE).
fn always_authenticate(session: &Session, key: ObjectHandle) -> bool {
    let attrs = session
        .get_attributes(key, &[AttributeType::AlwaysAuthenticate])
        .unwrap_or_default();
    attrs
        .iter()
        .any(|a| matches!(a, Attribute::AlwaysAuthenticate(true)))
}

/// Maps token errors the officer can act on; the rest are logged as device errors.
fn ck(e: CkError) -> SignError {
    match e {
        CkError::Pkcs11(RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange, _) => {
            SignError::PinIncorrect
        }
        CkError::Pkcs11(RvError::PinLocked, _) => SignError::PinLocked,
        CkError::Pkcs11(
            RvError::TokenNotPresent | RvError::DeviceRemoved | RvError::SessionHandleInvalid,
            _,
        ) => SignError::TokenNotPresent,
        other => {
            tracing::warn!("PKCS#11 error: {other}");
            SignError::Pkcs11(other.to_string())
        }
    }
}

/// `DigestInfo` prefix of SHA-256 (RFC 8017 §9.2), for tokens without CKM_SHA256_RSA_PKCS.
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

impl Pkcs11Signer {
    fn sign_locked(&self, session: &Session, data: &[u8]) -> Result<Vec<u8>> {
        let digest = Sha256::digest(data);
        let ecdsa = self.algorithm == SignatureAlgorithm::EcdsaP256Sha256;
        let (mechanism, input) = if self.always_authenticate {
            // Needs a multi-part mechanism (see below), which hashes on the token.
            let mechanism = if ecdsa {
                Mechanism::EcdsaSha256
            } else {
                Mechanism::Sha256RsaPkcs
            };
            (mechanism, data.to_vec())
        } else if ecdsa {
            (Mechanism::Ecdsa, digest.to_vec())
        } else if self.token_hashes_rsa {
            (Mechanism::Sha256RsaPkcs, data.to_vec())
        } else {
            (
                Mechanism::RsaPkcs,
                [&SHA256_DIGEST_INFO[..], &digest].concat(),
            )
        };
        let raw = if self.always_authenticate {
            // CKA_ALWAYS_AUTHENTICATE: the PIN is given again between C_SignInit and the
            // signing call; cryptoki exposes that split only for multi-part operations.
            session.sign_init(&mechanism, self.key).map_err(ck)?;
            session
                .login(UserType::ContextSpecific, Some(&self.pin))
                .map_err(ck)?;
            session.sign_update(&input).map_err(ck)?;
            session.sign_final().map_err(ck)?
        } else {
            session.sign(&mechanism, self.key, &input).map_err(ck)?
        };
        match self.algorithm {
            SignatureAlgorithm::EcdsaP256Sha256 => {
                let sig = p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|e| SignError::Pkcs11(format!("ECDSA signature: {e}")))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            SignatureAlgorithm::RsaPkcs1Sha256 => Ok(raw),
        }
    }
}

impl Signer for Pkcs11Signer {
    fn certificate_chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>> {
        let session = self
            .session
            .lock()
            .map_err(|_| SignError::Pkcs11("session lock poisoned".into()))?;
        self.sign_locked(&session, to_be_signed)
    }

    fn label(&self) -> String {
        self.label.clone()
    }
}
