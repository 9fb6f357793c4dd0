//! Project tasks: `cargo xtask codegen [--check]` regenerates `generated/` from
//! `specs/ringcentral-oauth.yaml` (or checks that it is current), through the same library calls
//! as the `sdkgen` CLI. Every write goes through the CLI's all-or-nothing writer
//! (`crates/sdkgen-cli/src/output.rs`); `--check` compares through [`check_file_contents`].

// Nested `if let` reads more plainly here than let-chains (and keeps the 1.85 toolchain floor).
#![allow(clippy::collapsible_if)]

mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen::{ResponseLeniency, Settings, Severity};

/// The all-or-nothing writer of the `sdkgen` CLI (one implementation for both).
#[path = "../../crates/sdkgen-cli/src/output.rs"]
mod output;

const SPEC: &str = "specs/ringcentral-oauth.yaml";
const OUT: &str = "generated";

/// The settings of the checked-in RingCentral SDK.
fn settings() -> Settings {
    Settings::default()
        .with_crate_name("ring-central")
        .with_crate_version("0.1.0")
        .with_client_name("RingCentral")
        .with_spec_path(SPEC)
        .with_generator_command("cargo xtask codegen")
        .with_environment_name("https://platform.ringcentral.com", "Production")
        .with_environment_name("https://media.ringcentral.com", "ProductionMedia")
        .with_environment_name("https://platform.devtest.ringcentral.com", "Sandbox")
        // RFC 6749 §5.1: the access token type is case-insensitive (servers send "Bearer").
        .with_case_insensitive_enums(vec!["TokenType".into()])
        // A plain RFC 6749 §5.1 token response (no `scope`, no `session_id`) or §5.2 error (no
        // `errors`) decodes: required fields a server may omit read as empty values.
        .with_response_leniency(ResponseLeniency::Lenient)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(args.iter().any(|a| a == "--check")),
        Some("test") => test(),
        Some("corpus") => corpus::run(&root(), &args[1..]),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask test | cargo xtask corpus [--all] [--compile] [--filter TEXT]");
            ExitCode::from(2)
        }
    }
}

/// A command of `cargo xtask test`: program, arguments, environment.
type Step = (&'static str, Vec<&'static str>, Vec<(&'static str, &'static str)>);

/// Every check CI runs, in order: the test server's npm packages, generated/ up to date, the whole
/// workspace's tests, the generated crate clippy-clean (also with no feature and with each service
/// feature alone) and rustdoc-clean, and the public-spec selection.
fn test() -> ExitCode {
    let root = root();
    let steps: Vec<Step> = vec![
        ("npm", vec!["ci", "--no-audit", "--no-fund", "--prefix", "e2e/oidc-provider"], vec![]),
        ("cargo", vec!["xtask", "codegen", "--check"], vec![]),
        ("cargo", vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], vec![]),
        // The generated crate with no feature, and with its one service feature alone.
        ("cargo", vec!["clippy", "-p", "ring-central", "--all-targets", "--no-default-features", "--", "-D", "warnings"], vec![]),
        (
            "cargo",
            vec!["clippy", "-p", "ring-central", "--all-targets", "--no-default-features", "--features", "o_auth_2_0_open_id_connect", "--", "-D", "warnings"],
            vec![],
        ),
        ("cargo", vec!["doc", "-p", "ring-central", "--no-deps"], vec![("RUSTDOCFLAGS", "-D warnings")]),
        ("cargo", vec!["test", "--workspace", "--no-fail-fast"], vec![]),
        // Real public specs (corpus/selection.txt): generated and `cargo check`ed.
        ("cargo", vec!["xtask", "corpus"], vec![]),
    ];
    for (program, args, env) in steps {
        eprintln!("==> {program} {}", args.join(" "));
        let mut cmd = std::process::Command::new(program);
        cmd.args(&args).current_dir(&root);
        for (k, v) in env {
            cmd.env(k, v);
        }
        match cmd.status() {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("error: `{program} {}` failed ({s})", args.join(" "));
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run `{program}`: {e} (is it installed? see README.md)");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn codegen(check: bool) -> ExitCode {
    let root = root();
    let spec_path = root.join(SPEC);
    let text = match std::fs::read_to_string(&spec_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec_path.display());
            return ExitCode::FAILURE;
        }
    };
    let generated = match sdkgen::generate(SPEC, text, &settings()) {
        Ok(g) => g,
        Err(diags) => {
            for d in diags {
                eprint!("{}", d.render(SPEC));
            }
            return ExitCode::FAILURE;
        }
    };
    for d in &generated.diagnostics {
        eprint!("{}", d.render(SPEC));
    }
    if generated.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: the spec has errors; nothing was written");
        return ExitCode::FAILURE;
    }
    let out = root.join(OUT);
    let mut stale = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for f in &generated.files {
        expected.insert(f.path.clone());
        if check {
            check_file_contents(&out.join(&f.path), &f.contents, &mut stale);
        }
    }
    if !check {
        // All or nothing: a failed run leaves generated/ as it was.
        let files: Vec<(String, String)> = generated.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        if let Err(e) = output::write_all(&out, &files) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    // Files left over from an earlier generation.
    for path in walk(&out) {
        let rel = path.strip_prefix(&out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if !expected.contains(&rel) {
            if check {
                stale.push(format!("{OUT}/{rel}: left over (not generated any more)"));
            } else if let Err(e) = std::fs::remove_file(&path) {
                eprintln!("error: cannot remove {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if check && !stale.is_empty() {
        for s in &stale {
            eprintln!("{s}");
        }
        eprintln!("error: generated/ is stale: run `cargo xtask codegen` and commit the result");
        return ExitCode::FAILURE;
    }
    if !check {
        println!("wrote {} files to {OUT}/", generated.files.len());
    }
    ExitCode::SUCCESS
}

/// Records a diff when `path` does not hold exactly `contents`.
fn check_file_contents(path: &Path, contents: &str, stale: &mut Vec<String>) {
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(contents) {
        return;
    }
    let display = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    match current {
        None => stale.push(format!("{display}: missing")),
        Some(old) => stale.push(format!("{display}: differs\n{}", diff(&old, contents))),
    }
}

/// A short line diff: the first differing lines with a little context.
fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let mut out = String::new();
    for l in a.iter().skip(first).take(8) {
        out.push_str(&format!("  -{l}\n"));
    }
    for l in b.iter().skip(first).take(8) {
        out.push_str(&format!("  +{l}\n"));
    }
    out.push_str(&format!("  (from line {}; {} lines before, {} after)", first + 1, a.len(), b.len()));
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
