//! Normalising: every input form sdkgen accepts is rewritten into one OpenAPI 3.0 document (a
//! `serde_json::Value`) before `openapiv3` reads it, so lowering stays one code path.
//!
//! - [`swagger2`]: Swagger 2.0 → OpenAPI 3.0.
//! - [`v31`]: OpenAPI 3.1 → OpenAPI 3.0, with what 3.0 cannot say kept in `x-sdkgen-*` extensions
//!   that the lowering reads.
//! - [`bundle`]: `$ref`s to other files and to locations outside `components` are brought into
//!   `components` of the one document.
//!
//! Every pass records where the parts it moves came from ([`Origins`]), so a diagnostic about the
//! normalized document still points at the file, line and column the user wrote.

use serde_json::Value;

use crate::diagnostics::Diagnostic;

pub mod bundle;
pub mod files;
pub use files::FsResolver;
pub mod swagger2;
pub mod v31;

/// The dialect of an input document, from its `openapi` / `swagger` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
    /// `openapi: 3.1.x` (and later 3.x).
    OpenApi31,
}

impl Dialect {
    /// The dialect of `doc`, or `None` when it declares none sdkgen reads.
    pub fn of(doc: &Value) -> Option<Dialect> {
        if let Some(v) = doc.get("openapi").and_then(Value::as_str) {
            let mut parts = v.split('.');
            return match (parts.next(), parts.next()) {
                (Some("3"), Some("0")) => Some(Dialect::OpenApi30),
                (Some("3"), Some(_)) => Some(Dialect::OpenApi31),
                _ => None,
            };
        }
        match doc.get("swagger") {
            Some(Value::String(s)) if s == "2.0" => Some(Dialect::Swagger2),
            Some(Value::Number(n)) if n.as_f64() == Some(2.0) => Some(Dialect::Swagger2),
            _ => None,
        }
    }
}

/// Reads the other files a spec refers to. The library never opens files by itself: a caller that
/// has a spec on disk passes a resolver confined to the root spec's folder tree.
pub trait Resolver: Sync {
    /// The text of `path`, a `/`-separated path relative to the root spec's folder (normalized:
    /// no `.` segments, `..` only at the start, when the reference leaves that folder; the
    /// resolver decides whether it may), or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;

    /// The root spec's own file name relative to its folder (`openapi.yaml`), so a reference
    /// back to it from another file names the root document instead of a copy of it.
    fn root_name(&self) -> Option<String> {
        None
    }
}

/// The resolver of a spec given as text: no other file can be read.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Resolver for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("the spec was given as text, so other files cannot be read; generate from the spec's path".into())
    }
}

/// One source file of a spec: the root file is index 0.
#[derive(Debug, Clone)]
pub struct Source {
    /// File name as shown in diagnostics (relative to the root spec's folder for other files).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Where parts of the normalized document came from. A move says: the node at `to` (a pointer in
/// the normalized document) and everything under it was written at `from` in source `file`.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    moves: Vec<Move>,
    /// Indices of the moves by their `to` (without `#`), so a pointer is traced in steps of its
    /// prefixes, not of all moves.
    by_to: std::collections::HashMap<String, Vec<usize>>,
    /// Index of the first move of the current whole-document pass, if one began (see
    /// [`Origins::begin_pass`]).
    pass_start: Option<usize>,
}

#[derive(Debug, Clone)]
struct Move {
    to: String,
    file: usize,
    from: String,
    /// After this move, tracing goes on with the moves recorded before this index: its own
    /// index, or the start of the pass that recorded it.
    chain_before: usize,
}

impl Origins {
    /// Records that the subtree at `to` (normalized) came from `from` in source `file`.
    pub fn record(&mut self, to: impl Into<String>, file: usize, from: impl Into<String>) {
        let to: String = to.into();
        self.by_to.entry(to.trim_start_matches('#').to_string()).or_default().push(self.moves.len());
        let chain_before = self.pass_start.unwrap_or(self.moves.len());
        self.moves.push(Move { to, file, from: from.into(), chain_before });
    }

    /// Starts a pass that rewrites the whole document at once (a dialect converter): its moves
    /// all say where a part was *before the pass*, so they chain to the moves recorded earlier
    /// and never to one another (a body parameter moved to `requestBody` while the parameter
    /// after it takes its index must not be traced through that parameter). Moves recorded
    /// without a pass (bundling, which moves one part at a time) chain in recording order.
    pub fn begin_pass(&mut self) {
        self.pass_start = Some(self.moves.len());
    }

    /// The source file and pointer of a pointer into the normalized document: the longest recorded
    /// prefix wins; a pointer under no move is in the root file unchanged. Moves chain: when the
    /// move found says the node came from elsewhere in the document (file 0), the moves recorded
    /// before it are applied to that pointer in turn (a schema hoisted out of an imported file,
    /// then renamed by a converter, is traced back to the file it was written in).
    pub fn resolve(&self, pointer: &str) -> (usize, String) {
        let mut p = pointer.trim_start_matches('#').to_string();
        let mut before = self.moves.len();
        loop {
            // The longest prefix of `p` that a move recorded before `before` went to (the latest
            // such move).
            let mut found: Option<usize> = None;
            let mut end = p.len();
            loop {
                let prefix = &p[..end];
                if let Some(i) = self.by_to.get(prefix).and_then(|v| v.iter().rev().find(|&&i| i < before)) {
                    found = Some(*i);
                    break;
                }
                match prefix.rfind('/') {
                    Some(i) => end = i,
                    None => break,
                }
            }
            let Some(i) = found else { return (0, format!("#{p}")) };
            let m = &self.moves[i];
            let rest = &p[m.to.trim_start_matches('#').len()..];
            p = format!("{}{}", m.from.trim_start_matches('#'), rest);
            if m.file != 0 {
                return (m.file, format!("#{p}"));
            }
            before = m.chain_before;
        }
    }
}

/// The normalized document and what is needed to locate diagnostics about it.
#[derive(Debug)]
pub struct Normalized {
    /// An OpenAPI 3.0 document.
    pub document: Value,
    /// Where moved parts came from.
    pub origins: Origins,
    /// The files read besides the root one (index 1 onwards in [`Origins`]).
    pub others: Vec<Source>,
    /// Warnings (and errors that did not stop normalising), with pointers into the normalized
    /// document or already located.
    pub diagnostics: Vec<Diagnostic>,
}

/// Rewrites `doc` (of `dialect`) into one OpenAPI 3.0 document. `Err` when it cannot be read at all.
pub fn normalize(doc: Value, dialect: Dialect, resolver: &dyn Resolver) -> Result<Normalized, Vec<Diagnostic>> {
    let mut out = Normalized { document: doc, origins: Origins::default(), others: Vec::new(), diagnostics: Vec::new() };
    if dialect == Dialect::OpenApi31 {
        later_than_31(&mut out.document, &mut out.diagnostics);
    }
    // References are bundled first, in the input's own dialect, so the converters see one document.
    bundle::bundle(&mut out, resolver)?;
    match dialect {
        Dialect::Swagger2 => swagger2::convert(&mut out)?,
        Dialect::OpenApi31 => v31::convert(&mut out)?,
        Dialect::OpenApi30 => {}
    }
    Ok(out)
}

/// A document of a 3.x later than 3.1 is read as 3.1 (its successor keeps 3.1's schema
/// language): a warning says so, and one names each operation 3.1 has no place for (3.2's
/// `query` method and `additionalOperations`), which is not generated, and each `in: querystring`
/// parameter, which is left out.
fn later_than_31(doc: &mut Value, diagnostics: &mut Vec<Diagnostic>) {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or_default().to_string();
    let minor = version.split('.').nth(1).and_then(|m| m.parse::<u32>().ok()).unwrap_or(1);
    if minor <= 1 {
        return;
    }
    diagnostics.push(
        Diagnostic::warning("#/openapi", format!("OpenAPI {version} is read as 3.1: what later versions added is not generated"))
            .with_help("the SDK covers what 3.1 can say; operations 3.1 has no place for are named in their own warnings"),
    );
    drop_querystring_parameters(doc, &version, diagnostics);
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        let item_pointer = crate::diagnostics::join("#/paths", path);
        for (key, what) in [("query", "this operation is"), ("additionalOperations", "these operations are")] {
            if item.get(key).is_some() {
                diagnostics.push(Diagnostic::warning(
                    crate::diagnostics::join(&item_pointer, key),
                    format!("`{key}` (OpenAPI {version}) has no place in 3.1: {what} not generated"),
                ));
            }
        }
    }
}

/// Removes the parameters `in: querystring` (OpenAPI 3.2: the whole query string as one value)
/// from path items, operations and `components/parameters`, a warning each.
fn drop_querystring_parameters(doc: &mut Value, version: &str, diagnostics: &mut Vec<Diagnostic>) {
    let inline = |p: &Value| p.get("in").and_then(Value::as_str) == Some("querystring");
    let left_out = || format!("`in: querystring` (OpenAPI {version}) has no place in 3.1: this parameter is left out");
    // Components that are such parameters (their names, then their pointers, which references use).
    let names: Vec<String> = doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .map(|m| m.iter().filter(|(_, p)| inline(p)).map(|(n, _)| n.clone()).collect())
        .unwrap_or_default();
    let components: Vec<String> = names.iter().map(|n| crate::diagnostics::join("#/components/parameters", n)).collect();
    let is_querystring = |p: &Value| inline(p) || p.get("$ref").and_then(Value::as_str).is_some_and(|r| components.iter().any(|c| c == r));
    let mut filter = |list: &mut Value, pointer: &str| {
        let Some(items) = list.as_array_mut() else { return };
        let mut index = 0;
        items.retain(|p| {
            let keep = !is_querystring(p);
            if !keep {
                diagnostics.push(Diagnostic::warning(crate::diagnostics::join(pointer, &index.to_string()), left_out()));
            }
            index += 1;
            keep
        });
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_pointer = crate::diagnostics::join("#/paths", path);
            let Some(item) = item.as_object_mut() else { continue };
            for (key, value) in item.iter_mut() {
                if key == "parameters" {
                    filter(value, &crate::diagnostics::join(&item_pointer, "parameters"));
                } else if let Some(params) = value.get_mut("parameters") {
                    filter(params, &crate::diagnostics::join(&crate::diagnostics::join(&item_pointer, key), "parameters"));
                }
            }
        }
    }
    if let Some(params) = doc.pointer_mut("/components/parameters").and_then(Value::as_object_mut) {
        for (name, pointer) in names.iter().zip(components) {
            params.remove(name);
            diagnostics.push(Diagnostic::warning(pointer, left_out()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_3x_is_read_as_31_with_warnings() {
        let doc = serde_json::json!({"openapi": "3.2.0", "paths": {"/a": {"query": {}, "get": {}}, "/b": {"additionalOperations": {"COPY": {}}}}});
        assert_eq!(Dialect::of(&doc), Some(Dialect::OpenApi31));
        let mut doc = doc;
        let mut d = Vec::new();
        later_than_31(&mut doc, &mut d);
        let pointers: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/openapi", "#/paths/~1a/query", "#/paths/~1b/additionalOperations"]);
        assert!(d[0].message.contains("3.2.0 is read as 3.1"), "{}", d[0].message);
        // `in: querystring` parameters, inline or referenced, are left out with a warning.
        let mut doc = serde_json::json!({"openapi": "3.2.0", "paths": {"/a": {"parameters": [{"name": "q", "in": "querystring"}, {"name": "k", "in": "query"}],
            "get": {"parameters": [{"$ref": "#/components/parameters/Qs"}]}}}, "components": {"parameters": {"Qs": {"name": "qs", "in": "querystring"}}}});
        let mut d = Vec::new();
        later_than_31(&mut doc, &mut d);
        assert_eq!(doc["paths"]["/a"]["parameters"], serde_json::json!([{"name": "k", "in": "query"}]));
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"], serde_json::json!([]));
        assert!(doc["components"]["parameters"].get("Qs").is_none());
        let pointers: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/openapi", "#/paths/~1a/parameters/0", "#/paths/~1a/get/parameters/0", "#/components/parameters/Qs"]);
        let mut d = Vec::new();
        later_than_31(&mut serde_json::json!({"openapi": "3.1.1", "paths": {"/a": {"query": {}}}}), &mut d);
        assert!(d.is_empty());
    }

    #[test]
    fn origins_resolve_by_longest_prefix() {
        let mut o = Origins::default();
        o.record("#/components/schemas", 0, "#/definitions");
        o.record("#/components/schemas/Pet", 1, "#/Pet");
        assert_eq!(o.resolve("#/components/schemas/Tag/properties/id"), (0, "#/definitions/Tag/properties/id".into()));
        assert_eq!(o.resolve("#/components/schemas/Pet/properties"), (1, "#/Pet/properties".into()));
        assert_eq!(o.resolve("#/components/schemas/Petal"), (0, "#/definitions/Petal".into()));
        assert_eq!(o.resolve("#/paths"), (0, "#/paths".into()));
        // A later pass renames what an earlier one moved: traced through both.
        let mut o = Origins::default();
        o.record("#/definitions/Pet", 1, "#/Pet");
        o.record("#/definitions/PetTag", 0, "#/definitions/Pet/properties/tag");
        o.record("#/components/schemas", 0, "#/definitions");
        assert_eq!(o.resolve("#/components/schemas/PetTag/type"), (1, "#/Pet/properties/tag/type".into()));
        assert_eq!(o.resolve("#/components/schemas/Other"), (0, "#/definitions/Other".into()));
    }

    #[test]
    fn dialects() {
        assert_eq!(Dialect::of(&serde_json::json!({"openapi": "3.0.3"})), Some(Dialect::OpenApi30));
        assert_eq!(Dialect::of(&serde_json::json!({"openapi": "3.1.0"})), Some(Dialect::OpenApi31));
        assert_eq!(Dialect::of(&serde_json::json!({"swagger": "2.0"})), Some(Dialect::Swagger2));
        assert_eq!(Dialect::of(&serde_json::json!({"openapi": "2.0"})), None);
        assert_eq!(Dialect::of(&serde_json::json!({})), None);
    }
}
