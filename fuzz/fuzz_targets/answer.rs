//! Entry point: an answer (`entries` or `issue`) read by a patient's record: the message
//! previewed, and a payload parsed and verified against the record directly. A refused answer
//! must leave the record unchanged; an accepted one must merge once only.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::record::Record;
use karte_core::share::{exchange, MessageKind};
use karte_core::vocab::CancerType;
use libfuzzer_sys::fuzz_target;

fn record() -> &'static Record {
    static R: OnceLock<Record> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = demo::record_fixed(CancerType::Stomach);
        let mut n = 0u8;
        let _ = r.sharing.ensure_key(&mut |b: &mut [u8]| {
            b.iter_mut().for_each(|x| {
                n = n.wrapping_add(1);
                *x = n;
            });
            Ok(())
        });
        r
    })
}

fuzz_target!(|data: &[u8]| {
    let r = record();
    for kind in [MessageKind::Entries, MessageKind::Issue] {
        if let Ok(p) = exchange::preview(r, kind, data, None) {
            let mut m = r.clone();
            let at = NaiveDate::from_ymd_opt(2025, 6, 15).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap_or_default();
            if exchange::merge(&mut m, &p, true, at).is_ok() {
                let again = m.clone();
                assert!(exchange::merge(&mut m, &p, true, at).is_err());
                assert_eq!(m, again);
            }
        }
        if let Ok(a) = exchange::parse_answer(data) {
            let _ = exchange::verify_answer(r, kind, 1, a);
        }
    }
});
