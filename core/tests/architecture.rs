//! Architecture invariant: the domain crate knows nothing about Leptos or the browser.

use std::path::Path;

const FORBIDDEN: [&str; 5] = ["leptos", "web-sys", "web_sys", "js-sys", "js_sys"];

fn rust_sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_domain_depends_on_no_ui_or_browser_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    for line in manifest.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
        let name = line.split(['=', ' ', '.']).next().unwrap_or_default();
        assert!(!FORBIDDEN.contains(&name), "karte-core must not depend on {name}");
    }
    let mut files = Vec::new();
    rust_sources(&root.join("src"), &mut files);
    assert!(files.len() >= 10);
    for f in files {
        let src = std::fs::read_to_string(&f).expect("read");
        for (n, line) in src.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for word in ["leptos::", "web_sys::", "js_sys::", "wasm_bindgen::"] {
                assert!(!code.contains(word), "{}:{}: uses {word}", f.display(), n + 1);
            }
        }
    }
}
