//! Reading `../locales/*.json`, shared by `build.rs` (which generates the enum `K` and stops
//! the build when the languages differ) and `tests/locales.rs` (which tests this reading on
//! crafted input, and what the build does not check).
//!
//! Every file is `<lang>.json` or `<part>.<lang>.json` with `<lang>` one of [`LANGS`]. Nested
//! objects flatten to dotted keys (`nav.home`).

use std::collections::BTreeMap;
use std::path::Path;

/// The languages, as file name suffixes.
pub const LANGS: [&str; 2] = ["ja", "en"];

/// Flattened keys to texts, one map per language.
pub type Texts = BTreeMap<String, String>;

/// Adds the strings of `v` under `prefix` to `out`; a key defined twice or a value that is not
/// a string is an error naming it (`file` for the message).
pub fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Texts, file: &str) -> Result<(), String> {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out, file)?;
            }
            Ok(())
        }
        serde_json::Value::String(s) => match out.insert(prefix.to_string(), s.clone()) {
            Some(_) => Err(format!("locale key `{prefix}` defined twice (last in {file})")),
            None => Ok(()),
        },
        other => Err(format!("locale key `{prefix}` in {file} must be a string, found {other}")),
    }
}

/// Every language's texts, merged over the JSON files of `dir` (in name order).
pub fn load(dir: &Path) -> Result<BTreeMap<&'static str, Texts>, String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    let mut langs: BTreeMap<&'static str, Texts> = BTreeMap::new();
    for path in entries {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let lang = stem.rsplit('.').next().unwrap_or_default();
        let Some(lang) = LANGS.iter().find(|l| **l == lang) else {
            return Err(format!("{}: name must end in .ja.json or .en.json", path.display()));
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: invalid JSON: {e}", path.display()))?;
        flatten("", &value, langs.entry(lang).or_default(), &path.display().to_string())?;
    }
    Ok(langs)
}

/// The keys only one of two languages has, as a message; `None` when they hold the same keys.
pub fn key_differences(ja: &Texts, en: &Texts) -> Option<String> {
    let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    (!only_ja.is_empty() || !only_en.is_empty())
        .then(|| format!("locale key sets differ.\n  only in ja: {only_ja:?}\n  only in en: {only_en:?}"))
}
