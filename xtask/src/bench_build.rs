//! `cargo xtask bench-build`: what the generated whole RingCentral API costs its users to compile.
//!
//! Generates `rc-platform-2026-08.yml` (read from `$SDKGEN_REFERENCE_DIR`, default
//! `../shared/reference` beside the repository, as the `rc_full` test does) into
//! `target/bench-build/crate/` (a standalone crate with the repository's `Cargo.lock`), prints the
//! lines and bytes of generated Rust, then runs `cargo check --all-features` (the whole API, even
//! when the crate's default features are fewer) once to build the dependencies
//! (`CARGO_TARGET_DIR=target/bench-build/target`, kept between runs), touches `src/lib.rs` and
//! times `--runs N` (default 1) further `cargo check`s, which then check the generated crate alone.
//!
//! ```text
//! cargo xtask bench-build                    # the whole API (--all-features)
//! cargo xtask bench-build --runs 3           # median of 3 timed checks
//! cargo xtask bench-build --feature <tag>    # one service alone: --no-default-features --features <tag>
//! cargo xtask bench-build --spec FILE.yml    # another spec
//! ```
//!
//! `--feature` needs a generated crate with one Cargo feature per tag; on a crate without them
//! cargo reports the unknown feature and the command fails. This is a benchmark: it prints
//! figures and never fails on a time.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use sdkgen::{Settings, Severity};

/// Options of `cargo xtask bench-build`.
struct Options {
    spec: Option<PathBuf>,
    feature: Option<String>,
    runs: usize,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options { spec: None, feature: None, runs: 1 };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
            match a.as_str() {
                "--spec" => o.spec = Some(PathBuf::from(value("--spec")?)),
                "--feature" => o.feature = Some(value("--feature")?),
                "--runs" => {
                    o.runs = value("--runs")?.parse().map_err(|_| "--runs needs a positive number".to_string())?;
                    if o.runs == 0 {
                        return Err("--runs needs a positive number".into());
                    }
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(o)
    }
}

/// The spec folder: `$SDKGEN_REFERENCE_DIR`, else `../shared/reference` beside the repository.
fn reference_dir(root: &Path) -> PathBuf {
    match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => root.join("../shared/reference"),
    }
}

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let opts = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo xtask bench-build [--spec FILE] [--feature TAG] [--runs N]");
            return ExitCode::from(2);
        }
    };
    match bench(root, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(root: &Path, opts: &Options) -> Result<(), String> {
    let spec = opts.spec.clone().unwrap_or_else(|| reference_dir(root).join("rc-platform-2026-08.yml"));
    let text = std::fs::read_to_string(&spec).map_err(|e| {
        format!("cannot read {}: {e} (set SDKGEN_REFERENCE_DIR to the folder holding it)", spec.display())
    })?;
    let shown = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let settings = Settings::default()
        .with_crate_name("ringcentral-bench")
        .with_client_name("RingCentral")
        .with_spec_path(shown.clone())
        .with_generator_command("cargo xtask bench-build")
        .with_environment_name("https://platform.ringcentral.com", "Production")
        .with_environment_name("https://platform.devtest.ringcentral.com", "Sandbox");
    let t = Instant::now();
    let generated = sdkgen::generate(&shown, text, &settings).map_err(|diags| {
        diags.iter().map(|d| d.render(&shown)).collect::<String>() + "generation failed"
    })?;
    let generate = t.elapsed();
    if generated.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(format!("{shown} has errors; nothing was written"));
    }

    let dir = root.join("target/bench-build");
    let krate = dir.join("crate");
    // Start clean so files of an older generation are not checked.
    let _ = std::fs::remove_dir_all(krate.join("src"));
    let (mut files, mut lines, mut bytes) = (0usize, 0usize, 0usize);
    for f in &generated.files {
        let contents = if f.path == "Cargo.toml" {
            // Its own workspace: not a member of the repository's.
            format!("{}\n[workspace]\n", f.contents.trim_end())
        } else {
            f.contents.clone()
        };
        if f.path.ends_with(".rs") {
            files += 1;
            lines += contents.lines().count();
            bytes += contents.len();
        }
        let path = krate.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // The repository's versions of the dependencies.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    println!("spec: {shown}");
    println!("generate (debug xtask): {:.2} s", generate.as_secs_f64());
    println!("generated Rust: {files} files, {lines} lines, {bytes} bytes ({:.1} MB)", bytes as f64 / 1e6);

    // Every feature by default: a huge generated API may default to no service at all.
    let features: Vec<String> = match &opts.feature {
        Some(f) => vec!["--no-default-features".into(), "--features".into(), f.clone()],
        None => vec!["--all-features".into()],
    };
    let target = dir.join("target");
    let warm = check(&krate, &target, &features)?;
    println!("warm-up cargo check (dependencies, then the crate): {:.1} s", warm.as_secs_f64());
    let mut times = Vec::new();
    for _ in 0..opts.runs {
        touch(&krate.join("src/lib.rs"))?;
        times.push(check(&krate, &target, &features)?);
    }
    times.sort();
    let median = times[times.len() / 2];
    let shown_features = features.join(" ");
    println!(
        "cargo check {shown_features} of the generated crate, dependencies built: {:.1} s (median of {}; all: {})",
        median.as_secs_f64(),
        times.len(),
        times.iter().map(|t| format!("{:.1} s", t.as_secs_f64())).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

/// Sets the modification time of `path` to now, so that cargo checks the crate again.
fn touch(path: &Path) -> Result<(), String> {
    let f = std::fs::File::options().write(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    f.set_modified(SystemTime::now()).map_err(|e| format!("{}: {e}", path.display()))
}

/// One `cargo check` of the crate in `krate`; its wall time.
fn check(krate: &Path, target: &Path, features: &[String]) -> Result<Duration, String> {
    let mut cmd = crate::nested_cargo();
    cmd.args(["check", "--quiet"])
        .args(features)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS");
    let t = Instant::now();
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = t.elapsed();
    if !status.success() {
        return Err(format!("cargo check failed in {} ({status})", krate.display()));
    }
    Ok(elapsed)
}
