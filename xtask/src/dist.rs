//! Builds the static site: the app compiled to WebAssembly, bound with wasm-bindgen (as a
//! library, same version as the app's), content-hashed file names, an index.html and a service
//! worker that precaches exactly this build under a cache named by its hash.

use crate::{compress, run_cmd, setup};
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

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

/// Files in `public/` that are templates or go into the module folder, not copied as they are.
const TEMPLATES: [&str; 5] = ["index.html", "sw.js", "style.css", "kdf-worker.js", "scan-worker.js"];

/// Hex of the first `len` bytes of SHA-256 over `prefix` and every (name, content) pair: names
/// the module folder and the build.
fn files_hash(prefix: &[u8], files: &[(String, Vec<u8>)], len: usize) -> String {
    let mut h = Sha256::new();
    h.update(prefix);
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    h.finalize().iter().take(len).map(|b| format!("{b:02x}")).collect()
}

/// Builds the site described by `opts`.
pub fn build(root: &Path, opts: &Options) -> Result<Built> {
    setup::wasm_target()?;
    let mut cargo = crate::cargo();
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

    let label = opts.label.as_deref().unwrap_or("main");
    let mut module_files = split_and_bind(&wasm_in, &target_dir.join(format!("split-{label}")), &target_dir.join(format!("bindgen-{label}")))?;

    let dir = &opts.dir;
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    let public = root.join("public");

    // The app's module files refer to each other by relative names (app.js imports split.js,
    // which imports app.js and fetches the chunks), so they are not hashed one by one: they
    // live together in a folder named by the hash of all of them. A name never refers to two
    // different contents.
    module_files.push(("kdf-worker.js".into(), fs::read(public.join("kdf-worker.js"))?));
    module_files.push(("scan-worker.js".into(), fs::read(public.join("scan-worker.js"))?));
    module_files.sort();
    let module_dir = format!("app-{}", files_hash(b"", &module_files, 5));
    let mut shipped: Vec<(String, Vec<u8>)> =
        module_files.into_iter().map(|(n, b)| (format!("{module_dir}/{n}"), b)).collect();
    // The style sheet goes inside index.html: the first screen (static markup) then paints as
    // soon as the HTML arrives, without waiting for a second, render-blocking request.
    let style = fs::read_to_string(public.join("style.css"))?;
    // Static assets, copied as they are.
    copy_public(&public, &public, &mut shipped)?;

    // The first screen (before the WebAssembly) in every locale, texts from locales/.
    let template = crate::locales::Texts::load(&root.join("locales"))?.render_index(&fs::read_to_string(public.join("index.html"))?)?;
    shipped.sort();
    let build_id = files_hash(format!("{template}{style}").as_bytes(), &shipped, 6);

    let index = template
        .replace("{{APP_JS}}", &format!("{module_dir}/app.js"))
        .replace("{{APP_WASM}}", &format!("{module_dir}/app.wasm"))
        .replace("{{KDF_WORKER}}", &format!("{module_dir}/kdf-worker.js"))
        .replace("{{BUILD}}", &build_id);
    if index.contains("{{") {
        bail!("public/index.html has an unknown {{...}} placeholder");
    }
    let Some((head, tail)) = index.split_once("<style></style>") else {
        bail!("public/index.html has no <style></style> for the style sheet");
    };
    let index = format!("{head}<style>{}</style>{tail}", style.trim());
    shipped.push(("index.html".into(), index.into_bytes()));

    let mut precache: Vec<String> = shipped.iter().map(|(n, _)| format!("/{n}")).collect();
    precache.sort();
    let sw = fs::read_to_string(public.join("sw.js"))?
        .replace("__BUILD_ID__", &build_id)
        .replace("__PRECACHE__", &format!("{precache:?}"));

    shipped.push(("sw.js".into(), sw.into_bytes()));
    for (name, bytes) in &shipped {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
    }
    // What a real host serves: brotli and gzip copies beside each file (see compress.rs).
    precompress(dir, &shipped)?;
    Ok(Built { dir: dir.clone(), build_id })
}

/// Writes the `.br` and `.gz` copies of `files` under `dir`, on two threads (brotli at its
/// highest quality is the slow part of a build after the compiler).
fn precompress(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let (a, b): (Vec<_>, Vec<_>) = files.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    std::thread::scope(|s| {
        let work = |part: Vec<(usize, &(String, Vec<u8>))>| -> Result<()> {
            for (_, (name, bytes)) in part {
                compress::write_precompressed(&dir.join(name), bytes)?;
            }
            Ok(())
        };
        let other = s.spawn(move || work(b));
        let mine = work(a);
        other.join().map_err(|_| anyhow::anyhow!("compression thread panicked"))??;
        mine
    })
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

/// The wasm-split step, then wasm-bindgen on the main part. Returns the module folder's files:
/// `app.js` (bindings), `app.wasm` (main part), `split.js` (loads chunks on first use) and
/// the chunks (`*.wasm`, custom sections dropped).
fn split_and_bind(wasm_in: &Path, split_dir: &Path, bind_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    for d in [split_dir, bind_dir] {
        let _ = fs::remove_dir_all(d);
        fs::create_dir_all(d)?;
    }
    let input = fs::read(wasm_in).with_context(|| format!("reading {}", wasm_in.display()))?;
    let main_part = split_dir.join("main.wasm");
    let mut split_opts = wasm_split_cli_support::Options::new(&input);
    split_opts.output_dir = split_dir;
    split_opts.main_out_path = &main_part;
    split_opts.main_module = "./app.js";
    split_opts.link_name = "./split.js";
    let split = wasm_split_cli_support::transform(split_opts).map_err(|e| anyhow::anyhow!("wasm-split: {e:?}"))?;

    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&main_part)
        .out_name("app")
        .web(true)?
        .typescript(false)
        // The chunks link against the main part's own exports (table, memory, stack pointer).
        .keep_lld_exports(true)
        // KARTE_KEEP_NAMES=1 keeps function names, for `twiggy` size analysis of what ships.
        .remove_name_section(std::env::var_os("KARTE_KEEP_NAMES").is_none())
        .remove_producers_section(true);
    bindgen.generate(bind_dir).context("wasm-bindgen")?;

    let mut files = vec![
        ("app.js".to_string(), fs::read(bind_dir.join("app.js"))?),
        ("app.wasm".to_string(), fs::read(bind_dir.join("app_bg.wasm"))?),
        ("split.js".to_string(), fs::read(split_dir.join("split.js"))?),
    ];
    for chunk in &split.split_modules {
        let name = chunk.file_name().and_then(|n| n.to_str()).context("chunk name")?.to_string();
        let keep_names = std::env::var_os("KARTE_KEEP_NAMES").is_some();
        let mut module = walrus::ModuleConfig::new()
            .generate_name_section(keep_names)
            .generate_producers_section(false)
            .parse_file(chunk)
            .with_context(|| format!("reading chunk {name}"))?;
        if !keep_names {
            let customs: Vec<_> = module.customs.iter().map(|(id, _)| id).collect();
            for id in customs {
                module.customs.delete(id);
            }
        }
        files.push((name, module.emit_wasm()));
    }
    Ok(files)
}
