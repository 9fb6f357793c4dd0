//! Swagger 2.0 → OpenAPI 3.0, on the `serde_json::Value` of the document; every moved subtree is
//! recorded in [`Origins`](super::Origins) so diagnostics point at the 2.0 text. Never rejects a
//! document for what 3.0 cannot say: a warning and the closest 3.0 form instead. Must not lower
//! anything.
//!
//! The mapping (ARCHITECTURE.md, "Swagger 2.0"):
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` → `components/schemas`,
//!   `parameters`, `responses`, `securitySchemes`; `$ref`s to them are rewritten.
//! - `body` parameters → `requestBody` (one media type per `consumes`, the name kept as
//!   `x-sdkgen-body-name`); `formData` parameters → one object schema under
//!   `application/x-www-form-urlencoded` and/or `multipart/form-data` (a `type: file` part needs
//!   multipart); `query`/`header`/`path` → `schema` + `style`/`explode` from `collectionFormat`.
//! - `type: file` → `string`/`binary`; `x-nullable` → `nullable`; a string `discriminator` →
//!   `{propertyName}`.
//! - A response's `schema` → `content` per `produces`; `examples` per media type; `headers`.
//! - `host`/`basePath`/`schemes` → `servers` (https first; no host: a relative server).

use serde_json::{Map, Value, json};


use super::{Normalized, Origins};
use crate::diagnostics::{Diagnostic, join};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// Keywords a 2.0 parameter (or items, or header) object shares with a 3.0 schema.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Converts a Swagger 2.0 document in place.
pub fn convert(out: &mut Normalized) -> Result<(), Vec<Diagnostic>> {
    out.origins.begin_pass();
    let Value::Object(root) = std::mem::take(&mut out.document) else {
        return Err(vec![Diagnostic::error("#", "a Swagger 2.0 document must be a mapping").with_help("start the document with `swagger: \"2.0\"` and `info`")]);
    };
    // Every move says where a part was before the conversion; `Origins` traces it on through the
    // moves bundling made.
    let mut cx = Cx {
        origins: &mut out.origins,
        diagnostics: &mut out.diagnostics,
        consumes: strings(root.get("consumes")),
        produces: strings(root.get("produces")),
        root: &root,
    };
    out.document = Value::Object(cx.document());
    Ok(())
}

struct Cx<'a> {
    origins: &'a mut Origins,
    diagnostics: &'a mut Vec<Diagnostic>,
    root: &'a Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// A parameter of an operation with the pointer it was written at (resolved when it is a
/// `$ref` to `#/parameters/..`, so its `in` is known).
struct Param<'v> {
    value: &'v Value,
    from: String,
}

impl Param<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.value.get(key)
    }
    fn location(&self) -> &str {
        self.get("in").and_then(Value::as_str).unwrap_or("")
    }
    fn name(&self) -> &str {
        self.get("name").and_then(Value::as_str).unwrap_or("")
    }
    fn is_body(&self) -> bool {
        matches!(self.location(), "body" | "formData")
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

fn extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from {
        if k.starts_with("x-") && k != "x-nullable" {
            to.insert(k.clone(), v.clone());
        }
    }
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to.insert((*k).to_string(), v.clone());
        }
    }
}

/// A `$ref` of the 2.0 document rewritten to where its target is in the 3.0 one.
fn rewrite_ref(r: &str) -> String {
    for (old, new) in [("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"), ("#/responses/", "#/components/responses/")] {
        if let Some(rest) = r.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    r.to_string()
}

/// `application/json`, `text/json`, `*/*+json` (with parameters).
fn is_json(media_type: &str) -> bool {
    let mt = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mt.ends_with("/json") || mt.ends_with("+json")
}

fn media_key(p: &str, mt: &str) -> String {
    join(&format!("{p}/content"), mt)
}

impl<'a> Cx<'a> {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message).with_help(help));
    }

    fn document(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut doc = Map::new();
        doc.insert("openapi".into(), json!("3.0.3"));
        if let Some(info) = root.get("info") {
            doc.insert("info".into(), info.clone());
        }
        let servers = self.servers(strings(root.get("schemes")), "#/servers");
        if !servers.is_empty() {
            doc.insert("servers".into(), Value::Array(servers));
        }
        copy(root, &mut doc, &["tags", "externalDocs"]);
        if let Some(paths) = root.get("paths") {
            doc.insert("paths".into(), self.paths(paths));
        }
        let components = self.components();
        if !components.is_empty() {
            doc.insert("components".into(), Value::Object(components));
        }
        copy(root, &mut doc, &["security"]);
        extensions(root, &mut doc);
        doc
    }

    /// `host`/`basePath` with `schemes` (https first) as servers; no host gives a relative server.
    fn servers(&mut self, schemes: Vec<String>, to: &str) -> Vec<Value> {
        let root = self.root;
        let host = root.get("host").and_then(Value::as_str).map(|h| h.trim_end_matches('/'));
        let base = root.get("basePath").and_then(Value::as_str).unwrap_or("").trim_end_matches('/');
        let base = if base.is_empty() || base.starts_with('/') { base.to_string() } else { format!("/{base}") };
        let Some(host) = host else {
            if base.is_empty() {
                return Vec::new();
            }
            self.origins.record(format!("{to}/0/url"), 0, "#/basePath");
            return vec![json!({ "url": base })];
        };
        let mut kept: Vec<&str> = Vec::new();
        for s in ["https", "http"] {
            if schemes.iter().any(|x| x.eq_ignore_ascii_case(s)) {
                kept.push(s);
            }
        }
        // `#/servers` ← `#/schemes`, `{operation}/servers` ← `{operation}/schemes`.
        let schemes_at = format!("{}schemes", to.strip_suffix("servers").unwrap_or("#/"));
        for s in &schemes {
            if !s.eq_ignore_ascii_case("https") && !s.eq_ignore_ascii_case("http") {
                self.warn(&schemes_at, format!("scheme `{s}` is not HTTP; no server is made for it"), "SDK clients speak HTTP and HTTPS only");
            }
        }
        let host = match host.split_once("://") {
            Some((_, rest)) => {
                self.warn("#/host", "`host` is a host name (and port), without a scheme; the scheme is ignored", "list schemes under `schemes`");
                rest
            }
            None => host,
        };
        if kept.is_empty() {
            kept.push("https");
        }
        kept.iter()
            .enumerate()
            .map(|(i, s)| {
                self.origins.record(format!("{to}/{i}"), 0, "#/host");
                json!({ "url": format!("{s}://{host}{base}") })
            })
            .collect()
    }

    fn components(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut c = Map::new();
        // Sections that are not mappings are passed on as written, for the 3.0 check to report.
        for (from, to) in [("definitions", "schemas"), ("responses", "responses"), ("parameters", "parameters"), ("securityDefinitions", "securitySchemes")] {
            if let Some(v) = root.get(from).filter(|v| !v.is_object()) {
                self.origins.record(format!("#/components/{to}"), 0, format!("#/{from}"));
                c.insert(to.into(), v.clone());
            }
        }
        if let Some(Value::Object(defs)) = root.get("definitions") {
            self.origins.record("#/components/schemas", 0, "#/definitions");
            let schemas: Map<String, Value> = defs.iter().map(|(k, v)| (k.clone(), self.schema(v, &join("#/components/schemas", k)))).collect();
            c.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(Value::Object(resps)) = root.get("responses") {
            let mut out = Map::new();
            for (k, v) in resps {
                let (to, from) = (join("#/components/responses", k), join("#/responses", k));
                let produces = self.produces.clone();
                out.insert(k.clone(), self.response(v, &to, &from, &produces));
            }
            c.insert("responses".into(), Value::Object(out));
        }
        if let Some(Value::Object(params)) = root.get("parameters") {
            let (mut out, mut bodies) = (Map::new(), Map::new());
            for (k, v) in params {
                let p = Param { value: v, from: join("#/parameters", k) };
                // A body parameter becomes a request body (operations with other `consumes` get
                // their own copy); form parameters are merged into each operation's form body.
                match p.location() {
                    "body" => {
                        let consumes = self.consumes.clone();
                        bodies.insert(k.clone(), self.body(&p, &join("#/components/requestBodies", k), &consumes));
                    }
                    "formData" => {}
                    _ => {
                        out.insert(k.clone(), self.parameter(&p, &join("#/components/parameters", k)));
                    }
                }
            }
            if !out.is_empty() {
                c.insert("parameters".into(), Value::Object(out));
            }
            if !bodies.is_empty() {
                c.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(Value::Object(defs)) = root.get("securityDefinitions") {
            let mut out = Map::new();
            for (k, v) in defs {
                let to = join("#/components/securitySchemes", k);
                self.origins.record(&to, 0, join("#/securityDefinitions", k));
                out.insert(k.clone(), self.security_scheme(v, &to));
            }
            c.insert("securitySchemes".into(), Value::Object(out));
        }
        c
    }

    fn security_scheme(&mut self, v: &Value, to: &str) -> Value {
        let Value::Object(s) = v else { return v.clone() };
        let mut out = Map::new();
        match s.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => copy(s, &mut out, &["type", "name", "in"]),
            Some("oauth2") => {
                out.insert("type".into(), json!("oauth2"));
                let flow = s.get("flow").and_then(Value::as_str).unwrap_or("");
                let (name, keys): (&str, &[&str]) = match flow {
                    "implicit" => ("implicit", &["authorizationUrl"]),
                    "password" => ("password", &["tokenUrl"]),
                    "application" => ("clientCredentials", &["tokenUrl"]),
                    "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    other => {
                        self.warn(format!("{to}/flow"), format!("unknown OAuth 2.0 flow `{other}`; the scheme has no flow"), "use `implicit`, `password`, `application` or `accessCode`");
                        ("", &[])
                    }
                };
                let mut f = Map::new();
                copy(s, &mut f, keys);
                f.insert("scopes".into(), s.get("scopes").cloned().unwrap_or_else(|| json!({})));
                let flows = if name.is_empty() { Map::new() } else { Map::from_iter([(name.to_string(), Value::Object(f))]) };
                out.insert("flows".into(), Value::Object(flows));
            }
            // Not a 2.0 scheme type: left as written, for the 3.0 check to report.
            _ => return v.clone(),
        }
        copy(s, &mut out, &["description"]);
        extensions(s, &mut out);
        Value::Object(out)
    }

    /// A schema object (recursively): `type: file`, `x-nullable`, a string `discriminator`, `$ref`s.
    fn schema(&mut self, v: &Value, to: &str) -> Value {
        let Value::Object(s) = v else { return v.clone() };
        let mut out = Map::new();
        let mut file = false;
        for (k, v) in s {
            let p = join(to, k);
            let nv = match k.as_str() {
                "$ref" => match v.as_str() {
                    Some(r) => Value::String(rewrite_ref(r)),
                    None => v.clone(),
                },
                "type" if v == "file" => {
                    file = true;
                    json!("string")
                }
                "x-nullable" => {
                    if v.as_bool() == Some(true) {
                        out.insert("nullable".into(), json!(true));
                    }
                    continue;
                }
                "discriminator" => match v {
                    Value::String(name) => json!({ "propertyName": name }),
                    _ => v.clone(),
                },
                "items" | "additionalProperties" | "not" => self.schema(v, &p),
                "allOf" | "oneOf" | "anyOf" => match v {
                    Value::Array(a) => Value::Array(a.iter().enumerate().map(|(i, m)| self.schema(m, &format!("{p}/{i}"))).collect()),
                    _ => v.clone(),
                },
                "properties" => match v {
                    Value::Object(props) => Value::Object(props.iter().map(|(n, m)| (n.clone(), self.schema(m, &join(&p, n)))).collect()),
                    _ => v.clone(),
                },
                _ => v.clone(),
            };
            out.insert(k.clone(), nv);
        }
        if file {
            out.insert("format".into(), json!("binary"));
        }
        Value::Object(out)
    }

    /// The schema of a non-body parameter, an `items` object or a response header.
    fn simple_schema(&mut self, s: &Map<String, Value>, to: &str) -> Value {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(r) });
        }
        let mut out = Map::new();
        for (k, v) in s {
            if k == "items" {
                if let Value::Object(items) = v {
                    if items.get("type").is_some_and(|t| t == "array") && items.contains_key("collectionFormat") {
                        self.warn(
                            format!("{to}/items/collectionFormat"),
                            "a `collectionFormat` of nested arrays cannot be expressed in OpenAPI 3.0; it is ignored",
                            "use one level of array",
                        );
                    }
                    let items = self.simple_schema(items, &format!("{to}/items"));
                    out.insert("items".into(), items);
                } else {
                    out.insert("items".into(), v.clone());
                }
            } else if k == "type" && v == "file" {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            } else if SCHEMA_KEYS.contains(&k.as_str()) && !(k == "format" && out.contains_key("format")) {
                out.insert(k.clone(), v.clone());
            }
        }
        if s.get("x-nullable").and_then(Value::as_bool) == Some(true) {
            out.insert("nullable".into(), json!(true));
        }
        Value::Object(out)
    }

    /// A non-body parameter placed at `to`.
    fn parameter(&mut self, p: &Param<'_>, to: &str) -> Value {
        self.origins.record(to, 0, &p.from);
        let Value::Object(s) = p.value else { return p.value.clone() };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(r) });
        }
        let mut out = Map::new();
        copy(s, &mut out, &["name", "in", "description", "required"]);
        let location = p.location();
        if location == "query" {
            copy(s, &mut out, &["allowEmptyValue"]);
        }
        if s.get("type").is_some_and(|t| t == "file") {
            self.warn(format!("{to}/type"), "`type: file` is only for `formData` parameters; sent as a string", "use `in: formData`");
        }
        if location == "cookie" {
            // Swagger 2.0 §Parameter Object: `in` is query, header, path, formData or body.
            self.warn(format!("{to}/in"), "`in: cookie` is not Swagger 2.0 (its parameters are in query, header, path, formData or body); sent as a cookie, as OpenAPI 3 does", "move to OpenAPI 3 for cookie parameters, or use a header");
        }
        let schema_to = format!("{to}/schema");
        self.origins.record(&schema_to, 0, &p.from);
        let schema = self.simple_schema(s, &schema_to);
        if s.get("type").is_some_and(|t| t == "array") {
            let format = s.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let cf = format!("{to}/collectionFormat");
            let (style, explode) = match (location, format) {
                ("query", "csv") => ("form", false),
                ("query", "multi") => ("form", true),
                ("query", "ssv") => ("spaceDelimited", false),
                ("query", "pipes") => ("pipeDelimited", false),
                ("query", other) => {
                    self.warn(cf, format!("`collectionFormat: {other}` cannot be expressed in OpenAPI 3.0; the values are sent comma-separated"), "use `csv`, `ssv`, `pipes` or `multi`");
                    ("form", false)
                }
                (_, "csv") => ("simple", false),
                (_, other) => {
                    self.warn(cf, format!("`collectionFormat: {other}` is not possible in {location} parameters; the values are sent comma-separated"), "use `csv`");
                    ("simple", false)
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        out.insert("schema".into(), schema);
        if let Some(x) = s.get("x-example") {
            out.insert("example".into(), x.clone());
        }
        extensions(s, &mut out);
        Value::Object(out)
    }

    /// A parameter as written, or the one of `#/parameters` its `$ref` names (so its `in` is
    /// known); other `$ref`s stay references.
    fn resolve_param(&self, v: &'a Value, from: String) -> Param<'a> {
        let root: &'a Map<String, Value> = self.root;
        if let Some(name) = v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")) {
            let name = name.replace("~1", "/").replace("~0", "~");
            if let Some(target) = root.get("parameters").and_then(|ps| ps.get(&name)) {
                return Param { value: target, from: join("#/parameters", &name) };
            }
        }
        Param { value: v, from }
    }

    fn paths(&mut self, paths: &'a Value) -> Value {
        let Value::Object(paths) = paths else { return paths.clone() };
        let mut out = Map::new();
        for (path, item) in paths {
            let to = join("#/paths", path);
            let nv = if path.starts_with("x-") { item.clone() } else { self.path_item(item, &to) };
            out.insert(path.clone(), nv);
        }
        Value::Object(out)
    }

    fn path_item(&mut self, item: &'a Value, to: &str) -> Value {
        let Value::Object(item) = item else { return item.clone() };
        let mut out = Map::new();
        // Path-level parameters: the body and form ones go into every operation's request body.
        let mut shared: Vec<Param<'a>> = Vec::new();
        if let Some(Value::Array(ps)) = item.get("parameters") {
            for (i, p) in ps.iter().enumerate() {
                shared.push(self.resolve_param(p, format!("{to}/parameters/{i}")));
            }
        }
        let mut params = Vec::new();
        for p in shared.iter().filter(|p| !p.is_body()) {
            let at = format!("{to}/parameters/{}", params.len());
            params.push(self.parameter_or_ref(p, &at));
        }
        for (k, v) in item {
            match k.as_str() {
                "$ref" => {
                    out.insert(k.clone(), v.clone());
                }
                "parameters" if !params.is_empty() => {
                    out.insert(k.clone(), Value::Array(std::mem::take(&mut params)));
                }
                // Not a list: passed on for the 3.0 check to report.
                "parameters" if !v.is_array() => {
                    out.insert(k.clone(), v.clone());
                }
                m if METHODS.contains(&m) => {
                    let op = self.operation(v, &join(to, m), &shared);
                    out.insert(k.clone(), op);
                }
                x if x.starts_with("x-") => {
                    out.insert(k.clone(), v.clone());
                }
                _ => {}
            }
        }
        Value::Object(out)
    }

    /// A parameter placed at `to`: a `$ref` to `#/parameters/..` stays a reference (rewritten).
    fn parameter_or_ref(&mut self, p: &Param<'a>, to: &str) -> Value {
        if p.from.starts_with("#/parameters/") {
            self.origins.record(to, 0, &p.from);
            let name = &p.from["#/parameters/".len()..];
            return json!({ "$ref": format!("#/components/parameters/{name}") });
        }
        self.parameter(p, to)
    }

    fn operation(&mut self, op: &'a Value, to: &str, shared: &[Param<'a>]) -> Value {
        let Value::Object(o) = op else { return op.clone() };
        let mut own: Vec<Param<'a>> = Vec::new();
        if let Some(Value::Array(ps)) = o.get("parameters") {
            for (i, p) in ps.iter().enumerate() {
                own.push(self.resolve_param(p, format!("{to}/parameters/{i}")));
            }
        }
        // Body and form parameters of the path item that the operation does not override.
        let mut body: Vec<&Param<'a>> = shared.iter().filter(|s| s.is_body() && !own.iter().any(|p| p.location() == s.location() && p.name() == s.name())).collect();
        body.extend(own.iter().filter(|p| p.is_body()));
        let consumes = if o.contains_key("consumes") { strings(o.get("consumes")) } else { self.consumes.clone() };
        let produces = if o.contains_key("produces") { strings(o.get("produces")) } else { self.produces.clone() };

        let mut out = Map::new();
        copy(o, &mut out, &["tags", "summary", "description", "externalDocs", "operationId"]);
        let mut params = Vec::new();
        for p in own.iter().filter(|p| !p.is_body()) {
            let at = format!("{to}/parameters/{}", params.len());
            params.push(self.parameter_or_ref(p, &at));
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        } else if let Some(v) = o.get("parameters").filter(|v| !v.is_array()) {
            out.insert("parameters".into(), v.clone());
        }
        let rb = format!("{to}/requestBody");
        let bodies: Vec<&Param<'a>> = body.iter().copied().filter(|p| p.location() == "body").collect();
        let forms: Vec<&Param<'a>> = body.iter().copied().filter(|p| p.location() == "formData").collect();
        if let Some(b) = bodies.last() {
            if bodies.len() > 1 {
                self.warn(format!("{to}/parameters"), "an operation has at most one `body` parameter; the last one is used", "remove the others");
            }
            if !forms.is_empty() {
                self.warn(format!("{to}/parameters"), "`body` and `formData` parameters cannot be used together; the form parameters are left out", "keep one of them");
            }
            let body = match b.from.strip_prefix("#/parameters/") {
                Some(name) if consumes == self.consumes => {
                    self.origins.record(&rb, 0, &b.from);
                    json!({ "$ref": format!("#/components/requestBodies/{name}") })
                }
                _ => self.body(b, &rb, &consumes),
            };
            out.insert("requestBody".into(), body);
        } else if !forms.is_empty() {
            let consumes_at = if o.contains_key("consumes") { format!("{to}/consumes") } else { "#/consumes".to_string() };
            out.insert("requestBody".into(), self.form(&forms, &rb, &consumes, &consumes_at));
        }
        if let Some(r) = o.get("responses") {
            out.insert("responses".into(), self.responses(r, &format!("{to}/responses"), &produces));
        }
        copy(o, &mut out, &["deprecated", "security"]);
        if o.contains_key("schemes") {
            let servers = self.servers(strings(o.get("schemes")), &format!("{to}/servers"));
            if !servers.is_empty() {
                out.insert("servers".into(), Value::Array(servers));
            }
        }
        extensions(o, &mut out);
        Value::Object(out)
    }

    /// A `body` parameter as a request body: its schema under each media type of `consumes`.
    fn body(&mut self, p: &Param<'_>, to: &str, consumes: &[String]) -> Value {
        self.origins.record(to, 0, &p.from);
        let Value::Object(s) = p.value else { return p.value.clone() };
        let mut out = Map::new();
        copy(s, &mut out, &["description"]);
        let mut media = consumes.to_vec();
        if media.is_empty() {
            media.push(JSON.into());
        }
        let mut content = Map::new();
        for mt in &media {
            let mut m = Map::new();
            if let Some(schema) = s.get("schema") {
                let at = format!("{}/schema", media_key(to, mt));
                self.origins.record(&at, 0, format!("{}/schema", p.from));
                m.insert("schema".into(), self.schema(schema, &at));
            }
            content.insert(mt.clone(), Value::Object(m));
        }
        out.insert("content".into(), Value::Object(content));
        out.insert("required".into(), json!(s.get("required").and_then(Value::as_bool).unwrap_or(false)));
        if let Some(name) = s.get("name") {
            out.insert("x-sdkgen-body-name".into(), name.clone());
        }
        extensions(s, &mut out);
        Value::Object(out)
    }

    /// `formData` parameters as one object schema: urlencoded and/or multipart per `consumes`,
    /// multipart whenever a part is a file.
    fn form(&mut self, params: &[&Param<'_>], to: &str, consumes: &[String], consumes_at: &str) -> Value {
        self.origins.record(to, 0, &params[0].from);
        let has_file = params.iter().any(|p| p.get("type").is_some_and(|t| t == "file"));
        let listed = |t: &str| consumes.iter().any(|c| c.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case(t));
        let mut media: Vec<&str> = Vec::new();
        if listed(FORM) && !has_file {
            media.push(FORM);
        }
        if listed(MULTIPART) || has_file {
            media.push(MULTIPART);
        }
        if media.is_empty() {
            media.push(FORM);
        }
        if has_file && listed(FORM) && !listed(MULTIPART) {
            self.warn(consumes_at, "a `type: file` form parameter needs `multipart/form-data`; the form is sent as multipart", "add `multipart/form-data` to `consumes`");
        }
        let mut content = Map::new();
        for mt in media {
            let schema_to = format!("{}/schema", media_key(to, mt));
            let mut props = Map::new();
            let mut required = Vec::new();
            let mut encoding = Map::new();
            for p in params {
                let Value::Object(s) = p.value else { continue };
                let name = p.name().to_string();
                let at = join(&format!("{schema_to}/properties"), &name);
                self.origins.record(&at, 0, &p.from);
                let mut prop = match self.simple_schema(s, &at) {
                    Value::Object(m) => m,
                    other => Map::from_iter([("allOf".to_string(), Value::Array(vec![other]))]),
                };
                copy(s, &mut prop, &["description"]);
                extensions(s, &mut prop);
                if s.get("required").and_then(Value::as_bool) == Some(true) {
                    required.push(json!(name));
                }
                if mt == FORM && s.get("type").is_some_and(|t| t == "array") {
                    let cf = s.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
                    let (style, explode) = match cf {
                        "multi" => ("form", true),
                        "ssv" => ("spaceDelimited", false),
                        "pipes" => ("pipeDelimited", false),
                        "csv" => ("form", false),
                        other => {
                            self.warn(format!("{at}/collectionFormat"), format!("`collectionFormat: {other}` cannot be expressed in OpenAPI 3.0; the values are sent comma-separated"), "use `csv`, `ssv`, `pipes` or `multi`");
                            ("form", false)
                        }
                    };
                    if !explode {
                        self.warn(
                            format!("{at}/collectionFormat"),
                            format!("form arrays are sent as repeated fields (`collectionFormat: multi`); `{cf}` is kept in the body's `encoding` only"),
                            "use `collectionFormat: multi`, or send the values as one string",
                        );
                    }
                    encoding.insert(name.clone(), json!({ "style": style, "explode": explode }));
                }
                props.insert(name, Value::Object(prop));
            }
            let mut schema = Map::new();
            schema.insert("type".into(), json!("object"));
            if !required.is_empty() {
                schema.insert("required".into(), Value::Array(required));
            }
            schema.insert("properties".into(), Value::Object(props));
            let mut m = Map::from_iter([("schema".to_string(), Value::Object(schema))]);
            if !encoding.is_empty() {
                m.insert("encoding".into(), Value::Object(encoding));
            }
            content.insert(mt.to_string(), Value::Object(m));
        }
        let required = params.iter().any(|p| p.get("required").and_then(Value::as_bool) == Some(true));
        json!({ "content": content, "required": required })
    }

    fn responses(&mut self, v: &Value, to: &str, produces: &[String]) -> Value {
        let Value::Object(rs) = v else { return v.clone() };
        let mut out = Map::new();
        for (status, r) in rs {
            let nv = if status.starts_with("x-") {
                r.clone()
            } else {
                let at = join(to, status);
                self.response(r, &at, &at, produces)
            };
            out.insert(status.clone(), nv);
        }
        Value::Object(out)
    }

    /// A response: `schema` under each media type of `produces`, `examples` by media type,
    /// `headers` with schemas.
    fn response(&mut self, v: &Value, to: &str, from: &str, produces: &[String]) -> Value {
        self.origins.record(to, 0, from);
        let Value::Object(r) = v else { return v.clone() };
        if let Some(reference) = r.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let mut out = Map::new();
        copy(r, &mut out, &["description"]);
        if let Some(Value::Object(headers)) = r.get("headers") {
            let mut hs = Map::new();
            for (name, h) in headers {
                let (hto, hfrom) = (join(&format!("{to}/headers"), name), join(&format!("{from}/headers"), name));
                self.origins.record(&hto, 0, &hfrom);
                self.origins.record(format!("{hto}/schema"), 0, &hfrom);
                let Value::Object(h) = h else {
                    hs.insert(name.clone(), h.clone());
                    continue;
                };
                let mut nh = Map::new();
                copy(h, &mut nh, &["description"]);
                nh.insert("schema".into(), self.simple_schema(h, &format!("{hto}/schema")));
                extensions(h, &mut nh);
                hs.insert(name.clone(), Value::Object(nh));
            }
            out.insert("headers".into(), Value::Object(hs));
        }
        let examples = match r.get("examples") {
            Some(Value::Object(e)) => e.clone(),
            _ => Map::new(),
        };
        if let Some(schema) = r.get("schema") {
            let file = schema.get("type").is_some_and(|t| t == "file");
            // A file is never JSON, whatever a global `produces` says.
            let mut media: Vec<String> = produces.iter().filter(|mt| !file || !is_json(mt)).cloned().collect();
            if media.is_empty() {
                media.push(if file { "application/octet-stream".into() } else { JSON.into() });
            }
            let mut content = Map::new();
            for mt in &media {
                let at = format!("{}/schema", media_key(to, mt));
                self.origins.record(&at, 0, format!("{from}/schema"));
                let mut m = Map::from_iter([("schema".to_string(), self.schema(schema, &at))]);
                if let Some(ex) = examples.get(mt) {
                    let eat = format!("{}/example", media_key(to, mt));
                    self.origins.record(&eat, 0, join(&format!("{from}/examples"), mt));
                    m.insert("example".into(), ex.clone());
                }
                content.insert(mt.clone(), Value::Object(m));
            }
            out.insert("content".into(), Value::Object(content));
        }
        for mt in examples.keys() {
            if out.get("content").is_none_or(|c| c.get(mt).is_none()) {
                let at = join(&format!("{to}/examples"), mt);
                self.origins.record(&at, 0, join(&format!("{from}/examples"), mt));
                self.warn(at, format!("the example for `{mt}` has no media type of the response to go with (`produces` and `schema`); it is left out"), "list the media type under `produces`");
            }
        }
        extensions(r, &mut out);
        Value::Object(out)
    }
}
