//! The flow-level OAuth API of a generated client, from the spec's first `oauth2` security scheme
//! with a `tokenUrl` (else its first `openIdConnect` scheme, whose endpoints come from discovery
//! at run time): the endpoints, `authorization_code(redirect_uri)`, token holders, the builder's
//! grants that obtain tokens by themselves (`client_credentials`, `jwt_assertion`), the
//! `scopes` module, and `OAuthOperations`: the flows' token requests through the API's own token
//! and revocation operations when the spec describes them in a shape the flows can fill in.
//! Spec text reaches docs only through `emit/doc.rs`, identifiers only through `names.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::code;
use super::rust::{ident, is_string, type_ref};
use crate::ir::*;

/// What the crate root gets for OAuth: items after the client, builder fields, builder methods,
/// and the statement of `build()` that installs a grant (it sees `inner: ClientCore` and
/// `self`).
pub struct OAuthParts {
    /// Statics and the client's `impl` block.
    pub items: TokenStream,
    /// Extra builder fields.
    pub builder_fields: TokenStream,
    /// Extra builder methods.
    pub builder_methods: TokenStream,
    /// What `client_credentials` adds: the client-credentials grant.
    pub client_credentials_grant: TokenStream,
    /// Turns `core` into the client's core with the grant's tokens.
    pub build_hook: TokenStream,
}

/// Where the flows' endpoints come from.
enum Source {
    /// The `oauth2` scheme: `(authorizationUrl, tokenUrl, refreshUrl, scopes)`.
    OAuth2 { authorization: Option<String>, token: String, refresh: Option<String>, scopes: Vec<OAuthScope> },
    /// The `openIdConnect` scheme's discovery URL.
    Discovery(String),
}

fn source(api: &Api) -> Option<Source> {
    let oauth2 = api.security_schemes.iter().find_map(|s| match &s.kind {
        SecuritySchemeKind::OAuth2 { authorization_url, token_url: Some(t), refresh_url, scopes } => Some(Source::OAuth2 {
            authorization: authorization_url.clone(),
            token: t.clone(),
            refresh: refresh_url.clone(),
            scopes: scopes.clone(),
        }),
        _ => None,
    });
    oauth2.or_else(|| {
        api.security_schemes.iter().find_map(|s| match &s.kind {
            SecuritySchemeKind::OpenIdConnect { url } if !url.is_empty() => Some(Source::Discovery(url.clone())),
            _ => None,
        })
    })
}

/// The declared scopes of the spec's `oauth2` scheme (empty for an `openIdConnect` one).
pub fn scopes(api: &Api) -> Vec<OAuthScope> {
    match source(api) {
        Some(Source::OAuth2 { scopes, .. }) => scopes,
        _ => Vec::new(),
    }
}

/// The Rust names of the `scopes` constants, in the order of [`scopes`].
pub fn scope_constants(api: &Api) -> Vec<String> {
    let mut namer = crate::names::Namer::new("_");
    scopes(api).iter().map(|s| namer.unique(&crate::names::constant(&s.name))).collect()
}

/// An endpoint as the runtime takes it: the spec URL with the server URL it starts with removed
/// (a path relative to the client's base URL), else the absolute URL.
fn endpoint(api: &Api, url: &str) -> String {
    for s in api.servers.iter().filter(|s| s.variables.is_empty()) {
        let base = s.url.trim_end_matches('/');
        if let Some(rest) = url.strip_prefix(base) {
            if rest.starts_with('/') && (base.starts_with("http://") || base.starts_with("https://")) {
                return rest.to_string();
            }
        }
    }
    url.to_string()
}

/// `Type::new(..).with_..(..)` for an object type whose constructor takes only strings found in
/// `required` (wire name → expression), with every entry of `required` used and the entries of
/// `optional` the type has set; `None` when the type needs anything else.
fn build_object(api: &Api, ty: TypeId, required: &[(&str, TokenStream)], optional: &[(&str, TokenStream)]) -> Option<TokenStream> {
    let types = &api.types;
    let id = types.resolve(ty);
    let def = types.get(id);
    let TypeKind::Object(obj) = &def.kind else { return None };
    def.rust_name.as_ref()?;
    let plain_string = |p: &Property| is_string(types, p.ty) && !p.boxed && !types.is_nullable(p.ty);
    let mut ctor: Vec<&Property> = obj.properties.iter().filter(|p| p.in_constructor()).collect();
    ctor.sort_by_key(|p| p.required_index.unwrap_or(usize::MAX));
    let mut used = 0;
    let mut args = Vec::new();
    for p in ctor {
        let (_, value) = required.iter().find(|(n, _)| *n == p.name)?;
        if !plain_string(p) {
            return None;
        }
        used += 1;
        args.push(value.clone());
    }
    let mut setters = Vec::new();
    let settable = |name: &str| obj.properties.iter().find(|p| p.name == name && !p.in_constructor() && !p.read_only && plain_string(p));
    for (name, value) in required {
        if obj.properties.iter().any(|p| p.name == *name && p.in_constructor()) {
            continue;
        }
        let p = settable(name)?;
        used += 1;
        let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
        setters.push(quote!(.#setter(#value)));
    }
    if used != required.len() {
        return None;
    }
    for (name, value) in optional {
        if let Some(p) = settable(name) {
            let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
            setters.push(quote!(.#setter(#value)));
        }
    }
    let t = type_ref(types, id);
    Some(quote!(#t::new(#(#args),*) #(#setters)*))
}

/// The service method call of `op` (`crate::services::S::new(core).op`).
fn service_call(api: &Api, op: &Operation) -> Option<TokenStream> {
    let service = api.services.iter().find(|s| s.operations.iter().any(|o| o.pointer == op.pointer))?;
    let svc = ident(&service.type_name);
    let f = ident(&op.fn_name);
    Some(quote!(crate::services::#svc::new(core).#f))
}

/// The params argument of `op` when it has only optional parameters (`&P::new()`), nothing
/// when it has none; `None` when one is required.
fn empty_params(op: &Operation) -> Option<TokenStream> {
    if op.parameters.iter().any(|p| p.required) {
        return None;
    }
    Some(match super::services::params_name(op) {
        Some(n) => {
            let p = ident(&n);
            quote!(&crate::services::#p::new(),)
        }
        None => TokenStream::new(),
    })
}

/// The form body type of `op`, and whether it is required.
fn form_body(op: &Operation) -> Option<(TypeId, bool)> {
    let body = op.request_body.as_ref()?;
    match (body.content.kind, body.content.ty) {
        (BodyKind::Form, Some(t)) => Some((t, body.required)),
        _ => None,
    }
}

/// A call of the spec's token operation with the body of grant `grant` (`Ok` the token model).
fn token_call(api: &Api, op: &Operation, grant: &str, required: &[(&str, TokenStream)]) -> Option<TokenStream> {
    let (body_ty, body_required) = form_body(op)?;
    let params = empty_params(op)?;
    let types = &api.types;
    let TypeKind::Union(u) = &types.get(types.resolve(body_ty)).kind else { return None };
    if u.tag_property.as_deref() != Some("grant_type") {
        return None;
    }
    let variant = u.variants.iter().find(|v| v.tag.as_deref() == Some(grant))?;
    let payload = build_object(api, variant.ty, required, &[])?;
    let union = type_ref(types, types.resolve(body_ty));
    let vname = ident(&variant.variant_name);
    let value = if variant.boxed { quote!(::std::boxed::Box::new(#payload)) } else { payload };
    let body = if body_required { quote!(&body) } else { quote!(::std::option::Option::Some(&body)) };
    let call = service_call(api, op)?;
    Some(quote! {
        let body = #union::#vname(#value);
        #call(#params #body).await.map_err(runtime::Error::into_json)
    })
}

/// A call of the spec's revocation operation (RFC 7009 form: `token`, and `token_type_hint`
/// when the body has it).
fn revoke_call(api: &Api, op: &Operation) -> Option<TokenStream> {
    if !matches!(super::services::success(op), super::services::Success::Empty) {
        return None;
    }
    let (body_ty, body_required) = form_body(op)?;
    let params = empty_params(op)?;
    let value = build_object(api, body_ty, &[("token", quote!(token))], &[("token_type_hint", quote!(hint))])?;
    let body = if body_required { quote!(&body) } else { quote!(::std::option::Option::Some(&body)) };
    let call = service_call(api, op)?;
    Some(quote! {
        let body = #value;
        #call(#params #body).await.map_err(runtime::Error::into_json)
    })
}

/// The revocation operation: `POST .../revoke`.
fn revoke_operation(api: &Api) -> Option<&Operation> {
    api.operations().find(|o| o.method == Method::Post && o.path.ends_with("/revoke"))
}

/// `OAuthOperations` and its `TokenOperations` impl, when at least one of the token requests goes
/// through an operation of the spec; each other request posts the RFC form (`TokenForms`).
fn operations_impl(api: &Api, token_ty: &TokenStream) -> Option<(TokenStream, Vec<String>)> {
    let token_op = super::client::oauth_token_operation(api).map(|(op, _, _)| op);
    let exchange = token_op.and_then(|op| {
        token_call(api, op, "authorization_code", &[("code", quote!(request.code)), ("redirect_uri", quote!(request.redirect_uri)), ("code_verifier", quote!(request.code_verifier))])
    });
    let refresh = token_op.and_then(|op| token_call(api, op, "refresh_token", &[("refresh_token", quote!(refresh_token))]));
    let revoke_op = revoke_operation(api);
    let revoke = revoke_op.and_then(|op| revoke_call(api, op));
    if exchange.is_none() && refresh.is_none() && revoke.is_none() {
        return None;
    }
    let mut used = Vec::new();
    let mut by_op = |op: Option<&Operation>, body: &Option<TokenStream>| {
        if let (Some(op), Some(_)) = (op, body) {
            let name = format!("[`{}`](crate::services::{}::{})", op.fn_name, service_name(api, op), op.fn_name);
            if !used.contains(&name) {
                used.push(name);
            }
        }
    };
    by_op(token_op, &exchange);
    by_op(token_op, &refresh);
    by_op(revoke_op, &revoke);
    let (exchange_by_op, refresh_by_op, revoke_by_op) = (exchange.is_some(), refresh.is_some(), revoke.is_some());
    let forms = |method: TokenStream| quote! {
        let forms = runtime::TokenForms::new(&OAUTH_ENDPOINTS);
        runtime::TokenOperations::<#token_ty>::#method.await
    };
    // A request through an operation needs that operation's service feature; without it the
    // request posts the RFC form, so the flows work with any set of features.
    let gated = |op: Option<&Operation>, by_op: Option<TokenStream>, by_form: TokenStream| match (op, by_op) {
        (Some(op), Some(call)) => {
            let feature = service_feature(api, op);
            quote! {
                #[cfg(feature = #feature)]
                let result = { #call };
                #[cfg(not(feature = #feature))]
                let result = { #by_form };
                result
            }
        }
        _ => by_form,
    };
    let exchange = gated(token_op, exchange, forms(quote!(exchange_code(&forms, core, request))));
    let refresh = gated(token_op, refresh, forms(quote!(refresh(&forms, core, refresh_token))));
    let revoke = gated(revoke_op, revoke, forms(quote!(revoke(&forms, core, token, hint))));
    let all = exchange_by_op && refresh_by_op && revoke_by_op;
    let doc = format!(
        " The token requests of the OAuth flows (code exchange, refresh, revocation) through this API's own operations ({}){}.",
        used.join(", "),
        if all { "" } else { "; the others post the RFC 6749/7009 forms to [`OAUTH_ENDPOINTS`]" }
    ) + " A request whose operation's service (Cargo feature) is off posts the RFC form instead.";
    let items = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct OAuthOperations;

        impl runtime::TokenOperations<#token_ty> for OAuthOperations {
            fn exchange_code<'a>(&'a self, core: &'a runtime::ClientCore, request: runtime::CodeExchange<'a>) -> runtime::BoxFuture<'a, ::std::result::Result<#token_ty, Error>> {
                ::std::boxed::Box::pin(async move { #exchange })
            }

            fn refresh<'a>(&'a self, core: &'a runtime::ClientCore, refresh_token: &'a str) -> runtime::BoxFuture<'a, ::std::result::Result<#token_ty, Error>> {
                ::std::boxed::Box::pin(async move { #refresh })
            }

            #[allow(unused_variables)]
            fn revoke<'a>(&'a self, core: &'a runtime::ClientCore, token: &'a str, hint: &'static str) -> runtime::BoxFuture<'a, ::std::result::Result<(), Error>> {
                ::std::boxed::Box::pin(async move { #revoke })
            }
        }
    };
    Some((items, used))
}

/// The operations the flows' token requests go through (their method names), when any.
pub fn flow_operation_names(api: &Api) -> Vec<String> {
    if !matches!(source(api), Some(Source::OAuth2 { .. })) {
        return Vec::new();
    }
    let token_op = super::client::oauth_token_operation(api).map(|(op, _, _)| op);
    let mut out = Vec::new();
    if let Some(op) = token_op {
        let exchange = token_call(api, op, "authorization_code", &[("code", quote!(c)), ("redirect_uri", quote!(r)), ("code_verifier", quote!(v))]);
        let refresh = token_call(api, op, "refresh_token", &[("refresh_token", quote!(r))]);
        if exchange.is_some() || refresh.is_some() {
            out.push(op.fn_name.clone());
        }
    }
    if let Some(op) = revoke_operation(api).filter(|op| revoke_call(api, op).is_some()) {
        out.push(op.fn_name.clone());
    }
    out
}

/// The Cargo feature of the service holding `op`.
fn service_feature(api: &Api, op: &Operation) -> String {
    let index = api.services.iter().position(|s| s.operations.iter().any(|o| o.pointer == op.pointer));
    index.and_then(|i| super::features::service_features(api).into_iter().nth(i)).unwrap_or_else(|| super::features::FULL.to_string())
}

fn service_name(api: &Api, op: &Operation) -> String {
    api.services.iter().find(|s| s.operations.iter().any(|o| o.pointer == op.pointer)).map(|s| s.type_name.clone()).unwrap_or_default()
}

/// The token type of the flows: the spec's token model when its token operation has one (its
/// `OAuthToken` impl is emitted with the token holder), else the runtime's RFC 6749 §5.1 response.
fn token_type(api: &Api) -> TokenStream {
    match super::client::oauth_token_operation(api) {
        Some((_, ty, _)) => type_ref(&api.types, ty),
        None => quote!(runtime::AccessTokenResponse),
    }
}

/// The token requests of the flows, as an `Arc<dyn TokenOperations<T>>` expression.
fn operations_expr(api: &Api) -> TokenStream {
    let token_ty = token_type(api);
    match operations_impl(api, &token_ty) {
        Some(_) => quote!(::std::sync::Arc::new(OAuthOperations)),
        None => quote!(::std::sync::Arc::new(runtime::TokenForms::new(&OAUTH_ENDPOINTS))),
    }
}

/// The body of the client's `token_holder(token)` for an `oauth2` scheme with a token URL.
pub fn token_holder_expr(api: &Api) -> Option<TokenStream> {
    match source(api)? {
        Source::OAuth2 { .. } => {
            let ops = operations_expr(api);
            Some(quote!(runtime::TokenHolder::with_operations(&self.core, #ops, ::std::option::Option::Some(token))))
        }
        Source::Discovery(_) => None,
    }
}

/// The `scopes` module: one documented constant per declared scope.
fn scopes_module(api: &Api) -> TokenStream {
    let scopes = scopes(api);
    if scopes.is_empty() {
        return TokenStream::new();
    }
    let names = scope_constants(api);
    let consts = scopes.iter().zip(&names).map(|(s, n)| {
        let n = ident(n);
        let value = &s.name;
        let flows: Vec<&str> = s
            .flows
            .iter()
            .map(|f| match f.as_str() {
                "authorizationCode" => "authorization code",
                "clientCredentials" => "client credentials",
                "password" => "password",
                _ => "implicit",
            })
            .collect();
        let extra = vec![format!("The scope {} (flows: {}).", code(&s.name), flows.join(", "))];
        let desc = (!s.description.trim().is_empty()).then_some(s.description.as_str());
        let doc = super::rust::docs(desc, &extra);
        quote! {
            #doc
            pub const #n: &str = #value;
        }
    });
    quote! {
        /// The OAuth 2.0 scopes the API declares, for the authorization code flow's `scope`
        /// and the builder's `client_credentials_scopes`.
        pub mod scopes {
            #(#consts)*
        }
    }
}

/// The OAuth parts, when the spec has an `oauth2` scheme with a token URL or an
/// `openIdConnect` scheme.
pub fn parts(api: &Api, client: &proc_macro2::Ident) -> Option<OAuthParts> {
    let source = source(api)?;
    let token_ty = token_type(api);
    let has_model = super::client::oauth_token_operation(api).is_some();
    let scopes_mod = scopes_module(api);
    let (endpoint_items, flow, holder, grant_tokens) = match &source {
        Source::OAuth2 { authorization, token, refresh, .. } => {
            let opt = |u: Option<&String>| match u {
                Some(u) => {
                    let e = endpoint(api, u);
                    quote!(::std::option::Option::Some(::std::borrow::Cow::Borrowed(#e)))
                }
                None => quote!(::std::option::Option::None),
            };
            let token = endpoint(api, token);
            let authorization_e = opt(authorization.as_ref());
            let refresh = opt(refresh.as_ref());
            let revocation = opt(revoke_operation(api).map(|o| &o.path));
            let (ops_items, ops_doc) = match operations_impl(api, &token_ty) {
                Some((items, _)) => (items, " Its token requests are [`OAuthOperations`]."),
                None => (TokenStream::new(), " Its token requests post the RFC 6749/7009 forms to [`OAUTH_ENDPOINTS`]."),
            };
            let ops = operations_expr(api);
            let endpoint_items = quote! {
                /// The endpoints of the spec's OAuth 2.0 security scheme (paths are relative to the
                /// client's base URL).
                pub static OAUTH_ENDPOINTS: runtime::OAuthEndpoints = runtime::OAuthEndpoints {
                    authorization: #authorization_e,
                    token: ::std::borrow::Cow::Borrowed(#token),
                    refresh: #refresh,
                    revocation: #revocation,
                    issuer: ::std::option::Option::None,
                };

                #ops_items
            };
            let flow = if authorization.is_some() {
                quote! {
                    /// The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) to this API's
                    /// authorization server, redirecting to `redirect_uri`: build the authorization URL,
                    /// check the callback, exchange the code, refresh, revoke. Uses this client's client id
                    /// and client authentication.
                    ///
                    #[doc = #ops_doc]
                    pub fn authorization_code(&self, redirect_uri: impl ::std::convert::Into<::std::string::String>) -> runtime::AuthorizationCodeFlow<#token_ty> {
                        runtime::AuthorizationCodeFlow::with_operations(&self.core, &OAUTH_ENDPOINTS, #ops, redirect_uri)
                    }
                }
            } else {
                TokenStream::new()
            };
            // The token holder of an API without a token model (the spec's one is emitted with it).
            let holder = if has_model {
                TokenStream::new()
            } else {
                quote! {
                    /// Keeps a token and refreshes it (RFC 6749 §6) before it expires; see
                    /// [`runtime::TokenHolder`] and [`with_token_holder`](Self::with_token_holder).
                    pub fn token_holder(&self, token: #token_ty) -> runtime::TokenHolder<#token_ty> {
                        runtime::TokenHolder::with_operations(&self.core, #ops, ::std::option::Option::Some(token))
                    }
                }
            };
            let grant_tokens = quote!(runtime::GrantTokens::new(&core, &OAUTH_ENDPOINTS, grant, self.grant_params));
            (endpoint_items, flow, holder, grant_tokens)
        }
        Source::Discovery(url) => {
            let url = endpoint(api, url);
            let endpoint_items = quote! {
                /// The OpenID Connect discovery document of the spec's `openIdConnect` security
                /// scheme (a path is relative to the client's base URL).
                pub static OPENID_CONFIGURATION_URL: &str = #url;
            };
            let flow = quote! {
                /// The OpenID provider's configuration (OpenID Connect Discovery 1.0), fetched from
                /// [`OPENID_CONFIGURATION_URL`]; its `issuer` is checked.
                ///
                /// # Errors
                /// Transport errors, an error status, a document that is not a configuration or
                /// names another issuer.
                pub async fn openid_configuration(&self) -> ::std::result::Result<runtime::OpenIdConfiguration, Error> {
                    runtime::OpenIdConfiguration::discover(&self.core, OPENID_CONFIGURATION_URL).await
                }

                /// The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) to the OpenID
                /// provider, redirecting to `redirect_uri`: its endpoints and issuer come from
                /// discovery ([`openid_configuration`](Self::openid_configuration)); keep the flow
                /// rather than discovering again. Uses this client's client id and client
                /// authentication.
                ///
                /// # Errors
                /// Those of [`openid_configuration`](Self::openid_configuration).
                pub async fn authorization_code(&self, redirect_uri: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<runtime::AuthorizationCodeFlow<#token_ty>, Error> {
                    let config = self.openid_configuration().await?;
                    ::std::result::Result::Ok(runtime::AuthorizationCodeFlow::new(&self.core, &config.endpoints(), redirect_uri))
                }
            };
            let grant_tokens = quote!(runtime::GrantTokens::discovered(&core, OPENID_CONFIGURATION_URL, grant, self.grant_params));
            (endpoint_items, flow, TokenStream::new(), grant_tokens)
        }
    };

    let items = quote! {
        #endpoint_items
        #scopes_mod

        impl #client {
            #flow
            #holder

            /// A copy of this client whose bearer-authenticated operations use the holder's
            /// current access token (refreshed before it expires).
            pub fn with_token_holder(&self, holder: &runtime::TokenHolder<#token_ty>) -> Self {
                Self { core: self.core.with_token_provider(holder.provider()) }
            }

            /// The access token this client sends to bearer-authenticated operations: obtained
            /// first (a grant set on the builder) or refreshed when needed; `None` without one.
            ///
            /// # Errors
            /// The token endpoint's error when a token had to be obtained.
            pub async fn current_access_token(&self) -> ::std::result::Result<::std::option::Option<::secrecy::SecretString>, Error> {
                match self.core.credentials().get_bearer() {
                    ::std::option::Option::Some(runtime::BearerSource::Static(token)) => ::std::result::Result::Ok(::std::option::Option::Some(token.clone())),
                    ::std::option::Option::Some(runtime::BearerSource::Provider(provider)) => provider.access_token().await,
                    ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
                }
            }
        }
    };
    let builder_fields = quote! {
        grant: ::std::option::Option<runtime::Grant>,
        grant_params: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
        bearer_set: bool,
    };
    let builder_methods = quote! {
        /// Obtain access tokens with the JWT bearer grant (RFC 7523 §2.1) from this assertion:
        /// on the first call that needs one, again before it expires. Combine with
        /// [`client_credentials`](Self::client_credentials) or [`client_id`](Self::client_id).
        #[must_use]
        pub fn jwt_assertion(mut self, assertion: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.grant = ::std::option::Option::Some(runtime::Grant::JwtBearer { assertion: assertion.into().into() });
            self
        }

        /// Scopes of the client credentials grant that [`client_credentials`](Self::client_credentials)
        /// sets up (space-separated `scope`, RFC 6749 §3.3).
        #[must_use]
        pub fn client_credentials_scopes<I, S>(mut self, scopes: I) -> Self
        where
            I: ::std::iter::IntoIterator<Item = S>,
            S: ::std::convert::Into<::std::string::String>,
        {
            let scopes = scopes.into_iter().map(::std::convert::Into::into).collect();
            self.grant = ::std::option::Option::Some(runtime::Grant::ClientCredentials { scopes });
            self
        }

        /// A form parameter sent with every token request of the grant (an API's own parameter,
        /// for example an account id).
        #[must_use]
        pub fn token_parameter(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.grant_params.push((name.into(), value.into()));
            self
        }
    };
    let client_credentials_grant = quote! {
        if self.grant.is_none() {
            self.grant = ::std::option::Option::Some(runtime::Grant::ClientCredentials { scopes: ::std::vec::Vec::new() });
        }
    };
    let build_hook = quote! {
        let core = match (self.grant, self.bearer_set) {
            (::std::option::Option::Some(grant), false) => {
                let tokens: runtime::GrantTokens<#token_ty> = #grant_tokens;
                core.with_token_provider(::std::sync::Arc::new(tokens))
            }
            _ => core,
        };
    };
    Some(OAuthParts { items, builder_fields, builder_methods, client_credentials_grant, build_hook })
}

/// Whether the flows come from discovery (an `openIdConnect` scheme): `authorization_code` is
/// then async and fallible.
pub fn is_discovered(api: &Api) -> bool {
    matches!(source(api), Some(Source::Discovery(_)))
}

/// Whether the crate gets the OAuth examples: an authorization endpoint (declared or
/// discovered).
pub fn has_examples(api: &Api) -> bool {
    match source(api) {
        Some(Source::OAuth2 { authorization, .. }) => authorization.is_some(),
        Some(Source::Discovery(_)) => true,
        None => false,
    }
}

/// The scope constants an example of a flow (`authorizationCode`, `clientCredentials`) asks for
/// (the flow's first three), as paths `scopes::NAME`.
fn flow_scopes(api: &Api, flow: &str) -> Vec<String> {
    scopes(api).iter().zip(scope_constants(api)).filter(|(s, _)| s.flows.iter().any(|f| f == flow)).take(3).map(|(_, n)| format!("scopes::{n}")).collect()
}

/// The client as an example builds it: the environment's URL unless `BASE_URL` is set, client id
/// and secret from `CLIENT_ID`, `CLIENT_SECRET`.
fn client_setup(client: &str, extra: &str) -> String {
    format!(
        "let client = {client}::builder()
    .environment(std::env::var(\"BASE_URL\").map_or(Environment::default(), Environment::Custom))
    .client_credentials(var(\"CLIENT_ID\"), var(\"CLIENT_SECRET\")){extra}
    .build()?;"
    )
}

/// The authorization code flow as a web application writes it (the body of an async function
/// returning `Result<(), Box<dyn Error>>`; `client` is the client type name). The callback URL
/// is read from stdin.
pub fn authorization_code_body(api: &Api, client: &str) -> String {
    let scopes = flow_scopes(api, "authorizationCode");
    let scope_call = if scopes.is_empty() { String::new() } else { format!("\n    .scopes([{}])", scopes.join(", ")) };
    let (flow_await, holder) = if is_discovered(api) { (".await?", "flow.token_holder(token)") } else { ("", "flow.token_holder(token)") };
    format!(
        "{}
let flow = client.authorization_code(var(\"REDIRECT_URI\")){flow_await}{scope_call};

// 1. Send the browser to `url`; keep `pending` (state, PKCE verifier) in the user's session.
let (url, pending) = flow.authorization_url()?;
println!(\"{{url}}\");

// 2. The browser comes back to the redirect URI; here its URL is read from stdin.
let mut callback = String::new();
std::io::stdin().read_line(&mut callback)?;
let code = flow.callback(&pending, callback.trim())?;
let token = flow.exchange(&code, &pending).await?;

// 3. Call the API with the user's token, refreshed before it expires.
let api = client.with_token_holder(&{holder});
let _ = api;
println!(\"signed in\");",
        client_setup(client, "")
    )
}

/// `examples/*.rs` of a crate whose spec declares the authorization code flow: `(file name,
/// contents without the header)`. Each reads its settings from the environment (`BASE_URL`,
/// `CLIENT_ID`, `CLIENT_SECRET`, `REDIRECT_URI`, and what it says), so it runs as it is against a
/// real authorization server.
pub fn examples(api: &Api, settings: &crate::settings::Settings) -> Vec<(String, String)> {
    if !has_examples(api) {
        return Vec::new();
    }
    let lib = settings.lib_name();
    let client = crate::names::pascal(&settings.client_name);
    let token_ty = match super::client::oauth_token_operation(api) {
        Some((_, ty, _)) => format!("{lib}::models::{}", api.types.get(api.types.resolve(ty)).rust_name.clone().map(|n| ident(&n).to_string()).unwrap_or_default()),
        None => format!("{lib}::runtime::AccessTokenResponse"),
    };
    let discovered = is_discovered(api);
    let flow_await = if discovered { ".await?" } else { "" };
    let main = |doc: &str, uses: &str, body: &str| {
        let uses: String = ["Environment", client.as_str()].iter().chain(uses.split(", ").filter(|u| !u.is_empty()).collect::<Vec<_>>().iter()).copied().collect::<Vec<_>>().join(", ");
        let imports = format!("use {lib}::{{{uses}}};");
        let body: String = body.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("    {l}\n") }).collect();
        format!(
            "//! {doc}\n\n{imports}\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(run())\n}}\n\nasync fn run() -> Result<(), Box<dyn std::error::Error>> {{\n{body}    Ok(())\n}}\n\nfn var(name: &str) -> String {{\n    std::env::var(name).unwrap_or_default()\n}}\n"
        )
    };
    let cc_scopes = flow_scopes(api, "clientCredentials");
    let cc_extra = if cc_scopes.is_empty() { String::new() } else { format!("\n    .client_credentials_scopes([{}])", cc_scopes.join(", ")) };
    let scopes_use = |s: &[String]| if s.is_empty() { "" } else { "scopes" };
    let stored = format!("// The token stored at sign-in (the token endpoint's JSON answer).\nlet token: {token_ty} = serde_json::from_str(&var(\"TOKEN_JSON\"))?;\n");
    vec![
        (
            "authorization_code.rs".into(),
            main(
                "Authorization code flow with PKCE for a web application, callback handling included.\n//! Reads `CLIENT_ID`, `CLIENT_SECRET`, `REDIRECT_URI` (and `BASE_URL`); prints the URL to\n//! open, then reads the URL the browser was redirected to from stdin.",
                scopes_use(&flow_scopes(api, "authorizationCode")),
                &authorization_code_body(api, &client),
            ),
        ),
        (
            "client_credentials.rs".into(),
            main(
                "Client credentials: the client obtains its own access token on the first call that\n//! needs one, one request at a time, and a new one before it expires.\n//! Reads `CLIENT_ID`, `CLIENT_SECRET` (and `BASE_URL`).",
                &format!("{}ExposeSecret as _", if cc_scopes.is_empty() { "" } else { "scopes, " }),
                &format!(
                    "{}\n// Every operation that needs a bearer token sends the client's own.\nlet token = client.current_access_token().await?;\nprintln!(\"access token of {{}} characters\", token.map_or(0, |t| t.expose_secret().len()));\n",
                    client_setup(&client, &cc_extra)
                ),
            ),
        ),
        (
            "refresh.rs".into(),
            main(
                "Refresh on expiry: a token holder refreshes the access token shortly before it\n//! expires (and once after a 401). Reads `CLIENT_ID`, `CLIENT_SECRET`, `TOKEN_JSON` (and `BASE_URL`).",
                "",
                &format!(
                    "{}\nlet flow = client.authorization_code(var(\"REDIRECT_URI\")){flow_await};\n{stored}let holder = flow.token_holder(token);\nlet api = client.with_token_holder(&holder); // its calls use the current token\nlet _ = api;\nlet _ = holder.access_token().await?; // refreshed first when it expires within 60 s\nprintln!(\"refreshed {{}} time(s)\", holder.refresh_count().await);\n",
                    client_setup(&client, "")
                ),
            ),
        ),
        (
            "revoke.rs".into(),
            main(
                "Revoke at logout (RFC 7009): the refresh token, else the access token.\n//! Reads `CLIENT_ID`, `CLIENT_SECRET`, `TOKEN_JSON` (and `BASE_URL`).",
                "",
                &format!(
                    "{}\nlet flow = client.authorization_code(var(\"REDIRECT_URI\")){flow_await};\n{stored}flow.revoke(&token).await?;\nprintln!(\"revoked\");\n",
                    client_setup(&client, "")
                ),
            ),
        ),
    ]
}
