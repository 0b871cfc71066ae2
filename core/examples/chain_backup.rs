//! The 5-year stomach demo record as a phone holds it after the hospital's and the clinic's
//! answers (every entry they wrote signed over the log before it), with one signed visit
//! altered afterwards, written as a backup file (`.karte.txt`, sealed with a passphrase) for the
//! browser test of the chain check; and the time `share::chain::verify` takes on the intact
//! record (run with `--release` for the figure).
//! `cargo run -p karte-core --example chain_backup -- OUT PASSPHRASE [intact]`.

use std::time::Instant;

use karte_core::demo;
use karte_core::record::{Author, Entry, EntryBody, PartnerRole, Record};
use karte_core::share::{chain, ProviderKeys};
use karte_core::vault::{new_key, os_entropy, store, KdfParams, Passphrase};
use karte_core::vocab::CancerType;

/// Signs every entry an institution wrote, in log order, each over the log before it.
fn as_received(entries: &[Entry]) -> Vec<Entry> {
    let hospital = ProviderKeys::from_entropy(&[1; 64]);
    let clinic = ProviderKeys::from_entropy(&[2; 64]);
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        let keys = match &e.author {
            Author::Patient => None,
            Author::Clinician { role, .. } | Author::Institution { role, .. } => {
                Some(if *role == PartnerRole::PlanningHospital { &hospital } else { &clinic })
            }
        };
        let e = match keys {
            Some(k) => chain::sign(e.clone(), &chain::basis(&out), k),
            None => e.clone(),
        };
        out.push(e);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(pass)) = (args.first(), args.get(1)) else {
        eprintln!("usage: chain_backup OUT PASSPHRASE [intact]");
        std::process::exit(2);
    };
    let demo_record = demo::record_after(CancerType::Stomach, demo::fixed_today(), 60);
    let mut entries = as_received(demo_record.entries());

    let runs = 21;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let report = chain::verify(&entries);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(report.is_intact(), "{:?}", report.problems);
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let signed = entries.iter().filter(|e| e.signature.is_some()).count();
    println!("chain::verify: {} entries, {signed} signed: {:.2} ms (median of {runs})", entries.len(), times[runs / 2]);

    let mut altered = None;
    if args.get(2).map(String::as_str) != Some("intact") {
        // The first signed visit in the second half of the log, its text changed after signing.
        let half = entries.len() / 2;
        let visit = entries.iter_mut().skip(half).find(|e| e.signature.is_some() && matches!(e.body, EntryBody::Visit(_)));
        if let Some(e) = visit {
            if let EntryBody::Visit(v) = &mut e.body {
                v.details.push_str("（書き換え）");
            }
            altered = Some((e.id.clone(), e.at));
        }
    }
    // A demo flag would keep it out of the vault: this copy is the patient's.
    let record = Record::from_entries(false, entries).expect("valid");
    let json = record.to_json().expect("json");
    let key = new_key(&Passphrase::from(pass.as_str()), &KdfParams::FLOOR, &mut os_entropy).expect("key");
    let text = store::seal_backup(&key, json.as_bytes(), &mut os_entropy).expect("seal");
    std::fs::write(out, text).expect("write");
    match altered {
        Some((id, at)) => println!("{out}: signed visit {id} of {at} altered"),
        None => println!("{out}: intact"),
    }
}
