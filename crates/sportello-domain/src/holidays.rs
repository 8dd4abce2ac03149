//! Which days count as working days for a Comune (DOMAIN.md §2): Sundays, the Italian national
//! holidays and the patron saint's day of the Comune are not; Saturdays are, unless the Comune's
//! offices say otherwise (`saturday_is_holiday`).
//!
//! National holidays: 1 January, 6 January, Easter Sunday and Monday, 25 April, 1 May, 2 June,
//! 15 August, 1 November, 8 December, 25 and 26 December, and 4 October (San Francesco d'Assisi),
//! which is a national holiday again from 2026 on.

use chrono::{Datelike, NaiveDate, Weekday};

/// Fixed-date national holidays as (month, day), valid for every year.
const FIXED_HOLIDAYS: [(u32, u32); 10] = [
    (1, 1),   // Capodanno
    (1, 6),   // Epifania
    (4, 25),  // Festa della Liberazione
    (5, 1),   // Festa del Lavoro
    (6, 2),   // Festa della Repubblica
    (8, 15),  // Ferragosto
    (11, 1),  // Ognissanti
    (12, 8),  // Immacolata Concezione
    (12, 25), // Natale
    (12, 26), // Santo Stefano
];

/// San Francesco d'Assisi (4 October), a national holiday from this year on.
const SAN_FRANCESCO: (u32, u32) = (10, 4);
const SAN_FRANCESCO_FROM_YEAR: i32 = 2026;

/// Italian public holidays plus the Comune's patron saint's day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    /// The patron saint's day as (month, day); `None` when the Comune has none configured.
    pub patron: Option<(u32, u32)>,
    /// Whether the offices are closed on Saturdays, so a term falling on one moves on.
    pub saturday_is_holiday: bool,
}

impl HolidayCalendar {
    /// National holidays and the patron saint's day. Sundays are not holidays here: see
    /// [`HolidayCalendar::is_working_day`].
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        let month_day = (date.month(), date.day());
        FIXED_HOLIDAYS.contains(&month_day)
            || (month_day == SAN_FRANCESCO && date.year() >= SAN_FRANCESCO_FROM_YEAR)
            || self.patron == Some(month_day)
            || is_easter_holiday(date)
    }

    /// Not a Sunday, not a holiday, and not a Saturday when Saturdays are closed.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match date.weekday() {
            Weekday::Sun => false,
            Weekday::Sat if self.saturday_is_holiday => false,
            _ => !self.is_holiday(date),
        }
    }

    /// The first working day on or after `date` (`date` itself when it is one).
    ///
    /// # Panics
    /// Only at the very end of chrono's date range.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = day.succ_opt().expect("date within chrono's range");
        }
        day
    }
}

/// Easter Sunday and Easter Monday.
fn is_easter_holiday(date: NaiveDate) -> bool {
    let easter = easter_sunday(date.year());
    date == easter || date.pred_opt() == Some(easter)
}

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian computus, Meeus/Jones/Butcher).
///
/// # Panics
/// Only for years outside chrono's date range.
// The computus keeps its published single-letter names, so it can be checked against the source.
#[allow(clippy::many_single_char_names)]
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The computus always yields a day between 22 March and 25 April.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter falls in March or April")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn national() -> HolidayCalendar {
        HolidayCalendar::default()
    }

    #[test]
    fn easter_matches_known_years() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2000), date(2000, 4, 23));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(2285), date(2285, 3, 22));
    }

    #[test]
    fn national_holidays_of_2026() {
        let holidays = [
            (1, 1),
            (1, 6),
            (4, 5),
            (4, 6),
            (4, 25),
            (5, 1),
            (6, 2),
            (8, 15),
            (10, 4),
            (11, 1),
            (12, 8),
            (12, 25),
            (12, 26),
        ];
        for (m, d) in holidays {
            assert!(
                national().is_holiday(date(2026, m, d)),
                "{m}/{d} is a holiday"
            );
        }
        for (m, d) in [
            (1, 2),
            (4, 7),
            (6, 29),
            (8, 14),
            (12, 7),
            (12, 24),
            (12, 31),
        ] {
            assert!(
                !national().is_holiday(date(2026, m, d)),
                "{m}/{d} is not a holiday"
            );
        }
    }

    #[test]
    fn easter_monday_moves_with_easter() {
        assert!(national().is_holiday(date(2025, 4, 21)));
        assert!(!national().is_holiday(date(2025, 4, 6)));
        assert!(national().is_holiday(date(2027, 3, 29)));
    }

    #[test]
    fn san_francesco_is_a_holiday_only_from_2026() {
        assert!(!national().is_holiday(date(2025, 10, 4)));
        assert!(national().is_holiday(date(2026, 10, 4)));
        assert!(national().is_holiday(date(2030, 10, 4)));
    }

    #[test]
    fn patron_day_is_a_holiday_only_where_configured() {
        let milano = HolidayCalendar {
            patron: Some((12, 7)),
            ..Default::default()
        };
        assert!(milano.is_holiday(date(2026, 12, 7)));
        assert!(!milano.is_working_day(date(2026, 12, 7)));
        assert!(!national().is_holiday(date(2026, 12, 7)));
        assert!(national().is_working_day(date(2026, 12, 7)));
    }

    #[test]
    fn sundays_are_not_holidays_but_not_working_days() {
        let sunday = date(2026, 3, 8);
        assert!(!national().is_holiday(sunday));
        assert!(!national().is_working_day(sunday));
    }

    #[test]
    fn saturdays_work_unless_the_offices_close() {
        let saturday = date(2026, 3, 14);
        assert!(national().is_working_day(saturday));
        let closed = HolidayCalendar {
            saturday_is_holiday: true,
            ..Default::default()
        };
        assert!(!closed.is_working_day(saturday));
    }

    #[test]
    fn next_working_day_is_the_day_itself_when_working() {
        assert_eq!(
            national().next_working_day(date(2026, 4, 7)),
            date(2026, 4, 7)
        );
    }

    #[test]
    fn next_working_day_skips_a_holiday_and_sunday_chain() {
        // Sat 25 Dec (Natale) → Sun 26 Dec (Santo Stefano) → Mon 27 Dec 2027.
        assert_eq!(
            national().next_working_day(date(2027, 12, 25)),
            date(2027, 12, 27)
        );
        // Easter Sunday and Monday 2026.
        assert_eq!(
            national().next_working_day(date(2026, 4, 5)),
            date(2026, 4, 7)
        );
    }

    #[test]
    fn next_working_day_skips_closed_saturdays() {
        // Fri 1 May 2026.
        assert_eq!(
            national().next_working_day(date(2026, 5, 1)),
            date(2026, 5, 2)
        );
        let closed = HolidayCalendar {
            saturday_is_holiday: true,
            ..Default::default()
        };
        assert_eq!(closed.next_working_day(date(2026, 5, 1)), date(2026, 5, 4));
    }

    #[test]
    fn next_working_day_skips_the_patron_day() {
        // Roma: Santi Pietro e Paolo, Mon 29 June 2026.
        let roma = HolidayCalendar {
            patron: Some((6, 29)),
            ..Default::default()
        };
        assert_eq!(roma.next_working_day(date(2026, 6, 28)), date(2026, 6, 30));
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..5000) {
            let easter = easter_sunday(year);
            prop_assert_eq!(easter.weekday(), Weekday::Sun);
            prop_assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25));
        }
    }
}
