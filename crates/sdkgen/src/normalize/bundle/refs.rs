//! `$ref` texts: parsing (paths relative to the referring file, percent-encoding, JSON
//! pointers) and writing them back relative to the root spec.

use crate::diagnostics;

/// A reference parsed: the file (a normalized path relative to the root spec's folder; `None` is
/// the root document) and the pointer's segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Target {
    pub(super) file: Option<String>,
    pub(super) pointer: Vec<String>,
}

pub(super) fn percent_decode(s: &str) -> Result<String, String> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => return Err(format!("invalid percent-encoding in `{s}`")),
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("percent-encoding in `{s}` is not UTF-8"))
}

pub(super) fn percent_encode(s: &str) -> String {
    s.replace('%', "%25").replace('#', "%23")
}

/// The folder of a normalized file path (`""` for the root folder).
pub(super) fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a relative reference path onto `base` (a folder), resolving `.` and `..` lexically;
/// `..` past the root folder is kept (the resolver decides whether it may be read).
pub(super) fn join_path(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Why a reference cannot be followed, with a hint.
pub(super) struct RefError {
    pub(super) message: String,
    pub(super) help: String,
}

pub(super) fn ref_error(message: impl Into<String>, help: impl Into<String>) -> RefError {
    RefError { message: message.into(), help: help.into() }
}

/// Parses `raw` written in the file at `from` (`None`: the root document).
pub(super) fn parse_ref(raw: &str, from: Option<&str>, root_name: Option<&str>) -> Result<Target, RefError> {
    let (path, fragment) = match raw.find('#') {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, ""),
    };
    let scheme = path.find(':').filter(|&i| i > 0 && path[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    if let Some(i) = scheme {
        let s = path[..i].to_ascii_lowercase();
        if s == "http" || s == "https" {
            return Err(ref_error(
                format!("`$ref: {raw}` refers to the network; sdkgen never downloads"),
                "save the file next to the spec and refer to it by a relative path (`./common.yaml#/...`)",
            ));
        }
        if s.len() == 1 {
            return Err(ref_error(format!("`$ref: {raw}` is an absolute path"), "refer to files by paths relative to the spec that uses them"));
        }
        return Err(ref_error(format!("`$ref: {raw}` uses the `{s}:` scheme, which sdkgen does not read"), "refer to files by paths relative to the spec that uses them"));
    }
    if path.starts_with('/') {
        return Err(ref_error(format!("`$ref: {raw}` is an absolute path"), "refer to files by paths relative to the spec that uses them"));
    }
    if path.contains('\\') {
        return Err(ref_error(format!("`$ref: {raw}` separates folders with `\\`"), "separate folders with `/`, as in a URI"));
    }
    let file = if path.is_empty() {
        from.map(str::to_string)
    } else {
        let decoded = percent_decode(path).map_err(|e| ref_error(e, "write the path as it is on disk"))?;
        let joined = join_path(from.map_or("", folder), &decoded);
        if joined.is_empty() {
            return Err(ref_error(format!("`$ref: {raw}` names a folder, not a file"), "name a YAML or JSON file"));
        }
        if root_name == Some(joined.as_str()) { None } else { Some(joined) }
    };
    let fragment = percent_decode(fragment).map_err(|e| ref_error(e, "write the JSON pointer with `~0`/`~1` escapes"))?;
    let pointer = if fragment.is_empty() {
        Vec::new()
    } else if let Some(p) = fragment.strip_prefix('/') {
        p.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
    } else {
        return Err(ref_error(
            format!("`$ref: {raw}` uses a plain-name fragment, not a JSON pointer"),
            "refer to the definition by its JSON pointer, e.g. `#/components/schemas/Pet`",
        ));
    };
    if file.is_none() && pointer.is_empty() {
        return Err(ref_error(format!("`$ref: {raw}` refers to the whole document"), "refer to one definition, e.g. `#/components/schemas/Pet`"));
    }
    Ok(Target { file, pointer })
}

/// A reference as text relative to the root spec's folder.
pub(super) fn format_ref(t: &Target) -> String {
    let mut s = t.file.as_deref().map(percent_encode).unwrap_or_default();
    s.push('#');
    for seg in &t.pointer {
        s.push('/');
        s.push_str(&percent_encode(&diagnostics::escape_segment(seg)));
    }
    s
}

pub(super) fn pointer_of(loc: &[String]) -> String {
    let mut p = String::from("#");
    for s in loc {
        p = diagnostics::join(&p, s);
    }
    p
}
