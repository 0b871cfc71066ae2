//! A small static file server for the built site (GET/HEAD only, loopback).
//! Unknown paths without a file extension get index.html, so deep links work. A file's
//! precompressed copy (`.br`, `.gz`, written by the build) is sent when the client accepts it.

use crate::compress::{negotiate, Encoding, ENCODINGS};
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
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
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

/// One request: what the response depends on.
struct Request {
    method: String,
    target: String,
    accept_encoding: String,
    /// The client asked to close the connection after this response (or speaks HTTP/1.0).
    close: bool,
}

/// Reads one request's head; `None` at the end of the connection.
fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<Request>> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(None);
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut close = parts.next().is_none_or(|v| v != "HTTP/1.1");
    let mut accept_encoding = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("accept-encoding") {
                accept_encoding = value.to_string();
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
    }
    Ok(Some(Request { method, target, accept_encoding, close }))
}

/// Answers the requests of one connection, keeping it open between them as real hosts do
/// (a phone pays a round trip, or three with TLS, for each new connection).
fn handle(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(15)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    while let Some(req) = read_request(&mut reader)? {
        respond(&mut out, dir, &req)?;
        if req.close {
            break;
        }
    }
    out.flush()
}

fn respond(stream: &mut TcpStream, dir: &Path, req: &Request) -> std::io::Result<()> {
    let connection = if req.close { "close" } else { "keep-alive" };
    if req.method != "GET" && req.method != "HEAD" {
        let head = format!("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: {connection}\r\n\r\n");
        return stream.write_all(head.as_bytes());
    }
    let Some(file) = resolve(dir, &req.target) else {
        let head = format!("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: {connection}\r\n\r\n");
        return stream.write_all(head.as_bytes());
    };
    let name = file.strip_prefix(dir).ok().and_then(|n| n.to_str()).unwrap_or_default();
    // The precompressed copy the client accepts, if the build wrote one (see compress.rs).
    let sibling = |enc: Encoding| {
        let mut p = file.as_os_str().to_owned();
        p.push(enc.suffix());
        PathBuf::from(p)
    };
    let available: Vec<Encoding> = ENCODINGS.into_iter().filter(|e| sibling(*e).is_file()).collect();
    let chosen = negotiate(&req.accept_encoding, &available);
    let body = std::fs::read(chosen.map(sibling).unwrap_or_else(|| file.clone()))?;
    // Files in the module folder (app-<hash>/...) never change content; everything else is
    // revalidated.
    let hashed = name.starts_with("app-");
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nConnection: {connection}\r\n",
        content_type(&file),
        body.len()
    );
    if let Some(enc) = chosen {
        head.push_str(&format!("Content-Encoding: {}\r\n", enc.token()));
    }
    if !available.is_empty() {
        head.push_str("Vary: Accept-Encoding\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if req.method == "GET" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// One request on its own connection: (head, body bytes).
    fn get_with(addr: &str, path: &str, headers: &str) -> (String, Vec<u8>) {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n").expect("write");
        let mut out = Vec::new();
        s.read_to_end(&mut out).expect("read");
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").map_or(out.len(), |i| i + 4);
        (String::from_utf8_lossy(&out[..split]).into_owned(), out[split..].to_vec())
    }

    fn get(addr: &str, path: &str) -> (String, String) {
        let (head, body) = get_with(addr, path, "");
        (head, String::from_utf8_lossy(&body).into_owned())
    }

    fn site(name: &str) -> (PathBuf, String) {
        let dir = std::env::temp_dir().join(format!("karte-serve-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("app-0123456789")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><title>shell</title>").unwrap();
        std::fs::write(dir.join("app-0123456789.wasm"), b"\0asm").unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let d = dir.clone();
        std::thread::spawn(move || serve_on(listener, &d));
        (dir, addr)
    }

    #[test]
    fn serves_files_the_shell_for_routes_and_nothing_outside() {
        let (dir, addr) = site("plain");
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

    #[test]
    fn sends_the_precompressed_copy_the_client_accepts() {
        let (dir, addr) = site("encoded");
        let wasm: Vec<u8> = b"\0asm\x01\0\0\0".iter().copied().cycle().take(4000).collect();
        let wasm_path = dir.join("app-0123456789/app.wasm");
        std::fs::write(&wasm_path, &wasm).unwrap();
        crate::compress::write_precompressed(&wasm_path, &wasm).unwrap();
        let index = "<!doctype html><title>shell</title>".repeat(50);
        std::fs::write(dir.join("index.html"), &index).unwrap();
        crate::compress::write_precompressed(&dir.join("index.html"), index.as_bytes()).unwrap();

        let (head, body) = get_with(&addr, "/app-0123456789/app.wasm", "Accept-Encoding: gzip, deflate, br, zstd\r\n");
        assert!(head.contains("Content-Encoding: br") && head.contains("Vary: Accept-Encoding"), "{head}");
        assert!(head.contains("Content-Type: application/wasm") && head.contains("immutable"), "{head}");
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        assert_eq!(plain, wasm);
        let (head, body) = get_with(&addr, "/app-0123456789/app.wasm", "Accept-Encoding: gzip\r\n");
        assert!(head.contains("Content-Encoding: gzip") && body.len() < wasm.len(), "{head}");
        let (head, body) = get_with(&addr, "/app-0123456789/app.wasm", "");
        assert!(!head.contains("Content-Encoding") && head.contains("Vary: Accept-Encoding"), "{head}");
        assert_eq!(body, wasm);
        // A deep link gets the shell, compressed, and still never cached.
        let (head, body) = get_with(&addr, "/visits", "Accept-Encoding: br\r\n");
        assert!(head.contains("Content-Encoding: br") && head.contains("text/html") && head.contains("no-cache"), "{head}");
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        assert_eq!(plain, index.as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn keeps_the_connection_for_the_next_request() {
        let (dir, addr) = site("keepalive");
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /app-0123456789.wasm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
        assert!(text.contains("Connection: keep-alive") && text.ends_with("\0asm"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
