//! Names become files safely: over the hostile specs (`tests/fixtures/hostile/`: `mod`, `self`,
//! `Self`, Windows device names, names differing only in case, 300-character names, names made of
//! Markdown and control characters), every generated path is unique ignoring case, every file
//! stem is at most `MAX_STEM` bytes and not reserved, every `mod x;` has its file, and every
//! link from the README to a documentation page points at a generated file. (That the crates
//! compile is checked by `tests/cases.rs`.)

use std::collections::{BTreeSet, HashSet};

use sdkgen::Settings;
use sdkgen::emit::files::{MAX_STEM, is_reserved};

fn generate(name: &str) -> Vec<sdkgen::GeneratedFile> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let g = sdkgen::generate(name, text, &Settings::default().with_crate_name("hostile")).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    assert!(!sdkgen::diagnostics::has_errors(&g.diagnostics), "{name}: {:?}", g.diagnostics);
    g.files
}

/// The module names a `mod.rs` declares (`mod foo;`, `mod r#type;`).
fn declared_modules(contents: &str) -> Vec<String> {
    contents.lines().filter_map(|l| l.trim().strip_prefix("mod ")).map(|m| m.trim_end_matches(';').trim_start_matches("r#").to_string()).collect()
}

#[test]
fn generated_paths_are_safe_and_unique() {
    for spec in ["h01_doc_text.yaml", "h02_doc_text.json", "h03_file_names.yaml", "h04_servers_int_enums.yaml"] {
        let files = generate(spec);
        let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut lower = HashSet::new();
        for f in &files {
            assert!(lower.insert(f.path.to_lowercase()), "{spec}: {} collides ignoring case", f.path);
            for component in f.path.split('/') {
                let stem = component.split('.').next().unwrap_or(component);
                assert!(stem.len() <= MAX_STEM, "{spec}: {} is longer than {MAX_STEM} bytes", f.path);
                assert!(!is_reserved(stem) || f.path.ends_with("/mod.rs"), "{spec}: {} is a reserved name", f.path);
                assert!(component.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')), "{spec}: {:?}", f.path);
            }
        }
        for dir in ["src/models", "src/services"] {
            let module_file = files.iter().find(|f| f.path == format!("{dir}/mod.rs")).unwrap_or_else(|| panic!("{spec}: no {dir}/mod.rs"));
            let modules = declared_modules(&module_file.contents);
            let on_disk = files.iter().filter(|f| f.path.starts_with(&format!("{dir}/")) && f.path != format!("{dir}/mod.rs")).count();
            assert_eq!(modules.len(), on_disk, "{spec}: {dir}: every file is a module and every module a file");
            for m in modules {
                assert!(paths.contains(format!("{dir}/{m}.rs").as_str()), "{spec}: `mod {m};` has no file");
            }
        }
        let readme = &files.iter().find(|f| f.path == "README.md").unwrap().contents;
        for link in readme.split("](documentation/").skip(1) {
            let target = format!("documentation/{}", link.split(')').next().unwrap());
            assert!(paths.contains(target.as_str()), "{spec}: README links to missing {target}");
        }
    }
}

#[test]
fn hazardous_names_get_the_expected_files() {
    let files = generate("h03_file_names.yaml");
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "src/models/mod_.rs",
        "src/models/self_.rs",
        "src/models/con_.rs",
        "src/models/nul_.rs",
        "src/models/com1_.rs",
        "src/models/lpt9_.rs",
        "src/models/foo_bar.rs",
        "src/models/foobar.rs",
        "src/models/type.rs",
        "src/services/mod_.rs",
        "src/services/self_.rs",
        "src/services/con_.rs",
        "documentation/models/FooBar.md",
        "documentation/models/Foobar_2.md",
        "documentation/models/Con_.md",
    ] {
        assert!(paths.contains(expected), "missing {expected}; have {paths:#?}");
    }
    // `models/mod.rs` is the module list, not a model that overwrote it.
    let models_mod = &files.iter().find(|f| f.path == "src/models/mod.rs").unwrap().contents;
    assert!(models_mod.contains("mod mod_;") && models_mod.contains("pub use mod_::Mod;"), "{models_mod}");
    // Two 300-character names that differ only at the end get two files, each within the cap.
    let long: Vec<&&str> = paths.iter().filter(|p| p.starts_with("src/models/aaaa")).collect();
    assert_eq!(long.len(), 2, "{long:?}");
    // Tags that would be client methods get other accessors.
    let lib = &files.iter().find(|f| f.path == "src/lib.rs").unwrap().contents;
    for accessor in ["pub fn builder_2(", "pub fn core_2(", "pub fn token_holder_2(", "pub fn self_("] {
        assert!(lib.contains(accessor), "no {accessor} in lib.rs");
    }
}
