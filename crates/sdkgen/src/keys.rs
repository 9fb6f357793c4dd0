//! Map keys the OpenAPI document model would drop without a word: path keys that do not start
//! with `/` and response keys that are neither a status code, a range (`2XX`) nor `default`.
//! Each gets a warning before the document is deserialized; a range written in lower case
//! (`2xx`) is read as the range, with a warning. Must not: change the document.

use serde_json::Value;

use crate::diagnostics::{self, Diagnostic};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Warnings for the path and response keys of `doc` that are not what OpenAPI allows.
pub fn check(doc: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let pointer = diagnostics::join("#/paths", path);
        if path.starts_with("x-") {
            continue;
        }
        if !path.starts_with('/') {
            out.push(
                Diagnostic::warning(&pointer, format!("the path `{path}` does not start with `/`; sdkgen leaves its operations out"))
                    .with_help(format!("OpenAPI path keys start with `/`: write `/{path}`")),
            );
            continue;
        }
        let Some(item) = item.as_object() else { continue };
        for method in METHODS {
            let Some(responses) = item.get(*method).and_then(|op| op.get("responses")).and_then(Value::as_object) else { continue };
            let base = diagnostics::join(&diagnostics::join(&pointer, method), "responses");
            for key in responses.keys() {
                if let Some(d) = status_key(&base, key) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// A warning for a response key that is not `default`, a code `100`–`599` or a range `1XX`–`5XX`
/// (the document model reads other numbers as codes, and leaves anything else out).
fn status_key(base: &str, key: &str) -> Option<Diagnostic> {
    let pointer = diagnostics::join(base, key);
    let b = key.as_bytes();
    if key == "default" || key.starts_with("x-") {
        return None;
    }
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) {
        if b[1..].iter().all(u8::is_ascii_digit) || &b[1..] == b"XX" {
            return None;
        }
        if b[1..].eq_ignore_ascii_case(b"XX") {
            let range = format!("{}XX", b[0] as char);
            return Some(
                Diagnostic::warning(&pointer, format!("the status range `{key}` is written `{range}` in OpenAPI; sdkgen reads it as `{range}`"))
                    .with_help(format!("write `{range}`")),
            );
        }
    }
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return Some(
            Diagnostic::warning(&pointer, format!("`{key}` is outside the HTTP status codes (100-599)"))
                .with_help("use a code such as `200`, a range such as `2XX` for 200-299, or `default`"),
        );
    }
    Some(
        Diagnostic::warning(&pointer, format!("`{key}` is not a status code, a status range (`2XX`) or `default`; sdkgen leaves this response out"))
            .with_help("use a code such as `200`, a range such as `2XX` for 200-299, or `default`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_keys_are_reported() {
        let doc = json!({"paths": {
            "pets": {"get": {"responses": {"200": {}}}},
            "x-note": {},
            "/a": {"get": {"responses": {"200": {}, "2XX": {}, "2xx": {}, "20X": {}, "default": {}, "600": {}, "x-y": {}}}},
        }});
        let d = check(&doc);
        let got: Vec<(&str, &str)> = d.iter().map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[0].0, "#/paths/pets");
        assert!(got[1].1.contains("`2xx` is written `2XX`"), "{got:?}");
        assert_eq!(got[2].0, "#/paths/~1a/get/responses/20X");
        assert_eq!(got[3].0, "#/paths/~1a/get/responses/600");
    }
}
