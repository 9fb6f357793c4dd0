//! sdkgen: reads an OpenAPI description and emits a complete Rust SDK crate.
//!
//! The pipeline runs one way: [`load`] (text → [`Spec`]) → [`lower()`] (spec → [`ir::Api`] +
//! [`Diagnostic`]s) → [`emit`] (IR → [`GeneratedFile`]s). The library never writes files; the CLI
//! and `cargo xtask codegen` do.

// Nested `if let` reads more plainly here than let-chains.
#![allow(clippy::collapsible_if)]

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod keys;
pub mod keywords;
pub mod limits;
pub mod load;
pub mod lower;
pub mod names;
pub mod normalize;
pub mod numbers;
pub mod profile;
pub mod secrets;
pub mod settings;
pub mod shallow;

pub use diagnostics::{Diagnostic, Location, Severity};
pub use emit::GeneratedFile;
pub use load::Spec;
pub use settings::{DefaultFeatures, FormatType, PaginationConfig, ResponseLeniency, Settings, TYPED_FORMATS};

/// Lowers a loaded spec into the IR; diagnostics carry file:line:col.
pub fn lower(spec: &Spec, settings: &Settings) -> (ir::Api, Vec<Diagnostic>) {
    let (api, mut lowered) = lower::lower(&spec.openapi, settings);
    spec.locate_all(&mut lowered);
    let mut diagnostics = spec.diagnostics.clone();
    spec.locate_all(&mut diagnostics);
    diagnostics.append(&mut lowered);
    (api, diagnostics)
}

/// The result of [`generate`].
#[derive(Debug)]
pub struct Generated {
    /// Files of the crate, paths relative to its root, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Everything sdkgen noticed; errors mean the output may be incomplete.
    pub diagnostics: Vec<Diagnostic>,
    /// The operations that page, how and from where (`sdkgen check` reports them).
    pub paged: Vec<ir::PagedOperation>,
}

/// Stack for the pipeline thread of [`generate`]: deserializing and lowering nested schemas
/// recurse, and specs may nest up to [`load::MAX_DEPTH`] levels whatever the caller's stack.
pub(crate) const PIPELINE_STACK: usize = 256 << 20;

/// Loads, lowers and emits in one call. `Err` only when the text cannot be read as OpenAPI.
/// Runs on a thread of its own with a large stack, so deeply nested specs give diagnostics, not a
/// stack overflow.
pub fn generate(file: &str, text: String, settings: &Settings) -> Result<Generated, Vec<Diagnostic>> {
    generate_with(file, text, settings, &normalize::NoFiles)
}

/// [`generate`] for a spec that may refer to other files, read through `resolver`.
pub fn generate_with(file: &str, text: String, settings: &Settings, resolver: &dyn normalize::Resolver) -> Result<Generated, Vec<Diagnostic>> {
    generate_profiled(file, text, settings, resolver).0
}

/// [`generate_with`], and the time each phase took (for benchmarks).
pub fn generate_profiled(file: &str, text: String, settings: &Settings, resolver: &dyn normalize::Resolver) -> (Result<Generated, Vec<Diagnostic>>, profile::Profile) {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().name("sdkgen".into()).stack_size(PIPELINE_STACK).spawn_scoped(scope, || {
            let mut profile = profile::Profile::default();
            let result = generate_here(file, text, settings, resolver, &mut profile);
            (result, profile)
        });
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                (Err(vec![Diagnostic::error("#", "sdkgen failed on this spec").with_help("this is a bug in sdkgen; please report it with the spec")]), profile::Profile::default())
            }),
            Err(e) => (Err(vec![Diagnostic::error("#", format!("cannot start the generator thread: {e}"))]), profile::Profile::default()),
        }
    })
}

fn generate_here(file: &str, text: String, settings: &Settings, resolver: &dyn normalize::Resolver, profile: &mut profile::Profile) -> Result<Generated, Vec<Diagnostic>> {
    let mut spec = load::load_profiled(file, text, resolver, profile)?;
    let t = std::time::Instant::now();
    let (api, mut diagnostics) = lower(&spec, settings);
    // The document is not needed any more (only its source text, to locate diagnostics): free it
    // before the emitter's peak.
    spec.openapi = openapiv3::OpenAPI::default();
    profile.lap("lower → IR (and free the document)", t);
    let paged = api.paged_operations();
    let (files, mut emit_diags) = emit::emit_profiled(&api, settings, profile);
    let t = std::time::Instant::now();
    spec.locate_all(&mut emit_diags);
    diagnostics.append(&mut emit_diags);
    profile.lap("locate emission diagnostics", t);
    Ok(Generated { files, diagnostics, paged })
}
