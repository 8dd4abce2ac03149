//! The queue: what the officer filters, sorts and scrolls.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::ClockStatus;
use crate::workflow::State;

/// Whose submissions to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum AssigneeFilter {
    #[default]
    Any,
    Unassigned,
    Me,
    User {
        #[ts(type = "number")]
        id: i64,
    },
}

/// Deadline filter: overdue, or expiring within the service's threshold (7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeadlineFilter {
    #[default]
    Any,
    Overdue,
    Expiring,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueFilter {
    /// A service id from the catalogue, or none for every service the user may see.
    pub service: Option<String>,
    /// Empty means every state.
    pub states: Vec<State>,
    pub assignee: AssigneeFilter,
    pub deadline: DeadlineFilter,
    /// Name, fiscal code or protocol number.
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortKey {
    #[default]
    ReceivedAt,
    Deadline,
    Applicant,
    Protocol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// One page request: keyset paging from `after` (the previous page's `next`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueQuery {
    pub filter: QueueFilter,
    pub sort: SortKey,
    pub dir: SortDir,
    pub after: Option<String>,
    pub limit: u32,
}

impl QueueQuery {
    pub const MAX_LIMIT: u32 = 500;

    pub fn limit(&self) -> u32 {
        self.limit.clamp(1, Self::MAX_LIMIT)
    }
}

/// One row of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueRow {
    #[ts(type = "number")]
    pub id: i64,
    pub protocol: String,
    pub service: String,
    pub service_name: String,
    pub applicant_name: String,
    pub fiscal_code: String,
    pub state: State,
    pub assignee_name: Option<String>,
    pub received_at: DateTime<Utc>,
    pub deadline: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    pub clock: ClockStatus,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// Pass as `after` to get the next page; none at the end.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StateCount {
    pub state: State,
    #[ts(type = "number")]
    pub count: i64,
}

/// Counts per state for the filter without its state part, and the total that matches it all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StateCounts {
    #[ts(type = "number")]
    pub total: i64,
    pub by_state: Vec<StateCount>,
}

/// How a search string is read: a fiscal code, a protocol number, or words of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    FiscalCode(String),
    Protocol(crate::protocol::ProtocolNumber),
    Words(Vec<String>),
}

impl SearchTerm {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if let Ok(cf) = crate::FiscalCode::parse(raw) {
            return Some(Self::FiscalCode(cf.as_str().to_string()));
        }
        if let Some(p) = crate::protocol::ProtocolNumber::parse(raw) {
            return Some(Self::Protocol(p));
        }
        let words: Vec<String> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(6)
            .map(str::to_lowercase)
            .collect();
        (!words.is_empty()).then_some(Self::Words(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_are_recognised() {
        assert_eq!(
            SearchTerm::parse("rssmra85t10a562s"),
            Some(SearchTerm::FiscalCode("RSSMRA85T10A562S".into()))
        );
        assert!(matches!(
            SearchTerm::parse("2026/0000042"),
            Some(SearchTerm::Protocol(_))
        ));
        assert_eq!(
            SearchTerm::parse("  De Luca, Ànna  "),
            Some(SearchTerm::Words(vec![
                "de".into(),
                "luca".into(),
                "ànna".into()
            ]))
        );
        assert_eq!(SearchTerm::parse("   "), None);
        assert_eq!(SearchTerm::parse("'\"%_;--"), None);
    }
}
