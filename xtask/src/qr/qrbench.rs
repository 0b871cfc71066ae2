//! `cargo xtask qrbench DIR [--decoder pipeline|rxing|quircs|rqrr|all]`: the read rate of a
//! decoder on `DIR/truth.tsv` and the PNGs beside it, ms per image, and the misses.

use super::decoders::Decoder;
use super::qrset::Degradation;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::time::Instant;

/// One image of the set and the text it must give.
pub struct Case {
    pub file: String,
    pub expected: String,
    pub grey: Vec<u8>,
    pub width: usize,
    pub height: usize,
}

/// What one decoder did on the set.
pub struct Outcome {
    pub decoder: Decoder,
    /// Per case: read or not, and milliseconds.
    pub results: Vec<(bool, f64)>,
}

impl Outcome {
    pub fn read(&self) -> usize {
        self.results.iter().filter(|r| r.0).count()
    }

    pub fn percentile_ms(&self, p: f64) -> f64 {
        let mut ms: Vec<f64> = self.results.iter().map(|r| r.1).collect();
        ms.sort_by(f64::total_cmp);
        ms.get(((ms.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
    }
}

/// Reads `truth.tsv` (a header line, then file and expected text; more columns ignored).
pub fn load(dir: &Path) -> Result<Vec<Case>> {
    let truth = dir.join("truth.tsv");
    let text = std::fs::read_to_string(&truth).with_context(|| format!("reading {}", truth.display()))?;
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(file), Some(expected)) = (cols.next(), cols.next()) else {
            bail!("{}:{}: expected `file<TAB>text`", truth.display(), n + 1);
        };
        let path = dir.join(file);
        let img = image::open(&path).with_context(|| format!("reading {}", path.display()))?.into_luma8();
        let (width, height) = (img.width() as usize, img.height() as usize);
        cases.push(Case {
            file: file.to_string(),
            expected: expected.to_string(),
            grey: img.into_raw(),
            width,
            height,
        });
    }
    if cases.is_empty() {
        bail!("{}: no images listed", truth.display());
    }
    Ok(cases)
}

pub fn run(cases: &[Case], decoder: Decoder) -> Outcome {
    let results = cases
        .iter()
        .map(|c| {
            let start = Instant::now();
            let texts = decoder.decode(&c.grey, c.width, c.height);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            (texts.contains(&c.expected), ms)
        })
        .collect();
    Outcome { decoder, results }
}

pub fn main(args: &[String]) -> Result<()> {
    let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
        bail!("usage: cargo xtask qrbench DIR [--decoder pipeline|rxing|quircs|rqrr|all]");
    };
    let which = super::super::flag_value(args, "--decoder").unwrap_or_else(|| "pipeline".into());
    let decoders = if which == "all" { Decoder::ALL.to_vec() } else { vec![Decoder::parse(&which)?] };
    let cases = load(Path::new(dir))?;
    let mut outcomes = Vec::new();
    for decoder in decoders {
        let out = run(&cases, decoder);
        println!("decoder: {}", decoder.name());
        report(&cases, &out);
        outcomes.push(out);
    }
    // A camera mostly sees frames with no code in them: every stage runs on those.
    let (w, h) = (super::qrset::FRAME_W, super::qrset::FRAME_H);
    let empty: Vec<u8> = (0..w * h).map(|i| ((i % w) / 3 + (i / w) / 4 + (i * 7919 % 23)) as u8).collect();
    for decoder in outcomes.iter().map(|o| o.decoder) {
        let start = Instant::now();
        let runs = 5;
        for _ in 0..runs {
            decoder.decode(&empty, w, h);
        }
        println!(
            "{}: ms for a {w}x{h} frame with no code: {:.1}",
            decoder.name(),
            start.elapsed().as_secs_f64() * 1000.0 / runs as f64
        );
    }
    if outcomes.len() > 1 {
        println!("\n{}", table(&cases, &outcomes));
    }
    Ok(())
}

fn report(cases: &[Case], out: &Outcome) {
    let (read, total) = (out.read(), cases.len());
    println!("read rate: {:.1}% ({read}/{total})", 100.0 * read as f64 / total as f64);
    println!("ms per image: median {:.1}, p90 {:.1}", out.percentile_ms(0.5), out.percentile_ms(0.9));
    let misses: Vec<&str> =
        cases.iter().zip(&out.results).filter(|(_, r)| !r.0).map(|(c, _)| c.file.as_str()).collect();
    if misses.is_empty() {
        println!("misses: none");
    } else {
        println!("misses ({}): {}", misses.len(), misses.join(" "));
    }
}

/// A Markdown table: read rate per degradation (from the file names `qrset` writes) and ms.
fn table(cases: &[Case], outcomes: &[Outcome]) -> String {
    let mut s = String::from("| degradation |");
    for o in outcomes {
        s += &format!(" {} |", o.decoder.name());
    }
    s += "\n|---|";
    s += &"---|".repeat(outcomes.len());
    // One row per degradation (`None`: the whole set).
    let rows = Degradation::ALL.into_iter().map(Some).chain([None]);
    for row in rows {
        let name = row.map_or("**all**", Degradation::name);
        let picked: Vec<usize> =
            (0..cases.len()).filter(|&i| row.is_none() || Degradation::from_file_name(&cases[i].file) == row).collect();
        if picked.is_empty() {
            continue;
        }
        s += &format!("\n| {name} |");
        for o in outcomes {
            let read = picked.iter().filter(|&&i| o.results[i].0).count();
            s += &format!(" {:.1}% ({read}/{}) |", 100.0 * read as f64 / picked.len() as f64, picked.len());
        }
    }
    s += "\n| median ms |";
    for o in outcomes {
        s += &format!(" {:.1} |", o.percentile_ms(0.5));
    }
    s += "\n| p90 ms |";
    for o in outcomes {
        s += &format!(" {:.1} |", o.percentile_ms(0.9));
    }
    s
}
