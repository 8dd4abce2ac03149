//! X.509 helpers: reading the facts a report needs, and issuing the few certificates Sportello
//! makes itself (the demo seal, the test CA).

use chrono::{DateTime, Utc};
use const_oid::db::rfc4519;
use const_oid::db::rfc5280;
use der::asn1::{BitString, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Tag};
use rand_core::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

use crate::error::{Result, SignError};
use crate::signer::SoftwareKey;

/// Marker written in the demo seal's subject; a certificate carrying it is reported as demo.
pub const DEMO_MARKER: &str = "SIGILLO DEMO - NON VALIDO";

/// What a verification report says about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    /// Serial number, upper-case hex.
    pub serial: String,
    pub issuer_common_name: Option<String>,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub self_signed: bool,
    /// The subject says it is Sportello's demo seal.
    pub demo: bool,
}

/// Parses a DER certificate.
pub fn parse(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der).map_err(|e| SignError::InvalidCertificate(e.to_string()))
}

/// The facts about `cert` a report shows.
pub fn summary(cert: &Certificate) -> CertificateSummary {
    let tbs = &cert.tbs_certificate;
    let common_name = attribute(&tbs.subject, rfc4519::CN);
    let organization = attribute(&tbs.subject, rfc4519::O);
    let demo = [&common_name, &organization]
        .iter()
        .any(|v| v.as_deref().is_some_and(|s| s.contains(DEMO_MARKER)));
    CertificateSummary {
        common_name,
        organization,
        serial: hex::encode_upper(tbs.serial_number.as_bytes()),
        issuer_common_name: attribute(&tbs.issuer, rfc4519::CN),
        not_before: to_chrono(&tbs.validity.not_before),
        not_after: to_chrono(&tbs.validity.not_after),
        self_signed: tbs.issuer == tbs.subject,
        demo,
    }
}

/// The first value of attribute `oid` in `name`, as text.
pub fn attribute(name: &Name, oid: const_oid::ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .map(|atv| String::from_utf8_lossy(atv.value.value()).into_owned())
}

/// The key usage bits of `cert`, if it has the extension.
pub fn key_usage(cert: &Certificate) -> Option<KeyUsage> {
    let exts = cert.tbs_certificate.extensions.as_ref()?;
    let ext = exts
        .iter()
        .find(|e| e.extn_id == rfc5280::ID_CE_KEY_USAGE)?;
    KeyUsage::from_der(ext.extn_value.as_bytes()).ok()
}

fn to_chrono(time: &Time) -> DateTime<Utc> {
    let secs = i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// An X.509 `Time` (UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires).
pub fn to_x509_time(at: DateTime<Utc>) -> Result<Time> {
    let secs = u64::try_from(at.timestamp())
        .map_err(|_| SignError::InvalidCertificate("time before 1970".into()))?;
    let dt = der::DateTime::from_unix_duration(std::time::Duration::from_secs(secs))?;
    Ok(if dt.year() < 2050 {
        Time::UtcTime(der::asn1::UtcTime::from_date_time(dt)?)
    } else {
        Time::GeneralTime(der::asn1::GeneralizedTime::from_date_time(dt))
    })
}

/// A distinguished name `CN=…, O=…, C=IT` (`O` optional), with UTF-8 values.
pub fn name(common_name: &str, organization: Option<&str>) -> Result<Name> {
    let mut rdns = vec![rdn(rfc4519::C, Tag::PrintableString, "IT")?];
    if let Some(o) = organization {
        rdns.push(rdn(rfc4519::O, Tag::Utf8String, o)?);
    }
    rdns.push(rdn(rfc4519::CN, Tag::Utf8String, common_name)?);
    Ok(RdnSequence(rdns))
}

fn rdn(
    oid: const_oid::ObjectIdentifier,
    tag: Tag,
    value: &str,
) -> Result<RelativeDistinguishedName> {
    let atv = AttributeTypeAndValue {
        oid,
        value: Any::new(tag, value.as_bytes())?,
    };
    Ok(RelativeDistinguishedName(SetOfVec::try_from(vec![atv])?))
}

/// What a certificate to be issued says.
#[derive(Debug, Clone)]
pub struct CertificateTemplate {
    pub subject: Name,
    pub public_key: spki::SubjectPublicKeyInfoOwned,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub is_ca: bool,
    pub key_usage: KeyUsage,
    /// Extended key usages, written as a critical extension when not empty (a time-stamping
    /// authority's certificate carries exactly `id-kp-timeStamping`, RFC 3161 §2.3).
    pub extended_key_usage: Vec<const_oid::ObjectIdentifier>,
}

impl CertificateTemplate {
    /// Key usage of a signing certificate: nonRepudiation (contentCommitment) + digitalSignature.
    pub fn signing_usage() -> KeyUsage {
        KeyUsage(KeyUsages::NonRepudiation | KeyUsages::DigitalSignature)
    }

    /// Key usage of a CA: keyCertSign + cRLSign.
    pub fn ca_usage() -> KeyUsage {
        KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
    }
}

/// The issuer of a certificate: its name and key.
#[derive(Debug)]
pub struct Issuer<'a> {
    pub name: &'a Name,
    pub key: &'a SoftwareKey,
}

/// Issues a certificate for `template`, signed by `issuer` (self-signed when the issuer's name is
/// the subject and its key the subject's). Returns the DER certificate.
pub fn issue(template: &CertificateTemplate, issuer: Issuer<'_>) -> Result<Vec<u8>> {
    let issuer_spki = issuer.key.public_key_info()?;
    let algorithm = issuer.key.algorithm().algorithm_identifier();
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: random_serial()?,
        signature: algorithm.clone(),
        issuer: issuer.name.clone(),
        validity: Validity {
            not_before: to_x509_time(template.not_before)?,
            not_after: to_x509_time(template.not_after)?,
        },
        subject: template.subject.clone(),
        subject_public_key_info: template.public_key.clone(),
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions(template, &issuer_spki)?),
    };
    let signature = issuer.key.sign(&tbs.to_der()?)?;
    let cert = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(&signature)?,
    };
    Ok(cert.to_der()?)
}

fn extensions(
    template: &CertificateTemplate,
    issuer_spki: &spki::SubjectPublicKeyInfoOwned,
) -> Result<Vec<Extension>> {
    let constraints = BasicConstraints {
        ca: template.is_ca,
        path_len_constraint: None,
    };
    let ski = SubjectKeyIdentifier(OctetString::new(key_id(&template.public_key))?);
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(key_id(issuer_spki))?),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    };
    let mut extensions = vec![
        extension(rfc5280::ID_CE_BASIC_CONSTRAINTS, true, &constraints)?,
        extension(rfc5280::ID_CE_KEY_USAGE, true, &template.key_usage)?,
        extension(rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER, false, &ski)?,
        extension(rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER, false, &aki)?,
    ];
    if !template.extended_key_usage.is_empty() {
        let usage = ExtendedKeyUsage(template.extended_key_usage.clone());
        extensions.push(extension(rfc5280::ID_CE_EXT_KEY_USAGE, true, &usage)?);
    }
    Ok(extensions)
}

fn extension(
    oid: const_oid::ObjectIdentifier,
    critical: bool,
    value: &impl Encode,
) -> Result<Extension> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

/// Key identifier: the first 160 bits of SHA-256 of the public key bits (RFC 7093, method 1).
fn key_id(spki: &spki::SubjectPublicKeyInfoOwned) -> Vec<u8> {
    let digest = Sha256::digest(spki.subject_public_key.raw_bytes());
    digest[..20].to_vec()
}

fn random_serial() -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut bytes);
    // Positive, and no leading zero byte to strip.
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    Ok(SerialNumber::new(&bytes)?)
}

/// The PEM text of a DER certificate.
pub fn to_pem(der: &[u8]) -> Result<String> {
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der)
        .map_err(|e| SignError::Encoding(e.to_string()))
}
