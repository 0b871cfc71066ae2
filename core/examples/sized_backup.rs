//! Writes a backup file (`.karte.txt`, sealed with a passphrase) whose record is exactly BYTES
//! of JSON as the app saves it: the 5-year stomach demo record with its sharing key, and the
//! patient's memos (about 4 KB each) up to that size. For the paper backup's size limit
//! (`vault::paper::MAX_RECORD`) in `tests/browser/backup.test.mjs`.
//! `cargo run -p karte-core --example sized_backup -- OUT PASSPHRASE BYTES`.

use karte_core::demo;
use karte_core::record::{Author, Entry, EntryBody, Memo, Record};
use karte_core::vault::{new_key, os_entropy, store, KdfParams, Passphrase};
use karte_core::vocab::CancerType;

/// A memo of `n` bytes (Japanese text, then ASCII digits to the exact length).
fn memo_text(i: usize, n: usize) -> String {
    let mut t = format!("体調メモ {i}: 食欲あり、よく眠れた。手足のしびれは少し。");
    while t.len() + 40 < n {
        t.push_str(&format!("散歩 {} 分、体重 {}.{} kg。", 10 + i % 50, 50 + i % 20, i % 10));
    }
    while t.len() < n {
        t.push(char::from(b'0' + (t.len() % 10) as u8));
    }
    t
}

fn with_memo(record: &Record, text: String) -> Record {
    let mut r = record.clone();
    let at = demo::fixed_today().and_hms_opt(21, 0, 0).expect("time");
    let id = r.next_entry_id("sized");
    r.append(Entry::new(id, Author::Patient, at, EntryBody::Memo(Memo { text }))).expect("valid");
    r
}

fn size(r: &Record) -> usize {
    r.to_json().expect("json").len()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(pass), Some(target)) = (args.first(), args.get(1), args.get(2).and_then(|b| b.parse::<usize>().ok())) else {
        eprintln!("usage: sized_backup OUT PASSPHRASE BYTES");
        std::process::exit(2);
    };
    let five = demo::record_after(CancerType::Stomach, demo::fixed_today(), 60);
    let mut record = Record::from_entries(false, five.entries().to_vec()).expect("valid");
    // The key the app would add on unlock: with it, the app saves these very bytes.
    record.sharing.ensure_key(&mut os_entropy).expect("entropy");
    let mut i = 0;
    loop {
        let one_byte = size(&with_memo(&record, "m".into()));
        assert!(one_byte <= target, "{target} bytes is less than the demo record ({one_byte})");
        if one_byte + 4096 > target {
            record = with_memo(&record, memo_text(i, 1 + target - one_byte));
            break;
        }
        record = with_memo(&record, memo_text(i, 4096));
        i += 1;
    }
    let json = record.to_json().expect("json");
    assert_eq!(json.len(), target);
    let again = Record::from_json(&json).expect("reads").to_json().expect("json");
    assert_eq!(again, json, "the app would save other bytes");
    let key = new_key(&Passphrase::from(pass.as_str()), &KdfParams::FLOOR, &mut os_entropy).expect("key");
    let text = store::seal_backup(&key, json.as_bytes(), &mut os_entropy).expect("seal");
    std::fs::write(out, text).expect("write");
    println!("{out}: a record of {} bytes of JSON ({} entries)", json.len(), record.entries().len());
}
