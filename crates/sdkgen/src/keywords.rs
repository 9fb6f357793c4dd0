//! Keys that are near misses of an OpenAPI keyword (`requried`, `proprties`, `operationID`).
//! The document model drops keys it does not know without a word, so a misspelt keyword silently
//! changes the SDK (a required property becomes optional, an enum a plain string). Each near miss
//! gets a warning naming the keyword meant. Must not: change the document; warn about `x-`
//! extensions, about names (property names, status codes, media types are names, not keywords)
//! or about keys far from every keyword.

use serde_json::{Map, Value};

use crate::diagnostics::{self, Diagnostic};

/// Schema Object keywords (OpenAPI 3.0 §4.7.24, and JSON Schema 2020-12's for 3.1 documents).
const SCHEMA: &[&str] = &[
    "$ref", "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
    "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf", "not", "items", "properties", "additionalProperties", "description", "format", "default",
    "nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example", "deprecated", "const", "examples", "prefixItems", "contentEncoding", "contentMediaType",
    "contentSchema", "$schema", "$id", "$defs", "definitions", "$comment", "$anchor", "$dynamicRef", "$dynamicAnchor", "patternProperties", "propertyNames", "if", "then", "else",
    "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "contains", "minContains", "maxContains",
];
const OPERATION: &[&str] = &["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"];
const PATH_ITEM: &[&str] = &["$ref", "summary", "description", "get", "put", "post", "delete", "options", "head", "patch", "trace", "servers", "parameters"];
const PARAMETER: &[&str] = &["$ref", "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema", "example", "examples", "content"];
const REQUEST_BODY: &[&str] = &["$ref", "description", "content", "required"];
const RESPONSE: &[&str] = &["$ref", "description", "headers", "content", "links"];
const MEDIA_TYPE: &[&str] = &["schema", "example", "examples", "encoding"];

/// How deep schemas are followed (the loader caps the document's depth anyway).
const MAX_DEPTH: usize = 128;

/// Warnings for keys of `doc` that are near misses of the keyword of their object.
pub fn check(doc: &Value) -> Vec<Diagnostic> {
    let mut w = Walker { out: Vec::new() };
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if !path.starts_with('/') {
                continue;
            }
            w.path_item(item, &diagnostics::join("#/paths", path));
        }
    }
    if let Some(c) = doc.get("components").and_then(Value::as_object) {
        let each = |name: &str| c.get(name).and_then(Value::as_object).into_iter().flatten();
        for (n, s) in each("schemas") {
            w.schema(s, &diagnostics::join("#/components/schemas", n), 0);
        }
        for (n, p) in each("parameters") {
            w.parameter(p, &diagnostics::join("#/components/parameters", n));
        }
        for (n, b) in each("requestBodies") {
            w.request_body(b, &diagnostics::join("#/components/requestBodies", n));
        }
        for (n, r) in each("responses") {
            w.response(r, &diagnostics::join("#/components/responses", n));
        }
        for (n, h) in each("headers") {
            w.parameter(h, &diagnostics::join("#/components/headers", n));
        }
    }
    w.out
}

struct Walker {
    out: Vec<Diagnostic>,
}

impl Walker {
    /// Warns about the near misses among `object`'s keys; `None` when it is no object or a
    /// Reference Object (whose other keys are ignored by design).
    fn keys<'v>(&mut self, value: &'v Value, pointer: &str, what: &str, known: &[&str]) -> Option<&'v Map<String, Value>> {
        let object = value.as_object()?;
        if object.contains_key("$ref") {
            return None;
        }
        for key in object.keys() {
            if key.starts_with("x-") || known.contains(&key.as_str()) {
                continue;
            }
            if let Some(meant) = near_miss(key, known) {
                self.out.push(
                    Diagnostic::warning(diagnostics::join(pointer, key), format!("{key:?} is not a keyword of {what}, so it is ignored; did you mean `{meant}`?"))
                        .with_help(format!("rename it to `{meant}` (or to `x-{}` if it is an extension)", key.trim_start_matches("x-"))),
                );
            }
        }
        Some(object)
    }

    fn path_item(&mut self, item: &Value, pointer: &str) {
        let Some(item) = self.keys(item, pointer, "a path item", PATH_ITEM) else { return };
        self.parameters(item.get("parameters"), pointer);
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            let Some(op) = item.get(method) else { continue };
            let op_pointer = diagnostics::join(pointer, method);
            let Some(op) = self.keys(op, &op_pointer, "an operation", OPERATION) else { continue };
            self.parameters(op.get("parameters"), &op_pointer);
            if let Some(body) = op.get("requestBody") {
                self.request_body(body, &diagnostics::join(&op_pointer, "requestBody"));
            }
            let responses = diagnostics::join(&op_pointer, "responses");
            for (code, r) in op.get("responses").and_then(Value::as_object).into_iter().flatten().filter(|(code, _)| !code.starts_with("x-")) {
                self.response(r, &diagnostics::join(&responses, code));
            }
        }
    }

    fn parameters(&mut self, list: Option<&Value>, pointer: &str) {
        let base = diagnostics::join(pointer, "parameters");
        for (i, p) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            self.parameter(p, &diagnostics::join(&base, &i.to_string()));
        }
    }

    fn parameter(&mut self, p: &Value, pointer: &str) {
        let Some(p) = self.keys(p, pointer, "a parameter", PARAMETER) else { return };
        if let Some(s) = p.get("schema") {
            self.schema(s, &diagnostics::join(pointer, "schema"), 0);
        }
        self.content(p.get("content"), pointer);
    }

    fn request_body(&mut self, b: &Value, pointer: &str) {
        let Some(b) = self.keys(b, pointer, "a request body", REQUEST_BODY) else { return };
        self.content(b.get("content"), pointer);
    }

    fn response(&mut self, r: &Value, pointer: &str) {
        let Some(r) = self.keys(r, pointer, "a response", RESPONSE) else { return };
        self.content(r.get("content"), pointer);
        let headers = diagnostics::join(pointer, "headers");
        for (name, h) in r.get("headers").and_then(Value::as_object).into_iter().flatten().filter(|(name, _)| !name.starts_with("x-")) {
            self.parameter(h, &diagnostics::join(&headers, name));
        }
    }

    fn content(&mut self, content: Option<&Value>, pointer: &str) {
        let base = diagnostics::join(pointer, "content");
        for (mt, m) in content.and_then(Value::as_object).into_iter().flatten() {
            let mp = diagnostics::join(&base, mt);
            let Some(m) = self.keys(m, &mp, "a media type", MEDIA_TYPE) else { continue };
            if let Some(s) = m.get("schema") {
                self.schema(s, &diagnostics::join(&mp, "schema"), 0);
            }
        }
    }

    fn schema(&mut self, s: &Value, pointer: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(s) = self.keys(s, pointer, "a schema", SCHEMA) else { return };
        for key in ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"] {
            if let Some(sub) = s.get(key) {
                self.schema(sub, &diagnostics::join(pointer, key), depth + 1);
            }
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            let base = diagnostics::join(pointer, key);
            for (i, sub) in s.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema(sub, &diagnostics::join(&base, &i.to_string()), depth + 1);
            }
        }
        for key in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
            let base = diagnostics::join(pointer, key);
            for (name, sub) in s.get(key).and_then(Value::as_object).into_iter().flatten() {
                self.schema(sub, &diagnostics::join(&base, name), depth + 1);
            }
        }
    }
}

/// The keyword `key` was most likely meant to be: the same but for letter case, or (for keys of
/// 4 characters or more) at most one edit away from a short keyword or two from a longer one
/// (a swap of neighbours counts as one).
fn near_miss<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_ascii_lowercase();
    if let Some(k) = known.iter().find(|k| k.to_ascii_lowercase() == lower) {
        return Some(k);
    }
    if key.chars().count() < 4 {
        return None;
    }
    known
        .iter()
        .filter(|k| k.len() >= 4)
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= if k.len() <= 5 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_and_not() {
        let schema = SCHEMA;
        assert_eq!(near_miss("requried", schema), Some("required"));
        assert_eq!(near_miss("proprties", schema), Some("properties"));
        assert_eq!(near_miss("enums", schema), Some("enum"));
        assert_eq!(near_miss("Nullable", schema), Some("nullable"));
        assert_eq!(near_miss("additonalProperties", schema), Some("additionalProperties"));
        assert_eq!(near_miss("operationID", OPERATION), Some("operationId"));
        assert_eq!(near_miss("reponses", OPERATION), Some("responses"));
        // Far from every keyword, or too short to judge.
        for key in ["minimumValue", "color", "id", "ref", "sortable", "widget"] {
            assert_eq!(near_miss(key, schema), None, "{key}");
        }
    }

    #[test]
    fn keys_of_every_object_kind_are_checked_and_names_are_not() {
        let doc = serde_json::json!({
            "paths": {
                "/a": {
                    "paramters": [],
                    "get": {
                        "operationID": "x",
                        "parameters": [{"name": "q", "in": "query", "requird": true, "schema": {"type": "string", "fromat": "date"}}],
                        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T", "requried": true}}}},
                        "responses": {"200": {"descripton": "ok", "content": {"application/json": {"shema": {}}}}, "x-note": {"header": 1}}
                    }
                }
            },
            "components": {"schemas": {"T": {"type": "object", "requried": ["enums"], "properties": {"enums": {"type": "string", "enmu": ["a"]}, "types": {"itmes": {}}}, "x-requried": 1}}}
        });
        let found: Vec<String> = check(&doc).into_iter().map(|d| format!("{} {}", d.pointer, d.message.split(';').nth(1).unwrap_or_default().trim())).collect();
        assert_eq!(
            found,
            [
                "#/paths/~1a/paramters did you mean `parameters`?",
                "#/paths/~1a/get/operationID did you mean `operationId`?",
                "#/paths/~1a/get/parameters/0/requird did you mean `required`?",
                "#/paths/~1a/get/parameters/0/schema/fromat did you mean `format`?",
                "#/paths/~1a/get/responses/200/descripton did you mean `description`?",
                "#/paths/~1a/get/responses/200/content/application~1json/shema did you mean `schema`?",
                "#/components/schemas/T/requried did you mean `required`?",
                "#/components/schemas/T/properties/enums/enmu did you mean `enum`?",
                "#/components/schemas/T/properties/types/itmes did you mean `items`?",
            ]
        );
    }
}
