//! `cargo xtask qrsize`: the brotli size of a WebAssembly module that does nothing but decode
//! a grey frame, for each decoder `qrbench` compares. Each is a tiny cdylib written to a
//! temporary crate (`target/qrsize/<decoder>/`), built for wasm32 at opt-level "z" with LTO,
//! then bound by wasm-bindgen (as the app's build does) so the count is what would ship.

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

pub fn main(root: &Path) -> Result<()> {
    crate::setup::wasm_target()?;
    let base = root.join("target/qrsize");
    println!("| decoder | wasm bytes | brotli bytes |\n|---|---|---|");
    for (name, dep, body) in DECODERS {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join("src"))?;
        let dep = dep.replace("SCANNER", &root.join("scanner").display().to_string());
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"qrsize-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\n{dep}\nwasm-bindgen = \"=0.2.130\"\n\n\
                 [profile.release]\nopt-level = \"z\"\nlto = true\ncodegen-units = 1\npanic = \"abort\"\n\n[workspace]\n"
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
            Command::new("cargo")
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
        let bytes = std::fs::read(out.join(format!("qrsize_{name}_bg.wasm")))?;
        println!("| {name} | {} | {} |", bytes.len(), crate::size::brotli(&bytes));
    }
    Ok(())
}
