//! Writes a backup file (`.karte.txt`, sealed with a passphrase) of the 5-year stomach demo
//! record seen from a date, for the clinic-visit benchmark: a patient restores it and shares
//! a 5-year record. `cargo run -p karte-core --example demo_backup -- OUT PASSPHRASE [YYYY-MM-DD]`.

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::vault::{new_key, os_entropy, store, KdfParams, Passphrase};
use karte_core::vocab::CancerType;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(pass)) = (args.first(), args.get(1)) else {
        eprintln!("usage: demo_backup OUT PASSPHRASE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let today = args.get(2).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).unwrap_or_else(demo::fixed_today);
    // A demo flag would keep it out of the vault: the benchmark's patient owns this copy.
    let demo_record = demo::record_after(CancerType::Stomach, today, 60);
    let record = karte_core::record::Record::from_entries(false, demo_record.entries().to_vec()).expect("valid");
    let json = record.to_json().expect("json");
    let key = new_key(&Passphrase::from(pass.as_str()), &KdfParams::FLOOR, &mut os_entropy).expect("key");
    let text = store::seal_backup(&key, json.as_bytes(), &mut os_entropy).expect("seal");
    std::fs::write(out, text).expect("write");
    println!("{out}: the 5-year stomach record ({} entries) seen from {today}", record.entries().len());
}
