//! Project tasks: `cargo xtask codegen [--check]` regenerates `generated/` from
//! `specs/ringcentral-oauth.yaml`, and the end-to-end SDKs in `e2e/sdks/` from the construct cases
//! `o01`/`o02`/`s01` (or checks that they are current), through the same library calls
//! as the `sdkgen` CLI; `cargo xtask bench-build` times `cargo check` of the generated whole
//! RingCentral API (see `bench_build.rs`). Every write goes through the CLI's all-or-nothing writer
//! (`crates/sdkgen-cli/src/output.rs`); `--check` compares through its `compare`.

// Nested `if let` reads more plainly here than let-chains (and keeps the 1.85 toolchain floor).
#![allow(clippy::collapsible_if)]

mod bench_build;
mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen::{FormatType, ResponseLeniency, Settings, Severity};

/// The all-or-nothing writer of the `sdkgen` CLI (one implementation for both).
#[path = "../../crates/sdkgen-cli/src/output.rs"]
mod output;

const SPEC: &str = "specs/ringcentral-oauth.yaml";
const OUT: &str = "generated";

/// The SDKs of the end-to-end tests besides RingCentral's (`crates/sdk-e2e`): a plain RFC 6749
/// OAuth 2.0 API and an OpenID Connect one, from the construct cases `o01` and `o02`; and the
/// streamed-bodies API of case `s01`, which `stream-bench` (`crates/request-bench`) calls and whose
/// documentation snippets `tests/doc_snippets.rs` compiles.
const E2E_SDKS: &[(&str, &str, &str, &str)] = &[
    ("crates/sdkgen/tests/fixtures/cases/o01_plain_oauth2.yaml", "e2e/sdks/plain-oauth2", "plain-oauth2", "PlainApi"),
    ("crates/sdkgen/tests/fixtures/cases/o02_openid_connect.yaml", "e2e/sdks/openid-connect", "openid-connect", "OpenIdApi"),
    ("crates/sdkgen/tests/fixtures/cases/s01_streamed_bodies.yaml", "e2e/sdks/streams", "streams", "StreamsApi"),
];

/// The settings of the checked-in RingCentral SDK.
fn settings() -> Settings {
    Settings::default()
        .with_crate_name("ring-central")
        .with_crate_version("0.1.0")
        // The repository's own copy: an example of the output, not a crate to publish.
        .with_license("MIT OR Apache-2.0")
        .with_publish(false)
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
        // RFC 6749 §4.1.3: the token request's `redirect_uri` must be identical to the
        // authorization request's; `url::Url` would normalize it (`https://app.example` gains a
        // `/`). URIs stay the text the caller gave.
        .with_format("uri", FormatType::String)
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
        Some("bench-build") => bench_build::run(&root(), &args[1..]),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask test | cargo xtask corpus [--all] [--compile] [--filter TEXT] | cargo xtask bench-build [--feature TAG] [--runs N]");
            ExitCode::from(2)
        }
    }
}

/// Installs OpenSSL's development files (`libssl-dev`, `pkg-config`) with apt-get unless
/// pkg-config finds them already.
const OPENSSL_DEV: &str = "pkg-config --exists openssl 2>/dev/null || { \
    echo 'installing libssl-dev and pkg-config (the native-tls builds link OpenSSL)'; \
    if [ \"$(id -u)\" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends libssl-dev pkg-config; }";

/// `cargo` for a build of another crate (a generated one): without the package variables of
/// `cargo run`, which would leak into the nested build.
pub(crate) fn nested_cargo() -> std::process::Command {
    let mut cmd = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PKG_") || k == "CARGO_MANIFEST_DIR" || k == "CARGO_PRIMARY_PACKAGE" || k == "CARGO_CRATE_NAME" {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// A command of `cargo xtask test`: program, arguments, environment.
type Step = (&'static str, Vec<&'static str>, Vec<(&'static str, &'static str)>);

/// Every check CI runs, in order: the test server's npm packages, generated/ up to date, the whole
/// workspace's tests, the generated crate clippy-clean (also with no feature and with each service
/// feature alone) and rustdoc-clean, the runtime with other sets of its features, and the
/// public-spec selection.
fn test() -> ExitCode {
    let root = root();
    let steps: Vec<Step> = vec![
        ("npm", vec!["ci", "--no-audit", "--no-fund", "--prefix", "e2e/oidc-provider"], vec![]),
        // The `native-tls` builds below (runtime, tests/lean.rs) link OpenSSL: its headers and
        // pkg-config from Debian's packages when a fresh machine lacks them.
        ("sh", vec!["-c", OPENSSL_DEV], vec![]),
        ("cargo", vec!["xtask", "codegen", "--check"], vec![]),
        ("cargo", vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], vec![]),
        // The generated crate with no feature, and with its one service feature alone.
        ("cargo", vec!["clippy", "-p", "ring-central", "--all-targets", "--no-default-features", "--", "-D", "warnings"], vec![]),
        (
            "cargo",
            vec!["clippy", "-p", "ring-central", "--all-targets", "--no-default-features", "--features", "o_auth_2_0_open_id_connect", "--", "-D", "warnings"],
            vec![],
        ),
        // With its optional `tracing` feature.
        ("cargo", vec!["clippy", "-p", "ring-central", "--all-targets", "--features", "tracing", "--", "-D", "warnings"], vec![]),
        ("cargo", vec!["doc", "-p", "ring-central", "--no-deps"], vec![("RUSTDOCFLAGS", "-D warnings")]),
        // The runtime without its optional parts, with each alone, and with the transport
        // features (the workspace run below has its defaults: every part, rustls).
        ("cargo", vec!["clippy", "-p", "sdkgen-runtime", "--all-targets", "--no-default-features", "--", "-D", "warnings"], vec![]),
        ("cargo", vec!["clippy", "-p", "sdkgen-runtime", "--all-targets", "--features", "tracing", "--", "-D", "warnings"], vec![]),
        ("cargo", vec!["test", "-p", "sdkgen-runtime", "--no-default-features"], vec![]),
        ("cargo", vec!["test", "-p", "sdkgen-runtime", "--no-default-features", "--features", "oauth"], vec![]),
        ("cargo", vec!["test", "-p", "sdkgen-runtime", "--no-default-features", "--features", "multipart,native-tls,gzip,brotli,tracing"], vec![]),
        ("cargo", vec!["test", "--workspace", "--no-fail-fast"], vec![]),
        // Real public specs (corpus/selection.txt): generated and `cargo check`ed.
        ("cargo", vec!["xtask", "corpus"], vec![]),
    ];
    for (program, args, env) in steps {
        eprintln!("==> {program} {}", args.join(" "));
        let mut cmd = std::process::Command::new(program);
        // No incremental caches: they double the disk a cold run needs and a CI run never reuses
        // them (nested cargo runs of the tests inherit this).
        cmd.args(&args).current_dir(&root).env("CARGO_INCREMENTAL", "0");
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

/// Regenerates (or checks) `generated/` and the end-to-end SDKs.
fn codegen(check: bool) -> ExitCode {
    let mut code = codegen_one(check, SPEC, OUT, settings());
    for (spec, out, name, client) in E2E_SDKS {
        let settings = Settings::default()
            .with_crate_name(*name)
            .with_crate_version("0.1.0")
            .with_license("MIT OR Apache-2.0")
            .with_publish(false)
            .with_client_name(*client)
            .with_spec_path(*spec)
            .with_generator_command("cargo xtask codegen");
        if codegen_one(check, spec, out, settings) != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    code
}

fn codegen_one(check: bool, spec: &str, out_dir: &str, settings: Settings) -> ExitCode {
    let root = root();
    let spec_path = root.join(spec);
    let text = match std::fs::read_to_string(&spec_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec_path.display());
            return ExitCode::FAILURE;
        }
    };
    let generated = match sdkgen::generate(spec, text, &settings) {
        Ok(g) => g,
        Err(diags) => {
            for d in diags {
                eprint!("{}", d.render(spec));
            }
            return ExitCode::FAILURE;
        }
    };
    for d in &generated.diagnostics {
        eprint!("{}", d.render(spec));
    }
    if generated.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: the spec has errors; nothing was written");
        return ExitCode::FAILURE;
    }
    let out = root.join(out_dir);
    let files: Vec<(String, String)> = generated.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
    // The output folder is all generated: every file in it is one of an earlier generation.
    let previous: Vec<String> = walk(&out).iter().map(|p| p.strip_prefix(&out).unwrap_or(p).to_string_lossy().replace('\\', "/")).collect();
    let comparison = output::compare(&out, &files, &previous);
    if check {
        if comparison.is_current() {
            return ExitCode::SUCCESS;
        }
        eprint!("{out_dir}/: {}", comparison.summary());
        eprintln!("error: {out_dir}/ is stale: run `cargo xtask codegen` and commit the result");
        return ExitCode::FAILURE;
    }
    // All or nothing: a failed run leaves the folder as it was.
    if let Err(e) = output::write_all(&out, &files).and_then(|_| output::remove_stale(&out, &comparison.removed)) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!("wrote {} files to {out_dir}/", generated.files.len());
    ExitCode::SUCCESS
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
