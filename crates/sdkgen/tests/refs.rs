//! `$ref`s to any location and to other files (`tests/fixtures/refs/`): every root spec there
//! (`rNN_*.yaml` and `<folder>/openapi.yaml`) is generated from disk through the confined
//! [`FsResolver`], and its emitted models and services, or its diagnostics (file:line:col in the
//! file where each problem is), are snapshotted.

use std::path::{Path, PathBuf};

use sdkgen::normalize::{FsResolver, Resolver};
use sdkgen::{Settings, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs")
}

/// Path of a fixture relative to the crate, `/`-separated.
fn rel(path: &Path) -> String {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn generate(path: &Path) -> (String, Result<sdkgen::Generated, Vec<sdkgen::Diagnostic>>) {
    let file = rel(path);
    let text = std::fs::read_to_string(path).unwrap();
    let resolver = FsResolver::new(path, None).unwrap();
    let settings = Settings::default().with_crate_name("snapshot");
    let result = sdkgen::generate_with(&file, text, &settings, &resolver);
    (file, result)
}

#[test]
fn reference_fixtures() {
    insta::glob!("fixtures/refs/{r*.yaml,*/openapi.yaml}", |path| {
        let (file, result) = generate(path);
        let mut out = String::new();
        match result {
            Ok(g) => {
                for f in &g.files {
                    if f.path.starts_with("src/models/") || f.path.starts_with("src/services/") {
                        out.push_str(&format!("// ===== {} =====\n{}\n", f.path, f.contents));
                    }
                }
                let diagnostics: String = g.diagnostics.iter().map(|d| d.render(&file)).collect();
                if !diagnostics.is_empty() {
                    out.push_str(&format!("// ===== diagnostics =====\n{diagnostics}"));
                }
            }
            Err(diags) => out.extend(diags.iter().map(|d| d.render(&file))),
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn several_files_with_a_cycle_generate_cleanly() {
    let (_, result) = generate(&fixtures().join("multi/openapi.yaml"));
    let g = result.unwrap_or_else(|d| panic!("{d:?}"));
    assert!(g.diagnostics.iter().all(|d| d.severity == Severity::Warning), "{:?}", g.diagnostics);
    let models: Vec<&str> = g.files.iter().filter_map(|f| f.path.strip_prefix("src/models/")).collect();
    // pet.yaml (a whole file) takes the name of the component that refers to it; owner.yaml its
    // title; common.yaml's components keep their names.
    for m in ["pet.rs", "owner.rs", "tag.rs", "problem.rs"] {
        assert!(models.contains(&m), "{models:?}");
    }
    let pet = &g.files.iter().find(|f| f.path == "src/models/pet.rs").unwrap().contents;
    assert!(pet.contains("crate::models::Owner") && pet.contains("crate::models::Tag"), "{pet}");
    let owner = &g.files.iter().find(|f| f.path == "src/models/owner.rs").unwrap().contents;
    assert!(owner.contains("::std::vec::Vec<crate::models::Pet>"), "the cycle across files: {owner}");
    // Warnings about imported nodes are located in the files they were written in: one from the
    // lowering (traced back through `Origins`), one from reading the file.
    let located = |file: &str, line: usize, col: usize| {
        g.diagnostics.iter().any(|d| d.file.as_deref() == Some(file) && d.location.map(|l| (l.line, l.col)) == Some((line, col)))
    };
    assert!(located("models/owner.yaml", 5, 3), "{:#?}", g.diagnostics);
    assert!(located("shared/common.yaml", 26, 7), "{:#?}", g.diagnostics);
}

#[test]
fn refused_references_are_located_in_the_file_that_has_them() {
    let (_, result) = generate(&fixtures().join("hostile/openapi.yaml"));
    let diags = result.expect_err("the hostile spec has errors");
    let at = |needle: &str| {
        diags.iter().find(|d| d.message.contains(needle)).unwrap_or_else(|| panic!("no diagnostic with `{needle}`: {diags:#?}"))
    };
    let escape = at("../r01_same_document.yaml");
    assert!(escape.message.contains("outside the folder tree"), "{}", escape.message);
    assert_eq!((escape.file.as_deref(), escape.location.map(|l| (l.line, l.col))), (None, Some((19, 21))));
    assert!(at("/etc/passwd").message.contains("absolute path"));
    let url = at("https://example.com");
    assert!(url.message.contains("network") && url.help.as_deref().unwrap().contains("relative path"));
    assert!(at("models/missing.yaml").message.contains("no such file"));
    assert!(at("Thing/properties/nope").message.contains("points nowhere"));
    // In another file: its name, line and column, and the reference as written there.
    let nested = at("#/Nowhere");
    assert_eq!(nested.file.as_deref(), Some("models/broken.yaml"));
    assert_eq!(nested.location.map(|l| (l.line, l.col)), Some((7, 7)));
    assert_eq!(nested.pointer, "#/Broken/properties/dangling/$ref");
    let deep_escape = at("../../../../Cargo.toml");
    assert_eq!(deep_escape.file.as_deref(), Some("models/broken.yaml"));
    let syntax = diags.iter().find(|d| d.message.starts_with("invalid YAML")).expect("the syntax error of not_yaml.yaml");
    assert_eq!(syntax.file.as_deref(), Some("models/not_yaml.yaml"));
    // The self-including file is no error.
    assert!(diags.iter().all(|d| !d.message.contains("node.yaml")), "{diags:#?}");
}

#[test]
fn the_allowed_tree_can_be_widened() {
    let spec = fixtures().join("hostile/openapi.yaml");
    let narrow = FsResolver::new(&spec, None).unwrap();
    assert!(narrow.read("../r01_same_document.yaml").unwrap_err().contains("outside"));
    let wide = FsResolver::new(&spec, Some(&fixtures())).unwrap();
    assert!(wide.read("../r01_same_document.yaml").unwrap().contains("openapi: 3.0.3"));
    assert!(wide.read("../../refs.rs").unwrap_err().contains("outside"), "still confined to the wider tree");
    // The wider tree must contain the spec.
    assert!(FsResolver::new(&spec, Some(&fixtures().join("multi"))).is_err());
}

#[test]
fn the_resolver_refuses_absolute_paths_links_out_and_huge_files() {
    let dir = std::env::temp_dir().join(format!("sdkgen-refs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("openapi.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\n").unwrap();
    let r = FsResolver::new(&spec, None).unwrap();
    assert!(r.read("/etc/hostname").is_err());
    assert_eq!(r.read("missing.yaml").unwrap_err(), "no such file");
    // A sparse file one byte over the limit: refused before it is read.
    let huge = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    huge.set_len(sdkgen::limits::MAX_DOCUMENT_BYTES as u64 + 1).unwrap();
    assert!(r.read("huge.yaml").unwrap_err().contains("larger than"));
    #[cfg(unix)]
    {
        let outside = dir.with_extension("outside.yaml");
        std::fs::write(&outside, "type: string\n").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link.yaml")).unwrap();
        assert!(r.read("link.yaml").unwrap_err().contains("outside"), "a symbolic link out of the tree");
        std::fs::remove_file(&outside).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
