//! A [`Resolver`] that reads the files a spec refers to from disk, confined to one folder tree
//! (the root spec's folder unless the caller widens it). Only reads; never follows a path out of
//! the tree, through `..` or a symbolic link, and never touches the network.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::Resolver;
use crate::limits::MAX_DOCUMENT_BYTES;

/// Reads files relative to the root spec's folder, inside an allowed folder tree.
#[derive(Debug, Clone)]
pub struct FsResolver {
    /// The root spec's folder (canonical).
    base: PathBuf,
    /// Files may be read only under this folder (canonical).
    allowed: PathBuf,
    /// The root spec's file name.
    root: Option<String>,
}

impl FsResolver {
    /// A resolver for the spec at `spec`. Files are read from its folder tree, or from the tree of
    /// `allowed_root` when given (which must contain the spec).
    pub fn new(spec: &Path, allowed_root: Option<&Path>) -> Result<FsResolver, String> {
        let spec = spec.canonicalize().map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let base = spec.parent().map(Path::to_path_buf).unwrap_or_default();
        let allowed = match allowed_root {
            None => base.clone(),
            Some(dir) => {
                let dir = dir.canonicalize().map_err(|e| format!("cannot use {} as the folder references may read: {e}", dir.display()))?;
                if !base.starts_with(&dir) {
                    return Err(format!("the folder references may read ({}) must contain the spec", dir.display()));
                }
                dir
            }
        };
        let root = spec.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(FsResolver { base, allowed, root })
    }
}

/// `base` joined with a relative `/`-separated path, `.` and `..` resolved without touching the
/// disk.
fn lexical_join(base: &Path, path: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for c in Path::new(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s),
            _ => {}
        }
    }
    out
}

impl Resolver for FsResolver {
    fn read(&self, path: &str) -> Result<String, String> {
        let p = Path::new(path);
        if path.is_empty() || p.is_absolute() || path.contains('\\') || p.components().any(|c| matches!(c, Component::Prefix(_) | Component::RootDir)) {
            return Err("only relative paths are read".into());
        }
        let outside = || {
            if self.allowed == self.base {
                "it is outside the folder tree the spec may read from (the root spec's folder)".to_string()
            } else {
                "it is outside the folder tree the spec may read from (the wider folder allowed)".to_string()
            }
        };
        if !lexical_join(&self.base, path).starts_with(&self.allowed) {
            return Err(outside());
        }
        let full = self.base.join(p);
        let canonical = full.canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        })?;
        // A symbolic link may point anywhere: the file itself must be inside the tree.
        if !canonical.starts_with(&self.allowed) {
            return Err(outside());
        }
        let meta = std::fs::metadata(&canonical).map_err(|e| e.to_string())?;
        if !meta.is_file() {
            return Err("not a file".into());
        }
        if meta.len() > MAX_DOCUMENT_BYTES as u64 {
            return Err(format!("larger than {} MiB (sdkgen's limit on a document)", MAX_DOCUMENT_BYTES >> 20));
        }
        let file = std::fs::File::open(&canonical).map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        file.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(format!("larger than {} MiB (sdkgen's limit on a document)", MAX_DOCUMENT_BYTES >> 20));
        }
        String::from_utf8(bytes).map_err(|_| "not UTF-8 text".into())
    }

    fn root_name(&self) -> Option<String> {
        self.root.clone()
    }
}
