//! Keeping the record alive on the phone: which install steps fit the patient's browser, how
//! often to remind of a backup (sooner when the browser may delete the data), what unlocking
//! an older copy tells the patient, and whether a paper backup belongs to the open record.
//! Plain functions of what `platform` reports; tested natively.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use karte_core::i18n::K;
use karte_core::record::Record;

/// Days between reminders when the record is safe (installed, persistent storage).
pub const SAFE_REMINDER_DAYS: i64 = 30;
/// Days between reminders at most when the browser may delete the data.
pub const AT_RISK_REMINDER_DAYS: i64 = 7;

/// The patient's browser, as far as installing the app goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// Safari on iPhone or iPad: 共有 -> ホーム画面に追加 (no install prompt; data of sites not
    /// added to the home screen is deleted after 7 days without use).
    IosSafari,
    /// Another browser on iPhone (Chrome, Firefox, LINE's…): best opened in Safari to add.
    IosOther,
    /// Chrome (or Edge, Samsung Internet) on Android: the install prompt.
    Android,
    /// Anything else (a computer): the browser's own menu.
    Other,
}

impl Browser {
    /// The browser of a `navigator.userAgent` (iPadOS presents itself as a Mac with touch:
    /// `touch` says whether the device has a touch screen).
    pub fn from_user_agent(ua: &str, touch: bool) -> Browser {
        let ios = ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") || (ua.contains("Macintosh") && touch);
        if ios {
            let other = ["CriOS", "FxiOS", "EdgiOS", "OPiOS", "Line/", "FBAN", "Instagram"].iter().any(|m| ua.contains(m));
            return if other || !ua.contains("Safari") { Browser::IosOther } else { Browser::IosSafari };
        }
        if ua.contains("Android") {
            return Browser::Android;
        }
        Browser::Other
    }
}

/// What the install guidance shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallGuide {
    /// Which browser the steps are for.
    pub browser: Browser,
    /// Whether the browser offered its install prompt (a button then does it).
    pub prompt: bool,
    /// The steps, in order.
    pub steps: Vec<K>,
}

/// The install guidance, or `None` when the app already runs installed.
pub fn install_guide(browser: Browser, installed: bool, prompt: bool) -> Option<InstallGuide> {
    if installed {
        return None;
    }
    let steps = match (browser, prompt) {
        (Browser::IosSafari, _) => vec![K::backup_install_ios_1, K::backup_install_ios_2, K::backup_install_ios_3],
        (Browser::IosOther, _) => vec![K::backup_install_ios_other, K::backup_install_ios_1, K::backup_install_ios_2, K::backup_install_ios_3],
        (_, true) => vec![K::backup_install_prompt_1, K::backup_install_prompt_2],
        (Browser::Android, false) => vec![K::backup_install_android_menu, K::backup_install_android_open],
        (Browser::Other, false) => vec![K::backup_install_other],
    };
    // Safari on iOS has no install prompt: whatever the page receives, the steps are the way.
    let prompt = prompt && !matches!(browser, Browser::IosSafari | Browser::IosOther);
    Some(InstallGuide { browser, prompt, steps })
}

/// Whether the browser may delete the record: not installed, or storage not known persistent.
pub fn at_risk(installed: bool, persisted: Option<bool>) -> bool {
    !installed || persisted != Some(true)
}

/// Why a backup reminder is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// No backup was ever made on this device.
    Never,
    /// At risk: the record changed since the last backup.
    Changed,
    /// At risk: a week has passed since the last backup.
    Week,
    /// Safe: a month has passed since the last backup.
    Month,
}

impl Reminder {
    /// What the banner says.
    pub fn text(self) -> K {
        match self {
            Reminder::Never => K::backup_remind_never,
            Reminder::Changed => K::backup_remind_changed,
            Reminder::Week => K::backup_remind_week,
            Reminder::Month => K::backup_remind_month,
        }
    }
}

/// The last backup made on this device: its day and how many entries the record had then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastBackup {
    /// The day it was made.
    pub day: NaiveDate,
    /// The record's entries then (`None` for a backup recorded before this was kept).
    pub entries: Option<usize>,
}

impl LastBackup {
    /// The stored form, `YYYY-MM-DD` or `YYYY-MM-DD/entries`.
    pub fn to_pref(self) -> String {
        match self.entries {
            Some(n) => format!("{}/{n}", self.day),
            None => self.day.to_string(),
        }
    }

    /// Reads the stored form (the older plain date too).
    pub fn from_pref(s: &str) -> Option<LastBackup> {
        let (day, entries) = match s.split_once('/') {
            Some((d, n)) => (d, Some(n.parse().ok()?)),
            None => (s, None),
        };
        Some(LastBackup { day: super::dates::parse_input(day)?, entries })
    }
}

/// Whether to remind the patient of a backup today, and why. At risk (see [`at_risk`]): after
/// every change of the record (an entry added since the last backup) and at most a week apart;
/// otherwise every 30 days.
pub fn backup_reminder(today: NaiveDate, last: Option<LastBackup>, entries_now: usize, at_risk: bool) -> Option<Reminder> {
    let Some(last) = last else { return Some(Reminder::Never) };
    let days = (today - last.day).num_days();
    if at_risk {
        if last.entries.is_none_or(|n| entries_now > n) {
            return Some(Reminder::Changed);
        }
        return (days >= AT_RISK_REMINDER_DAYS).then_some(Reminder::Week);
    }
    (days >= SAFE_REMINDER_DAYS).then_some(Reminder::Month)
}

/// The time to name for a copy opened instead of a damaged newer one: its latest entry's.
pub fn copy_time(record: &Record) -> Option<NaiveDateTime> {
    record.entries().iter().map(|e| e.at).max()
}

/// The copy's time as the message shows it (`2026-05-01 10:30`).
pub fn copy_time_text(t: Option<NaiveDateTime>) -> String {
    // By hand: chrono's `format` would bring its whole formatting machinery into the shell.
    t.map(|t| format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute()))
        .unwrap_or_else(|| "-".into())
}

/// Whether a restored record may replace the open one: the same record (its sharing key), or
/// the open one has none yet. A paper backup of another person's record is refused.
pub fn same_record(open: &Record, restored: &Record) -> bool {
    match (open.sharing.key.as_ref(), restored.sharing.key.as_ref()) {
        (Some(a), Some(b)) => a.public() == b.public(),
        (None, _) => true,
        (Some(_), None) => false,
    }
}

/// Where a restored record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreFrom {
    /// A backup file (`.karte.txt`).
    File,
    /// A paper backup read by the camera or a scanner.
    Paper,
}

/// What restoring does with the record open on the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restore {
    /// Nothing open, or the same record (an older or newer copy of it): replace.
    Replace,
    /// A backup file of another record: replace only after the patient confirms, both named.
    AskFirst,
    /// A paper backup of another record: refused (a sheet in the booklet may be anyone's).
    Refuse,
}

/// What restoring `restored` from `from` does over `open` (the record open, if any).
pub fn restore_over(open: Option<&Record>, restored: &Record, from: RestoreFrom) -> Restore {
    match (open, from) {
        (None, _) => Restore::Replace,
        (Some(o), _) if same_record(o, restored) => Restore::Replace,
        (Some(_), RestoreFrom::File) => Restore::AskFirst,
        (Some(_), RestoreFrom::Paper) => Restore::Refuse,
    }
}

/// A record as the confirmation names it: the patient's name (when the profile has one), the
/// number of entries and the time of the latest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordLabel {
    /// 氏名 of the current profile, if any and not blank.
    pub name: Option<String>,
    /// Entries in the record.
    pub entries: usize,
    /// The latest entry's time.
    pub latest: Option<NaiveDateTime>,
}

/// How to name `record` when asking before replacing it (or replacing with it).
pub fn record_label(record: &Record) -> RecordLabel {
    let name = record.view().profile.map(|p| p.value.name.trim().to_owned()).filter(|n| !n.is_empty());
    RecordLabel { name, entries: record.entries().len(), latest: copy_time(record) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPHONE_CHROME: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    const IPAD: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

    #[test]
    fn browsers_from_user_agents() {
        assert_eq!(Browser::from_user_agent(IPHONE, true), Browser::IosSafari);
        assert_eq!(Browser::from_user_agent(IPHONE_CHROME, true), Browser::IosOther);
        assert_eq!(Browser::from_user_agent(ANDROID, true), Browser::Android);
        assert_eq!(Browser::from_user_agent(IPAD, true), Browser::IosSafari);
        assert_eq!(Browser::from_user_agent(IPAD, false), Browser::Other);
    }

    #[test]
    fn guidance_fits_the_browser_and_goes_once_installed() {
        assert_eq!(install_guide(Browser::IosSafari, true, false), None);
        let ios = install_guide(Browser::IosSafari, false, false).unwrap();
        assert_eq!(ios.steps[1], K::backup_install_ios_2);
        assert!(!install_guide(Browser::IosSafari, false, true).unwrap().prompt, "no prompt button on iOS");
        assert_eq!(install_guide(Browser::IosOther, false, false).unwrap().steps[0], K::backup_install_ios_other);
        assert_eq!(install_guide(Browser::Android, false, true).unwrap().steps[0], K::backup_install_prompt_1);
        assert_eq!(install_guide(Browser::Android, false, false).unwrap().steps[0], K::backup_install_android_menu);
        assert_eq!(install_guide(Browser::Other, false, false).unwrap().steps, vec![K::backup_install_other]);
    }

    #[test]
    fn reminders_come_sooner_when_the_browser_may_delete_the_record() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let last = Some(LastBackup { day: d("2026-01-01"), entries: Some(10) });
        // Never: always.
        assert_eq!(backup_reminder(d("2026-01-01"), None, 0, false), Some(Reminder::Never));
        // At risk: a change, or a week.
        assert!(at_risk(false, Some(true)) && at_risk(true, Some(false)) && at_risk(true, None) && !at_risk(true, Some(true)));
        assert_eq!(backup_reminder(d("2026-01-02"), last, 10, true), None);
        assert_eq!(backup_reminder(d("2026-01-02"), last, 11, true), Some(Reminder::Changed));
        assert_eq!(backup_reminder(d("2026-01-07"), last, 10, true), None);
        assert_eq!(backup_reminder(d("2026-01-08"), last, 10, true), Some(Reminder::Week));
        // Safe: changes wait for the month.
        assert_eq!(backup_reminder(d("2026-01-08"), last, 40, false), None);
        assert_eq!(backup_reminder(d("2026-01-30"), last, 40, false), None);
        assert_eq!(backup_reminder(d("2026-01-31"), last, 40, false), Some(Reminder::Month));
        // A backup recorded before entries were counted counts as changed when at risk.
        let old = Some(LastBackup { day: d("2026-01-01"), entries: None });
        assert_eq!(backup_reminder(d("2026-01-02"), old, 10, true), Some(Reminder::Changed));
    }

    #[test]
    fn last_backup_round_trips_and_reads_the_old_form() {
        let l = LastBackup { day: "2026-03-04".parse().unwrap(), entries: Some(12) };
        assert_eq!(LastBackup::from_pref(&l.to_pref()), Some(l));
        assert_eq!(LastBackup::from_pref("2026-03-04"), Some(LastBackup { day: l.day, entries: None }));
        assert_eq!(LastBackup::from_pref("x"), None);
    }

    fn keyed(fill: u8) -> Record {
        let mut r = Record::new();
        r.sharing
            .ensure_key(&mut |b: &mut [u8]| -> Result<(), karte_core::vault::EntropyError> {
                b.fill(fill);
                Ok(())
            })
            .unwrap();
        r
    }

    #[test]
    fn a_file_backup_of_another_record_asks_first_paper_refuses_the_same_record_replaces() {
        let (a, b) = (keyed(1), keyed(2));
        let newer_a = {
            let mut n = a.clone();
            let at = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
            let id = n.next_entry_id("t");
            n.append(karte_core::record::Entry::new(id, karte_core::record::Author::Patient, at, karte_core::record::EntryBody::Memo(karte_core::record::Memo { text: "x".into() }))).unwrap();
            n
        };
        for from in [RestoreFrom::File, RestoreFrom::Paper] {
            assert_eq!(restore_over(None, &b, from), Restore::Replace, "nothing open: {from:?}");
            assert_eq!(restore_over(Some(&a), &newer_a, from), Restore::Replace, "the same record: {from:?}");
            assert_eq!(restore_over(Some(&Record::new()), &b, from), Restore::Replace, "a new record without a key: {from:?}");
        }
        assert_eq!(restore_over(Some(&a), &b, RestoreFrom::File), Restore::AskFirst);
        assert_eq!(restore_over(Some(&a), &b, RestoreFrom::Paper), Restore::Refuse);
        assert_eq!(restore_over(Some(&a), &Record::new(), RestoreFrom::File), Restore::AskFirst, "a record without a key over one with a key");
        let label = record_label(&newer_a);
        assert_eq!((label.name, label.entries, copy_time_text(label.latest)), (None, 1, "2026-05-01 09:00".to_string()));
        let demo = karte_core::demo::record_fixed(karte_core::vocab::CancerType::Stomach);
        let named = record_label(&demo);
        assert_eq!(named.name, demo.view().profile.map(|p| p.value.name));
        assert!(named.name.is_some() && named.entries == demo.entries().len());
    }

    #[test]
    fn a_paper_backup_of_another_record_is_not_the_same_record() {
        let mut rng = |b: &mut [u8]| -> Result<(), karte_core::vault::EntropyError> {
            for (i, x) in b.iter_mut().enumerate() {
                *x = i as u8;
            }
            Ok(())
        };
        let mut a = Record::new();
        a.sharing.ensure_key(&mut rng).unwrap();
        let mut other_rng = |b: &mut [u8]| -> Result<(), karte_core::vault::EntropyError> {
            b.fill(7);
            Ok(())
        };
        let mut b = Record::new();
        b.sharing.ensure_key(&mut other_rng).unwrap();
        assert!(same_record(&a, &a.clone()));
        assert!(!same_record(&a, &b));
        assert!(same_record(&Record::new(), &b));
        assert_eq!(copy_time_text(None), "-");
        let t = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(copy_time_text(Some(t)), "2026-05-01 09:05");
    }
}
