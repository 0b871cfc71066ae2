//! Entry point: a reassembled share message opened by a provider, and a decompressed payload
//! parsed as a share (the step after a successful open, reached directly).
#![no_main]

use karte_core::share::{decompress, exchange, ProviderKeys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keys = ProviderKeys::from_entropy(&[7; 64]);
    let _ = exchange::open_share(data, None, &keys);
    if let Ok(plain) = decompress(data) {
        if let Ok(s) = exchange::parse_share(&plain) {
            let _ = s.bundle.view();
        }
    }
    if let Ok(s) = exchange::parse_share(data) {
        let _ = s.bundle.view();
    }
});
