//! The signature time-stamp of a B-T signature: is it over this signature value, intact and
//! signed by the certificate it carries, and when was it made.

use chrono::{DateTime, Utc};
use der::Encode;
use sha2::{Digest, Sha256};

use super::crypto::{self, CmsSignature};
use crate::pades::SIGNATURE_TIME_STAMP_TOKEN;
use crate::timestamp::token;

/// What the time-stamp token of one signature proves.
pub(crate) struct TimestampCheck {
    /// `genTime`, when the token can be read.
    pub time: Option<DateTime<Utc>>,
    /// The imprint is the hash of the signature value, the token's message-digest is the hash of
    /// its `TSTInfo`, and its signature verifies with the TSA certificate it carries.
    pub valid: bool,
}

/// `None` when the signature carries no time-stamp token.
pub(crate) fn check(cms: &CmsSignature) -> Option<TimestampCheck> {
    let token = cms.unsigned_attribute(SIGNATURE_TIME_STAMP_TOKEN)?;
    let unreadable = TimestampCheck {
        time: None,
        valid: false,
    };
    let Ok(token) = token.decode_as::<cms::content_info::ContentInfo>() else {
        return Some(unreadable);
    };
    let (Ok(content), Ok(token_der)) = (token::content(&token), token.to_der()) else {
        return Some(unreadable);
    };
    let signature_value = cms.signer_info.signature.as_bytes();
    let valid = token::imprint_covers(&content.info.message_imprint, signature_value)
        && crypto::decode(&token_der).is_ok_and(|t| {
            let digest: [u8; 32] = Sha256::digest(&content.der).into();
            t.digest_matches(&digest) && t.signature_valid()
        });
    Some(TimestampCheck {
        time: Some(content.info.gen_time.0),
        valid,
    })
}
