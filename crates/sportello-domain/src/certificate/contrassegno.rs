//! The «contrassegno» (CAD art. 23 c.2-bis): the QR payload that lets anyone check a printed
//! certificate for free. It is a compact, versioned string:
//!
//! `SPT1|<IPA code>|<document id>|<protocol>|<issued YYYYMMDD>|<valid until YYYYMMDD or ->|<digest>`
//!
//! where the digest is the SHA-256 of the certificate's canonical content, base64url without padding.
//! The hash itself is computed by the caller (this crate does no cryptography).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::protocol::ProtocolNumber;

const VERSION: &str = "SPT1";

/// The Comune's code in the IPA index (e.g. `c_d704`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpaCode(String);

/// A unique document identifier as printed (upper-case letters, digits and dashes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContrassegnoError {
    #[error("Codice IPA non valido: «{0}».")]
    IpaCode(String),
    #[error("Identificativo del documento non valido: «{0}».")]
    DocumentId(String),
    #[error("Contrassegno non leggibile: {0}.")]
    Malformed(&'static str),
}

impl IpaCode {
    pub fn parse(raw: &str) -> Result<Self, ContrassegnoError> {
        let code = raw.trim().to_ascii_lowercase();
        let ok = (2..=20).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        ok.then_some(Self(code))
            .ok_or_else(|| ContrassegnoError::IpaCode(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl DocumentId {
    pub fn parse(raw: &str) -> Result<Self, ContrassegnoError> {
        let id = raw.trim().to_ascii_uppercase();
        let ok = (1..=40).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        ok.then_some(Self(id))
            .ok_or_else(|| ContrassegnoError::DocumentId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = ContrassegnoError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_newtype!(IpaCode);
string_newtype!(DocumentId);

/// What free verification needs, and nothing personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contrassegno {
    pub ipa_code: IpaCode,
    pub document_id: DocumentId,
    pub protocol: ProtocolNumber,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// SHA-256 of the canonical content.
    pub digest: [u8; 32],
}

impl Contrassegno {
    pub fn parse(raw: &str) -> Result<Self, ContrassegnoError> {
        let fields: Vec<&str> = raw.trim().split('|').collect();
        let [version, ipa, id, protocol, issued, valid, digest] = fields[..] else {
            return Err(ContrassegnoError::Malformed("numero di campi errato"));
        };
        if version != VERSION {
            return Err(ContrassegnoError::Malformed("versione sconosciuta"));
        }
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y%m%d").ok();
        let bad = ContrassegnoError::Malformed;
        Ok(Self {
            ipa_code: IpaCode::parse(ipa)?,
            document_id: DocumentId::parse(id)?,
            protocol: ProtocolNumber::parse(protocol).ok_or(bad("protocollo"))?,
            issued_on: date(issued).ok_or(bad("data di rilascio"))?,
            valid_until: match valid {
                "-" => None,
                v => Some(date(v).ok_or(bad("data di scadenza"))?),
            },
            digest: base64url_decode(digest)
                .and_then(|d| <[u8; 32]>::try_from(d).ok())
                .ok_or(bad("impronta"))?,
        })
    }
}

impl fmt::Display for Contrassegno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let valid = self
            .valid_until
            .map_or("-".to_string(), |d| d.format("%Y%m%d").to_string());
        write!(
            f,
            "{VERSION}|{}|{}|{}|{}|{valid}|{}",
            self.ipa_code,
            self.document_id,
            self.protocol,
            self.issued_on.format("%Y%m%d"),
            base64url_encode(&self.digest)
        )
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url, no padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|v| v as u32))
        .collect::<Option<_>>()?;
    if values.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | (v << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}
