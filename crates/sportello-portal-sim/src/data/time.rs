//! Dates as the platform writes them: ISO-8601 with the offset of Rome at that moment (CET, or
//! CEST between the last Sundays of March and October).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut day = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

/// Rome's offset at an instant (summer time from 01:00 UTC of the last Sunday of March to 01:00
/// UTC of the last Sunday of October).
pub fn rome(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let start = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let end = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let hours = if at >= start && at < end { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| Utc.fix())
}

/// `2026-11-16T09:00:00+01:00`.
pub fn iso(at: DateTime<Utc>) -> String {
    at.with_timezone(&rome(at)).to_rfc3339()
}

/// A Form.io date field: midnight in Rome, in W3C format (`2027-05-31T00:00:00+02:00`).
pub fn formio_date(day: NaiveDate) -> String {
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    let offset = rome(noon);
    offset
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map_or_else(|| day.to_string(), |d| d.to_rfc3339())
}
