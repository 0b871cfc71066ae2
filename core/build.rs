//! Generates the typed locale keys from `../locales/*.json`.
//!
//! The files are read by `locale_files.rs` (shared with `tests/locales.rs`); each dotted key
//! becomes a variant of the enum `K` (`nav.home` -> `K::nav_home`). The build fails, naming the
//! keys, when the two languages differ, so a missing translation can never reach a user.

#[path = "locale_files.rs"]
mod locale_files;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

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
    println!("cargo:rerun-if-changed=locale_files.rs");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok) {
        println!("cargo:rerun-if-changed={}", entry.path().display());
    }
    let langs = locale_files::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let ja = langs.get("ja").cloned().unwrap_or_default();
    let en = langs.get("en").cloned().unwrap_or_default();
    if let Some(differences) = locale_files::key_differences(&ja, &en) {
        panic!("{differences}");
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
    // Each locale's texts as one string and the end offset of each text in it: 4 bytes a key
    // instead of a pointer and a length (8), which keeps the app's main module smaller.
    for (name, map) in [("JA", &ja), ("EN", &en)] {
        let mut all = String::new();
        let mut ends = Vec::new();
        for v in map.values() {
            all.push_str(v);
            ends.push(all.len());
        }
        let _ = writeln!(out, "static {name}_TEXT: &str = {all:?};");
        let _ = writeln!(out, "static {name}_ENDS: [u32; KEY_COUNT] = {ends:?};");
    }
    let out_path = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locale_keys.rs");
    std::fs::write(out_path, out).expect("write locale_keys.rs");
}
