//! File names: the one place where names become paths of the generated crate. A name from the
//! spec may be a Rust path keyword (`self`), `mod` (which would overwrite `mod.rs`), a Windows
//! device name (`con`, `nul`, `com1`), thousands of characters long, or differ from another only
//! in case. Every file stem made here is:
//!
//! - not reserved: `mod`, `self`, `super`, `crate`, `Self` and the Windows device names (`con`,
//!   `prn`, `aux`, `nul`, `com1`–`com9`, `lpt1`–`lpt9`, in any case) get a `_` appended;
//! - at most [`MAX_STEM`] bytes: a longer name keeps its first bytes and ends with `_` and a
//!   stable 64-bit FNV-1a hash of the whole name in hex;
//! - unique in its directory ignoring ASCII case (later ones get `_2`, `_3`, ...), so the files
//!   of a crate never overwrite each other on macOS or Windows.
//!
//! Module files are also module names (`mod foo;`), so their stems are Rust identifiers.

use std::collections::{HashMap, HashSet};

use crate::ir::{Api, TypeId};
use crate::names::{self, fnv1a};

/// Longest file stem, in bytes (file systems allow 255 per component; paths stay short too).
pub const MAX_STEM: usize = 100;

/// True for names that cannot be a file or module stem as they are.
pub fn is_reserved(stem: &str) -> bool {
    if matches!(stem, "self" | "super" | "crate" | "Self" | "_") {
        return true;
    }
    let lower = stem.to_ascii_lowercase();
    let device = matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || (lower.len() == 4 && (lower.starts_with("com") || lower.starts_with("lpt")) && matches!(lower.as_bytes()[3], b'1'..=b'9'));
    device || lower == "mod"
}

/// `stem` cut to [`MAX_STEM`] bytes with a hash of the whole when it is longer.
fn cap(stem: &str) -> String {
    if stem.len() <= MAX_STEM {
        return stem.to_string();
    }
    let suffix = format!("_{:016x}", fnv1a(stem));
    let mut end = MAX_STEM - suffix.len();
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    // No `__` where the cut meets the suffix (rustc's `non_snake_case` would warn on a module).
    format!("{}{suffix}", stem[..end].trim_end_matches('_'))
}

/// Hands out file stems of one directory (see the module docs).
#[derive(Debug, Default)]
pub struct FileNamer {
    used: HashSet<String>,
}

impl FileNamer {
    /// A namer for a directory that already holds `taken` (stems, any case).
    pub fn new(taken: &[&str]) -> Self {
        FileNamer { used: taken.iter().map(|s| s.to_ascii_lowercase()).collect() }
    }

    /// A stem for `wanted`: safe, short enough and unique ignoring case.
    pub fn stem(&mut self, wanted: &str) -> String {
        let mut base = if wanted.is_empty() { "item".to_string() } else { wanted.to_string() };
        if is_reserved(&base) {
            base.push('_');
        }
        let base = cap(&base);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.used.insert(candidate.to_ascii_lowercase()) {
            candidate = cap(&format!("{base}_{n}"));
            n += 1;
        }
        candidate
    }
}

/// The file stems of one generated crate: model and service modules under `src/`, and their
/// pages under `documentation/`.
#[derive(Debug, Default)]
pub struct FileNames {
    /// `(type, module)` of every emitted model, in emission order: `src/models/{module}.rs`.
    pub model_modules: Vec<(TypeId, String)>,
    /// `(type, stem)`: `documentation/models/{stem}.md`.
    pub model_pages: Vec<(TypeId, String)>,
    /// Per service (same order as `api.services`): `src/services/{module}.rs`.
    pub service_modules: Vec<String>,
    /// Per service: `documentation/services/{stem}.md`.
    pub service_pages: Vec<String>,
    /// Index into `model_pages` by type.
    page_index: HashMap<TypeId, usize>,
}

impl FileNames {
    /// The names for `models` (the emitted types, in order) and every service of `api`.
    pub fn new(api: &Api, models: &[TypeId]) -> Self {
        // Never the name of the module they are in (clippy `module_inception`).
        let mut modules = FileNamer::new(&["mod", "models"]);
        let mut pages = FileNamer::new(&[]);
        let mut out = FileNames::default();
        for &id in models {
            let Some(name) = &api.types.get(id).rust_name else { continue };
            out.model_modules.push((id, modules.stem(&names::snake(name))));
            out.page_index.insert(id, out.model_pages.len());
            out.model_pages.push((id, pages.stem(name)));
        }
        let mut service_modules = FileNamer::new(&["mod", "services"]);
        let mut service_pages = FileNamer::new(&[]);
        for s in &api.services {
            out.service_modules.push(service_modules.stem(&s.module_name));
            out.service_pages.push(service_pages.stem(&s.type_name));
        }
        out
    }

    /// The page stem of a named type.
    pub fn model_page(&self, id: TypeId) -> Option<&str> {
        self.page_index.get(&id).map(|&i| self.model_pages[i].1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_short_and_unique_ignoring_case() {
        let mut n = FileNamer::new(&["mod"]);
        assert_eq!(n.stem("mod"), "mod_");
        assert_eq!(n.stem("self"), "self_");
        assert_eq!(n.stem("con"), "con_");
        assert_eq!(n.stem("Com1"), "Com1_");
        assert_eq!(n.stem("lpt9"), "lpt9_");
        assert_eq!(n.stem("com10"), "com10");
        assert_eq!(n.stem("console"), "console");
        assert_eq!(n.stem("FooBar"), "FooBar");
        assert_eq!(n.stem("Foobar"), "Foobar_2");
        assert_eq!(n.stem("FOOBAR"), "FOOBAR_3");
        assert_eq!(n.stem(""), "item");
        let long = "a".repeat(300);
        let a = n.stem(&long);
        let b = n.stem(&long);
        assert_eq!(a.len(), MAX_STEM);
        assert!(a.starts_with("aaaa") && a.ends_with(&format!("_{:016x}", fnv1a(&long))));
        assert!(b.len() <= MAX_STEM && a != b);
        // Stable: the same name gives the same stem in a fresh namer.
        assert_eq!(FileNamer::new(&[]).stem(&long), a);
        // Names that differ only past the cap still differ.
        let other = format!("{}b", "a".repeat(299));
        assert_ne!(FileNamer::new(&[]).stem(&other), a);
        // Multi-byte characters are cut on a character boundary.
        let wide = "é".repeat(200);
        assert!(FileNamer::new(&[]).stem(&wide).len() <= MAX_STEM);
        // A cut after `_` does not double it.
        let snake = "ab_".repeat(100);
        assert!(!FileNamer::new(&[]).stem(&snake).contains("__"));
    }
}
