//! Writing a generated crate all-or-nothing (the `sdkgen` CLI and `cargo xtask codegen` share
//! this file). Every changed file is first written next to its target under a temporary name;
//! only when all of them are written are they renamed into place (a rename within a directory
//! replaces the file at once). A failure before that removes the temporary files and any
//! directories it created, so the previous output stays as it was.
//!
//! Stale files: `sdkgen generate` writes a manifest ([`MANIFEST`]) listing every file it wrote;
//! the next run removes the files the old manifest lists and the new run no longer writes (and
//! directories that leaves empty), never a file sdkgen did not write. `--check` and
//! `cargo xtask codegen --check` compare through [`compare`] and print [`Comparison::summary`].

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

/// Suffix of the temporary files.
const TEMP_SUFFIX: &str = ".sdkgen-tmp";

/// Checks that `rel` is a relative path inside the output directory.
fn check_relative(rel: &str) -> Result<(), String> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("refusing to write {rel:?}: not a plain relative path"));
    }
    Ok(())
}

/// Checks that no part of `rel` below `out` is a symbolic link (`out` itself may be one): a
/// generated file is never written, and a stale one never removed, through a link to elsewhere.
fn check_no_link(out: &Path, rel: &str) -> Result<(), String> {
    let mut path = out.to_path_buf();
    for part in Path::new(rel).components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!("refusing to write {rel:?}: {} is a symbolic link", path.display()));
            }
            Ok(_) => {}
            // Missing from here on: nothing below can be a link.
            Err(_) => break,
        }
    }
    Ok(())
}

/// Writes `files` (`(relative path, contents)`) under `out`, all or nothing; files whose contents
/// are already there are left untouched. Returns how many files changed. Refuses (writing
/// nothing) paths that are not plain relative ones, paths that differ only in case, and paths
/// that go through a symbolic link inside `out`.
pub fn write_all(out: &Path, files: &[(String, String)]) -> Result<usize, String> {
    // Paths must be relative and unique ignoring case (they would overwrite each other on macOS
    // and Windows).
    let mut seen = HashSet::new();
    for (rel, _) in files {
        check_relative(rel)?;
        check_no_link(out, rel).map_err(|e| format!("{e}; nothing was written"))?;
        if !seen.insert(rel.to_lowercase()) {
            return Err(format!("two generated files differ only in case: {rel}"));
        }
    }
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<(), String> {
        for (rel, contents) in files {
            let target = out.join(rel);
            if std::fs::read(&target).ok().as_deref() == Some(contents.as_bytes()) {
                continue;
            }
            if target.is_dir() {
                return Err(format!("cannot write {}: it is a directory", target.display()));
            }
            if let Some(dir) = target.parent() {
                // Remember the directories this run creates, outermost first.
                let mut missing = Vec::new();
                let mut d = dir.to_path_buf();
                while !d.exists() {
                    missing.push(d.clone());
                    if !d.pop() {
                        break;
                    }
                }
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                created_dirs.extend(missing.into_iter().rev());
            }
            let mut temp = target.clone().into_os_string();
            temp.push(TEMP_SUFFIX);
            let temp = PathBuf::from(temp);
            std::fs::write(&temp, contents).map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
            staged.push((temp, target));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
        for dir in created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(format!("{e}; nothing was written"));
    }
    let changed = staged.len();
    for (i, (temp, target)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            for (t, _) in &staged[i..] {
                let _ = std::fs::remove_file(t);
            }
            return Err(format!("cannot move {} into place: {e}", target.display()));
        }
    }
    Ok(changed)
}

/// The manifest of the files `sdkgen generate` wrote, in the output directory.
#[allow(dead_code)] // `cargo xtask codegen` compiles this file too; `generated/` is all generated.
pub const MANIFEST: &str = ".sdkgen-manifest";

/// The manifest's text for the files of a generation (paths sorted, the manifest included).
#[allow(dead_code)]
pub fn manifest(files: &[(String, String)]) -> String {
    let mut paths: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    paths.insert(MANIFEST);
    let mut out = String::from("# Files written by `sdkgen generate`, removed by a later run that no longer writes them. Do not edit.\n");
    for p in paths {
        out.push_str(p);
        out.push('\n');
    }
    out
}

/// The files an earlier `sdkgen generate` wrote into `out`, from its manifest (none when there is
/// none). Only plain relative paths are kept: a manifest can never name a file outside `out`.
#[allow(dead_code)]
pub fn previous_files(out: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) else { return Vec::new() };
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && check_relative(l).is_ok()).map(String::from).collect()
}

/// True when the first line of a file names it generated (`// @generated by ...`, `# @generated`,
/// `<!-- @generated ... -->`), as every file sdkgen writes does.
fn first_line_is_generated(text: &[u8]) -> bool {
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    first.windows(b"@generated".len()).any(|w| w == b"@generated")
}

/// How an output directory differs from a generation.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Files the generation writes that are not there.
    pub added: Vec<String>,
    /// Files whose contents differ, each with a short line diff.
    pub changed: Vec<(String, String)>,
    /// Files of an earlier generation that this one does not write any more.
    pub removed: Vec<String>,
    /// Changed files that neither an earlier generation wrote (not in the manifest) nor carry
    /// the `@generated` header on their first line: the user's own files, which
    /// `sdkgen generate` overwrites only with `--force`.
    pub foreign: Vec<String>,
}

impl Comparison {
    /// True when the directory holds exactly the generation.
    pub fn is_current(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// `N added, M changed, K removed` and one line per file (`+ path`, `~ path` with its diff,
    /// `- path`).
    pub fn summary(&self) -> String {
        let mut out = format!("{} added, {} changed, {} removed\n", self.added.len(), self.changed.len(), self.removed.len());
        for p in &self.added {
            out.push_str(&format!("+ {p}\n"));
        }
        for (p, d) in &self.changed {
            out.push_str(&format!("~ {p}\n{d}\n"));
        }
        for p in &self.removed {
            out.push_str(&format!("- {p}\n"));
        }
        out
    }
}

/// Compares `out` with a generation: `files` and the files an earlier one wrote (`previous`:
/// the manifest's list, or every file of a directory that is all generated).
pub fn compare(out: &Path, files: &[(String, String)], previous: &[String]) -> Comparison {
    let mut c = Comparison::default();
    let new: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let ours: HashSet<&str> = previous.iter().map(String::as_str).collect();
    for (rel, contents) in files {
        match std::fs::read(out.join(rel)) {
            Err(_) => c.added.push(rel.clone()),
            Ok(old) if old != contents.as_bytes() => {
                if !ours.contains(rel.as_str()) && !first_line_is_generated(&old) {
                    c.foreign.push(rel.clone());
                }
                c.changed.push((rel.clone(), diff(&String::from_utf8_lossy(&old), contents)));
            }
            Ok(_) => {}
        }
    }
    let mut removed: BTreeSet<&str> = BTreeSet::new();
    for p in previous {
        if !new.contains(p.as_str()) && out.join(p).is_file() {
            removed.insert(p);
        }
    }
    c.removed = removed.into_iter().map(String::from).collect();
    c
}

/// A short line diff: the first differing lines with a little context.
fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let mut out = String::new();
    for l in a.iter().skip(first).take(8) {
        out.push_str(&format!("  -{l}\n"));
    }
    for l in b.iter().skip(first).take(8) {
        out.push_str(&format!("  +{l}\n"));
    }
    out.push_str(&format!("  (from line {}; {} lines before, {} after)", first + 1, a.len(), b.len()));
    out
}

/// Removes the files of an earlier generation that this one does not write (`stale`, relative
/// to `out`), then the directories that leaves empty (never `out` itself). Returns how many
/// files were removed.
pub fn remove_stale(out: &Path, stale: &[String]) -> Result<usize, String> {
    let mut removed = 0;
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for rel in stale {
        check_relative(rel)?;
        check_no_link(out, rel)?;
        let path = out.join(rel);
        if !path.is_file() {
            continue;
        }
        std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        removed += 1;
        let mut d = Path::new(rel).parent();
        while let Some(dir) = d.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(dir.to_path_buf());
            d = dir.parent();
        }
    }
    // Deepest first; a directory that is not empty stays.
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(out.join(d));
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sdkgen-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = scratch("fail");
        std::fs::write(dir.join("Cargo.toml"), "old").unwrap();
        // `src` is a file, so `src/lib.rs` cannot be written: nothing may change.
        std::fs::write(dir.join("src"), "in the way").unwrap();
        let files = vec![
            ("Cargo.toml".to_string(), "new".to_string()),
            ("docs/a.md".to_string(), "a".to_string()),
            ("src/lib.rs".to_string(), "lib".to_string()),
        ];
        let err = write_all(&dir, &files).unwrap_err();
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.join("Cargo.toml")).unwrap(), "old");
        assert!(!dir.join("docs").exists(), "a directory made by the failed run is left");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        assert!(left.iter().all(|n| !n.ends_with(".sdkgen-tmp")), "{left:?}");

        std::fs::remove_file(dir.join("src")).unwrap();
        assert_eq!(write_all(&dir, &files).unwrap(), 3);
        assert_eq!(std::fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "lib");
        assert_eq!(write_all(&dir, &files).unwrap(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_generation_removes_only_the_files_the_old_one_wrote() {
        let dir = scratch("stale");
        let first = vec![("src/lib.rs".to_string(), "lib".to_string()), ("src/models/old.rs".to_string(), "old".to_string())];
        let mut with_manifest = first.clone();
        with_manifest.push((MANIFEST.to_string(), manifest(&first)));
        write_all(&dir, &with_manifest).unwrap();
        std::fs::write(dir.join("src/models/mine.rs"), "the user's").unwrap();
        std::fs::create_dir_all(dir.join("docs/old")).unwrap();

        let second = vec![("src/lib.rs".to_string(), "lib 2".to_string()), ("src/new.rs".to_string(), "new".to_string())];
        let previous = previous_files(&dir);
        assert_eq!(previous, [MANIFEST, "src/lib.rs", "src/models/old.rs"]);
        let mut files = second.clone();
        files.push((MANIFEST.to_string(), manifest(&second)));
        let c = compare(&dir, &files, &previous);
        assert_eq!(c.added, ["src/new.rs"]);
        assert_eq!(c.changed.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["src/lib.rs", MANIFEST]);
        assert_eq!(c.removed, ["src/models/old.rs"]);
        assert!(c.summary().starts_with("1 added, 2 changed, 1 removed\n+ src/new.rs\n~ src/lib.rs\n"), "{}", c.summary());

        write_all(&dir, &files).unwrap();
        assert_eq!(remove_stale(&dir, &c.removed).unwrap(), 1);
        assert!(!dir.join("src/models/old.rs").exists());
        // Not written by sdkgen: kept, and so is its directory.
        assert_eq!(std::fs::read_to_string(dir.join("src/models/mine.rs")).unwrap(), "the user's");
        assert!(dir.join("docs/old").is_dir());
        assert!(compare(&dir, &files, &previous_files(&dir)).is_current());

        // A manifest naming a path outside the directory is ignored.
        std::fs::write(dir.join(MANIFEST), "../outside\n/etc/passwd\nsrc/new.rs\n").unwrap();
        assert_eq!(previous_files(&dir), ["src/new.rs"]);
        assert!(remove_stale(&dir, &["../outside".to_string()]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_users_own_files_are_foreign_unless_generated_or_listed() {
        let dir = scratch("foreign");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "fn main() {}\n").unwrap();
        std::fs::write(dir.join("README.md"), "<!-- @generated by `sdkgen generate` from a.yaml. Do not edit. -->\nold\n").unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
        std::fs::write(dir.join("same.txt"), "same").unwrap();
        let files = vec![
            ("src/lib.rs".to_string(), "// @generated\nnew".to_string()),
            ("README.md".to_string(), "new".to_string()),
            ("Cargo.toml".to_string(), "new".to_string()),
            ("same.txt".to_string(), "same".to_string()),
            ("absent.rs".to_string(), "new".to_string()),
        ];
        assert_eq!(compare(&dir, &files, &[]).foreign, ["src/lib.rs", "Cargo.toml"]);
        assert_eq!(compare(&dir, &files, &["Cargo.toml".to_string()]).foreign, ["src/lib.rs"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_inside_the_output_are_never_followed() {
        let dir = scratch("links");
        let elsewhere = scratch("links-elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.join("src")).unwrap();
        std::fs::write(elsewhere.join("old.rs"), "keep").unwrap();
        let err = write_all(&dir, &[("src/lib.rs".to_string(), "x".to_string()), ("a.txt".to_string(), "a".to_string())]).unwrap_err();
        assert!(err.contains("symbolic link") && err.contains("nothing was written"), "{err}");
        assert!(!elsewhere.join("lib.rs").exists() && !dir.join("a.txt").exists());
        assert!(remove_stale(&dir, &["src/old.rs".to_string()]).is_err());
        assert!(elsewhere.join("old.rs").exists());
        // A link as the file itself is refused too; `out` may itself be a link.
        std::fs::remove_file(dir.join("src")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("old.rs"), dir.join("b.rs")).unwrap();
        assert!(write_all(&dir, &[("b.rs".to_string(), "x".to_string())]).is_err());
        assert_eq!(std::fs::read_to_string(elsewhere.join("old.rs")).unwrap(), "keep");
        let link_out = elsewhere.join("out-link");
        std::os::unix::fs::symlink(&dir, &link_out).unwrap();
        assert_eq!(write_all(&link_out, &[("c.rs".to_string(), "c".to_string())]).unwrap(), 1);
        assert_eq!(std::fs::read_to_string(dir.join("c.rs")).unwrap(), "c");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&elsewhere);
    }

    #[test]
    fn unsafe_or_colliding_paths_write_nothing() {
        let dir = scratch("paths");
        for bad in ["../x", "/abs", "a/../../b", ""] {
            assert!(write_all(&dir, &[(bad.to_string(), String::new())]).is_err(), "{bad}");
        }
        let clash = vec![("Models/A.md".to_string(), "1".to_string()), ("models/a.md".to_string(), "2".to_string())];
        assert!(write_all(&dir, &clash).is_err());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
