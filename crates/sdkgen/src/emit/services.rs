//! Services: one file per tag with a service handle, its async methods and a parameters struct per
//! operation. Methods build a `runtime::Request` and map statuses to `Ok(T)` or a typed error; all
//! HTTP work is the runtime's.

mod pagination;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::code;
use super::rust::{docs, ident, is_string, type_ref};
use crate::diagnostics::Diagnostic;
use crate::ir::*;

/// What an operation returns on success.
pub enum Success {
    /// `()`.
    Empty,
    /// A JSON body of this type.
    Json(TypeId),
    /// Raw bytes, read whole (a body next to others of other kinds, or JSON without a schema).
    Bytes,
    /// A binary body as it arrives (`runtime::ByteStream`).
    ByteStream,
    /// Server-sent events whose data is JSON of this type; text for `None` or a string schema.
    Events(Option<TypeId>),
    /// JSON lines of this type (`serde_json::Value` for `None`).
    JsonLines(Option<TypeId>),
    /// Text.
    Text,
    /// A 3xx redirect (never followed).
    Redirect,
    /// Several 2xx responses with different bodies: the enum of this name, decoded by status.
    Variants(String),
}

/// The success shape of an operation: an enum by status when its 2xx responses document
/// different bodies, else the one body type (the lowest 2xx with a body, else 2xx without, else
/// 3xx).
pub fn success(op: &Operation) -> Success {
    if super::responses::success_variants(op).is_some() {
        return Success::Variants(super::responses::success_enum_name(op));
    }
    let mut ok: Vec<&Response> = op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()).collect();
    ok.sort_by_key(|r| match r.status {
        Status::Code(c) => c,
        Status::Range(r) => r * 100,
        Status::Default => 999,
    });
    if let Some(r) = ok.iter().find(|r| r.content.is_some()) {
        let c = r.content.as_ref().map(|c| (c.kind, c.ty));
        return match c {
            Some((BodyKind::Json, Some(ty))) => Success::Json(ty),
            Some((BodyKind::Text, _)) => Success::Text,
            Some((BodyKind::Json, None)) => Success::Bytes,
            Some((BodyKind::Binary, _)) => Success::ByteStream,
            Some((BodyKind::EventStream, ty)) => Success::Events(ty),
            Some((BodyKind::JsonLines, ty)) => Success::JsonLines(ty),
            Some(_) => Success::Bytes,
            None => Success::Empty,
        };
    }
    if ok.is_empty() && op.responses.iter().any(|r| r.status.is_redirect()) {
        return Success::Redirect;
    }
    Success::Empty
}

/// The error body type of an operation: the one JSON schema its error responses share, if any.
pub fn error_type(op: &Operation) -> Option<TypeId> {
    match super::responses::error_types(op)[..] {
        [t] => Some(t),
        _ => None,
    }
}

impl Success {
    /// Whether the success body is handed over as it arrives (`ClientCore::execute_stream`).
    pub fn is_streamed(&self) -> bool {
        matches!(self, Success::ByteStream | Success::Events(_) | Success::JsonLines(_))
    }
}

/// Rust type of the success value; `err` is the error body type (streams carry it for their
/// items).
pub fn success_type(types: &TypeSpace, s: &Success, err: &TokenStream) -> TokenStream {
    match s {
        Success::ByteStream | Success::Events(_) | Success::JsonLines(_) => super::streams::success_type(types, s, err),
        Success::Empty => quote!(()),
        // A body that may be `null` is an `Option`.
        Success::Json(t) => super::rust::element_ref(types, *t),
        Success::Bytes => quote!(::bytes::Bytes),
        Success::Text => quote!(::std::string::String),
        Success::Redirect => quote!(crate::runtime::Redirect),
        Success::Variants(name) => {
            let n = ident(name);
            quote!(#n)
        }
    }
}

/// Rust type of the error body: the one schema, the enum by status, or `serde_json::Value`.
pub fn error_body_type(api: &Api, op: &Operation) -> TokenStream {
    if super::responses::error_variants(op).is_some() {
        let n = ident(&super::responses::error_enum_name(op));
        return quote!(#n);
    }
    match error_type(op) {
        Some(t) => type_ref(&api.types, t),
        None => quote!(::serde_json::Value),
    }
}

/// The method name of an operation's sibling method (`_with_headers`, `_url`), next to the
/// service's operation methods (`names::sibling`).
pub fn sibling_name(service: &Service, op: &Operation, suffix: &str) -> String {
    crate::names::sibling(&op.fn_name, suffix, &|n| service.operations.iter().any(|o| o.fn_name == n))
}

/// A rustdoc link to a method of the service handle; code without a link for a raw identifier
/// (`r#type`), which rustdoc cannot link to.
fn method_link(fn_name: &str) -> String {
    let name = crate::names::ident_str(fn_name);
    if name.starts_with("r#") { format!("`{name}`") } else { format!("[`{name}`](Self::{name})") }
}

/// Name of the parameters struct of an operation, if it has parameters.
pub fn params_name(op: &Operation) -> Option<String> {
    if op.parameters.is_empty() { None } else { Some(format!("{}Params", op.type_stem)) }
}

fn style_tokens(s: ParameterStyle) -> TokenStream {
    match s {
        ParameterStyle::Form => quote!(crate::runtime::ParamStyle::Form),
        ParameterStyle::Simple => quote!(crate::runtime::ParamStyle::Simple),
        ParameterStyle::Label => quote!(crate::runtime::ParamStyle::Label),
        ParameterStyle::Matrix => quote!(crate::runtime::ParamStyle::Matrix),
        ParameterStyle::SpaceDelimited => quote!(crate::runtime::ParamStyle::SpaceDelimited),
        ParameterStyle::PipeDelimited => quote!(crate::runtime::ParamStyle::PipeDelimited),
        ParameterStyle::DeepObject => quote!(crate::runtime::ParamStyle::DeepObject),
    }
}

/// The `[[SecurityScheme]]` alternatives of an operation (OR of AND), as a constant expression.
fn security_tokens(api: &Api, op: &Operation) -> TokenStream {
    let alts: Vec<TokenStream> = op
        .security
        .iter()
        .map(|req| {
            let schemes: Vec<TokenStream> = req
                .schemes
                .iter()
                .filter_map(|name| {
                    let s = api.scheme(name)?;
                    let kind = match &s.kind {
                        SecuritySchemeKind::HttpBasic => quote!(crate::runtime::SchemeKind::HttpBasic),
                        SecuritySchemeKind::HttpBearer => quote!(crate::runtime::SchemeKind::HttpBearer),
                        SecuritySchemeKind::OAuth2 { .. } => quote!(crate::runtime::SchemeKind::OAuth2),
                        SecuritySchemeKind::OpenIdConnect { .. } => quote!(crate::runtime::SchemeKind::OpenIdConnect),
                        SecuritySchemeKind::ApiKey { location, param } => {
                            let loc = match location {
                                ApiKeyLocation::Query => quote!(crate::runtime::ApiKeyLocation::Query),
                                ApiKeyLocation::Header => quote!(crate::runtime::ApiKeyLocation::Header),
                                ApiKeyLocation::Cookie => quote!(crate::runtime::ApiKeyLocation::Cookie),
                            };
                            quote!(crate::runtime::SchemeKind::ApiKey { location: #loc, param: #param })
                        }
                        SecuritySchemeKind::HttpOther { .. } => return None,
                    };
                    Some(quote!(crate::runtime::SecurityScheme { name: #name, kind: #kind }))
                })
                .collect();
            quote!(&[#(#schemes),*])
        })
        .collect();
    quote!(&[#(#alts),*])
}

/// The security requirements of a service's operations, one constant per distinct set
/// (`SECURITY_OAUTH2`, `SECURITY_ANONYMOUS_OR_BASIC`), so an operation names its set in one word.
struct SecurityConstants {
    /// (expression, constant name, doc) in order of first use.
    sets: Vec<(String, proc_macro2::Ident, String)>,
    items: Vec<TokenStream>,
}

impl SecurityConstants {
    fn new(api: &Api, service: &Service) -> Self {
        let mut namer = crate::names::Namer::new("_");
        let mut out = SecurityConstants { sets: Vec::new(), items: Vec::new() };
        for op in &service.operations {
            if op.security.is_empty() {
                continue;
            }
            let value = security_tokens(api, op);
            let key = value.to_string();
            if out.sets.iter().any(|(k, _, _)| *k == key) {
                continue;
            }
            let words: Vec<String> = op
                .security
                .iter()
                .map(|req| if req.schemes.is_empty() { "anonymous".to_string() } else { req.schemes.join(" and ") })
                .collect();
            let mut base = format!("SECURITY_{}", crate::names::constant(&words.join(" or ")));
            if base.len() > 60 {
                base = "SECURITY".into();
            }
            let name = ident(&namer.unique(&base));
            let shown: Vec<String> = op
                .security
                .iter()
                .map(|req| if req.schemes.is_empty() { "anonymous".to_string() } else { req.schemes.iter().map(|s| code(s)).collect::<Vec<_>>().join(" and ") })
                .collect();
            let doc = format!(" Security requirement of operations of this service: {}.", shown.join(", or "));
            out.items.push(quote! {
                #[doc = #doc]
                const #name: &[&[crate::runtime::SecurityScheme]] = #value;
            });
            out.sets.push((key, name, doc));
        }
        out
    }

    /// `req.security(SECURITY_X);`, or nothing for an operation without security.
    fn statement(&self, api: &Api, op: &Operation) -> TokenStream {
        if op.security.is_empty() {
            return TokenStream::new();
        }
        let key = security_tokens(api, op).to_string();
        match self.sets.iter().find(|(k, _, _)| *k == key) {
            Some((_, name, _)) => quote!(req.security(#name);),
            None => TokenStream::new(),
        }
    }
}

/// The service file for `service`.
pub fn service(api: &Api, service: &Service, diagnostics: &mut Vec<Diagnostic>) -> TokenStream {
    let ty = ident(&service.type_name);
    let security = SecurityConstants::new(api, service);
    let mut methods = Vec::new();
    let mut op_types = Vec::new();
    for op in &service.operations {
        let (m, t) = operation(api, service, op, &security, diagnostics);
        methods.push(m);
        op_types.push(t);
    }
    let sdoc = docs(
        service.description.as_deref(),
        &[format!("Operations tagged {}. Reached through the client's `{}()` method.", code(&service.tag), crate::names::ident_str(&service.module_name))],
    );
    let constants = &security.items;
    let with_options = with_options_method(&ty);
    quote! {
        #sdoc
        #[derive(Debug, Clone, Copy)]
        pub struct #ty<'a> {
            core: crate::runtime::ServiceCore<'a>,
        }

        impl<'a> #ty<'a> {
            pub(crate) fn new(core: &'a crate::runtime::ClientCore) -> Self {
                Self { core: crate::runtime::ServiceCore::new(core) }
            }
            #with_options
            #(#methods)*
        }

        #(#constants)*

        #(#op_types)*
    }
}

/// `with_options`: the same service whose calls use per-request options (one method per service,
/// none per operation: the plain call stays as it is).
fn with_options_method(ty: &proc_macro2::Ident) -> TokenStream {
    quote! {
        /// The same operations, each call made with `options` (timeout, extra headers and query
        /// parameters, retry policy, idempotency key, base URL): see
        /// [`RequestOptions`](crate::RequestOptions). Options given here replace earlier ones.
        #[must_use]
        pub fn with_options<'b>(self, options: &'b crate::RequestOptions) -> #ty<'b>
        where
            'a: 'b,
        {
            #ty { core: self.core.with_options(options) }
        }
    }
}

/// What the methods of one operation share: their arguments, the statements that build its
/// `runtime::Request`, the types they return, and the attributes they carry.
struct OperationParts {
    fn_name: proc_macro2::Ident,
    success: Success,
    ok_ty: TokenStream,
    err_ty: TokenStream,
    /// `params: &XParams`, `body: &T`.
    args: Vec<TokenStream>,
    /// One `* ...` line per argument, for the docs.
    arg_docs: Vec<String>,
    /// `Request::for_operation("operationId", method, "/path/{template}")`.
    new_request: TokenStream,
    /// The security requirement (`req.security(SECURITY_X);`), if the operation has one.
    security: TokenStream,
    /// The operation's own server, then one statement per parameter.
    fill: Vec<TokenStream>,
    /// The statement that sets the body, if there is one.
    body: TokenStream,
    /// `req.accept(...)`, if a success response has a body.
    accept: TokenStream,
    /// `#[deprecated]` and `#[allow(deprecated)]`, as the operation needs them.
    attrs: TokenStream,
}

/// The methods of one operation (the call, and its `_with_headers` and `_url` siblings when it
/// has them) and the types only it uses (parameters struct, headers struct, status enums).
fn operation(api: &Api, service: &Service, op: &Operation, security: &SecurityConstants, diagnostics: &mut Vec<Diagnostic>) -> (TokenStream, TokenStream) {
    let parts = operation_parts(api, op, security, diagnostics);
    let mut methods = call_method(api, op, &parts);
    let (headers_struct, with_headers) = headers_method(api, service, op, &parts);
    methods.extend(with_headers);
    methods.extend(url_method(service, op, &parts));
    methods.extend(pagination::methods(api, service, op, &parts));
    let params = match params_name(op) {
        Some(name) => params_struct_tokens(api, op, &ident(&name)),
        None => TokenStream::new(),
    };
    let enums = super::responses::enums(&api.types, op);
    let form = super::streams::form_struct(api, op);
    (methods, quote!(#params #headers_struct #enums #form))
}

fn operation_parts(api: &Api, op: &Operation, security: &SecurityConstants, diagnostics: &mut Vec<Diagnostic>) -> OperationParts {
    let types = &api.types;
    let success = success(op);
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    if let Some(p) = params_name(op) {
        let p = ident(&p);
        args.push(quote!(params: &#p));
        arg_docs.push(format!("`params`: the parameters, see [`{}`].", p));
    }
    let mut body = TokenStream::new();
    if let Some(b) = &op.request_body {
        let (arg, set, doc) = body_argument(types, b);
        args.push(arg);
        arg_docs.push(doc);
        body = set;
    }
    let method = format_ident!("{}", op.method.as_str());
    let template = path_template(op, diagnostics);
    let security = security.statement(api, op);
    // An operation- or path-level `servers` entry replaces the client's base URL (the first one,
    // with its variables' defaults).
    let server = op.servers.first().map(|s| {
        let url = s.default_url();
        quote!(req.server(#url);)
    });
    let fill: Vec<TokenStream> = server.into_iter().chain(parameter_statements(&api.types, op)).collect();
    let accept = op
        .responses
        .iter()
        .filter(|r| r.status.is_success_or_redirect())
        .filter_map(|r| r.content.as_ref())
        .map(|c| c.media_type.clone())
        .next()
        .map(|a| quote!(req.accept(#a);))
        .unwrap_or_default();
    OperationParts {
        fn_name: ident(&op.fn_name),
        ok_ty: success_type(types, &success, &error_body_type(api, op)),
        err_ty: error_body_type(api, op),
        success,
        args,
        arg_docs,
        new_request: {
            let id = &op.operation_id;
            quote!(crate::runtime::Request::for_operation(#id, ::reqwest::Method::#method, #template))
        },
        security,
        fill,
        body,
        accept,
        attrs: operation_attrs(types, op),
    }
}

/// The body argument (`body: &T`, `body: Option<&T>`), the statement that sets it, its doc line.
fn body_argument(types: &TypeSpace, body: &RequestBody) -> (TokenStream, TokenStream, String) {
    let c = &body.content;
    let ct = &c.media_type;
    let (arg_ty, set) = match (c.kind, c.ty) {
        (BodyKind::Json, Some(t)) => {
            let set = match super::rust::adapter(types, t) {
                // A body that is a typed format itself (an array of UUIDs): written by its adapter.
                Some(a) => quote!(req.json(&::serde_with::ser::SerializeAsWrap::<_, #a>::new(body))?;),
                None => quote!(req.json(body)?;),
            };
            let t = type_ref(types, t);
            (quote!(&#t), set)
        }
        (BodyKind::Form, Some(t)) => {
            let t = type_ref(types, t);
            (quote!(&#t), quote!(req.form(body)?;))
        }
        (BodyKind::Json | BodyKind::Form, None) => (quote!(&::serde_json::Value), quote!(req.json(body)?;)),
        (BodyKind::Multipart, _) => (super::streams::multipart_arg(body.required), quote!(req.multipart(body)?;)),
        (BodyKind::Text, _) => (quote!(::std::string::String), quote!(req.text(#ct, body);)),
        (BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines, _) => (super::streams::upload_arg(body.required), quote!(req.upload(#ct, body);)),
    };
    let doc = format!(
        "`body`: the request body, sent as {}{}.",
        code(ct),
        if body.required { "" } else { "; `None` sends no body and no `Content-Type`" }
    );
    if body.required {
        (quote!(body: #arg_ty), set, doc)
    } else {
        (quote!(body: ::std::option::Option<#arg_ty>), quote! { if let ::std::option::Option::Some(body) = body { #set } }, doc)
    }
}

/// The operation's path as written in the spec (`/account/{accountId}`): the runtime fills in
/// each `{name}` (`req.path_param`). A variable without a parameter is an error.
fn path_template(op: &Operation, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if !op.parameters.iter().any(|p| p.location == ParameterLocation::Path && p.name == name) {
            diagnostics.push(Diagnostic::error(&op.pointer, format!("path variable `{name}` has no parameter")));
        }
    }
    op.path.clone()
}

/// One statement per parameter, in the operation's order: path parameters fill in the
/// template, the others are added to the query, headers or cookies. An unset optional parameter
/// (`None`) is skipped by the runtime, so required and optional ones read alike. The default
/// styles (`simple` for paths, exploded `form` for queries) go unsaid.
fn parameter_statements(types: &TypeSpace, op: &Operation) -> Vec<TokenStream> {
    op.parameters
        .iter()
        .map(|p| {
            let f = ident(&p.field_name);
            let name = &p.name;
            let style = style_tokens(p.style);
            let explode = p.explode;
            // A typed format is written as its text by the runtime's adapter.
            let adapter = if p.is_json_content() { super::rust::adapter(types, p.ty) } else { super::rust::param_adapter(types, p.ty) };
            let value = if p.is_json_content() {
                // `content: application/json`: the value's JSON text, one string in the
                // parameter's place (percent-encoded like any other).
                let wrap = |v: TokenStream| match &adapter {
                    Some(a) => quote!(crate::runtime::serde_support::JsonText(::serde_with::ser::SerializeAsWrap::<_, #a>::new(#v))),
                    None => quote!(crate::runtime::serde_support::JsonText(#v)),
                };
                match (&adapter, p.required) {
                    (_, true) => {
                        let w = wrap(quote!(&params.#f));
                        quote!(&#w)
                    }
                    (None, false) => quote!(&params.#f.as_ref().map(crate::runtime::serde_support::JsonText)),
                    (Some(_), false) => {
                        let w = wrap(quote!(v));
                        quote!(&params.#f.as_ref().map(|v| #w))
                    }
                }
            } else {
                match adapter {
                    Some(a) if p.required => quote!(&::serde_with::ser::SerializeAsWrap::<_, #a>::new(&params.#f)),
                    Some(a) => quote!(&::serde_with::ser::SerializeAsWrap::<_, ::std::option::Option<#a>>::new(&params.#f)),
                    None => quote!(&params.#f),
                }
            };
            match p.location {
                ParameterLocation::Path if p.style == ParameterStyle::Simple && !explode => quote!(req.path_param(#name, #value)?;),
                ParameterLocation::Path => quote!(req.path_param_styled(#name, #value, #style, #explode)?;),
                ParameterLocation::Query if p.style == ParameterStyle::Form && explode => quote!(req.query_param(#name, #value)?;),
                ParameterLocation::Query => quote!(req.query(#name, #value, #style, #explode)?;),
                ParameterLocation::Header => quote!(req.header(#name, #value, #explode)?;),
                ParameterLocation::Cookie => quote!(req.cookie(#name, #value)?;),
            }
        })
        .collect()
}

/// `#[deprecated]` on a deprecated operation; `#[allow(deprecated)]` where the methods' bodies
/// or signatures name a deprecated parameter field or model.
fn operation_attrs(types: &TypeSpace, op: &Operation) -> TokenStream {
    let deprecated = super::deprecation::attr(op.deprecated, super::deprecation::What::Operation);
    let touches = op.parameters.iter().any(|p| p.deprecated || super::deprecation::names_deprecated(types, p.ty))
        || op.request_body.as_ref().and_then(|b| b.content.ty).is_some_and(|t| super::deprecation::names_deprecated(types, t))
        || matches!(success(op), Success::Json(t) if super::deprecation::names_deprecated(types, t))
        || error_type(op).is_some_and(|t| super::deprecation::names_deprecated(types, t));
    let allow = super::deprecation::allow(touches);
    quote!(#deprecated #allow)
}

/// `let mut req = ...;` and the statements that fill it in (`let req` when there are none).
fn build_request(new_request: &TokenStream, statements: &[&TokenStream]) -> TokenStream {
    let statements: Vec<&&TokenStream> = statements.iter().filter(|t| !t.is_empty()).collect();
    if statements.is_empty() {
        quote!(let req = #new_request;)
    } else {
        quote! {
            let mut req = #new_request;
            #(#statements)*
        }
    }
}

/// The statements of a request that is sent: security, server, parameters, body, `Accept`.
fn sent_request(parts: &OperationParts) -> TokenStream {
    let mut statements = vec![&parts.security];
    statements.extend(parts.fill.iter());
    statements.extend([&parts.body, &parts.accept]);
    build_request(&parts.new_request, &statements)
}

/// `execute`, or `execute_stream` for a success body handed over as it arrives.
fn execute_fn(success: &Success) -> proc_macro2::Ident {
    format_ident!("{}", if success.is_streamed() { "execute_stream" } else { "execute" })
}

/// The operation's method: build the request, send it, map the status.
fn call_method(api: &Api, op: &Operation, parts: &OperationParts) -> TokenStream {
    let OperationParts { fn_name, ok_ty, err_ty, args, attrs, .. } = parts;
    let request = sent_request(parts);
    let doc = method_docs(&api.types, op, parts);
    let dispatch = super::responses::dispatch(&super::responses::arms(&api.types, op, &parts.success), false);
    let execute = execute_fn(&parts.success);
    quote! {
        #doc
        #attrs
        pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<#ok_ty, crate::Error<#err_ty>> {
            #request
            let resp = self.core.#execute(req).await?;
            #dispatch
        }
    }
}

/// The docs of the operation's method: summary, description, `METHOD /path`, arguments,
/// returns and errors.
fn method_docs(types: &TypeSpace, op: &Operation, parts: &OperationParts) -> TokenStream {
    let mut extra = vec![code(&format!("{} {}", op.method.as_str(), op.path))];
    if op.deprecated {
        extra.push("**Deprecated** by the API.".into());
    }
    if !parts.arg_docs.is_empty() {
        extra.push(format!("# Arguments\n\n{}", parts.arg_docs.iter().map(|d| format!("* {d}")).collect::<Vec<_>>().join("\n")));
    }
    let returns = match &parts.success {
        Success::Empty => "`()` when the server answers with a success status.".to_string(),
        Success::Json(t) => format!("The decoded {} body.", code(&super::rust::describe(types, *t))),
        Success::Bytes => "The body as bytes.".into(),
        Success::ByteStream | Success::Events(_) | Success::JsonLines(_) => super::streams::returns_doc(types, &parts.success),
        Success::Text => "The body as text.".into(),
        Success::Redirect => "The redirect ([`Redirect`](crate::runtime::Redirect)): any 3xx answer, with its `Location`; it is never followed.".into(),
        Success::Variants(name) => format!("A [`{name}`]: the variant of the documented success status, with its decoded body."),
    };
    extra.push(format!("# Returns\n\n{returns}"));
    let documented: Vec<String> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success_or_redirect())
        .map(|r| {
            let s = match r.status {
                Status::Code(c) => c.to_string(),
                Status::Range(d) => format!("{d}XX"),
                Status::Default => "other".into(),
            };
            format!("* {s}: {}", super::doc::cell(r.description.lines().next().unwrap_or("")).replace("\\|", "|"))
        })
        .collect();
    let mut errors = String::from(
        "# Errors\n\n[`Error::Api`](crate::Error::Api) for a documented error status (with the raw body, and the typed body when it decodes as documented), [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for any other status, [`Error::Decode`](crate::Error::Decode) when a success body is not the documented JSON, [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) past the client's body size limit, and transport errors ([`Error::Timeout`](crate::Error::Timeout), [`Error::Connect`](crate::Error::Connect), [`Error::Transport`](crate::Error::Transport)).",
    );
    if !documented.is_empty() {
        errors.push_str("\n\nDocumented error statuses:\n\n");
        errors.push_str(&documented.join("\n"));
    }
    extra.push(errors);
    let summary_and_description = match (&op.summary, &op.description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(s), None) => Some(s.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    };
    docs(summary_and_description.as_deref(), &extra)
}

/// Typed success-response headers (`X-Rate-Remaining: integer`): a `{Stem}ResponseHeaders`
/// struct and a `{fn}_with_headers` method returning it next to the body; nothing when no
/// success response documents a scalar header.
fn headers_method(api: &Api, service: &Service, op: &Operation, parts: &OperationParts) -> (TokenStream, TokenStream) {
    let types = &api.types;
    if matches!(parts.success, Success::Redirect) {
        return (TokenStream::new(), TokenStream::new());
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut namer = crate::names::Namer::new("_");
    for r in op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()) {
        for h in &r.headers {
            if !seen.insert(h.name.to_ascii_lowercase()) {
                continue;
            }
            let TypeKind::Primitive { primitive, .. } = types.get(types.resolve(h.ty)).kind else { continue };
            let parser = typed_header_parser(primitive);
            let scalar = parser.is_some()
                || primitive.is_integer()
                || matches!(primitive, Primitive::String | Primitive::F32 | Primitive::F64 | Primitive::Bool | Primitive::Ipv4 | Primitive::Ipv6);
            if !scalar {
                continue;
            }
            let f = ident(&namer.unique(&crate::names::snake(&h.name)));
            let t = type_ref(types, h.ty);
            let wire = &h.name;
            let hdoc = docs(h.description.as_deref(), &[format!("{} response header (`None` when absent or not parseable).", code(wire))]);
            fields.push(quote! { #hdoc pub #f: ::std::option::Option<#t>, });
            inits.push(match parser {
                // Typed formats: the runtime's tolerant parser, as in bodies.
                Some(parse) => quote! { #f: crate::runtime::formats::header(resp.header::<::std::string::String>(#wire), #parse), },
                None => quote! { #f: resp.header::<#t>(#wire), },
            });
        }
    }
    if fields.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let OperationParts { ok_ty, err_ty, args, attrs, .. } = parts;
    let request = sent_request(parts);
    let hname = format_ident!("{}ResponseHeaders", op.type_stem);
    let with_fn = ident(&sibling_name(service, op, "_with_headers"));
    let sdoc = format!(" Typed headers of a successful `{}` response.", op.fn_name);
    let wdoc = format!(" Like {0}, and also returns the documented response headers, typed.\n\n # Errors\n\n As {0}.", method_link(&op.fn_name));
    let dispatch = super::responses::dispatch(&super::responses::arms(&api.types, op, &parts.success), true);
    let execute = execute_fn(&parts.success);
    let headers_struct = quote! {
        #[doc = #sdoc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #hname {
            #(#fields)*
        }
    };
    let method = quote! {
        #[doc = #wdoc]
        #attrs
        pub async fn #with_fn(&self, #(#args),*) -> ::std::result::Result<(#ok_ty, #hname), crate::Error<#err_ty>> {
            #request
            let resp = self.core.#execute(req).await?;
            let headers = #hname { #(#inits)* };
            #dispatch
        }
    };
    (headers_struct, method)
}

/// The runtime parser of a typed format in a response header (`formats::parse_date_time`...);
/// `None` for other primitives (read with `FromStr`).
fn typed_header_parser(p: Primitive) -> Option<TokenStream> {
    let f = match p {
        Primitive::DateTime => quote!(parse_date_time),
        Primitive::Date => quote!(parse_date),
        Primitive::Time => quote!(parse_time),
        Primitive::Duration => quote!(parse_duration),
        Primitive::Uuid => quote!(parse_uuid),
        Primitive::Url => quote!(parse_url),
        Primitive::Bytes => quote!(parse_base64),
        Primitive::Decimal | Primitive::DecimalString => quote!(parse_decimal),
        _ => return None,
    };
    Some(quote!(crate::runtime::formats::#f))
}

/// A URL builder for a redirecting GET operation without header parameters (the browser URL of
/// an authorization endpoint); nothing for other operations.
fn url_method(service: &Service, op: &Operation, parts: &OperationParts) -> TokenStream {
    if !matches!(parts.success, Success::Redirect) || op.method != Method::Get || op.parameters.iter().any(|p| p.location == ParameterLocation::Header) {
        return TokenStream::new();
    }
    let OperationParts { err_ty, attrs, .. } = parts;
    // Never sent: no security requirement, body or `Accept`.
    let request = build_request(&parts.new_request, &parts.fill.iter().collect::<Vec<_>>());
    let url_fn = ident(&sibling_name(service, op, "_url"));
    let doc = format!(
        " The URL of {} without sending it: the address to open in the user's browser.\n\n # Errors\n\n [`Error::Encode`](crate::Error::Encode) when a parameter cannot be encoded; [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the URL cannot be built.",
        method_link(&op.fn_name)
    );
    let args = params_name(op).map(|p| {
        let p = ident(&p);
        quote!(params: &#p)
    });
    quote! {
        #[doc = #doc]
        #attrs
        pub fn #url_fn(&self, #args) -> ::std::result::Result<::url::Url, crate::Error<#err_ty>> {
            #request
            self.core.url_for(&req)
        }
    }
}

fn params_struct_tokens(api: &Api, op: &Operation, pname: &proc_macro2::Ident) -> TokenStream {
    let types = &api.types;
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_fields = Vec::new();
    let mut setters = Vec::new();
    let mut debug_fields = Vec::new();
    let mut any_secret = false;
    let mut all_optional = true;
    for p in &op.parameters {
        let f = ident(&p.field_name);
        let t = type_ref(types, p.ty);
        let mut extra = vec![format!(
            "{} in {}{}.",
            code(&p.name),
            match p.location {
                ParameterLocation::Path => "path",
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie => "cookie",
            },
            if p.is_json_content() { ", sent as its JSON text" } else { "" }
        )];
        if p.deprecated {
            extra.push("**Deprecated** by the API.".into());
        }
        if let Some(d) = &types.get(p.ty).default {
            extra.push(format!("The server's default is {}; it is sent only when set.", code(&d.to_string())));
        }
        let pdoc = docs(p.description.as_deref(), &extra);
        let pdoc = {
            let deprecated = super::deprecation::attr(p.deprecated, super::deprecation::What::Parameter);
            quote!(#pdoc #deprecated)
        };
        let setter_deprecated = super::deprecation::attr(p.deprecated, super::deprecation::What::Parameter);
        let secret = crate::secrets::is_secret_parameter(api, &p.name, p.location, p.ty);
        any_secret |= secret;
        let fname = &p.field_name;
        if p.required {
            all_optional = false;
            fields.push(quote! { #pdoc pub #f: #t, });
            if is_string(types, p.ty) {
                ctor_args.push(quote!(#f: impl ::std::convert::Into<::std::string::String>));
                ctor_fields.push(quote!(#f: #f.into()));
            } else {
                ctor_args.push(quote!(#f: #t));
                ctor_fields.push(quote!(#f));
            }
            debug_fields.push(if secret { quote!(.field(#fname, &crate::runtime::serde_support::Redacted)) } else { quote!(.field(#fname, &self.#f)) });
        } else {
            fields.push(quote! { #pdoc pub #f: ::std::option::Option<#t>, });
            ctor_fields.push(quote!(#f: ::std::option::Option::None));
            let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
            let sdoc = format!(" Sets {}.", code(&p.name));
            setters.push(quote! {
                #[doc = #sdoc]
                #setter_deprecated
                fn #setter(#f: #t);
            });
            debug_fields.push(if secret {
                quote!(.field(#fname, &self.#f.as_ref().map(|_| crate::runtime::serde_support::Redacted)))
            } else {
                quote!(.field(#fname, &self.#f))
            });
        }
    }
    let doc = format!(" Parameters of `{}` ({}). Required ones are set by [`new`](Self::new), optional ones with the `with_*` methods.", op.fn_name, code(&format!("{} {}", op.method.as_str(), op.path)));
    let derive_default = if all_optional { quote!(, Default) } else { TokenStream::new() };
    let name_str = pname.to_string();
    let allow = super::deprecation::allow(op.parameters.iter().any(|p| p.deprecated || super::deprecation::names_deprecated(types, p.ty)));
    let setters = super::models::setters_item(pname, allow.clone(), &setters);
    let (debug_derive, debug_impl) = if any_secret {
        (
            TokenStream::new(),
            quote! {
                #allow
                impl ::std::fmt::Debug for #pname {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#name_str) #(#debug_fields)* .finish()
                    }
                }
            },
        )
    } else {
        (quote!(Debug,), TokenStream::new())
    };
    let grows = if api.non_exhaustive { quote!(#[non_exhaustive]) } else { TokenStream::new() };
    quote! {
        #[doc = #doc]
        #[derive(#debug_derive Clone, PartialEq #derive_default)]
        #grows
        #allow
        pub struct #pname {
            #(#fields)*
        }

        #allow
        impl #pname {
            /// Parameters with the required values set and every optional one unset.
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_fields),* }
            }
        }

        #setters

        #debug_impl
    }
}
