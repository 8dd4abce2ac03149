//! RFC 3161 time-stamp client: a time-stamping authority (TSA) reached over HTTP signs the hash
//! of a signature value together with the time, which makes a PAdES signature B-T.
//!
//! The request is `POST`ed as `application/timestamp-query` and carries the SHA-256 imprint,
//! a random nonce and `certReq` (the TSA includes its certificate). The answer is checked
//! before use: status granted, a CMS `SignedData` token whose `TSTInfo` holds the same imprint
//! and nonce, and the TSA's certificate. Trusting the TSA is the validator's business.

pub(crate) mod token;

use std::time::Duration;

use cmpv2::status::{PkiStatus, PkiStatusInfo};
use const_oid::db::rfc5912;
use der::asn1::{Int, OctetString};
use der::{Decode, Encode};
use rand_core::RngCore;
use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use crate::error::{Result, SignError};

/// Media type of a time-stamp request (RFC 3161 §3.4).
pub const TIMESTAMP_QUERY: &str = "application/timestamp-query";
/// Media type of a time-stamp response (RFC 3161 §3.4).
pub const TIMESTAMP_REPLY: &str = "application/timestamp-reply";
/// How long to wait for the TSA when nothing else is configured.
pub const DEFAULT_TIMESTAMP_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest response accepted; real tokens are a few kilobytes.
const MAX_REPLY: usize = 256 * 1024;

/// A time-stamping authority reached over HTTP(S). Blocking, like the signing devices.
#[derive(Debug, Clone)]
pub struct TimestampAuthority {
    url: reqwest::Url,
    client: Client,
}

impl TimestampAuthority {
    /// The TSA at `url`, waiting at most `timeout` for each answer.
    pub fn new(url: &str, timeout: Duration) -> Result<Self> {
        let url = reqwest::Url::parse(url)
            .map_err(|e| SignError::TimestampUnavailable(format!("invalid URL {url:?}: {e}")))?;
        let client = Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| SignError::TimestampUnavailable(e.to_string()))?;
        Ok(Self { url, client })
    }

    /// A time-stamp token (DER CMS `ContentInfo`) over the SHA-256 hash of `data`, checked
    /// against the request.
    pub fn timestamp(&self, data: &[u8]) -> Result<Vec<u8>> {
        let digest = Sha256::digest(data);
        let nonce = random_nonce()?;
        let request = TimeStampReq {
            version: TspVersion::V1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: rfc5912::ID_SHA_256,
                    parameters: None,
                },
                hashed_message: OctetString::new(digest.as_slice())?,
            },
            req_policy: None,
            nonce: Some(nonce.clone()),
            cert_req: true,
            extensions: None,
        };
        let reply = self.post(request.to_der()?)?;
        checked_token(&reply, data, &nonce)
    }

    fn post(&self, request: Vec<u8>) -> Result<Vec<u8>> {
        let unavailable = |e: reqwest::Error| {
            tracing::warn!("time-stamping authority {} unreachable: {e}", self.url);
            SignError::TimestampUnavailable(e.to_string())
        };
        let response = self
            .client
            .post(self.url.clone())
            .header(CONTENT_TYPE, TIMESTAMP_QUERY)
            .header(ACCEPT, TIMESTAMP_REPLY)
            .body(request)
            .send()
            .map_err(unavailable)?;
        let status = response.status();
        if !status.is_success() {
            tracing::warn!("time-stamping authority {} answered {status}", self.url);
            return Err(SignError::TimestampUnavailable(format!("HTTP {status}")));
        }
        let body = response.bytes().map_err(unavailable)?;
        if body.len() > MAX_REPLY {
            return Err(invalid(format!("{} bytes answer", body.len())));
        }
        Ok(body.to_vec())
    }
}

/// A positive 64-bit random nonce.
fn random_nonce() -> Result<Int> {
    let mut bytes = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut bytes);
    // Positive, and no leading zero byte to strip.
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    Ok(Int::new(&bytes)?)
}

fn invalid(what: impl Into<String>) -> SignError {
    let what = what.into();
    tracing::warn!("time-stamping authority answer refused: {what}");
    SignError::TimestampInvalid(what)
}

/// The token in `reply`, if the TSA granted it for `data` and `nonce`.
fn checked_token(reply: &[u8], data: &[u8], nonce: &Int) -> Result<Vec<u8>> {
    let response =
        TimeStampResp::from_der(reply).map_err(|e| invalid(format!("TimeStampResp: {e}")))?;
    if !matches!(
        response.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        let status = describe(&response.status);
        tracing::warn!("time-stamping authority refused the request: {status}");
        return Err(SignError::TimestampRejected(status));
    }
    let token = response
        .time_stamp_token
        .ok_or_else(|| invalid("granted without a token"))?;
    let content = token::content(&token).inspect_err(|e| {
        tracing::warn!("time-stamping authority answer refused: {e}");
    })?;
    if !token::imprint_covers(&content.info.message_imprint, data) {
        return Err(invalid("the token's imprint is not the signature's"));
    }
    if content.info.nonce.as_ref() != Some(nonce) {
        return Err(invalid("the token's nonce is not the request's"));
    }
    if !content.has_certificates {
        return Err(invalid("the token carries no certificate"));
    }
    Ok(token.to_der()?)
}

/// `Rejection: "text" [failInfo]`, for the log and the error.
fn describe(status: &PkiStatusInfo<'_>) -> String {
    let text: Vec<&str> = status
        .status_string
        .iter()
        .flatten()
        .map(|s| s.as_str())
        .collect();
    let mut out = format!("{:?}", status.status);
    if !text.is_empty() {
        out.push_str(&format!(": {}", text.join(" ")));
    }
    if let Some(fail) = status.fail_info {
        out.push_str(&format!(" {fail:?}"));
    }
    out
}
