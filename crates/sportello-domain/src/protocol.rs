//! Protocol numbers of the register (DPR 445/2000 art. 57): at least seven digits, restarting every
//! 1 January. Allocation (no gaps, never reused) is the store's job; this is the value.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtocolNumber {
    pub year: i32,
    pub number: u32,
}

impl ProtocolNumber {
    /// Parses `2026/0001234`, `0001234/2026` or `1234/2026`-like input an officer may type.
    pub fn parse(raw: &str) -> Option<Self> {
        let (a, b) = raw.trim().split_once('/')?;
        let (a, b) = (a.trim(), b.trim());
        let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !all_digits(a) || !all_digits(b) {
            return None;
        }
        // Our own format is year/number; officers also type number/year.
        let looks_like_year =
            |s: &str| s.len() == 4 && (1900..=2100).contains(&s.parse::<i32>().unwrap_or(0));
        let (year, number) = if looks_like_year(a) { (a, b) } else { (b, a) };
        let number: u32 = number.parse().ok()?;
        let year: i32 = year.parse().ok()?;
        (number > 0 && (1900..=9999).contains(&year)).then_some(Self { year, number })
    }
}

impl fmt::Display for ProtocolNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:07}", self.year, self.number)
    }
}

/// Whether a registration is a document the Comune received or one it sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Direction {
    Incoming,
    Outgoing,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Incoming => "incoming",
            Direction::Outgoing => "outgoing",
        }
    }
}

/// An annulment: the registration stays readable, marked with when, who and by which act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Annulment {
    pub annulled_at: chrono::DateTime<chrono::Utc>,
    pub operator: String,
    pub act: String,
    pub reason: String,
}

/// The records manager's request to annul a registration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnnulmentRequest {
    /// As shown, e.g. `2026/0000042`.
    pub number: String,
    /// The authorising act (e.g. a determination of the records manager).
    pub act: String,
    pub reason: String,
}

/// One line of the protocol register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegisterEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub protocol: String,
    pub direction: Direction,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub correspondent: String,
    pub subject: String,
    pub document_sha256: String,
    #[ts(type = "number | null")]
    pub submission_id: Option<i64>,
    pub operator: String,
    pub annulment: Option<Annulment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_seven_digits() {
        assert_eq!(
            ProtocolNumber {
                year: 2026,
                number: 42
            }
            .to_string(),
            "2026/0000042"
        );
        assert_eq!(
            ProtocolNumber {
                year: 2026,
                number: 12_345_678
            }
            .to_string(),
            "2026/12345678"
        );
    }

    #[test]
    fn parses_what_officers_type() {
        let p = ProtocolNumber {
            year: 2026,
            number: 1234,
        };
        assert_eq!(ProtocolNumber::parse("2026/0001234"), Some(p));
        assert_eq!(ProtocolNumber::parse("1234/2026"), Some(p));
        assert_eq!(ProtocolNumber::parse(" 2026 / 1234 "), Some(p));
        assert_eq!(ProtocolNumber::parse("2026/0"), None);
        assert_eq!(ProtocolNumber::parse("abc/2026"), None);
        assert_eq!(ProtocolNumber::parse("1234"), None);
    }
}
