//! karte-scanner: reading the QR frames of a share, as plain Rust (no browser, no Leptos), so
//! that everything here is tested natively and the app can run it in a Web Worker.
//!
//! - [`decode`]: the texts of the QR codes in a grey camera frame, through the pipeline chosen
//!   by measurement (docs/qr-decoders.md); [`decode_plain`] is the bare decoder, for comparison.
//! - [`repair_scanned`]: the text a USB 2D scanner typed, made back into a frame when a
//!   keyboard layout or an input method changed it, or a [`WedgeProblem`] saying what to change.
//!
//! Architecture invariant: no user-visible strings here; problems are typed and the UI maps
//! them to locale keys.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod pipeline;
mod wedge;

pub use pipeline::{bytes_to_text, decode, decode_plain};
pub use wedge::{repair_scanned, romaji_to_kana, Fault, Fix, Repaired, WedgeProblem, PREFIX};
