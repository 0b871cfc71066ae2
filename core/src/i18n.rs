//! Locales: the typed keys generated from `locales/*.json` and the lookup of their text.
//!
//! The UI never holds a user-visible string of its own: it asks for `text(locale, K::...)`.

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/locale_keys.rs"));

/// A UI language. Japanese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Locale {
    /// Every locale, default first.
    pub const ALL: [Locale; 2] = [Locale::Ja, Locale::En];

    /// The BCP 47 code, as used in `<html lang>` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// Parses a stored or browser code; anything unknown gives `None`.
    pub fn from_code(code: &str) -> Option<Locale> {
        let lang = code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match lang.as_str() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

impl K {
    /// The dotted name of the key as written in the locale files.
    pub fn name(self) -> &'static str {
        KEY_NAMES[self as usize]
    }

    /// The key with the dotted name `name`, if there is one.
    pub fn from_name(name: &str) -> Option<K> {
        KEY_NAMES.iter().position(|n| *n == name).and_then(|i| ALL_KEYS.get(i).copied())
    }
}

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: K) -> &'static str {
    let (all, ends) = match locale {
        Locale::Ja => (JA_TEXT, &JA_ENDS),
        Locale::En => (EN_TEXT, &EN_ENDS),
    };
    let i = key as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    all.get(start..ends[i] as usize).unwrap_or_default()
}

/// The text of `key` with each `{name}` placeholder replaced by its value from `args`.
/// Placeholders without a value are left as written, so a mistake is visible, not silent.
pub fn format(locale: Locale, key: K, args: &[(&str, &str)]) -> String {
    let mut s = text(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// The placeholder names (`{name}`) used in a text, in order of appearance.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_is_none() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
        assert_eq!(Locale::from_code("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_code("ja_JP"), Some(Locale::Ja));
        assert_eq!(Locale::from_code("fr"), None);
        assert_eq!(Locale::default(), Locale::Ja);
    }

    #[test]
    fn format_fills_placeholders() {
        assert_eq!(placeholders("a {x} b {y}"), vec!["x", "y"]);
        assert_eq!(placeholders("none"), Vec::<&str>::new());
    }
}
