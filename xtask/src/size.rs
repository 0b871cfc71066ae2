//! Size benchmark: bytes of every shipped file, raw, gzip (level 9) and brotli (quality 11),
//! per kind and in total; fails when the app shell is over budget.

use crate::compress::{self, Encoding};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Budget for the whole app shell (HTML + JS + WASM + CSS), brotli-compressed: 250,000 until
/// 2026-12-07, when issue 22 and 23 took the shell from 246,935 to 260,004-261,203 bytes: serde_json's
/// exact float parser (`float_roundtrip`, +10.3 KB: signed decimals must read back as signed,
/// docs/share-format.md §4), then the pin map and its migration in the record's reader, the
/// chain notice, the trust refusals and the safety texts (+4.0 KB, mostly locale strings, which
/// the shell holds whole). Winning it back belongs to the cheap-phone work (issue 30).
pub const SHELL_BUDGET_BROTLI: usize = 262_000;

/// The compressed size of the file `name` of `dir` (holding `bytes`) with `enc`: its
/// precompressed copy's size when the build wrote one (same settings), else computed by
/// `compress`. A compression failure is an error: counted as 0 bytes it would pass the budget.
fn packed_len(dir: &Path, name: &str, bytes: &[u8], enc: Encoding, compress: impl Fn(Encoding, &[u8]) -> Result<Vec<u8>>) -> Result<usize> {
    match std::fs::metadata(dir.join(format!("{name}{}", enc.suffix()))) {
        Ok(m) => Ok(m.len() as usize),
        Err(_) => Ok(compress(enc, bytes).with_context(|| format!("{name}: {} size", enc.token()))?.len()),
    }
}

#[derive(Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gz: usize,
    br: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gz += o.gz;
        self.br += o.br;
    }
}

fn kind(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "HTML",
        "js" => "JS",
        "wasm" => "WASM",
        "css" => "CSS",
        _ => "other",
    }
}

/// Which part of the site a file is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    /// Fetched to show the first screen: index.html (with the style sheet), the app's bindings, its
    /// main module, the chunk loader, and the KDF worker (started at the first unlock).
    Shell,
    /// A WebAssembly chunk fetched on first use of a page or function (and precached by the
    /// service worker after the first load).
    Lazy,
    /// Icons, manifest, service worker.
    Other,
}

fn part(name: &str) -> Part {
    const SHELL_IN_MODULE_DIR: [&str; 4] = ["app.js", "app.wasm", "split.js", "kdf-worker.js"];
    match name.split_once('/') {
        Some((dir, file)) if dir.starts_with("app-") => {
            if SHELL_IN_MODULE_DIR.contains(&file) {
                Part::Shell
            } else {
                Part::Lazy
            }
        }
        _ if name == "sw.js" => Part::Other,
        _ if kind(name) == "other" => Part::Other,
        _ => Part::Shell,
    }
}

fn row(name: &str, kind: &str, s: Sizes) {
    println!("{:<40} {:>6} {:>10} {:>10} {:>10}", name, kind, s.raw, s.gz, s.br);
}

/// Prints the table for the site in `dir` and checks the budget.
pub fn report(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    println!("\nSize of the built site ({}):", dir.display());
    println!("{:<40} {:>6} {:>10} {:>10} {:>10}", "file", "kind", "raw", "gzip", "brotli");
    let mut kinds: Vec<(&str, Sizes)> = ["HTML", "JS", "WASM", "CSS"].iter().map(|k| (*k, Sizes::default())).collect();
    let (mut lazy, mut other) = (Sizes::default(), Sizes::default());
    let mut lazy_rows = Vec::new();
    for (name, bytes) in &files {
        let packed = |enc| packed_len(dir, name, bytes, enc, Encoding::compress);
        let s = Sizes { raw: bytes.len(), gz: packed(Encoding::Gzip)?, br: packed(Encoding::Brotli)? };
        let k = kind(name);
        match part(name) {
            Part::Shell => {
                row(name, k, s);
                if let Some(entry) = kinds.iter_mut().find(|(n, _)| *n == k) {
                    entry.1 += s;
                }
            }
            Part::Lazy => {
                lazy += s;
                lazy_rows.push((name, s));
            }
            Part::Other => {
                row(name, k, s);
                other += s;
            }
        }
    }
    println!("{}", "-".repeat(80));
    let mut shell = Sizes::default();
    for (k, s) in &kinds {
        row(&format!("shell {k}"), "", *s);
        shell += *s;
    }
    row("APP SHELL (HTML+JS+WASM+CSS)", "", shell);
    // The largest chunks by name, then the total of all of them.
    lazy_rows.sort_by_key(|(_, s)| std::cmp::Reverse(s.br));
    println!("\nLazily loaded WebAssembly chunks ({} files; the largest):", lazy_rows.len());
    for (name, s) in lazy_rows.iter().take(12) {
        row(name, "WASM", *s);
    }
    row("lazy chunks, all", "", lazy);
    row("other (icons, manifest, sw.js)", "", other);
    let mut all = shell;
    all += lazy;
    all += other;
    row("WHOLE SITE", "", all);
    println!("budget: shell <= {SHELL_BUDGET_BROTLI} bytes brotli: {}", if shell.br <= SHELL_BUDGET_BROTLI { "OK" } else { "OVER" });
    if shell.br > SHELL_BUDGET_BROTLI {
        bail!("the app shell is {} bytes brotli, over the {SHELL_BUDGET_BROTLI} budget", shell.br);
    }
    Ok(())
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(base, &path, out)?;
        } else {
            let rel = path.strip_prefix(base)?.to_string_lossy().replace('\\', "/");
            // The `.br`/`.gz` copies are the same files as sent, not more of the site.
            if !compress::is_precompressed(&rel) {
                out.push((rel, std::fs::read(&path)?));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_is_what_the_first_screen_fetches() {
        for name in ["index.html", "app-0123456789/app.js", "app-0123456789/app.wasm", "app-0123456789/split.js", "app-0123456789/kdf-worker.js"] {
            assert_eq!(part(name), Part::Shell, "{name}");
        }
        for name in ["app-0123456789/chunk_3.wasm", "app-0123456789/split___settings_route_view_1.wasm"] {
            assert_eq!(part(name), Part::Lazy, "{name}");
        }
        for name in ["sw.js", "manifest.webmanifest", "icons/icon-192.png"] {
            assert_eq!(part(name), Part::Other, "{name}");
        }
    }

    #[test]
    fn a_compression_failure_is_an_error_not_zero_bytes() {
        let dir = std::env::temp_dir().join(format!("karte-size-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = b"<html>not precompressed</html>".repeat(20);
        let failing = |_: Encoding, _: &[u8]| -> Result<Vec<u8>> { bail!("out of memory") };
        let err = packed_len(&dir, "index.html", &bytes, Encoding::Brotli, failing).unwrap_err();
        assert!(format!("{err:#}").contains("out of memory"), "{err:#}");
        let real = packed_len(&dir, "index.html", &bytes, Encoding::Brotli, Encoding::compress).unwrap();
        assert!(real > 0 && real < bytes.len(), "{real}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Brotli size of `bytes` at the build's settings (for the QR decoder size report).
pub(crate) fn brotli(bytes: &[u8]) -> Result<usize> {
    Ok(crate::compress::Encoding::Brotli.compress(bytes)?.len())
}
