//! What the patient is told when the record's chain does not verify (`share::chain::verify`):
//! for each break, the entry it concerns (its kind in words, its author, its date) and what
//! happened to it. Breaks that follow from an earlier one (every later signature's basis fails
//! once an entry was altered) are counted, not listed. Plain functions, tested natively.

use karte_core::i18n::{self, Locale, K};
use karte_core::record::{Entry, EntryId};
use karte_core::share::{ChainProblem, ChainReport};

use super::sharing;

/// What happened to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    /// Changed after it was signed.
    Altered,
    /// Its signature cannot be checked (unknown algorithm, malformed key).
    Uncheckable,
    /// A signed entry before it was deleted.
    Removed,
    /// It was moved from its place.
    Moved,
    /// Entries before it were changed after it was signed.
    EarlierChanged,
}

impl Break {
    /// The sentence's key (its `{entry}` placeholder names the entry).
    pub fn key(self) -> K {
        match self {
            Break::Altered => K::chain_altered,
            Break::Uncheckable => K::chain_uncheckable,
            Break::Removed => K::chain_removed,
            Break::Moved => K::chain_moved,
            Break::EarlierChanged => K::chain_earlier,
        }
    }
}

/// One break, with the entry of the record it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Concern {
    /// What happened.
    pub what: Break,
    /// The entry (still in the record) it concerns.
    pub entry: Entry,
}

/// The notice: the breaks to list, and how many later signed entries fail only because of them.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainNotice {
    /// The breaks, in log order.
    pub concerns: Vec<Concern>,
    /// Later signed entries whose basis fails because of a break listed before them.
    pub also: usize,
}

/// The entry a problem concerns (present in the record) and what happened to it.
fn concern(p: &ChainProblem) -> (&EntryId, Break) {
    match p {
        ChainProblem::Altered(e) => (e, Break::Altered),
        ChainProblem::Uncheckable(e) => (e, Break::Uncheckable),
        ChainProblem::Removed { entry, .. } => (entry, Break::Removed),
        ChainProblem::Moved { moved, .. } => (moved, Break::Moved),
        ChainProblem::EarlierChanged { entry, .. } => (entry, Break::EarlierChanged),
    }
}

/// What to tell the patient about `report` on `entries`; `None` when the chain is intact.
pub fn notice(entries: &[Entry], report: &ChainReport) -> Option<ChainNotice> {
    let mut out = ChainNotice { concerns: Vec::new(), also: 0 };
    for p in &report.problems {
        let (id, what) = concern(p);
        // Once something is listed, a later basis failing is its consequence.
        if what == Break::EarlierChanged && !out.concerns.is_empty() {
            out.also += 1;
            continue;
        }
        match entries.iter().find(|e| &e.id == id) {
            Some(entry) if !out.concerns.iter().any(|c| c.entry.id == *id && c.what == what) => {
                out.concerns.push(Concern { what, entry: entry.clone() })
            }
            Some(_) => {}
            // Every problem names an entry of the log it was found in; another log is a bug.
            None => out.also += 1,
        }
    }
    (!out.concerns.is_empty() || out.also > 0).then_some(out)
}

/// The entry a break concerns, in words.
pub fn entry_words(locale: Locale, e: &Entry) -> String {
    sharing::entry_words(locale, e.body.kind(), &e.author, e.at)
}

/// The notice's lines: one per break, then how many more entries it affects.
pub fn lines(locale: Locale, n: &ChainNotice) -> Vec<String> {
    let mut out: Vec<String> =
        n.concerns.iter().map(|c| i18n::format(locale, c.what.key(), &[("entry", &entry_words(locale, &c.entry))])).collect();
    if n.also > 0 {
        out.push(i18n::format(locale, K::chain_more, &[("n", &n.also.to_string())]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime};
    use karte_core::pathway::Place;
    use karte_core::record::{Author, EntryBody, Memo, PartnerRole, VisitRecord};
    use karte_core::share::{chain, ProviderKeys};

    const CLINIC: &str = "Mihon Clinic";

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 6, day).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("time")
    }

    fn visit(day: u32) -> EntryBody {
        EntryBody::Visit(VisitRecord {
            planned_visit: None,
            visit_date: at(day).date(),
            report_date: None,
            place: Place::Clinic,
            institution: CLINIC.into(),
            doctor: None,
            next_planned_date: None,
            next_place: None,
            plan_changed: false,
            changed_items: Default::default(),
            details: "no change".into(),
            remarks: String::new(),
            attachments: false,
            checklist: Vec::new(),
        })
    }

    /// memo, signed visit (v1), memo, signed visit (v2), memo, signed visit (v3): each visit
    /// signed over the log before it, as an answer to a share is.
    fn signed_log() -> Vec<Entry> {
        let keys = ProviderKeys::from_entropy(&[7; 64]);
        let clinic = Author::Institution { name: CLINIC.into(), role: PartnerRole::PartnerClinic };
        let mut log: Vec<Entry> = Vec::new();
        for day in 1..=3u32 {
            let memo = EntryBody::Memo(Memo { text: format!("memo {day}") });
            log.push(Entry::new(EntryId(format!("m{day}")), Author::Patient, at(day), memo));
            let basis = chain::basis(&log);
            log.push(chain::sign(Entry::new(EntryId(format!("v{day}")), clinic.clone(), at(day + 10), visit(day + 10)), &basis, &chain::subject(&[7; 32], &[9; 16]), &keys));
        }
        log
    }

    fn told(log: &[Entry]) -> Option<Vec<String>> {
        notice(log, &chain::verify(log)).map(|n| lines(Locale::En, &n))
    }

    fn index(log: &[Entry], id: &str) -> usize {
        log.iter().position(|e| e.id.0 == id).expect("entry")
    }

    #[test]
    fn an_intact_record_says_nothing() {
        assert_eq!(told(&signed_log()), None);
        assert_eq!(told(&[]), None);
    }

    #[test]
    fn an_altered_entry_is_named_with_its_kind_author_and_date() {
        let mut log = signed_log();
        let i = index(&log, "v1");
        if let EntryBody::Visit(v) = &mut log[i].body {
            v.details = "altered".into();
        }
        assert_eq!(
            told(&log),
            Some(vec![
                "“Visit record” by Mihon Clinic, 11 Jun 2025: changed after it was signed.".to_string(),
                "Later signed entries that cannot be checked because of this change: 2.".to_string(),
            ])
        );
    }

    #[test]
    fn a_removed_entry_is_told_at_the_entry_after_it() {
        let mut log = signed_log();
        log.remove(index(&log, "v2"));
        let lines = told(&log).expect("notice");
        assert_eq!(lines[0], "“Visit record” by Mihon Clinic, 13 Jun 2025: a signed entry before it has been deleted.");
        assert_eq!(lines.len(), 1, "{lines:?}");
    }

    #[test]
    fn a_moved_entry_is_named() {
        let mut log = signed_log();
        let (a, b) = (index(&log, "v1"), index(&log, "v2"));
        log.swap(a, b);
        let lines = told(&log).expect("notice");
        assert_eq!(lines[0], "“Visit record” by Mihon Clinic, 11 Jun 2025: moved from its place in the record.", "{lines:?}");
    }

    #[test]
    fn an_earlier_unsigned_change_is_told_at_the_first_signed_entry_after_it() {
        let mut log = signed_log();
        let i = index(&log, "m2");
        log[i].body = EntryBody::Memo(Memo { text: "rewritten".into() });
        assert_eq!(
            told(&log),
            Some(vec![
                "“Visit record” by Mihon Clinic, 12 Jun 2025: entries before it were changed after it was signed.".to_string(),
                "Later signed entries that cannot be checked because of this change: 1.".to_string(),
            ])
        );
    }

    #[test]
    fn an_uncheckable_signature_is_named() {
        let mut log = signed_log();
        let i = index(&log, "v3");
        if let Some(s) = &mut log[i].signature {
            s.key_id = "not a key".into();
        }
        assert_eq!(told(&log), Some(vec!["“Visit record” by Mihon Clinic, 13 Jun 2025: its signature cannot be checked.".to_string()]));
    }

    #[test]
    fn japanese_names_the_entry_in_japanese_order() {
        let mut log = signed_log();
        let i = index(&log, "v3");
        if let EntryBody::Visit(v) = &mut log[i].body {
            v.details = "altered".into();
        }
        let n = notice(&log, &chain::verify(&log)).expect("notice");
        let ja = lines(Locale::Ja, &n);
        assert_eq!(ja.len(), 1);
        assert_eq!(ja[0], i18n::format(Locale::Ja, K::chain_altered, &[("entry", &entry_words(Locale::Ja, &log[i]))]));
        assert!(ja[0].starts_with(i18n::text(Locale::Ja, K::sharing_entry_visit)), "{}", ja[0]);
    }
}
