//! The record as a FHIR file for the hospital (`karte_core::fhir`): its name, the stable id
//! that names the record in every `urn:uuid:`, and the file's text. Plain Rust, tested
//! natively; the share page's button (`components::fhir`) loads this in a chunk of its own.

use chrono::NaiveDate;
use karte_core::fhir;
use karte_core::record::Record;

use crate::present::record_id;

/// `karte-fhir-YYYY-MM-DD.json`.
pub fn file_name(today: NaiveDate) -> String {
    format!("karte-fhir-{}.json", today.format("%Y-%m-%d"))
}

/// The file: the Bundle as indented JSON (the same bytes for the same record).
pub fn file(record: &Record) -> String {
    let view = record.view();
    let bundle = fhir::bundle(&view, &record_id(record, &view));
    serde_json::to_string_pretty(&bundle).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::vocab::CancerType;

    #[test]
    fn a_demo_file_is_the_exported_bundle_and_the_name_has_the_day() {
        let r = demo::record_fixed(CancerType::Liver);
        assert_eq!(record_id(&r, &r.view()), "demo-liver");
        let text = file(&r);
        let b: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(b, fhir::bundle(&r.view(), "demo-liver"));
        assert_eq!(text, file(&r));
        let day = NaiveDate::from_ymd_opt(2025, 6, 5).expect("date");
        assert_eq!(file_name(day), "karte-fhir-2025-06-05.json");
    }

    #[test]
    fn a_record_is_named_by_its_key() {
        let mut r = Record::new();
        assert_eq!(record_id(&r, &r.view()), "record");
        r.sharing.ensure_key(&mut karte_core::vault::os_entropy).expect("key");
        let id = record_id(&r, &r.view());
        assert_eq!(id, r.sharing.key.as_ref().expect("key").key_id().to_string());
        assert_eq!(file(&r), file(&r));
    }
}
