//! The whole RingCentral platform API (2024 and 2026 descriptions, ~500 operations, 1,300–1,500
//! schemas): `sdkgen generate` must report no errors, and the generated crate must pass
//! `cargo clippy --features full -- -D warnings` (which also type-checks it); three service
//! features of the 2026 API must each pass alone.
//!
//! The specs are read from `$SDKGEN_REFERENCE_DIR` (default `<workspace>/../shared/reference`); a
//! missing file fails the test. Each crate is written to `target/rc-full-<year>/` with its own
//! `[workspace]` table and built with `CARGO_TARGET_DIR=target/rc-full`, so dependencies compiled
//! once are reused by both crates and by later runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn reference_dir() -> PathBuf {
    match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace().join("../shared/reference"),
    }
}

/// Generates the whole API into `target/rc-full-<year>/` (after removing older output).
fn generate_full(file: &str, year: &str) -> PathBuf {
    let spec = reference_dir().join(file);
    assert!(
        spec.is_file(),
        "the RingCentral reference spec is missing: {} (set SDKGEN_REFERENCE_DIR to the folder holding {file})",
        spec.display()
    );
    let root = workspace();
    let out = root.join(format!("target/rc-full-{year}"));
    // Start clean so files of an older generation cannot hide a fault.
    let _ = std::fs::remove_dir_all(out.join("src"));

    let t = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["generate", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--standalone", "--config"])
        .arg(write_config(&out, year))
        .output()
        .expect("run sdkgen");
    let generate = t.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "sdkgen generate {} failed:\n{err}", spec.display());
    assert!(!err.contains(": error:"), "error diagnostics:\n{err}");
    eprintln!("rc-full-{year}: generate {:.2} s", generate.as_secs_f64());
    out
}

/// `cargo clippy <features> -- -D warnings` in `dir`, with the dependencies cached in
/// `target/rc-full`.
fn clippy(dir: &Path, features: &[&str]) {
    let t = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(cargo)
        .arg("clippy")
        .arg("--quiet")
        .args(features)
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/rc-full"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "cargo clippy {features:?} -D warnings failed on {}:\n{}", dir.display(), tail(&err, 20_000));
    eprintln!("{}: clippy {features:?} {:.1} s (2-core machine; deps cached in target/rc-full)", dir.display(), t.elapsed().as_secs_f64());
}

/// The whole API (the feature `full`: the crate is over the size where nothing is on by default).
fn full_api(file: &str, year: &str) {
    let out = generate_full(file, year);
    clippy(&out, &["--features", "full"]);
}

fn write_config(out: &Path, year: &str) -> PathBuf {
    std::fs::create_dir_all(out).unwrap();
    let p = out.with_file_name(format!("rc-full-{year}.toml"));
    std::fs::write(
        &p,
        format!(
            "crate_name = \"ringcentral-full-{year}\"\nclient_name = \"RingCentral\"\n\
             [environments]\n\"https://platform.ringcentral.com\" = \"Production\"\n\
             \"https://platform.devtest.ringcentral.com\" = \"Sandbox\"\n"
        ),
    )
    .unwrap();
    p
}

fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[test]
fn rc_platform_2024_07_01() {
    full_api("rc-platform-2024-07-01.yml", "2024");
}

#[test]
fn rc_platform_2026_08() {
    full_api("rc-platform-2026-08.yml", "2026");
}

/// Service features of the 2026 API, each alone (`--no-default-features --features <service>`):
/// the OAuth service (whose token model the always-on OAuth flow API names), and two services
/// whose models are shared with many others. Each must build clippy-clean with nothing else on.
#[test]
fn rc_platform_2026_08_service_features_alone() {
    let out = generate_full("rc-platform-2026-08.yml", "2026-features");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("\ndefault = [\"rustls\"]\n"), "a crate of this size has no default service (only the TLS backend):\n{}", tail(&manifest, 2_000));
    for service in ["o_auth_and_oidc", "call_log", "teams"] {
        assert!(manifest.contains(&format!("\n{service} = []\n")), "no feature `{service}` in {}", out.display());
        clippy(&out, &["--no-default-features", "--features", service]);
    }
}

/// The small fixtures reproducing faults the full API uncovered (`crates/sdkgen/tests/fixtures/rc_*.yaml`):
/// each is generated without errors into one workspace under `target/rc-fixtures/`, then
/// `cargo clippy --workspace -- -D warnings` runs once over it (dependencies shared with the full API).
#[test]
fn rc_fault_fixtures() {
    let root = workspace();
    let fixtures = root.join("crates/sdkgen/tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("crates/sdkgen/tests/fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("rc_") && n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no rc_*.yaml fixtures in {}", fixtures.display());
    let ws = root.join("target/rc-fixtures");
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).unwrap();
    let mut members = Vec::new();
    for n in &names {
        let stem = n.trim_end_matches(".yaml").replace('_', "-");
        let config = ws.join(format!("{stem}.toml"));
        std::fs::write(&config, format!("crate_name = \"{stem}\"\n")).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .arg("generate")
            .arg(fixtures.join(n))
            .arg("--out")
            .arg(ws.join(&stem))
            .arg("--config")
            .arg(&config)
            .output()
            .expect("run sdkgen");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && !err.contains(": error:"), "sdkgen generate {n} failed:\n{err}");
        members.push(format!("\"{stem}\""));
    }
    std::fs::write(ws.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "))).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(cargo)
        .args(["clippy", "--quiet", "--workspace", "--", "-D", "warnings"])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", root.join("target/rc-full"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    assert!(o.status.success(), "cargo clippy -D warnings failed on the rc_* fixtures:\n{}", tail(&String::from_utf8_lossy(&o.stderr), 20_000));
}
