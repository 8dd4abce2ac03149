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
        ended: None,
        received: None,
    }
}

fn notice(from: NaiveDate, answered: Option<NaiveDate>) -> Suspension {
    let kind = SuspensionKind::Notice10bis;
    Suspension {
        kind,
        from,
        answered,
        ended: None,
        received: None,
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

fn deadline_with(received_on: NaiveDate, rules: &ClockRules, cal: &HolidayCalendar) -> NaiveDate {
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
        evaluate(received(), &rules, suspensions, &calendar, today, None).silence_consent_warning
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

#[test]
fn projection_assumes_open_suspensions_run_to_their_end() {
    let cal = HolidayCalendar::default();
    let rules = ClockRules::default();
    let open = [integration(d(2026, 2, 5), None)];
    // 4 Mar + 30 days of integration = 3 Apr 2026 (a Friday).
    assert_eq!(
        projection(received(), &rules, &open, &cal),
        (Some(d(2026, 4, 3)), Some(d(2026, 3, 7)))
    );
    let answered = [integration(d(2026, 2, 5), Some(d(2026, 2, 17)))];
    assert_eq!(
        projection(received(), &rules, &answered, &cal),
        (Some(d(2026, 3, 16)), Some(d(2026, 2, 17)))
    );
}

#[test]
fn row_status_reads_the_projection() {
    let today = d(2026, 3, 1);
    assert_eq!(
        row_status(Some(d(2026, 3, 20)), None, false, today, 7),
        (Running, Some(19))
    );
    assert_eq!(
        row_status(Some(d(2026, 3, 5)), None, false, today, 7),
        (Expiring, Some(4))
    );
    assert_eq!(
        row_status(Some(d(2026, 2, 27)), None, false, today, 7),
        (Overdue, Some(-2))
    );
    assert_eq!(
        row_status(Some(d(2026, 3, 30)), Some(d(2026, 3, 10)), false, today, 7),
        (Suspended, Some(20))
    );
    assert_eq!(
        row_status(Some(d(2026, 3, 30)), Some(d(2026, 3, 1)), false, today, 7),
        (Running, Some(29))
    );
    assert_eq!(
        row_status(Some(d(2026, 3, 30)), None, true, today, 7),
        (Closed, None)
    );
}

#[test]
fn a_notice_withdrawn_without_observations_restarts_the_clock_that_day() {
    let cal = HolidayCalendar::default();
    let rules = ClockRules::default();
    let sent = d(2026, 2, 10);
    let ended = Suspension {
        kind: SuspensionKind::Notice10bis,
        from: sent,
        answered: None,
        received: None,
        ended: Some(d(2026, 2, 13)),
    };
    // Three days of suspension: 4 Mar + 3 = 7 Mar 2026 (a Saturday, a working day by default).
    let view = evaluate(received(), &rules, &[ended], &cal, d(2026, 2, 20), None);
    assert_eq!(
        (view.deadline, view.suspended_days),
        (Some(d(2026, 3, 7)), 3)
    );
}

#[test]
fn the_observation_window_ends_on_a_working_day() {
    let cal = HolidayCalendar::default();
    let rules = ClockRules::default();
    // Notice on Thursday 26 March 2026: the tenth day is Easter Sunday 5 April, then Easter Monday;
    // observations are timely through Tuesday 7 April.
    assert_eq!(
        observation_last_day(d(2026, 3, 26), &rules, &cal),
        d(2026, 4, 7)
    );
    let no_shift = ClockRules {
        shift_holidays: false,
        ..ClockRules::default()
    };
    assert_eq!(
        observation_last_day(d(2026, 3, 26), &no_shift, &cal),
        d(2026, 4, 5)
    );
    // Observations sent on Easter Tuesday are timely: the clock restarts ten days later.
    let late_but_timely = notice(d(2026, 3, 26), Some(d(2026, 4, 7)));
    let view = evaluate(
        d(2026, 3, 1),
        &rules,
        &[late_but_timely],
        &cal,
        d(2026, 4, 20),
        None,
    );
    assert_eq!(view.suspensions[0].until, Some(d(2026, 4, 17)));
}

/// Art. 2 c.9-quinquies: received 2 March, 30-day term, 12 days suspended, decided 20 April: the
/// deadline was 13 April (1 April + 12), and 49 days minus 12 suspended were taken.
#[test]
fn a_late_decision_counts_the_days_taken_without_the_suspensions() {
    let rules = ClockRules {
        shift_holidays: false,
        ..ClockRules::default()
    };
    let received = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let integration = Suspension {
        kind: SuspensionKind::Integration,
        from: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        answered: Some(NaiveDate::from_ymd_opt(2026, 3, 22).unwrap()),
        ended: None,
        received: None,
    };
    let calendar = HolidayCalendar::default();
    let on = |d: u32| {
        let today = NaiveDate::from_ymd_opt(2026, 4, d).unwrap();
        let view = evaluate(received, &rules, &[integration], &calendar, today, None);
        late_decision(&view, today)
    };
    assert_eq!(on(13), None, "the last day is in time");
    assert_eq!(on(20), Some((30, 37)));
}

/// Art. 10-bis: ten days «dal ricevimento della comunicazione». Notice sent 2 March, received by
/// the citizen (portal `sent_at`, PEC receipt) on 6 March: the window ends 16 March, not 12 March,
/// and the clock restarts then.
#[test]
fn the_observation_window_counts_from_the_citizens_receipt() {
    let rules = ClockRules {
        shift_holidays: false,
        ..ClockRules::default()
    };
    let calendar = HolidayCalendar::default();
    let sent = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let received = Suspension {
        received: Some(NaiveDate::from_ymd_opt(2026, 3, 6).unwrap()),
        ..notice(sent, None)
    };
    let today = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
    let view = evaluate(
        sent - chrono::Days::new(10),
        &rules,
        &[received],
        &calendar,
        today,
        None,
    );
    assert_eq!(
        view.status, Suspended,
        "on 14 March the window is still open"
    );
    let later = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let view = evaluate(
        sent - chrono::Days::new(10),
        &rules,
        &[received],
        &calendar,
        later,
        None,
    );
    assert_eq!(
        view.suspensions[0].until,
        Some(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap())
    );
    let unknown = evaluate(
        sent - chrono::Days::new(10),
        &rules,
        &[notice(sent, None)],
        &calendar,
        later,
        None,
    );
    assert_eq!(
        unknown.suspensions[0].until,
        Some(NaiveDate::from_ymd_opt(2026, 3, 12).unwrap())
    );
}
