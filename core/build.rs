//! Generates the typed locale keys from `../locales/*.json`.
//!
//! Every file is `<lang>.json` or `<part>.<lang>.json` with `<lang>` one of `ja`, `en`. Nested
//! objects flatten to dotted keys (`nav.home`), which become the variants of the enum `K`
//! (`K::nav_home`). The build fails, naming the keys, when the two languages differ, so a
//! missing translation can never reach a user; `tests/locales.rs` checks the same at test time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const LANGS: [&str; 2] = ["ja", "en"];

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>, file: &Path) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out, file);
            }
        }
        serde_json::Value::String(s) => {
            if out.insert(prefix.to_string(), s.clone()).is_some() {
                panic!("locale key `{prefix}` defined twice (last in {})", file.display());
            }
        }
        other => panic!("locale key `{prefix}` in {} must be a string, found {other}", file.display()),
    }
}

fn ident(key: &str) -> String {
    assert!(
        key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
        "locale key `{key}` may use only a-z, 0-9, `_` and `.`"
    );
    key.replace('.', "_")
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut langs: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let lang = stem.rsplit('.').next().unwrap_or_default();
        let lang = *LANGS
            .iter()
            .find(|l| **l == lang)
            .unwrap_or_else(|| panic!("{}: name must end in .ja.json or .en.json", path.display()));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()));
        flatten("", &value, langs.entry(lang).or_default(), &path);
    }
    let ja = langs.get("ja").cloned().unwrap_or_default();
    let en = langs.get("en").cloned().unwrap_or_default();
    let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    if !only_ja.is_empty() || !only_en.is_empty() {
        panic!("locale key sets differ.\n  only in ja: {only_ja:?}\n  only in en: {only_en:?}");
    }
    let mut seen = BTreeMap::new();
    for k in ja.keys() {
        if let Some(prev) = seen.insert(ident(k), k.clone()) {
            panic!("locale keys `{prev}` and `{k}` map to the same identifier");
        }
    }

    let mut out = String::new();
    out.push_str("/// A key of the locale files: one variant per string, checked at compile time.\n");
    out.push_str("#[allow(non_camel_case_types, missing_docs)]\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum K {\n");
    for k in ja.keys() {
        let _ = writeln!(out, "    {},", ident(k));
    }
    out.push_str("}\n\n");
    out.push_str("/// Every key, in order.\npub static ALL_KEYS: [K; KEY_COUNT] = [\n");
    for k in ja.keys() {
        let _ = writeln!(out, "    K::{},", ident(k));
    }
    out.push_str("];\n");
    let _ = writeln!(out, "/// Number of keys.\npub const KEY_COUNT: usize = {};", ja.len());
    out.push_str("/// Dotted key names, in the order of `K`.\npub static KEY_NAMES: [&str; KEY_COUNT] = [\n");
    for k in ja.keys() {
        let _ = writeln!(out, "    {k:?},");
    }
    out.push_str("];\n");
    for (name, map) in [("JA", &ja), ("EN", &en)] {
        let _ = writeln!(out, "static {name}: [&str; KEY_COUNT] = [");
        for v in map.values() {
            let _ = writeln!(out, "    {v:?},");
        }
        out.push_str("];\n");
    }
    let out_path = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locale_keys.rs");
    std::fs::write(out_path, out).expect("write locale_keys.rs");
}
