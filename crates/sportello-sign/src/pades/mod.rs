//! PAdES baseline B-B and B-T signing (ETSI EN 319 142-1) in phases, so that any device fits:
//!
//! 1. [`prepare`] appends an incremental update with the signature field and a placeholder;
//! 2. [`Prepared::signed_attributes`] gives the DER bytes the device signs;
//! 3. [`SignedAttributes::into_cms`] wraps the device's signature value in CMS;
//! 4. for B-T, [`add_signature_timestamp`] adds a time-stamping authority's token over the
//!    signature value;
//! 5. [`Prepared::embed`] writes the CMS into the placeholder.
//!
//! [`sign_pdf`] does them all with a [`Signer`] (step 4 when a TSA URL is configured).

mod cms;
mod prepare;
pub(crate) mod syntax;
mod timestamp;
mod xref;

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};

pub use self::cms::SignedAttributes;
pub(crate) use self::cms::SigningCertificateV2;
#[cfg(feature = "test-support")]
pub(crate) use self::cms::{
    attribute, certificate_set, sha256_identifier, signer_info, signing_certificate_v2,
};
pub(crate) use self::prepare::load;
pub use self::timestamp::add_signature_timestamp;
pub(crate) use self::timestamp::SIGNATURE_TIME_STAMP_TOKEN;
use crate::error::{Result, SignError};
use crate::signer::Signer;
use crate::timestamp::{TimestampAuthority, DEFAULT_TIMESTAMP_TIMEOUT};

/// Bytes reserved for the CMS when nothing else is known: room for a chain of a few
/// certificates, an RSA-4096 signature and a time-stamp token.
pub const DEFAULT_RESERVED_BYTES: usize = 16 * 1024;

/// Room added for the time-stamp token when a TSA is configured, on top of the spare 6 KiB of
/// [`SignatureOptions::reserve_for_chain`]: 12 KiB in all, enough for a token carrying an
/// RSA-4096 TSA certificate and two issuers.
pub const TIMESTAMP_RESERVED_BYTES: usize = 6 * 1024;

/// How the signature is described in the PDF.
#[derive(Debug, Clone)]
pub struct SignatureOptions {
    /// Written as `/M`; passed in (not read from the clock) so results are reproducible.
    pub signing_time: DateTime<FixedOffset>,
    /// Name of the signature field; made unique if the document already has one so named.
    pub field_name: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub contact_info: Option<String>,
    /// Bytes reserved for the CMS; `None` means [`DEFAULT_RESERVED_BYTES`], except in
    /// [`sign_pdf`], which sizes it from the signer's certificate chain.
    pub reserved_bytes: Option<usize>,
    /// RFC 3161 time-stamping authority: when set, [`sign_pdf`] makes a B-T signature and fails
    /// if the TSA does not answer with a good token; when `None`, B-B.
    pub timestamp_url: Option<String>,
    /// How long to wait for the TSA.
    pub timestamp_timeout: Duration,
}

impl SignatureOptions {
    /// Options with the given signing time and field name `Firma`.
    pub fn new(signing_time: DateTime<FixedOffset>) -> Self {
        Self {
            signing_time,
            field_name: "Firma".into(),
            reason: None,
            location: None,
            contact_info: None,
            reserved_bytes: None,
            timestamp_url: None,
            timestamp_timeout: DEFAULT_TIMESTAMP_TIMEOUT,
        }
    }

    pub(crate) fn reserved_bytes(&self) -> usize {
        self.reserved_bytes.unwrap_or(DEFAULT_RESERVED_BYTES)
    }

    /// Room for a CMS carrying `chain`: the certificates, a signature of up to 512 bytes,
    /// the attributes, and 6 KiB spare (with a TSA, [`sign_pdf`] adds
    /// [`TIMESTAMP_RESERVED_BYTES`]).
    pub fn reserve_for_chain(chain: &[Vec<u8>]) -> usize {
        chain.iter().map(Vec::len).sum::<usize>() + 2048 + 6 * 1024
    }
}

/// The four numbers of `/ByteRange`: offset and length of the bytes before `/Contents`,
/// then of the bytes after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ByteRange(pub [usize; 4]);

impl ByteRange {
    /// SHA-256 of the covered bytes. `pdf` must contain the range (callers check).
    pub(crate) fn digest(&self, pdf: &[u8]) -> [u8; 32] {
        let [a, b, c, d] = self.0;
        let mut hasher = Sha256::new();
        hasher.update(&pdf[a..a + b]);
        hasher.update(&pdf[c..c + d]);
        hasher.finalize().into()
    }
}

/// A PDF with the signature placeholder, waiting for its CMS.
#[derive(Debug, Clone)]
pub struct Prepared {
    bytes: Vec<u8>,
    byte_range: ByteRange,
    document_digest: [u8; 32],
}

/// Phase one: appends the signature field and placeholder to `pdf` as an incremental update.
/// The original bytes are kept unchanged at the start of the result.
pub fn prepare(pdf: &[u8], options: &SignatureOptions) -> Result<Prepared> {
    prepare::prepare(pdf, options)
}

impl Prepared {
    /// The prepared PDF (placeholder still zero-filled).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn byte_range(&self) -> ByteRange {
        self.byte_range
    }

    /// SHA-256 over the byte range: the CMS message digest.
    pub fn document_digest(&self) -> [u8; 32] {
        self.document_digest
    }

    /// How many CMS bytes fit in the placeholder.
    pub fn reserved_bytes(&self) -> usize {
        let [_, start, end, _] = self.byte_range.0;
        (end - start - 2) / 2
    }

    /// Phase two: the signed attributes for the signer's certificate (DER).
    pub fn signed_attributes(&self, signer_certificate: &[u8]) -> Result<SignedAttributes> {
        SignedAttributes::new(&self.document_digest, signer_certificate)
    }

    /// Phase four: writes `cms_der` (a CMS `ContentInfo` with detached `SignedData`) into the
    /// placeholder and returns the signed PDF.
    pub fn embed(mut self, cms_der: &[u8]) -> Result<Vec<u8>> {
        let reserved = self.reserved_bytes();
        if cms_der.len() > reserved {
            return Err(SignError::SignatureTooLarge {
                needed: cms_der.len(),
                reserved,
            });
        }
        let start = self.byte_range.0[1] + 1;
        let hex = hex::encode_upper(cms_der);
        self.bytes[start..start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// Signs `pdf` with `signer` in one call: PAdES B-B, or B-T when `options.timestamp_url` is set.
pub fn sign_pdf(pdf: &[u8], options: &SignatureOptions, signer: &dyn Signer) -> Result<Vec<u8>> {
    let chain = signer.certificate_chain();
    let leaf = chain.first().ok_or(SignError::NoSigningCertificate)?;
    // CAD art. 24 c.4: a signature made with an expired certificate is no signature; refuse it.
    let at = options.signing_time.to_utc();
    let facts = crate::certificate::summary(&crate::certificate::parse(leaf)?);
    if at < facts.not_before || at > facts.not_after {
        return Err(SignError::CertificateOutsideValidity {
            not_before: facts.not_before,
            not_after: facts.not_after,
            at,
        });
    }
    let tsa = options
        .timestamp_url
        .as_deref()
        .map(|url| TimestampAuthority::new(url, options.timestamp_timeout))
        .transpose()?;
    let mut options = options.clone();
    if options.reserved_bytes.is_none() {
        let token_room = if tsa.is_some() {
            TIMESTAMP_RESERVED_BYTES
        } else {
            0
        };
        options.reserved_bytes = Some(SignatureOptions::reserve_for_chain(chain) + token_room);
    }
    let prepared = prepare(pdf, &options)?;
    let attributes = prepared.signed_attributes(leaf)?;
    let signature = signer.sign(attributes.to_be_signed())?;
    let mut cms = attributes.into_cms(chain, signer.algorithm(), &signature)?;
    if let Some(tsa) = &tsa {
        cms = add_signature_timestamp(&cms, tsa)?;
    }
    prepared.embed(&cms)
}
