//! Writes the share format's DEFLATE dictionary, `core/src/share/dict-v1.bin`.
//!
//! Run once per format version: `cargo run -p karte-core --example share_dict`. The dictionary
//! is frozen with its version (a test pins its SHA-256): a new dictionary is a new format
//! version. It holds no record: the CBOR of the demo bundles of every cancer type with every
//! name, institution, phone number, date-specific text and free text replaced by placeholders
//! (so it carries the format's structure and vocabulary: field names, tags, units, drug and
//! operation names), then a list of common words of visit notes. The most frequent material is
//! last, nearest to the data.

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::record::*;
use karte_core::share::Bundle;
use karte_core::vocab::CancerType;

fn anonymise(e: &mut Entry) {
    let placeholder_author = |a: &mut Author| match a {
        Author::Clinician { name, institution, .. } => {
            *name = "医師".into();
            *institution = "病院".into();
        }
        Author::Institution { name, .. } => *name = "病院".into(),
        Author::Patient => {}
    };
    placeholder_author(&mut e.author);
    e.id = EntryId("id".into());
    match &mut e.body {
        EntryBody::Profile(p) => {
            p.name = "氏名".into();
            p.kana = "しめい".into();
            p.allergies = vec!["なし".into()];
            p.past_history = vec!["高血圧症".into()];
        }
        EntryBody::Treatment(t) => {
            t.planning_hospital = "病院".into();
            t.partner_clinic = "クリニック".into();
        }
        EntryBody::Consent(c) => c.to_whom = "病院 医師".into(),
        EntryBody::Partner(p) => {
            p.name = "病院".into();
            p.contact = Some("医師".into());
            p.phone = Some(Phone("0".into()));
            p.fax = Some(Phone("0".into()));
        }
        EntryBody::Visit(v) => {
            v.institution = "クリニック".into();
            v.doctor = Some("医師".into());
            v.details = String::new();
        }
        EntryBody::TestResult(r) => r.place = "病院".into(),
        EntryBody::Medication(m) => m.prescribed_by = Some("病院".into()),
        EntryBody::Memo(m) => m.text = String::new(),
        _ => {}
    }
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default();
    let mut dict = Vec::new();
    for cancer in [CancerType::Prostate, CancerType::Liver, CancerType::Lung, CancerType::Breast, CancerType::Colorectal, CancerType::Stomach] {
        let record = demo::record_after(cancer, today, 13);
        let mut bundle = Bundle::of(&record, today, &[]);
        bundle.entries.iter_mut().for_each(anonymise);
        let mut seen: Vec<EntryKind> = Vec::new();
        bundle.entries.retain(|e| {
            let k = e.body.kind();
            let n = seen.iter().filter(|x| **x == k).count();
            seen.push(k);
            n < 1
        });
        bundle.verified.clear();
        bundle.results.sources.iter_mut().for_each(|s| s.place = "病院".into());
        bundle.results.rows.truncate(2);
        bundle.older_visits.truncate(2);
        ciborium::into_writer(&bundle, &mut dict).expect("cbor");
    }
    let words = "著変なし。異常なし。再発所見なし。腫瘍マーカーは基準値内。画像検査 CT 内視鏡 採血 \
        体重維持。食欲あり。副作用 口内炎 下痢 手足症候群 色素沈着 休薬 内服継続 減量 経過観察 \
        次回予定 受診 診察 問診 検査 処方 紹介 報告 医師 病院 クリニック 内科 外科 がんセンター";
    dict.extend_from_slice(words.as_bytes());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/share/dict-v1.bin");
    std::fs::write(path, &dict).expect("write");
    println!("{path}: {} bytes", dict.len());
}
