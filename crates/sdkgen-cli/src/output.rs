//! Writing a generated crate all-or-nothing (the `sdkgen` CLI and `cargo xtask codegen` share
//! this file). Every changed file is first written next to its target under a temporary name;
//! only when all of them are written are they renamed into place (a rename within a directory
//! replaces the file at once). A failure before that removes the temporary files and any
//! directories it created, so the previous output stays as it was.

use std::collections::HashSet;
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

/// Writes `files` (`(relative path, contents)`) under `out`, all or nothing; files whose contents
/// are already there are left untouched. Returns how many files changed.
pub fn write_all(out: &Path, files: &[(String, String)]) -> Result<usize, String> {
    // Paths must be relative and unique ignoring case (they would overwrite each other on macOS
    // and Windows).
    let mut seen = HashSet::new();
    for (rel, _) in files {
        check_relative(rel)?;
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

#[cfg(test)]
mod tests {
    use super::write_all;

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
