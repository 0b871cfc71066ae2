//! The お薬手帳 QR import's test vectors: `tests/data/jahis/*.json`, one case per file. Each
//! holds the texts a scanner read (`parts`, pushed in that order), what each push must do
//! (`pushes`: `part N/M`, `repeat N/M`, `complete`, or `error ...`) and the final state
//! (`final`: the dispensings imported, or the parts still missing). One table test runs them
//! all; then the import into a record, twice.

use std::path::PathBuf;

use chrono::NaiveDate;
use karte_core::jahis::{Assembler, Import, JahisError, Pushed};
use karte_core::record::{Author, EntryBody, EntryId, PartnerRole, Record};
use serde::Deserialize;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/jahis")
}

#[derive(Deserialize)]
struct Case {
    description: String,
    parts: Vec<String>,
    pushes: Vec<String>,
    #[serde(rename = "final")]
    end: Final,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Final {
    Imported { dispensings: Vec<Expected>, #[serde(default)] same_import_as: Option<String> },
    Missing { error: String, missing: Vec<u8>, total: u8 },
}

#[derive(Deserialize)]
struct Expected {
    date: NaiveDate,
    pharmacy: String,
    prescriber: String,
    doctor: String,
    /// Name and the dose line the medication entry gets.
    drugs: Vec<(String, String)>,
}

fn cases() -> Vec<(String, Case)> {
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .expect("tests/data/jahis")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).expect("name").to_string();
            let case: Case = serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect(&name);
            (name, case)
        })
        .collect()
}

fn describe(r: &Result<Pushed, JahisError>) -> String {
    match r {
        Ok(Pushed::Part { have, total, new: true }) => format!("part {have}/{total}"),
        Ok(Pushed::Part { have, total, new: false }) => format!("repeat {have}/{total}"),
        Ok(Pushed::Complete(_)) => "complete".into(),
        Err(JahisError::NotJahis) => "error not-jahis".into(),
        Err(JahisError::UnsupportedVersion(v)) => format!("error version {v}"),
        Err(JahisError::BadRecord { line }) => format!("error bad-record {line}"),
        Err(JahisError::TooLarge) => "error too-large".into(),
        Err(JahisError::MixedPrescriptions) => "error mixed".into(),
        Err(JahisError::MissingParts { .. }) => "error missing".into(),
        Err(JahisError::NoDrugs) => "error no-drugs".into(),
    }
}

/// Pushes every part; returns what each push did and the import, if one completed.
fn run(case: &Case) -> (Vec<String>, Option<Import>, Assembler) {
    let mut asm = Assembler::new();
    let mut done = None;
    let mut seen = Vec::new();
    for text in &case.parts {
        let r = asm.push(text);
        seen.push(describe(&r));
        if let Ok(Pushed::Complete(i)) = r {
            done = Some(i);
        }
    }
    (seen, done, asm)
}

fn medications(import: &Import, record: &Record) -> Vec<karte_core::record::Entry> {
    let at = NaiveDate::from_ymd_opt(2026, 11, 29).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("time");
    let mut n = record.entries().len() as u64;
    import.medications(record, at, || {
        n += 1;
        EntryId::sequential("phone1", n)
    })
}

#[test]
fn every_vector() {
    let cases = cases();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    let mut ids = std::collections::BTreeMap::new();
    for (name, case) in &cases {
        let (seen, done, asm) = run(case);
        assert_eq!(seen, case.pushes, "{name}: {}", case.description);
        match &case.end {
            Final::Imported { dispensings, same_import_as } => {
                let import = done.unwrap_or_else(|| panic!("{name}: not complete"));
                assert_eq!(import.dispensings.len(), dispensings.len(), "{name}");
                for (d, want) in import.dispensings.iter().zip(dispensings) {
                    assert_eq!(d.date, want.date, "{name}");
                    assert_eq!(d.pharmacy.as_ref().map(|p| p.name.as_str()), Some(want.pharmacy.as_str()), "{name}");
                    assert_eq!(d.prescriber.as_ref().map(|p| p.name.as_str()), Some(want.prescriber.as_str()), "{name}");
                    assert_eq!(d.doctor.as_deref(), Some(want.doctor.as_str()), "{name}");
                }
                let record = Record::new();
                let meds = medications(&import, &record);
                let got: Vec<(String, String)> = meds
                    .iter()
                    .map(|e| match &e.body {
                        EntryBody::Medication(m) => (m.name.clone(), m.dose.clone()),
                        other => panic!("{name}: {other:?}"),
                    })
                    .collect();
                let want: Vec<(String, String)> = dispensings.iter().flat_map(|d| d.drugs.clone()).collect();
                assert_eq!(got, want, "{name}");
                let id = import.dispensings[0].import_id();
                if let Some(other) = same_import_as {
                    assert_eq!(ids.get(other), Some(&id), "{name}: same dispensing as {other}");
                }
                ids.insert(name.clone(), id);
                assert!(asm.finish().is_ok() || case.parts.len() == 1, "{name}");
            }
            Final::Missing { error, missing, total } => {
                assert_eq!(error, "missing");
                assert!(done.is_none(), "{name}: imported");
                assert_eq!(asm.finish(), Err(JahisError::MissingParts { missing: missing.clone(), total: *total }), "{name}");
            }
        }
    }
    // Different prescriptions have different ids.
    let distinct: std::collections::BTreeSet<_> = ids.values().collect();
    assert_eq!(distinct.len(), 2, "{ids:?}");
}

fn imported(name: &str) -> Import {
    let case = cases().into_iter().find(|(n, _)| n == name).expect("case").1;
    run(&case).1.expect("complete")
}

#[test]
fn import_appends_once_from_the_pharmacy() {
    let import = imported("01-single");
    let mut record = Record::new();
    assert!(!import.already_in(&record));
    let meds = medications(&import, &record);
    assert_eq!(meds.len(), 2);
    for e in meds {
        assert_eq!(e.author, Author::Institution { name: "さくら薬局 駅前店".into(), role: PartnerRole::Pharmacy });
        let EntryBody::Medication(m) = &e.body else { panic!("not a medication") };
        assert_eq!(m.start, NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
        assert_eq!(m.prescribed_by.as_deref(), Some("みどり総合病院 外科 太郎"));
        record.append(e).expect("valid");
    }
    // The same prescription again (here as typed, LF line ends): nothing to add.
    let again = imported("17-lf-line-ends");
    assert!(again.already_in(&record));
    assert!(medications(&again, &record).is_empty());
    // Another prescription is still new; the record survives a JSON round trip with the ids.
    let other = imported("03-split-shuffled");
    assert!(!other.already_in(&record));
    for e in medications(&other, &record) {
        record.append(e).expect("valid");
    }
    assert_eq!(record.view().medications.len(), 7);
    let back = Record::from_json(&record.to_json().expect("json")).expect("read");
    assert!(imported("02-split-in-order").already_in(&back));
}

#[test]
fn a_record_without_import_ids_reads_as_before() {
    // A version-3 record written before imports existed: no `import_id` on its medications.
    let record = karte_core::demo::record_fixed(karte_core::vocab::CancerType::Stomach);
    let json = record.to_json().expect("json");
    assert!(!json.contains("import_id"));
    assert_eq!(Record::from_json(&json).expect("read"), record);
}

#[test]
fn a_malformed_import_id_is_refused() {
    let import = imported("01-single");
    let mut meds = medications(&import, &Record::new());
    let mut e = meds.remove(0);
    if let EntryBody::Medication(m) = &mut e.body {
        m.import_id = Some("jahis:not-hex".into());
    }
    let id = e.id.clone();
    assert_eq!(Record::new().append(e), Err(karte_core::record::RecordError::InvalidImportId(id)));
}

#[test]
fn tampering_never_panics_and_never_imports_silently() {
    // Every byte position of a single code cut or altered: an error or a complete import,
    // never a panic.
    let text = &cases().into_iter().find(|(n, _)| n == "01-single").expect("case").1.parts[0];
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        let cut: String = chars[..i].iter().collect();
        let _ = Assembler::new().push(&cut);
        let mut flipped = chars.clone();
        flipped[i] = if flipped[i] == ',' { '、' } else { ',' };
        let _ = Assembler::new().push(&flipped.iter().collect::<String>());
    }
}

#[test]
fn add_to_is_all_or_nothing_and_once() {
    let at = NaiveDate::from_ymd_opt(2026, 11, 29).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("time");
    let mut record = Record::new();
    let import = imported("02-split-in-order");
    assert_eq!(import.add_to(&mut record, "phone1", at), Ok(5));
    assert_eq!(record.entries().len(), 5);
    assert_eq!(imported("04-split-repeats").add_to(&mut record, "phone1", at), Ok(0));
    assert_eq!(record.entries().len(), 5);
    // A device name with a space makes invalid ids: refused, and nothing of the import is kept.
    assert!(imported("01-single").add_to(&mut record, "bad device", at).is_err());
    assert_eq!(record.entries().len(), 5);
}
