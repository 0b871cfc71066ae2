//! The locale texts for `index.html`: the first screen shown before the WebAssembly runs is
//! static markup, written once in `public/index.html` with placeholders and filled here from
//! `locales/*.json` (the app's own strings), one copy per locale.
//!
//! Placeholders:
//! - between `<!--boot-->` and `<!--/boot-->`: `{{t:dotted.key}}` (the text, HTML-escaped, in
//!   the copy's locale), `{{lang}}` and `{{other}}` (the copy's locale code and the other's).
//!   The block becomes one `<div class="boot" lang="..">` per locale.
//! - anywhere else: `{{t:dotted.key}}` in the default locale (Japanese), and
//!   `{{js:dotted.key}}`, a JavaScript object of the text in every locale.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The locales, default first (as `karte_core::i18n::Locale::ALL`).
pub const LANGS: [&str; 2] = ["ja", "en"];

/// Every text of every locale: `texts[lang][dotted key]`.
pub struct Texts(BTreeMap<String, BTreeMap<String, String>>);

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

impl Texts {
    /// Reads `dir/*.json` (`<lang>.json` or `<part>.<lang>.json`), as `core/build.rs` does;
    /// that build is what checks both locales have the same keys.
    pub fn load(dir: &Path) -> Result<Texts> {
        let mut langs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for path in files {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let lang = stem.rsplit('.').next().unwrap_or_default().to_string();
            let text = std::fs::read_to_string(&path)?;
            let value: serde_json::Value =
                serde_json::from_str(&text).with_context(|| format!("{}: invalid JSON", path.display()))?;
            flatten("", &value, langs.entry(lang).or_default());
        }
        Ok(Texts(langs))
    }

    fn get(&self, lang: &str, key: &str) -> Result<&str> {
        match self.0.get(lang).and_then(|m| m.get(key)) {
            Some(t) => Ok(t),
            None => bail!("public/index.html names the locale key `{key}`, which locales/*.{lang}.json lacks"),
        }
    }

    /// Fills the placeholders of the `index.html` template (see the module's doc).
    pub fn render_index(&self, template: &str) -> Result<String> {
        let (before, rest) = template.split_once("<!--boot-->").context("public/index.html has no <!--boot--> block")?;
        let (block, after) = rest.split_once("<!--/boot-->").context("public/index.html has no <!--/boot--> end")?;
        let mut out = self.fill(before, LANGS[0])?;
        for lang in LANGS {
            let other = LANGS.iter().find(|l| **l != lang).copied().unwrap_or(lang);
            let copy = self.fill(&block.replace("{{lang}}", lang).replace("{{other}}", other), lang)?;
            out.push_str(&format!("<div class=\"boot\" lang=\"{lang}\">{}</div>", between_tags_trimmed(&copy)));
        }
        out.push_str(&self.fill(after, LANGS[0])?);
        Ok(out)
    }

    /// Replaces `{{t:key}}` (in `lang`) and `{{js:key}}` in `text`.
    fn fill(&self, text: &str, lang: &str) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find("}}").context("public/index.html: unclosed {{")?;
            let inner = &after[..end];
            if let Some(key) = inner.strip_prefix("t:") {
                out.push_str(&escape_html(self.get(lang, key)?));
            } else if let Some(key) = inner.strip_prefix("js:") {
                let mut obj = serde_json::Map::new();
                for l in LANGS {
                    obj.insert(l.to_string(), self.get(l, key)?.into());
                }
                // Safe inside <script>: no "</" can end the element early.
                out.push_str(&serde_json::Value::Object(obj).to_string().replace("</", "<\\/"));
            } else {
                // Not ours (the build's file names): left for dist.rs.
                out.push_str(&rest[start..start + 2 + end + 2]);
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `html` without the white space between a tag's end and the next tag's start: the DOM the
/// app's views make has none, and the static copy must lay out (and read) the same.
fn between_tags_trimmed(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.trim();
    while let Some(end) = rest.find('>') {
        out.push_str(&rest[..=end]);
        rest = &rest[end + 1..];
        let next = rest.trim_start();
        if next.starts_with('<') {
            rest = next;
        }
    }
    out.push_str(rest);
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Texts {
        let mut ja = BTreeMap::new();
        ja.insert("app.title".to_string(), "私のカルテ".to_string());
        ja.insert("a.b".to_string(), "<&\"".to_string());
        let mut en = BTreeMap::new();
        en.insert("app.title".to_string(), "My Karte".to_string());
        en.insert("a.b".to_string(), "</script>".to_string());
        Texts([("ja".to_string(), ja), ("en".to_string(), en)].into_iter().collect())
    }

    #[test]
    fn the_boot_block_is_written_once_per_locale() {
        let html = "<title>{{t:app.title}}</title><script>var t = {{js:app.title}};</script>\
            <!--boot-->\n  <h1 id=\"x-{{lang}}\" lang=\"{{other}}\">{{t:app.title}} {{t:a.b}}</h1>\n  <p>\n</p><!--/boot--><p>{{APP_JS}}</p>";
        let out = texts().render_index(html).unwrap();
        assert_eq!(
            out,
            "<title>私のカルテ</title><script>var t = {\"en\":\"My Karte\",\"ja\":\"私のカルテ\"};</script>\
             <div class=\"boot\" lang=\"ja\"><h1 id=\"x-ja\" lang=\"en\">私のカルテ &lt;&amp;&quot;</h1><p></p></div>\
             <div class=\"boot\" lang=\"en\"><h1 id=\"x-en\" lang=\"ja\">My Karte &lt;/script&gt;</h1><p></p></div><p>{{APP_JS}}</p>"
        );
    }

    #[test]
    fn an_unknown_key_or_a_missing_block_fails() {
        assert!(texts().render_index("<!--boot-->{{t:no.such}}<!--/boot-->").is_err());
        assert!(texts().render_index("<p>{{t:app.title}}</p>").is_err());
        assert!(texts().render_index("<!--boot-->{{t:app.title<!--/boot-->").is_err());
    }

    #[test]
    fn the_real_locales_fill_the_real_index() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let texts = Texts::load(&root.join("locales")).unwrap();
        let template = std::fs::read_to_string(root.join("public/index.html")).unwrap();
        let out = texts.render_index(&template).unwrap();
        assert!(out.contains("<div class=\"boot\" lang=\"ja\">") && out.contains("<div class=\"boot\" lang=\"en\">"));
        assert!(!out.contains("{{t:") && !out.contains("{{js:") && !out.contains("{{lang}}"));
    }
}
