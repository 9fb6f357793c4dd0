//! Shallow validation: every object of the document that `openapiv3` deserializes as a nested
//! structure (path items, operations, parameters, responses, media types, schemas...) is checked
//! once, on its own, with its nested objects replaced by placeholders. Never deserializes a subtree
//! twice; never panics.
//!
//! Why: `openapiv3::ReferenceOr<T>` deserializes `T` a second time when the first attempt fails
//! (to improve the error message), so a failure at depth `d` costs `2^d` deserializations of the
//! leaf (a 233-byte spec of nested `anyOf`/`not` with an invalid leaf took seconds). Checking each
//! node once, with children as `{"$ref": ...}` placeholders, finds every invalid node in time
//! linear in the document; the whole document is deserialized only once no node is invalid.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostics::{self, Diagnostic};

/// At most this many invalid nodes are reported (the rest are counted).
pub const MAX_REPORTED: usize = 50;

/// What `openapiv3` reads an object as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Root,
    Components,
    PathItem,
    /// A path item of a callback: not read through `ReferenceOr` (a `$ref` key is ignored).
    CallbackPathItem,
    Operation,
    Responses,
    Response,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Callback,
    Schema,
}

impl Kind {
    /// Is this object read through `ReferenceOr<T>` (a string `$ref` makes it a reference)?
    fn referable(self) -> bool {
        !matches!(self, Kind::Root | Kind::Components | Kind::CallbackPathItem | Kind::Operation | Kind::Responses | Kind::MediaType | Kind::Encoding)
    }

    /// A value that deserializes in this object's position whatever the object holds.
    fn placeholder(self) -> Value {
        match self {
            k if k.referable() => serde_json::json!({"$ref": "#/x-sdkgen-placeholder"}),
            Kind::Operation => serde_json::json!({"responses": {}}),
            _ => Value::Object(Map::new()),
        }
    }

    /// Deserializes a shallow copy as the `openapiv3` type; `Err((path below the node, message))`.
    fn check(self, v: &Value) -> Result<(), (Vec<String>, String)> {
        match self {
            Kind::Root => de::<openapiv3::OpenAPI>(v),
            Kind::Components => de::<openapiv3::Components>(v),
            Kind::PathItem | Kind::CallbackPathItem => de::<openapiv3::PathItem>(v),
            Kind::Operation => de::<openapiv3::Operation>(v),
            Kind::Responses => de::<openapiv3::Responses>(v),
            Kind::Response => de::<openapiv3::Response>(v),
            Kind::Parameter => de::<openapiv3::Parameter>(v),
            Kind::Header => de::<openapiv3::Header>(v),
            Kind::RequestBody => de::<openapiv3::RequestBody>(v),
            Kind::MediaType => de::<openapiv3::MediaType>(v),
            Kind::Encoding => de::<openapiv3::Encoding>(v),
            Kind::Callback => de::<openapiv3::Callback>(v),
            Kind::Schema => de::<openapiv3::Schema>(v),
        }
    }
}

fn de<T: DeserializeOwned>(v: &Value) -> Result<(), (Vec<String>, String)> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(_) => Ok(()),
        Err(err) => {
            let path = err
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            Err((path, err.into_inner().to_string()))
        }
    }
}

fn is_status_code(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || (b.len() == 3 && (b[0] as char).is_ascii_digit() && (b[1..].iter().all(u8::is_ascii_digit) || b[1..].eq_ignore_ascii_case(b"XX")))
}

/// The nested objects of `node` (of kind `kind`): (key path inside `node`, their kind).
fn children(kind: Kind, node: &Map<String, Value>) -> Vec<(Vec<String>, Kind)> {
    let mut out = Vec::new();
    let each = |field: &str, k: Kind, out: &mut Vec<(Vec<String>, Kind)>| {
        if let Some(Value::Object(m)) = node.get(field) {
            for key in m.keys() {
                out.push((vec![field.to_string(), key.clone()], k));
            }
        }
    };
    let list = |field: &str, k: Kind, out: &mut Vec<(Vec<String>, Kind)>| {
        if let Some(Value::Array(a)) = node.get(field) {
            for i in 0..a.len() {
                out.push((vec![field.to_string(), i.to_string()], k));
            }
        }
    };
    let one = |field: &str, k: Kind, out: &mut Vec<(Vec<String>, Kind)>| {
        if node.contains_key(field) {
            out.push((vec![field.to_string()], k));
        }
    };
    match kind {
        Kind::Root => {
            if let Some(Value::Object(paths)) = node.get("paths") {
                for key in paths.keys().filter(|k| k.starts_with('/')) {
                    out.push((vec!["paths".into(), key.clone()], Kind::PathItem));
                }
            }
            one("components", Kind::Components, &mut out);
        }
        Kind::Components => {
            each("schemas", Kind::Schema, &mut out);
            each("responses", Kind::Response, &mut out);
            each("parameters", Kind::Parameter, &mut out);
            each("requestBodies", Kind::RequestBody, &mut out);
            each("headers", Kind::Header, &mut out);
            each("callbacks", Kind::Callback, &mut out);
        }
        Kind::PathItem | Kind::CallbackPathItem => {
            for m in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                one(m, Kind::Operation, &mut out);
            }
            list("parameters", Kind::Parameter, &mut out);
        }
        Kind::Operation => {
            list("parameters", Kind::Parameter, &mut out);
            one("requestBody", Kind::RequestBody, &mut out);
            one("responses", Kind::Responses, &mut out);
            // Operation callbacks are plain maps of path items (not `ReferenceOr`).
            if let Some(Value::Object(cbs)) = node.get("callbacks") {
                for (name, cb) in cbs {
                    if let Value::Object(cb) = cb {
                        for expr in cb.keys() {
                            out.push((vec!["callbacks".into(), name.clone(), expr.clone()], Kind::CallbackPathItem));
                        }
                    }
                }
            }
        }
        Kind::Responses => {
            for key in node.keys().filter(|k| is_status_code(k)) {
                out.push((vec![key.clone()], Kind::Response));
            }
        }
        Kind::Response => {
            each("headers", Kind::Header, &mut out);
            each("content", Kind::MediaType, &mut out);
        }
        Kind::Parameter | Kind::Header => {
            one("schema", Kind::Schema, &mut out);
            each("content", Kind::MediaType, &mut out);
        }
        Kind::RequestBody => each("content", Kind::MediaType, &mut out),
        Kind::MediaType => {
            one("schema", Kind::Schema, &mut out);
            each("encoding", Kind::Encoding, &mut out);
        }
        Kind::Encoding => each("headers", Kind::Header, &mut out),
        Kind::Callback => {
            for key in node.keys() {
                out.push((vec![key.clone()], Kind::CallbackPathItem));
            }
        }
        Kind::Schema => {
            each("properties", Kind::Schema, &mut out);
            one("items", Kind::Schema, &mut out);
            if node.get("additionalProperties").is_some_and(Value::is_object) {
                out.push((vec!["additionalProperties".into()], Kind::Schema));
            }
            list("allOf", Kind::Schema, &mut out);
            list("anyOf", Kind::Schema, &mut out);
            list("oneOf", Kind::Schema, &mut out);
            one("not", Kind::Schema, &mut out);
        }
    }
    // Only objects are replaced (anything else stays in place and is checked with its parent).
    out.retain(|(path, _)| get(node, path).is_some_and(Value::is_object));
    out
}

fn get<'v>(node: &'v Map<String, Value>, path: &[String]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut cur = node.get(first)?;
    for seg in rest {
        cur = match cur {
            Value::Object(m) => m.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn set(node: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else { return };
    let Some(mut cur) = node.get_mut(first) else { return };
    for seg in rest {
        let next = match cur {
            Value::Object(m) => m.get_mut(seg),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        };
        let Some(next) = next else { return };
        cur = next;
    }
    *cur = value;
}

/// Copy of `node` without its nested objects: each is the placeholder of its kind. The nested
/// objects are not copied; the work is linear in the size of `node` itself.
fn shallow_copy(node: &Map<String, Value>, kids: &[(Vec<String>, Kind)]) -> Map<String, Value> {
    use std::collections::{HashMap, HashSet};
    // Per field of `node`: the paths below it that are children (empty path: the field itself).
    let mut below: HashMap<&str, HashSet<&[String]>> = HashMap::new();
    for (path, _) in kids {
        if let Some((first, rest)) = path.split_first() {
            below.entry(first.as_str()).or_default().insert(rest);
        }
    }
    let mut out = Map::new();
    for (k, v) in node {
        let copy = match below.get(k.as_str()) {
            None => v.clone(),
            Some(paths) if paths.contains(&[][..]) => Value::Null,
            Some(paths) => {
                // Proper prefixes of the child paths: where the copy must descend.
                let prefixes: HashSet<&[String]> = paths.iter().flat_map(|p| (0..p.len()).map(move |l| &p[..l])).collect();
                copy_without(v, paths, &prefixes, &mut Vec::new())
            }
        };
        out.insert(k.clone(), copy);
    }
    for (path, kind) in kids {
        set(&mut out, path, kind.placeholder());
    }
    out
}

/// Copy of `v` where the entries at `paths` (relative to `v`) are `null`; `at` is the path of `v`.
fn copy_without(v: &Value, paths: &std::collections::HashSet<&[String]>, prefixes: &std::collections::HashSet<&[String]>, at: &mut Vec<String>) -> Value {
    if paths.contains(at.as_slice()) {
        return Value::Null;
    }
    // Only descend where some child path continues (at most two levels: operation callbacks).
    if !prefixes.contains(at.as_slice()) {
        return v.clone();
    }
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, c)| {
                    at.push(k.clone());
                    let copy = copy_without(c, paths, prefixes, at);
                    at.pop();
                    (k.clone(), copy)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, c)| {
                    at.push(i.to_string());
                    let copy = copy_without(c, paths, prefixes, at);
                    at.pop();
                    copy
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Checks every nested object of an OpenAPI 3.0 document once. Returns the diagnostics of the
/// invalid ones (at most [`MAX_REPORTED`], in document order); empty when the whole document
/// deserializes.
pub fn check(doc: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut more = 0usize;
    // Depth-first, in document order: (pointer, node, kind).
    let mut stack: Vec<(String, &Value, Kind)> = vec![("#".to_string(), doc, Kind::Root)];
    while let Some((pointer, node, kind)) = stack.pop() {
        let Value::Object(map) = node else { continue };
        if kind.referable() && map.get("$ref").is_some_and(Value::is_string) {
            // Read as a reference; sibling keys are ignored by `openapiv3`.
            continue;
        }
        let kids = children(kind, map);
        let shallow = Value::Object(shallow_copy(map, &kids));
        if let Err((path, message)) = kind.check(&shallow) {
            if out.len() < MAX_REPORTED {
                let mut p = pointer.clone();
                for seg in &path {
                    p = diagnostics::join(&p, seg);
                }
                out.push(
                    Diagnostic::error(p, format!("not a valid OpenAPI 3.0 object: {message}"))
                        .with_help("check this node against the OpenAPI 3.0.3 schema (types, required fields, `$ref` form)"),
                );
            } else {
                more += 1;
            }
        }
        for (path, k) in kids.iter().rev() {
            if let Some(child) = get(map, path) {
                let mut p = pointer.clone();
                for seg in path {
                    p = diagnostics::join(&p, seg);
                }
                stack.push((p, child, *k));
            }
        }
    }
    if more > 0 {
        out.push(Diagnostic::error("#", format!("{more} more invalid objects are not reported")).with_help(format!("sdkgen reports the first {MAX_REPORTED}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_invalid_leaf_of_a_deep_union() {
        let mut schema = serde_json::json!({"type": "string", "minLength": "not a number"});
        for i in 0..40 {
            schema = match i % 3 {
                0 => serde_json::json!({"anyOf": [schema]}),
                1 => serde_json::json!({"not": schema}),
                _ => serde_json::json!({"oneOf": [{"type": "integer"}, schema]}),
            };
        }
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": schema}},
        });
        let diags = check(&doc);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].pointer.starts_with("#/components/schemas/A/anyOf/0/oneOf/1/not/"), "{}", diags[0].pointer);
        // The leaf (the innermost wrapper is an `anyOf`), with serde's reason.
        assert!(diags[0].pointer.ends_with("/not/anyOf/0"), "{}", diags[0].pointer);
        assert_eq!(diags[0].pointer.matches("/not").count(), 13, "{}", diags[0].pointer);
        assert!(diags[0].message.contains("invalid type: string \"not a number\""), "{}", diags[0].message);
    }

    #[test]
    fn callback_path_items_are_checked_even_with_a_ref_key() {
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"callbacks": {"cb": {"{$url}": {"$ref": "#/x", "post": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"anyOf": [{"type": "string", "maxLength": "x"}]}}}}}}}}}},
        });
        let diags = check(&doc);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].pointer, "#/components/callbacks/cb/{$url}/post/responses/200/content/application~1json/schema/anyOf/0");
    }

    #[test]
    fn a_valid_document_has_no_findings() {
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
                "callbacks": {"cb": {"{$url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}, "x-y": 1},
            }}, "x-ext": {"schema": 5}},
            "components": {"schemas": {"A": {"type": "object", "additionalProperties": {"type": "integer"}, "properties": {"b": {"allOf": [{"$ref": "#/x"}]}}}}},
        });
        assert!(check(&doc).is_empty(), "{:?}", check(&doc));
        assert!(serde_json::from_value::<openapiv3::OpenAPI>(doc).is_ok());
    }
}
