//! Dates as the patient reads them: one function per form, every word from the locale files
//! (`2026年12月3日（木）` / `Thu 3 Dec 2026`).

use chrono::{Datelike, NaiveDate, Weekday};
use karte_core::i18n::{self, Locale, K};

fn weekday(w: Weekday) -> K {
    match w {
        Weekday::Mon => K::rec_date_wd_mon,
        Weekday::Tue => K::rec_date_wd_tue,
        Weekday::Wed => K::rec_date_wd_wed,
        Weekday::Thu => K::rec_date_wd_thu,
        Weekday::Fri => K::rec_date_wd_fri,
        Weekday::Sat => K::rec_date_wd_sat,
        Weekday::Sun => K::rec_date_wd_sun,
    }
}

const MONTHS: [K; 12] = [
    K::rec_date_mon_m1,
    K::rec_date_mon_m2,
    K::rec_date_mon_m3,
    K::rec_date_mon_m4,
    K::rec_date_mon_m5,
    K::rec_date_mon_m6,
    K::rec_date_mon_m7,
    K::rec_date_mon_m8,
    K::rec_date_mon_m9,
    K::rec_date_mon_m10,
    K::rec_date_mon_m11,
    K::rec_date_mon_m12,
];

fn fill(locale: Locale, key: K, d: NaiveDate) -> String {
    let (y, m, day) = (d.year().to_string(), d.month().to_string(), d.day().to_string());
    let mon = MONTHS.get(d.month0() as usize).map_or("", |k| i18n::text(locale, *k));
    let wd = i18n::text(locale, weekday(d.weekday()));
    i18n::format(locale, key, &[("y", &y), ("m", &m), ("d", &day), ("mon", mon), ("wd", wd)])
}

/// The full date with the weekday, for appointments.
pub fn long(locale: Locale, d: NaiveDate) -> String {
    fill(locale, K::rec_date_long, d)
}

/// The date without the weekday, for lists and tables.
pub fn plain(locale: Locale, d: NaiveDate) -> String {
    fill(locale, K::rec_date_plain, d)
}

/// Day and month only (chart labels).
pub fn short(locale: Locale, d: NaiveDate) -> String {
    fill(locale, K::rec_date_short, d)
}

/// How far a day is from today: today, tomorrow, in N days, N days ago.
pub fn relative(locale: Locale, today: NaiveDate, d: NaiveDate) -> String {
    let n = (d - today).num_days();
    match n {
        0 => i18n::text(locale, K::rec_date_today).to_string(),
        1 => i18n::text(locale, K::rec_date_tomorrow).to_string(),
        n if n > 1 => i18n::format(locale, K::rec_date_in_days, &[("n", &n.to_string())]),
        n => i18n::format(locale, K::rec_date_days_ago, &[("n", &(-n).to_string())]),
    }
}

/// A range of two dates.
pub fn range(locale: Locale, from: NaiveDate, to: NaiveDate) -> String {
    let (a, b) = (plain(locale, from), plain(locale, to));
    i18n::format(locale, K::rec_date_range, &[("from", &a), ("to", &b)])
}

/// Age in whole years on `today`.
pub fn age(born: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(born).unwrap_or(0)
}

/// The value of an `<input type=date>` (`YYYY-MM-DD`).
pub fn input_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses the value of an `<input type=date>`; `None` when empty or malformed.
pub fn parse_input(s: &str) -> Option<NaiveDate> {
    // By hand: chrono's parser would bring its whole format machinery into the app shell.
    let mut parts = s.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn english_dates_read_naturally() {
        assert_eq!(long(Locale::En, d(2026, 12, 3)), "Thu 3 Dec 2026");
        assert_eq!(plain(Locale::En, d(2025, 6, 15)), "15 Jun 2025");
        assert_eq!(short(Locale::En, d(2025, 6, 15)), "15 Jun");
        assert_eq!(range(Locale::En, d(2025, 1, 2), d(2025, 1, 9)), "2 Jan 2025 to 9 Jan 2025");
    }

    #[test]
    fn japanese_dates_use_the_locale_pattern() {
        // The Japanese text itself is checked in tests/record_present.rs (no Japanese in src/).
        let s = long(Locale::Ja, d(2026, 12, 3));
        assert!(s.starts_with("2026") && s.contains("12") && s.contains('3'));
        assert!(s.contains(i18n::text(Locale::Ja, K::rec_date_wd_thu)));
        assert!(!s.contains('{'));
    }

    #[test]
    fn relative_days() {
        let today = d(2025, 6, 15);
        assert_eq!(relative(Locale::En, today, today), "today");
        assert_eq!(relative(Locale::En, today, d(2025, 6, 16)), "tomorrow");
        assert_eq!(relative(Locale::En, today, d(2025, 7, 1)), "in 16 days");
        assert_eq!(relative(Locale::En, today, d(2025, 6, 10)), "5 days ago");
    }

    #[test]
    fn ages_and_inputs() {
        assert_eq!(age(d(1957, 4, 12), d(2025, 4, 11)), 67);
        assert_eq!(age(d(1957, 4, 12), d(2025, 4, 12)), 68);
        assert_eq!(parse_input(&input_value(d(2024, 2, 29))), Some(d(2024, 2, 29)));
        assert_eq!(parse_input("2024-02-30"), None);
        assert_eq!(parse_input(" 2024-2-9 "), Some(d(2024, 2, 9)));
        for bad in ["", "2024-02", "2024-02-01-1", "24-02-01", "2024-+2-01", "2024-02-0x", "\u{FF12}\u{FF10}24-02-01"] {
            assert_eq!(parse_input(bad), None, "{bad}");
        }
        assert_eq!(parse_input(""), None);
    }
}
