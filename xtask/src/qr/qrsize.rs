//! `cargo xtask qrsize [DIR] [--opt LEVEL]`: the brotli size of a WebAssembly module that
//! does nothing but decode a grey frame, for each decoder `qrbench` compares. Each is a tiny
//! cdylib written to a temporary crate (`target/qrsize/<decoder>/`), built for wasm32 at
//! opt-level "z" (or LEVEL) with LTO, then bound by wasm-bindgen (as the app's build does)
//! so the count is what would ship. With DIR (a `qrset` folder), each module also decodes
//! DIR's frames in Node.js: read rate and ms per frame in WebAssembly.

use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;

/// (name, dependency line, body of `decode(grey, w, h) -> Option<String>`)
const DECODERS: [(&str, &str, &str); 4] = [
    (
        "pipeline",
        r#"karte-scanner = { path = "SCANNER" }"#,
        "karte_scanner::decode(grey, w, h).into_iter().next()",
    ),
    (
        "rxing",
        r#"rxing = { version = "0.9.3", default-features = false, features = ["qrcode", "decoders", "encoding_rs", "wasm_support"] }"#,
        "let source = rxing::Luma8LuminanceSource::new(grey.to_vec(), w as u32, h as u32).ok()?;
         let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
         let hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true))
             .with(rxing::DecodeHintValue::PossibleFormats([rxing::BarcodeFormat::QR_CODE].into()));
         use rxing::Reader;
         rxing::MultiFormatReader::default().decode_with_hints(&mut bitmap, &hints).ok().map(|r| r.getText().to_string())",
    ),
    (
        "quircs",
        r#"quircs = "0.10""#,
        "quircs::Quirc::default().identify(w, h, grey).filter_map(|c| c.ok()?.decode().ok()).find_map(|d| String::from_utf8(d.payload).ok())",
    ),
    (
        "rqrr",
        r#"rqrr = { version = "0.11", default-features = false }"#,
        "let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey[y * w + x]);
         img.detect_grids().into_iter().find_map(|g| g.decode().ok()).map(|(_, t)| t)",
    ),
];

/// Decodes every frame of `frames.bin` with one bound module, in Node.js; prints JSON.
const TIMER: &str = r#"
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const [, , jsPath, wasmPath, framesPath] = process.argv;
const mod = await import(pathToFileURL(jsPath).href);
mod.initSync({ module: fs.readFileSync(wasmPath) });
const buf = fs.readFileSync(framesPath);
const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
let off = 0, read = 0;
const ms = [];
while (off < buf.length) {
  const w = dv.getUint32(off, true), h = dv.getUint32(off + 4, true), n = dv.getUint32(off + 8, true);
  off += 12;
  const expected = buf.subarray(off, off + n).toString();
  off += n;
  const grey = buf.subarray(off, off + w * h);
  off += w * h;
  const t = performance.now();
  const text = mod.decode(grey, w, h);
  ms.push(performance.now() - t);
  if (text === expected) read++;
}
ms.sort((a, b) => a - b);
const at = (p) => ms[Math.round((ms.length - 1) * p)];
console.log(JSON.stringify({ read, total: ms.length, median: at(0.5), p90: at(0.9) }));
"#;

pub fn main(root: &Path, frames_dir: Option<&Path>, opt_level: &str) -> Result<()> {
    crate::setup::wasm_target()?;
    // Cargo takes levels 0-3 as numbers, "s" and "z" as strings.
    let opt = if opt_level.parse::<u8>().is_ok() { opt_level.to_string() } else { format!("{opt_level:?}") };
    let base = root.join("target/qrsize");
    std::fs::create_dir_all(&base)?;
    let frames = match frames_dir {
        Some(dir) => {
            let mut bin = Vec::new();
            for case in super::qrbench::load(dir)? {
                for n in [case.width, case.height, case.expected.len()] {
                    bin.extend_from_slice(&(n as u32).to_le_bytes());
                }
                bin.extend_from_slice(case.expected.as_bytes());
                bin.extend_from_slice(&case.grey);
            }
            std::fs::write(base.join("frames.bin"), bin)?;
            std::fs::write(base.join("time.mjs"), TIMER)?;
            true
        }
        None => false,
    };
    if frames {
        println!("| decoder | wasm bytes | brotli bytes | read in WASM (Node.js) | median ms | p90 ms |\n|---|---|---|---|---|---|");
    } else {
        println!("| decoder | wasm bytes | brotli bytes |\n|---|---|---|");
    }
    for (name, dep, body) in DECODERS {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join("src"))?;
        let dep = dep.replace("SCANNER", &root.join("scanner").display().to_string());
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"qrsize-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\n{dep}\nwasm-bindgen = \"=0.2.130\"\n\n\
                 [profile.release]\nopt-level = {opt}\nlto = true\ncodegen-units = 1\npanic = \"abort\"\n\n[workspace]\n"
            ),
        )?;
        std::fs::write(
            dir.join("src/lib.rs"),
            format!(
                "use wasm_bindgen::prelude::*;\n#[wasm_bindgen]\npub fn decode(grey: &[u8], w: usize, h: usize) -> Option<String> {{\n    {body}\n}}\n"
            ),
        )?;
        // The workspace's lock file, so that the versions are the app's.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        crate::run_cmd(
            crate::cargo()
                .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", base.join("target"))
                .env_remove("RUSTFLAGS"),
        )?;
        let wasm = base.join(format!("target/wasm32-unknown-unknown/release/qrsize_{name}.wasm"));
        let out = dir.join("bound");
        let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
        bindgen.input_path(&wasm).web(true)?.typescript(false).remove_name_section(true).remove_producers_section(true);
        bindgen.generate(&out).context("wasm-bindgen")?;
        let wasm_bound = out.join(format!("qrsize_{name}_bg.wasm"));
        let bytes = std::fs::read(&wasm_bound)?;
        print!("| {name} | {} | {} |", bytes.len(), crate::size::brotli(&bytes)?);
        if frames {
            let output = Command::new("node")
                .arg(base.join("time.mjs"))
                .arg(out.join(format!("qrsize_{name}.js")))
                .arg(&wasm_bound)
                .arg(base.join("frames.bin"))
                .output()
                .context("running node")?;
            let text = String::from_utf8_lossy(&output.stdout);
            if !output.status.success() {
                anyhow::bail!("node failed: {}{}", text, String::from_utf8_lossy(&output.stderr));
            }
            let field = |key: &str| -> f64 {
                text.split(&format!("\"{key}\":"))
                    .nth(1)
                    .and_then(|r| r.split([',', '}']).next())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(f64::NAN)
            };
            let (read, total) = (field("read"), field("total"));
            print!(" {:.1}% ({read}/{total}) | {:.1} | {:.1} |", 100.0 * read / total, field("median"), field("p90"));
        }
        println!();
    }
    Ok(())
}
