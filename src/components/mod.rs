//! Reusable pieces of the UI.

pub mod layout;
pub mod page;
pub mod vault_ui;
pub mod record_form;
pub mod record_guidance;
pub mod demo_loader;
pub mod calendar;
pub mod fhir;
pub mod plan_copy;
pub mod qr;
pub mod scanner;
pub mod install;
