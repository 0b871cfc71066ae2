//! The locale files: Japanese and English hold the same keys, no empty text, the same
//! placeholders, and the generated `K` covers exactly those keys.

use karte_core::i18n::{placeholders, text, Locale, KEY_NAMES};
use std::collections::BTreeMap;
use std::path::Path;

#[path = "../locale_files.rs"]
mod locale_files;
use locale_files::{flatten, key_differences, Texts};

/// All keys of one language, merged over its files (`ja.json`, `guidance.ja.json`, ...), read
/// as the build reads them.
fn load(lang: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    let mut langs = locale_files::load(&dir).expect("the locale files read as in the build");
    langs.remove(lang).unwrap_or_else(|| panic!("no locale files for {lang}"))
}

fn texts(json: &str) -> Result<Texts, String> {
    let mut out = Texts::new();
    flatten("", &serde_json::from_str(json).expect("JSON"), &mut out, "test.json")?;
    Ok(out)
}

/// The reading the build relies on (the build itself stops on the real files only): keys
/// flatten to dotted names, a key defined twice or a value not a string is refused, and two
/// languages whose keys differ are told apart, naming the keys.
#[test]
fn the_shared_reader_flattens_and_refuses_what_it_should() {
    let ja = texts(r#"{"nav": {"home": "ホーム", "more": "その他"}, "a": "x"}"#).unwrap();
    assert_eq!(ja.keys().collect::<Vec<_>>(), ["a", "nav.home", "nav.more"]);
    assert!(texts(r#"{"nav": {"home": 3}}"#).unwrap_err().contains("nav.home"));
    let mut twice = ja.clone();
    let err = flatten("", &serde_json::json!({"nav": {"home": "again"}}), &mut twice, "other.json").unwrap_err();
    assert!(err.contains("nav.home") && err.contains("defined twice"), "{err}");
    let en = texts(r#"{"nav": {"home": "Home", "menu": "More"}, "a": "x"}"#).unwrap();
    let diff = key_differences(&ja, &en).expect("the keys differ");
    assert!(diff.contains("nav.more") && diff.contains("nav.menu"), "{diff}");
    assert_eq!(key_differences(&ja, &ja), None);
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
