//! Entry point: a provider card message.
#![no_main]

use karte_core::share::ProviderCard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(card) = ProviderCard::from_message(data) {
        assert!(!card.identity.name.trim().is_empty());
        let _ = card.fingerprint();
    }
});
