//! The cryptographic checks of one CMS signature: digest, signature value, ESS certificate hash.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::db::{rfc5911, rfc5912};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::error::{Result, SignError};
use crate::pades::SigningCertificateV2;
use crate::signer::SignatureAlgorithm;

/// A decoded CMS signature with its signer's certificate.
pub(crate) struct CmsSignature {
    pub signer_info: SignerInfo,
    pub certificate: Option<(Certificate, Vec<u8>)>,
}

/// Decodes a `ContentInfo` with `SignedData` from `bytes` (trailing zero padding allowed).
pub(crate) fn decode(bytes: &[u8]) -> Result<CmsSignature> {
    let malformed = |e: der::Error| SignError::MalformedSignature(format!("CMS: {e}"));
    let mut reader = der::SliceReader::new(bytes).map_err(malformed)?;
    let info = ContentInfo::decode(&mut reader).map_err(malformed)?;
    if info.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(SignError::MalformedSignature("not a SignedData".into()));
    }
    let signed: SignedData = info.content.decode_as().map_err(malformed)?;
    let signer_info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .cloned()
        .ok_or_else(|| SignError::MalformedSignature("no SignerInfo".into()))?;
    let certificate = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(c) => Some(c),
            CertificateChoices::Other(_) => None,
        })
        .find(|c| identifies(&signer_info.sid, c))
        .and_then(|c| Some((c.clone(), c.to_der().ok()?)));
    Ok(CmsSignature {
        signer_info,
        certificate,
    })
}

fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == cert.tbs_certificate.issuer
                && ias.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(_) => false,
    }
}

impl CmsSignature {
    /// The single value of signed attribute `oid`.
    fn signed_attribute(&self, oid: ObjectIdentifier) -> Option<&der::Any> {
        let attrs = self.signer_info.signed_attrs.as_ref()?;
        let attr = attrs.iter().find(|a| a.oid == oid)?;
        attr.values.iter().next()
    }

    pub fn has_signed_attribute(&self, oid: ObjectIdentifier) -> bool {
        self.signed_attribute(oid).is_some()
    }

    /// The first value of unsigned attribute `oid`.
    pub fn unsigned_attribute(&self, oid: ObjectIdentifier) -> Option<&der::Any> {
        let attrs = self.signer_info.unsigned_attrs.as_ref()?;
        let attr = attrs.iter().find(|a| a.oid == oid)?;
        attr.values.iter().next()
    }

    /// The message-digest equals `digest` (SHA-256 over the byte range).
    pub fn digest_matches(&self, digest: &[u8; 32]) -> bool {
        let value = self.signed_attribute(rfc5911::ID_MESSAGE_DIGEST);
        let claimed = value.and_then(|v| v.decode_as::<der::asn1::OctetString>().ok());
        self.signer_info.digest_alg.oid == rfc5912::ID_SHA_256
            && claimed.is_some_and(|c| c.as_bytes() == digest)
    }

    /// The signature value verifies over the signed attributes with the signer's key.
    pub fn signature_valid(&self) -> bool {
        let Some((cert, _)) = &self.certificate else {
            return false;
        };
        let Some(algorithm) = algorithm_of(self.signer_info.signature_algorithm.oid) else {
            return false;
        };
        let Some(message) = self
            .signer_info
            .signed_attrs
            .as_ref()
            .and_then(|a| a.to_der().ok())
        else {
            return false;
        };
        signature_verifies(
            cert,
            algorithm,
            &message,
            self.signer_info.signature.as_bytes(),
        )
    }

    /// `Some(true)` when signing-certificate-v2 names the signer's certificate by its SHA-256
    /// hash; `None` when the attribute is absent.
    pub fn signing_certificate_matches(&self) -> Option<bool> {
        let value = self.signed_attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2)?;
        let Ok(ess) = value.decode_as::<SigningCertificateV2>() else {
            return Some(false);
        };
        let Some((_, der)) = &self.certificate else {
            return Some(false);
        };
        let first = ess.certs.first()?;
        let sha256 = first
            .hash_algorithm
            .as_ref()
            .is_none_or(|a| a.oid == rfc5912::ID_SHA_256);
        Some(sha256 && first.cert_hash.as_bytes() == Sha256::digest(der).as_slice())
    }
}

fn algorithm_of(oid: ObjectIdentifier) -> Option<SignatureAlgorithm> {
    match oid {
        rfc5912::ECDSA_WITH_SHA_256 => Some(SignatureAlgorithm::EcdsaP256Sha256),
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION | rfc5912::RSA_ENCRYPTION => {
            Some(SignatureAlgorithm::RsaPkcs1Sha256)
        }
        _ => None,
    }
}

/// Whether `signature` (as a [`crate::Signer`] returns it) is `cert`'s key's signature of
/// `message` with `algorithm`.
pub(crate) fn signature_verifies(
    cert: &Certificate,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> bool {
    use rsa::signature::Verifier;
    let key_bits = cert
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    match algorithm {
        SignatureAlgorithm::EcdsaP256Sha256 => {
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bits),
                p256::ecdsa::Signature::from_der(signature),
            ) else {
                return false;
            };
            key.verify(message, &sig).is_ok()
        }
        SignatureAlgorithm::RsaPkcs1Sha256 => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            let (Ok(key), Ok(sig)) = (
                rsa::RsaPublicKey::from_pkcs1_der(key_bits),
                rsa::pkcs1v15::Signature::try_from(signature),
            ) else {
                return false;
            };
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(message, &sig)
                .is_ok()
        }
    }
}
