//! Snapshots of every fixture spec (`tests/fixtures/**/*.{yaml,json}`: the construct cases, the
//! hostile specs and our RingCentral spec): the lowered IR and the emitted models + services. Invalid specs
//! (`tests/fixtures/invalid/*.yaml`) snapshot their rendered diagnostics (file:line:col).
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and read the
//! `.snap` files).

use std::path::Path;

use sdkgen::Settings;

/// Path of a fixture relative to the crate, `/`-separated (stable across machines).
fn rel(path: &Path) -> String {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn is_invalid(path: &Path) -> bool {
    path.parent().and_then(Path::file_name).is_some_and(|d| d == "invalid")
}

/// OpenAPI 3.1 twins of the construct cases (`tests/v31.rs` asserts they generate what their 3.0
/// originals do, which are snapshotted) and 3.1 specs that need the bundling pass.
fn is_not_snapshotted(path: &Path) -> bool {
    path.parent().and_then(Path::file_name).is_some_and(|d| d == "twins" || d == "needs_bundle")
}

/// Specs too large to snapshot usefully (their generation and compilation are checked by
/// `tests/cases.rs`; `h05` also by `tests/generated_names.rs`).
const TOO_LARGE: &[&str] = &["c22_large_cyclic.yaml", "h05_generated_names.yaml"];

#[test]
fn ir_and_emitted_code() {
    insta::glob!("fixtures/**/*.{yaml,json}", |path| {
        if is_invalid(path) || is_not_snapshotted(path) || path.file_name().is_some_and(|n| TOO_LARGE.contains(&n.to_string_lossy().as_ref())) {
            return;
        }
        // Specs made of several files, read from disk: `tests/refs.rs`.
        if rel(path).starts_with("tests/fixtures/refs/") {
            return;
        }
        let file = rel(path);
        let text = std::fs::read_to_string(path).unwrap();
        let settings = Settings::default().with_crate_name("snapshot");
        let spec = sdkgen::load::load(&file, text.clone()).unwrap_or_else(|d| panic!("{file}: {d:?}"));
        let (api, _) = sdkgen::lower(&spec, &settings);
        // Through `serde_json::Value` (the IR holds JSON values such as defaults and examples).
        let ir = serde_json::to_value(&api).unwrap_or_else(|e| panic!("{file}: IR does not serialize: {e}"));
        insta::assert_yaml_snapshot!("ir", ir);

        let generated = sdkgen::generate(&file, text, &settings).unwrap_or_else(|d| panic!("{file}: {d:?}"));
        let mut code = String::new();
        for f in &generated.files {
            if f.path.starts_with("src/models/") || f.path.starts_with("src/services/") {
                code.push_str(&format!("// ===== {} =====\n{}\n", f.path, f.contents));
            }
        }
        let diagnostics: String = generated.diagnostics.iter().map(|d| d.render(&file)).collect();
        if !diagnostics.is_empty() {
            code.push_str(&format!("// ===== diagnostics =====\n{diagnostics}"));
        }
        insta::assert_snapshot!("code", code);
    });
}

#[test]
fn invalid_spec_diagnostics() {
    insta::glob!("fixtures/invalid/*.yaml", |path| {
        let file = rel(path);
        let text = std::fs::read_to_string(path).unwrap();
        let rendered: String = match sdkgen::generate(&file, text, &Settings::default().with_crate_name("invalid")) {
            Err(diags) => diags.iter().map(|d| d.render(&file)).collect(),
            Ok(g) => g.diagnostics.iter().map(|d| d.render(&file)).collect(),
        };
        assert!(!rendered.trim().is_empty(), "{file}: an invalid spec must produce diagnostics");
        insta::assert_snapshot!("diagnostics", rendered);
    });
}
