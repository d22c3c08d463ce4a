//! Civil dates as day numbers, and Peru's business-day calendar for the complaint book.
//!
//! Days are counted from 1970-01-01 (day 0), like Arrow's `Date32`. The holiday list follows
//! Decreto Legislativo 713 and its amendments, as listed in the project's domain notes (see
//! `docs/data.md`): 7 June and 6 and 9 December from 2022, 23 July from 2023.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub const fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day number.
pub const fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub const fn weekday(days: i32) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

/// Milliseconds in a day.
pub const MS_PER_DAY: i64 = 86_400_000;

/// The day number of a millisecond timestamp.
pub const fn day_of_ms(ms: i64) -> i32 {
    ms.div_euclid(MS_PER_DAY) as i32
}

/// Month index `year * 12 + (month - 1)` of a day number: consecutive months differ by one.
pub const fn month_index(days: i32) -> i32 {
    let (y, m, _) = civil_from_days(days);
    y * 12 + m as i32 - 1
}

/// `"YYYY-MM"` label of a month index.
pub fn month_label(month_index: i32) -> String {
    format!(
        "{:04}-{:02}",
        month_index.div_euclid(12),
        month_index.rem_euclid(12) + 1
    )
}

/// `"YYYY-MM-DD"` label of a day number.
pub fn day_label(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time step of a series: one point per day, ISO week or calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// All steps, finest first.
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// The step that suits a range of `days` days: days up to two months, weeks up to nine
    /// months, months beyond (a chart keeps between ~9 and ~60 points).
    pub fn auto(days: i64) -> Granularity {
        if days <= 62 {
            Granularity::Day
        } else if days <= 270 {
            Granularity::Week
        } else {
            Granularity::Month
        }
    }

    /// First day of the step that holds `day`.
    pub const fn start(self, day: i32) -> i32 {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - weekday(day) as i32,
            Granularity::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// First day of the step after the one starting on `start`.
    pub const fn next(self, start: i32) -> i32 {
        match self {
            Granularity::Day => start + 1,
            Granularity::Week => start + 7,
            Granularity::Month => {
                let (y, m, _) = civil_from_days(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
        }
    }

    /// Label of the step starting on `start`: `YYYY-MM-DD` (days, and weeks by their Monday) or
    /// `YYYY-MM` (months).
    pub fn label(self, start: i32) -> String {
        match self {
            Granularity::Month => month_label(month_index(start)),
            _ => day_label(start),
        }
    }

    /// The URL and API key: `dia`, `semana`, `mes`.
    pub fn key(self) -> &'static str {
        match self {
            Granularity::Day => "dia",
            Granularity::Week => "semana",
            Granularity::Month => "mes",
        }
    }

    /// The step named by [`Granularity::key`].
    pub fn from_key(key: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// Easter Sunday of `year` (anonymous Gregorian algorithm), as a day number.
pub const fn easter_sunday(year: i32) -> i32 {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
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
    days_from_civil(year, month as u32, day as u32)
}

/// Whether a day is a national public holiday in Peru.
pub fn is_peru_holiday(days: i32) -> bool {
    let (year, month, day) = civil_from_days(days);
    let easter = easter_sunday(year);
    if days == easter - 3 || days == easter - 2 {
        return true; // Jueves y Viernes Santo
    }
    matches!(
        (month, day),
        (1, 1)
            | (5, 1)
            | (6, 29)
            | (7, 28)
            | (7, 29)
            | (8, 30)
            | (10, 8)
            | (11, 1)
            | (12, 8)
            | (12, 25)
    ) || (year >= 2022 && matches!((month, day), (6, 7) | (8, 6) | (12, 9)))
        || (year >= 2023 && (month, day) == (7, 23))
}

/// Whether a day is a business day: Monday to Friday and not a public holiday.
pub fn is_business_day(days: i32) -> bool {
    weekday(days) < 5 && !is_peru_holiday(days)
}

/// The day `n` business days after `days` (the filing day itself is not counted).
pub fn add_business_days(days: i32, n: u32) -> i32 {
    let mut d = days;
    let mut left = n;
    while left > 0 {
        d += 1;
        if is_business_day(d) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_a_wide_range() {
        for d in -800_000..800_000 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 10, 31), 20_757);
    }

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(weekday(days_from_civil(1970, 1, 1)), 3); // Thursday
        assert_eq!(weekday(days_from_civil(2026, 11, 28)), 5); // Saturday
    }

    #[test]
    fn easter_of_known_years() {
        assert_eq!(easter_sunday(2024), days_from_civil(2024, 3, 31));
        assert_eq!(easter_sunday(2025), days_from_civil(2025, 4, 20));
        assert_eq!(easter_sunday(2026), days_from_civil(2026, 4, 5));
    }

    #[test]
    fn holidays_follow_the_year_they_were_created() {
        assert!(is_peru_holiday(days_from_civil(2025, 4, 17)));
        assert!(is_peru_holiday(days_from_civil(2025, 4, 18)));
        assert!(is_peru_holiday(days_from_civil(2024, 7, 29)));
        assert!(is_peru_holiday(days_from_civil(2023, 7, 23)));
        assert!(!is_peru_holiday(days_from_civil(2022, 7, 23)));
        assert!(is_peru_holiday(days_from_civil(2022, 12, 9)));
        assert!(!is_peru_holiday(days_from_civil(2021, 12, 9)));
        assert!(!is_peru_holiday(days_from_civil(2025, 7, 30)));
    }

    #[test]
    fn fifteen_business_days_skip_weekends_and_holidays() {
        // Filed Monday 2025-07-21: 22, 23 (holiday), 24, 25, 28 (h), 29 (h), 30, 31, 1 Aug, 4, 5,
        // 6 (h), 7, 8, 11, 12, 13, 14, 15 → the 15th business day is Friday 2025-08-15.
        let filed = days_from_civil(2025, 7, 21);
        assert_eq!(add_business_days(filed, 15), days_from_civil(2025, 8, 15));
        // Filed on a Saturday: counting starts on Monday.
        let sat = days_from_civil(2026, 3, 7);
        assert_eq!(add_business_days(sat, 1), days_from_civil(2026, 3, 9));
    }

    #[test]
    fn month_index_and_label() {
        let d = days_from_civil(2025, 12, 31);
        assert_eq!(month_label(month_index(d)), "2025-12");
        assert_eq!(month_index(d) + 1, month_index(d + 1));
        assert_eq!(day_of_ms(-1), -1);
    }
}

#[cfg(test)]
mod granularity_tests {
    use super::*;

    #[test]
    fn steps_start_on_their_first_day_and_follow_each_other() {
        let d = days_from_civil(2025, 8, 20); // a Wednesday
        assert_eq!(Granularity::Week.start(d), days_from_civil(2025, 8, 18));
        assert_eq!(Granularity::Month.start(d), days_from_civil(2025, 8, 1));
        assert_eq!(
            Granularity::Month.next(days_from_civil(2025, 12, 1)),
            days_from_civil(2026, 1, 1)
        );
        assert_eq!(
            Granularity::Week.label(days_from_civil(2025, 8, 18)),
            "2025-08-18"
        );
        assert_eq!(Granularity::Month.label(d), "2025-08");
        assert_eq!(Granularity::auto(7), Granularity::Day);
        assert_eq!(Granularity::auto(90), Granularity::Week);
        assert_eq!(Granularity::auto(700), Granularity::Month);
    }
}
