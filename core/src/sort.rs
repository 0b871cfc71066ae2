//! Stable sorting by key through one compiled sort.
//!
//! Every `sort_by_key` call site compiles its own copy of the standard library's stable sort
//! (2-3 KB of WebAssembly each). [`sort_by_key`] sorts (key, position) pairs instead, all of
//! one type, so the sort itself is compiled once; the position breaks ties, which gives exactly
//! the order of a stable sort.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// A sort key: compared as a pair, first number first.
pub(crate) type Key = (i64, u32);

/// The key of a day: days are in calendar order.
pub(crate) fn day(d: NaiveDate) -> Key {
    (i64::from(d.num_days_from_ce()), 0)
}

/// The key of a date and time: in the order of `NaiveDateTime`'s own `Ord`, to the nanosecond
/// (a leap second's nanoseconds, 1e9 and more, stay after the second before).
pub(crate) fn time(t: NaiveDateTime) -> Key {
    let seconds = i64::from(t.date().num_days_from_ce()) * 86_400 + i64::from(t.num_seconds_from_midnight());
    (seconds, t.nanosecond())
}

/// The key of a small number (an enum's position, an index).
pub(crate) fn rank(n: usize) -> Key {
    (n as i64, 0)
}

/// Sorts `items` by `key`, keeping equal keys in their order: the same result as
/// `items.sort_by_key(key)`.
pub(crate) fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> Key) {
    let mut order = sorted_positions(items.iter().map(key).zip(0..).collect());
    // `order[j]` is where the item that belongs at `j` is now: apply it cycle by cycle.
    for start in 0..order.len() {
        let mut j = start;
        loop {
            let from = order[j];
            order[j] = j;
            if from == start {
                break;
            }
            items.swap(j, from);
            j = from;
        }
    }
}

/// The positions in key order; the position breaks ties.
fn sorted_positions(mut keyed: Vec<(Key, usize)>) -> Vec<usize> {
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        // Deterministic pseudo-random keys with many ties, each item tagged with its position.
        let mut seed = 12345u64;
        for len in [0usize, 1, 2, 3, 7, 20, 100, 257] {
            let items: Vec<(i64, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 9) as i64 - 4, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |x| (x.0, 0));
            let mut std = items;
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "length {len}");
        }
    }

    #[test]
    fn keys_follow_the_order_of_dates_and_times() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(day(d("0001-01-01")) < day(d("2024-02-29")) && day(d("2024-02-29")) < day(d("2024-03-01")));
        assert!(day(d("-0100-12-31")) < day(d("0001-01-01")));
        let t = |s: &str| s.parse::<NaiveDateTime>().unwrap();
        let times = [
            t("1969-12-31T23:59:59.999999999"),
            t("2024-05-01T09:00:00"),
            t("2024-05-01T09:00:00.000000001"),
            t("2024-05-01T09:00:01"),
            t("2024-05-02T00:00:00"),
        ];
        for w in times.windows(2) {
            assert!(w[0] < w[1] && time(w[0]) < time(w[1]), "{} {}", w[0], w[1]);
        }
        let leap =
            NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        assert!(time(t("2016-12-31T23:59:59.9")) < time(leap) && time(leap) < time(t("2017-01-01T00:00:00")));
    }
}
