//! PAdES baseline B-T: the signature time-stamp token added to a CMS signature as the unsigned
//! attribute `id-aa-signatureTimeStampToken` (RFC 3161 appendix A, ETSI EN 319 122-1 §5.3).

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfos};
use const_oid::db::rfc5911;
use const_oid::ObjectIdentifier;
use der::asn1::SetOfVec;
use der::{Any, Decode, Encode};
use x509_cert::attr::Attribute;

use crate::error::{Result, SignError};
use crate::timestamp::TimestampAuthority;

/// `id-aa-signatureTimeStampToken` (RFC 3161 appendix A).
pub(crate) const SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// Asks `tsa` for a time-stamp token over the signature value of `cms_der` (a CMS `ContentInfo`
/// with one `SignerInfo`, as [`crate::SignedAttributes::into_cms`] or a remote service gives
/// it) and returns the CMS with the token as an unsigned attribute, ready for
/// [`crate::Prepared::embed`]. The signed part is kept byte for byte.
pub fn add_signature_timestamp(cms_der: &[u8], tsa: &TimestampAuthority) -> Result<Vec<u8>> {
    let malformed = |what: String| SignError::MalformedSignature(what);
    let info = ContentInfo::from_der(cms_der).map_err(|e| malformed(format!("CMS: {e}")))?;
    if info.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(malformed("not a SignedData".into()));
    }
    let mut signed: SignedData = info.content.decode_as()?;
    // Re-encoding must not change a byte the signature covers (a BER or unsorted input would).
    if signed.to_der()? != info.content.to_der()? {
        return Err(malformed("the CMS is not in DER".into()));
    }
    let mut signer_infos = signed.signer_infos.0.into_vec();
    let [signer_info] = signer_infos.as_mut_slice() else {
        return Err(malformed("expected exactly one SignerInfo".into()));
    };
    let token = tsa.timestamp(signer_info.signature.as_bytes())?;
    let attribute = Attribute {
        oid: SIGNATURE_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![Any::from_der(&token)?])?,
    };
    let mut unsigned = signer_info
        .unsigned_attrs
        .take()
        .map(SetOfVec::into_vec)
        .unwrap_or_default();
    unsigned.push(attribute);
    signer_info.unsigned_attrs = Some(SetOfVec::try_from(unsigned)?);
    signed.signer_infos = SignerInfos(SetOfVec::try_from(signer_infos)?);
    let info = ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::encode_from(&signed)?,
    };
    Ok(info.to_der()?)
}
