//! Services: one file per tag with a service handle, its async methods and a parameters struct per
//! operation. Methods build a `runtime::Request` and map statuses to `Ok(T)` or a typed error; all
//! HTTP work is the runtime's.

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
    /// Raw bytes.
    Bytes,
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

/// Rust type of the success value.
pub fn success_type(types: &TypeSpace, s: &Success) -> TokenStream {
    match s {
        Success::Empty => quote!(()),
        Success::Json(t) => type_ref(types, *t),
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

/// The service file for `service`.
pub fn service(api: &Api, service: &Service, diagnostics: &mut Vec<Diagnostic>) -> TokenStream {
    let types = &api.types;
    let ty = ident(&service.type_name);
    let mut methods = Vec::new();
    let mut params_structs = Vec::new();
    for op in &service.operations {
        let (m, p) = operation(api, service, op, diagnostics);
        methods.push(m);
        params_structs.push(p);
    }
    let _ = types;
    let sdoc = docs(
        service.description.as_deref(),
        &[format!("Operations tagged {}. Reached through the client's `{}()` method.", code(&service.tag), crate::names::ident_str(&service.module_name))],
    );
    quote! {
        #sdoc
        #[derive(Debug, Clone, Copy)]
        pub struct #ty<'a> {
            core: &'a crate::runtime::ClientCore,
        }

        impl<'a> #ty<'a> {
            pub(crate) fn new(core: &'a crate::runtime::ClientCore) -> Self {
                Self { core }
            }
            #(#methods)*
        }

        #(#params_structs)*
    }
}

fn operation(api: &Api, service: &Service, op: &Operation, diagnostics: &mut Vec<Diagnostic>) -> (TokenStream, TokenStream) {
    let types = &api.types;
    let fn_name = ident(&op.fn_name);
    let success = success(op);
    let ok_ty = success_type(types, &success);
    let err_ty = error_body_type(api, op);
    let method = format_ident!("{}", op.method.as_str());

    // Signature.
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let params_struct = params_name(op).map(|n| ident(&n));
    if let Some(p) = &params_struct {
        args.push(quote!(params: &#p));
        arg_docs.push(format!("`params`: the parameters, see [`{}`].", p));
    }
    let mut body_stmt = TokenStream::new();
    if let Some(body) = &op.request_body {
        let c = &body.content;
        let ct = &c.media_type;
        let (arg_ty, set) = match (c.kind, c.ty) {
            (BodyKind::Json, Some(t)) => {
                let t = type_ref(types, t);
                (quote!(&#t), quote!(req.json(body)?;))
            }
            (BodyKind::Form, Some(t)) => {
                let t = type_ref(types, t);
                (quote!(&#t), quote!(req.form(body)?;))
            }
            (BodyKind::Json | BodyKind::Form, None) => (quote!(&::serde_json::Value), quote!(req.json(body)?;)),
            (BodyKind::Multipart, _) => (quote!(::reqwest::multipart::Form), quote!(req.multipart(body);)),
            (BodyKind::Text, _) => (quote!(::std::string::String), quote!(req.text(#ct, body);)),
            (BodyKind::Binary, _) => (quote!(::bytes::Bytes), quote!(req.bytes(#ct, body);)),
        };
        let by_ref = matches!(c.kind, BodyKind::Json | BodyKind::Form);
        if body.required {
            args.push(quote!(body: #arg_ty));
            body_stmt = set;
        } else {
            args.push(quote!(body: ::std::option::Option<#arg_ty>));
            body_stmt = quote! { if let ::std::option::Option::Some(body) = body { #set } };
        }
        let _ = by_ref;
        arg_docs.push(format!(
            "`body`: the request body, sent as {}{}.",
            code(ct),
            if body.required { "" } else { "; `None` sends no body and no `Content-Type`" }
        ));
    }

    // Path.
    let mut path_expr = TokenStream::new();
    let mut literal = String::new();
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        literal.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if !literal.is_empty() {
            let l = std::mem::take(&mut literal);
            pieces.push(push_literal(&l));
        }
        match op.parameters.iter().find(|p| p.location == ParameterLocation::Path && p.name == name) {
            Some(p) => {
                let f = ident(&p.field_name);
                let style = style_tokens(p.style);
                let explode = p.explode;
                let pname = &p.name;
                pieces.push(quote!(path.push_str(&crate::runtime::encoding::path_param_named(#pname, &params.#f, #style, #explode)?);));
            }
            None => diagnostics.push(Diagnostic::error(&op.pointer, format!("path variable `{name}` has no parameter"))),
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(push_literal(&literal));
    }
    path_expr.extend(quote! {
        let mut path = ::std::string::String::new();
        #(#pieces)*
    });

    // Query, header, cookie parameters.
    let mut param_stmts = Vec::new();
    for p in &op.parameters {
        let f = ident(&p.field_name);
        let name = &p.name;
        let style = style_tokens(p.style);
        let explode = p.explode;
        let call = match p.location {
            ParameterLocation::Path => continue,
            ParameterLocation::Query => quote!(req.query(#name, value, #style, #explode)?;),
            ParameterLocation::Header => quote!(req.header(#name, value, #explode)?;),
            ParameterLocation::Cookie => quote!(req.cookie(#name, value)?;),
        };
        if p.required {
            param_stmts.push(quote! { { let value = &params.#f; #call } });
        } else {
            param_stmts.push(quote! { if let ::std::option::Option::Some(value) = &params.#f { #call } });
        }
    }

    // Accept.
    let accept = op
        .responses
        .iter()
        .filter(|r| r.status.is_success_or_redirect())
        .filter_map(|r| r.content.as_ref())
        .map(|c| c.media_type.clone())
        .next();
    let accept_stmt = match accept {
        Some(a) => quote!(req.accept(#a);),
        None => TokenStream::new(),
    };

    // Status arms.
    let arms = super::responses::arms(op, &success);
    let dispatch = super::responses::dispatch(&arms, false);

    let security = security_tokens(api, op);
    let idempotent = op.method.is_idempotent();
    // An operation- or path-level `servers` entry replaces the client's base URL (the first one,
    // with its variables' defaults).
    let server_stmt = match op.servers.first() {
        Some(s) => {
            let url = s.default_url();
            quote!(req.server(#url);)
        }
        None => TokenStream::new(),
    };

    // Docs.
    let mut extra = vec![code(&format!("{} {}", op.method.as_str(), op.path))];
    if op.deprecated {
        extra.push("**Deprecated** by the API.".into());
    }
    if !arg_docs.is_empty() {
        extra.push(format!("# Arguments\n\n{}", arg_docs.iter().map(|d| format!("* {d}")).collect::<Vec<_>>().join("\n")));
    }
    let returns = match &success {
        Success::Empty => "`()` when the server answers with a success status.".to_string(),
        Success::Json(t) => format!("The decoded {} body.", code(&super::rust::describe(types, *t))),
        Success::Bytes => "The body as bytes.".into(),
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
    let mdoc = docs(summary_and_description.as_deref(), &extra);

    // `deprecated` on the operation; `allow(deprecated)` where the method body or signature names
    // a deprecated parameter field or model.
    let deprecated_op = super::deprecation::attr(op.deprecated, super::deprecation::What::Operation);
    let touches = op.parameters.iter().any(|p| p.deprecated || super::deprecation::names_deprecated(types, p.ty))
        || op.request_body.as_ref().and_then(|b| b.content.ty).is_some_and(|t| super::deprecation::names_deprecated(types, t))
        || matches!(success, Success::Json(t) if super::deprecation::names_deprecated(types, t))
        || error_type(op).is_some_and(|t| super::deprecation::names_deprecated(types, t));
    let allow = super::deprecation::allow(touches);
    let method_tokens = quote! {
        #mdoc
        #deprecated_op
        #allow
        pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<#ok_ty, crate::Error<#err_ty>> {
            #path_expr
            let mut req = crate::runtime::Request::new(::reqwest::Method::#method, path);
            req.security(#security);
            req.idempotent(#idempotent);
            #server_stmt
            #(#param_stmts)*
            #body_stmt
            #accept_stmt
            let resp = self.core.execute(req).await?;
            #dispatch
        }
    };
    let mut method_tokens = method_tokens;
    // Typed success-response headers (`X-Rate-Remaining: integer`): a `{Stem}ResponseHeaders`
    // struct and a `{fn}_with_headers` method returning it next to the body.
    let mut headers_struct = TokenStream::new();
    if !matches!(success, Success::Redirect) {
        let mut seen = std::collections::BTreeSet::new();
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        let mut namer = crate::names::Namer::new("_");
        for r in op.responses.iter().filter(|r| r.status.is_success_or_redirect() && !r.status.is_redirect()) {
            for h in &r.headers {
                if !seen.insert(h.name.to_ascii_lowercase()) {
                    continue;
                }
                let scalar = matches!(
                    &types.get(types.resolve(h.ty)).kind,
                    TypeKind::Primitive { primitive: Primitive::String | Primitive::I32 | Primitive::I64 | Primitive::U64 | Primitive::I128 | Primitive::U128 | Primitive::F32 | Primitive::F64 | Primitive::Bool, .. }
                );
                if !scalar {
                    continue;
                }
                let f = ident(&namer.unique(&crate::names::snake(&h.name)));
                let t = type_ref(types, h.ty);
                let wire = &h.name;
                let hdoc = docs(h.description.as_deref(), &[format!("{} response header (`None` when absent or not parseable).", code(wire))]);
                fields.push(quote! { #hdoc pub #f: ::std::option::Option<#t>, });
                inits.push(quote! { #f: resp.header::<#t>(#wire), });
            }
        }
        if !fields.is_empty() {
            let hname = format_ident!("{}ResponseHeaders", op.type_stem);
            let with_fn = ident(&sibling_name(service, op, "_with_headers"));
            let sdoc = format!(" Typed headers of a successful `{}` response.", op.fn_name);
            let wdoc = format!(" Like {0}, and also returns the documented response headers, typed.

 # Errors

 As {0}.", method_link(&op.fn_name));
            let dispatch_with_headers = super::responses::dispatch(&arms, true);
            headers_struct = quote! {
                #[doc = #sdoc]
                #[derive(Debug, Clone, PartialEq, Default)]
                pub struct #hname {
                    #(#fields)*
                }
            };
            method_tokens.extend(quote! {
                #[doc = #wdoc]
                #deprecated_op
                #allow
                pub async fn #with_fn(&self, #(#args),*) -> ::std::result::Result<(#ok_ty, #hname), crate::Error<#err_ty>> {
                    #path_expr
                    let mut req = crate::runtime::Request::new(::reqwest::Method::#method, path);
                    req.security(#security);
                    req.idempotent(#idempotent);
                    #server_stmt
                    #(#param_stmts)*
                    #body_stmt
                    #accept_stmt
                    let resp = self.core.execute(req).await?;
                    let headers = #hname { #(#inits)* };
                    #dispatch_with_headers
                }
            });
        }
    }
    // A URL builder for redirecting GET operations (the browser URL of an authorization endpoint).
    if matches!(success, Success::Redirect) && op.method == Method::Get && !op.parameters.iter().any(|p| p.location == ParameterLocation::Header) {
        let url_fn = ident(&sibling_name(service, op, "_url"));
        let udoc = format!(
            " The URL of {} without sending it: the address to open in the user's browser.\n\n # Errors\n\n [`Error::Encode`](crate::Error::Encode) when a parameter cannot be encoded; [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the URL cannot be built.",
            method_link(&op.fn_name)
        );
        let args2 = if params_struct.is_some() { quote!(params: &#params_struct) } else { TokenStream::new() };
        method_tokens.extend(quote! {
            #[doc = #udoc]
            #deprecated_op
            #allow
            pub fn #url_fn(&self, #args2) -> ::std::result::Result<::url::Url, crate::Error<#err_ty>> {
                #path_expr
                let mut req = crate::runtime::Request::new(::reqwest::Method::#method, path);
                #server_stmt
                #(#param_stmts)*
                self.core.url_for(&req)
            }
        });
    }

    // Parameters struct.
    let params_tokens = match &params_struct {
        None => TokenStream::new(),
        Some(pname) => params_struct_tokens(api, op, pname),
    };
    let enums = super::responses::enums(types, op);
    (method_tokens, quote!(#params_tokens #headers_struct #enums))
}

/// `path.push_str("..")`, or `path.push('c')` for one character (clippy `single_char_add_str`).
fn push_literal(l: &str) -> TokenStream {
    let mut chars = l.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(path.push(#c);),
        _ => quote!(path.push_str(#l);),
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
        let mut extra = vec![format!("{} in {}.", code(&p.name), match p.location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        })];
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
                #[must_use]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                    self.#f = ::std::option::Option::Some(value.into());
                    self
                }
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
    quote! {
        #[doc = #doc]
        #[derive(#debug_derive Clone, PartialEq #derive_default)]
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
            #(#setters)*
        }

        #debug_impl
    }
}
