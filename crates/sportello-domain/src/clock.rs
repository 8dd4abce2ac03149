//! The procedure clock (L. 241/1990, DOMAIN.md §2): when a procedure must be decided, how many days
//! are left, and whether the clock is standing still. Time comes from an injected [`Clock`].
//!
//! The rules, exactly as [`evaluate`] applies them (all dates are calendar days):
//!
//! - The day of receipt is not counted: the nominal deadline is `received_on + term_days` plus the
//!   days the clock stood still.
//! - A suspension stands still on `[from, until)`, so it lasts `until - from` days.
//! - **Integration request** (art. 2 c.7): from the request until the citizen's answer, at most 30
//!   days. `until = min(answered, from + 30)`; unanswered, it ended at `from + 30` once that day is
//!   reached and is open (unknown end) before.
//! - **10-bis notice**: the clock restarts 10 days after the observations arrive
//!   (`until = answered + 10`), or when the 10-day window lapses with none (`until = from + 10`
//!   once that day is reached, open before). Observations after the window (`answered > from + 10`)
//!   came too late: the clock had already restarted at `from + 10`.
//! - Overlapping suspensions are merged, so no day is counted twice.
//! - A suspension is in effect today when it is open or `until > today`: the status is Suspended,
//!   there is no deadline, and `days_left` is frozen at the days left when the (merged) suspension
//!   started.
//! - With `shift_holidays`, a deadline on a Sunday or holiday (see [`HolidayCalendar`]) moves to the
//!   next working day (art. 2963 c.c., art. 155 c.p.c.).
//! - `days_left = deadline - today`: Overdue below 0, Expiring up to `expiring_within_days`,
//!   Running otherwise.
//! - A closed procedure (decided or withdrawn on `closed_on`) is Closed, with no `days_left`; its
//!   deadline is computed as of `closed_on`, suspensions still open then ending on that day.
//! - The silence-consent warning (art. 20) is raised while the clock runs (not suspended, not
//!   closed) and `0 <= days_left <= silence_warning_days`.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::holidays::HolidayCalendar;

/// Integration requests suspend the clock for at most this many days.
pub const INTEGRATION_MAX_DAYS: u64 = 30;
/// The 10-bis window for observations, and the delay after them before the clock restarts.
const NOTICE_10BIS_DAYS: u64 = 10;

/// Where "now" comes from, so deadline rules can be tested at any date.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// The calendar day at the Comune.
    fn today(&self) -> NaiveDate;
}

/// The computer's clock; `today` is the local date.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}

/// A clock stopped at one instant, for tests and simulations.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// 09:00 UTC on `date`.
    pub fn at(date: NaiveDate) -> Self {
        Self(
            date.and_hms_opt(9, 0, 0)
                .expect("09:00:00 is a valid time")
                .and_utc(),
        )
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }

    fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
}

/// How a service's procedures are timed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRules {
    /// Days to decide, from the day after receipt.
    pub term_days: u32,
    /// A deadline on a Sunday or holiday moves to the next working day.
    pub shift_holidays: bool,
    /// "In scadenza" from this many days left.
    pub expiring_within_days: u32,
    /// Silence means consent (art. 20) for this service.
    pub silence_consent: bool,
    /// Warn this many days before silence-consent takes effect.
    pub silence_warning_days: u32,
}

impl Default for ClockRules {
    fn default() -> Self {
        Self {
            term_days: 30,
            shift_holidays: true,
            expiring_within_days: 7,
            silence_consent: false,
            silence_warning_days: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SuspensionKind {
    /// Request for missing information or documents (art. 2 c.7, art. 6).
    Integration,
    /// Notice of the reasons preventing acceptance (art. 10-bis).
    Notice10bis,
}

/// A suspension as recorded: when it started and, if known, when the citizen answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspension {
    pub kind: SuspensionKind,
    pub from: NaiveDate,
    /// The integration answer, or the arrival of the 10-bis observations.
    pub answered: Option<NaiveDate>,
    /// The day the officer ended the suspension early (review resumed after a 10-bis notice without
    /// observations): the clock restarts that day.
    pub ended: Option<NaiveDate>,
    /// The day the citizen received the 10-bis notice (the portal's `sent_at`, a PEC delivery
    /// receipt, a signature at the counter): the ten days for observations count from it, from the
    /// notice's own date until it is known (art. 10-bis: «dal ricevimento della comunicazione»).
    pub received: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ClockStatus {
    Running,
    Expiring,
    Overdue,
    Suspended,
    Closed,
}

/// A suspension as the clock counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SuspensionView {
    pub kind: SuspensionKind,
    pub from: NaiveDate,
    /// The day the clock restarts; `None` while open with an unknown end.
    pub until: Option<NaiveDate>,
    /// `until - from`, or the days so far while open.
    #[ts(type = "number")]
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClockView {
    pub received_on: NaiveDate,
    pub term_days: u32,
    /// `None` while a suspension is in effect.
    pub deadline: Option<NaiveDate>,
    /// Frozen while suspended; `None` when closed.
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    pub status: ClockStatus,
    /// Days the clock stood still, overlaps counted once.
    #[ts(type = "number")]
    pub suspended_days: i64,
    pub suspensions: Vec<SuspensionView>,
    pub silence_consent_warning: bool,
}

/// The clock of a procedure received on `received_on`, as seen on `today`.
///
/// `closed_on`: Some(date) when the procedure was decided/withdrawn (status Closed; deadline still
/// shown, computed as of that day).
pub fn evaluate(
    received_on: NaiveDate,
    rules: &ClockRules,
    suspensions: &[Suspension],
    calendar: &HolidayCalendar,
    today: NaiveDate,
    closed_on: Option<NaiveDate>,
) -> ClockView {
    let as_of = closed_on.unwrap_or(today);
    let views: Vec<SuspensionView> = suspensions
        .iter()
        .map(|s| view(s, as_of, closed_on.is_some(), rules, calendar))
        .collect();
    let spans = merge(&views);
    let suspended_days = total_days(&spans, as_of);
    let deadline_after = |days: i64| deadline(received_on, rules, calendar, days);
    let deadline = deadline_after(suspended_days);
    let mut clock = ClockView {
        received_on,
        term_days: rules.term_days,
        deadline: Some(deadline),
        days_left: None,
        status: ClockStatus::Closed,
        suspended_days,
        suspensions: views,
        silence_consent_warning: false,
    };
    if closed_on.is_some() {
        return clock;
    }
    if let Some(current) = spans.iter().position(|s| s.in_effect(today)) {
        let before = deadline_after(total_days(&spans[..current], as_of));
        clock.deadline = None;
        clock.days_left = Some(days_between(spans[current].from, before));
        clock.status = ClockStatus::Suspended;
    } else {
        let days_left = days_between(today, deadline);
        let warn_window = 0..=i64::from(rules.silence_warning_days);
        clock.days_left = Some(days_left);
        clock.status = running_status(days_left, rules);
        clock.silence_consent_warning = rules.silence_consent && warn_window.contains(&days_left);
    }
    clock
}

/// A recorded suspension resolved as of `as_of`; a closed procedure ends every suspension then.
fn view(
    suspension: &Suspension,
    as_of: NaiveDate,
    closed: bool,
    rules: &ClockRules,
    calendar: &HolidayCalendar,
) -> SuspensionView {
    let from = suspension.from;
    let window_end = observation_last_day(window_start(suspension), rules, calendar);
    let mut until = restart_day(suspension, as_of, window_end);
    if closed {
        until = Some(until.map_or(as_of, |u| u.min(as_of)).max(from));
    }
    let days = days_between(from, until.unwrap_or(as_of)).max(0);
    SuspensionView {
        kind: suspension.kind,
        from,
        until,
        days,
    }
}

/// The day the 10-bis window counts from: the citizen's receipt of the notice, once known.
fn window_start(suspension: &Suspension) -> NaiveDate {
    suspension
        .received
        .map_or(suspension.from, |r| r.max(suspension.from))
}

/// The last day the citizen may send observations after a 10-bis notice received on `sent`: the tenth
/// day, moved to the next working day when it is a Sunday or holiday and the service shifts terms.
pub fn observation_last_day(
    sent: NaiveDate,
    rules: &ClockRules,
    calendar: &HolidayCalendar,
) -> NaiveDate {
    let tenth = sent + Days::new(NOTICE_10BIS_DAYS);
    if rules.shift_holidays {
        calendar.next_working_day(tenth)
    } else {
        tenth
    }
}

/// The day the clock restarts, or `None` while it cannot be known yet.
fn restart_day(
    suspension: &Suspension,
    today: NaiveDate,
    window_end: NaiveDate,
) -> Option<NaiveDate> {
    let from = suspension.from;
    let answered = suspension.answered.map(|a| a.max(from));
    let (lapse, after_answer) = match suspension.kind {
        SuspensionKind::Integration => {
            let cap = from + Days::new(INTEGRATION_MAX_DAYS);
            (cap, answered.map(|a| a.min(cap)))
        }
        SuspensionKind::Notice10bis => {
            let in_time = answered.filter(|a| *a <= window_end);
            (
                window_end,
                in_time.map(|a| a + Days::new(NOTICE_10BIS_DAYS)),
            )
        }
    };
    let natural = after_answer.or_else(|| (today >= lapse).then_some(lapse));
    match suspension.ended {
        Some(end) => Some(natural.map_or(end, |n| n.min(end)).max(from)),
        None => natural,
    }
}

/// A stretch of days the clock stands still: `[from, until)`, open-ended when `until` is `None`.
#[derive(Debug, Clone, Copy)]
struct Span {
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl Span {
    fn days(&self, as_of: NaiveDate) -> i64 {
        days_between(self.from, self.until.unwrap_or(as_of)).max(0)
    }

    fn in_effect(&self, today: NaiveDate) -> bool {
        self.from <= today && self.until.is_none_or(|u| u > today)
    }

    fn reaches(&self, day: NaiveDate) -> bool {
        self.until.is_none_or(|u| day <= u)
    }
}

/// The suspensions as disjoint spans sorted by start, overlapping ones merged.
fn merge(views: &[SuspensionView]) -> Vec<Span> {
    let mut spans: Vec<Span> = views
        .iter()
        .map(|v| Span {
            from: v.from,
            until: v.until,
        })
        .collect();
    spans.sort_by_key(|s| s.from);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if last.reaches(span.from) => {
                last.until = last.until.zip(span.until).map(|(a, b)| a.max(b));
            }
            _ => merged.push(span),
        }
    }
    merged
}

fn total_days(spans: &[Span], as_of: NaiveDate) -> i64 {
    spans.iter().map(|s| s.days(as_of)).sum()
}

/// The deadline after `suspended_days` days of suspension, shifted off non-working days if due.
fn deadline(
    received_on: NaiveDate,
    rules: &ClockRules,
    calendar: &HolidayCalendar,
    suspended_days: i64,
) -> NaiveDate {
    let days = u64::from(rules.term_days) + u64::try_from(suspended_days).unwrap_or(0);
    let nominal = received_on + Days::new(days);
    if rules.shift_holidays {
        calendar.next_working_day(nominal)
    } else {
        nominal
    }
}

fn running_status(days_left: i64, rules: &ClockRules) -> ClockStatus {
    if days_left < 0 {
        ClockStatus::Overdue
    } else if days_left <= i64::from(rules.expiring_within_days) {
        ClockStatus::Expiring
    } else {
        ClockStatus::Running
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// A decision taken on `today` after the deadline: the legal term and the days actually taken
/// (from receipt, the day of receipt not counted, suspensions excluded), which art. 2 c.9-quinquies
/// L. 241/1990 requires the decision to state. `None` when decided in time.
pub fn late_decision(view: &ClockView, today: NaiveDate) -> Option<(u32, i64)> {
    (view.status == ClockStatus::Overdue).then(|| {
        let taken = days_between(view.received_on, today) - view.suspended_days;
        (view.term_days, taken)
    })
}

/// The civil date of an instant where the Comune is: the workstation's time zone (Europe/Rome on the
/// Comune's machines). Receipt days and protocol years are civil dates, not UTC ones.
pub fn civil_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&chrono::Local).date_naive()
}

/// What the queue stores so it can filter without recomputing every clock: the deadline assuming every
/// open suspension runs to its legal end, and the day the last suspension ends (if any).
pub fn projection(
    received_on: NaiveDate,
    rules: &ClockRules,
    suspensions: &[Suspension],
    calendar: &HolidayCalendar,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let far = NaiveDate::from_ymd_opt(9000, 1, 1).unwrap_or(NaiveDate::MAX);
    let view = evaluate(received_on, rules, suspensions, calendar, far, None);
    let until = view.suspensions.iter().filter_map(|s| s.until).max();
    (view.deadline, until)
}

/// A queue row's clock from the stored projection: suspended until `suspended_until`, then counting
/// down to `deadline`. While suspended, the days left are those the clock will resume with.
pub fn row_status(
    deadline: Option<NaiveDate>,
    suspended_until: Option<NaiveDate>,
    closed: bool,
    today: NaiveDate,
    expiring_within_days: u32,
) -> (ClockStatus, Option<i64>) {
    let Some(deadline) = deadline.filter(|_| !closed) else {
        return (ClockStatus::Closed, None);
    };
    if let Some(until) = suspended_until.filter(|u| *u > today) {
        return (ClockStatus::Suspended, Some((deadline - until).num_days()));
    }
    let left = (deadline - today).num_days();
    let status = if left < 0 {
        ClockStatus::Overdue
    } else if left <= i64::from(expiring_within_days) {
        ClockStatus::Expiring
    } else {
        ClockStatus::Running
    };
    (status, Some(left))
}

#[cfg(test)]
mod tests;
