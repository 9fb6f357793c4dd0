//! The crate root: crate docs, modules, re-exports, the `Environment` enum from `servers`, and the
//! client struct with its builder and one accessor per service. One function per item (or group
//! of builder methods), assembled by [`lib`] in the order of the file.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc::code;
use super::oauth::OAuthParts;
use super::rust::{docs, ident};
use crate::ir::*;
use crate::names::{self, Namer};
use crate::settings::Settings;

/// The token operation of an OAuth 2.0 scheme and its success type, when the spec has both.
pub fn oauth_token_operation(api: &Api) -> Option<(&Operation, TypeId, Option<&Operation>)> {
    let token_url = api.security_schemes.iter().find_map(|s| match &s.kind {
        SecuritySchemeKind::OAuth2 { token_url: Some(u), .. } => Some(u.clone()),
        _ => None,
    })?;
    let op = api.operations().find(|o| o.method == Method::Post && token_url.ends_with(&o.path))?;
    let super::services::Success::Json(ty) = super::services::success(op) else { return None };
    let TypeKind::Object(obj) = &api.types.get(api.types.resolve(ty)).kind else { return None };
    if !obj.properties.iter().any(|p| p.name == "access_token" && p.required) {
        return None;
    }
    let revoke = api.operations().find(|o| o.method == Method::Post && o.path.ends_with("/revoke"));
    Some((op, ty, revoke))
}

/// The crate docs' list of webhooks: requests the API sends, with the model of each payload.
fn webhooks_doc(api: &Api) -> String {
    let mut out = String::from("# Webhooks\n\nThe API sends these requests to endpoints its users provide; this crate has no method for them. Decode a payload with its model (`serde_json::from_slice`):\n");
    for w in &api.webhooks {
        let payload = match w.payload.as_ref().and_then(|b| b.content.ty) {
            Some(ty) => match &api.types.get(ty).rust_name {
                Some(n) => format!("[`{n}`](models::{n})"),
                None => code(&super::rust::describe(&api.types, ty)),
            },
            None => "no payload".to_string(),
        };
        out.push_str(&format!("\n- {} ({}): {payload}", code(&w.name), code(w.method.as_str())));
    }
    out
}

/// `src/lib.rs`: the crate docs and lints, the modules and re-exports, then [`environment`], the
/// client, its OAuth token support and its builder.
pub fn lib(api: &Api, settings: &Settings) -> TokenStream {
    let client = ident(&names::pascal(&settings.client_name));
    let builder = format_ident!("{}Builder", client.to_string());
    let oauth = super::oauth::parts(api, &client);
    let crate_doc = crate_doc(api, settings, &client);
    let environment = environment(api, &crate_root_names(&client, &builder));
    let client_struct = client_struct(api, &client, &builder);
    let token = oauth_token(api, &client);
    let oauth_items = oauth.as_ref().map(|p| p.items.clone()).unwrap_or_default();
    let builder_struct = builder_struct(&builder, oauth.as_ref());
    let parts = super::runtime::RuntimeParts::of(api);
    let reexports = super::runtime::root_reexports(parts);
    let builder_impl = builder_impl(api, settings, &client, &builder, oauth.as_ref(), parts);
    quote! {
        #crate_doc
        #![warn(missing_docs)]
        #![forbid(unsafe_code)]
        // Deep chains of model types (schemas that reference each other) need a deeper drop check.
        #![recursion_limit = "1024"]
        // `Error` carries the status, headers and body of a failed response by design.
        #![allow(clippy::result_large_err)]

        pub mod models;
        pub mod runtime;
        pub mod services;

        #reexports
        pub use ::url::Url;

        #environment
        #client_struct
        #token
        #oauth_items
        #builder_struct
        #builder_impl
    }
}

/// The crate docs (`#![doc]`): the API, how to start, where things are, the webhooks.
fn crate_doc(api: &Api, settings: &Settings, client: &Ident) -> TokenStream {
    let mut text = format!("Rust SDK for {}", api.title);
    if !api.version.is_empty() {
        text.push_str(&format!(" (API version {})", api.version));
    }
    text.push('.');
    if let Some(summary) = &api.summary {
        text.push_str("\n\n");
        text.push_str(summary);
    }
    let services = api
        .services
        .iter()
        .map(|s| {
            let m = ident(&s.module_name).to_string();
            // rustdoc cannot link to a raw identifier (`r#mod`).
            if m.starts_with("r#") { format!("`{m}()`") } else { format!("[`{m}()`]({client}::{m})") }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut extra = vec![
        format!("Create a [`{client}`] with [`{client}::builder`], then call the operations through a service: {services}."),
        "Every operation returns `Result<T, Error<E>>`: `T` is the documented success body, `E` the documented error body ([`Error`]). Models are in [`models`]; the HTTP runtime (authentication, retries, encoding) is in [`runtime`].".to_string(),
        format!("Generated by sdkgen from {}.", code(&settings.spec_path)),
    ];
    if !api.webhooks.is_empty() {
        extra.push(webhooks_doc(api));
    }
    let lines = super::rust::doc_lines(Some(text.as_str()), &extra);
    quote! { #( #![doc = #lines] )* }
}

/// Type names at the crate root, which the enums of server variables must not take.
fn crate_root_names(client: &Ident, builder: &Ident) -> Namer {
    let mut names = Namer::new("");
    for n in names::reserved(names::Scope::CrateRoot) {
        names.reserve(n);
    }
    names.reserve(&client.to_string());
    names.reserve(&builder.to_string());
    names
}

/// `Environment`: one variant per server (the first is the default) and `Custom`, with `url()`;
/// then the enums of server variables that list their values.
fn environment(api: &Api, root_names: &Namer) -> TokenStream {
    let Some(first) = api.servers.first() else {
        return quote! {
            /// Where the API is served. The spec lists no servers, which means `/` (OpenAPI 3.0
            /// §4.7.2): give the origin with the builder's `origin` or `base_url`.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub enum Environment {
                /// A base URL of your choice.
                Custom(::std::string::String),
            }
            impl ::std::default::Default for Environment {
                fn default() -> Self { Self::Custom(::std::string::String::from("/")) }
            }
            impl Environment {
                /// The base URL.
                pub fn url(&self) -> ::std::string::String {
                    match self { Self::Custom(url) => url.clone() }
                }
            }
        };
    };
    let mut root_names = root_names.clone();
    let servers: Vec<ServerVariant> = api.servers.iter().enumerate().map(|(i, s)| server_variant(s, i == 0, &mut root_names)).collect();
    let variants = servers.iter().map(|s| &s.variant);
    let url_arms = servers.iter().map(|s| &s.url_arm);
    let variable_enums = servers.iter().flat_map(|s| &s.variable_enums);
    // A first server without variables is `#[default]`; one with variables gets an impl that
    // fills in their defaults.
    let (default_derive, default_impl) = if first.variables.is_empty() {
        (quote!(, Default), TokenStream::new())
    } else {
        let v = ident(&first.variant_name);
        let inits = &servers[0].default_fields;
        let default_impl = quote! {
            impl ::std::default::Default for Environment {
                fn default() -> Self { Self::#v { #(#inits),* } }
            }
        };
        (TokenStream::new(), default_impl)
    };
    quote! {
        /// Where the API is served: the spec's `servers` (the first is the default), or any base URL.
        #[derive(Debug, Clone, PartialEq, Eq #default_derive)]
        pub enum Environment {
            #(#variants)*
            /// A base URL of your choice (a proxy, a mock server, a test instance).
            Custom(::std::string::String),
        }
        impl Environment {
            /// The base URL, with server variables substituted. A relative server URL (for
            /// example `/v1`) must be joined to an origin by the caller.
            pub fn url(&self) -> ::std::string::String {
                match self {
                    #(#url_arms)*
                    Self::Custom(url) => url.clone(),
                }
            }
        }
        #default_impl
        #(#variable_enums)*
    }
}

/// What one server adds to `Environment`.
struct ServerVariant {
    /// The variant, with a field per server variable.
    variant: TokenStream,
    /// Its arm of `url()`.
    url_arm: TokenStream,
    /// Its fields set to the variables' defaults (`field: value`), for `Default`.
    default_fields: Vec<TokenStream>,
    /// The enums of its variables that list their values.
    variable_enums: Vec<TokenStream>,
}

/// The `Environment` variant of a server. Server variables become typed fields (an enum where the
/// spec lists values); field and variant names are de-duplicated, and `url()` binds them to
/// `value_N`, never to a name of the spec's (a variable called `url` must not shadow the URL being
/// built).
fn server_variant(s: &Server, first: bool, root_names: &mut Namer) -> ServerVariant {
    let v = ident(&s.variant_name);
    let d = docs(s.description.as_deref(), &[code(&s.url)]);
    let url = &s.url;
    if s.variables.is_empty() {
        let default_attr = if first { quote!(#[default]) } else { TokenStream::new() };
        return ServerVariant {
            variant: quote! { #d #default_attr #v, },
            url_arm: quote! { Self::#v => ::std::string::String::from(#url), },
            default_fields: Vec::new(),
            variable_enums: Vec::new(),
        };
    }
    let mut field_names = Namer::new("_");
    let mut fields = Vec::new();
    let mut replace = Vec::new();
    let mut bindings = Vec::new();
    let mut default_fields = Vec::new();
    let mut variable_enums = Vec::new();
    for (k, var) in s.variables.iter().enumerate() {
        let f = ident(&field_names.unique(&names::snake(&var.name)));
        let local = format_ident!("value_{k}");
        let placeholder = format!("{{{}}}", var.name);
        let fdoc = docs(var.description.as_deref(), &[format!("Server variable {}, default {}.", code(&var.name), code(&var.default))]);
        if var.values.is_empty() {
            fields.push(quote! { #fdoc #f: ::std::string::String });
            replace.push(quote! { url = url.replace(#placeholder, #local); });
            let d = &var.default;
            default_fields.push(quote!(#f: ::std::string::String::from(#d)));
        } else {
            let ename = ident(&root_names.unique(&format!("{}{}", s.variant_name, names::pascal(&var.name))));
            let (item, default) = variable_enum(var, &ename);
            variable_enums.push(item);
            default_fields.push(quote!(#f: #ename::#default));
            fields.push(quote! { #fdoc #f: #ename });
            replace.push(quote! { url = url.replace(#placeholder, #local.as_str()); });
        }
        bindings.push(quote!(#f: #local));
    }
    ServerVariant {
        variant: quote! { #d #v { #(#fields),* }, },
        url_arm: quote! { Self::#v { #(#bindings),* } => { let mut url = ::std::string::String::from(#url); #(#replace)* url } },
        default_fields,
        variable_enums,
    }
}

/// The enum `name` of a server variable's listed values, and its default variant (the spec's
/// default, which lowering made one of the values).
fn variable_enum(var: &ServerVariable, name: &Ident) -> (TokenStream, Ident) {
    let mut variant_names = Namer::new("");
    let vals: Vec<Ident> = var.values.iter().map(|x| ident(&variant_names.unique(&names::pascal(x)))).collect();
    let strs = &var.values;
    let value_docs: Vec<String> = var.values.iter().map(|x| format!(" {}", code(x))).collect();
    let edoc = format!(" Values of the server variable {}.", code(&var.name));
    let default_index = var.values.iter().position(|x| *x == var.default).unwrap_or(0);
    let defaults: Vec<TokenStream> = (0..vals.len()).map(|j| if j == default_index { quote!(#[default]) } else { TokenStream::new() }).collect();
    let item = quote! {
        #[doc = #edoc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #( #[doc = #value_docs] #defaults #vals, )*
        }
        impl #name {
            /// The value substituted into the URL.
            pub fn as_str(self) -> &'static str {
                match self { #( Self::#vals => #strs, )* }
            }
        }
    };
    (item, vals[default_index].clone())
}

/// The client struct, `builder()`, `core()` and one accessor per service (behind its feature).
fn client_struct(api: &Api, client: &Ident, builder: &Ident) -> TokenStream {
    let features = super::features::service_features(api);
    let accessors = api.services.iter().zip(&features).map(|(s, feature)| {
        let m = ident(&s.module_name);
        let t = ident(&s.type_name);
        let d = format!(" Operations tagged {}.", code(&s.tag));
        let f = format!(" Needs the Cargo feature `{feature}` (on with `full`).");
        quote! {
            #[doc = #d]
            ///
            #[doc = #f]
            #[cfg(feature = #feature)]
            pub fn #m(&self) -> services::#t<'_> {
                services::#t::new(&self.core)
            }
        }
    });
    let client_doc = docs(
        Some(&format!("The {} client. Cheap to clone (an `Arc` inside); share one per application.", api.title)),
        &["`Debug` shows no credential.".to_string()],
    );
    quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            core: runtime::ClientCore,
        }

        impl #client {
            /// A builder; [`Environment::default()`] unless told otherwise.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// The shared HTTP core (base URL, credentials, retry policy).
            pub fn core(&self) -> &runtime::ClientCore {
                &self.core
            }

            #(#accessors)*
        }
    }
}

/// `runtime::OAuthToken` for the token operation's success model, and the client's
/// `token_holder`, when the spec has a token operation ([`oauth_token_operation`]).
fn oauth_token(api: &Api, client: &Ident) -> TokenStream {
    let Some((op, ty, revoke)) = oauth_token_operation(api) else { return TokenStream::new() };
    let t = super::rust::type_ref(&api.types, ty);
    let empty = ObjectType { properties: Vec::new(), additional: Additional::None };
    let obj = match &api.types.get(api.types.resolve(ty)).kind {
        TypeKind::Object(o) => o,
        _ => &empty,
    };
    let field = |n: &str| obj.properties.iter().find(|p| p.name == n);
    let refresh = match field("refresh_token") {
        Some(p) if !p.required => {
            let f = ident(&p.field_name);
            quote!(self.#f.as_deref())
        }
        Some(p) => {
            let f = ident(&p.field_name);
            quote!(::std::option::Option::Some(self.#f.as_str()))
        }
        None => quote!(::std::option::Option::None),
    };
    let expires = match field("expires_in") {
        Some(p) if !p.required => {
            let f = ident(&p.field_name);
            quote!(self.#f.map(::std::convert::Into::into))
        }
        // Response leniency reads a missing `expires_in` as 0: unknown, not expired.
        Some(p) if p.default_when_absent => {
            let f = ident(&p.field_name);
            quote!(::std::option::Option::Some(::std::convert::Into::into(self.#f)).filter(|s| *s != 0))
        }
        Some(p) => {
            let f = ident(&p.field_name);
            quote!(::std::option::Option::Some(::std::convert::Into::into(self.#f)))
        }
        None => quote!(::std::option::Option::None),
    };
    let access = field("access_token").map(|p| ident(&p.field_name)).unwrap_or_else(|| format_ident!("access_token"));
    let token_path = &op.path;
    let revoke_path = match revoke {
        Some(r) => {
            let p = &r.path;
            quote!(::std::option::Option::Some(::std::string::String::from(#p)))
        }
        None => quote!(::std::option::Option::None),
    };
    let holder_new = super::oauth::token_holder_expr(api).unwrap_or_else(|| quote!(runtime::TokenHolder::new(&self.core, #token_path, #revoke_path, ::std::option::Option::Some(token))));
    let tdoc = format!(
        " Keeps a [`{0}`](crate::models::{0}) and refreshes it (RFC 6749 §6) through {1} before it expires; see [`runtime::TokenHolder`].",
        api.types.get(ty).rust_name.as_deref().map(|n| ident(n).to_string()).unwrap_or_default(),
        code(&format!("POST {token_path}"))
    );
    quote! {
        impl runtime::OAuthToken for #t {
            fn access_token(&self) -> &str { self.#access.as_str() }
            fn refresh_token(&self) -> ::std::option::Option<&str> { #refresh }
            fn expires_in(&self) -> ::std::option::Option<i64> { #expires }
        }

        impl #client {
            #[doc = #tdoc]
            ///
            /// Wrap it in an `Arc` and give it to the builder's `token_provider` so every
            /// bearer-authenticated operation uses its current access token.
            pub fn token_holder(&self, token: #t) -> runtime::TokenHolder<#t> {
                #holder_new
            }
        }
    }
}

/// The builder struct, with the fields the OAuth parts add.
fn builder_struct(builder: &Ident, oauth: Option<&OAuthParts>) -> TokenStream {
    let oauth_fields = oauth.map(|p| &p.builder_fields);
    quote! {
        #[doc = " Configures a client: environment or base URL, credentials, timeouts, retries."]
        #[derive(Debug, Default)]
        pub struct #builder {
            environment: Environment,
            origin: ::std::option::Option<::std::string::String>,
            inner: runtime::ClientCoreBuilder,
            user_agent_set: bool,
            #oauth_fields
        }
    }
}

/// The builder's methods: where the API is, credentials, the HTTP transport, then `build()`.
fn builder_impl(api: &Api, settings: &Settings, client: &Ident, builder: &Ident, oauth: Option<&OAuthParts>, parts: super::runtime::RuntimeParts) -> TokenStream {
    let server = server_methods();
    let credentials = credential_methods(oauth, parts);
    let transport = transport_methods();
    let build = build_method(api, settings, client, oauth.map(|p| &p.build_hook));
    quote! {
        impl #builder {
            #server
            #credentials
            #transport
            #build
        }
    }
}

/// `environment`, `origin` and `base_url`.
fn server_methods() -> TokenStream {
    quote! {
        /// The server to talk to.
        #[must_use]
        pub fn environment(mut self, environment: Environment) -> Self {
            self.environment = environment;
            self
        }

        /// The origin (`https://host:port`) a relative server URL such as `/v1` is resolved against.
        #[must_use]
        pub fn origin(mut self, origin: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.origin = ::std::option::Option::Some(origin.into());
            self
        }

        /// A base URL of your choice (same as `environment(Environment::Custom(url))`).
        #[must_use]
        pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.environment = Environment::Custom(url.into());
            self
        }
    }
}

/// Access tokens, client credentials and API keys; with OAuth parts, a bearer credential set by
/// hand turns the client credentials grant off, and the parts' own methods come before `api_key`.
fn credential_methods(oauth: Option<&OAuthParts>, parts: super::runtime::RuntimeParts) -> TokenStream {
    let token_provider_doc = super::runtime::token_provider_doc(parts);
    let (oauth_methods, cc_grant, mark_bearer) = match oauth {
        Some(p) => (p.builder_methods.clone(), p.client_credentials_grant.clone(), quote!(self.bearer_set = true;)),
        None => Default::default(),
    };
    let cc_doc = if oauth.is_some_and(|p| !p.items.is_empty()) {
        quote! {
            ///
            /// Unless an access token or token provider is set, the client also obtains its own
            /// access tokens with the client credentials grant (RFC 6749 §4.4): on the first call
            /// that needs one, one request at a time, and again before each expires.
        }
    } else {
        TokenStream::new()
    };
    quote! {
        /// A static access token, sent as `Authorization: Bearer` to operations that need one.
        #[must_use]
        pub fn access_token(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.bearer_token(token.into());
            #mark_bearer
            self
        }

        #[doc = #token_provider_doc]
        #[must_use]
        pub fn token_provider(mut self, provider: ::std::sync::Arc<dyn runtime::TokenProvider>) -> Self {
            self.inner = self.inner.token_provider(provider);
            #mark_bearer
            self
        }

        /// The OAuth client identifier (RFC 6749 §2.2). Alone, it makes a public client: it is
        /// added to form bodies of client-authenticated operations that allow no authentication.
        #[must_use]
        pub fn client_id(mut self, client_id: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.client_id(client_id);
            self
        }

        /// Client id and secret, sent as HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1).
        #cc_doc
        #[must_use]
        pub fn client_credentials(
            mut self,
            client_id: impl ::std::convert::Into<::std::string::String>,
            client_secret: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.inner = self.inner.client_id(client_id).client_auth(runtime::ClientAuth::SecretBasic { client_secret: client_secret.into().into() });
            #cc_grant
            self
        }

        /// How the client authenticates to the token and revocation endpoints: `client_secret_basic`,
        /// `client_secret_jwt` or `private_key_jwt` (RFC 7523). Needs [`client_id`](Self::client_id).
        #[must_use]
        pub fn client_auth(mut self, auth: runtime::ClientAuth) -> Self {
            self.inner = self.inner.client_auth(auth);
            self
        }

        #oauth_methods

        /// An API key for the security scheme named `scheme` in the spec.
        #[must_use]
        pub fn api_key(mut self, scheme: impl ::std::convert::Into<::std::string::String>, key: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.api_key(scheme, key.into());
            self
        }
    }
}

/// Timeouts, `User-Agent`, the `reqwest::Client`, retries and the response size limit.
fn transport_methods() -> TokenStream {
    quote! {
        /// Time allowed to open a connection (default 10 s).
        #[must_use]
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.inner = self.inner.connect_timeout(timeout);
            self
        }

        /// Time allowed for a whole request, body included (default 30 s).
        #[must_use]
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.inner = self.inner.timeout(timeout);
            self
        }

        /// The `User-Agent` header.
        #[must_use]
        pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.user_agent(user_agent);
            self.user_agent_set = true;
            self
        }

        /// Your own `reqwest::Client` (its timeouts and redirect policy then apply; the SDK's own
        /// client never follows redirects).
        #[must_use]
        pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
            self.inner = self.inner.http_client(client);
            self
        }

        /// The retry policy (default: [`RetryPolicy::default`]).
        #[must_use]
        pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
            self.inner = self.inner.retry_policy(policy);
            self
        }

        /// Adds a request hook, which sees every attempt of every call: before it is sent (it
        /// may change the request, for example sign it) and when its response arrives (for
        /// logging or metrics). Hooks run in the order they are added; one that fails ends the
        /// call with [`Error::Hook`]. See [`Hook`].
        #[must_use]
        pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
            self.inner = self.inner.hook(::std::sync::Arc::new(hook));
            self
        }

        /// The largest response body read, in bytes (default 16 MiB,
        /// [`runtime::DEFAULT_MAX_RESPONSE_SIZE`]). Bodies are read into memory; a longer one
        /// fails the call with [`Error::ResponseTooLarge`]. Error bodies kept in an [`Error`]
        /// are cut to their first 64 KiB ([`runtime::MAX_ERROR_BODY`]).
        #[must_use]
        pub fn max_response_size(mut self, bytes: usize) -> Self {
            self.inner = self.inner.max_response_size(bytes);
            self
        }
    }
}

/// `build()`: the base URL (a relative server URL joined to the origin), the default
/// `User-Agent`, the core, then the OAuth parts' `build_hook`.
fn build_method(api: &Api, settings: &Settings, client: &Ident, build_hook: Option<&TokenStream>) -> TokenStream {
    let default_ua = format!("{}/{} (sdkgen)", settings.crate_name, settings.crate_version);
    let api_key_schemes: Vec<&str> = api.security_schemes.iter().filter(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. })).map(|s| s.name.as_str()).collect();
    quote! {
        /// Builds the client.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidRequest`] when the base URL is not an absolute `http(s)` URL, or an
        /// [`api_key`](Self::api_key) names no `apiKey` security scheme of the spec;
        /// [`Error::Transport`] when the HTTP client cannot be created.
        pub fn build(self) -> ::std::result::Result<#client, Error> {
            let url = self.environment.url();
            let base = match (::url::Url::parse(&url), &self.origin) {
                // A relative server URL (`/v1`) is resolved against the origin the caller gave.
                (::std::result::Result::Err(::url::ParseError::RelativeUrlWithoutBase), ::std::option::Option::Some(origin)) => {
                    let origin = ::url::Url::parse(origin).map_err(|e| Error::InvalidRequest(::std::format!("invalid origin {origin:?}: {e}")))?;
                    origin.join(&url).map_err(|e| Error::InvalidRequest(::std::format!("invalid base URL {url:?}: {e}")))?
                }
                (::std::result::Result::Err(::url::ParseError::RelativeUrlWithoutBase), ::std::option::Option::None) => {
                    return ::std::result::Result::Err(Error::InvalidRequest(::std::format!("the server URL {url:?} is relative: give an origin with `origin(...)`")));
                }
                (r, _) => r.map_err(|e| Error::InvalidRequest(::std::format!("invalid base URL {url:?}: {e}")))?,
            };
            let mut inner = self.inner.base_url(base).api_key_schemes(&[#(#api_key_schemes),*]);
            if !self.user_agent_set {
                inner = inner.user_agent(#default_ua);
            }
            let core = inner.build()?;
            #build_hook
            ::std::result::Result::Ok(#client { core })
        }
    }
}
