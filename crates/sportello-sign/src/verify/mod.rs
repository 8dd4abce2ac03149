//! Verifying the signatures of a PDF: integrity, signer, coverage, PAdES level.
//!
//! This checks what the file itself proves. Trust (qualified certificate lists) and
//! revocation are not checked here.

mod crypto;
mod timestamp;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use const_oid::db::rfc5911;
use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use crate::certificate::{self, CertificateSummary};
use crate::error::{Result, SignError};
use crate::pades::syntax::parse_pdf_date;
use crate::pades::{load, ByteRange};

pub(crate) use crypto::signature_verifies;

/// Largest `/Contents` accepted (a CMS with a long chain and a timestamp is ~20 KB).
const MAX_CONTENTS: usize = 1 << 20;

/// The PAdES baseline level a signature reaches (ETSI EN 319 142-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PadesLevel {
    #[serde(rename = "B-B")]
    BB,
    #[serde(rename = "B-T")]
    BT,
    /// A CMS signature that is not PAdES baseline (e.g. `adbe.pkcs7.detached`, no ESS).
    #[serde(rename = "none")]
    NotPades,
}

/// The signatures of a document, in file order.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub signatures: Vec<SignatureReport>,
}

impl Verification {
    /// Every signature intact, bound to its certificate and, when time-stamped, with a valid
    /// time-stamp; the last one covering the whole file (nothing added after signing).
    pub fn all_valid(&self) -> bool {
        let last_covers = self.signatures.last().is_some_and(|s| s.covers_whole_file);
        last_covers
            && self.signatures.iter().all(|s| {
                s.intact
                    && s.signing_certificate_matches == Some(true)
                    && s.timestamp_valid != Some(false)
            })
    }
}

/// What one signature proves.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    pub field_name: Option<String>,
    pub sub_filter: Option<String>,
    /// `/M`, the signing time claimed by the signer (not proof of time).
    pub signing_time: Option<DateTime<FixedOffset>>,
    pub byte_range: ByteRange,
    /// The digest matches and the signature value verifies.
    pub intact: bool,
    /// SHA-256 over the byte range equals the signed message-digest.
    pub digest_matches: bool,
    /// The signature value verifies with the signer certificate's public key.
    pub signature_valid: bool,
    /// The byte range reaches the end of the file: nothing was appended after signing.
    pub covers_whole_file: bool,
    /// signing-certificate-v2 names the embedded signer certificate; `None` if absent.
    pub signing_certificate_matches: Option<bool>,
    /// `None` when the CMS does not carry the signer's certificate.
    pub signer: Option<CertificateSummary>,
    /// `/M` falls within the certificate's validity; `None` if either is missing.
    pub certificate_valid_at_signing_time: Option<bool>,
    pub level: PadesLevel,
    /// The signature time-stamp's `genTime` (B-T): proof the signature existed by then.
    /// `None` without a readable token.
    pub timestamp_time: Option<DateTime<Utc>>,
    /// The time-stamp token is over this signature value, intact, and signed by the TSA
    /// certificate it carries (SHA-256 with P-256 or RSA, like the signature itself; trust in
    /// the TSA is not checked here). `None` without a token.
    pub timestamp_valid: Option<bool>,
}

/// Verifies every signature in `pdf`. Hostile input gives an error, never a panic.
pub fn verify(pdf: &[u8]) -> Result<Verification> {
    let doc = load(pdf)?;
    let names = field_names(&doc);
    let mut signatures = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Dictionary(d) if d.has(b"ByteRange") && d.has(b"Contents") => Some((id, d)),
            _ => None,
        })
        .map(|(id, dict)| check_signature(pdf, dict, names.get(id).cloned()))
        .collect::<Result<Vec<_>>>()?;
    if signatures.is_empty() {
        return Err(SignError::NoSignature);
    }
    signatures.sort_by_key(|s| s.byte_range.0[2] + s.byte_range.0[3]);
    Ok(Verification { signatures })
}

/// Signature dictionary id → field name (`/T` of the field whose `/V` it is).
fn field_names(doc: &Document) -> HashMap<ObjectId, String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig"))
        .filter_map(|d| {
            let value = d.get(b"V").and_then(Object::as_reference).ok()?;
            Some((value, text(d.get(b"T").ok()?)?))
        })
        .collect()
}

fn check_signature(
    pdf: &[u8],
    dict: &Dictionary,
    field_name: Option<String>,
) -> Result<SignatureReport> {
    let byte_range = parse_byte_range(dict, pdf.len())?;
    let cms_bytes = contents_from_gap(pdf, byte_range)?;
    let cms = crypto::decode(&cms_bytes)?;
    let digest_matches = cms.digest_matches(&byte_range.digest(pdf));
    let signature_valid = cms.signature_valid();
    let signer = cms
        .certificate
        .as_ref()
        .map(|(c, _)| certificate::summary(c));
    let signing_time = dict
        .get(b"M")
        .ok()
        .and_then(text)
        .and_then(|m| parse_pdf_date(&m));
    let certificate_valid_at_signing_time = match (&signer, signing_time) {
        (Some(s), Some(t)) => Some(s.not_before <= t && t <= s.not_after),
        _ => None,
    };
    let sub_filter = dict
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned());
    let signing_certificate_matches = cms.signing_certificate_matches();
    let level = level(
        &cms,
        sub_filter.as_deref(),
        signing_certificate_matches.is_some(),
    );
    let timestamp = timestamp::check(&cms);
    let [_, _, c, d] = byte_range.0;
    Ok(SignatureReport {
        field_name,
        sub_filter,
        signing_time,
        byte_range,
        intact: digest_matches && signature_valid,
        digest_matches,
        signature_valid,
        covers_whole_file: c + d == pdf.len(),
        signing_certificate_matches,
        signer,
        certificate_valid_at_signing_time,
        level,
        timestamp_time: timestamp.as_ref().and_then(|t| t.time),
        timestamp_valid: timestamp.map(|t| t.valid),
    })
}

fn level(cms: &crypto::CmsSignature, sub_filter: Option<&str>, has_ess: bool) -> PadesLevel {
    let baseline = sub_filter == Some("ETSI.CAdES.detached")
        && has_ess
        && !cms.has_signed_attribute(rfc5911::ID_SIGNING_TIME);
    if !baseline {
        PadesLevel::NotPades
    } else if cms
        .unsigned_attribute(crate::pades::SIGNATURE_TIME_STAMP_TOKEN)
        .is_some()
    {
        PadesLevel::BT
    } else {
        PadesLevel::BB
    }
}

fn malformed(what: &str) -> SignError {
    SignError::MalformedSignature(what.into())
}

/// `/ByteRange [0 b c d]` with `b < c` and everything inside the file.
fn parse_byte_range(dict: &Dictionary, len: usize) -> Result<ByteRange> {
    let items = dict
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| malformed("ByteRange is not an array"))?;
    let numbers: Vec<usize> = items
        .iter()
        .filter_map(|o| o.as_i64().ok())
        .filter_map(|n| usize::try_from(n).ok())
        .collect();
    let [a, b, c, d] = numbers[..] else {
        return Err(malformed("ByteRange needs four non-negative integers"));
    };
    let gap_ok = a == 0 && b < c && c.checked_add(d).is_some_and(|end| end <= len);
    if !gap_ok || c - b < 2 || c - b > 2 * MAX_CONTENTS + 2 {
        return Err(malformed("ByteRange does not describe the file"));
    }
    Ok(ByteRange([a, b, c, d]))
}

/// The CMS bytes written in the gap of the byte range, `<hex>`.
fn contents_from_gap(pdf: &[u8], range: ByteRange) -> Result<Vec<u8>> {
    let [_, b, c, _] = range.0;
    let gap = &pdf[b..c];
    let inner = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .ok_or_else(|| malformed("the ByteRange gap is not a hex string"))?;
    let digits: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    hex::decode(digits).map_err(|_| malformed("Contents is not valid hex"))
}

/// A PDF text string (PDFDocEncoding treated as Latin-1, or UTF-16BE with BOM).
fn text(object: &Object) -> Option<String> {
    let bytes = object.as_str().ok()?;
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    Some(bytes.iter().map(|&b| char::from(b)).collect())
}

#[cfg(test)]
#[cfg(feature = "test-support")]
mod tests;
