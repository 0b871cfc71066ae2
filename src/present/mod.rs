//! What the record pages show, computed by plain functions from the record's view and today's
//! date. Nothing here touches Leptos or the browser, so all of it is unit-tested natively; the
//! pages only lay the results out.

pub mod calendar;
pub mod chain;
pub mod dates;
pub mod doctor;
pub mod fhir;
pub mod forms;
pub mod home;
pub mod jahis;
pub mod plan_copy;
pub mod planning;
pub mod qr;
pub mod results;
pub mod safety;
pub mod schedule;
pub mod sharing;
pub mod text;
pub mod visit_form;

use karte_core::record::{Record, RecordView};

/// The id naming the record in the files it is exported to (the calendar's event UIDs, the
/// FHIR Bundle's `urn:uuid:`s): the record key's id, stable across exports; for a demo
/// `demo-<cancer>` (the ids `cargo run -p karte-core --example fhir_export` uses).
pub fn record_id(record: &Record, view: &RecordView) -> String {
    if record.is_demo() {
        let cancer = view.treatment.as_ref().map_or("none", |t| t.value.cancer.as_str());
        return ["demo", cancer].join("-");
    }
    record.sharing.key.as_ref().map(|k| k.key_id().to_string()).unwrap_or_else(|| String::from("record"))
}
