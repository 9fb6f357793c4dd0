//! Construct cases (`tests/fixtures/cases/cNN_*.yaml`, from the shared case list, and the one-file
//! reference cases `tests/fixtures/refs/rNN_*.yaml`): every case is
//! generated into `target/cases/<name>/`, all of them members of ONE cargo workspace
//! (`target/cases/Cargo.toml`), with the hand-written behaviour test `tests/case_checks/cNN.rs`
//! copied into the case crate's `tests/`. Then `cargo test` and `cargo clippy --all-targets -- -D
//! warnings` run once over that workspace (one cargo invocation each, one shared target directory
//! `target/cases-target`), so the dependencies compile once.
//!
//! A case may have settings of its own: `<case>.sdkgen.toml` beside its spec (the `sdkgen.toml`
//! keys the settings read).
//!
//! The Swagger 2.0 specs (`tests/fixtures/swagger2/swNN_*.yaml`) are members too, with their
//! behaviour tests (`tests/case_checks/swNN.rs`).
//! The OpenAPI 3.1 specs (`tests/fixtures/v31/v31*_*.yaml`; the 3.1 twins of the cases in its
//! subfolders are not members: they generate the same crates) are members as well.
//!
//! The hostile specs (`tests/fixtures/hostile/hNN_*.{yaml,json}`, spec text built to break
//! generated docs, file names and identifiers) are members too, generated with a hostile spec file
//! name as well. For them two more checks run: `cargo test --doc -- --list` must list no doctest
//! at all (the generated crate has none of its own, so any would come from spec text), and
//! `cargo doc` must be clean with `-D warnings` (no broken intra-doc link, no raw HTML, no bare
//! URL).
//!
//! Each service feature of the multi-tag case `c22` must also build alone, clippy-clean (and with no
//! feature at all): one `cargo clippy --no-default-features --features <service>` per tag.
//!
//! `SDKGEN_CASES=c01,h02` limits the run to some cases; `SDKGEN_CASES_NO_CLIPPY=1` skips clippy;
//! `SDKGEN_CASES_GEN_ONLY=1` only writes the workspace.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sdkgen::{Settings, Severity};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo_root() -> PathBuf {
    manifest_dir().join("../..").canonicalize().expect("repo root")
}

/// Dev-dependencies the behaviour tests use, added to each generated case crate.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time", "sync"] }
wiremock = "0.6"
"#;

struct Case {
    name: String,
    short: String,
    path: PathBuf,
    /// The spec's path relative to the crate, as generated files name it.
    file: String,
    hostile: bool,
}

/// A spec file name that tries to end the generated `//` header line, open a doctest in the crate
/// docs and reverse the text around it.
const HOSTILE_FILE_NAME: &str = "specs/h`ostile\n\n    panic!(\"doctest ran: file name\");\n```\u{202e}<!-- -->.yaml";

fn cases() -> Vec<Case> {
    let filter: Option<Vec<String>> = std::env::var("SDKGEN_CASES").ok().filter(|s| !s.is_empty()).map(|s| s.split(',').map(|x| x.trim().to_ascii_lowercase()).collect());
    let mut out: Vec<Case> = Vec::new();
    for (dir, hostile) in [("tests/fixtures/cases", false), ("tests/fixtures/hostile", true), ("tests/fixtures/swagger2", false), ("tests/fixtures/refs", false), ("tests/fixtures/v31", false)] {
        out.extend(
            std::fs::read_dir(manifest_dir().join(dir))
                .expect(dir)
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
                .map(|path| {
                    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                    let short = name.split('_').next().unwrap().to_string();
                    let file = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                    Case { name, short, path, file, hostile }
                })
                .filter(|c| filter.as_ref().is_none_or(|f| f.contains(&c.short))),
        );
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Writes `contents` unless the file already holds exactly that (keeps mtimes, so cargo does not
/// rebuild unchanged case crates).
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Removes files under `dir` that are not in `keep` (relative paths).
fn remove_stale(dir: &Path, rel: &Path, keep: &std::collections::BTreeSet<String>) {
    let Ok(rd) = std::fs::read_dir(dir.join(rel)) else { return };
    for e in rd.flatten() {
        let r = rel.join(e.file_name());
        let key = r.to_string_lossy().replace('\\', "/");
        if e.path().is_dir() {
            remove_stale(dir, &r, keep);
        } else if !keep.contains(&key) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn generate_case(case: &Case, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(&case.path).map_err(|e| e.to_string())?;
    let file = case.file.clone();
    // A case's own settings: `<case>.sdkgen.toml` beside its spec.
    let mut settings = match std::fs::read_to_string(case.path.with_extension("sdkgen.toml")) {
        Ok(t) => toml::from_str::<Settings>(&t).map_err(|e| format!("{}.sdkgen.toml: {e}", case.name))?,
        Err(_) => Settings::default(),
    }
    .with_crate_name(format!("case-{}", case.short));
    if case.hostile {
        settings = settings.with_spec_path(HOSTILE_FILE_NAME);
    }
    let started = Instant::now();
    let generated = sdkgen::generate(&file, text, &settings)
        .map_err(|d| d.iter().map(|d| d.render(&file)).collect::<String>())?;
    let took = started.elapsed();
    if took > Duration::from_secs(10) {
        return Err(format!("generation took {took:?} (more than 10 s)"));
    }
    let errors: String = generated.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(&file)).collect();
    if !errors.is_empty() {
        return Err(format!("generation reported errors:\n{errors}"));
    }
    let dir = out.join(&case.name);
    // The Rust blocks of the README and the documentation pages, as examples: compiled (and
    // clippy-checked) with the crate.
    let mut snippets: Vec<(String, String)> = Vec::new();
    if SNIPPET_CASES.contains(&case.short.as_str()) {
        let mut pages: Vec<&sdkgen::GeneratedFile> = generated.files.iter().filter(|f| f.path == "README.md" || (f.path.starts_with("documentation/") && f.path.ends_with(".md"))).collect();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        for page in pages {
            for block in page.contents.split("```rust\n").skip(1).filter_map(|b| b.split("\n```").next()) {
                let rel = format!("examples/doc_snippet_{}.rs", snippets.len() + 1);
                snippets.push((rel, format!("//! From {}.\n#![allow(unused)]\n{block}\n", page.path)));
            }
        }
    }
    let mut keep = std::collections::BTreeSet::new();
    for f in &generated.files {
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            contents.push_str(DEV_DEPENDENCIES);
            // Examples of several case crates share file names: named after their case here, so
            // that the shared target directory holds each.
            // An example the manifest declares already (with its `required-features`) is renamed
            // in place; the others get an entry.
            for g in &generated.files {
                if let Some(stem) = g.path.strip_prefix("examples/").and_then(|p| p.strip_suffix(".rs")) {
                    let declared = format!("[[example]]\nname = \"{stem}\"\n");
                    let renamed = format!("[[example]]\nname = \"{}-{stem}\"\npath = \"{}\"\n", case.short, g.path);
                    if contents.contains(&declared) {
                        contents = contents.replace(&declared, &renamed);
                    } else {
                        contents.push('\n');
                        contents.push_str(&renamed);
                    }
                }
            }
            for (i, (rel, _)) in snippets.iter().enumerate() {
                contents.push_str(&format!("\n[[example]]\nname = \"{}-doc-snippet-{}\"\npath = \"{rel}\"\n", case.short, i + 1));
            }
        }
        keep.insert(f.path.clone());
        write_if_changed(&dir.join(&f.path), &contents);
    }
    for (rel, text) in &snippets {
        keep.insert(rel.clone());
        write_if_changed(&dir.join(rel), text);
    }
    let check = manifest_dir().join("tests/case_checks").join(format!("{}.rs", case.short));
    if let Ok(t) = std::fs::read_to_string(&check) {
        keep.insert("tests/behaviour.rs".into());
        write_if_changed(&dir.join("tests/behaviour.rs"), &t);
    }
    remove_stale(&dir, Path::new(""), &keep);
    Ok(())
}

fn cargo(args: &[&str], workspace: &Path, target: &Path) -> bool {
    cargo_command(args, workspace, target).status().map(|s| s.success()).unwrap_or(false)
}

fn cargo_command(args: &[&str], workspace: &Path, target: &Path) -> Command {
    eprintln!("==> cargo {} (in {})", args.join(" "), workspace.display());
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args).current_dir(workspace).env("CARGO_TARGET_DIR", target);
    // Do not leak the outer test's build configuration into the nested build.
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PKG_") || k == "CARGO_MANIFEST_DIR" || k == "CARGO_PRIMARY_PACKAGE" || k == "CARGO_CRATE_NAME" {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// The hostile crates: no doctest at all (any would come from spec text), rustdoc clean.
fn check_hostile_docs(packages: &[String], workspace: &Path, target: &Path, failures: &mut Vec<String>) {
    for p in packages {
        let out = cargo_command(&["test", "--doc", "-p", p, "--", "--list"], workspace, target).output();
        match out {
            Ok(o) if o.status.success() => {
                let listed = String::from_utf8_lossy(&o.stdout);
                let doctests: Vec<&str> = listed.lines().filter(|l| l.ends_with(": test")).collect();
                if !doctests.is_empty() || !listed.contains("0 tests") {
                    failures.push(format!("{p}: doctests from spec text:\n{listed}"));
                }
            }
            Ok(o) => failures.push(format!("{p}: `cargo test --doc` failed:\n{}", String::from_utf8_lossy(&o.stderr))),
            Err(e) => failures.push(format!("{p}: cannot run cargo: {e}")),
        }
    }
    let mut args = vec!["doc", "--no-deps"];
    for p in packages {
        args.extend(["-p", p.as_str()]);
    }
    let ok = cargo_command(&args, workspace, target).env("RUSTDOCFLAGS", "-D warnings").status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        failures.push("`cargo doc` with `-D warnings` on the hostile crates failed (see the output above)".into());
    }
}

#[test]
fn construct_cases_generate_compile_and_behave() {
    let root = repo_root();
    let out = root.join("target/cases");
    let target = root.join("target/cases-target");
    std::fs::create_dir_all(&out).unwrap();
    let cases = cases();
    assert!(!cases.is_empty(), "no cases selected");

    let mut failures = Vec::new();
    let mut members = Vec::new();
    for case in &cases {
        match generate_case(case, &out) {
            Ok(()) => members.push(case.name.clone()),
            Err(e) => failures.push(format!("{}: {e}", case.name)),
        }
    }
    let manifest = format!(
        "# Written by crates/sdkgen/tests/cases.rs: one workspace of every generated case crate.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.iter().map(|m| format!("    \"{m}\",\n")).collect::<String>()
    );
    write_if_changed(&out.join("Cargo.toml"), &manifest);
    // Same dependency versions as the repository (and no network needed when they are cached).
    if !out.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    }
    if std::env::var_os("SDKGEN_CASES_GEN_ONLY").is_some() {
        assert!(failures.is_empty(), "construct cases failed:\n{}", failures.join("\n"));
        return;
    }
    if !members.is_empty() {
        if !cargo(&["test", "--workspace", "--no-fail-fast"], &out, &target) {
            failures.push("`cargo test` on the case workspace failed (see the output above)".into());
        }
        let hostile: Vec<String> = cases.iter().filter(|c| c.hostile && members.contains(&c.name)).map(|c| format!("case-{}", c.short)).collect();
        if !hostile.is_empty() {
            check_hostile_docs(&hostile, &out, &target, &mut failures);
        }
        if std::env::var_os("SDKGEN_CASES_NO_CLIPPY").is_none()
            && !cargo(&["clippy", "--workspace", "--all-targets", "--keep-going", "--", "-D", "warnings"], &out, &target)
        {
            failures.push("`cargo clippy --all-targets -- -D warnings` on the case workspace failed".into());
        }
        let feature_case = cases.iter().find(|c| c.short == FEATURE_CASE && members.contains(&c.name));
        if let Some(case) = feature_case.filter(|_| std::env::var_os("SDKGEN_CASES_NO_CLIPPY").is_none()) {
            check_features_alone(case, &out, &target, &mut failures);
        }
    }
    assert!(failures.is_empty(), "construct cases failed:\n{}", failures.join("\n"));
}

/// The cases whose documentation snippets are compiled as examples of their crate.
const SNIPPET_CASES: &[&str] = &["p01"];

/// The multi-tag case whose service features are built one at a time.
const FEATURE_CASE: &str = "c22";

/// The service features of a generated `Cargo.toml` (every `name = []` of `[features]`).
fn service_features(manifest: &str) -> Vec<String> {
    let table = manifest.split("\n[features]\n").nth(1).unwrap_or("");
    let table = table.split("\n[").next().unwrap_or("");
    table.lines().filter_map(|l| l.strip_suffix(" = []")).filter(|n| *n != "default" && *n != "full").map(str::to_string).collect()
}

/// Each service feature alone (and none at all) builds clippy-clean: `cargo clippy
/// --no-default-features --features <service> --lib --examples -- -D warnings`.
fn check_features_alone(case: &Case, out: &Path, target: &Path, failures: &mut Vec<String>) {
    let manifest = std::fs::read_to_string(out.join(&case.name).join("Cargo.toml")).unwrap_or_default();
    let features = service_features(&manifest);
    if features.len() < 2 {
        failures.push(format!("{}: expected several service features in its Cargo.toml, found {features:?}", case.name));
        return;
    }
    let package = format!("case-{}", case.short);
    for feature in std::iter::once(None).chain(features.iter().map(Some)) {
        let mut args = vec!["clippy", "-p", package.as_str(), "--lib", "--examples", "--no-default-features"];
        if let Some(f) = feature {
            args.extend(["--features", f.as_str()]);
        }
        args.extend(["--", "-D", "warnings"]);
        if !cargo(&args, out, target) {
            failures.push(format!("{}: clippy with only the feature {feature:?} failed (see the output above)", case.name));
        }
    }
}
