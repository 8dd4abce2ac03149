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
const INTEGRATION_MAX_DAYS: u64 = 30;
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
        .map(|s| view(s, as_of, closed_on.is_some()))
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
    match spans.iter().position(|s| s.in_effect(today)) {
        Some(current) => {
            let before = deadline_after(total_days(&spans[..current], as_of));
            clock.deadline = None;
            clock.days_left = Some(days_between(spans[current].from, before));
            clock.status = ClockStatus::Suspended;
        }
        None => {
            let days_left = days_between(today, deadline);
            let warn_window = 0..=i64::from(rules.silence_warning_days);
            clock.days_left = Some(days_left);
            clock.status = running_status(days_left, rules);
            clock.silence_consent_warning =
                rules.silence_consent && warn_window.contains(&days_left);
        }
    }
    clock
}

/// A recorded suspension resolved as of `as_of`; a closed procedure ends every suspension then.
fn view(suspension: &Suspension, as_of: NaiveDate, closed: bool) -> SuspensionView {
    let from = suspension.from;
    let mut until = restart_day(suspension, as_of);
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

/// The day the clock restarts, or `None` while it cannot be known yet.
fn restart_day(suspension: &Suspension, today: NaiveDate) -> Option<NaiveDate> {
    let from = suspension.from;
    let answered = suspension.answered.map(|a| a.max(from));
    let (lapse, after_answer) = match suspension.kind {
        SuspensionKind::Integration => {
            let cap = from + Days::new(INTEGRATION_MAX_DAYS);
            (cap, answered.map(|a| a.min(cap)))
        }
        SuspensionKind::Notice10bis => {
            let window_end = from + Days::new(NOTICE_10BIS_DAYS);
            let in_time = answered.filter(|a| *a <= window_end);
            (
                window_end,
                in_time.map(|a| a + Days::new(NOTICE_10BIS_DAYS)),
            )
        }
    };
    after_answer.or_else(|| (today >= lapse).then_some(lapse))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ClockStatus::{Closed, Expiring, Overdue, Running, Suspended};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Received Mon 2 Feb 2026: the plain 30-day deadline is Wed 4 Mar 2026.
    fn received() -> NaiveDate {
        d(2026, 2, 2)
    }

    fn integration(from: NaiveDate, answered: Option<NaiveDate>) -> Suspension {
        let kind = SuspensionKind::Integration;
        Suspension {
            kind,
            from,
            answered,
        }
    }

    fn notice(from: NaiveDate, answered: Option<NaiveDate>) -> Suspension {
        let kind = SuspensionKind::Notice10bis;
        Suspension {
            kind,
            from,
            answered,
        }
    }

    fn at(today: NaiveDate, suspensions: &[Suspension]) -> ClockView {
        let (rules, calendar) = (ClockRules::default(), HolidayCalendar::default());
        evaluate(received(), &rules, suspensions, &calendar, today, None)
    }

    /// Deadline, days left, status and suspended days, in one comparable tuple.
    fn summary(c: &ClockView) -> (Option<NaiveDate>, Option<i64>, ClockStatus, i64) {
        (c.deadline, c.days_left, c.status, c.suspended_days)
    }

    fn deadline_with(
        received_on: NaiveDate,
        rules: &ClockRules,
        cal: &HolidayCalendar,
    ) -> NaiveDate {
        let clock = evaluate(received_on, rules, &[], cal, received_on, None);
        clock.deadline.unwrap()
    }

    fn plain(received_on: NaiveDate) -> NaiveDate {
        deadline_with(
            received_on,
            &ClockRules::default(),
            &HolidayCalendar::default(),
        )
    }

    #[test]
    fn plain_thirty_days_do_not_count_the_day_of_receipt() {
        let clock = at(d(2026, 2, 20), &[]);
        assert_eq!(summary(&clock), (Some(d(2026, 3, 4)), Some(12), Running, 0));
    }

    #[test]
    fn integration_answered_after_twelve_days_adds_twelve_days() {
        let clock = at(
            d(2026, 3, 1),
            &[integration(d(2026, 2, 10), Some(d(2026, 2, 22)))],
        );
        assert_eq!(
            summary(&clock),
            (Some(d(2026, 3, 16)), Some(15), Running, 12)
        );
        assert_eq!(clock.suspensions[0].until, Some(d(2026, 2, 22)));
    }

    #[test]
    fn integration_is_capped_at_thirty_days() {
        let never = at(d(2026, 4, 1), &[integration(d(2026, 2, 10), None)]);
        assert_eq!(
            summary(&never),
            (Some(d(2026, 4, 3)), Some(2), Expiring, 30)
        );
        assert_eq!(never.suspensions[0].until, Some(d(2026, 3, 12)));
        let late = at(
            d(2026, 4, 1),
            &[integration(d(2026, 2, 10), Some(d(2026, 3, 20)))],
        );
        assert_eq!(summary(&late), summary(&never));
    }

    #[test]
    fn observations_on_day_four_suspend_for_fourteen_days() {
        let observed = [notice(d(2026, 2, 20), Some(d(2026, 2, 24)))];
        let during = at(d(2026, 3, 5), &observed);
        assert_eq!(
            (during.status, during.suspensions[0].until),
            (Suspended, Some(d(2026, 3, 6)))
        );
        let after = at(d(2026, 3, 6), &observed);
        assert_eq!(
            summary(&after),
            (Some(d(2026, 3, 18)), Some(12), Running, 14)
        );
    }

    #[test]
    fn notice_without_observations_suspends_for_ten_days() {
        // Sat 14 Mar 2026 stays: Saturdays are working days unless the offices close.
        let lapsed = at(d(2026, 3, 10), &[notice(d(2026, 2, 20), None)]);
        assert_eq!(
            summary(&lapsed),
            (Some(d(2026, 3, 14)), Some(4), Expiring, 10)
        );
        assert_eq!(lapsed.suspensions[0].until, Some(d(2026, 3, 2)));
        // Observations after the window lapsed do not restart the suspension.
        let late = at(
            d(2026, 3, 10),
            &[notice(d(2026, 2, 20), Some(d(2026, 3, 3)))],
        );
        assert_eq!(summary(&late), summary(&lapsed));
    }

    #[test]
    fn integration_and_notice_in_one_procedure_add_up() {
        let both = [
            integration(d(2026, 2, 5), Some(d(2026, 2, 15))),
            notice(d(2026, 2, 25), Some(d(2026, 2, 27))),
        ];
        assert_eq!(
            summary(&at(d(2026, 3, 20), &both)),
            (Some(d(2026, 3, 26)), Some(6), Expiring, 22)
        );
    }

    #[test]
    fn overlapping_suspensions_are_counted_once() {
        let overlapping = [
            notice(d(2026, 2, 15), None),
            integration(d(2026, 2, 10), Some(d(2026, 2, 20))),
        ];
        let clock = at(d(2026, 3, 10), &overlapping);
        assert_eq!(
            summary(&clock),
            (Some(d(2026, 3, 19)), Some(9), Running, 15)
        );
    }

    #[test]
    fn deadline_on_a_sunday_moves_to_monday_unless_shifting_is_off() {
        assert_eq!(plain(d(2026, 2, 6)), d(2026, 3, 9));
        let no_shift = ClockRules {
            shift_holidays: false,
            ..Default::default()
        };
        let national = HolidayCalendar::default();
        assert_eq!(
            deadline_with(d(2026, 2, 6), &no_shift, &national),
            d(2026, 3, 8)
        );
    }

    #[test]
    fn deadline_on_easter_monday_moves_to_tuesday() {
        assert_eq!(plain(d(2026, 3, 7)), d(2026, 4, 7));
    }

    #[test]
    fn deadline_across_the_year_boundary() {
        assert_eq!(plain(d(2026, 12, 10)), d(2027, 1, 9));
        assert_eq!(plain(d(2026, 12, 2)), d(2027, 1, 2));
        assert_eq!(plain(d(2026, 12, 7)), d(2027, 1, 7));
        let closed_saturdays = HolidayCalendar {
            saturday_is_holiday: true,
            ..Default::default()
        };
        let rules = ClockRules::default();
        assert_eq!(
            deadline_with(d(2026, 12, 2), &rules, &closed_saturdays),
            d(2027, 1, 4)
        );
    }

    #[test]
    fn open_suspension_freezes_days_left() {
        let clock = at(d(2026, 3, 1), &[integration(d(2026, 2, 20), None)]);
        assert_eq!(summary(&clock), (None, Some(12), Suspended, 9));
        assert_eq!(
            (clock.suspensions[0].until, clock.suspensions[0].days),
            (None, 9)
        );
        let after_earlier = [
            integration(d(2026, 2, 5), Some(d(2026, 2, 15))),
            notice(d(2026, 3, 1), None),
        ];
        assert_eq!(
            summary(&at(d(2026, 3, 5), &after_earlier)),
            (None, Some(13), Suspended, 14)
        );
    }

    #[test]
    fn overdue_and_expiring() {
        assert_eq!(at(d(2026, 2, 24), &[]).status, Running);
        assert_eq!(at(d(2026, 2, 25), &[]).status, Expiring);
        assert_eq!(summary(&at(d(2026, 3, 4), &[])).1, Some(0));
        assert_eq!(
            summary(&at(d(2026, 3, 6), &[])),
            (Some(d(2026, 3, 4)), Some(-2), Overdue, 0)
        );
    }

    #[test]
    fn silence_consent_warning_only_in_the_last_days_while_running() {
        let rules = ClockRules {
            silence_consent: true,
            ..Default::default()
        };
        let calendar = HolidayCalendar::default();
        let warn = |today, suspensions: &[Suspension]| {
            evaluate(received(), &rules, suspensions, &calendar, today, None)
                .silence_consent_warning
        };
        assert!(!warn(d(2026, 2, 26), &[]));
        assert!(warn(d(2026, 2, 27), &[]));
        assert!(warn(d(2026, 3, 4), &[]));
        assert!(!warn(d(2026, 3, 5), &[]));
        assert!(!warn(d(2026, 3, 2), &[integration(d(2026, 3, 1), None)]));
        assert!(!at(d(2026, 3, 1), &[]).silence_consent_warning);
    }

    #[test]
    fn closed_procedure_keeps_its_deadline_and_ends_open_suspensions() {
        let (rules, calendar) = (ClockRules::default(), HolidayCalendar::default());
        let close = |suspensions: &[Suspension], on| {
            evaluate(
                received(),
                &rules,
                suspensions,
                &calendar,
                d(2026, 6, 1),
                Some(on),
            )
        };
        let decided = close(&[], d(2026, 2, 20));
        assert_eq!(summary(&decided), (Some(d(2026, 3, 4)), None, Closed, 0));
        let withdrawn = close(&[integration(d(2026, 2, 10), None)], d(2026, 2, 15));
        assert_eq!(summary(&withdrawn), (Some(d(2026, 3, 9)), None, Closed, 5));
        assert_eq!(withdrawn.suspensions[0].until, Some(d(2026, 2, 15)));
    }

    #[test]
    fn view_serialises_in_camel_case() {
        let json = serde_json::to_value(at(d(2026, 2, 25), &[])).unwrap();
        assert_eq!(
            (json["receivedOn"].as_str(), json["daysLeft"].as_i64()),
            (Some("2026-02-02"), Some(7))
        );
        assert_eq!(json["status"], "expiring");
    }

    fn suspension(received_on: NaiveDate) -> impl Strategy<Value = Suspension> {
        let day = move |offset: i64| received_on + chrono::Duration::days(offset);
        (any::<bool>(), 0i64..120, proptest::option::of(0i64..45)).prop_map(
            move |(int, from, answer)| {
                let answered = answer.map(|a| day(from + a));
                if int {
                    integration(day(from), answered)
                } else {
                    notice(day(from), answered)
                }
            },
        )
    }

    proptest! {
        #[test]
        fn deadline_is_never_early_and_always_a_working_day(
            (received_on, suspensions) in (0i64..4000)
                .prop_map(|start| d(2020, 1, 1) + chrono::Duration::days(start))
                .prop_flat_map(|r| (Just(r), proptest::collection::vec(suspension(r), 0..4))),
            term_days in 1u32..=180,
            (today, closed) in (0i64..400, proptest::option::of(0i64..300)),
            patron in proptest::option::of((1u32..=12, 1u32..=28)),
            saturday_is_holiday in any::<bool>(),
        ) {
            let rules = ClockRules { term_days, ..Default::default() };
            let calendar = HolidayCalendar { patron, saturday_is_holiday };
            let day = |offset: i64| received_on + chrono::Duration::days(offset);
            let clock = evaluate(received_on, &rules, &suspensions, &calendar, day(today), closed.map(day));
            if let Some(deadline) = clock.deadline {
                prop_assert!(deadline >= received_on + Days::new(u64::from(term_days)));
                prop_assert!(calendar.is_working_day(deadline));
            } else {
                prop_assert_eq!(clock.status, Suspended);
            }
        }
    }
}
