//! The generator's work grows linearly with the size of the spec: generating four times as many
//! operations (and tags and schemas) makes about four times as many heap allocations, not sixteen.
//! A work count, not a timing: allocations are counted by a global allocator around one
//! `sdkgen::generate` call, so the figures do not depend on the machine's load.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "../src/synthetic.rs"]
mod synthetic;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by generating `text` (files and all), which must make at least `min_files` files.
fn allocations(text: String, min_files: usize) -> usize {
    let settings = sdkgen::Settings::default();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let generated = sdkgen::generate("synthetic.json", text, &settings).expect("the synthetic spec generates");
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert!(generated.diagnostics.iter().all(|d| d.severity != sdkgen::Severity::Error), "{:?}", generated.diagnostics);
    // Services, models and their pages: the spec's size shows in the output.
    assert!(generated.files.len() >= min_files, "{} files, expected {min_files} or more", generated.files.len());
    after - before
}

/// `n` named arrays, each of its own object schema, and no operations.
fn arrays(n: usize) -> String {
    let schemas: Vec<String> = (0..n)
        .map(|i| format!(r##""List{i}":{{"type":"array","items":{{"$ref":"#/components/schemas/Object{i}"}}}},"Object{i}":{{"type":"object","properties":{{"a":{{"type":"string"}}}}}}"##))
        .collect();
    format!(r##"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{{}}}}}}}"##, schemas.join(","))
}

/// Fails when four times the input takes more than 4.4 times the allocations. Linear work gives a
/// little under 4 (the runtime files and the crate root are fixed costs); the passes this guards
/// against gave 4.9 (each operation's docs listed every operation's type names) and 7.4 (each
/// named array's page cloned all the types).
fn assert_linear(what: &str, small: usize, large: usize) {
    let ratio = large as f64 / small as f64;
    assert!(ratio < 4.4, "{what}: 4× the input took {ratio:.2}× the allocations ({small} → {large}): some pass is quadratic");
}

#[test]
fn generation_work_grows_linearly_with_the_spec() {
    // One test in this binary, so nothing else allocates while it counts.
    let (small, large) = (allocations(synthetic::spec(100), 20), allocations(synthetic::spec(400), 80));
    assert_linear("operations, tags and schemas", small, large);
    let (small, large) = (allocations(arrays(100), 400), allocations(arrays(400), 1600));
    assert_linear("named arrays", small, large);
}
