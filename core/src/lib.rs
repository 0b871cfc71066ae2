//! The domain of 私のカルテ (Watashi no Karte), the patient-held record of Japan's cancer
//! regional collaborative care path.
//!
//! Architecture invariant: this crate knows nothing about Leptos or the browser. It has no
//! `leptos`, `web-sys` or `js-sys` dependency, takes time as a parameter, and does no I/O, so
//! everything here is tested natively with `cargo test`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod calendar;
pub mod fhir;
pub mod guidance;
pub mod i18n;
pub mod vocab;
pub mod pathway;
pub mod schedule;
pub mod record;
pub mod demo;
pub mod vault;
pub mod share;
pub mod jahis;
pub mod review;
mod sort;
mod tagged;
