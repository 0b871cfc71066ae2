//! iCalendar (RFC 5545) for the phone's calendar: all-day events (visits, drug courses) with an
//! optional reminder, written with the format's rules: CRLF line ends, lines folded at 75
//! octets without splitting a UTF-8 character, TEXT values escaped. What the events say is the
//! app's to decide (`src/present/calendar.rs`); this module only writes them.
//!
//! Stable `UID`s (made by the caller from the record and the visit, not from the date) let a
//! calendar that imports a second export update its events instead of duplicating them; the
//! `SEQUENCE` is the export's time, so a later export wins.

use chrono::{NaiveDate, NaiveDateTime};

/// One all-day event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Unique and stable across exports (`visit-m6.<record>@watashi-no-karte`).
    pub uid: String,
    /// First day.
    pub start: NaiveDate,
    /// Days it lasts (at least 1).
    pub days: u32,
    /// The title.
    pub summary: String,
    /// Where, if anywhere.
    pub location: Option<String>,
    /// Details (several lines allowed).
    pub description: String,
    /// A reminder: this many days before, at `alarm_hour` o'clock (`None`: no reminder).
    pub alarm_days_before: Option<u32>,
}

/// The hour of the reminder on its day (9:00, local time of the phone).
pub const ALARM_HOUR: u32 = 9;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets (§3.1), never inside a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar: `name` is the calendar's name (`X-WR-CALNAME`), `stamp` the export's time (UTC).
pub fn write(name: &str, events: &[Event], stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    let stamp_s = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    // A later export of the same event replaces the earlier one.
    let sequence = stamp.and_utc().timestamp().max(0) / 60;
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Watashi no Karte//Care path calendar//JA", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp_s}"));
        line(&mut out, &format!("SEQUENCE:{sequence}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.start)));
        let end = e.start + chrono::Days::new(u64::from(e.days.max(1)));
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", ymd(end)));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if let Some(l) = &e.location {
            line(&mut out, &format!("LOCATION:{}", escape(l)));
        }
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line(&mut out, "TRANSP:TRANSPARENT");
        if let Some(days) = e.alarm_days_before {
            // Relative to the start of the day: `days` days before, at ALARM_HOUR.
            let hours_before = i64::from(days) * 24 - i64::from(ALARM_HOUR);
            let trigger = if hours_before >= 0 { format!("-PT{hours_before}H") } else { format!("PT{}H", -hours_before) };
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.summary)));
            line(&mut out, &format!("TRIGGER:{trigger}"));
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("date")
    }

    #[test]
    fn events_are_written_by_the_rules_of_the_format() {
        let e = Event {
            uid: "visit-m6.abc@watashi-no-karte".into(),
            start: d(2027, 5, 1),
            days: 1,
            summary: "受診: みほん内科クリニック; CT, 血液検査".into(),
            location: Some("みほん内科クリニック".into()),
            description: format!("{}\n電話 03-0000-2001", "診察（お話を聞き、体を診ます）・".repeat(6)),
            alarm_days_before: Some(1),
        };
        let ics = write("私のカルテ", &[e.clone(), Event { alarm_days_before: None, uid: "b".into(), ..e }], d(2026, 11, 29).and_hms_opt(6, 0, 0).expect("t"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "folded: {l}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:受診: みほん内科クリニック\\; CT\\, 血液検査\r\n"));
        assert!(unfolded.contains("DESCRIPTION:診察"));
        assert!(unfolded.contains("\\n電話 03-0000-2001\r\n"));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270502\r\n"));
        assert_eq!(unfolded.matches("BEGIN:VALARM").count(), 1, "one event asked for a reminder");
        assert!(unfolded.contains("TRIGGER:-PT15H\r\n"), "the day before at 9:00");
        assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn a_reminder_on_the_day_is_after_midnight() {
        let e = Event { uid: "u".into(), start: d(2027, 1, 1), days: 14, summary: "s".into(), location: None, description: String::new(), alarm_days_before: Some(0) };
        let ics = write("x", &[e], d(2026, 1, 1).and_hms_opt(0, 0, 0).expect("t"));
        assert!(ics.contains("TRIGGER:PT9H\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20270115\r\n"));
    }
}
