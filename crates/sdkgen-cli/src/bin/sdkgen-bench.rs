//! Benchmark of the generator on a whole API (by default RingCentral's 2026 description).
//!
//! ```text
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- [SPEC] [--runs N]
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- --limits
//! ```
//!
//! `--limits` measures the bounded-work cases instead (each in a child process, for its own peak
//! memory): an alias bomb of long strings, nested `anyOf`/`not`/`oneOf` around an invalid leaf, a
//! 10,000-member union, 100,000 operations, a 500 KB minified JSON spec (with rendering a
//! diagnostic far into its one line), and prints time, peak memory and outcome of each.
//!
//! Prints the median over N runs of each phase (read + parse YAML to a JSON value, check each node once, deserialize
//! `openapiv3`, lower, emit Rust incl. prettyplease), their total, the end-to-end `sdkgen::generate`
//! call, the parse-only floor (`sdkgen::load::parse_value`), and the peak memory (`VmHWM`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Deserialize;

#[path = "../render.rs"]
#[allow(dead_code)]
mod render;

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    if all.first().map(String::as_str) == Some("--limits") {
        return limits();
    }
    if all.first().map(String::as_str) == Some("--limits-case") {
        return limits_case(all.get(1).map(String::as_str).unwrap_or(""));
    }
    let mut args = all.into_iter();
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

    let mut phases: [Vec<Duration>; 5] = Default::default();
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
        let invalid = sdkgen::shallow::check(&value);
        assert!(invalid.is_empty(), "{invalid:?}");
        let t1b = Instant::now();
        let openapi = openapiv3::OpenAPI::deserialize(&value).expect("openapiv3");
        let t2 = Instant::now();
        let (api, diags) = sdkgen::lower::lower(&openapi, &settings);
        let t3 = Instant::now();
        let (files, emit_diags) = sdkgen::emit::emit(&api, &settings);
        let t4 = Instant::now();
        for (i, d) in [t1 - t0, t1b - t1, t2 - t1b, t3 - t2, t4 - t3].into_iter().enumerate() {
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
        let resolver = sdkgen::normalize::FsResolver::new(&spec, None).expect("the spec's folder");
        let g = sdkgen::generate_with(&spec.display().to_string(), text, &settings, &resolver).expect("generate");
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
    let names = ["read + parse YAML → JSON value", "check each node once (shallow)", "deserialize openapiv3", "lower → IR", "emit Rust (quote + prettyplease)"];
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

/// The bounded-work cases: (name, description).
const CASES: &[(&str, &str)] = &[
    ("alias-bomb", "YAML: a 64 KiB string anchored once, aliased 4,096 times (256 MiB if expanded)"),
    ("nested-union", "a schema nested 60 levels deep in anyOf/not/oneOf around an invalid leaf"),
    ("union-10k", "one oneOf of 10,000 component schemas, with a discriminator mapping"),
    ("operations-100k", "100,000 operations (paths /r{i}, one GET each)"),
    ("minified-500k", "a 500 KB one-line JSON spec with an error near its end, rendered"),
    ("allof-fanout", "5,001 schemas, each allOf the same 200-property schema (1,000,200 fields if merged)"),
];

fn limits() {
    let exe = std::env::current_exe().expect("own path");
    println!("{:<16} {:>11} {:>10} {:>11}  outcome", "case", "input", "time", "peak RSS");
    for (name, what) in CASES {
        let out = std::process::Command::new(&exe).args(["--limits-case", name]).output().expect("run case");
        let line = String::from_utf8_lossy(&out.stdout);
        let line = line.trim();
        if out.status.success() {
            println!("{line}");
        } else {
            println!("{name:<16} failed: {} {}", out.status, String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        }
        println!("{:<16} ({what})", "");
    }
}

fn spec_with(paths: &str, schemas: &str) -> String {
    format!("{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{{paths}}},\"components\":{{\"schemas\":{{{schemas}}}}}}}")
}

fn input(name: &str) -> String {
    match name {
        "alias-bomb" => {
            let mut t = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-long: &s ");
            t.push_str(&"x".repeat(64 << 10));
            t.push_str("\nx-copies:\n");
            for _ in 0..4096 {
                t.push_str("  - *s\n");
            }
            t
        }
        "nested-union" => {
            let mut schema = String::from("{\"type\":\"string\",\"minLength\":\"not a number\"}");
            for i in 0..60 {
                schema = match i % 3 {
                    0 => format!("{{\"anyOf\":[{schema}]}}"),
                    1 => format!("{{\"not\":{schema}}}"),
                    _ => format!("{{\"oneOf\":[{{\"type\":\"integer\"}},{schema}]}}"),
                };
            }
            spec_with("", &format!("\"A\":{schema}"))
        }
        "union-10k" => {
            let n = 10_000;
            let mut schemas: Vec<String> = (0..n)
                .map(|i| format!("\"M{i}\":{{\"type\":\"object\",\"required\":[\"kind\"],\"properties\":{{\"kind\":{{\"type\":\"string\"}},\"f{i}\":{{\"type\":\"integer\"}}}}}}"))
                .collect();
            let refs: Vec<String> = (0..n).map(|i| format!("{{\"$ref\":\"#/components/schemas/M{i}\"}}")).collect();
            let mapping: Vec<String> = (0..n).map(|i| format!("\"m{i}\":\"#/components/schemas/M{i}\"")).collect();
            schemas.push(format!("\"U\":{{\"oneOf\":[{}],\"discriminator\":{{\"propertyName\":\"kind\",\"mapping\":{{{}}}}}}}", refs.join(","), mapping.join(",")));
            schemas.push(format!("\"V\":{{\"anyOf\":[{}]}}", refs.join(",")));
            spec_with("", &schemas.join(","))
        }
        "operations-100k" => {
            let paths: Vec<String> = (0..100_000)
                .map(|i| format!("\"/r{i}\":{{\"get\":{{\"operationId\":\"get{i}\",\"tags\":[\"t{}\"],\"responses\":{{\"200\":{{\"description\":\"ok\"}}}}}}}}", i % 100))
                .collect();
            spec_with(&paths.join(","), "")
        }
        "minified-500k" => {
            let mut schemas: Vec<String> = Vec::new();
            let mut len = 0;
            let mut i = 0;
            while len < 500_000 {
                let s = format!("\"S{i}\":{{\"type\":\"object\",\"description\":\"Schema number {i}, with some text to read.\",\"properties\":{{\"id\":{{\"type\":\"string\"}},\"n\":{{\"type\":\"integer\",\"format\":\"int64\"}}}}}}");
                len += s.len() + 1;
                schemas.push(s);
                i += 1;
            }
            schemas.push("\"Bad\":{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/components/schemas/Missing\"}}}".into());
            spec_with("", &schemas.join(","))
        }
        "allof-fanout" => {
            let props: Vec<String> = (0..200).map(|i| format!("\"p{i}\":{{\"type\":\"string\"}}")).collect();
            let mut schemas = vec![format!("\"Big\":{{\"type\":\"object\",\"properties\":{{{}}}}}", props.join(","))];
            schemas.extend((0..5_001).map(|i| format!("\"U{i}\":{{\"allOf\":[{{\"$ref\":\"#/components/schemas/Big\"}}],\"properties\":{{\"own\":{{\"type\":\"string\"}}}}}}")));
            spec_with("", &schemas.join(","))
        }
        _ => String::new(),
    }
}

fn limits_case(name: &str) {
    let text = input(name);
    let bytes = text.len();
    let settings = sdkgen::Settings::default();
    let copy = text.clone();
    let t = Instant::now();
    let result = sdkgen::generate("bench.json", copy, &settings);
    let mut elapsed = t.elapsed();
    let outcome = match &result {
        Ok(g) => {
            let errors = g.diagnostics.iter().filter(|d| d.severity == sdkgen::Severity::Error).count();
            format!("{} files, {} diagnostics ({errors} errors)", g.files.len(), g.diagnostics.len())
        }
        Err(d) => format!("refused: {}", d.first().map(|d| d.message.as_str()).unwrap_or("")),
    };
    let mut outcome = outcome;
    if name == "minified-500k" {
        // The CLI's rendering of every diagnostic, far into the one line.
        let diags = match &result {
            Ok(g) => g.diagnostics.clone(),
            Err(d) => d.clone(),
        };
        let t = Instant::now();
        let lines = render::Lines::new(&text);
        let rendered: usize = diags.iter().map(|d| render::render("bench.json", &lines, d).len()).sum();
        elapsed += t.elapsed();
        let col = diags.iter().filter_map(|d| d.location).map(|l| l.col).max().unwrap_or(0);
        outcome.push_str(&format!("; rendered at column {col} in {rendered} bytes"));
    }
    drop(result);
    println!(
        "{name:<16} {:>8} KB {:>7.0} ms {:>11}  {outcome}",
        bytes / 1024,
        elapsed.as_secs_f64() * 1e3,
        vm_hwm().unwrap_or_else(|| "unknown".into())
    );
}
