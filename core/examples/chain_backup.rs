//! The 5-year stomach demo record as a phone holds it after the hospital's and the clinic's
//! answers (every entry they wrote signed over the log before its answer), written as two
//! backup files (`.karte.txt`, sealed with a passphrase) for the browser test of the chain check:
//! `intact.karte.txt`, and `altered.karte.txt` with one signed visit altered afterwards; and, in
//! a release build, the time `share::chain::verify` takes on the intact record.
//! `cargo run -p karte-core --example chain_backup -- DIR PASSPHRASE`.

use std::time::Instant;

use karte_core::demo;
use karte_core::record::{Author, Basis, Entry, EntryBody, PartnerRole, Record};
use karte_core::share::{chain, ProviderKeys};
use karte_core::vault::{new_key, os_entropy, store, KdfParams, Passphrase};
use karte_core::vocab::CancerType;

/// Signs every entry an institution wrote, in log order, each over the log before it.
fn as_received(entries: &[Entry]) -> Vec<Entry> {
    let hospital = ProviderKeys::from_entropy(&[1; 64]);
    let clinic = ProviderKeys::from_entropy(&[2; 64]);
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    // An answer is the run of one author's entries written at one time: one basis.
    let mut answer: Option<(Author, chrono::NaiveDateTime, Basis)> = None;
    for e in entries {
        let keys = match &e.author {
            Author::Patient => None,
            Author::Clinician { role, .. } | Author::Institution { role, .. } => {
                Some(if *role == PartnerRole::PlanningHospital { &hospital } else { &clinic })
            }
        };
        let e = match keys {
            Some(k) => {
                let basis = match &answer {
                    Some((a, at, b)) if *a == e.author && *at == e.at => b.clone(),
                    _ => chain::basis(&out),
                };
                answer = Some((e.author.clone(), e.at, basis.clone()));
                chain::sign(e.clone(), &basis, &chain::subject(&[7; 32], &[9; 16]), k)
            }
            None => e.clone(),
        };
        out.push(e);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(pass)) = (args.first(), args.get(1)) else {
        eprintln!("usage: chain_backup DIR PASSPHRASE");
        std::process::exit(2);
    };
    let demo_record = demo::record_after(CancerType::Stomach, demo::fixed_today(), 60);
    let mut entries = as_received(demo_record.entries());
    let report = chain::verify(&entries);
    assert!(report.is_intact(), "{:?}", report.problems);
    if !cfg!(debug_assertions) {
        let runs = 21;
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(chain::verify(&entries));
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let signed = entries.iter().filter(|e| e.signature.is_some()).count();
        println!("chain::verify: {} entries, {signed} signed: {:.2} ms (median of {runs})", entries.len(), times[runs / 2]);
    }
    let key = new_key(&Passphrase::from(pass.as_str()), &KdfParams::FLOOR, &mut os_entropy).expect("key");
    let write = |name: &str, entries: Vec<Entry>| {
        // A demo flag would keep it out of the vault: this copy is the patient's.
        let json = Record::from_entries(false, entries).expect("valid").to_json().expect("json");
        let text = store::seal_backup(&key, json.as_bytes(), &mut os_entropy).expect("seal");
        std::fs::write(std::path::Path::new(dir).join(name), text).expect("write");
    };
    write("intact.karte.txt", entries.clone());
    // The first signed visit in the second half of the log, its text changed after signing.
    let half = entries.len() / 2;
    let visit = entries.iter_mut().skip(half).find(|e| e.signature.is_some() && matches!(e.body, EntryBody::Visit(_)));
    let Some(e) = visit else { unreachable!("the 5-year record has signed visits") };
    if let EntryBody::Visit(v) = &mut e.body {
        v.details.push_str("（書き換え）");
    }
    println!("altered.karte.txt: signed visit {} of {} altered", e.id, e.at);
    write("altered.karte.txt", entries);
}
