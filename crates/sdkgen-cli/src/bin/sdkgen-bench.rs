//! Benchmark of the generator on a whole API (by default RingCentral's 2026 description).
//!
//! ```text
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- [SPEC] [--runs N]
//! ```
//!
//! Prints the median over N runs of each phase (read + parse YAML to a JSON value, deserialize
//! `openapiv3`, lower, emit Rust incl. prettyplease), their total, the end-to-end `sdkgen::generate`
//! call, the parse-only floor (`sdkgen::load::parse_value`), and the peak memory (`VmHWM`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Deserialize;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut spec: Option<PathBuf> = None;
    let mut runs = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).unwrap_or(5),
            _ => spec = Some(PathBuf::from(a)),
        }
    }
    let spec = spec.unwrap_or_else(|| reference_dir().join("rc-platform-2026-08.yml"));
    if !spec.exists() {
        eprintln!("error: {} does not exist (set SDKGEN_REFERENCE_DIR or pass a spec path)", spec.display());
        std::process::exit(1);
    }
    let settings = sdkgen::Settings::default();

    let mut phases: [Vec<Duration>; 4] = Default::default();
    let mut totals = Vec::new();
    let mut generate = Vec::new();
    let mut floor = Vec::new();
    let mut counts = (0, 0, 0, 0, 0);
    for _ in 0..runs {
        // The floor: YAML text → serde_json::Value and nothing else.
        let text = std::fs::read_to_string(&spec).expect("read spec");
        let t = Instant::now();
        let v = sdkgen::load::parse_value(&text).expect("parse");
        floor.push(t.elapsed());
        drop(v);

        // Phase by phase.
        let t0 = Instant::now();
        let text = std::fs::read_to_string(&spec).expect("read spec");
        let value = sdkgen::load::parse_value(&text).expect("parse");
        let t1 = Instant::now();
        let openapi = openapiv3::OpenAPI::deserialize(&value).expect("openapiv3");
        let t2 = Instant::now();
        let (api, diags) = sdkgen::lower::lower(&openapi, &settings);
        let t3 = Instant::now();
        let (files, emit_diags) = sdkgen::emit::emit(&api, &settings);
        let t4 = Instant::now();
        for (i, d) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3].into_iter().enumerate() {
            phases[i].push(d);
        }
        totals.push(t4 - t0);
        counts = (
            api.operations().count(),
            api.types.named().count(),
            files.len(),
            files.iter().map(|f| f.contents.len()).sum::<usize>(),
            diags.len() + emit_diags.len(),
        );
        drop((files, api, openapi, value));

        // End to end, as the CLI calls it (includes locating diagnostics in the source).
        let t = Instant::now();
        let g = sdkgen::generate(&spec.display().to_string(), text, &settings).expect("generate");
        generate.push(t.elapsed());
        drop(g);
    }

    let ms = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let floor_ms = ms(&mut floor);
    let total_ms = ms(&mut totals);
    println!("spec: {}", spec.display());
    println!(
        "operations: {}, named types: {}, files: {}, bytes of Rust: {}, diagnostics: {}",
        counts.0, counts.1, counts.2, counts.3, counts.4
    );
    println!("cores: {}", std::thread::available_parallelism().map_or(0, |n| n.get()));
    println!("median of {runs} runs:");
    let names = ["read + parse YAML → JSON value", "deserialize openapiv3", "lower → IR", "emit Rust (quote + prettyplease)"];
    for (name, v) in names.iter().zip(phases.iter_mut()) {
        println!("  {name:<36} {:>9.1} ms", ms(v));
    }
    println!("  {:<36} {:>9.1} ms", "total (sum of phases, per run)", total_ms);
    println!("  {:<36} {:>9.1} ms", "sdkgen::generate end to end", ms(&mut generate));
    println!("  {:<36} {:>9.1} ms", "parse-only floor (parse_value)", floor_ms);
    println!("  {:<36} {:>9.2}x", "total / floor", total_ms / floor_ms);
    println!("peak memory (VmHWM): {}", vm_hwm().unwrap_or_else(|| "unknown".into()));
}

fn reference_dir() -> PathBuf {
    match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference"),
    }
}

fn vm_hwm() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
