//! The お薬手帳 QR import screen: what a text read did (progress, what is missing, each
//! refusal its message), and the preview of a complete prescription. Plain functions over
//! `karte_core::jahis`, tested natively.

use chrono::NaiveDate;
use karte_core::i18n::{self, Locale, K};
use karte_core::jahis::{Assembler, Import, JahisError, Pushed};
use karte_core::record::RecordError;

use crate::labels;
use crate::present::text;
use crate::scan::Took;
use crate::state::AppendError;

/// The locale key of a refusal, and its placeholder when it has one.
pub fn refusal(e: &JahisError) -> (K, Option<(&'static str, String)>) {
    match e {
        JahisError::NotJahis => (K::jahis_err_not, None),
        JahisError::UnsupportedVersion(_) => (K::jahis_err_version, None),
        JahisError::BadRecord { line } => (K::jahis_err_bad, Some(("line", line.to_string()))),
        JahisError::TooLarge => (K::jahis_err_bad, Some(("line", "1".into()))),
        JahisError::MixedPrescriptions => (K::jahis_err_mixed, None),
        JahisError::MissingParts { .. } => (K::jahis_missing, None),
        JahisError::NoDrugs => (K::jahis_err_none, None),
    }
}

/// What one text read does to the set being read: the scanner's progress or refusal, and the
/// import when it completed.
pub fn take(asm: &mut Assembler, text: &str) -> (Took, Option<Import>) {
    match asm.push(text) {
        Ok(Pushed::Part { have, total, .. }) => {
            (Took::Count { have: usize::from(have), total: usize::from(total), complete: false }, None)
        }
        Ok(Pushed::Complete(import)) => {
            let total = asm.total().map_or(1, usize::from);
            asm.reset();
            (Took::Count { have: total, total, complete: true }, Some(import))
        }
        Err(e) => {
            let (k, arg) = refusal(&e);
            (Took::Refused(k, arg), None)
        }
    }
}

/// A text that may hold several codes' texts (typed one after the other): each taken in turn.
/// The import, if one completed; else the first refusal; else the last progress.
pub fn take_all(asm: &mut Assembler, text: &str) -> (Took, Option<Import>) {
    let mut refused = None;
    let mut last = None;
    for part in karte_core::jahis::split_texts(text) {
        match take(asm, part) {
            (took, Some(import)) => return (took, Some(import)),
            (took @ Took::Refused(..), None) => {
                refused.get_or_insert(took);
            }
            (took, None) => last = Some(took),
        }
    }
    (refused.or(last).unwrap_or(Took::Refused(K::jahis_err_not, None)), None)
}

/// What is still missing of a set ("not read yet: QR code 2・3"); `None` when nothing is.
pub fn missing(locale: Locale, parts: &[u8]) -> Option<String> {
    (!parts.is_empty()).then(|| {
        let list = text::list(locale, parts.iter().map(u8::to_string));
        i18n::format(locale, K::jahis_missing, &[("parts", &list)])
    })
}

/// What confirming an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// This many medications were added.
    Added(usize),
    /// The prescription was already in the record: nothing added.
    Already,
    /// Refused (the record is unchanged): the message.
    Refused(K),
}

/// The outcome of [`karte_core::jahis::Import::add_to`] on the open record (`None`: no record).
pub fn outcome(added: Option<Result<usize, RecordError>>) -> Outcome {
    match added {
        Some(Ok(0)) => Outcome::Already,
        Some(Ok(n)) => Outcome::Added(n),
        Some(Err(e)) => Outcome::Refused(labels::append_error(&AppendError::Invalid(e))),
        None => Outcome::Refused(labels::append_error(&AppendError::NoRecord)),
    }
}

/// The outcome's message.
pub fn outcome_text(locale: Locale, o: Outcome) -> String {
    match o {
        Outcome::Added(n) => i18n::format(locale, K::jahis_added, &[("n", &n.to_string())]),
        Outcome::Already => i18n::text(locale, K::jahis_already).to_string(),
        Outcome::Refused(k) => i18n::text(locale, k).to_string(),
    }
}

/// One drug as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrugLine {
    /// 薬品名称.
    pub name: String,
    /// Amount and unit as the pharmacy wrote them (`4錠`).
    pub amount: String,
    /// How to take it (`1日2回朝夕食後`), if given.
    pub usage: Option<String>,
    /// The supply (`14日分`), if given.
    pub supply: Option<String>,
}

/// One dispensing as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// 調剤日.
    pub date: NaiveDate,
    /// The pharmacy.
    pub pharmacy: Option<String>,
    /// Institution and doctor (as written, one after the other).
    pub prescriber: Option<String>,
    /// The drugs.
    pub drugs: Vec<DrugLine>,
}

/// The dispensings of an import, for the preview.
pub fn preview(import: &Import) -> Vec<Preview> {
    import
        .dispensings
        .iter()
        .map(|d| Preview {
            date: d.date,
            pharmacy: d.pharmacy.as_ref().map(|p| p.name.clone()),
            prescriber: d.prescribed_by(),
            drugs: d
                .drugs()
                .map(|(drug, usage)| DrugLine {
                    name: drug.name.clone(),
                    amount: [drug.amount.as_str(), &drug.unit].concat(),
                    usage: usage.map(|u| u.name.clone()),
                    supply: usage.filter(|u| !u.quantity.is_empty()).map(|u| [u.quantity.as_str(), &u.unit].concat()),
                })
                .collect(),
        })
        .collect()
}

/// Where an imported medication came from, under its name on the medications card: the
/// pharmacy that dispensed it. `None` for a medication typed by the patient or shared by a
/// clinic (no import id).
pub fn source(locale: Locale, m: &karte_core::record::Medication, author: &karte_core::record::Author) -> Option<String> {
    m.import_id.as_ref()?;
    let pharmacy = match author {
        karte_core::record::Author::Institution { name, .. } => name.as_str(),
        karte_core::record::Author::Clinician { institution, .. } => institution.as_str(),
        karte_core::record::Author::Patient => return None,
    };
    Some(i18n::format(locale, K::jahis_source, &[("pharmacy", pharmacy)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vector of `tests/data/jahis/` (the Japanese texts stay data, out of UI code).
    fn case(name: &str) -> serde_json::Value {
        let path = format!("{}/tests/data/jahis/{name}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("vector")).expect("json")
    }

    fn parts(name: &str) -> Vec<String> {
        case(name)["parts"].as_array().expect("parts").iter().map(|p| p.as_str().expect("text").to_string()).collect()
    }

    #[test]
    fn a_set_read_in_any_order_gives_its_preview() {
        let c = case("03-split-shuffled");
        let texts = parts("03-split-shuffled");
        let mut asm = Assembler::new();
        assert_eq!(take(&mut asm, &texts[0]).0, Took::Count { have: 1, total: 3, complete: false });
        assert_eq!(missing(Locale::En, &asm.missing()).as_deref(), Some("Not read yet: QR code 1, 2"));
        assert_eq!(take(&mut asm, &texts[0]).0, Took::Count { have: 1, total: 3, complete: false });
        take(&mut asm, &texts[1]);
        let (took, import) = take(&mut asm, &texts[2]);
        assert_eq!(took, Took::Count { have: 3, total: 3, complete: true });
        assert_eq!(missing(Locale::En, &asm.missing()), None);
        let p = preview(&import.expect("complete"));
        let want = &c["final"]["dispensings"][0];
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].date.to_string(), want["date"]);
        assert_eq!(p[0].pharmacy.as_deref(), want["pharmacy"].as_str());
        let prescriber = [want["prescriber"].as_str().expect("prescriber"), want["doctor"].as_str().expect("doctor")].join(" ");
        assert_eq!(p[0].prescriber, Some(prescriber));
        // The preview's amount, usage and supply are the entry's dose line, in parts.
        let lines: Vec<String> = p[0]
            .drugs
            .iter()
            .map(|d| [Some(d.amount.clone()), d.usage.clone(), d.supply.clone()].into_iter().flatten().collect::<Vec<_>>().join(" "))
            .collect();
        let doses: Vec<&str> = want["drugs"].as_array().expect("drugs").iter().map(|d| d[1].as_str().expect("dose")).collect();
        assert_eq!(lines, doses);
    }

    #[test]
    fn codes_typed_together_are_each_taken() {
        let texts = parts("03-split-shuffled");
        let mut asm = Assembler::new();
        let two = [texts[0].as_str(), &texts[1]].concat().replace("\r\n", "\n");
        assert_eq!(take_all(&mut asm, &two).0, Took::Count { have: 2, total: 3, complete: false });
        assert!(take_all(&mut asm, &texts[2]).1.is_some());
        assert_eq!(take_all(&mut asm, "").0, Took::Refused(K::jahis_err_not, None));
    }

    #[test]
    fn outcomes_say_what_happened() {
        assert_eq!(outcome(Some(Ok(2))), Outcome::Added(2));
        assert_eq!(outcome(Some(Ok(0))), Outcome::Already);
        assert_eq!(outcome(None), Outcome::Refused(K::rec_error_no_record));
        assert_eq!(outcome_text(Locale::En, Outcome::Added(2)), "2 medicines added.");
        assert_eq!(outcome_text(Locale::Ja, Outcome::Already), i18n::text(Locale::Ja, K::jahis_already));
    }

    #[test]
    fn every_refusal_has_its_own_message() {
        let mut asm = Assembler::new();
        assert_eq!(take(&mut asm, &parts("14-not-jahis")[0]).0, Took::Refused(K::jahis_err_not, None));
        assert_eq!(take(&mut asm, &parts("15-unsupported-version")[0]).0, Took::Refused(K::jahis_err_version, None));
        assert_eq!(
            take(&mut asm, &parts("09-bad-record-rp")[0]).0,
            Took::Refused(K::jahis_err_bad, Some(("line", "8".into())))
        );
        assert_eq!(take(&mut asm, &parts("16-no-drugs")[0]).0, Took::Refused(K::jahis_err_none, None));
        let mixed = parts("06-two-prescriptions");
        take(&mut asm, &mixed[0]);
        assert_eq!(take(&mut asm, &mixed[1]).0, Took::Refused(K::jahis_err_mixed, None));
        assert_eq!(missing(Locale::En, &asm.missing()).as_deref(), Some("Not read yet: QR code 2, 3"));
        let keys: std::collections::BTreeSet<_> = [
            JahisError::NotJahis,
            JahisError::UnsupportedVersion(String::new()),
            JahisError::BadRecord { line: 1 },
            JahisError::MixedPrescriptions,
            JahisError::MissingParts { missing: vec![1], total: 2 },
            JahisError::NoDrugs,
        ]
        .iter()
        .map(|e| format!("{:?}", refusal(e).0))
        .collect();
        assert_eq!(keys.len(), 6);
    }

    #[test]
    fn an_imported_medication_names_its_pharmacy() {
        use karte_core::record::{Author, Medication, PartnerRole};
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let mut m = Medication { name: "drug".into(), oral_anticancer: None, dose: String::new(), start: date, end: None, regimen: None, prescribed_by: None, import_id: None };
        let pharmacy = Author::Institution { name: "Ekimae Pharmacy".into(), role: PartnerRole::Pharmacy };
        assert_eq!(source(Locale::En, &m, &pharmacy), None, "typed or shared: no source line");
        m.import_id = Some(format!("jahis:{}", "0".repeat(32)));
        assert_eq!(source(Locale::En, &m, &pharmacy).as_deref(), Some("Dispensed by Ekimae Pharmacy (from the medicine notebook QR)"));
        assert!(source(Locale::Ja, &m, &pharmacy).expect("ja").starts_with("Ekimae Pharmacy"));
        assert_eq!(source(Locale::En, &m, &Author::Patient), None);
    }
}
