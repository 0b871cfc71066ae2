//! Entry point: the texts a scanner reads (one per line) into a receiver, then the message
//! opened as whatever it says it is. Base45 must round-trip what it accepts.
#![no_main]

use karte_core::share::{exchange, frames::Receiver, text, MessageKind, ProviderCard, ProviderKeys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let keys = ProviderKeys::from_entropy(&[7; 64]);
    let mut rx = Receiver::new();
    for line in s.split('\n') {
        if let Ok(b45) = text::unprefix(line) {
            if let Ok(bytes) = text::base45_decode(b45) {
                assert_eq!(text::base45_encode(&bytes), b45, "Base45 accepted a non-canonical text");
            }
        }
        let _ = rx.push_text(line);
    }
    if let Some((kind, transfer, m)) = rx.take() {
        match kind {
            MessageKind::Card => drop(ProviderCard::from_message(&m)),
            _ => drop(exchange::open_share(&m, Some(transfer), &keys)),
        }
    }
});
