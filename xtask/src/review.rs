//! `cargo xtask review-sheet [PATH_ID] [--out DIR] [--lang ja|en] [--anchor YYYY-MM-DD]`: the
//! clinician's review sheets (`karte_core::review`), one HTML page per path (or only
//! PATH_ID) and an index, for a path committee to print and sign off.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use karte_core::i18n::Locale;
use karte_core::vocab::PathId;

/// Writes the sheets to `out`; returns the files written.
pub fn write(out: &Path, path: Option<&str>, lang: &str, anchor: &str) -> Result<Vec<std::path::PathBuf>> {
    let locale = Locale::from_code(lang).ok_or_else(|| anyhow!("unknown language `{lang}` (ja or en)"))?;
    let anchor = chrono::NaiveDate::parse_from_str(anchor, "%Y-%m-%d").with_context(|| format!("`{anchor}` is not a date"))?;
    let paths: Vec<PathId> = match path {
        Some(id) => vec![PathId::parse(id).ok_or_else(|| anyhow!("unknown path `{id}`"))?],
        None => PathId::ALL.to_vec(),
    };
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut written = Vec::new();
    for p in &paths {
        let html = karte_core::review::sheet(*p, anchor, locale).map_err(|e| anyhow!("{}: {e}", p.as_str()))?;
        let file = out.join(format!("{}.html", p.as_str()));
        std::fs::write(&file, html).with_context(|| format!("writing {}", file.display()))?;
        written.push(file);
    }
    if path.is_none() {
        let links: String = paths.iter().map(|p| format!("<li><a href=\"{0}.html\">{0}</a></li>", p.as_str())).collect();
        let file = out.join("index.html");
        std::fs::write(&file, format!("<!doctype html><meta charset=\"utf-8\"><ul>{links}</ul>\n"))?;
        written.push(file);
    }
    Ok(written)
}
