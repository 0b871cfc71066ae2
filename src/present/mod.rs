//! What the record pages show, computed by plain functions from the record's view and today's
//! date. Nothing here touches Leptos or the browser, so all of it is unit-tested natively; the
//! pages only lay the results out.

pub mod calendar;
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
