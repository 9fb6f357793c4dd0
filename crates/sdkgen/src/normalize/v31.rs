//! OpenAPI 3.1 → OpenAPI 3.0 (+ `x-sdkgen-*` extensions for what 3.0 cannot say). Rewrites the
//! `serde_json::Value` in place; never lowers anything and never rejects a document: what it cannot
//! express is dropped with a warning.
//!
//! | 3.1 | normalized (3.0) |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [A, B]` | `oneOf: [{type: A, ...}, {type: B, ...}]`, each keyword on the member it applies to |
//! | `type: "null"` | kept (the lowering reads it as a `null` member) and `nullable: true` |
//! | `oneOf`/`anyOf: [S, {type: "null"}]` | `S` with `nullable: true` (`allOf: [S]` when `S` is a `$ref`) |
//! | `const: v` | `enum: [v]` |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` with the annotations next to it (other keywords as a second member); in a `oneOf`/`anyOf` member, descriptive siblings are dropped |
//! | `examples: [a, ...]` (schema) | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentMediaType` (no encoding) | `format: binary` |
//! | `prefixItems: [A, B]` | `items: {anyOf: [A, B]}`, `x-sdkgen-tuple: true` (a Rust tuple) |
//! | `patternProperties` | `additionalProperties` (one value schema), with a warning |
//! | `true` / `false` schemas | `{}` / `{not: {}}` |
//! | `components/pathItems` + `$ref` | the path item inlined where it is referenced |
//! | `webhooks` | `components/callbacks/x-sdkgen-webhooks` (a callback is a map of path items) |
//! | `info.summary`, `license.identifier` | `info.x-sdkgen-summary`, `license.x-sdkgen-identifier` |
//! | `jsonSchemaDialect`, `$schema`, `$comment` | removed |
//!
//! Other JSON Schema 2020-12 keywords (`if`/`then`/`else`, `dependentRequired`,
//! `unevaluatedProperties`, ...) are removed with a warning saying what was ignored. `$defs` stay
//! where they are: references into them are the bundling pass's work.

use serde_json::{Map, Value};

use super::{Normalized, Origins};
use crate::diagnostics::{self, Diagnostic};

/// The callback name under `components/callbacks` that holds the document's `webhooks`.
pub const WEBHOOKS: &str = "x-sdkgen-webhooks";
/// `info.summary`, kept as an extension of `info`.
pub const SUMMARY: &str = "x-sdkgen-summary";
/// `license.identifier` (SPDX), kept as an extension of `license`.
pub const LICENSE_IDENTIFIER: &str = "x-sdkgen-identifier";
/// On an array schema whose `items` is an `anyOf` of its `prefixItems`: the array is a tuple.
pub const TUPLE: &str = "x-sdkgen-tuple";

/// JSON Schema keywords sdkgen does not use: removed with a warning.
const IGNORED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "contentSchema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
];

/// Keywords that describe a value without constraining its type: they stay next to an
/// `allOf: [$ref]` and on the outer schema of a split `type` array.
const ANNOTATIONS: &[&str] = &["title", "description", "deprecated", "readOnly", "writeOnly", "example", "default", "nullable", "externalDocs", "xml"];

/// Annotations dropped next to the `$ref` of a `oneOf`/`anyOf` member.
const MEMBER_NOTES: &[&str] = &["title", "description", "example", "examples", "deprecated", "externalDocs", "$comment"];

/// Keywords that apply to one JSON type only: they go to that type's member of a split `type` array.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems", TUPLE];
const OBJECT_KEYWORDS: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties", "discriminator"];

/// Map-valued keys of non-schema objects whose entries are named by the spec (so an entry called
/// `schema` is not a schema).
const NAMED_MAPS: &[&str] = &[
    "paths", "webhooks", "responses", "parameters", "requestBodies", "headers", "securitySchemes", "links", "pathItems", "content", "encoding", "variables", "scopes", "mapping",
];

/// Converts an OpenAPI 3.1 document in place.
pub fn convert(doc: &mut Normalized) -> Result<(), Vec<Diagnostic>> {
    doc.origins.begin_pass();
    let mut cx = Cx { diagnostics: Vec::new(), origins: &mut doc.origins, path_items: Map::new() };
    let Some(root) = doc.document.as_object_mut() else { return Ok(()) };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.remove("jsonSchemaDialect");
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(summary) = info.remove("summary") {
            info.insert(SUMMARY.into(), summary);
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(id) = license.remove("identifier") {
                license.insert(LICENSE_IDENTIFIER.into(), id);
            }
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(Value::Object(items)) = components.remove("pathItems") {
            cx.path_items = items;
        }
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    // Webhooks are a map of names to path items, which is what a callback is.
    if let Some(webhooks) = root.remove("webhooks") {
        if webhooks.as_object().is_some_and(|w| !w.is_empty()) {
            let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
            if let Some(c) = components.as_object_mut() {
                let callbacks = c.entry("callbacks").or_insert_with(|| Value::Object(Map::new()));
                if let Some(cb) = callbacks.as_object_mut() {
                    cb.insert(WEBHOOKS.into(), webhooks);
                    cx.origins.record(format!("#/components/callbacks/{WEBHOOKS}"), 0, "#/webhooks");
                }
            }
        }
    }
    cx.walk(&mut doc.document, "#", Context::Plain);
    doc.diagnostics.append(&mut cx.diagnostics);
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// An OpenAPI object (not a schema).
    Plain,
    /// A map whose keys are names given by the spec; its values are `Plain`.
    Named,
    /// `callbacks`: names → callback objects (themselves `Named` maps of path items).
    Callbacks,
}

struct Cx<'a> {
    diagnostics: Vec<Diagnostic>,
    origins: &'a mut Origins,
    /// `components/pathItems`, taken out of the document and inlined where referenced.
    path_items: Map<String, Value>,
}

impl Cx<'_> {
    /// Walks the non-schema parts of the document, converting every schema found.
    fn walk(&mut self, v: &mut Value, pointer: &str, context: Context) {
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, &diagnostics::join(pointer, &i.to_string()), Context::Plain);
                }
            }
            Value::Object(map) => {
                if context == Context::Plain {
                    self.inline_path_item(map, pointer);
                }
                let keys: Vec<String> = map.keys().cloned().collect();
                for k in keys {
                    let p = diagnostics::join(pointer, &k);
                    let Some(child) = map.get_mut(&k) else { continue };
                    match context {
                        Context::Named => self.walk(child, &p, Context::Plain),
                        Context::Callbacks => self.walk(child, &p, Context::Named),
                        Context::Plain => {
                            if k.starts_with("x-") || k == "example" || k == "examples" || k == "default" {
                                continue;
                            }
                            if k == "schema" {
                                self.schema(child, &p, 0);
                            } else if k == "schemas" && pointer == "#/components" {
                                if let Some(schemas) = child.as_object_mut() {
                                    for (name, s) in schemas.iter_mut() {
                                        self.schema(s, &diagnostics::join(&p, name), 0);
                                    }
                                }
                            } else if k == "callbacks" {
                                self.walk(child, &p, Context::Callbacks);
                            } else if NAMED_MAPS.contains(&k.as_str()) && child.is_object() {
                                self.walk(child, &p, Context::Named);
                            } else {
                                self.walk(child, &p, Context::Plain);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A `$ref` to `components/pathItems`: the path item is copied here (sibling `summary` and
    /// `description` win), and diagnostics inside it point where it was written.
    fn inline_path_item(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        for _ in 0..8 {
            let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/pathItems/")) else { return };
            let name = name.replace("~1", "/").replace("~0", "~");
            let Some(Value::Object(target)) = self.path_items.get(&name) else {
                self.diagnostics.push(
                    Diagnostic::error(diagnostics::join(pointer, "$ref"), format!("path item `{name}` is not defined under components/pathItems"))
                        .with_help("define it, or fix the reference"),
                );
                map.remove("$ref");
                return;
            };
            let mut merged = target.clone();
            map.remove("$ref");
            for (k, v) in std::mem::take(map) {
                merged.insert(k, v);
            }
            *map = merged;
            self.origins.record(pointer, 0, diagnostics::join("#/components/pathItems", &name));
        }
    }

    /// Converts a schema and everything nested in it.
    fn schema(&mut self, v: &mut Value, pointer: &str, depth: usize) {
        self.schema_in(v, pointer, depth, false);
    }

    /// [`Self::schema`]; `member`: `v` is a member of a `oneOf`/`anyOf`.
    fn schema_in(&mut self, v: &mut Value, pointer: &str, depth: usize, member: bool) {
        if depth > crate::limits::MAX_DEPTH {
            return;
        }
        match v {
            Value::Bool(true) => *v = Value::Object(Map::new()),
            Value::Bool(false) => *v = serde_json::json!({"not": {}}),
            _ => {}
        }
        let Some(map) = v.as_object_mut() else { return };
        self.rewrite(map, pointer, member);
        for key in ["items", "not"] {
            if let Some(s) = map.get_mut(key) {
                self.schema(s, &diagnostics::join(pointer, key), depth + 1);
            }
        }
        if let Some(s) = map.get_mut("additionalProperties") {
            if s.is_object() {
                self.schema(s, &diagnostics::join(pointer, "additionalProperties"), depth + 1);
            }
        }
        for key in ["properties", "$defs", "definitions"] {
            if let Some(Value::Object(props)) = map.get_mut(key) {
                let p = diagnostics::join(pointer, key);
                for (name, s) in props.iter_mut() {
                    self.schema(s, &diagnostics::join(&p, name), depth + 1);
                }
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(members)) = map.get_mut(key) {
                let p = diagnostics::join(pointer, key);
                for (i, s) in members.iter_mut().enumerate() {
                    self.schema_in(s, &diagnostics::join(&p, &i.to_string()), depth + 1, key != "allOf");
                }
            }
        }
    }

    /// The rewrites of one schema object (its nested schemas are converted afterwards).
    fn rewrite(&mut self, map: &mut Map<String, Value>, pointer: &str, member: bool) {
        map.remove("$schema");
        map.remove("$comment");
        self.nullable_union(map);
        if member && map.contains_key("$ref") && map.keys().all(|k| k == "$ref" || k.starts_with("x-") || MEMBER_NOTES.contains(&k.as_str())) {
            // A union member `{$ref: A, description: ...}` stays the variant `A` (as in 3.0, where
            // the siblings are ignored): its notes say nothing the variant's type does not.
            map.retain(|k, _| k == "$ref");
        }
        self.ref_siblings(map, pointer);
        if let Some(c) = map.remove("const") {
            map.insert("enum".into(), Value::Array(vec![c]));
        }
        match map.remove("examples") {
            Some(Value::Array(mut examples)) if !examples.is_empty() && !map.contains_key("example") => {
                map.insert("example".into(), examples.swap_remove(0));
            }
            _ => {}
        }
        for (exclusive, inclusive, stricter) in [("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater), ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less)] {
            if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
                let current = map.get(inclusive).and_then(Value::as_f64);
                let replaces = match (n.as_f64(), current) {
                    (Some(x), Some(cur)) => x.partial_cmp(&cur).is_some_and(|o| o == stricter || o == std::cmp::Ordering::Equal),
                    _ => true,
                };
                if replaces {
                    map.insert(inclusive.into(), Value::Number(n));
                    map.insert(exclusive.into(), Value::Bool(true));
                } else {
                    map.remove(exclusive);
                }
            }
        }
        self.content_keywords(map, pointer);
        self.prefix_items(map, pointer);
        self.pattern_properties(map, pointer);
        for k in IGNORED {
            if map.remove(*k).is_some() {
                self.diagnostics.push(
                    Diagnostic::warning(diagnostics::join(pointer, k), format!("`{k}` (JSON Schema 2020-12) is not used by sdkgen; it is ignored"))
                        .with_help("the generated types do not check it; values are decoded as if it were absent"),
                );
            }
        }
        self.type_array(map, pointer);
    }

    /// `oneOf`/`anyOf: [S, {type: "null"}]`: `S`, nullable.
    fn nullable_union(&mut self, map: &mut Map<String, Value>) {
        if map.contains_key("discriminator") || map.contains_key("$ref") {
            return;
        }
        let key = match (map.get("oneOf"), map.get("anyOf")) {
            (Some(Value::Array(m)), None) if m.len() >= 2 => "oneOf",
            (None, Some(Value::Array(m))) if m.len() >= 2 => "anyOf",
            _ => return,
        };
        if map.keys().any(|k| k != key && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-")) && map.get(key).and_then(Value::as_array).is_some_and(|m| m.len() == 2) {
            return;
        }
        let Some(Value::Array(members)) = map.get(key) else { return };
        let Some(null_at) = members.iter().position(is_null_schema) else { return };
        if members.len() > 2 {
            // A union with `null` among its values is 3.0's nullable union (the lowering gives it a
            // `Null` variant, and an optional property tells an absent value from `null`).
            map.insert("nullable".into(), Value::Bool(true));
            return;
        }
        let other = members[1 - null_at].clone();
        if is_null_schema(&other) {
            return;
        }
        map.remove(key);
        map.insert("nullable".into(), Value::Bool(true));
        match other {
            Value::Object(o) if o.contains_key("$ref") => {
                map.insert("allOf".into(), Value::Array(vec![Value::Object(o)]));
            }
            Value::Object(o) => {
                // The member's keywords, the outer annotations winning.
                let outer = std::mem::take(map);
                *map = o;
                for (k, v) in outer {
                    map.insert(k, v);
                }
            }
            _ => {}
        }
    }

    /// `$ref` next to other keywords: 3.1 applies both, 3.0 ignores the siblings.
    fn ref_siblings(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        if !map.contains_key("$ref") || map.len() == 1 {
            return;
        }
        // A `type` next to a `$ref` repeats the referenced type; only its `null` says something.
        if let Some(t) = map.remove("type") {
            let null = match &t {
                Value::Array(types) => types.iter().any(|t| t == "null"),
                other => other == "null",
            };
            if null {
                map.insert("nullable".into(), Value::Bool(true));
            }
            if map.len() == 1 {
                return;
            }
        }
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        let mut members = vec![serde_json::json!({ "$ref": reference })];
        let mut rest = Map::new();
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in keys {
            if !ANNOTATIONS.contains(&k.as_str()) && k != "examples" && k != "const" && !k.starts_with("x-") {
                if let Some(v) = map.remove(&k) {
                    rest.insert(k, v);
                }
            }
        }
        if !rest.is_empty() {
            for k in rest.keys() {
                self.origins.record(format!("{pointer}/allOf/1/{}", diagnostics::escape_segment(k)), 0, diagnostics::join(pointer, k));
            }
            members.push(Value::Object(rest));
        }
        map.insert("allOf".into(), Value::Array(members));
    }

    /// `contentEncoding` / `contentMediaType` on strings: the 3.0 formats `byte` and `binary`.
    fn content_keywords(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let encoding = map.remove("contentEncoding");
        let media = map.remove("contentMediaType");
        let has_format = map.contains_key("format");
        match encoding.as_ref().and_then(Value::as_str) {
            Some(e) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => {
                if !has_format {
                    map.insert("format".into(), Value::String("byte".into()));
                }
            }
            Some(e) => self.diagnostics.push(
                Diagnostic::warning(diagnostics::join(pointer, "contentEncoding"), format!("`contentEncoding: {e}` is not decoded by sdkgen; the value stays text"))
                    .with_help("sdkgen reads `base64` (as `format: byte`)"),
            ),
            None => {
                if media.is_some() && !has_format {
                    map.insert("format".into(), Value::String("binary".into()));
                }
            }
        }
    }

    /// `prefixItems`: a tuple. `items: {anyOf: prefixItems}` keeps the members where the lowering
    /// reads schemas, and `x-sdkgen-tuple` says the positions matter. Extra items of a schema
    /// (3.1 `items` next to `prefixItems`) make it an array of any member instead.
    fn prefix_items(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(prefix) = map.remove("prefixItems") else { return };
        let Value::Array(mut members) = prefix else { return };
        if members.is_empty() {
            // No positions: the array is what `items` says.
            return;
        }
        let p = diagnostics::join(pointer, "prefixItems");
        for i in 0..members.len() {
            self.origins.record(format!("{pointer}/items/anyOf/{i}"), 0, diagnostics::join(&p, &i.to_string()));
        }
        let rest = map.remove("items");
        let tuple = match rest {
            None | Some(Value::Bool(false)) => true,
            Some(Value::Bool(true)) => {
                members.push(Value::Object(Map::new()));
                false
            }
            Some(schema) => {
                self.origins.record(format!("{pointer}/items/anyOf/{}", members.len()), 0, diagnostics::join(pointer, "items"));
                members.push(schema);
                false
            }
        };
        if !tuple {
            self.diagnostics.push(
                Diagnostic::warning(p, "`prefixItems` with more items allowed after them: an array whose items may be any of the listed schemas")
                    .with_help("add `items: false` to make it a tuple (a Rust tuple type)"),
            );
        }
        map.insert("items".into(), serde_json::json!({ "anyOf": members }));
        if tuple {
            map.insert(TUPLE.into(), Value::Bool(true));
        }
        if !map.contains_key("type") {
            map.insert("type".into(), Value::String("array".into()));
        }
    }

    /// `patternProperties`: the value schema becomes `additionalProperties` when there is one
    /// (the key patterns are not checked); otherwise ignored.
    fn pattern_properties(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(patterns)) = map.remove("patternProperties") else { return };
        let p = diagnostics::join(pointer, "patternProperties");
        let mut values = patterns.into_iter();
        let first = values.next();
        let all_same = first.as_ref().is_some_and(|(_, f)| values.all(|(_, v)| &v == f));
        match first {
            Some((pattern, schema)) if all_same && !map.contains_key("additionalProperties") => {
                self.origins.record(diagnostics::join(pointer, "additionalProperties"), 0, diagnostics::join(&p, &pattern));
                map.insert("additionalProperties".into(), schema);
                self.diagnostics.push(
                    Diagnostic::warning(p, "`patternProperties` is read as `additionalProperties`: the key patterns are not checked")
                        .with_help("keys are kept whatever their names; their values have the pattern's schema"),
                );
            }
            _ => self.diagnostics.push(
                Diagnostic::warning(p, "`patternProperties` is not used by sdkgen; it is ignored")
                    .with_help("state the properties, or one schema for every other key with `additionalProperties`"),
            ),
        }
    }

    /// `type` arrays: `null` becomes `nullable`; several other types a `oneOf` of one member per
    /// type, each taking the keywords that apply to it.
    fn type_array(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            Some(Value::String(t)) if t == "null" => {
                map.insert("nullable".into(), Value::Bool(true));
                return;
            }
            _ => return,
        };
        let mut rest: Vec<String> = Vec::new();
        for t in &types {
            if t != "null" && !rest.contains(t) {
                rest.push(t.clone());
            }
        }
        if types.iter().any(|t| t == "null") {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match rest.as_slice() {
            [] => {
                map.insert("type".into(), Value::String("null".into()));
            }
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
            }
            _ => {
                map.remove("type");
                if map.contains_key("oneOf") || map.contains_key("anyOf") {
                    self.diagnostics.push(
                        Diagnostic::warning(diagnostics::join(pointer, "type"), "a `type` list next to `oneOf`/`anyOf` is not checked")
                            .with_help("list the types as members of the `oneOf`"),
                    );
                    return;
                }
                let format = map.remove("format");
                let enumeration = map.remove("enum");
                let mut members = Vec::new();
                for t in &rest {
                    let mut member = Map::new();
                    member.insert("type".into(), Value::String(t.clone()));
                    let keywords: &[&str] = match t.as_str() {
                        "string" => STRING_KEYWORDS,
                        "integer" | "number" => NUMBER_KEYWORDS,
                        "array" => ARRAY_KEYWORDS,
                        "object" => OBJECT_KEYWORDS,
                        _ => &[],
                    };
                    let i = members.len();
                    for k in keywords {
                        // A keyword shared by `integer` and `number` goes to both.
                        let v = if matches!(t.as_str(), "integer" | "number") { map.get(*k).cloned() } else { map.remove(*k) };
                        if let Some(v) = v {
                            self.origins.record(format!("{pointer}/oneOf/{i}/{}", diagnostics::escape_segment(k)), 0, diagnostics::join(pointer, k));
                            member.insert((*k).into(), v);
                        }
                    }
                    if let Some(Value::String(f)) = &format {
                        let numeric = matches!(f.as_str(), "int32" | "int64" | "float" | "double");
                        let fits = match t.as_str() {
                            "string" => !numeric,
                            "integer" => matches!(f.as_str(), "int32" | "int64"),
                            "number" => numeric,
                            _ => false,
                        };
                        if fits {
                            member.insert("format".into(), Value::String(f.clone()));
                        }
                    }
                    if let Some(Value::Array(values)) = &enumeration {
                        let own: Vec<Value> = values.iter().filter(|v| json_type_fits(v, t)).cloned().collect();
                        if own.is_empty() {
                            continue;
                        }
                        member.insert("enum".into(), Value::Array(own));
                    }
                    members.push(Value::Object(member));
                }
                for k in NUMBER_KEYWORDS {
                    map.remove(*k);
                }
                map.insert("oneOf".into(), Value::Array(members));
            }
        }
    }
}

/// `{type: "null"}`, `{type: ["null"]}`, `{const: null}`, `{enum: [null]}`.
fn is_null_schema(v: &Value) -> bool {
    let Some(m) = v.as_object() else { return false };
    let typed_null = match m.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(t)) => !t.is_empty() && t.iter().all(|t| t == "null"),
        _ => false,
    };
    typed_null || m.get("const").is_some_and(Value::is_null) || m.get("enum").and_then(Value::as_array).is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null))
}

/// Whether a JSON value is of the JSON Schema type `t`.
fn json_type_fits(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn convert_doc(doc: Value) -> (Value, Vec<Diagnostic>) {
        let mut n = Normalized { document: doc, origins: Origins::default(), others: Vec::new(), diagnostics: Vec::new() };
        convert(&mut n).unwrap();
        (n.document, n.diagnostics)
    }

    fn schema(s: Value) -> (Value, Vec<Diagnostic>) {
        let (doc, d) = convert_doc(json!({"openapi": "3.1.0", "components": {"schemas": {"S": s}}}));
        (doc["components"]["schemas"]["S"].clone(), d)
    }

    #[test]
    fn type_arrays() {
        assert_eq!(schema(json!({"type": ["string", "null"], "maxLength": 3})).0, json!({"type": "string", "nullable": true, "maxLength": 3}));
        assert_eq!(schema(json!({"type": ["null"]})).0, json!({"type": "null", "nullable": true}));
        let (s, _) = schema(json!({"type": ["string", "integer", "null"], "description": "d", "maxLength": 3, "minimum": 1, "format": "int64"}));
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1, "format": "int64"}]})
        );
        let (s, _) = schema(json!({"type": ["string", "integer"], "enum": ["a", 1]}));
        assert_eq!(s, json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]}));
    }

    #[test]
    fn const_examples_bounds_encodings() {
        assert_eq!(schema(json!({"const": "x", "examples": ["a", "b"]})).0, json!({"enum": ["x"], "example": "a"}));
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})).0,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5})
        );
        assert_eq!(schema(json!({"type": "string", "contentEncoding": "base64"})).0, json!({"type": "string", "format": "byte"}));
        assert_eq!(schema(json!({"type": "string", "contentMediaType": "image/png"})).0, json!({"type": "string", "format": "binary"}));
    }

    #[test]
    fn refs_with_siblings_and_nullable_refs() {
        assert_eq!(schema(json!({"$ref": "#/components/schemas/A", "description": "d"})).0, json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert_eq!(
            schema(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})).0,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(schema(json!({"oneOf": [{"type": "null"}, {"type": "integer"}]})).0, json!({"type": "integer", "nullable": true}));
        assert_eq!(schema(json!({"$ref": "#/components/schemas/A"})).0, json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/components/schemas/A", "description": "d"}, {"type": "string"}]})).0,
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]})
        );
    }

    #[test]
    fn tuples_and_ignored_keywords() {
        let (s, d) = schema(json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}));
        assert_eq!(s, json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "x-sdkgen-tuple": true}));
        assert!(d.is_empty());
        let (s, d) = schema(json!({"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}}));
        assert_eq!(s, json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}));
        assert_eq!(d.len(), 1);
        assert_eq!(schema(json!({"type": "array", "prefixItems": [], "items": {"type": "integer"}})).0, json!({"type": "array", "items": {"type": "integer"}}));
        let (s, d) = schema(json!({"type": "object", "if": {}, "then": {}, "properties": {"a": {"dependentRequired": {}}}}));
        assert_eq!(s, json!({"type": "object", "properties": {"a": {}}}));
        let at: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(at, ["#/components/schemas/S/if", "#/components/schemas/S/then", "#/components/schemas/S/properties/a/dependentRequired"]);
    }

    #[test]
    fn document_level() {
        let (doc, _) = convert_doc(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "here"}},
            "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}}},
            "components": {"pathItems": {"A": {"summary": "there", "get": {"responses": {"200": {"description": "ok"}}}}}}
        }));
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("jsonSchemaDialect").is_none() && doc.get("webhooks").is_none());
        assert_eq!(doc["info"]["x-sdkgen-summary"], "s");
        assert_eq!(doc["info"]["license"]["x-sdkgen-identifier"], "MIT");
        assert_eq!(doc["paths"]["/a"]["summary"], "here");
        assert!(doc["paths"]["/a"]["get"].is_object());
        assert!(doc["components"].get("pathItems").is_none());
        let schema = &doc["components"]["callbacks"][WEBHOOKS]["ping"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema, &json!({"type": "string", "nullable": true}));
    }
}
