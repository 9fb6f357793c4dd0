//! Where `$ref`s may be: the positions of an OpenAPI document (which object holds which), the
//! sections components live in, and the walk that finds every reference by its kind.

use serde_json::Value;

use crate::diagnostics;
use crate::normalize::Dialect;

/// The kinds of objects a `$ref` may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    Link,
    Callback,
    PathItem,
    SecurityScheme,
    // Not referable; positions only.
    Operation,
    MediaType,
    Encoding,
}

impl Kind {
    pub(super) fn referable(self) -> bool {
        !matches!(self, Kind::Operation | Kind::MediaType | Kind::Encoding)
    }

    pub(super) fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::Response => "response",
            Kind::RequestBody => "request body",
            Kind::Header => "header",
            Kind::Example => "example",
            Kind::Link => "link",
            Kind::Callback => "callback",
            Kind::PathItem => "path item",
            Kind::SecurityScheme => "security scheme",
            Kind::Operation => "operation",
            Kind::MediaType => "media type",
            Kind::Encoding => "encoding",
        }
    }

    /// Name given when nothing better is found.
    pub(super) fn default_name(self) -> &'static str {
        match self {
            Kind::Schema => "Schema",
            Kind::Parameter => "Parameter",
            Kind::Response => "Response",
            Kind::RequestBody => "RequestBody",
            Kind::Header => "Header",
            Kind::Example => "Example",
            Kind::Link => "Link",
            Kind::Callback => "Callback",
            _ => "Item",
        }
    }
}

/// A position in a document: what the value found there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pos {
    Doc,
    Components,
    MapOf(Kind),
    ListOf(Kind),
    Item(Kind),
}

pub(super) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The position of `key` inside a value at `pos`; `None` for what holds no references (literal
/// values such as examples, defaults and enums, extensions, unknown keys).
pub(super) fn child(pos: Pos, key: &str, d: Dialect) -> Option<Pos> {
    use Kind::*;
    let item = |k| Some(Pos::Item(k));
    match pos {
        Pos::Doc => match key {
            "paths" => Some(Pos::MapOf(PathItem)),
            "webhooks" if d == Dialect::OpenApi31 => Some(Pos::MapOf(PathItem)),
            "components" if d != Dialect::Swagger2 => Some(Pos::Components),
            "definitions" if d == Dialect::Swagger2 => Some(Pos::MapOf(Schema)),
            "parameters" if d == Dialect::Swagger2 => Some(Pos::MapOf(Parameter)),
            "responses" if d == Dialect::Swagger2 => Some(Pos::MapOf(Response)),
            _ => None,
        },
        Pos::Components => section_kind(key).map(Pos::MapOf),
        Pos::MapOf(k) => {
            if key.starts_with("x-") && matches!(k, PathItem | Response) {
                return None;
            }
            item(k)
        }
        Pos::ListOf(k) => item(k),
        Pos::Item(k) => match (k, key) {
            (PathItem, "parameters") | (Operation, "parameters") => Some(Pos::ListOf(Parameter)),
            (PathItem, m) if METHODS.contains(&m) => item(Operation),
            (Operation, "requestBody") => item(RequestBody),
            (Operation, "responses") => Some(Pos::MapOf(Response)),
            (Operation, "callbacks") => Some(Pos::MapOf(Callback)),
            (Callback, e) if !e.starts_with("x-") => item(PathItem),
            (Parameter | Header, "schema") | (MediaType, "schema") | (Response, "schema") => item(Schema),
            (Parameter | Header | MediaType, "examples") => Some(Pos::MapOf(Example)),
            (Parameter | Header | RequestBody | Response, "content") => Some(Pos::MapOf(MediaType)),
            (MediaType, "encoding") => Some(Pos::MapOf(Encoding)),
            (Encoding | Response, "headers") => Some(Pos::MapOf(Header)),
            (Response, "links") => Some(Pos::MapOf(Link)),
            (Schema, "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => Some(Pos::MapOf(Schema)),
            (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Some(Pos::ListOf(Schema)),
            (
                Schema,
                "items" | "additionalProperties" | "additionalItems" | "not" | "contains" | "propertyNames" | "if" | "then" | "else"
                | "unevaluatedProperties" | "unevaluatedItems" | "contentSchema",
            ) => item(Schema),
            _ => None,
        },
    }
}

pub(super) fn section_kind(section: &str) -> Option<Kind> {
    Some(match section {
        "schemas" => Kind::Schema,
        "responses" => Kind::Response,
        "parameters" => Kind::Parameter,
        "examples" => Kind::Example,
        "requestBodies" => Kind::RequestBody,
        "headers" => Kind::Header,
        "securitySchemes" => Kind::SecurityScheme,
        "links" => Kind::Link,
        "callbacks" => Kind::Callback,
        "pathItems" => Kind::PathItem,
        _ => return None,
    })
}

/// The section that holds components of `kind` (`None`: such objects are copied in place, even
/// from a component).
pub(super) fn section(kind: Kind, d: Dialect) -> Option<&'static str> {
    if d == Dialect::Swagger2 {
        return match kind {
            Kind::Schema => Some("definitions"),
            Kind::Parameter => Some("parameters"),
            Kind::Response => Some("responses"),
            _ => None,
        };
    }
    match kind {
        Kind::Schema => Some("schemas"),
        Kind::Response => Some("responses"),
        Kind::Parameter => Some("parameters"),
        Kind::Example => Some("examples"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Header => Some("headers"),
        Kind::SecurityScheme => Some("securitySchemes"),
        Kind::Link => Some("links"),
        // `openapiv3` reads an operation's callbacks without references: copied in place.
        _ => None,
    }
}

/// The location of the section holding `kind` components.
pub(super) fn section_path(sec: &str, d: Dialect) -> Vec<String> {
    if d == Dialect::Swagger2 { vec![sec.to_string()] } else { vec!["components".to_string(), sec.to_string()] }
}

/// The `$ref` text of a component.
pub(super) fn component_ref(sec: &str, name: &str, d: Dialect) -> String {
    let mut p = String::from("#");
    for s in section_path(sec, d) {
        p = diagnostics::join(&p, &s);
    }
    diagnostics::join(&p, name)
}

/// True when `raw` already names a component of its kind (`#/components/schemas/Pet`): left
/// to the lowering, which reports it when it dangles.
pub(super) fn is_canonical(raw: &str, kind: Kind, d: Dialect) -> bool {
    let prefix = match (kind, d) {
        (Kind::PathItem, Dialect::OpenApi31) => "#/components/pathItems/".to_string(),
        _ => match section(kind, d) {
            Some(sec) if d == Dialect::Swagger2 => format!("#/{sec}/"),
            Some(sec) => format!("#/components/{sec}/"),
            None => return false,
        },
    };
    raw.strip_prefix(&prefix).is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
}

/// True when `loc` is a component entry (`/components/<section>/<name>`, or a 2.0 section entry).
pub(super) fn is_component(loc: &[String], d: Dialect) -> bool {
    match d {
        Dialect::Swagger2 => loc.len() == 2 && matches!(loc[0].as_str(), "definitions" | "parameters" | "responses"),
        _ => loc.len() == 3 && loc[0] == "components" && section_kind(&loc[1]).is_some(),
    }
}

/// What is at a location of a document.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// An object of this kind.
    Known(Kind),
    /// A structural node (the document, `paths`, a section, a list of parameters).
    Container,
    /// A place nothing reads (an extension, an example value, a schema's `definitions` entry in a
    /// position the walk does not know).
    Unknown,
}

pub(super) fn kind_at(loc: &[String], d: Dialect) -> Found {
    let mut pos = Pos::Doc;
    for seg in loc {
        pos = match child(pos, seg, d) {
            Some(p) => p,
            // Tuple `items: [..]`.
            None if pos == Pos::Item(Kind::Schema) && seg.parse::<usize>().is_ok() => Pos::Item(Kind::Schema),
            None => return Found::Unknown,
        };
    }
    match pos {
        Pos::Item(k) => Found::Known(k),
        _ => Found::Container,
    }
}

/// The `$ref` string of an object that is only a reference (in 3.1 a schema may carry other
/// keywords beside `$ref`: then it is a schema of its own).
pub(super) fn pure_ref(v: &Value, d: Dialect) -> Option<&str> {
    let o = v.as_object()?;
    let r = o.get("$ref")?.as_str()?;
    (d != Dialect::OpenApi31 || o.len() == 1).then_some(r)
}

pub(super) fn get<'v>(v: &'v Value, loc: &[String]) -> Option<&'v Value> {
    let mut cur = v;
    for seg in loc {
        cur = match cur {
            Value::Object(o) => o.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

pub(super) fn get_mut<'v>(v: &'v mut Value, loc: &[String]) -> Option<&'v mut Value> {
    let mut cur = v;
    for seg in loc {
        cur = match cur {
            Value::Object(o) => o.get_mut(seg)?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Calls `visit` on every object holding a `$ref` in a position that may hold one, with its kind
/// and location (relative to where the walk started).
pub(super) fn walk(v: &mut Value, pos: Pos, d: Dialect, path: &mut Vec<String>, visit: &mut dyn FnMut(&mut Value, Kind, &[String])) {
    if let Pos::Item(k) = pos {
        if k.referable() && v.get("$ref").is_some_and(Value::is_string) {
            visit(v, k, path);
            // In 3.1 a schema's other keywords still count.
            if !(k == Kind::Schema && d == Dialect::OpenApi31) {
                return;
            }
        }
    }
    if pos == Pos::Item(Kind::Schema) {
        mapping_refs(v, path, visit);
    }
    match v {
        Value::Object(o) => {
            for (key, c) in o.iter_mut() {
                if key == "$ref" {
                    continue;
                }
                if let Some(p) = child(pos, key, d) {
                    path.push(key.clone());
                    walk(c, p, d, path, visit);
                    path.pop();
                }
            }
        }
        Value::Array(a) => {
            let item = match pos {
                Pos::ListOf(k) => Pos::Item(k),
                Pos::Item(Kind::Schema) => Pos::Item(Kind::Schema),
                _ => return,
            };
            for (i, c) in a.iter_mut().enumerate() {
                path.push(i.to_string());
                walk(c, item, d, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A discriminator's mapping values that are references (`#/...`, `pet.yaml`), not schema names,
/// are visited as schema references too.
pub(super) fn mapping_refs(v: &mut Value, path: &mut Vec<String>, visit: &mut dyn FnMut(&mut Value, Kind, &[String])) {
    let Some(Value::Object(mapping)) = v.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else { return };
    for (key, target) in mapping.iter_mut() {
        let Some(raw) = target.as_str() else { continue };
        let is_ref = raw.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|x| raw.ends_with(x));
        if !is_ref {
            continue;
        }
        let mut slot = serde_json::json!({ "$ref": raw });
        path.extend(["discriminator".to_string(), "mapping".to_string(), key.clone()]);
        visit(&mut slot, Kind::Schema, path);
        path.truncate(path.len() - 3);
        if let Some(r) = slot.get("$ref").and_then(Value::as_str) {
            *target = Value::String(r.to_string());
        }
    }
}
