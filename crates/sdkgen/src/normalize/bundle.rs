//! Bundling: `$ref`s to other files and to locations outside `components` become references into
//! `components` of one document. Runs first, in the input's own dialect (components are
//! `definitions`/`parameters`/`responses` in Swagger 2.0). Reads other files only through the
//! [`Resolver`]; never lowers anything.
//!
//! Rules (ARCHITECTURE.md, "References"):
//! - A reference's kind is the position it is used in (a schema, a parameter, a response, ...).
//! - A reference already of the form `#/components/<section>/<name>` is left as it is.
//! - Any other target in the document is *hoisted*: moved into the section of its kind under a
//!   new name, its old place and every reference to it becoming references to that component.
//!   A target in a place nothing reads (an extension, a schema's `definitions`) is copied instead.
//! - A target in another file is *imported*: copied into the section of its kind, with the
//!   references inside it rewritten relative to the root; each file is read and parsed once.
//! - Path items (and, in Swagger 2.0, kinds without a section) are copied in place.
//! - Every move and import is recorded in [`Origins`], so diagnostics point at what the user wrote.
//!
//! Work is done in rounds: each round scans what the last one brought in, so references inside
//! imported files and hoisted subtrees are bundled too; cycles end because a target is moved or
//! imported once and refers to its component afterwards.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Dialect, Normalized, Origins, Resolver, Source};
use crate::diagnostics::{self, Diagnostic};
use crate::limits::{MAX_BUNDLED, MAX_COPIED_NODES, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_REF_BYTES, MAX_REF_FILES, MAX_REF_HOPS};

/// The kinds of objects a `$ref` may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
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
    fn referable(self) -> bool {
        !matches!(self, Kind::Operation | Kind::MediaType | Kind::Encoding)
    }

    fn noun(self) -> &'static str {
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
    fn default_name(self) -> &'static str {
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
enum Pos {
    Doc,
    Components,
    MapOf(Kind),
    ListOf(Kind),
    Item(Kind),
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The position of `key` inside a value at `pos`; `None` for what holds no references (literal
/// values such as examples, defaults and enums, extensions, unknown keys).
fn child(pos: Pos, key: &str, d: Dialect) -> Option<Pos> {
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

fn section_kind(section: &str) -> Option<Kind> {
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
fn section(kind: Kind, d: Dialect) -> Option<&'static str> {
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
fn section_path(sec: &str, d: Dialect) -> Vec<String> {
    if d == Dialect::Swagger2 { vec![sec.to_string()] } else { vec!["components".to_string(), sec.to_string()] }
}

/// The `$ref` text of a component.
fn component_ref(sec: &str, name: &str, d: Dialect) -> String {
    let mut p = String::from("#");
    for s in section_path(sec, d) {
        p = diagnostics::join(&p, &s);
    }
    diagnostics::join(&p, name)
}

/// True when `raw` already names a component of its kind (`#/components/schemas/Pet`): left
/// to the lowering, which reports it when it dangles.
fn is_canonical(raw: &str, kind: Kind, d: Dialect) -> bool {
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
fn is_component(loc: &[String], d: Dialect) -> bool {
    match d {
        Dialect::Swagger2 => loc.len() == 2 && matches!(loc[0].as_str(), "definitions" | "parameters" | "responses"),
        _ => loc.len() == 3 && loc[0] == "components" && section_kind(&loc[1]).is_some(),
    }
}

/// What is at a location of a document.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// An object of this kind.
    Known(Kind),
    /// A structural node (the document, `paths`, a section, a list of parameters).
    Container,
    /// A place nothing reads (an extension, an example value, a schema's `definitions` entry in a
    /// position the walk does not know).
    Unknown,
}

fn kind_at(loc: &[String], d: Dialect) -> Found {
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

/// A reference parsed: the file (a normalized path relative to the root spec's folder; `None` is
/// the root document) and the pointer's segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    file: Option<String>,
    pointer: Vec<String>,
}

fn percent_decode(s: &str) -> Result<String, String> {
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

fn percent_encode(s: &str) -> String {
    s.replace('%', "%25").replace('#', "%23")
}

/// The folder of a normalized file path (`""` for the root folder).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a relative reference path onto `base` (a folder), resolving `.` and `..` lexically;
/// `..` past the root folder is kept (the resolver decides whether it may be read).
fn join_path(base: &str, rel: &str) -> String {
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
struct RefError {
    message: String,
    help: String,
}

fn ref_error(message: impl Into<String>, help: impl Into<String>) -> RefError {
    RefError { message: message.into(), help: help.into() }
}

/// Parses `raw` written in the file at `from` (`None`: the root document).
fn parse_ref(raw: &str, from: Option<&str>, root_name: Option<&str>) -> Result<Target, RefError> {
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
fn format_ref(t: &Target) -> String {
    let mut s = t.file.as_deref().map(percent_encode).unwrap_or_default();
    s.push('#');
    for seg in &t.pointer {
        s.push('/');
        s.push_str(&percent_encode(&diagnostics::escape_segment(seg)));
    }
    s
}

fn pointer_of(loc: &[String]) -> String {
    let mut p = String::from("#");
    for s in loc {
        p = diagnostics::join(&p, s);
    }
    p
}

/// The `$ref` string of an object that is only a reference (in 3.1 a schema may carry other
/// keywords beside `$ref`: then it is a schema of its own).
fn pure_ref(v: &Value, d: Dialect) -> Option<&str> {
    let o = v.as_object()?;
    let r = o.get("$ref")?.as_str()?;
    (d != Dialect::OpenApi31 || o.len() == 1).then_some(r)
}

fn get<'v>(v: &'v Value, loc: &[String]) -> Option<&'v Value> {
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

fn get_mut<'v>(v: &'v mut Value, loc: &[String]) -> Option<&'v mut Value> {
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
fn walk(v: &mut Value, pos: Pos, d: Dialect, path: &mut Vec<String>, visit: &mut dyn FnMut(&mut Value, Kind, &[String])) {
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
fn mapping_refs(v: &mut Value, path: &mut Vec<String>, visit: &mut dyn FnMut(&mut Value, Kind, &[String])) {
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

/// A file read through the resolver.
struct File {
    path: String,
    text: String,
    value: Value,
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Place {
    /// A location in the document being bundled.
    Root(Vec<String>),
    /// A location in another file (index into `Bundler::files`) not imported yet.
    File(usize, Vec<String>),
}

/// How the references of one text are rewritten.
enum Fix {
    Ref(String),
    /// A copy in place, its number of nodes and its depth.
    Inline(Value, usize, usize),
}

fn inline(v: Value) -> Fix {
    let (mut nodes, mut depth) = (0, 0);
    let mut stack = vec![(&v, 1)];
    while let Some((n, d)) = stack.pop() {
        nodes += 1;
        depth = depth.max(d);
        match n {
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|c| (c, d + 1))),
            _ => {}
        }
    }
    Fix::Inline(v, nodes, depth)
}

/// One `$ref` text found in a round: its kind, where it was first used, how often.
struct Use {
    raw: String,
    kind: Kind,
    at: Vec<String>,
    count: usize,
    /// The component whose whole value is this reference (its name), when there is one: a target
    /// brought into `components` takes that name.
    entry: Option<String>,
}

struct Bundler<'r> {
    d: Dialect,
    resolver: &'r dyn Resolver,
    root_name: Option<String>,
    files: Vec<File>,
    by_path: HashMap<String, usize>,
    bytes: usize,
    /// (file, pointer) → location of its copy in the document.
    imported: HashMap<(usize, Vec<String>), Vec<String>>,
    /// Lower-cased names taken, per section.
    taken: HashMap<&'static str, HashSet<String>>,
    bundled: usize,
    /// Nodes copied in place so far.
    copied: usize,
    errors: Vec<Diagnostic>,
    /// Duplicate keys in other files (located).
    warnings: Vec<Diagnostic>,
}

/// Bundles the document in place (see the module documentation).
pub fn bundle(doc: &mut Normalized, resolver: &dyn Resolver) -> Result<(), Vec<Diagnostic>> {
    let Some(d) = Dialect::of(&doc.document) else { return Ok(()) };
    let mut b = Bundler {
        d,
        resolver,
        root_name: resolver.root_name(),
        files: Vec::new(),
        by_path: HashMap::new(),
        bytes: 0,
        imported: HashMap::new(),
        taken: HashMap::new(),
        bundled: 0,
        copied: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut scan: Vec<(Vec<String>, Pos)> = vec![(Vec::new(), Pos::Doc)];
    // A reference that fails is reported and left as it is; the others are still bundled, so the
    // files they bring in are checked too.
    while !scan.is_empty() {
        scan = b.round(doc, &scan);
    }
    doc.diagnostics.append(&mut b.warnings);
    let errors = std::mem::take(&mut b.errors);
    let errors = locate(errors, &doc.origins, &b.files);
    // Other files in the order they were read: index i + 1 in `Origins`.
    doc.others = b.files.into_iter().map(|f| Source { name: f.path, text: f.text }).collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Errors found while bundling name places in the document as it was then: trace them back now
/// and locate those in other files (the loader locates the root file's). A reference copied from
/// another file was rewritten relative to the root spec: the message quotes it as written.
fn locate(mut errors: Vec<Diagnostic>, origins: &Origins, files: &[File]) -> Vec<Diagnostic> {
    for e in &mut errors {
        if e.location.is_some() {
            continue;
        }
        let (file, pointer) = origins.resolve(&e.pointer);
        if let Some(src) = file.checked_sub(1).and_then(|i| files.get(i)) {
            let original = pointer.strip_prefix('#').and_then(|p| src.value.pointer(p)).and_then(Value::as_str);
            let current = e.message.strip_prefix("`$ref: ").and_then(|m| m.split('`').next()).map(str::to_string);
            if let (Some(o), Some(c)) = (original, current) {
                e.message = e.message.replacen(&c, o, 1);
            }
            e.location = crate::load::locate_many(&src.text, &[pointer.as_str()]).pop().flatten();
            e.file = Some(src.path.as_str().into());
        }
        e.pointer = pointer;
    }
    errors
}

/// A target in the document moved (or copied) into a section.
struct Hoist {
    loc: Vec<String>,
    kind: Kind,
    sec: &'static str,
    /// Moved (its old place becomes a reference) or, from a place nothing reads, copied.
    moved: bool,
    /// Reference texts that resolve to it.
    raws: Vec<String>,
    entry: Option<String>,
}

impl Bundler<'_> {
    /// One round: bundles the references found under `scan`; returns what to scan next.
    fn round(&mut self, doc: &mut Normalized, scan: &[(Vec<String>, Pos)]) -> Vec<(Vec<String>, Pos)> {
        let d = self.d;
        let mut uses: Vec<Use> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (at, pos) in scan {
            let Some(v) = get_mut(&mut doc.document, at) else { continue };
            let mut path = at.clone();
            walk(v, *pos, d, &mut path, &mut |node, kind, loc| {
                let raw = node.get("$ref").and_then(Value::as_str).unwrap_or_default();
                if is_canonical(raw, kind, d) {
                    return;
                }
                let entry = if is_component(loc, d) && pure_ref(node, d).is_some() { loc.last().cloned() } else { None };
                match index.get(raw) {
                    Some(&i) => {
                        uses[i].count += 1;
                        if uses[i].entry.is_none() && uses[i].kind == kind {
                            uses[i].entry = entry;
                        }
                    }
                    None => {
                        index.insert(raw.to_string(), uses.len());
                        uses.push(Use { raw: raw.to_string(), kind, at: loc.to_vec(), count: 1, entry });
                    }
                }
            });
        }
        if uses.is_empty() {
            return Vec::new();
        }

        let mut next: Vec<(Vec<String>, Pos)> = Vec::new();
        let mut fixes: HashMap<String, Fix> = HashMap::new();
        let mut roots: Vec<(usize, Vec<String>)> = Vec::new();
        let mut pending: Vec<usize> = (0..uses.len()).collect();
        // Targets in other files are imported, shallowest first, then resolved again: a target
        // inside one imported in the same round is then found in the document.
        while !pending.is_empty() {
            let mut want: Vec<((usize, Vec<String>), usize)> = Vec::new();
            for &u in &pending {
                match self.resolve(&doc.document, &uses[u].raw) {
                    Ok(Place::Root(loc)) => roots.push((u, loc)),
                    Ok(Place::File(f, p)) => want.push(((f, p), u)),
                    Err(e) => self.error_at(&uses[u], e),
                }
            }
            pending.clear();
            want.sort_by(|a, b| (a.0.0, a.0.1.len(), &a.0.1).cmp(&(b.0.0, b.0.1.len(), &b.0.1)));
            for ((f, p), u) in want {
                let kind = uses[u].kind;
                if section(kind, d).is_none() {
                    if self.count_bundled(&uses[u]) {
                        let v = self.qualified(f, &p, kind);
                        fixes.insert(uses[u].raw.clone(), inline(v));
                    }
                    continue;
                }
                if self.imported_prefix(f, &p).is_none() {
                    if !self.count_bundled(&uses[u]) {
                        continue;
                    }
                    self.import(doc, f, &p, kind, uses[u].entry.clone(), &mut next);
                }
                pending.push(u);
            }
        }

        let mut hoists: Vec<Hoist> = Vec::new();
        let mut hoist_at: HashMap<Vec<String>, usize> = HashMap::new();
        for (u, loc) in roots {
            let use_ = &uses[u];
            if section(use_.kind, d).is_none() && kind_at(&loc, d) == Found::Known(use_.kind) {
                if self.count_bundled(use_) {
                    let v = get(&doc.document, &loc).cloned().unwrap_or(Value::Null);
                    fixes.insert(use_.raw.clone(), inline(v));
                }
                continue;
            }
            if is_component(&loc, d) {
                let (sec, name) = (&loc[loc.len() - 2], &loc[loc.len() - 1]);
                let r = if d == Dialect::Swagger2 { pointer_of(&loc) } else { component_ref(sec, name, d) };
                if r != use_.raw {
                    fixes.insert(use_.raw.clone(), Fix::Ref(r));
                }
                continue;
            }
            let found = kind_at(&loc, d);
            match found {
                Found::Container => {
                    let e = ref_error(
                        format!("`$ref: {}` points to {}, which is not a {}", use_.raw, pointer_of(&loc), use_.kind.noun()),
                        format!("refer to a {} (e.g. one under components)", use_.kind.noun()),
                    );
                    self.error_at(use_, e);
                    continue;
                }
                Found::Known(k) if k != use_.kind => {
                    let e = ref_error(
                        format!("`$ref: {}` points to a {} where a {} is expected", use_.raw, k.noun(), use_.kind.noun()),
                        format!("refer to a {}", use_.kind.noun()),
                    );
                    self.error_at(use_, e);
                    continue;
                }
                _ => {}
            }
            let Some(sec) = section(use_.kind, d) else {
                if self.count_bundled(use_) {
                    let v = get(&doc.document, &loc).cloned().unwrap_or(Value::Null);
                    fixes.insert(use_.raw.clone(), inline(v));
                }
                continue;
            };
            let h = match hoist_at.get(&loc) {
                Some(&h) => h,
                None => {
                    if !self.count_bundled(use_) {
                        continue;
                    }
                    let moved = matches!(found, Found::Known(_));
                    hoist_at.insert(loc.clone(), hoists.len());
                    hoists.push(Hoist { loc, kind: use_.kind, sec, moved, raws: Vec::new(), entry: None });
                    hoists.len() - 1
                }
            };
            let h = &mut hoists[h];
            h.raws.push(use_.raw.clone());
            if h.entry.is_none() && h.kind == use_.kind {
                h.entry = use_.entry.clone();
            }
        }
        let mut names: Vec<String> = Vec::with_capacity(hoists.len());
        for h in &hoists {
            let name = match &h.entry {
                Some(n) => n.clone(),
                None => {
                    let base = name_for(&doc.document, &h.loc, None, h.kind);
                    self.new_name(&doc.document, h.sec, &base)
                }
            };
            for raw in &h.raws {
                fixes.insert(raw.clone(), Fix::Ref(component_ref(h.sec, &name, d)));
            }
            names.push(name);
        }

        // Rewrite the references found (before anything moves, so the places scanned are where
        // they were).
        let mut copied = self.copied;
        let mut over: Option<Use> = None;
        for (at, pos) in scan {
            let Some(v) = get_mut(&mut doc.document, at) else { continue };
            let mut path = at.clone();
            walk(v, *pos, d, &mut path, &mut |node, kind, loc| {
                let Some(raw) = node.get("$ref").and_then(Value::as_str) else { return };
                match fixes.get(raw) {
                    Some(Fix::Ref(r)) => node["$ref"] = Value::String(r.clone()),
                    Some(Fix::Inline(content, nodes, depth)) => {
                        // Copies of copies can grow exponentially, or nest without end: their
                        // nodes are counted and their depth is capped as the parser's is.
                        copied += nodes;
                        if copied > MAX_COPIED_NODES || loc.len() + depth > MAX_DEPTH {
                            if over.is_none() {
                                over = Some(Use { raw: raw.to_string(), kind, at: loc.to_vec(), count: 1, entry: None });
                            }
                            return;
                        }
                        let mut merged = content.clone();
                        if let (Value::Object(m), Value::Object(o)) = (&mut merged, &*node) {
                            for (k, v) in o {
                                if k != "$ref" {
                                    m.insert(k.clone(), v.clone());
                                }
                            }
                        }
                        *node = merged;
                        next.push((loc.to_vec(), Pos::Item(kind)));
                    }
                    None => {}
                }
            });
        }
        self.copied = copied;
        if let Some(u) = over {
            let e = ref_error(
                format!("copies of referenced path items and callbacks exceed {MAX_COPIED_NODES} nodes or nest deeper than {MAX_DEPTH} levels (sdkgen's limits)"),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); path items that refer to each other without end cannot be copied",
            );
            self.error_at(&u, e);
        }

        // Move, deepest first: moving a target never changes the place of a shallower one.
        let mut order: Vec<usize> = (0..hoists.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(hoists[i].loc.len()));
        for i in order {
            let h = &hoists[i];
            let mut dest = section_path(h.sec, d);
            dest.push(names[i].clone());
            let reference = serde_json::json!({ "$ref": component_ref(h.sec, &names[i], d) });
            let content = match get_mut(&mut doc.document, &h.loc) {
                Some(v) if h.moved => std::mem::replace(v, reference),
                Some(v) => v.clone(),
                None => continue,
            };
            insert(&mut doc.document, &dest, content);
            doc.origins.record(pointer_of(&dest), 0, pointer_of(&h.loc));
            next.push((dest, Pos::Item(h.kind)));
        }
        next
    }

    /// Counts one more bundled object; past the limit, an error at the use.
    fn count_bundled(&mut self, use_: &Use) -> bool {
        self.bundled += 1;
        if self.bundled > MAX_BUNDLED {
            if self.bundled == MAX_BUNDLED + 1 {
                let e = ref_error(
                    format!("more than {MAX_BUNDLED} referenced definitions to bring into components (sdkgen's limit)"),
                    "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); refer to components directly",
                );
                self.error_at(use_, e);
            }
            return false;
        }
        true
    }

    fn error_at(&mut self, use_: &Use, e: RefError) {
        let more = match use_.count {
            1 => String::new(),
            2 => " (and 1 more use)".to_string(),
            n => format!(" (and {} more uses)", n - 1),
        };
        let mut at = pointer_of(&use_.at);
        at = diagnostics::join(&at, "$ref");
        self.errors.push(Diagnostic::error(at, format!("{}{more}", e.message)).with_help(e.help));
    }

    /// The location in the document a file location was imported to (it or an ancestor).
    fn imported_prefix(&self, f: usize, p: &[String]) -> Option<Vec<String>> {
        if self.imported.is_empty() {
            return None;
        }
        for n in (0..=p.len()).rev() {
            if let Some(dest) = self.imported.get(&(f, p[..n].to_vec())) {
                let mut loc = dest.clone();
                loc.extend_from_slice(&p[n..]);
                return Some(loc);
            }
        }
        None
    }

    /// Where a reference (relative to the root spec) leads, following references on the way
    /// (a pointer through a reference, a reference to a reference).
    fn resolve(&mut self, root: &Value, raw: &str) -> Result<Place, RefError> {
        let mut t = parse_ref(raw, None, self.root_name.as_deref())?;
        for _ in 0..MAX_REF_HOPS {
            let mut file = match &t.file {
                None => None,
                Some(path) => {
                    let path = path.clone();
                    Some(self.read(&path, raw)?)
                }
            };
            if let Some(f) = file {
                if let Some(loc) = self.imported_prefix(f, &t.pointer) {
                    t = Target { file: None, pointer: loc };
                    file = None;
                }
            }
            let value = match file {
                None => root,
                Some(f) => &self.files[f].value,
            };
            let mut cur = value;
            let mut through: Option<(String, usize)> = None;
            for (i, seg) in t.pointer.iter().enumerate() {
                let next = match cur {
                    Value::Object(o) => o.get(seg),
                    Value::Array(a) => seg.parse::<usize>().ok().and_then(|n| a.get(n)),
                    _ => None,
                };
                match next {
                    Some(n) => cur = n,
                    None => match cur.get("$ref").and_then(Value::as_str) {
                        Some(r) => {
                            through = Some((r.to_string(), i));
                            break;
                        }
                        None => {
                            let name = file.map_or("the document", |f| self.files[f].path.as_str());
                            return Err(ref_error(
                                format!("`$ref: {raw}` points nowhere: {name} has no {}", pointer_of(&t.pointer[..=i])),
                                "check the pointer: each segment names a key or an index (`/` in a key is written `~1`, `~` is `~0`)",
                            ));
                        }
                    },
                }
            }
            let base = file.map(|f| self.files[f].path.clone());
            if let Some((r, i)) = through {
                let mut next = parse_ref(&r, base.as_deref(), self.root_name.as_deref())?;
                next.pointer.extend_from_slice(&t.pointer[i..]);
                t = next;
                continue;
            }
            if let Some(r) = pure_ref(cur, self.d) {
                t = parse_ref(r, base.as_deref(), self.root_name.as_deref())?;
                continue;
            }
            return Ok(match file {
                None => Place::Root(t.pointer),
                Some(f) => Place::File(f, t.pointer),
            });
        }
        Err(ref_error(
            format!("`$ref: {raw}` is a chain of more than {MAX_REF_HOPS} references, or a cycle of references that never reaches a definition"),
            "make one of the references name the definition itself",
        ))
    }

    /// The index of a file read through the resolver, reading and parsing it the first time.
    fn read(&mut self, path: &str, raw: &str) -> Result<usize, RefError> {
        if let Some(&i) = self.by_path.get(path) {
            return Ok(i);
        }
        if self.files.len() >= MAX_REF_FILES {
            return Err(ref_error(
                format!("`$ref: {raw}` would read more than {MAX_REF_FILES} files (sdkgen's limit)"),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); bundle the files first",
            ));
        }
        let text = self.resolver.read(path).map_err(|e| {
            ref_error(
                format!("`$ref: {raw}`: cannot read `{path}`: {e}"),
                "files are read from the root spec's folder and its subfolders (widen with `--allow-ref-root DIR` or `allow_ref_root` in sdkgen.toml), never from the network",
            )
        })?;
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(ref_error(
                format!("`{path}` is larger than {} MiB (sdkgen's limit on a document)", MAX_DOCUMENT_BYTES >> 20),
                "split the file, or refer to smaller ones",
            ));
        }
        self.bytes += text.len();
        if self.bytes > MAX_REF_BYTES {
            return Err(ref_error(
                format!("`$ref: {raw}`: the files referred to exceed {} MiB in all (sdkgen's limit)", MAX_REF_BYTES >> 20),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md)",
            ));
        }
        let (value, warnings) = match crate::load::parse_value_with_warnings(&text) {
            Ok(v) => v,
            Err(mut e) => {
                e.file = Some(path.into());
                self.errors.push(e);
                return Err(ref_error(format!("`$ref: {raw}`: `{path}` is not valid YAML or JSON"), "fix the file (its error is reported in it)"));
            }
        };
        for mut w in warnings {
            w.file = Some(path.into());
            self.warnings.push(w);
        }
        self.by_path.insert(path.to_string(), self.files.len());
        self.files.push(File { path: path.to_string(), text, value });
        Ok(self.files.len() - 1)
    }

    /// A copy of a file location, its references rewritten relative to the root spec.
    fn qualified(&self, f: usize, p: &[String], kind: Kind) -> Value {
        let base = self.files[f].path.clone();
        let mut v = get(&self.files[f].value, p).cloned().unwrap_or(Value::Null);
        let root_name = self.root_name.as_deref();
        walk(&mut v, Pos::Item(kind), self.d, &mut Vec::new(), &mut |node, _, _| {
            let Some(raw) = node.get("$ref").and_then(Value::as_str) else { return };
            // A reference that cannot be parsed stays as written and is reported when its copy
            // is scanned.
            if let Ok(t) = parse_ref(raw, Some(&base), root_name) {
                node["$ref"] = Value::String(format_ref(&t));
            }
        });
        v
    }

    /// Copies a file location into the section of `kind`.
    fn import(&mut self, doc: &mut Normalized, f: usize, p: &[String], kind: Kind, entry: Option<String>, next: &mut Vec<(Vec<String>, Pos)>) {
        let Some(sec) = section(kind, self.d) else { return };
        let content = self.qualified(f, p, kind);
        let name = match entry {
            Some(n) => n,
            None => {
                let stem = self.files[f].path.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("").to_string();
                let base = name_for(&self.files[f].value, p, Some(&stem), kind);
                self.new_name(&doc.document, sec, &base)
            }
        };
        let mut dest = section_path(sec, self.d);
        dest.push(name);
        insert(&mut doc.document, &dest, content);
        doc.origins.record(pointer_of(&dest), f + 1, pointer_of(p));
        self.imported.insert((f, p.to_vec()), dest.clone());
        next.push((dest, Pos::Item(kind)));
    }

    /// `base`, or `base2`, `base3`, ...: the first name not taken in the section (names differing
    /// only in case count as taken).
    fn new_name(&mut self, doc: &Value, sec: &'static str, base: &str) -> String {
        let d = self.d;
        let taken = self.taken.entry(sec).or_insert_with(|| {
            get(doc, &section_path(sec, d)).and_then(Value::as_object).map(|o| o.keys().map(|k| k.to_ascii_lowercase()).collect()).unwrap_or_default()
        });
        let mut name = base.to_string();
        let mut n = 2;
        while taken.contains(&name.to_ascii_lowercase()) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(name.to_ascii_lowercase());
        name
    }
}

/// Sets the value at `loc`, creating the objects on the way.
fn insert(doc: &mut Value, loc: &[String], value: Value) {
    let mut cur = doc;
    for seg in &loc[..loc.len().saturating_sub(1)] {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(o) = cur else { return };
        cur = o.entry(seg.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let (Value::Object(o), Some(last)) = (cur, loc.last()) {
        o.insert(last.clone(), value);
    }
}

/// Words of a text: runs of ASCII letters and digits.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Words joined in PascalCase, at most 64 characters (the last words kept: they are the most
/// specific).
fn pascal(words: &[String]) -> String {
    let mut parts: Vec<String> = words
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    while parts.len() > 1 && parts.iter().map(String::len).sum::<usize>() > 64 {
        parts.remove(0);
    }
    let mut s: String = parts.concat();
    s.truncate(64);
    s
}

/// The name of a target at `loc` of `v` (a file's whole content when `loc` is empty): its `title`
/// when short, else the meaningful segments of its pointer (an operation's id instead of its path
/// and method, a property's name, `Item` for array items, ...).
fn name_for(v: &Value, loc: &[String], file_stem: Option<&str>, kind: Kind) -> String {
    if kind == Kind::Schema {
        if let Some(t) = get(v, loc).and_then(|t| t.get("title")).and_then(Value::as_str) {
            let w = words(t);
            if !w.is_empty() && w.len() <= 6 && t.len() <= 48 {
                return pascal(&w);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    if loc.is_empty() {
        out.extend(words(file_stem.unwrap_or("")));
    }
    let mut i = 0;
    while i < loc.len() {
        let seg = loc[i].as_str();
        let next = loc.get(i + 1);
        match seg {
            "paths" | "webhooks" if i == 0 => {
                let Some(path) = next else { break };
                let method = loc.get(i + 2).filter(|m| METHODS.contains(&m.as_str()));
                let op_id = method.and_then(|m| get(v, &loc[..i + 3]).and_then(|op| op.get("operationId")).and_then(Value::as_str).map(|s| (s, m)));
                match op_id {
                    Some((id, _)) => out.extend(words(id)),
                    None => {
                        out.extend(words(path));
                        if let Some(m) = method {
                            out.push(m.clone());
                        }
                    }
                }
                i += if method.is_some() { 3 } else { 2 };
                continue;
            }
            "components" if i == 0 => {
                if let Some(name) = loc.get(2) {
                    out.extend(words(name));
                }
                i += 3;
                continue;
            }
            "definitions" | "parameters" | "responses" if i == 0 => {
                out.extend(next.map(|n| words(n)).unwrap_or_default());
                i += 2;
                continue;
            }
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" | "headers" | "callbacks" | "links" | "examples" => {
                out.extend(next.map(|n| words(n)).unwrap_or_default());
                i += 2;
                continue;
            }
            "parameters" => {
                let name = get(v, &loc[..(i + 2).min(loc.len())]).and_then(|p| p.get("name")).and_then(Value::as_str);
                match name {
                    Some(n) => out.extend(words(n)),
                    None => out.push(format!("Parameter{}", next.map_or("", String::as_str))),
                }
                i += 2;
                continue;
            }
            "responses" => {
                out.push("Response".into());
                if let Some(code) = next.filter(|c| !c.starts_with('2')) {
                    out.extend(words(code));
                }
                i += 2;
                continue;
            }
            "content" => {
                i += 2;
                continue;
            }
            "requestBody" => out.push("Request".into()),
            "schema" => {}
            "items" => out.push("Item".into()),
            "additionalProperties" => out.push("Value".into()),
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {}
            s => out.extend(words(s)),
        }
        i += 1;
    }
    let name = pascal(&out);
    if name.is_empty() { kind.default_name().to_string() } else { name }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;
    use crate::normalize::{normalize, Dialect};

    /// Files in memory.
    struct Files(HashMap<&'static str, &'static str>);

    impl Resolver for Files {
        fn read(&self, path: &str) -> Result<String, String> {
            self.0.get(path).map(|s| s.to_string()).ok_or_else(|| "no such file".into())
        }
        fn root_name(&self) -> Option<String> {
            Some("openapi.yaml".into())
        }
    }

    fn run(root: &str, files: &[(&'static str, &'static str)]) -> Result<Normalized, Vec<Diagnostic>> {
        let v = crate::load::parse_value(root).unwrap();
        let d = Dialect::of(&v).unwrap();
        normalize(v, d, &Files(files.iter().copied().collect()))
    }

    fn schemas(n: &Normalized) -> Vec<&str> {
        n.document["components"]["schemas"].as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_property_becomes_one_component_for_both_places() {
        let spec = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: string, enum: [x]}}}}}}\n    C: {{type: object, properties: {{b: {{$ref: '#/components/schemas/A/properties/b'}}}}}}\n"
        );
        let n = run(&spec, &[]).unwrap();
        assert_eq!(schemas(&n), ["A", "C", "AB"]);
        let doc = &n.document["components"]["schemas"];
        assert_eq!(doc["A"]["properties"]["b"], json!({"$ref": "#/components/schemas/AB"}));
        assert_eq!(doc["C"]["properties"]["b"], json!({"$ref": "#/components/schemas/AB"}));
        assert_eq!(doc["AB"], json!({"type": "string", "enum": ["x"]}));
        assert_eq!(n.origins.resolve("#/components/schemas/AB/enum"), (0, "#/components/schemas/A/properties/b/enum".into()));
    }

    #[test]
    fn names_are_unique_and_titles_win() {
        let spec = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    AB: {{type: integer}}\n    ab2: {{type: integer}}\n    A: {{properties: {{b: {{type: string}}, t: {{title: Fancy name, type: string}}}}}}\n    C: {{properties: {{b: {{$ref: '#/components/schemas/A/properties/b'}}, t: {{$ref: '#/components/schemas/A/properties/t'}}}}}}\n"
        );
        let n = run(&spec, &[]).unwrap();
        assert_eq!(schemas(&n), ["AB", "ab2", "A", "C", "AB3", "FancyName"]);
    }

    #[test]
    fn references_through_references_to_references_and_cycles() {
        // `Alias/properties/x` passes through Alias's reference; `P` is a reference to a reference;
        // the hoisted schema refers to itself.
        let spec = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters: [{{$ref: '#/components/parameters/Q'}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{next: {{$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}}}}}}}}}}}}\n\
             components:\n  parameters:\n    Q: {{name: q, in: query, schema: {{type: string}}}}\n    P: {{$ref: '#/paths/~1a/get/parameters/0'}}\n  schemas:\n    B: {{properties: {{x: {{type: integer}}}}}}\n    Alias: {{$ref: '#/components/schemas/B'}}\n    D: {{properties: {{y: {{$ref: '#/components/schemas/Alias/properties/x'}}}}}}\n"
        );
        let n = run(&spec, &[]).unwrap();
        let doc = &n.document;
        assert_eq!(doc["components"]["parameters"]["P"], json!({"$ref": "#/components/parameters/Q"}));
        assert_eq!(doc["components"]["schemas"]["D"]["properties"]["y"], json!({"$ref": "#/components/schemas/BX"}));
        assert_eq!(doc["components"]["schemas"]["B"]["properties"]["x"], json!({"$ref": "#/components/schemas/BX"}));
        let hoisted = &doc["components"]["schemas"]["GetAResponse"];
        assert_eq!(hoisted["properties"]["next"], json!({"$ref": "#/components/schemas/GetAResponse"}));
        assert_eq!(doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({"$ref": "#/components/schemas/GetAResponse"}));
    }

    #[test]
    fn a_cycle_of_references_and_a_dangling_pointer_are_errors() {
        let spec = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{properties: {{x: {{$ref: '#/components/schemas/B/properties/y'}}, z: {{$ref: '#/components/schemas/A/properties/nope'}}}}}}\n    B: {{properties: {{y: {{$ref: '#/components/schemas/A/properties/x'}}}}}}\n"
        );
        let errors = run(&spec, &[]).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(errors[0].message.contains("cycle of references"), "{}", errors[0].message);
        assert_eq!(errors[0].pointer, "#/components/schemas/A/properties/x/$ref");
        assert!(errors[1].message.contains("points nowhere: the document has no #/components/schemas/A/properties/nope"), "{}", errors[1].message);
    }

    #[test]
    fn a_reference_of_the_wrong_kind_is_an_error() {
        let spec = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      responses:\n        '200': {{$ref: '#/paths/~1a/get/parameters/0'}}\n"
        );
        let errors = run(&spec, &[]).unwrap_err();
        assert!(errors[0].message.contains("points to a parameter where a response is expected"), "{}", errors[0].message);
    }

    #[test]
    fn swagger_2_sections() {
        let spec = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: string}]\n      responses:\n        '200': {description: ok, schema: {type: object, properties: {b: {type: string}}}}\n  /b:\n    get:\n      parameters: [{$ref: '#/paths/~1a/get/parameters/0'}]\n      responses:\n        '200': {description: ok, schema: {$ref: '#/paths/~1a/get/responses/200/schema/properties/b'}}\n        '404': {$ref: '#/paths/~1a/get/responses/200'}\n";
        let mut n = Normalized { document: crate::load::parse_value(spec).unwrap(), origins: Origins::default(), others: Vec::new(), diagnostics: Vec::new() };
        bundle(&mut n, &Files(HashMap::new())).unwrap();
        let doc = &n.document;
        assert_eq!(doc["definitions"]["AGetResponseB"], json!({"type": "string"}));
        assert_eq!(doc["parameters"]["AGetQ"]["name"], "q");
        assert_eq!(doc["responses"]["AGetResponse"]["description"], "ok");
        let b = &doc["paths"]["/b"]["get"];
        assert_eq!(b["parameters"][0], json!({"$ref": "#/parameters/AGetQ"}));
        assert_eq!(b["responses"]["200"]["schema"], json!({"$ref": "#/definitions/AGetResponseB"}));
        assert_eq!(b["responses"]["404"], json!({"$ref": "#/responses/AGetResponse"}));
    }

    #[test]
    fn openapi_31_defs_and_percent_encoded_pointers() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A/$defs/Inner'}}}}\n  /b:\n    get:\n      responses:\n        '200': {$ref: '#/paths/~1a~1%7Bid%7D/get/responses/200'}\ncomponents:\n  schemas:\n    A: {$defs: {Inner: {type: string}}, properties: {i: {$ref: '#/components/schemas/A/$defs/Inner', description: kept}}}\n";
        let n = run(spec, &[]).unwrap();
        let doc = &n.document;
        assert_eq!(doc["components"]["schemas"]["AInner"], json!({"type": "string"}));
        assert_eq!(doc["components"]["schemas"]["A"]["properties"]["i"], json!({"$ref": "#/components/schemas/AInner", "description": "kept"}));
        assert_eq!(doc["paths"]["/b"]["get"]["responses"]["200"], json!({"$ref": "#/components/responses/AIdGetResponse"}));
    }

    #[test]
    fn other_files_are_read_once_and_imported_under_their_names() {
        let root = format!("{HEAD}paths:\n  /p:\n    $ref: 'paths/p.yaml'\ncomponents:\n  schemas:\n    Pet: {{$ref: 'models/pet.yaml'}}\n");
        let files = [
            ("paths/p.yaml", "get:\n  responses:\n    '200': {description: ok, content: {application/json: {schema: {$ref: '../models/pet.yaml'}}}}\n"),
            ("models/pet.yaml", "type: object\nproperties:\n  kind: {$ref: 'common.yaml#/Kind'}\n  parent: {$ref: '#'}\n  back: {$ref: '../openapi.yaml#/components/schemas/Pet'}\n"),
            ("models/common.yaml", "Kind: {type: string}\n"),
        ];
        let n = run(&root, &files).unwrap();
        let doc = &n.document;
        let names: Vec<&str> = n.others.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["paths/p.yaml", "models/pet.yaml", "models/common.yaml"]);
        assert_eq!(schemas(&n), ["Pet", "Kind"]);
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["kind"], json!({"$ref": "#/components/schemas/Kind"}));
        assert_eq!(pet["properties"]["parent"], json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(pet["properties"]["back"], json!({"$ref": "#/components/schemas/Pet"}));
        // The path item is copied in place.
        assert_eq!(doc["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(n.origins.resolve("#/components/schemas/Kind/type"), (3, "#/Kind/type".into()));
        assert_eq!(n.origins.resolve("#/components/schemas/Pet/properties"), (2, "#/properties".into()));
    }

    #[test]
    fn file_references_that_cannot_be_read() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'http://example.com/a.yaml'}}\n    B: {{$ref: 'C:/x.yaml'}}\n    C: {{$ref: 'nope.yaml'}}\n    D: {{$ref: 'x.yaml#name'}}\n    E: {{$ref: 'a\\\\b.yaml'}}\n"
        );
        let errors = run(&root, &[]).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages[0].contains("refers to the network"), "{messages:?}");
        assert!(messages[1].contains("absolute path"), "{messages:?}");
        assert!(messages[2].contains("cannot read `nope.yaml`: no such file"), "{messages:?}");
        assert!(messages[3].contains("plain-name fragment"), "{messages:?}");
        assert!(messages[4].contains("`\\`"), "{messages:?}");
    }

    #[test]
    fn a_path_item_is_copied_in_place() {
        let spec = format!("{HEAD}paths:\n  /a:\n    $ref: '#/x-paths/a'\n    summary: kept\nx-paths:\n  a:\n    summary: replaced\n    get: {{operationId: a, responses: {{'200': {{description: ok}}}}}}\n");
        let n = run(&spec, &[]).unwrap();
        assert_eq!(n.document["paths"]["/a"]["get"]["operationId"], "a");
        assert_eq!(n.document["paths"]["/a"]["summary"], "kept");
        assert!(n.document["paths"]["/a"].get("$ref").is_none());
    }

    #[test]
    fn a_callback_is_copied_in_place() {
        let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks: {{onEvent: {{$ref: '#/components/callbacks/Ev'}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  callbacks:\n    Ev: {{'{{$request.body#/url}}': {{post: {{responses: {{'200': {{description: ok}}}}}}}}}}\n");
        let n = run(&spec, &[]).unwrap();
        let cb = &n.document["paths"]["/a"]["post"]["callbacks"]["onEvent"];
        assert_eq!(cb["{$request.body#/url}"]["post"]["responses"]["200"]["description"], "ok", "{cb}");
    }

    #[test]
    fn discriminator_mappings_follow_their_targets() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{{$ref: 'dog.yaml'}}, {{$ref: '#/components/schemas/Cat'}}]\n      discriminator: {{propertyName: kind, mapping: {{dog: 'dog.yaml', cat: Cat}}}}\n    Cat: {{type: object, properties: {{kind: {{type: string}}}}}}\n"
        );
        let n = run(&root, &[("dog.yaml", "title: Dog\ntype: object\nproperties: {kind: {type: string}}\n")]).unwrap();
        let pet = &n.document["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"]["mapping"], json!({"dog": "#/components/schemas/Dog", "cat": "Cat"}));
        assert_eq!(pet["oneOf"][0], json!({"$ref": "#/components/schemas/Dog"}));
    }

    #[test]
    fn path_items_that_copy_each_other_without_end_are_stopped() {
        // Each copy of `/a` holds two callbacks that copy `/a` again: 2^n copies.
        let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        one: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n        two: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n      responses: {{'200': {{description: ok}}}}\n");
        let errors = run(&spec, &[]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("exceed")), "{errors:#?}");
    }

    #[test]
    fn path_items_that_nest_copies_without_end_are_stopped() {
        let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        one: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n      responses: {{'200': {{description: ok}}}}\n");
        let errors = run(&spec, &[]).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("deeper than 128")), "{errors:#?}");
    }

    #[test]
    fn paths_join_within_the_tree() {
        assert_eq!(join_path("models", "../shared/x.json"), "shared/x.json");
        assert_eq!(join_path("", "./a/./b//c.yaml"), "a/b/c.yaml");
        assert_eq!(join_path("a", "../../x.yaml"), "../x.yaml");
    }

    #[test]
    fn the_number_of_files_is_limited() {
        // A chain of files, each referring to the next: one more than the limit.
        struct Chain;
        impl Resolver for Chain {
            fn read(&self, path: &str) -> Result<String, String> {
                let n: usize = path.trim_start_matches('f').trim_end_matches(".yaml").parse().map_err(|_| "no")?;
                Ok(format!("type: object\nproperties: {{next: {{$ref: 'f{}.yaml'}}}}\n", n + 1))
            }
        }
        let root = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'f0.yaml'}}\n");
        let v = crate::load::parse_value(&root).unwrap();
        let errors = normalize(v, Dialect::OpenApi30, &Chain).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("more than 1000 files"), "{}", errors[0].message);
        assert_eq!(errors[0].file.as_deref(), Some("f999.yaml"));
    }
}
