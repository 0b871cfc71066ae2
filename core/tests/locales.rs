//! The locale files: Japanese and English hold the same keys, no empty text, the same
//! placeholders, and the generated `K` covers exactly those keys.

use karte_core::i18n::{placeholders, text, Locale, KEY_NAMES};
use std::collections::BTreeMap;
use std::path::Path;

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => panic!("{prefix}: not a string: {other}"),
    }
}

/// All keys of one language, merged over its files (`ja.json`, `guidance.ja.json`, ...).
fn load(lang: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    let mut out = BTreeMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("locales dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if name == format!("{lang}.json") || name.ends_with(&format!(".{lang}.json")) {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("valid JSON");
            flatten("", &v, &mut out);
            files += 1;
        }
    }
    assert!(files >= 1, "no locale files for {lang}");
    out
}

#[test]
fn japanese_and_english_have_the_same_keys() {
    let ja = load("ja");
    let en = load("en");
    let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    assert!(only_ja.is_empty() && only_en.is_empty(), "only in ja: {only_ja:?}\nonly in en: {only_en:?}");
}

#[test]
fn the_generated_keys_are_exactly_the_files_keys() {
    let ja = load("ja");
    let generated: Vec<&str> = KEY_NAMES.to_vec();
    let files: Vec<&str> = ja.keys().map(String::as_str).collect();
    assert_eq!(generated, files);
}

/// The fields a date pattern may use (see `src/present/dates.rs`).
const DATE_FIELDS: [&str; 5] = ["y", "m", "mon", "d", "wd"];

#[test]
fn no_text_is_empty_and_placeholders_match() {
    let ja = load("ja");
    let en = load("en");
    for (k, v) in &ja {
        let e = &en[k];
        assert!(!v.trim().is_empty(), "ja {k} is empty");
        assert!(!e.trim().is_empty(), "en {k} is empty");
        let (mut a, mut b) = (placeholders(v), placeholders(e));
        a.sort();
        b.sort();
        if ["rec.date.long", "rec.date.plain", "rec.date.short"].contains(&k.as_str()) {
            // Date patterns pick their own fields per language (numeric month in Japanese,
            // month name in English), all from the same set the formatter fills.
            for p in a.iter().chain(b.iter()) {
                assert!(DATE_FIELDS.contains(p), "{k}: unknown date field {{{p}}}");
            }
            continue;
        }
        assert_eq!(a, b, "placeholders of {k} differ between ja and en");
    }
}

#[test]
fn lookup_returns_each_languages_own_text() {
    let ja = load("ja");
    let en = load("en");
    for (i, name) in KEY_NAMES.iter().enumerate() {
        let _ = i;
        let key = karte_core::i18n::K::from_name(name).expect("every name maps to a key");
        assert_eq!(text(Locale::Ja, key), ja[*name]);
        assert_eq!(text(Locale::En, key), en[*name]);
    }
}
