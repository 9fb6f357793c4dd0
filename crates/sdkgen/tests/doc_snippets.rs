//! Every ```` ```rust ```` block of `generated/README.md` and `generated/documentation/**/*.md`
//! compiles against the generated crate, and the token and revocation examples run; the blocks of
//! the streamed-bodies SDK (`e2e/sdks/streams`: server-sent events, JSON lines, downloads and
//! uploads) compile against it.
//!
//! The blocks become modules of one temporary crate under `target/doc-snippets/` that depends on
//! `ring-central` by path; `cargo test` there builds them all at once (so a snippet that does not
//! compile fails this test, with the compiler's message naming the page and line), then runs the
//! examples that only talk to the token and revocation endpoints against a local wiremock server
//! (their `.environment(...)` line is pointed at it). The other examples are compiled only: they
//! would need real credentials or a browser.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Snippet {
    /// `README.md:42`
    origin: String,
    code: String,
    runnable: bool,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// The ```` ```rust ```` blocks of a Markdown text: `(line of the fence, code)`.
fn rust_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        match &mut current {
            None if t.starts_with("```") && t.trim_start_matches('`').split(',').next().map(str::trim) == Some("rust") => current = Some((i + 1, String::new())),
            None => {}
            Some(_) if t.starts_with("```") => out.extend(current.take()),
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
        }
    }
    assert!(current.is_none(), "unterminated ```rust block");
    out
}

/// Examples that only call the token and revocation endpoints (and build URLs) can run against a
/// mock server.
fn runnable(code: &str) -> bool {
    (code.contains(".get_token(") || code.contains(".revoke_token(") || code.contains(".revoke()"))
        && !code.contains(".authorize(")
        && !code.contains(".authorize2(")
        && !code.contains("read_to_string")
}

fn collect(sdk: &str) -> Vec<Snippet> {
    let generated = workspace_root().join(sdk);
    let mut files = vec![generated.join("README.md")];
    markdown_files(&generated.join("documentation"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let rel = f.strip_prefix(&generated).unwrap_or(&f).display().to_string();
        for (line, code) in rust_blocks(&text) {
            out.push(Snippet { origin: format!("{rel}:{line}"), runnable: runnable(&code), code });
        }
    }
    out
}

/// Points the client of a runnable example at the mock server.
fn redirect_to_mock(code: &str) -> String {
    code.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with(".environment(Environment::") || t.starts_with(".base_url(") {
                format!("{}.base_url(crate::base_url())", &l[..l.len() - t.len()])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const MOCK_TESTS: &str = r#"
#[cfg(test)]
mod run_against_mock {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[test]
    fn token_and_revocation_examples_run() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/restapi/oauth/token"))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "access_token": "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw",
                    "token_type": "bearer",
                    "expires_in": 3600,
                    "refresh_token": "U1BCMDFUMDRKV1MwMXxzLFL4ec6A0XMsUv9wLriecyxS_w",
                    "refresh_token_expires_in": 604800,
                    "scope": "ReadAccounts",
                    "owner_id": "256440016",
                    "session_id": "session"
                })))
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path("/restapi/oauth/revoke"))
                .respond_with(ResponseTemplate::new(200))
                .mount(&server)
                .await;
            server
        });
        crate::BASE_URL.set(server.uri()).unwrap();
        let mut failures = Vec::new();
        for (origin, run) in crate::RUNNABLE {
            // Each example builds its own runtime (`#[tokio::main]`): run it outside ours.
            if let Err(e) = run() {
                failures.push(format!("{origin}: {e}"));
            }
        }
        let received = rt.block_on(server.received_requests()).unwrap_or_default();
        assert!(failures.is_empty(), "examples failed against the mock server:\n{}", failures.join("\n"));
        assert!(received.len() >= crate::RUNNABLE.len(), "expected every example to send a request, got {}", received.len());
        for r in &received {
            assert_eq!(r.method.as_str(), "POST");
            assert_eq!(r.headers.get("content-type").map(|v| v.to_str().unwrap_or("")), Some("application/x-www-form-urlencoded"), "{}", r.url);
        }
        eprintln!("ran {} examples against the mock server ({} requests)", crate::RUNNABLE.len(), received.len());
    }
}
"#;

#[test]
fn every_rust_snippet_compiles_and_token_examples_run() {
    let snippets = collect("generated");
    assert!(!snippets.is_empty(), "no ```rust blocks found in generated/README.md and generated/documentation/");
    let root = workspace_root();
    let dir = root.join("target").join("doc-snippets");
    std::fs::create_dir_all(dir.join("src")).expect("create target/doc-snippets");

    let manifest = format!(
        r#"[package]
name = "doc-snippets"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ring-central = {{ path = {generated:?} }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
serde_json = "1"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "multipart"] }}
bytes = "1"

[dev-dependencies]
wiremock = "0.6"

[workspace]
"#,
        generated = root.join("generated").display().to_string()
    );
    let mut lib = String::from(
        "//! Generated by crates/sdkgen/tests/doc_snippets.rs: one module per ```rust block.\n#![allow(unused, dead_code, clippy::all)]\n\npub static BASE_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();\n\n/// The mock server's URL.\npub fn base_url() -> String {\n    BASE_URL.get().cloned().expect(\"BASE_URL is set by the test\")\n}\n\n",
    );
    let mut runnable = Vec::new();
    for (i, s) in snippets.iter().enumerate() {
        let code = if s.runnable { redirect_to_mock(&s.code) } else { s.code.clone() };
        let run = if s.runnable { "\npub fn run() -> Result<(), String> {\n    main().map_err(|e| e.to_string())\n}\n" } else { "" };
        writeln!(lib, "/// {}\n#[rustfmt::skip]\npub mod snippet_{i} {{\n// snippet from {}\n{code}{run}\n}}\n", s.origin, s.origin).unwrap();
        if s.runnable {
            runnable.push(format!("    ({:?}, snippet_{i}::run),", s.origin));
        }
    }
    writeln!(lib, "/// The examples run against the mock server.\npub static RUNNABLE: &[(&str, fn() -> Result<(), String>)] = &[\n{}\n];", runnable.join("\n")).unwrap();
    lib.push_str(MOCK_TESTS);

    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(&dir.join("src/lib.rs"), &lib);
    if !dir.join("Cargo.lock").exists() {
        // Start from the workspace's versions (the crate has its own lock file afterwards).
        let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env("RUSTFLAGS", "-D warnings -A unused -A dead_code")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the documentation snippets do not compile or run (sources: {}):\n{stderr}\n{stdout}",
        dir.join("src/lib.rs").display()
    );
    let ran = snippets.iter().filter(|s| s.runnable).count();
    eprintln!("{} snippets compiled, {ran} run against a mock server", snippets.len());
    assert!(ran >= 2, "expected the token and revocation examples to run, found {ran}");
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// The streamed calls shown in the README and service pages of the `s01` SDK compile.
#[test]
fn streamed_call_snippets_compile() {
    let snippets = collect("e2e/sdks/streams");
    let streamed = snippets.iter().filter(|s| s.code.contains(".next().await")).count();
    assert!(streamed >= 5, "expected the streamed calls in the docs, found {streamed} of {}", snippets.len());
    let root = workspace_root();
    let dir = root.join("target").join("doc-snippets-streams");
    std::fs::create_dir_all(dir.join("src")).expect("create target/doc-snippets-streams");
    let manifest = format!(
        r#"[package]
name = "doc-snippets-streams"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
streams = {{ path = {sdk:?} }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
serde_json = "1"
bytes = "1"

[workspace]
"#,
        sdk = root.join("e2e/sdks/streams").display().to_string()
    );
    let mut lib = String::from("//! Generated by crates/sdkgen/tests/doc_snippets.rs: one module per ```rust block.\n#![allow(unused, dead_code, clippy::all)]\n\n");
    for (i, s) in snippets.iter().enumerate() {
        writeln!(lib, "/// {}\n#[rustfmt::skip]\npub mod snippet_{i} {{\n// snippet from {}\n{}\n}}\n", s.origin, s.origin, s.code).unwrap();
    }
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(&dir.join("src/lib.rs"), &lib);
    if !dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        // The dependencies are those of the RingCentral snippets' crate: built once for both.
        .env("CARGO_TARGET_DIR", root.join("target").join("doc-snippets").join("target"))
        .env_remove("RUSTFLAGS")
        .env("RUSTFLAGS", "-D warnings -A unused -A dead_code")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the streamed-call snippets do not compile (sources: {}):\n{}",
        dir.join("src/lib.rs").display(),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{} snippets of the streams SDK compiled ({streamed} streamed calls)", snippets.len());
}
