//! How times and dates are written in the database: sortable text, always UTC for instants.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::{Result, StoreError};

pub fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_instant(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad instant {s:?}: {e}")))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date {s:?}: {e}")))
}

pub fn parse_opt_date(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(parse_date).transpose()
}
