//! Size benchmark: bytes of every shipped file, raw, gzip (level 9) and brotli (quality 11),
//! per kind and in total; fails when the app shell is over budget.

use anyhow::{bail, Result};
use std::io::Write;
use std::path::Path;

/// Budget for the whole app shell (HTML + JS + WASM + CSS), brotli-compressed.
pub const SHELL_BUDGET_BROTLI: usize = 250_000;

fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out.len()
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

/// Prints the table for the site in `dir` and checks the budget.
pub fn report(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    println!("\nSize of the built site ({}):", dir.display());
    println!("{:<34} {:>6} {:>10} {:>10} {:>10}", "file", "kind", "raw", "gzip", "brotli");
    let mut kinds: Vec<(&str, Sizes)> = ["HTML", "JS", "WASM", "CSS", "other"].iter().map(|k| (*k, Sizes::default())).collect();
    for (name, bytes) in &files {
        let s = Sizes { raw: bytes.len(), gz: gzip(bytes), br: brotli(bytes) };
        let k = kind(name);
        println!("{:<34} {:>6} {:>10} {:>10} {:>10}", name, k, s.raw, s.gz, s.br);
        if let Some(entry) = kinds.iter_mut().find(|(n, _)| *n == k) {
            entry.1 += s;
        }
    }
    println!("{}", "-".repeat(74));
    let mut shell = Sizes::default();
    for (k, s) in &kinds {
        println!("{:<34} {:>6} {:>10} {:>10} {:>10}", format!("total {k}"), "", s.raw, s.gz, s.br);
        if *k != "other" {
            shell += *s;
        }
    }
    println!(
        "{:<34} {:>6} {:>10} {:>10} {:>10}",
        "APP SHELL (HTML+JS+WASM+CSS)", "", shell.raw, shell.gz, shell.br
    );
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
            out.push((rel, std::fs::read(&path)?));
        }
    }
    Ok(())
}
