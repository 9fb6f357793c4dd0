//! Which operations page, and how: [`crate::ir::Pagination`] on each paged operation. Never
//! panics and never rejects a spec: a declaration that does not fit the operation is a warning
//! (pointer, message, help) and the operation is generated without paging.
//!
//! Sources, the first that is present wins:
//! 1. `sdkgen.toml`: `[pagination.<operationId>]` ([`PaginationConfig`]);
//! 2. `x-sdkgen-pagination` on the operation (the same keys);
//! 3. `x-speakeasy-pagination` (`type: cursor | offsetLimit | url`, `inputs`, `outputs` with
//!    JSONPath `$.a.b`);
//! 4. `x-fern-pagination` (`cursor: $request.x` + `next_cursor: $response.y`, `offset:
//!    $request.x` with or without `step:`, `next_uri`/`next_path`, `results`, `has-next-page`);
//! 5. heuristics, only when unambiguous (GET operations): a query parameter named like a cursor
//!    (`cursor`, `page_token`, `next_token`, `continuation_token`, any case) with a top-level
//!    string response property named like a next cursor (`next_cursor`, `next_page_token`,
//!    `next_token`, `next_continuation_token`) and exactly one array property; or a documented
//!    `Link` response header with an array body (or exactly one array property). An operation
//!    that has the parameter and the property, or the header, but not one array is not paged,
//!    with a warning saying why.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{self, Diagnostic};
use crate::ir::*;
use crate::settings::{PaginationConfig, Settings};

/// The extensions read, in order of precedence.
pub const SDKGEN: &str = "x-sdkgen-pagination";
/// Speakeasy's extension.
pub const SPEAKEASY: &str = "x-speakeasy-pagination";
/// Fern's extension.
pub const FERN: &str = "x-fern-pagination";

/// Sets `pagination` on every operation of `services` that pages.
pub fn apply(spec: &OpenAPI, services: &mut [Service], types: &TypeSpace, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let mut extensions: BTreeMap<String, &indexmap::IndexMap<String, serde_json::Value>> = BTreeMap::new();
    for (path, item) in spec.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        let item_pointer = diagnostics::join("#/paths", path);
        for (method, op) in item.iter() {
            extensions.insert(diagnostics::join(&item_pointer, method), &op.extensions);
        }
    }
    for id in settings.pagination.keys() {
        if !services.iter().flat_map(|s| &s.operations).any(|o| &o.operation_id == id) {
            diagnostics.push(
                Diagnostic::warning("#/paths", format!("sdkgen.toml `[pagination.{id}]` names no operation of the spec"))
                    .with_help("use the operationId of a generated operation"),
            );
        }
    }
    for op in services.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        let declared = match settings.pagination.get(&op.operation_id) {
            Some(c) => Some(from_config(c, PaginationSource::Config, &op.pointer)),
            None => extensions.get(&op.pointer).and_then(|ext| from_extensions(ext, &op.pointer)),
        };
        op.pagination = match declared {
            Some(Ok(d)) => match check(d, op, types) {
                Ok(p) => Some(p),
                Err(problem) => {
                    diagnostics.push(problem.diagnostic());
                    None
                }
            },
            Some(Err(problem)) => {
                diagnostics.push(problem.diagnostic());
                None
            }
            None => heuristic(op, types, diagnostics),
        };
    }
}

/// Why a declaration cannot be used.
struct Problem {
    pointer: String,
    message: String,
    help: String,
}

impl Problem {
    fn new(pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem { pointer: pointer.to_string(), message: message.into(), help: help.into() }
    }

    fn diagnostic(self) -> Diagnostic {
        Diagnostic::warning(self.pointer, format!("{}; the operation is generated without paging", self.message)).with_help(self.help)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Cursor,
    Offset,
    Page,
    Link,
    NextUrl,
}

/// A declaration, before it is checked against the operation.
struct Declared {
    source: PaginationSource,
    /// Where it is written (an extension, or the operation for `sdkgen.toml`).
    at: String,
    kind: Kind,
    param: Option<String>,
    limit: Option<String>,
    next: Option<PageSource>,
    items: Option<String>,
    has_more: Option<String>,
    first: Option<i64>,
}

impl Declared {
    fn new(source: PaginationSource, at: &str, kind: Kind) -> Self {
        Declared { source, at: at.to_string(), kind, param: None, limit: None, next: None, items: None, has_more: None, first: None }
    }

    /// `sdkgen.toml` problems name the table; extension problems point at the extension.
    fn describe(&self, what: &str) -> String {
        match &self.source {
            PaginationSource::Config => format!("sdkgen.toml `[pagination]` of this operation: {what}"),
            other => format!("`{other}`: {what}"),
        }
    }
}

fn from_extensions(ext: &indexmap::IndexMap<String, serde_json::Value>, op_pointer: &str) -> Option<Result<Declared, Problem>> {
    if let Some(v) = ext.get(SDKGEN) {
        let at = format!("{op_pointer}/{SDKGEN}");
        return Some(match serde_json::from_value::<PaginationConfig>(v.clone()) {
            Ok(c) => from_config(&c, PaginationSource::Extension(SDKGEN.into()), &at),
            Err(e) => Err(Problem::new(&at, format!("`{SDKGEN}` is not valid: {e}"), SDKGEN_HELP)),
        });
    }
    if let Some(v) = ext.get(SPEAKEASY) {
        return Some(speakeasy(v, &format!("{op_pointer}/{SPEAKEASY}")));
    }
    if let Some(v) = ext.get(FERN) {
        return Some(fern(v, &format!("{op_pointer}/{FERN}")));
    }
    None
}

const SDKGEN_HELP: &str = "keys: style (cursor, offset, page, link, next_url), param, limit_param, next ($response.body#/pointer or $response.header.Name), items ($response.body#/pointer), has_more, first_page";

fn from_config(c: &PaginationConfig, source: PaginationSource, at: &str) -> Result<Declared, Problem> {
    let kind = match c.style.as_str() {
        "cursor" => Kind::Cursor,
        "offset" => Kind::Offset,
        "page" => Kind::Page,
        "link" => Kind::Link,
        "next_url" => Kind::NextUrl,
        other => {
            let d = Declared::new(source, at, Kind::Link);
            return Err(Problem::new(at, d.describe(&format!("unknown style `{other}`")), SDKGEN_HELP));
        }
    };
    let mut d = Declared::new(source, at, kind);
    d.param = c.param.clone();
    d.limit = c.limit_param.clone();
    d.first = c.first_page;
    if let Some(n) = &c.next {
        d.next = Some(response_ref(n).ok_or_else(|| Problem::new(at, d.describe(&format!("`next: {n}` is not `$response.body#/pointer` or `$response.header.Name`")), SDKGEN_HELP))?);
    }
    for (key, value, slot) in [("items", &c.items, &mut d.items), ("has_more", &c.has_more, &mut d.has_more)] {
        if let Some(v) = value {
            match response_ref(v) {
                Some(PageSource::Body(p)) => *slot = Some(p),
                _ => return Err(Problem::new(at, format!("`{key}: {v}` is not a place in the response body"), "write `$response.body#/pointer` or a JSON pointer such as `/data`")),
            }
        }
    }
    Ok(d)
}

/// `x-speakeasy-pagination`: `type` (`cursor`, `offsetLimit`, `url`), `inputs` (`name`, `in:
/// parameters`, `type`: `cursor`, `offset`, `page`, `limit`), `outputs` (`results`,
/// `nextCursor`, `nextUrl`, JSONPath).
fn speakeasy(v: &serde_json::Value, at: &str) -> Result<Declared, Problem> {
    let help = "Speakeasy's form: `type: cursor | offsetLimit | url`, `inputs: [{name, in: parameters, type: cursor | offset | page | limit}]`, `outputs: {results: $.data, nextCursor: $.next}`";
    let source = PaginationSource::Extension(SPEAKEASY.into());
    let ty = v.get("type").and_then(|t| t.as_str()).unwrap_or_default();
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (i, input) in v.get("inputs").and_then(|x| x.as_array()).into_iter().flatten().enumerate() {
        let name = input.get("name").and_then(|x| x.as_str()).unwrap_or_default();
        let kind = input.get("type").and_then(|x| x.as_str()).unwrap_or_default();
        if let Some(place) = input.get("in").and_then(|x| x.as_str()).filter(|p| *p != "parameters") {
            return Err(Problem::new(&format!("{at}/inputs/{i}/in"), format!("`{SPEAKEASY}`: inputs `in: {place}` are not supported (only `parameters`)"), "page with a query or header parameter"));
        }
        inputs.push((kind.to_string(), name.to_string()));
    }
    let input = |k: &str| inputs.iter().find(|(kind, _)| kind == k).map(|(_, n)| n.clone());
    let outputs = v.get("outputs");
    let output = |k: &str| outputs.and_then(|o| o.get(k)).and_then(|x| x.as_str());
    let kind = match ty {
        "cursor" => Kind::Cursor,
        "url" => Kind::NextUrl,
        "offsetLimit" if input("offset").is_some() => Kind::Offset,
        "offsetLimit" if input("page").is_some() => Kind::Page,
        "offsetLimit" => return Err(Problem::new(&format!("{at}/inputs"), format!("`{SPEAKEASY}`: `offsetLimit` needs an input of type `offset` or `page`"), help)),
        other => return Err(Problem::new(&format!("{at}/type"), format!("`{SPEAKEASY}`: unknown type `{other}`"), help)),
    };
    let mut d = Declared::new(source, at, kind);
    d.param = match kind {
        Kind::Cursor => input("cursor"),
        Kind::Offset => input("offset"),
        Kind::Page => input("page"),
        _ => None,
    };
    d.limit = input("limit");
    let next_key = match kind {
        Kind::Cursor => Some("nextCursor"),
        Kind::NextUrl => Some("nextUrl"),
        _ => None,
    };
    if let Some(key) = next_key {
        let Some(path) = output(key) else { return Err(Problem::new(&format!("{at}/outputs"), format!("`{SPEAKEASY}`: `outputs.{key}` is missing"), help)) };
        d.next = Some(PageSource::Body(json_path(path).ok_or_else(|| Problem::new(&format!("{at}/outputs/{key}"), format!("`{SPEAKEASY}`: `{path}` is not a JSONPath such as `$.next`"), help))?));
    }
    if let Some(path) = output("results") {
        d.items = Some(json_path(path).ok_or_else(|| Problem::new(&format!("{at}/outputs/results"), format!("`{SPEAKEASY}`: `{path}` is not a JSONPath such as `$.data`"), help))?);
    }
    Ok(d)
}

/// `x-fern-pagination`: `cursor: $request.x` + `next_cursor: $response.y`, `offset: $request.x`
/// (a page number, or an offset advanced by the items when `step: $request.size` is given),
/// `next_uri` / `next_path`, `results: $response.z`, `has-next-page: $response.more`.
fn fern(v: &serde_json::Value, at: &str) -> Result<Declared, Problem> {
    let help = "Fern's form: `cursor: $request.cursor`, `next_cursor: $response.next`, `results: $response.data` (or `offset: $request.page`, `step: $request.size`)";
    let source = PaginationSource::Extension(FERN.into());
    let text = |k: &str| v.get(k).and_then(|x| x.as_str());
    let request = |k: &str| -> Result<Option<String>, Problem> {
        match text(k) {
            None => Ok(None),
            Some(t) => match t.strip_prefix("$request.") {
                Some(name) if !name.is_empty() && !name.contains('.') => Ok(Some(name.to_string())),
                _ => Err(Problem::new(&format!("{at}/{k}"), format!("`{FERN}`: `{k}: {t}` is not `$request.<parameter>`"), help)),
            },
        }
    };
    let response = |k: &str| -> Result<Option<String>, Problem> {
        match text(k) {
            None => Ok(None),
            Some(t) => match response_ref(t) {
                Some(PageSource::Body(p)) => Ok(Some(p)),
                _ => Err(Problem::new(&format!("{at}/{k}"), format!("`{FERN}`: `{k}: {t}` is not `$response.<field>`"), help)),
            },
        }
    };
    let (kind, param) = if let Some(c) = request("cursor")? {
        (Kind::Cursor, Some(c))
    } else if let Some(o) = request("offset")? {
        (if text("step").is_some() { Kind::Offset } else { Kind::Page }, Some(o))
    } else if text("next_uri").is_some() || text("next_path").is_some() {
        (Kind::NextUrl, None)
    } else {
        return Err(Problem::new(at, format!("`{FERN}` has none of `cursor`, `offset`, `next_uri`, `next_path`"), help));
    };
    let mut d = Declared::new(source, at, kind);
    d.param = param;
    d.limit = request("step")?;
    d.items = response("results")?;
    d.has_more = response("has-next-page")?;
    let next_key = match kind {
        Kind::Cursor => Some("next_cursor"),
        Kind::NextUrl => Some(if text("next_uri").is_some() { "next_uri" } else { "next_path" }),
        _ => None,
    };
    if let Some(key) = next_key {
        match response(key)? {
            Some(p) => d.next = Some(PageSource::Body(p)),
            None => return Err(Problem::new(at, format!("`{FERN}`: `{key}` is missing"), help)),
        }
    }
    Ok(d)
}

/// A place in the response: `$response.body#/a/b`, `$response.header.Name`, `$response.a.b`
/// (Fern), `$.a.b` (JSONPath), or a JSON pointer (`/a/b`, `""`).
fn response_ref(text: &str) -> Option<PageSource> {
    let t = text.trim();
    if let Some(name) = t.strip_prefix("$response.header.") {
        return (!name.is_empty()).then(|| PageSource::Header(name.to_string()));
    }
    if let Some(p) = t.strip_prefix("$response.body#") {
        return pointer(p).map(PageSource::Body);
    }
    if t == "$response.body" {
        return Some(PageSource::Body(String::new()));
    }
    if let Some(dotted) = t.strip_prefix("$response.") {
        return dotted_pointer(dotted).map(PageSource::Body);
    }
    if t.starts_with('$') {
        return json_path(t).map(PageSource::Body);
    }
    pointer(t).map(PageSource::Body)
}

/// A JSON pointer (`""`, `/a/b`).
fn pointer(p: &str) -> Option<String> {
    (p.is_empty() || p.starts_with('/')).then(|| p.to_string())
}

/// JSONPath `$`, `$.a.b` → JSON pointer.
fn json_path(p: &str) -> Option<String> {
    match p.trim().strip_prefix('$')? {
        "" => Some(String::new()),
        rest => dotted_pointer(rest.strip_prefix('.')?),
    }
}

/// `a.b` → `/a/b`.
fn dotted_pointer(dotted: &str) -> Option<String> {
    let mut out = String::new();
    for seg in dotted.split('.') {
        if seg.is_empty() || seg.contains(['[', ']', '*']) {
            return None;
        }
        out.push('/');
        out.push_str(&diagnostics::escape_segment(seg));
    }
    Some(out)
}

/// The JSON body type of the operation's success response (the lowest 2xx with content).
fn success_body(op: &Operation) -> Option<TypeId> {
    let mut ok: Vec<&Response> = op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()).collect();
    ok.sort_by_key(|r| match r.status {
        Status::Code(c) => c,
        Status::Range(r) => r * 100,
        Status::Default => 999,
    });
    let c = ok.iter().find_map(|r| r.content.as_ref())?;
    if c.kind == BodyKind::Json { c.ty } else { None }
}

/// The type at a JSON pointer inside `ty` (object properties by wire name, `allOf` merged).
fn type_at(types: &TypeSpace, ty: TypeId, pointer: &str) -> Result<TypeId, String> {
    let mut cur = ty;
    if pointer.is_empty() {
        return Ok(cur);
    }
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        let id = types.resolve(cur);
        cur = match &types.get(id).kind {
            TypeKind::Object(o) => match o.properties.iter().find(|p| p.name == seg) {
                Some(p) => p.ty,
                None => return Err(format!("the response has no property `{seg}`")),
            },
            TypeKind::Array { items } if seg.parse::<usize>().is_ok() => *items,
            _ => return Err(format!("`{seg}` is not inside an object of the response")),
        };
    }
    Ok(cur)
}

fn primitive(types: &TypeSpace, ty: TypeId) -> Option<Primitive> {
    match &types.get(types.resolve(ty)).kind {
        TypeKind::Primitive { primitive, .. } => Some(*primitive),
        TypeKind::Enum(e) => Some(if e.repr == EnumRepr::String { Primitive::String } else { Primitive::I64 }),
        _ => None,
    }
}

fn is_integer(p: Primitive) -> bool {
    matches!(p, Primitive::I32 | Primitive::I64 | Primitive::U64 | Primitive::I128 | Primitive::U128)
}

/// Checks a declaration against the operation and its types.
fn check(d: Declared, op: &Operation, types: &TypeSpace) -> Result<Pagination, Problem> {
    let at = d.at.clone();
    let body = success_body(op).ok_or_else(|| Problem::new(&at, d.describe("the operation has no JSON success body to page through"), "page operations whose 2xx response is a JSON object or array"))?;
    let mut bodies: Vec<(BodyKind, Option<TypeId>)> = op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()).filter_map(|r| r.content.as_ref()).map(|c| (c.kind, c.ty)).collect();
    bodies.dedup();
    if bodies.len() > 1 {
        return Err(Problem::new(&at, d.describe("the operation's 2xx responses have different bodies"), "page operations whose success responses share one JSON body"));
    }
    if op.request_body.as_ref().is_some_and(|b| !matches!(b.content.kind, BodyKind::Json | BodyKind::Form)) {
        return Err(Problem::new(&at, d.describe("the request body is neither JSON nor a form, so it cannot be sent again for each page"), "page operations without a body or with a JSON or form body"));
    }
    let find_param = |name: &str, what: &str| -> Result<(PageParam, TypeId, &Parameter), Problem> {
        let p = op
            .parameters
            .iter()
            .find(|p| p.name == name && matches!(p.location, ParameterLocation::Query | ParameterLocation::Header))
            .ok_or_else(|| Problem::new(&at, d.describe(&format!("the {what} parameter `{name}` is not a query or header parameter of the operation")), "name one of the operation's query or header parameters"))?;
        Ok((PageParam { name: p.name.clone(), location: p.location }, p.ty, p))
    };
    let need_param = |what: &str| -> Result<String, Problem> {
        d.param.clone().ok_or_else(|| Problem::new(&at, d.describe(&format!("the {what} parameter is missing")), "name the request parameter that asks for the next page"))
    };
    let integer_param = |name: &str, what: &str| -> Result<(PageParam, &Parameter), Problem> {
        let (p, ty, param) = find_param(name, what)?;
        if !primitive(types, ty).is_some_and(is_integer) {
            return Err(Problem::new(&at, d.describe(&format!("the {what} parameter `{name}` is not an integer")), "offsets, page numbers and page sizes are integers"));
        }
        Ok((p, param))
    };
    let limit = match &d.limit {
        Some(l) => Some(integer_param(l, "page size")?.0),
        None => None,
    };
    let check_next = |next: &PageSource, want_url: bool| -> Result<(), Problem> {
        if let PageSource::Body(p) = next {
            let ty = type_at(types, body, p).map_err(|e| Problem::new(&at, d.describe(&format!("next `{p}`: {e}")), "point at a string property of the success body"))?;
            let ok = match primitive(types, ty) {
                Some(Primitive::String | Primitive::Any) => true,
                Some(p) => !want_url && is_integer(p),
                None => false,
            };
            if !ok {
                return Err(Problem::new(&at, d.describe(&format!("next `{p}` is not a {}", if want_url { "string" } else { "string or integer" })), "point at the property that holds the next cursor or URL"));
            }
        }
        Ok(())
    };
    let need_next = || d.next.clone().ok_or_else(|| Problem::new(&at, d.describe("where a page gives what comes next (`next`) is missing"), "write `$response.body#/next_cursor` or `$response.header.Name`"));
    let style = match d.kind {
        Kind::Cursor => {
            let param = find_param(&need_param("cursor")?, "cursor")?.0;
            let next = need_next()?;
            check_next(&next, false)?;
            PaginationStyle::Cursor { param, next }
        }
        Kind::Offset => PaginationStyle::Offset { param: integer_param(&need_param("offset")?, "offset")?.0, limit },
        Kind::Page => {
            let (param, p) = integer_param(&need_param("page")?, "page")?;
            let def = types.get(p.ty);
            let from_schema = def.default.as_ref().and_then(|v| v.as_i64()).or(def.constraints.minimum.filter(|m| m.fract() == 0.0 && m.abs() < 1e15).map(|m| m as i64));
            PaginationStyle::PageNumber { param, first: d.first.or(from_schema).unwrap_or(1), limit }
        }
        Kind::Link => PaginationStyle::Link,
        Kind::NextUrl => {
            let next = need_next()?;
            check_next(&next, true)?;
            PaginationStyle::NextUrl { next }
        }
    };
    let items = match &d.items {
        Some(p) => p.clone(),
        None => default_items(types, body).ok_or_else(|| Problem::new(&at, d.describe("where the items are is missing, and the body is neither an array nor an object with exactly one array property"), "name the items array: `$response.body#/data`"))?,
    };
    let items_ty = type_at(types, body, &items).map_err(|e| Problem::new(&at, d.describe(&format!("items `{items}`: {e}")), "point at the array of items in the success body"))?;
    let TypeKind::Array { items: item_ty } = types.get(types.resolve(items_ty)).kind else {
        return Err(Problem::new(&at, d.describe(&format!("items `{items}` is not an array")), "point at the array of items in the success body"));
    };
    if let Some(h) = &d.has_more {
        let ty = type_at(types, body, h).map_err(|e| Problem::new(&at, d.describe(&format!("has_more `{h}`: {e}")), "point at a boolean property"))?;
        if primitive(types, ty) != Some(Primitive::Bool) {
            return Err(Problem::new(&at, d.describe(&format!("has_more `{h}` is not a boolean")), "point at a boolean property"));
        }
    }
    Ok(Pagination { style, items, item_ty, has_more: d.has_more.clone(), source: d.source })
}

/// The body itself when it is an array, else its one top-level array property.
fn default_items(types: &TypeSpace, body: TypeId) -> Option<String> {
    match arrays(types, body) {
        None => Some(String::new()),
        Some(props) if props.len() == 1 => Some(format!("/{}", diagnostics::escape_segment(&props[0]))),
        Some(_) => None,
    }
}

/// `None` when `ty` is an array; else the names of its top-level array properties.
fn arrays(types: &TypeSpace, ty: TypeId) -> Option<Vec<String>> {
    match &types.get(types.resolve(ty)).kind {
        TypeKind::Array { .. } => None,
        TypeKind::Object(o) => Some(o.properties.iter().filter(|p| matches!(types.get(types.resolve(p.ty)).kind, TypeKind::Array { .. })).map(|p| p.name.clone()).collect()),
        _ => Some(Vec::new()),
    }
}

/// `pageToken` → `pagetoken`.
fn folded(name: &str) -> String {
    name.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

const CURSOR_PARAMS: &[&str] = &["cursor", "pagetoken", "nexttoken", "continuationtoken"];
const CURSOR_FIELDS: &[&str] = &["nextcursor", "nextpagetoken", "nexttoken", "nextcontinuationtoken"];

/// The heuristics of the module docs.
fn heuristic(op: &Operation, types: &TypeSpace, diagnostics: &mut Vec<Diagnostic>) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let body = success_body(op)?;
    let ambiguous = |diagnostics: &mut Vec<Diagnostic>, what: String| {
        diagnostics.push(
            Diagnostic::warning(&op.pointer, format!("{what}, but which array holds the items is ambiguous: the operation is generated without paging"))
                .with_help(format!("declare it with `{SDKGEN}` (style, param, next, items) or in sdkgen.toml `[pagination.{}]`", op.operation_id)),
        );
    };
    let params: Vec<&Parameter> = op.parameters.iter().filter(|p| p.location == ParameterLocation::Query && CURSOR_PARAMS.contains(&folded(&p.name).as_str())).collect();
    let fields: Vec<String> = match &types.get(types.resolve(body)).kind {
        TypeKind::Object(o) => o
            .properties
            .iter()
            .filter(|p| CURSOR_FIELDS.contains(&folded(&p.name).as_str()) && primitive(types, p.ty) == Some(Primitive::String))
            .map(|p| p.name.clone())
            .collect(),
        _ => Vec::new(),
    };
    if let ([param], [field]) = (&params[..], &fields[..]) {
        let arrays = arrays(types, body).unwrap_or_default();
        let [items] = &arrays[..] else {
            ambiguous(diagnostics, format!("query parameter `{}` and response property `{field}` look like cursor paging", param.name));
            return None;
        };
        let item_ty = match types.get(types.resolve(type_at(types, body, &format!("/{}", diagnostics::escape_segment(items))).ok()?)).kind {
            TypeKind::Array { items } => items,
            _ => return None,
        };
        return Some(Pagination {
            style: PaginationStyle::Cursor { param: PageParam { name: param.name.clone(), location: ParameterLocation::Query }, next: PageSource::Body(format!("/{}", diagnostics::escape_segment(field))) },
            items: format!("/{}", diagnostics::escape_segment(items)),
            item_ty,
            has_more: None,
            source: PaginationSource::Heuristic(format!("query `{}`, response `{field}`", param.name)),
        });
    }
    let link = op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()).flat_map(|r| &r.headers).any(|h| h.name.eq_ignore_ascii_case("link"));
    if link {
        let Some(items) = default_items(types, body) else {
            ambiguous(diagnostics, "the `Link` response header looks like RFC 8288 paging".to_string());
            return None;
        };
        let TypeKind::Array { items: item_ty } = types.get(types.resolve(type_at(types, body, &items).ok()?)).kind else { return None };
        return Some(Pagination { style: PaginationStyle::Link, items, item_ty, has_more: None, source: PaginationSource::Heuristic("`Link` response header".into()) });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(spec: &str, settings: &Settings) -> (Api, Vec<Diagnostic>) {
        let spec = crate::load::load("t.yaml", spec.to_string()).expect("spec loads");
        crate::lower(&spec, settings)
    }

    /// A spec with one `GET /items` operation: `params` and `ext` are YAML lines inside the
    /// operation, `body` the success schema.
    fn spec(params: &str, ext: &str, body: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      parameters:\n{params}{ext}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{body}"
        )
    }

    const CURSOR_PARAMS_YAML: &str = "        - {name: cursor, in: query, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}\n";
    const BODY: &str = "                type: object\n                properties:\n                  data: {type: array, items: {type: integer}}\n                  meta: {type: object, properties: {next: {type: string}}}\n                  total: {type: integer}\n";

    fn paging(api: &Api) -> Option<&Pagination> {
        api.operations().next().and_then(|o| o.pagination.as_ref())
    }

    fn warnings(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(|d| format!("{} {} | {}", d.pointer, d.message, d.help.clone().unwrap_or_default())).collect()
    }

    #[test]
    fn each_source_gives_the_same_cursor_paging() {
        let sdkgen = "      x-sdkgen-pagination: {style: cursor, param: cursor, next: '$response.body#/meta/next', items: '$response.body#/data'}\n";
        let speakeasy = "      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{name: cursor, in: parameters, type: cursor}, {name: limit, in: parameters, type: limit}]\n        outputs: {nextCursor: $.meta.next, results: $.data}\n";
        let fern = "      x-fern-pagination: {cursor: $request.cursor, next_cursor: $response.meta.next, results: $response.data}\n";
        for (ext, source) in [(sdkgen, SDKGEN), (speakeasy, SPEAKEASY), (fern, FERN)] {
            let (api, d) = lower(&spec(CURSOR_PARAMS_YAML, ext, BODY), &Settings::default());
            assert!(d.is_empty(), "{source}: {:?}", warnings(&d));
            let p = paging(&api).unwrap_or_else(|| panic!("{source} gives no paging"));
            assert_eq!(p.source, PaginationSource::Extension(source.into()));
            assert_eq!(p.items, "/data");
            let PaginationStyle::Cursor { param, next } = &p.style else { panic!("{source}: {:?}", p.style) };
            assert_eq!((param.name.as_str(), next), ("cursor", &PageSource::Body("/meta/next".into())), "{source}");
            assert!(matches!(api.types.get(p.item_ty).kind, TypeKind::Primitive { primitive: Primitive::I64, .. }));
        }
        // sdkgen.toml wins over the extensions.
        let config = PaginationConfig { style: "offset".into(), param: Some("limit".into()), ..Default::default() };
        let (api, d) = lower(&spec(CURSOR_PARAMS_YAML, fern, BODY), &Settings::default().with_pagination("listItems", config));
        assert!(d.is_empty(), "{:?}", warnings(&d));
        let p = paging(&api).unwrap();
        assert_eq!((p.source.to_string().as_str(), p.style.name()), ("sdkgen.toml", "offset"));
    }

    #[test]
    fn offset_and_page_styles_read_their_parameters() {
        let params = "        - {name: page, in: query, schema: {type: integer, minimum: 0}}\n        - {name: size, in: query, schema: {type: integer}}\n";
        let fern = "      x-fern-pagination: {offset: $request.page, results: $response.data}\n";
        let (api, _) = lower(&spec(params, fern, BODY), &Settings::default());
        assert_eq!(paging(&api).unwrap().style, PaginationStyle::PageNumber { param: PageParam { name: "page".into(), location: ParameterLocation::Query }, first: 0, limit: None });
        let fern = "      x-fern-pagination: {offset: $request.page, step: $request.size, results: $response.data}\n";
        let (api, _) = lower(&spec(params, fern, BODY), &Settings::default());
        assert!(matches!(&paging(&api).unwrap().style, PaginationStyle::Offset { limit: Some(l), .. } if l.name == "size"));
        let speakeasy = "      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: page, in: parameters, type: page}], outputs: {results: $.data}}\n";
        let (api, _) = lower(&spec(params, speakeasy, BODY), &Settings::default());
        assert_eq!(paging(&api).unwrap().style.name(), "page number");
    }

    #[test]
    fn bad_declarations_are_warnings_with_a_pointer_and_the_operation_is_not_paged() {
        let cases = [
            // A pointer to nothing.
            ("      x-sdkgen-pagination: {style: cursor, param: cursor, next: '$response.body#/meta/nope', items: /data}\n", "/x-sdkgen-pagination", "no property `nope`"),
            // Items that are not an array.
            ("      x-sdkgen-pagination: {style: link, items: /total}\n", "/x-sdkgen-pagination", "items `/total` is not an array"),
            // A parameter the operation does not have.
            ("      x-fern-pagination: {cursor: $request.after, next_cursor: $response.meta.next, results: $response.data}\n", "/x-fern-pagination", "`after` is not a query or header parameter"),
            // An unknown key, an unknown style.
            ("      x-sdkgen-pagination: {style: cursor, parm: cursor}\n", "/x-sdkgen-pagination", "unknown field `parm`"),
            ("      x-sdkgen-pagination: {style: keyset}\n", "/x-sdkgen-pagination", "unknown style `keyset`"),
            // Unsupported Speakeasy inputs; a malformed JSONPath.
            ("      x-speakeasy-pagination: {type: cursor, inputs: [{name: cursor, in: requestBody, type: cursor}], outputs: {nextCursor: $.next}}\n", "/x-speakeasy-pagination/inputs/0/in", "`in: requestBody` are not supported"),
            ("      x-speakeasy-pagination: {type: cursor, inputs: [{name: cursor, in: parameters, type: cursor}], outputs: {nextCursor: 'meta[0]'}}\n", "/x-speakeasy-pagination/outputs/nextCursor", "is not a JSONPath"),
            // An offset that is not an integer; no items array to guess.
            ("      x-sdkgen-pagination: {style: offset, param: cursor}\n", "/x-sdkgen-pagination", "`cursor` is not an integer"),
        ];
        for (ext, at, what) in cases {
            let (api, d) = lower(&spec(CURSOR_PARAMS_YAML, ext, BODY), &Settings::default());
            assert!(paging(&api).is_none(), "{ext}");
            let w = warnings(&d);
            assert_eq!(w.len(), 1, "{ext}: {w:?}");
            assert!(d[0].severity == crate::Severity::Warning && d[0].pointer == format!("#/paths/~1items/get{at}") && w[0].contains(what), "{ext}: {w:?}");
            assert!(w[0].contains("generated without paging"), "{w:?}");
        }
        // A body that cannot be sent again for each page.
        let upload = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    post:\n      operationId: upload\n      x-sdkgen-pagination: {style: link}\n      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n";
        let (api, d) = lower(upload, &Settings::default());
        assert!(paging(&api).is_none());
        assert!(warnings(&d).iter().any(|w| w.contains("neither JSON nor a form")), "{:?}", warnings(&d));
        // An operationId in sdkgen.toml that names nothing.
        let config = PaginationConfig { style: "link".into(), ..Default::default() };
        let (_, d) = lower(&spec(CURSOR_PARAMS_YAML, "", BODY), &Settings::default().with_pagination("listItem", config));
        assert!(warnings(&d).iter().any(|w| w.contains("`[pagination.listItem]` names no operation")), "{:?}", warnings(&d));
    }

    #[test]
    fn heuristics_page_only_unambiguous_operations() {
        let params = "        - {name: page_token, in: query, schema: {type: string}}\n";
        let body = "                type: object\n                properties:\n                  items: {type: array, items: {type: string}}\n                  nextPageToken: {type: string}\n";
        let (api, d) = lower(&spec(params, "", body), &Settings::default());
        assert!(d.is_empty(), "{:?}", warnings(&d));
        let p = paging(&api).expect("paged by the heuristic");
        assert!(matches!(&p.source, PaginationSource::Heuristic(_)));
        assert_eq!(p.style, PaginationStyle::Cursor { param: PageParam { name: "page_token".into(), location: ParameterLocation::Query }, next: PageSource::Body("/nextPageToken".into()) });
        // Two arrays: which holds the items is ambiguous.
        let two = format!("{body}                  warnings: {{type: array, items: {{type: string}}}}\n");
        let (api, d) = lower(&spec(params, "", &two), &Settings::default());
        assert!(paging(&api).is_none());
        assert!(warnings(&d).iter().any(|w| w.contains("ambiguous") && w.contains("x-sdkgen-pagination")), "{:?}", warnings(&d));
        // A cursor-like parameter without a next-cursor property is not paging at all.
        let (api, d) = lower(&spec(params, "", BODY), &Settings::default());
        assert!(paging(&api).is_none() && d.is_empty());
        // A documented `Link` header over an array body.
        let link = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: listItems\n      responses:\n        '200':\n          description: ok\n          headers: {Link: {schema: {type: string}}}\n          content: {application/json: {schema: {type: array, items: {type: string}}}}\n";
        let (api, _) = lower(link, &Settings::default());
        assert_eq!(paging(&api).map(|p| (&p.style, p.items.as_str())), Some((&PaginationStyle::Link, "")));
    }
}
