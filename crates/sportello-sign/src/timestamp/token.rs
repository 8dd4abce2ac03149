//! The content of an RFC 3161 time-stamp token: `TSTInfo` inside a CMS `SignedData`.
//!
//! `TSTInfo` is defined here rather than taken from `x509-tsp`: there `genTime` is der 0.7's
//! `GeneralizedTime`, which follows RFC 5280 and refuses fractional seconds, while RFC 3161
//! §2.4.2 allows them and many authorities send them.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::db::{rfc5911, rfc5912};
use const_oid::ObjectIdentifier;
use der::asn1::{Int, OctetString};
use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag, Writer};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::Extensions;
use x509_tsp::{Accuracy, MessageImprint, TspVersion};

use crate::error::SignError;

/// `id-ct-TSTInfo` (RFC 3161 §2.4.2), the content type of a time-stamp token.
pub(crate) const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// ```text
/// TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime,
///     accuracy OPTIONAL, ordering DEFAULT FALSE, nonce OPTIONAL,
///     tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TstInfo {
    pub version: TspVersion,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: GenTime,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// A `GeneralizedTime` in UTC, `YYYYMMDDHHMMSS[.f…]Z`, with optional fractional seconds.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) struct GenTime(pub DateTime<Utc>);

impl GenTime {
    fn text(&self) -> String {
        let mut text = self.0.format("%Y%m%d%H%M%S").to_string();
        let nanos = self.0.timestamp_subsec_nanos();
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        text
    }

    fn parse(text: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.len() != 14 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let at = NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").ok()?;
        let digits: String = fraction
            .chars()
            .chain("000000000".chars())
            .take(9)
            .collect();
        let nanos: u32 = digits.parse().ok()?;
        Some(Self(at.and_utc().with_nanosecond(nanos)?))
    }
}

impl FixedTag for GenTime {
    const TAG: Tag = Tag::GeneralizedTime;
}

impl<'a> DecodeValue<'a> for GenTime {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        let bytes = reader.read_vec(header.length)?;
        Self::parse(&bytes).ok_or_else(|| Self::TAG.value_error())
    }
}

impl EncodeValue for GenTime {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.text().len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.text().as_bytes())
    }
}

/// A token's `TSTInfo` and its DER bytes (what the token's message-digest covers).
pub(crate) struct TokenContent {
    pub info: TstInfo,
    pub der: Vec<u8>,
    /// The token carries at least one certificate (the TSA's, as `certReq` asks).
    pub has_certificates: bool,
}

/// Reads the `TSTInfo` out of a time-stamp token; the error says what is wrong.
pub(crate) fn content(token: &ContentInfo) -> Result<TokenContent, SignError> {
    let bad = |what: String| SignError::TimestampInvalid(what);
    if token.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(bad("the token is not a CMS SignedData".into()));
    }
    let signed: SignedData = token
        .content
        .decode_as()
        .map_err(|e| bad(format!("SignedData: {e}")))?;
    let encap = &signed.encap_content_info;
    if encap.econtent_type != ID_CT_TST_INFO {
        return Err(bad(format!(
            "content type {} is not TSTInfo",
            encap.econtent_type
        )));
    }
    let econtent = encap
        .econtent
        .as_ref()
        .ok_or_else(|| bad("the token has no TSTInfo".into()))?;
    let octets: OctetString = econtent
        .decode_as()
        .map_err(|e| bad(format!("eContent: {e}")))?;
    let der = octets.as_bytes().to_vec();
    let info =
        <TstInfo as der::Decode>::from_der(&der).map_err(|e| bad(format!("TSTInfo: {e}")))?;
    let has_certificates = signed.certificates.is_some_and(|c| !c.0.is_empty());
    Ok(TokenContent {
        info,
        der,
        has_certificates,
    })
}

/// The imprint is the hash of `data` (SHA-256, -384 or -512).
pub(crate) fn imprint_covers(imprint: &MessageImprint, data: &[u8]) -> bool {
    let expected = match imprint.hash_algorithm.oid {
        rfc5912::ID_SHA_256 => Sha256::digest(data).to_vec(),
        rfc5912::ID_SHA_384 => Sha384::digest(data).to_vec(),
        rfc5912::ID_SHA_512 => Sha512::digest(data).to_vec(),
        _ => return false,
    };
    imprint.hashed_message.as_bytes() == expected.as_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::{Decode, Encode};

    #[test]
    fn fractional_seconds_are_read_and_written_without_trailing_zeros() {
        let der = [&[0x18, 0x13][..], b"20260305100005.250Z".as_slice()].concat();
        let time = GenTime::from_der(&der).unwrap();
        assert_eq!(time.0.to_rfc3339(), "2026-03-05T10:00:05.250+00:00");
        assert_eq!(time.to_der().unwrap()[2..], *b"20260305100005.25Z");
        let whole = GenTime::from_der(&[&[0x18, 0x0f][..], b"20260305100005Z"].concat());
        assert_eq!(whole.unwrap().0.timestamp(), 1_772_704_805);
        assert!(GenTime::from_der(&[&[0x18, 0x0d][..], b"202603051000Z"].concat()).is_err());
    }
}
