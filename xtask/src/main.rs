//! Build automation for 私のカルテ. Run from anywhere in the repo:
//!
//! - `cargo xtask serve`  builds the release site and serves it on http://127.0.0.1:8080
//! - `cargo xtask test`   installs what the tests need, then runs every test (native + browser)
//! - `cargo xtask dist`   writes the deployable static site to `dist/`
//! - `cargo xtask size`   prints the shell's bytes (raw, gzip, brotli) and checks the budget
//! - `cargo xtask bench`  runs the benchmarks (vault unlock natively and in Chromium, the share
//!   protocol's sizes and times, QR decoding, the clinic visit, start-up: Lighthouse and the
//!   offline cold start); `cargo xtask bench startup` runs the start-up part alone
//! - `cargo xtask qrset OUT_DIR` writes a seeded degraded QR image set; `cargo xtask qrbench DIR`
//!   measures the scanner's read rate on such a set, `cargo xtask qrsize` decoder sizes in
//!   WebAssembly (see docs/qr-decoders.md)
//! - `cargo xtask review-sheet [PATH_ID] --out DIR` writes the clinician's review sheets, one
//!   HTML page per care path (rules, sources, dated schedules, guidance beside the insert
//!   clauses; `--lang en`, `--anchor YYYY-MM-DD` for the example date)
//!
//! Everything is installed on demand and skipped when present, so a fresh machine needs only
//! cargo (see README.md).

mod compress;
mod dist;
mod locales;
mod qr;
mod review;
mod serve;
mod setup;
mod size;

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repo_root();
    std::env::set_current_dir(&root)?;
    if let Some(command) = args.first() {
        check_args(command, &args[1..])?;
    }
    match args.first().map(String::as_str) {
        Some("serve") => {
            let port = flag_value(&args, "--port").unwrap_or_else(|| "8080".into());
            let out = dist::build(&root, &dist::Options::release(root.join("dist")))?;
            serve::serve(&out.dir, &format!("127.0.0.1:{port}"))
        }
        Some("dist") => {
            let dir = flag_value(&args, "--out").map(PathBuf::from).unwrap_or_else(|| root.join("dist"));
            let mut opts = dist::Options::release(dir);
            opts.label = flag_value(&args, "--label");
            let out = dist::build(&root, &opts)?;
            println!("dist: {} (build {})", out.dir.display(), out.build_id);
            Ok(())
        }
        Some("size") => {
            let out = dist::build(&root, &dist::Options::release(root.join("dist")))?;
            size::report(&out.dir)
        }
        Some("test") => test(&root),
        Some("bench") => bench(&root, args.get(1).map(String::as_str)),
        Some("qrset") => qr::qrset::generate(&qr::qrset::Options::from_args(&args[1..])?),
        Some("qrbench") => qr::qrbench::main(&args[1..]),
        Some("qrsize") => {
            let dir = args.get(1).filter(|a| !a.starts_with("--")).map(Path::new);
            let opt = flag_value(&args, "--opt").unwrap_or_else(|| "z".into());
            qr::qrsize::main(&root, dir, &opt)
        }
        Some("review-sheet") => {
            let dir = flag_value(&args, "--out").map(PathBuf::from).unwrap_or_else(|| root.join("review-sheets"));
            let path = args.get(1).filter(|a| !a.starts_with("--")).map(String::as_str);
            let lang = flag_value(&args, "--lang").unwrap_or_else(|| "ja".into());
            let anchor = flag_value(&args, "--anchor").unwrap_or_else(|| "2026-04-01".into());
            for f in review::write(&dir, path, &lang, &anchor)? {
                println!("review sheet: {}", f.display());
            }
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            bail!("unknown or missing command")
        }
    }
}

const USAGE: &str = "usage: cargo xtask <serve [--port N] | test | dist [--out DIR] [--label L] | size | bench [startup] | qrset OUT_DIR [--seed N] [--count N] [--sample] | qrbench DIR [--decoder D|all] | qrsize [DIR] [--opt LEVEL] | review-sheet [PATH_ID] [--out DIR] [--lang ja|en] [--anchor DATE]>";

/// What each command accepts: its flags taking a value, its switches, how many positional
/// arguments at most.
fn accepted(command: &str) -> Option<(&'static [&'static str], &'static [&'static str], usize)> {
    Some(match command {
        "serve" => (&["--port"], &[], 0),
        "dist" => (&["--out", "--label"], &[], 0),
        "size" | "test" => (&[], &[], 0),
        "bench" => (&[], &[], 1),
        "qrset" => (&["--seed", "--count"], &["--sample"], 1),
        "qrbench" => (&["--decoder"], &[], 1),
        "qrsize" => (&["--opt"], &[], 1),
        "review-sheet" => (&["--out", "--lang", "--anchor"], &[], 1),
        _ => return None,
    })
}

/// Refuses an unknown flag, a flag without its value, or one positional argument too many,
/// instead of silently ignoring it (`dist --outdir X` writing to `dist/`).
fn check_args(command: &str, rest: &[String]) -> Result<()> {
    let Some((valued, switches, max_positional)) = accepted(command) else {
        return Ok(()); // an unknown command gets the usage below
    };
    let mut positional = 0;
    let mut i = 0;
    while i < rest.len() {
        let a = rest[i].as_str();
        if valued.contains(&a) {
            if rest.get(i + 1).is_none_or(|v| v.starts_with("--")) {
                bail!("`{command} {a}` needs a value\n{USAGE}");
            }
            i += 1;
        } else if a.starts_with('-') && !switches.contains(&a) {
            bail!("`{command}` has no flag `{a}`\n{USAGE}");
        } else if !a.starts_with('-') {
            positional += 1;
            if positional > max_positional {
                bail!("`{command}` takes no argument `{a}`\n{USAGE}");
            }
        }
        i += 1;
    }
    Ok(())
}

/// Cargo as it ran this xtask (`$CARGO`, set by cargo for the programs it runs: the same
/// toolchain), else `cargo` from `PATH`.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs every test: native (`cargo test --workspace`), the site-size budget, then the browser
/// tests in headless Chromium against two real builds (the second one to test updates).
fn test(root: &Path) -> Result<()> {
    setup::wasm_target()?;
    setup::chromium()?;
    setup::npm_packages(&root.join("tests/browser"))?;

    run_cmd(cargo().args(["test", "--workspace", "--locked"]))?;

    let v1 = dist::build(root, &dist::Options::release(root.join("dist")))?;
    serve::check_shell(&v1.dir, &v1.build_id)?;
    // The shell's size budget: a byte count, not a timing, so it is as reproducible as a test
    // and fails the run when the shell grows over it.
    size::report(&v1.dir)?;
    let mut next = dist::Options::release(root.join("target/dist-next"));
    next.label = Some("next".into());
    let v2 = dist::build(root, &next)?;
    if v1.build_id == v2.build_id {
        bail!("the second build has the same id as the first: the update test would prove nothing");
    }
    run_cmd(
        Command::new("node")
            .arg("run.mjs")
            .current_dir(root.join("tests/browser"))
            .env("KARTE_DIST", &v1.dir)
            .env("KARTE_DIST_NEXT", &v2.dir)
            .env("KARTE_BUILD", &v1.build_id)
            .env("KARTE_BUILD_NEXT", &v2.build_id),
    )?;
    println!("xtask: all tests passed");
    Ok(())
}

/// Benchmarks: the vault unlock natively (release) and in headless Chromium, the share
/// protocol, and the start-up (Lighthouse against the site as `cargo xtask serve` serves it,
/// and the offline cold start). `only = Some("startup")` runs the start-up part alone.
fn bench(root: &Path, only: Option<&str>) -> Result<()> {
    let startup_only = match only {
        None => false,
        Some("startup") => true,
        Some(other) => bail!("unknown benchmark `{other}` (known: startup)"),
    };
    if !startup_only {
        run_cmd(cargo().args([
            "run", "--release", "--locked", "-p", "karte-core", "--example", "unlock_bench",
        ]))?;
        // The share protocol: bytes, frames and QR versions, FHIR comparison, encode/decode times.
        run_cmd(cargo().args([
            "run", "--release", "--locked", "-p", "karte-core", "--example", "share_bench",
        ]))?;
    }
    setup::wasm_target()?;
    setup::chromium()?;
    setup::npm_packages(&root.join("tests/browser"))?;
    let out = dist::build(root, &dist::Options::release(root.join("dist")))?;
    if let Err(e) = size::report(&out.dir) {
        eprintln!("xtask: WARNING: {e:#}");
    }
    if !startup_only {
        run_cmd(
            Command::new("node")
                .arg("bench.mjs")
                .current_dir(root.join("tests/browser"))
                .env("KARTE_DIST", &out.dir),
        )?;
        // QR decoding: the degraded set (seed 1, 360 images), every decoder side by side
        // natively, then the app's own QR worker in headless Chromium (WebAssembly).
        let set = root.join("target/qrset");
        if !set.join("truth.tsv").exists() {
            qr::qrset::generate(&qr::qrset::Options { out: set.clone(), seed: 1, count: 360, sample: false })?;
        }
        qr::qrbench::main(&[set.display().to_string(), "--decoder".into(), "all".into()])?;
        run_cmd(
            Command::new("node")
                .arg("bench-scan.mjs")
                .current_dir(root.join("tests/browser"))
                .env("KARTE_DIST", &out.dir)
                .env("KARTE_QRSET", &set),
        )?;
        // The clinic visit: clicks to 様式2, and the first frame to the doctor's view by camera.
        run_cmd(Command::new("node").arg("bench-visit.mjs").current_dir(root.join("tests/browser")).env("KARTE_DIST", &out.dir))?;
    }
    // The same server as `cargo xtask serve`, on a free port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let dir = out.dir.clone();
    std::thread::spawn(move || serve::serve_on(listener, &dir));
    run_cmd(
        Command::new("node")
            .arg("startup.mjs")
            .current_dir(root.join("tests/browser"))
            .env("KARTE_URL", &url),
    )
}

/// Runs a command, failing with its name when it fails.
pub(crate) fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: running {shown}");
    let status = cmd.status().map_err(|e| anyhow::anyhow!("cannot start {shown}: {e}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Result<()> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        check_args(&args[0], &args[1..])
    }

    #[test]
    fn unknown_flags_and_stray_arguments_are_refused() {
        for ok in ["dist", "dist --out /tmp/d --label next", "serve --port 9000", "bench startup", "qrset out --seed 2 --sample", "qrsize dir --opt 3", "test", "review-sheet stomach-s1 --out /tmp/r --lang en"] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in ["dist --outdir /tmp/d", "dist --out", "dist --out --label x", "test --release", "serve 9000", "size extra", "qrbench dir --decoders all", "bench startup again", "review-sheet a b", "review-sheet --out"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cargo_is_the_one_running_xtask() {
        // Under `cargo test`, cargo sets $CARGO to itself.
        let expected = std::env::var_os("CARGO").expect("cargo sets CARGO");
        assert_eq!(cargo().get_program(), expected.as_os_str());
    }
}

fn repo_root() -> PathBuf {
    // xtask/ sits directly under the repository root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
