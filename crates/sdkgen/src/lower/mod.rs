//! Lowering: `openapiv3::OpenAPI` → [`crate::ir::Api`] plus diagnostics. Keeps going after an
//! error so one run reports everything; never panics on spec input.

mod findable;
mod finish;
mod formats;
mod leniency;
pub mod pagination;
mod schema;
mod statuses;
mod untagged;
mod webhooks;

use std::collections::{BTreeMap, HashMap};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{self, Diagnostic};
use crate::ir::*;
use crate::names::{self, Namer};
use crate::settings::{ResponseLeniency, Settings};

pub use schema::is_secret;

/// Lowers a parsed spec.
pub fn lower(spec: &OpenAPI, settings: &Settings) -> (Api, Vec<Diagnostic>) {
    let mut cx = Cx { spec, schemas: schema::SchemaLowerer::new(spec), diagnostics: Vec::new() };
    let security_schemes = cx.security_schemes();
    let servers = cx.servers(spec.servers.as_slice(), "#/servers", settings);

    // Operations first, so inline enums of parameters get the names users see first
    // (`AuthorizeResponseType`), then every component schema.
    let mut ops: Vec<(String, Operation)> = Vec::new();
    let mut fn_names = Namer::new("_");
    // A service handle's own methods (`names::GENERATED`).
    for taken in names::reserved(names::Scope::ServiceMethods) {
        fn_names.reserve(taken);
    }
    // Type stems are unique too: `foo_2` and `foo2` are distinct methods, both `Foo2`.
    let mut type_stems = Namer::new("");
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    unmatched_selections(spec, settings, &mut cx.diagnostics);
    for (path, item) in spec.paths.paths.iter() {
        let item_pointer = diagnostics::join("#/paths", path);
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                cx.diagnostics.push(
                    Diagnostic::error(&item_pointer, format!("path item $ref `{reference}` is not supported"))
                        .with_help("inline the path item"),
                );
                continue;
            }
        };
        for (method_str, op) in item.iter() {
            let Some(method) = method_of(method_str) else { continue };
            if !settings.includes(op.tags.first().map(String::as_str), op.operation_id.as_deref()) {
                continue;
            }
            let pointer = diagnostics::join(&item_pointer, method_str);
            let (operation_id, synthesized) = match &op.operation_id {
                Some(id) if !id.trim().is_empty() => (id.clone(), false),
                _ => (synthesize_id(method_str, path), true),
            };
            if let Some(other) = seen_ids.insert(operation_id.clone(), pointer.clone()) {
                cx.diagnostics.push(
                    Diagnostic::error(&pointer, format!("duplicate operationId `{operation_id}` (also at {other})"))
                        .with_help("operationIds must be unique; sdkgen renamed this one with a numeric suffix"),
                );
            }
            let base = names::snake(&operation_id);
            let fn_name = fn_names.unique(&base);
            if fn_name != base && !synthesized {
                let why = if names::reserved(names::Scope::ServiceMethods).any(|n| n == base) { "a method sdkgen generates itself" } else { "which is taken" };
                cx.diagnostics.push(
                    Diagnostic::warning(&pointer, format!("operationId `{operation_id}` becomes `{base}`, {why}; this method is `{fn_name}`"))
                        .with_help("give the operations operationIds that differ after snake_case conversion"),
                );
            }
            let type_stem = type_stems.unique(&names::pascal(&fn_name));
            let operation = cx.operation(OperationInput {
                path,
                method,
                op,
                path_params: &item.parameters,
                path_servers: &item.servers,
                pointer,
                operation_id,
                synthesized,
                fn_name,
                type_stem,
                settings,
            });
            let tag = op.tags.first().cloned().unwrap_or_else(|| "default".to_string());
            ops.push((tag, operation));
        }
    }
    let mut webhooks = cx.webhooks();
    cx.schemas.lower_components();

    // Services in order of first appearance.
    let mut services: Vec<Service> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut service_names = Namer::new("");
    let mut module_names = Namer::new("_");
    // Service accessors are methods of the client next to its own (`names::GENERATED`).
    for taken in names::reserved(names::Scope::ClientMethods) {
        module_names.reserve(taken);
    }
    for (tag, op) in ops {
        let i = *index.entry(tag.clone()).or_insert_with(|| {
            let description = spec.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
            let pascal = names::pascal(&tag);
            services.push(Service {
                type_name: service_names.unique(&format!("{pascal}Service")),
                module_name: module_names.unique(&names::snake(&tag)),
                tag: tag.clone(),
                description,
                operations: Vec::new(),
            });
            services.len() - 1
        });
        services[i].operations.push(op);
    }

    let mut types = std::mem::take(&mut cx.schemas.types);
    let fallback = std::mem::take(&mut cx.schemas.fallback_names);
    let includes = std::mem::take(&mut cx.schemas.includes);
    let mut diagnostics = cx.diagnostics;
    diagnostics.append(&mut cx.schemas.diagnostics);
    formats::apply(&mut types, settings);
    let mut roots = findable::roots_mut(&mut services, &mut webhooks);
    finish::finish(&mut types, &fallback, &mut roots, &includes, &mut diagnostics);
    pagination::apply(spec, &mut services, &types, settings, &mut diagnostics);
    for def in &mut types.defs {
        if let (Some(name), TypeKind::Enum(e)) = (&def.rust_name, &mut def.kind) {
            e.case_insensitive = settings.case_insensitive_enums.iter().any(|n| n == name);
        }
    }
    if settings.response_leniency == ResponseLeniency::Lenient {
        let roots: Vec<TypeId> = services
            .iter()
            .flat_map(|s| &s.operations)
            .flat_map(|o| &o.responses)
            .filter_map(|r| r.content.as_ref())
            .filter(|c| c.kind == BodyKind::Json)
            .filter_map(|c| c.ty)
            .collect();
        // RFC 6749 §5.1: a token response without `access_token` is no token response; the
        // success bodies of an OAuth 2.0 token endpoint keep it required.
        let token_urls: Vec<&str> = security_schemes
            .iter()
            .filter_map(|s| match &s.kind {
                SecuritySchemeKind::OAuth2 { token_url: Some(u), .. } => Some(u.as_str()),
                _ => None,
            })
            .collect();
        let keep: Vec<(TypeId, &str)> = services
            .iter()
            .flat_map(|s| &s.operations)
            .filter(|o| o.method == Method::Post && token_urls.iter().any(|u| u.ends_with(&o.path)))
            .flat_map(|o| &o.responses)
            .filter(|r| r.status.is_success_or_redirect())
            .filter_map(|r| r.content.as_ref().and_then(|c| c.ty))
            .map(|t| (t, "access_token"))
            .collect();
        leniency::mark(&mut types, &roots, &keep);
    }
    let info = &spec.info;
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        summary: info.extensions.get(crate::normalize::v31::SUMMARY).and_then(|v| v.as_str()).map(str::to_string),
        license: info.license.as_ref().map(|l| License {
            name: l.name.clone(),
            identifier: l.extensions.get(crate::normalize::v31::LICENSE_IDENTIFIER).and_then(|v| v.as_str()).map(str::to_string),
            url: l.url.clone(),
        }),
        contact: info.contact.as_ref().map(|c| Contact { name: c.name.clone(), url: c.url.clone(), email: c.email.clone() }),
        webhooks,
        servers,
        services,
        types,
        security_schemes,
        non_exhaustive: settings.non_exhaustive,
    };
    (api, diagnostics)
}

fn method_of(s: &str) -> Option<Method> {
    Some(match s {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

/// `GET /accounts/{accountId}` → `get_accounts_by_account_id`.
fn synthesize_id(method: &str, path: &str) -> String {
    let mut out = method.to_string();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            out.push_str("_by_");
            out.push_str(&names::snake(param));
        } else {
            out.push('_');
            out.push_str(&names::snake(seg));
        }
    }
    out
}

struct Cx<'a> {
    spec: &'a OpenAPI,
    schemas: schema::SchemaLowerer<'a>,
    diagnostics: Vec<Diagnostic>,
}

struct OperationInput<'a> {
    path: &'a str,
    method: Method,
    op: &'a openapiv3::Operation,
    path_params: &'a [ReferenceOr<openapiv3::Parameter>],
    path_servers: &'a [openapiv3::Server],
    pointer: String,
    operation_id: String,
    synthesized: bool,
    fn_name: String,
    type_stem: String,
    settings: &'a Settings,
}

/// Resolves `#/components/<kind>/<name>` references for parameters, bodies, responses, headers.
fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    prefix: &str,
) -> Result<(&'a T, Option<String>), String> {
    let mut cur = item;
    for _ in 0..8 {
        match cur {
            ReferenceOr::Item(t) => return Ok((t, None).map_name(cur, item)),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix(prefix)
                    .ok_or_else(|| format!("$ref `{reference}` should start with `{prefix}`"))?;
                let next = map.and_then(|m| m.get(name)).ok_or_else(|| format!("dangling $ref: `{reference}` is not defined"))?;
                if let ReferenceOr::Item(t) = next {
                    return Ok((t, Some(name.to_string())));
                }
                cur = next;
            }
        }
    }
    Err("$ref chain longer than 8 links".into())
}

trait MapName<'a, T> {
    fn map_name(self, cur: &'a ReferenceOr<T>, item: &'a ReferenceOr<T>) -> (&'a T, Option<String>);
}
impl<'a, T> MapName<'a, T> for (&'a T, Option<String>) {
    fn map_name(self, _cur: &'a ReferenceOr<T>, _item: &'a ReferenceOr<T>) -> (&'a T, Option<String>) {
        self
    }
}

impl<'a> Cx<'a> {
    fn components(&self) -> Option<&'a openapiv3::Components> {
        self.spec.components.as_ref()
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let Some(c) = self.components() else { return out };
        for (name, s) in &c.security_schemes {
            let pointer = diagnostics::join("#/components/securitySchemes", name);
            let s = match s {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.diagnostics.push(Diagnostic::error(&pointer, "security scheme $ref is not supported").with_help("define the scheme inline"));
                    continue;
                }
            };
            use openapiv3::SecurityScheme as S;
            let (kind, description) = match s {
                S::APIKey { location, name, description, .. } => (
                    SecuritySchemeKind::ApiKey {
                        location: {
                            if !matches!(location, openapiv3::APIKeyLocation::Query) {
                                self.warn_unless_http_token(&pointer, name, matches!(location, openapiv3::APIKeyLocation::Cookie));
                            }
                            match location {
                                openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                                openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                                openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                            }
                        },
                        param: name.clone(),
                    },
                    description.clone(),
                ),
                S::HTTP { scheme, description, .. } => (
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => SecuritySchemeKind::HttpBasic,
                        "bearer" => SecuritySchemeKind::HttpBearer,
                        other => {
                            self.diagnostics.push(
                                Diagnostic::warning(&pointer, format!("http scheme `{other}` is not supported at run time"))
                                    .with_help("operations that need only this scheme are sent without credentials"),
                            );
                            SecuritySchemeKind::HttpOther { scheme: other.to_string() }
                        }
                    },
                    description.clone(),
                ),
                S::OAuth2 { flows, description, .. } => {
                    let ac = flows.authorization_code.as_ref();
                    (
                        SecuritySchemeKind::OAuth2 {
                            authorization_url: ac
                                .map(|f| f.authorization_url.clone())
                                .or_else(|| flows.implicit.as_ref().map(|f| f.authorization_url.clone())),
                            token_url: ac
                                .map(|f| f.token_url.clone())
                                .or_else(|| flows.client_credentials.as_ref().map(|f| f.token_url.clone()))
                                .or_else(|| flows.password.as_ref().map(|f| f.token_url.clone())),
                            refresh_url: ac.and_then(|f| f.refresh_url.clone()),
                            scopes: oauth2_scopes(flows),
                        },
                        description.clone(),
                    )
                }
                S::OpenIDConnect { open_id_connect_url, description, .. } => {
                    (SecuritySchemeKind::OpenIdConnect { url: open_id_connect_url.clone() }, description.clone())
                }
            };
            out.push(SecurityScheme { name: name.clone(), description, kind });
        }
        out
    }

    fn servers(&mut self, servers: &[openapiv3::Server], pointer: &str, settings: &Settings) -> Vec<Server> {
        let mut out: Vec<Server> = Vec::new();
        let mut namer = Namer::new("");
        // `Environment::Custom(url)` is always there.
        namer.reserve("Custom");
        for (i, s) in servers.iter().enumerate() {
            if out.iter().any(|o| o.url == s.url) {
                continue;
            }
            let name = settings
                .environment_names
                .iter()
                .find(|(url, _)| *url == s.url)
                .map(|(_, n)| names::pascal(n))
                .unwrap_or_else(|| server_name(s, i));
            let mut variables = Vec::new();
            for (name, v) in s.variables.iter().flatten() {
                let mut values: Vec<String> = Vec::new();
                for x in &v.enumeration {
                    if !values.contains(x) {
                        values.push(x.clone());
                    }
                }
                if !values.is_empty() && !values.contains(&v.default) {
                    // OpenAPI: the default MUST be one of the values. Keep the URL the spec
                    // means by default: the default joins the values.
                    self.diagnostics.push(
                        Diagnostic::warning(
                            format!("{}/default", crate::diagnostics::join(&format!("{pointer}/{i}/variables"), name)),
                            format!("the default {:?} of server variable {name:?} is not one of its `enum` values; it is added to them", v.default),
                        )
                        .with_help("list the default under `enum`"),
                    );
                    values.insert(0, v.default.clone());
                }
                variables.push(ServerVariable { name: name.clone(), default: v.default.clone(), values, description: v.description.clone() });
            }
            for var in s.url.split('{').skip(1).filter_map(|r| r.split('}').next()) {
                if !variables.iter().any(|v| v.name == var) {
                    self.diagnostics.push(
                        Diagnostic::error(format!("{pointer}/{i}/url"), format!("server variable `{var}` is not defined"))
                            .with_help("add it under `variables` with a default"),
                    );
                }
            }
            out.push(Server { url: s.url.clone(), description: s.description.clone(), variant_name: namer.unique(&name), variables });
        }
        out
    }

    fn operation(&mut self, input: OperationInput<'a>) -> Operation {
        let OperationInput { path, method, op, path_params, path_servers, pointer, operation_id, synthesized, fn_name, type_stem, settings } = input;
        // Path-level parameters, overridden by operation-level ones with the same name and location.
        let mut params: Vec<(&'a openapiv3::Parameter, String)> = Vec::new();
        let comp_params = self.components().map(|c| &c.parameters);
        let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p.to_string()).unwrap_or_default();
        for (list, base) in [(path_params, format!("{path_pointer}/parameters")), (&op.parameters[..], format!("{pointer}/parameters"))] {
            for (i, p) in list.iter().enumerate() {
                let ptr = format!("{base}/{i}");
                match resolve(p, comp_params, "#/components/parameters/") {
                    Ok((p, comp)) => {
                        let ptr = comp.map(|n| diagnostics::join("#/components/parameters", &n)).unwrap_or(ptr);
                        let d = p.parameter_data_ref();
                        let loc = location_of(p);
                        params.retain(|(q, _)| !(q.parameter_data_ref().name == d.name && location_of(q) == loc));
                        params.push((p, ptr));
                    }
                    Err(msg) => self.diagnostics.push(Diagnostic::error(&ptr, msg).with_help("define the parameter under components/parameters")),
                }
            }
        }
        let mut parameters = Vec::new();
        let mut field_names = Namer::new("_");
        for (p, ptr) in params {
            if let Some(param) = self.parameter(p, &ptr, &type_stem, &mut field_names) {
                parameters.push(param);
            }
        }
        // Every `{name}` in the path needs a path parameter.
        for var in path.split('{').skip(1).filter_map(|r| r.split('}').next()) {
            if !parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == var) {
                self.diagnostics.push(
                    Diagnostic::error(&pointer, format!("path template variable `{{{var}}}` has no path parameter"))
                        .with_help(format!("add `- {{name: {var}, in: path, required: true, schema: {{type: string}}}}`")),
                );
                let ty = self.schemas.types.push(TypeDef::new(Name::None, &pointer, TypeKind::Primitive { primitive: Primitive::String, format: None }));
                parameters.push(Parameter {
                    name: var.to_string(),
                    field_name: field_names.unique(&names::snake(var)),
                    location: ParameterLocation::Path,
                    style: ParameterStyle::Simple,
                    explode: false,
                    required: true,
                    deprecated: false,
                    description: None,
                    ty,
                    example: None,
                    content: None,
                    pointer: pointer.clone(),
                });
            }
        }
        let request_body = op.request_body.as_ref().and_then(|b| self.request_body(b, &format!("{pointer}/requestBody"), &type_stem));
        let mut responses = Vec::new();
        for (status, r) in &op.responses.responses {
            let (st, key) = match status {
                openapiv3::StatusCode::Code(c) => (Status::Code(*c), c.to_string()),
                openapiv3::StatusCode::Range(r) => (Status::Range(*r), format!("{r}XX")),
            };
            if let Some(resp) = self.response(r, st, &diagnostics::join(&format!("{pointer}/responses"), &key), &type_stem) {
                responses.push(resp);
            }
        }
        if let Some(r) = &op.responses.default {
            if let Some(resp) = self.response(r, Status::Default, &format!("{pointer}/responses/default"), &type_stem) {
                responses.push(resp);
            }
        }
        self.diagnostics.extend(statuses::range_default_overlaps(&responses, &pointer));
        let security = self.security(op.security.as_ref().or(self.spec.security.as_ref()), &pointer);
        let servers = if !op.servers.is_empty() {
            self.servers(&op.servers, &format!("{pointer}/servers"), settings)
        } else if !path_servers.is_empty() {
            self.servers(path_servers, &format!("{path_pointer}/servers"), settings)
        } else {
            Vec::new()
        };
        Operation {
            operation_id,
            synthesized_id: synthesized,
            fn_name,
            type_stem,
            method,
            // A fragment (`/#Action=X`, used by some specs only to tell operations apart) is
            // never sent: HTTP requests carry none, and the query would land inside it.
            path: path.split('#').next().unwrap_or_default().to_string(),
            pointer,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            parameters,
            request_body,
            responses,
            security,
            servers,
            pagination: None,
        }
    }

    /// A warning when a header or cookie name is not an HTTP `token` (RFC 9110 §5.6.2, the
    /// grammar of field names; RFC 6265 §4.1.1 for cookie names): no request can carry it as
    /// written.
    fn warn_unless_http_token(&mut self, pointer: &str, name: &str, cookie: bool) {
        let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if !name.is_empty() && name.bytes().all(tchar) {
            return;
        }
        let (what, example, fate) = if cookie {
            ("cookie", "session_id", "is sent percent-encoded, which the server will not recognise")
        } else {
            ("header", "X-Api-Key", "fails with `Error::Encode`")
        };
        self.diagnostics.push(
            Diagnostic::warning(pointer, format!("{name:?} is not a valid HTTP {what} name (RFC 9110 §5.6.2: a token of letters, digits and !#$%&'*+-.^_`|~)"))
                .with_help(format!("every call that sends this {what} {fate}; rename it (e.g. `{example}`)")),
        );
    }

    fn parameter(&mut self, p: &'a openapiv3::Parameter, pointer: &str, stem: &str, field_names: &mut Namer) -> Option<Parameter> {
        use openapiv3::Parameter as P;
        let d = p.parameter_data_ref();
        let (location, style) = match p {
            P::Query { style, .. } => (
                ParameterLocation::Query,
                match style {
                    openapiv3::QueryStyle::Form => ParameterStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParameterStyle::DeepObject,
                },
            ),
            P::Path { style, .. } => (
                ParameterLocation::Path,
                match style {
                    openapiv3::PathStyle::Simple => ParameterStyle::Simple,
                    openapiv3::PathStyle::Label => ParameterStyle::Label,
                    openapiv3::PathStyle::Matrix => ParameterStyle::Matrix,
                },
            ),
            P::Header { .. } => (ParameterLocation::Header, ParameterStyle::Simple),
            P::Cookie { .. } => (ParameterLocation::Cookie, ParameterStyle::Form),
        };
        if location == ParameterLocation::Header && ["accept", "content-type", "authorization"].contains(&d.name.to_ascii_lowercase().as_str()) {
            // OpenAPI 3.0 §4.7.12.1: these header parameters SHALL be ignored.
            return None;
        }
        if matches!(location, ParameterLocation::Header | ParameterLocation::Cookie) {
            self.warn_unless_http_token(pointer, &d.name, location == ParameterLocation::Cookie);
        }
        let suggested = format!("{stem}{}", names::pascal(&d.name));
        let content = match &d.format {
            openapiv3::ParameterSchemaOrContent::Content(c) => c.keys().next().map(|mt| mt.split(';').next().unwrap_or(mt).trim().to_string()),
            openapiv3::ParameterSchemaOrContent::Schema(_) => None,
        };
        let (ty, example) = match &d.format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => {
                let ex = match s {
                    ReferenceOr::Item(s) => s.schema_data.example.clone(),
                    _ => None,
                };
                (self.schemas.lower(s, &format!("{pointer}/schema"), &suggested, &suggested), ex)
            }
            openapiv3::ParameterSchemaOrContent::Content(c) => match c.iter().next().and_then(|(mt, m)| m.schema.as_ref().map(|s| (mt, s))) {
                Some((mt, s)) => {
                    let p = format!("{pointer}/content/{}/schema", diagnostics::escape_segment(mt));
                    (self.schemas.lower(s, &p, &suggested, &suggested), None)
                }
                None => {
                    self.diagnostics.push(Diagnostic::warning(pointer, "parameter has neither schema nor content schema; sdkgen uses serde_json::Value").with_help("add `schema: {type: string}`"));
                    let any = TypeDef::new(Name::None, pointer, TypeKind::Primitive { primitive: Primitive::Any, format: None });
                    (self.schemas.types.push(any), None)
                }
            },
        };
        let required = d.required || location == ParameterLocation::Path;
        Some(Parameter {
            name: d.name.clone(),
            field_name: field_names.unique(&names::snake(&d.name)),
            location,
            style,
            explode: d.explode.unwrap_or(style == ParameterStyle::Form),
            required,
            deprecated: d.deprecated.unwrap_or(false),
            description: d.description.clone(),
            ty,
            example: d.example.clone().or(example),
            content,
            pointer: pointer.to_string(),
        })
    }

    fn content(&mut self, content: &'a indexmap::IndexMap<String, openapiv3::MediaType>, pointer: &str, name: &str) -> Option<Content> {
        // The preferred kind (JSON first); among JSON media types plain `application/json` first.
        let (mt, media) = content.iter().min_by_key(|(mt, _)| {
            let plain = mt.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json");
            (BodyKind::of(mt).rank(), !plain)
        })?;
        let kind = BodyKind::of(mt);
        let media_type = mt.split(';').next().unwrap_or(mt).trim().to_string();
        let sp = format!("{pointer}/content/{}/schema", diagnostics::escape_segment(mt));
        let ty = media.schema.as_ref().map(|s| self.schemas.lower(s, &sp, name, name));
        let encoding = media.encoding.iter().filter_map(|(k, e)| e.content_type.clone().map(|ct| (k.clone(), ct))).collect();
        Some(Content { media_type, kind, ty, encoding })
    }

    fn request_body(&mut self, body: &'a ReferenceOr<openapiv3::RequestBody>, pointer: &str, stem: &str) -> Option<RequestBody> {
        let (b, comp_name) = match resolve(body, self.components().map(|c| &c.request_bodies), "#/components/requestBodies/") {
            Ok(x) => x,
            Err(msg) => {
                self.diagnostics.push(Diagnostic::error(pointer, msg).with_help("define it under components/requestBodies"));
                return None;
            }
        };
        let pointer = &comp_name.as_ref().map(|n| diagnostics::join("#/components/requestBodies", n)).unwrap_or_else(|| pointer.to_string());
        let name = comp_name.map(|n| names::pascal(&n)).unwrap_or_else(|| format!("{stem}Request"));
        let Some(content) = self.content(&b.content, pointer, &name) else {
            self.diagnostics.push(Diagnostic::warning(pointer, "request body has no content").with_help("add a media type with a schema"));
            return None;
        };
        Some(RequestBody { required: b.required, description: b.description.clone(), content, alternatives: b.content.keys().cloned().collect() })
    }

    fn response(&mut self, r: &'a ReferenceOr<openapiv3::Response>, status: Status, pointer: &str, stem: &str) -> Option<Response> {
        let (resp, comp_name) = match resolve(r, self.components().map(|c| &c.responses), "#/components/responses/") {
            Ok(x) => x,
            Err(msg) => {
                self.diagnostics.push(Diagnostic::error(pointer, msg).with_help("define it under components/responses"));
                return None;
            }
        };
        let pointer = &comp_name.as_ref().map(|n| diagnostics::join("#/components/responses", n)).unwrap_or_else(|| pointer.to_string());
        let name = comp_name.map(|n| names::pascal(&n)).unwrap_or_else(|| match status {
            s if s.is_success_or_redirect() => format!("{stem}Response"),
            Status::Code(c) => format!("{stem}Error{c}"),
            Status::Range(r) => format!("{stem}Error{r}xx"),
            Status::Default => format!("{stem}Error"),
        });
        let content = self.content(&resp.content, pointer, &name);
        let mut headers = Vec::new();
        let comp_headers = self.components().map(|c| &c.headers);
        for (hname, h) in &resp.headers {
            let hp = diagnostics::join(&format!("{pointer}/headers"), hname);
            match resolve(h, comp_headers, "#/components/headers/") {
                Ok((h, _)) => {
                    let ty = match &h.format {
                        openapiv3::ParameterSchemaOrContent::Schema(s) => {
                            let n = format!("{stem}{}", names::pascal(hname));
                            self.schemas.lower(s, &format!("{hp}/schema"), &n, &n)
                        }
                        // A header described by `content` is read as its text (the SDK does not
                        // parse structured header values).
                        openapiv3::ParameterSchemaOrContent::Content(_) => {
                            self.schemas.types.push(TypeDef::new(Name::None, &hp, TypeKind::Primitive { primitive: Primitive::String, format: None }))
                        }
                    };
                    headers.push(Header { name: hname.clone(), description: h.description.clone(), required: h.required, ty });
                }
                Err(msg) => self.diagnostics.push(Diagnostic::error(&hp, msg)),
            }
        }
        Some(Response { status, description: resp.description.clone(), content, headers })
    }

    fn security(&mut self, reqs: Option<&'a Vec<openapiv3::SecurityRequirement>>, pointer: &str) -> Vec<SecurityRequirement> {
        let Some(reqs) = reqs else { return Vec::new() };
        let defined = self.components().map(|c| &c.security_schemes);
        let mut out = Vec::new();
        for (i, req) in reqs.iter().enumerate() {
            let mut schemes = Vec::new();
            let mut scopes = Vec::new();
            let mut ok = true;
            for (name, s) in req {
                if defined.is_none_or(|d| !d.contains_key(name)) {
                    self.diagnostics.push(
                        Diagnostic::warning(format!("{pointer}/security/{i}"), format!("dangling security scheme `{name}`: not defined in components/securitySchemes"))
                            .with_help(format!("define `{name}` under components/securitySchemes; until then this alternative is never used")),
                    );
                    ok = false;
                    continue;
                }
                schemes.push(name.clone());
                scopes.push(s.clone());
            }
            if ok {
                out.push(SecurityRequirement { schemes, scopes });
            }
        }
        out
    }
}

fn location_of(p: &openapiv3::Parameter) -> ParameterLocation {
    match p {
        openapiv3::Parameter::Query { .. } => ParameterLocation::Query,
        openapiv3::Parameter::Path { .. } => ParameterLocation::Path,
        openapiv3::Parameter::Header { .. } => ParameterLocation::Header,
        openapiv3::Parameter::Cookie { .. } => ParameterLocation::Cookie,
    }
}

/// A variant name for a server: its description's significant words, else its host.
fn server_name(s: &openapiv3::Server, index: usize) -> String {
    const STOP: &[&str] = &["api", "entry", "point", "server", "the", "url", "endpoint", "base"];
    if let Some(d) = &s.description {
        let words: Vec<&str> = d.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && !STOP.contains(&w.to_ascii_lowercase().as_str())).collect();
        if !words.is_empty() && words.len() <= 4 {
            return names::pascal(&words.join(" "));
        }
    }
    let host = s.url.split("://").nth(1).unwrap_or(&s.url).split(['/', ':']).next().unwrap_or("");
    if host.is_empty() || host.contains('{') {
        return format!("Server{}", index + 1);
    }
    names::pascal(host)
}

/// The scopes of an `oauth2` scheme's flows, each once, in spec order (authorization code,
/// client credentials, password, implicit).
fn oauth2_scopes(flows: &openapiv3::OAuth2Flows) -> Vec<OAuthScope> {
    let maps = [
        ("authorizationCode", flows.authorization_code.as_ref().map(|f| &f.scopes)),
        ("clientCredentials", flows.client_credentials.as_ref().map(|f| &f.scopes)),
        ("password", flows.password.as_ref().map(|f| &f.scopes)),
        ("implicit", flows.implicit.as_ref().map(|f| &f.scopes)),
    ];
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<OAuthScope> = Vec::new();
    for (flow, scopes) in maps {
        for (name, description) in scopes.into_iter().flatten() {
            match index.get(name.as_str()) {
                Some(&i) => {
                    if let Some(s) = out.get_mut(i) {
                        s.flows.push(flow.to_string());
                    }
                }
                None => {
                    index.insert(name.as_str(), out.len());
                    out.push(OAuthScope { name: name.clone(), description: description.clone(), flows: vec![flow.to_string()] });
                }
            }
        }
    }
    out
}

/// A warning for each `include_tags` / `include_operations` entry that names no operation's
/// first tag / no operationId of the spec (a typo would otherwise give an SDK without it).
fn unmatched_selections(spec: &openapiv3::OpenAPI, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let ops: Vec<&openapiv3::Operation> = spec.paths.paths.values().filter_map(|i| i.as_item()).flat_map(|i| i.iter().map(|(_, op)| op)).collect();
    for tag in &settings.include_tags {
        if !ops.iter().any(|op| op.tags.first() == Some(tag)) {
            diagnostics.push(
                Diagnostic::warning("#/paths", format!("`include_tags` names `{tag}`, the first tag of no operation: nothing is generated for it"))
                    .with_help("operations are grouped by their first tag; check the spelling against the spec's tags"),
            );
        }
    }
    for id in &settings.include_operations {
        if !ops.iter().any(|op| op.operation_id.as_deref() == Some(id.as_str())) {
            diagnostics.push(
                Diagnostic::warning("#/paths", format!("`include_operations` names `{id}`, the operationId of no operation: nothing is generated for it"))
                    .with_help("check the spelling against the spec's operationIds"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;

    #[test]
    fn selections_that_name_nothing_are_warned_about() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: list\n      tags: [things]\n      responses: {'204': {description: ok}}\n";
        let spec = crate::load::load("t.yaml", spec.to_string()).expect("spec loads");
        let settings = Settings { include_tags: vec!["things".into(), "thigns".into()], include_operations: vec!["lsit".into()], ..Settings::default() };
        let (_, diagnostics) = crate::lower(&spec, &settings);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`thigns`") && messages[1].contains("`lsit`"), "{messages:?}");
    }

    /// Header and cookie names that are not HTTP tokens are warned about at their pointer.
    #[test]
    fn header_and_cookie_names_that_are_not_tokens_are_warned_about() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: list\n      parameters:\n        - {name: \"X-Ok_1\", in: header, schema: {type: string}}\n        - {name: \"Bad Name\", in: header, schema: {type: string}}\n        - {name: \"evil\\r\\nInjected: 1\", in: header, schema: {type: string}}\n        - {name: \"a;b\", in: cookie, schema: {type: string}}\n        - {name: \"q w\", in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: \"Api Key\"}\n    q: {type: apiKey, in: query, name: \"api key\"}\n";
        let spec = crate::load::load("t.yaml", spec.to_string()).expect("spec loads");
        let (_, diagnostics) = crate::lower(&spec, &Settings::default());
        let found: Vec<(&str, &str)> = diagnostics.iter().filter(|d| d.message.contains("is not a valid HTTP")).map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, "#/components/securitySchemes/k");
        assert!(found[1].0.ends_with("/parameters/1") && found[1].1.starts_with("\"Bad Name\" is not a valid HTTP header name"), "{found:?}");
        assert!(found[2].1.starts_with("\"evil\\r\\nInjected: 1\""), "control characters are escaped: {found:?}");
        assert!(found[3].1.contains("HTTP cookie name"), "{found:?}");
    }

    /// A response header described by `content` is read as text; a parameter whose `content`
    /// has no schema is a `serde_json::Value` with a warning; neither is an error.
    #[test]
    fn content_without_a_schema_and_content_headers_are_not_errors() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /c:\n    get:\n      operationId: getC\n      parameters:\n        - {name: c, in: query, content: {application/json: {}}}\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Meta: {content: {application/json: {schema: {type: object}}}}\n";
        let spec = crate::load::load("t.yaml", spec.to_string()).expect("spec loads");
        let (api, diagnostics) = crate::lower(&spec, &Settings::default());
        assert!(diagnostics.iter().all(|d| d.severity != crate::Severity::Error), "{diagnostics:?}");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let op = api.operations().next().unwrap();
        let kind = |id| &api.types.get(api.types.resolve(id)).kind;
        assert!(matches!(kind(op.parameters[0].ty), crate::ir::TypeKind::Primitive { primitive: crate::ir::Primitive::Any, .. }));
        assert!(matches!(kind(op.responses[0].headers[0].ty), crate::ir::TypeKind::Primitive { primitive: crate::ir::Primitive::String, .. }));
    }

    /// A path key's fragment is dropped (it is never sent); a literal query stays.
    #[test]
    fn path_templates_drop_the_fragment_and_keep_a_literal_query() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /#Action=List:\n    get:\n      operationId: list\n      responses: {'204': {description: ok}}\n  /search?type=a:\n    get:\n      operationId: search\n      responses: {'204': {description: ok}}\n";
        let spec = crate::load::load("t.yaml", spec.to_string()).expect("spec loads");
        let (api, _) = crate::lower(&spec, &Settings::default());
        let paths: Vec<(&str, &str)> = api.operations().map(|o| (o.fn_name.as_str(), o.path.as_str())).collect();
        assert_eq!(paths, [("list", "/"), ("search", "/search?type=a")]);
    }
}
