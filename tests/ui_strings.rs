//! No user-visible string is written in the UI code: every text comes from `locales/`.
//!
//! Scans `src/**/*.rs`: Japanese characters outside comments, text nodes in `view!` blocks,
//! literal values of the attributes a user sees or hears (aria-label, title, placeholder,
//! alt), and punctuation assembled by `format!` around texts (`"{} ({})"`) are refused.

mod common;

use std::path::Path;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// The source without `//` comments (doc comments included).
fn strip_comments(src: &str) -> String {
    src.lines()
        .map(|l| match l.find("//") {
            // keep `://` inside strings such as URLs
            Some(i) if !l[..i].ends_with(':') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The bodies of every `view! { ... }` block, with nested `{ ... }` Rust expressions blanked.
fn view_bodies(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("view! {") {
        let body = &rest[i + "view! {".len()..];
        let mut depth = 1usize;
        let mut text = String::new();
        let mut end = body.len();
        for (j, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                _ if depth == 1 => text.push(c),
                _ => {}
            }
        }
        out.push(text);
        rest = &body[end.min(body.len())..];
    }
    out
}

/// The literal of each `format!("...")` in `code`.
fn format_literals(code: &str) -> Vec<&str> {
    code.match_indices("format!(\"")
        .filter_map(|(i, m)| {
            let rest = &code[i + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Punctuation a `format!` puts around text it assembles (`"{} ({})"`, `"{}: {} {}"`): in
/// Japanese it must be full width, so the locale decides it, not the code.
fn assembled_punctuation(literal: &str) -> Option<char> {
    let mut depth = 0;
    let mut prev = ' ';
    let mut has_placeholder = false;
    let mut found = None;
    for c in literal.chars() {
        match c {
            '{' => {
                depth += 1;
                has_placeholder = true;
            }
            '}' => depth -= 1,
            '(' | ')' if depth == 0 => found = found.or(Some(c)),
            ' ' if depth == 0 && prev == ':' => found = found.or(Some(':')),
            _ => {}
        }
        prev = c;
    }
    found.filter(|_| has_placeholder)
}

fn problems_in(src: &str) -> Vec<String> {
    let code = strip_comments(src);
    let mut found = Vec::new();
    for literal in format_literals(&code) {
        if let Some(p) = assembled_punctuation(literal) {
            found.push(format!("format!(\"{literal}\") puts `{p}` between texts: a locale key decides punctuation"));
        }
    }
    for (n, line) in code.lines().enumerate() {
        if line.chars().any(is_cjk) {
            found.push(format!("line {}: Japanese text in code: {}", n + 1, line.trim()));
        }
    }
    for body in view_bodies(&code) {
        // Text nodes: `>text<` with a letter in it.
        for piece in body.split('>').skip(1) {
            let text = piece.split('<').next().unwrap_or_default().trim();
            if text.chars().any(char::is_alphabetic) && !text.contains("=>") {
                found.push(format!("text node in view!: {text:?}"));
            }
        }
        for attr in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            if body.contains(attr) {
                found.push(format!("literal {attr}...\" in view!"));
            }
        }
    }
    found
}

#[test]
fn ui_code_holds_no_user_visible_strings() {
    let files = common::rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(files.len() > 10, "scanned too few files: {}", files.len());
    let mut all = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).expect("read");
        for p in problems_in(&src) {
            all.push(format!("{}: {p}", f.display()));
        }
    }
    assert!(all.is_empty(), "hard-coded UI strings:\n{}", all.join("\n"));
}

#[test]
fn the_scanner_catches_what_it_should() {
    assert!(!problems_in("let x = view! { <p>\"Hello\"</p> };").is_empty(), "a quoted text node");
    assert!(!problems_in("view! { <p>Hello</p> }").is_empty(), "a bare text node");
    assert!(!problems_in("view! { <h1>Hello there</h1> }").is_empty());
    assert!(!problems_in("let s = \"次回\";").is_empty());
    assert!(!problems_in("view! { <button aria-label=\"Close\">{t}</button> }").is_empty());
    assert!(problems_in("view! { <h1>{tr(K::a)}</h1> } // 次回").is_empty());
    assert!(problems_in("view! { <p class=\"x\">{move || f(a)}</p> }").is_empty());
    // Punctuation assembled by format! (the locale decides it), but not in ids, classes,
    // coordinates or protocol texts.
    assert!(!problems_in("let s = format!(\"{} ({})\", a, b);").is_empty());
    assert!(!problems_in("let s = format!(\" ({d})\");").is_empty());
    assert!(!problems_in("let s = format!(\"{}: {} {}\", a, b, c);").is_empty());
    assert!(problems_in("let s = format!(\"{x:.1},{y:.1}\");").is_empty());
    assert!(problems_in("let s = format!(\"WK1:{}\", t);").is_empty());
    assert!(problems_in("let s = format!(\"status-{} is-{}\", a, b);").is_empty());
    assert!(problems_in("let s = format!(\"(not assembled)\");").is_empty());
}
