//! Installs what the build and the tests need, skipping whatever is already there.

use crate::run_cmd;
use anyhow::{bail, Result};
use std::path::Path;
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium: the browser the tests drive (never a downloaded one).
pub const CHROMIUM: &str = "/usr/bin/chromium";

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `rustup target add wasm32-unknown-unknown` unless installed.
pub fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    run_cmd(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Installs Debian packages that are missing (`apt-get`, through sudo when not root).
fn apt_install(packages: &[&str]) -> Result<()> {
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| -> Result<()> {
        let mut cmd = if is_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !is_root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run_cmd(&mut cmd)
    };
    apt(&["update"])?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// Debian's `chromium` for the browser tests, a Japanese font, ffmpeg and poppler-utils (the
/// share tests), and Node.js/npm if missing.
pub fn chromium() -> Result<()> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push("chromium");
    }
    // Japanese glyphs, so screenshots show text rather than boxes.
    let has_ja_font = output(Command::new("fc-list").arg(":lang=ja")).is_some_and(|s| !s.trim().is_empty());
    if !has_ja_font {
        missing.push("fonts-noto-cjk");
    }
    if output(Command::new("node").arg("--version")).is_none() {
        missing.extend(["nodejs", "npm"]);
    }
    // The share tests feed Chromium's fake camera with videos made from the app's own QR
    // frames (ffmpeg), and read the printed 様式2 back from its PDF (poppler-utils).
    if output(Command::new("ffmpeg").arg("-version")).is_none() {
        missing.push("ffmpeg");
    }
    if output(Command::new("pdftotext").arg("-v")).is_none() {
        missing.push("poppler-utils");
    }
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)?;
    if !Path::new(CHROMIUM).exists() {
        bail!("{CHROMIUM} is still missing after installing chromium");
    }
    Ok(())
}

/// The browser tests' npm packages (tests/browser/package.json): neither downloads a browser.
const NPM_PACKAGES: [&str; 3] = [
    // drives Debian's Chromium in the browser tests and benchmarks
    "playwright-core",
    // the start-up benchmark (`cargo xtask bench`), with the same Chromium (CHROME_PATH)
    "lighthouse",
    // FHIR.js: validates the FHIR export against the R4 core definitions (fhir.test.mjs)
    "fhir",
];

/// `npm ci` in the browser-test folder unless its lockfile's packages are installed.
pub fn npm_packages(dir: &Path) -> Result<()> {
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let up_to_date = match (std::fs::read(&stamp), std::fs::read_to_string(&lock)) {
        (Ok(_), Ok(_)) => NPM_PACKAGES.iter().all(|p| dir.join(format!("node_modules/{p}/package.json")).exists()),
        _ => false,
    };
    if up_to_date {
        return Ok(());
    }
    run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))
}
