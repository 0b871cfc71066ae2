//! Builds the static site: the app compiled to WebAssembly, bound with wasm-bindgen (as a
//! library, same version as the app's), content-hashed file names, an index.html and a service
//! worker that precaches exactly this build under a cache named by its hash.

use crate::{run_cmd, setup};
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to build and where.
pub struct Options {
    /// Output folder; emptied first.
    pub dir: PathBuf,
    /// A label compiled into the app (shown in Settings); `None` for a normal build.
    pub label: Option<String>,
}

impl Options {
    /// A release build into `dir`.
    pub fn release(dir: PathBuf) -> Options {
        Options { dir, label: None }
    }
}

/// A finished build.
pub struct Built {
    /// Where the site is.
    pub dir: PathBuf,
    /// Hash of every shipped file: names the service-worker cache.
    pub build_id: String,
}

/// Files in `public/` that are templates, not copied as they are.
const TEMPLATES: [&str; 4] = ["index.html", "sw.js", "style.css", "kdf-worker.js"];

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Builds the site described by `opts`.
pub fn build(root: &Path, opts: &Options) -> Result<Built> {
    setup::wasm_target()?;
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build", "--release", "--locked", "--target", "wasm32-unknown-unknown", "-p", "watashi-no-karte", "--lib",
    ]);
    match &opts.label {
        Some(l) => cargo.env("KARTE_BUILD_LABEL", l),
        None => cargo.env_remove("KARTE_BUILD_LABEL"),
    };
    run_cmd(&mut cargo)?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let wasm_in = target_dir.join("wasm32-unknown-unknown/release/watashi_no_karte.wasm");

    let bind_dir = target_dir.join(format!("bindgen-{}", opts.label.as_deref().unwrap_or("main")));
    let _ = fs::remove_dir_all(&bind_dir);
    fs::create_dir_all(&bind_dir)?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm_in)
        .out_name("app")
        .web(true)?
        .typescript(false)
        // KARTE_KEEP_NAMES=1 keeps function names, for `twiggy` size analysis of what ships.
        .remove_name_section(std::env::var_os("KARTE_KEEP_NAMES").is_none())
        .remove_producers_section(true);
    bindgen.generate(&bind_dir).context("wasm-bindgen")?;

    let dir = &opts.dir;
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    let public = root.join("public");

    // Content-hashed app files: a name never refers to two different contents.
    let mut shipped: Vec<(String, Vec<u8>)> = Vec::new();
    for (src, stem, ext) in [
        (bind_dir.join("app.js"), "app", "js"),
        (bind_dir.join("app_bg.wasm"), "app", "wasm"),
        (public.join("style.css"), "style", "css"),
    ] {
        let bytes = fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
        shipped.push((format!("{stem}-{}.{ext}", short_hash(&bytes)), bytes));
    }
    // The key-derivation worker loads the same app module: it names the hashed files, so it
    // is hashed after them.
    let app_js = shipped[0].0.clone();
    let app_wasm = shipped[1].0.clone();
    let worker = fs::read_to_string(public.join("kdf-worker.js"))?
        .replace("{{APP_JS}}", &app_js)
        .replace("{{APP_WASM}}", &app_wasm);
    shipped.push((format!("kdf-worker-{}.js", short_hash(worker.as_bytes())), worker.into_bytes()));
    // Static assets, copied as they are.
    copy_public(&public, &public, &mut shipped)?;

    let template = fs::read_to_string(public.join("index.html"))?;
    let mut all = Sha256::new();
    all.update(template.as_bytes());
    shipped.sort();
    for (name, bytes) in &shipped {
        all.update(name.as_bytes());
        all.update(bytes);
    }
    let build_id: String = all.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();

    let find = |ext: &str, stem: &str| -> Result<String> {
        shipped
            .iter()
            .map(|(n, _)| n)
            .find(|n| n.starts_with(&format!("{stem}-")) && n.ends_with(ext))
            .cloned()
            .context("hashed file missing")
    };
    let index = template
        .replace("{{APP_JS}}", &find(".js", "app")?)
        .replace("{{APP_WASM}}", &find(".wasm", "app")?)
        .replace("{{STYLE}}", &find(".css", "style")?)
        .replace("{{KDF_WORKER}}", &find(".js", "kdf-worker")?)
        .replace("{{BUILD}}", &build_id);
    if index.contains("{{") {
        bail!("public/index.html has an unknown {{...}} placeholder");
    }
    shipped.push(("index.html".into(), index.into_bytes()));

    let mut precache: Vec<String> = shipped.iter().map(|(n, _)| format!("/{n}")).collect();
    precache.sort();
    let sw = fs::read_to_string(public.join("sw.js"))?
        .replace("__BUILD_ID__", &build_id)
        .replace("__PRECACHE__", &format!("{precache:?}"));

    for (name, bytes) in &shipped {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
    }
    fs::write(dir.join("sw.js"), sw)?;
    Ok(Built { dir: dir.clone(), build_id })
}

fn copy_public(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let rel = path.strip_prefix(base)?.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            copy_public(base, &path, out)?;
        } else if !TEMPLATES.contains(&rel.as_str()) {
            out.push((rel, fs::read(&path)?));
        }
    }
    Ok(())
}
