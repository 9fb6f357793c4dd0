//! Benchmark of the generator on a whole API (by default RingCentral's 2026 description).
//!
//! ```text
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- [SPEC] [--runs N]
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- --synthetic N [--runs N]
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- --write-synthetic N PATH
//! cargo run --release -p sdkgen-cli --bin sdkgen-bench -- --limits
//! ```
//!
//! For a spec (a file, or `--synthetic N`: N operations, one tag per 50, one schema per 10, see
//! `src/synthetic.rs`), prints the median over the runs of each phase of `sdkgen::generate` as the
//! pipeline records it (`sdkgen::profile`: read, parse, normalize, checks, deserialize, lower,
//! emission planned, Rust and docs side by side with their parts, the crate root), the end-to-end
//! time and its CPU time (all threads), the parse-only floor (`sdkgen::load::parse_value`), the files, lines and bytes generated
//! (Rust and all files) and the peak memory (`VmHWM`) of the process.
//! `--write-synthetic` writes the synthetic spec, for timing the `sdkgen` command itself.
//!
//! `--limits` measures the bounded-work cases instead (each in a child process, for its own peak
//! memory): an alias bomb of long strings, nested `anyOf`/`not`/`oneOf` around an invalid leaf, a
//! 10,000-member union, 100,000 operations, a 500 KB minified JSON spec (with rendering a
//! diagnostic far into its one line), and prints time, peak memory and outcome of each.

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../render.rs"]
#[allow(dead_code)]
mod render;
#[path = "../synthetic.rs"]
mod synthetic;

/// Where the benchmarked spec comes from.
enum Source {
    File(PathBuf),
    Synthetic(usize),
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    match all.first().map(String::as_str) {
        Some("--limits") => return limits(),
        Some("--limits-case") => return limits_case(all.get(1).map(String::as_str).unwrap_or("")),
        Some("--write-synthetic") => {
            let (Some(n), Some(path)) = (all.get(1).and_then(|n| n.parse().ok()), all.get(2)) else {
                eprintln!("usage: sdkgen-bench --write-synthetic N PATH");
                std::process::exit(2);
            };
            if let Err(e) = std::fs::write(path, synthetic::spec(n)) {
                eprintln!("error: {path}: {e}");
                std::process::exit(1);
            }
            return;
        }
        _ => {}
    }
    let mut args = all.into_iter();
    let mut source: Option<Source> = None;
    let mut runs = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).unwrap_or(5),
            "--synthetic" => source = args.next().and_then(|n| n.parse().ok()).map(Source::Synthetic),
            _ => source = Some(Source::File(PathBuf::from(a))),
        }
    }
    let source = source.unwrap_or_else(|| Source::File(reference_dir().join("rc-platform-2026-08.yml")));
    if let Source::File(spec) = &source
        && !spec.exists()
    {
        eprintln!("error: {} does not exist (set SDKGEN_REFERENCE_DIR or pass a spec path)", spec.display());
        std::process::exit(1);
    }
    bench(&source, runs);
}

/// The spec's name and text, and how long reading it took.
fn read(source: &Source) -> (String, String, Duration) {
    let t = Instant::now();
    match source {
        Source::File(path) => (path.display().to_string(), std::fs::read_to_string(path).expect("read spec"), t.elapsed()),
        Source::Synthetic(n) => (format!("synthetic-{n}.json"), synthetic::spec(*n), Duration::ZERO),
    }
}

/// Files, lines and bytes of `files`.
fn sizes<'a>(files: impl Iterator<Item = &'a sdkgen::GeneratedFile>) -> (usize, usize, usize) {
    files.fold((0, 0, 0), |(n, lines, bytes), f| (n + 1, lines + f.contents.lines().count(), bytes + f.contents.len()))
}

fn bench(source: &Source, runs: usize) {
    let settings = sdkgen::Settings::default();
    let resolver = |name: &str| -> Box<dyn sdkgen::normalize::Resolver> {
        match source {
            Source::File(path) => Box::new(sdkgen::normalize::FsResolver::new(path, None).unwrap_or_else(|e| panic!("{name}: {e}"))),
            Source::Synthetic(_) => Box::new(sdkgen::normalize::NoFiles),
        }
    };

    // What the spec holds (once, not timed).
    let (name, text, _) = read(source);
    let input_bytes = text.len();
    let (operations, named) = match sdkgen::load::load_with(&name, text, resolver(&name).as_ref()) {
        Ok(spec) => {
            let (api, _) = sdkgen::lower(&spec, &settings);
            (api.operations().count(), api.types.named().count())
        }
        Err(d) => panic!("{name}: {:?}", d.first().map(|d| &d.message)),
    };

    // Phase name → times over the runs, in the order of the first run.
    let mut phases: Vec<(&'static str, bool, Vec<Duration>)> = Vec::new();
    let mut totals = Vec::new();
    let mut calls = Vec::new();
    let mut cpu = Vec::new();
    let mut floor = Vec::new();
    let mut output = None;
    for _ in 0..runs {
        // The floor: YAML text → serde_json::Value and nothing else.
        let (_, text, _) = read(source);
        let t = Instant::now();
        let v = sdkgen::load::parse_value(&text).expect("parse");
        floor.push(t.elapsed());
        drop((v, text));

        // The pipeline, phase by phase as it records them.
        let (_, text, read_time) = read(source);
        let resolver = resolver(&name);
        let t = Instant::now();
        let cpu_before = cpu_time();
        let (result, profile) = sdkgen::generate_profiled(&name, text, &settings, resolver.as_ref());
        let call = t.elapsed();
        cpu.push(cpu_time().saturating_sub(cpu_before));
        let generated = result.unwrap_or_else(|d| panic!("{name}: {:?}", d.first().map(|d| &d.message)));
        let read_row = matches!(source, Source::File(_)).then_some(("read the file", false, read_time));
        let record = read_row.into_iter().chain(profile.phases.iter().map(|p| (p.name, p.part, p.time)));
        for (phase, part, time) in record {
            match phases.iter_mut().find(|(n, _, _)| *n == phase) {
                Some((_, _, v)) => v.push(time),
                None => phases.push((phase, part, vec![time])),
            }
        }
        totals.push(read_time + profile.total());
        calls.push(read_time + call);
        let errors = generated.diagnostics.iter().filter(|d| d.severity == sdkgen::Severity::Error).count();
        let rust = sizes(generated.files.iter().filter(|f| f.path.ends_with(".rs")));
        let all = sizes(generated.files.iter());
        output = Some((rust, all, generated.diagnostics.len(), errors));
        drop(generated);
    }

    let ms = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let floor_ms = ms(&mut floor);
    let total_ms = ms(&mut totals);
    let ((rust_files, rust_lines, rust_bytes), (all_files, all_lines, all_bytes), diagnostics, errors) = output.unwrap_or_default();
    println!("spec: {name} ({input_bytes} bytes)");
    println!("operations: {operations}, named types: {named}, diagnostics: {diagnostics} ({errors} errors)");
    println!("generated Rust: {rust_files} files, {rust_lines} lines, {rust_bytes} bytes");
    println!("generated, all files: {all_files} files, {all_lines} lines, {all_bytes} bytes");
    println!("cores: {}", std::thread::available_parallelism().map_or(0, |n| n.get()));
    println!("median of {runs} runs (indented: parts of the phase above, not added to the total):");
    for (phase, part, v) in &mut phases {
        let indent = if *part { "    " } else { "  " };
        let width = if *part { 64 } else { 66 };
        println!("{indent}{phase:<width$} {:>9.1} ms", ms(v));
    }
    println!("  {:<66} {:>9.1} ms", "total (sum of the phases)", total_ms);
    println!("  {:<66} {:>9.1} ms", "end to end (read + one sdkgen::generate call)", ms(&mut calls));
    println!("  {:<66} {:>9.1} ms", "CPU time of that call, all threads (user + system)", ms(&mut cpu));
    println!("  {:<66} {:>9.1} ms", "parse-only floor (parse_value)", floor_ms);
    println!("  {:<66} {:>9.2}x", "total / floor", total_ms / floor_ms);
    println!("peak memory (VmHWM): {}", vm_hwm().unwrap_or_else(|| "unknown".into()));
}

fn reference_dir() -> PathBuf {
    match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference"),
    }
}

/// User and system CPU time of this process so far, all threads (`/proc/self/stat`, in clock
/// ticks of 10 ms); zero where unknown.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): state is the first, utime the 12th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest.split_whitespace().skip(11).take(2).filter_map(|f| f.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
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
