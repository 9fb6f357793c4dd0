//! `sdkgen`: OpenAPI description (3.0, 3.1, Swagger 2.0) → Rust SDK crate.
//!
//! ```text
//! sdkgen generate <spec> --out <dir> [--config sdkgen.toml] [--allow-ref-root DIR] [--standalone] [--check] [--force] [--format human|json]
//! sdkgen check <spec> [--config sdkgen.toml] [--allow-ref-root DIR] [--format human|json]
//! sdkgen ir <spec> [--config sdkgen.toml] [--allow-ref-root DIR]
//! ```
//!
//! Files the spec refers to (`$ref: common.yaml#/...`) are read from the spec's folder and its
//! subfolders; `--allow-ref-root DIR` (or `allow_ref_root` in sdkgen.toml, relative to that file)
//! widens this to the tree of DIR, which must contain the spec. Nothing is read from the network.
//!
//! Exit codes: 0 success (warnings allowed), 1 the spec or config has errors (nothing written)
//! or, with `generate --check`, the output folder is stale, 2 usage errors.
//!
//! `generate` writes `.sdkgen-manifest` (the files it wrote) into `--out` and removes the files
//! an earlier run wrote and this one does not. It never writes through a symbolic link inside
//! `--out`, and a file at a generated path that no earlier run wrote (not in the manifest, no
//! `@generated` first line) stops the run unless `--force`; `--check` writes nothing and prints what differs
//! (`N added, M changed, K removed`, one line per file) on stderr.
//!
//! `--format json` prints the diagnostics on stdout as one JSON object
//! `{"diagnostics": [{file, severity, line, column, pointer, message, help}], "errors": N, "warnings": M}`
//! (for CI), instead of the human-readable reports on stderr; also when the spec or the config
//! cannot be read (a diagnostic without line and column).

mod config;
mod output;
mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sdkgen::normalize::{FsResolver, Resolver};
use sdkgen::{Diagnostic, Settings, Severity};

#[derive(Parser)]
#[command(name = "sdkgen", version, about = "Generates an idiomatic Rust SDK crate from an OpenAPI (3.0, 3.1) or Swagger 2.0 description")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete SDK crate into --out (nothing is written when the spec has errors).
    Generate {
        /// The OpenAPI description: 3.0, 3.1 or Swagger 2.0, YAML or JSON.
        spec: PathBuf,
        /// Directory of the generated crate (created if missing).
        #[arg(long, short)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Add an empty `[workspace]` table to Cargo.toml, so the crate builds on its own even inside
        /// another workspace's directory.
        #[arg(long)]
        standalone: bool,
        /// Write nothing; exit 1 with a summary of the files that would be added, changed or
        /// removed when --out is not what this spec generates.
        #[arg(long)]
        check: bool,
        /// How diagnostics are printed.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Overwrite files in --out that an earlier `sdkgen generate` did not write (by default
        /// such files stop the run and nothing is written).
        #[arg(long)]
        force: bool,
    },
    /// Prints the diagnostics, and how each paged operation pages and where that was declared
    /// (exit 0 when clean or warnings only, 1 on errors).
    Check {
        /// The OpenAPI description: 3.0, 3.1 or Swagger 2.0, YAML or JSON.
        spec: PathBuf,
        #[command(flatten)]
        common: Common,
        /// How diagnostics are printed.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Prints the intermediate representation as JSON on stdout (diagnostics on stderr).
    Ir {
        /// The OpenAPI description: 3.0, 3.1 or Swagger 2.0, YAML or JSON.
        spec: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Reports with the source excerpt, on stderr.
    Human,
    /// One JSON object on stdout.
    Json,
}

/// Prints the diagnostics of a spec (and of the files it refers to, read through `read_other`)
/// in `format`; returns (errors, warnings).
fn report(format: Format, name: &str, text: &str, read_other: &dyn Fn(&str) -> Option<String>, diagnostics: &[Diagnostic]) -> (usize, usize) {
    report_with(format, name, text, read_other, diagnostics, None)
}

/// [`report`], and (for `check`) the paged operations: a line each on stderr, or the
/// `pagination` list of the JSON object.
fn report_with(format: Format, name: &str, text: &str, read_other: &dyn Fn(&str) -> Option<String>, diagnostics: &[Diagnostic], paged: Option<&[sdkgen::ir::PagedOperation]>) -> (usize, usize) {
    match format {
        Format::Human => {
            let counts = render::print_all_with(name, text, read_other, diagnostics);
            for p in paged.unwrap_or_default() {
                eprintln!("{name}: {} pages by {} (from {})", p.operation, p.style, p.source);
            }
            summary(name, counts.0, counts.1);
            counts
        }
        Format::Json => {
            let (errors, warnings) = render::counts(diagnostics);
            let mut out = serde_json::json!({
                "diagnostics": render::json_diagnostics(name, diagnostics),
                "errors": errors,
                "warnings": warnings,
            });
            if let Some(paged) = paged {
                out["pagination"] = serde_json::to_value(paged).unwrap_or_default();
            }
            println!("{out}");
            (errors, warnings)
        }
    }
}

#[derive(clap::Args)]
struct Common {
    /// Settings file, `sdkgen.toml` (crate name and metadata, client name, environments, tags and
    /// operations to include, response leniency, features, `[formats]`, `[pagination.<operationId>]`;
    /// README.md lists every key, and a wrong key's error lists them too).
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Let `$ref`s read files anywhere under DIR (which must contain the spec) instead of only
    /// under the spec's own folder.
    #[arg(long, value_name = "DIR")]
    allow_ref_root: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { spec, out, common, standalone, check, format, force } => generate(&spec, &out, &common, WriteMode { standalone, check, force }, format),
        Command::Check { spec, common, format } => check(&spec, &common, format),
        Command::Ir { spec, common } => ir(&spec, &common),
    };
    match result {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

/// A failure outside the spec's diagnostics (a file that cannot be read or written).
struct Failure {
    /// The file it is about.
    file: String,
    message: String,
    /// How to report it: `--format json` prints it as a diagnostic on stdout.
    format: Format,
}

impl Failure {
    fn new(format: Format, file: impl Into<String>, message: impl Into<String>) -> Self {
        Failure { file: file.into(), message: message.into(), format }
    }

    fn report(self) -> ExitCode {
        match self.format {
            Format::Human => eprintln!("error: {}", self.message),
            Format::Json => {
                let d = Diagnostic::error("#", self.message);
                report(Format::Json, &self.file, "", &|_| None, &[d]);
            }
        }
        ExitCode::FAILURE
    }
}

/// The spec's text and display name.
fn read_spec(spec: &Path, format: Format) -> Result<(String, String), Failure> {
    read_spec_text(spec).map_err(|m| Failure::new(format, spec.display().to_string(), m))
}

fn read_spec_text(spec: &Path) -> Result<(String, String), String> {
    // Refused before reading, so a huge file is never loaded (the library checks the text too).
    let limit = sdkgen::limits::MAX_DOCUMENT_BYTES;
    if std::fs::metadata(spec).is_ok_and(|m| m.len() > limit as u64) {
        return Err(format!("{} is larger than {} MiB (sdkgen's limit on a document)", spec.display(), limit >> 20));
    }
    // Read at most one byte past the limit: a pipe, a device or a file that grows is bounded too.
    let file = std::fs::File::open(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit as u64 + 1), &mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    if bytes.len() > limit {
        return Err(format!("{} is larger than {} MiB (sdkgen's limit on a document)", spec.display(), limit >> 20));
    }
    let text = String::from_utf8(bytes).map_err(|e| format!("cannot read {}: not UTF-8 text ({e})", spec.display()))?;
    Ok((spec.display().to_string(), text))
}

/// Settings from --config (or defaults), with the spec path shown in generated headers, and the
/// resolver of the files the spec refers to.
fn settings(common: &Common, spec: &Path, spec_name: &str, format: Format) -> Result<(Settings, FsResolver), ExitCode> {
    let mut settings = Settings::default();
    let mut keys = toml::Table::new();
    if let Some(path) = &common.config {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return Err(Failure::new(format, name.clone(), format!("cannot read {name}: {e}")).report()),
        };
        match config::parse(&text) {
            Ok((s, k)) => (settings, keys) = (s, k),
            Err(d) => {
                report(format, &name, &text, &|_| None, &d);
                return Err(ExitCode::FAILURE);
            }
        }
    }
    if !keys.contains_key("spec_path") {
        settings.spec_path = spec_name.replace('\\', "/");
    }
    // The flag wins; a path in sdkgen.toml is relative to that file.
    let allow = common.allow_ref_root.clone().or_else(|| {
        let dir = keys.get("allow_ref_root")?.as_str()?;
        let base = common.config.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
        Some(base.join(dir))
    });
    match FsResolver::new(spec, allow.as_deref()) {
        Ok(r) => Ok((settings, r)),
        Err(e) => Err(Failure::new(format, spec_name, e.to_string()).report()),
    }
}

/// Loads, lowers and emits; prints diagnostics; `None` when there were errors.
fn run(spec: &Path, common: &Common, format: Format, paging: bool) -> Result<Result<sdkgen::Generated, ExitCode>, Failure> {
    let (name, text) = read_spec(spec, format)?;
    let (settings, resolver) = match settings(common, spec, &name, format) {
        Ok(s) => s,
        Err(code) => return Ok(Err(code)),
    };
    let read_other = |f: &str| resolver.read(f).ok();
    match sdkgen::generate_with(&name, text.clone(), &settings, &resolver) {
        Ok(g) => {
            let (errors, _) = report_with(format, &name, &text, &read_other, &g.diagnostics, paging.then_some(g.paged.as_slice()));
            Ok(if errors > 0 { Err(ExitCode::FAILURE) } else { Ok(g) })
        }
        Err(diags) => {
            report(format, &name, &text, &read_other, &diags);
            Ok(Err(ExitCode::FAILURE))
        }
    }
}

fn summary(name: &str, errors: usize, warnings: usize) {
    if errors + warnings > 0 {
        eprintln!("{name}: {errors} error(s), {warnings} warning(s)");
    }
}

/// How `generate` writes: `--standalone`, `--check`, `--force`.
#[derive(Clone, Copy)]
struct WriteMode {
    standalone: bool,
    check: bool,
    force: bool,
}

fn generate(spec: &Path, out: &Path, common: &Common, how: WriteMode, format: Format) -> Result<ExitCode, Failure> {
    let WriteMode { standalone, check, force } = how;
    let generated = match run(spec, common, format, false)? {
        Ok(g) => g,
        Err(code) => {
            if !check {
                eprintln!("error: nothing was written");
            }
            return Ok(code);
        }
    };
    let mut files: Vec<(String, String)> = generated
        .files
        .iter()
        .map(|f| {
            let contents = if standalone && f.path == "Cargo.toml" { format!("{}\n[workspace]\n", f.contents.trim_end()) } else { f.contents.clone() };
            (f.path.clone(), contents)
        })
        .collect();
    files.push((output::MANIFEST.to_string(), output::manifest(&files)));
    let previous = output::previous_files(out);
    let comparison = output::compare(out, &files, &previous);
    if check {
        if comparison.is_current() {
            eprintln!("{} is up to date", out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{}: {}", out.display(), comparison.summary());
        eprintln!("error: {} is stale: run `sdkgen generate` without --check", out.display());
        return Ok(ExitCode::FAILURE);
    }
    let out_name = out.display().to_string();
    let foreign = &comparison.foreign;
    if !force && !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
        let e = format!(
            "{} file(s) in the way that sdkgen did not write: {}{more}; nothing was written (move them away, choose another --out, or pass --force to overwrite them)",
            foreign.len(),
            shown.join(", ")
        );
        return Err(Failure::new(Format::Human, &out_name, e));
    }
    // All or nothing: a failed run leaves the previous output as it was. Then the files of an
    // earlier run this one no longer writes go (only those its manifest lists).
    output::write_all(out, &files).map_err(|e| Failure::new(Format::Human, &out_name, e))?;
    let removed = output::remove_stale(out, &comparison.removed).map_err(|e| Failure::new(Format::Human, &out_name, e))?;
    let removed = if removed > 0 { format!(", removed {removed} it no longer generates") } else { String::new() };
    eprintln!("wrote {} files to {}{removed}", generated.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn check(spec: &Path, common: &Common, format: Format) -> Result<ExitCode, Failure> {
    Ok(match run(spec, common, format, true)? {
        Ok(g) => {
            if g.diagnostics.is_empty() && g.paged.is_empty() && format == Format::Human {
                eprintln!("{}: ok", spec.display());
            }
            ExitCode::SUCCESS
        }
        Err(code) => code,
    })
}

fn ir(spec: &Path, common: &Common) -> Result<ExitCode, Failure> {
    let (name, text) = read_spec(spec, Format::Human)?;
    let (settings, resolver) = match settings(common, spec, &name, Format::Human) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let read_other = |f: &str| resolver.read(f).ok();
    let loaded = match sdkgen::load::load_with(&name, text.clone(), &resolver) {
        Ok(s) => s,
        Err(diags) => {
            render::print_all_with(&name, &text, &read_other, &diags);
            return Ok(ExitCode::FAILURE);
        }
    };
    let (api, diags) = sdkgen::lower(&loaded, &settings);
    let (errors, warnings) = render::print_all_with(&name, &text, &read_other, &diags);
    summary(&name, errors, warnings);
    let json = serde_json::to_string_pretty(&api).map_err(|e| Failure::new(Format::Human, &name, format!("cannot serialize the IR: {e}")))?;
    // A reader that stops early (`sdkgen ir spec.yaml | head`) is not an error of ours.
    let mut stdout = std::io::stdout().lock();
    let written = std::io::Write::write_all(&mut stdout, json.as_bytes()).and_then(|_| std::io::Write::write_all(&mut stdout, b"\n"));
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(Failure::new(Format::Human, &name, format!("cannot write the IR: {e}"))),
        _ => {}
    }
    Ok(if diags.iter().any(|d: &Diagnostic| d.severity == Severity::Error) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
