//! A small static file server for the built site (GET/HEAD only, loopback).
//! Unknown paths without a file extension get index.html, so deep links work.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Serves `dir` on `addr` until the process is stopped.
pub fn serve(dir: &Path, addr: &str) -> Result<()> {
    let listener = TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
    println!("xtask: serving {} on http://{addr}/  (Ctrl-C to stop)", dir.display());
    serve_on(listener, dir);
    Ok(())
}

/// Serves `dir` on a free loopback port in the background and checks that `/` returns the
/// app shell of build `build_id` (what `cargo xtask serve` would answer).
pub fn check_shell(dir: &Path, build_id: &str) -> Result<()> {
    use std::io::Read;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let d = dir.to_path_buf();
    std::thread::spawn(move || serve_on(listener, &d));
    let mut s = TcpStream::connect(addr)?;
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n")?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let ok = out.starts_with("HTTP/1.1 200") && out.contains(&format!("content=\"{build_id}\"")) && out.contains("app-");
    if !ok {
        anyhow::bail!("GET / on the built site did not return the app shell of build {build_id}");
    }
    println!("xtask: GET / returns the app shell of build {build_id}");
    Ok(())
}

/// Answers every connection of `listener` from `dir`, forever.
pub fn serve_on(listener: TcpListener, dir: &Path) {
    for stream in listener.incoming().flatten() {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `dir`, refusing `..`.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let mut out = dir.to_path_buf();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    if out.is_file() {
        return Some(out);
    }
    // A client-side route (no extension): the app shell.
    let last = path.rsplit('/').next().unwrap_or_default();
    (!last.contains('.')).then(|| dir.join("index.html"))
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return stream.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    let Some(file) = resolve(dir, target) else {
        return stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    };
    let body = std::fs::read(&file)?;
    let name = file.strip_prefix(dir).ok().and_then(|n| n.to_str()).unwrap_or_default();
    // Hashed names (app-<hash>/..., style-<hash>.css) never change content; everything else
    // is revalidated.
    let hashed = ["app-", "style-"].iter().any(|p| name.starts_with(p));
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method == "GET" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(addr: &str, path: &str) -> (String, String) {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
        (head.to_string(), body.to_string())
    }

    #[test]
    fn serves_files_the_shell_for_routes_and_nothing_outside() {
        let dir = std::env::temp_dir().join(format!("karte-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><title>shell</title>").unwrap();
        std::fs::write(dir.join("app-0123456789.wasm"), b"\0asm").unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let d = dir.clone();
        std::thread::spawn(move || serve_on(listener, &d));

        let (head, body) = get(&addr, "/");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/html") && head.contains("no-cache"), "{head}");
        assert!(body.contains("shell"));
        let (head, body) = get(&addr, "/schedule");
        assert!(head.starts_with("HTTP/1.1 200") && body.contains("shell"), "deep link gets the shell");
        let (head, _) = get(&addr, "/app-0123456789.wasm");
        assert!(head.contains("application/wasm") && head.contains("immutable"), "{head}");
        let (head, _) = get(&addr, "/missing.js");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        let (head, _) = get(&addr, "/../../etc/passwd");
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
