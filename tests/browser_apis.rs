//! Architecture invariant: browser APIs (`web_sys`, `js_sys`) are touched only by the thin
//! browser layer, `src/platform.rs` and `src/camera.rs`; everything else stays testable
//! natively. `wasm_bindgen` appears only in `src/lib.rs`, for the module's exported entries.

mod common;

use std::path::Path;

/// The browser API uses in `src` of a file at `rel` (its path under `src/`), outside comments.
fn uses_in(rel: &str, src: &str) -> Vec<String> {
    let browser_layer = ["platform.rs", "camera.rs"].contains(&rel);
    let mut words = vec![];
    if !browser_layer {
        words.extend(["web_sys", "js_sys"]);
    }
    if !browser_layer && rel != "lib.rs" {
        words.push("wasm_bindgen");
    }
    let mut found = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for word in &words {
            if code.contains(word) {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn browser_apis_only_in_the_browser_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = common::rust_files(&src);
    assert!(files.len() > 10, "scanned too few files: {}", files.len());
    let mut all = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        all.extend(uses_in(&rel, &std::fs::read_to_string(&f).expect("read")));
    }
    assert!(all.is_empty(), "browser APIs outside src/platform.rs and src/camera.rs:\n{}", all.join("\n"));
}

#[test]
fn the_check_catches_what_it_should() {
    assert_eq!(uses_in("vault.rs", "let js = js_sys::JsString::from(s);").len(), 1);
    assert_eq!(uses_in("components/scanner.rs", "let v: Option<web_sys::HtmlVideoElement> = x;").len(), 1);
    assert_eq!(uses_in("state.rs", "#[wasm_bindgen::prelude::wasm_bindgen]").len(), 1);
    assert!(uses_in("lib.rs", "#[wasm_bindgen::prelude::wasm_bindgen]").is_empty());
    assert!(uses_in("platform.rs", "js_sys::Date::now()").is_empty());
    assert!(uses_in("vault.rs", "// not js_sys: platform::nfc").is_empty());
}
