//! The flow-level OAuth API of a generated client, from the spec's first `oauth2` security scheme
//! with a `tokenUrl`: the endpoints (`OAUTH_ENDPOINTS`), `authorization_code(redirect_uri)`,
//! `with_token_holder`, and the builder's grants that obtain tokens by themselves
//! (`client_credentials`, `jwt_assertion`).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::type_ref;
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

/// The OAuth parts, when the spec has an `oauth2` scheme with a token URL.
pub fn parts(api: &Api, client: &proc_macro2::Ident) -> Option<OAuthParts> {
    let (authorization_url, token_url, refresh_url) = api.security_schemes.iter().find_map(|s| match &s.kind {
        SecuritySchemeKind::OAuth2 { authorization_url, token_url: Some(t), refresh_url } => {
            Some((authorization_url.clone(), t.clone(), refresh_url.clone()))
        }
        _ => None,
    })?;
    let opt = |u: Option<String>| match u {
        Some(u) => {
            let e = endpoint(api, &u);
            quote!(::std::option::Option::Some(#e))
        }
        None => quote!(::std::option::Option::None),
    };
    let token = endpoint(api, &token_url);
    let authorization = opt(authorization_url.clone());
    let refresh = opt(refresh_url);
    let revoke_op = api.operations().find(|o| o.method == Method::Post && o.path.ends_with("/revoke"));
    let revocation = opt(revoke_op.map(|o| o.path.clone()));
    // The token type: the spec's token model (its `OAuthToken` impl is emitted with the token
    // holder), else the runtime's RFC 6749 §5.1 response.
    let (token_ty, has_model) = match super::client::oauth_token_operation(api) {
        Some((_, ty, _)) => (type_ref(&api.types, ty), true),
        None => (quote!(runtime::AccessTokenResponse), false),
    };

    let flow = if authorization_url.is_some() {
        quote! {
            /// The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) to this API's
            /// authorization server, redirecting to `redirect_uri`: build the authorization URL,
            /// check the callback, exchange the code, refresh, revoke. Uses this client's client id
            /// and client authentication.
            pub fn authorization_code(&self, redirect_uri: impl ::std::convert::Into<::std::string::String>) -> runtime::AuthorizationCodeFlow<#token_ty> {
                runtime::AuthorizationCodeFlow::new(&self.core, &OAUTH_ENDPOINTS, redirect_uri)
            }
        }
    } else {
        TokenStream::new()
    };
    // The token holder of an API without a token model (the spec's one is emitted with it).
    let holder = if has_model || !token.starts_with('/') {
        TokenStream::new()
    } else {
        let revoke = match revoke_op {
            Some(o) => {
                let p = &o.path;
                quote!(::std::option::Option::Some(::std::string::String::from(#p)))
            }
            None => quote!(::std::option::Option::None),
        };
        quote! {
            /// Keeps a token and refreshes it (RFC 6749 §6) before it expires; see
            /// [`runtime::TokenHolder`] and [`with_token_holder`](Self::with_token_holder).
            pub fn token_holder(&self, token: #token_ty) -> runtime::TokenHolder<#token_ty> {
                runtime::TokenHolder::new(&self.core, #token, #revoke, ::std::option::Option::Some(token))
            }
        }
    };

    let items = quote! {
        /// The endpoints of the spec's OAuth 2.0 security scheme (paths are relative to the
        /// client's base URL).
        pub static OAUTH_ENDPOINTS: runtime::OAuthEndpoints = runtime::OAuthEndpoints {
            authorization: #authorization,
            token: #token,
            refresh: #refresh,
            revocation: #revocation,
        };

        impl #client {
            #flow
            #holder

            /// A copy of this client whose bearer-authenticated operations use the holder's
            /// current access token (refreshed before it expires).
            pub fn with_token_holder(&self, holder: &runtime::TokenHolder<#token_ty>) -> Self {
                Self { core: self.core.with_token_provider(holder.provider()) }
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
                let tokens: runtime::GrantTokens<#token_ty> = runtime::GrantTokens::new(&core, &OAUTH_ENDPOINTS, grant, self.grant_params);
                core.with_token_provider(::std::sync::Arc::new(tokens))
            }
            _ => core,
        };
    };
    Some(OAuthParts { items, builder_fields, builder_methods, client_credentials_grant, build_hook })
}

/// Whether the crate gets the OAuth examples: an authorization endpoint and a token holder.
pub fn has_examples(api: &Api) -> bool {
    api.security_schemes.iter().any(|s| match &s.kind {
        SecuritySchemeKind::OAuth2 { authorization_url: Some(_), token_url: Some(t), .. } => {
            super::client::oauth_token_operation(api).is_some() || endpoint(api, t).starts_with('/')
        }
        _ => false,
    })
}

/// The authorization code flow as a web application writes it (the body of an async function
/// returning `Result<(), Box<dyn Error>>`; `builder` is the client builder expression).
pub fn authorization_code_body(builder: &str) -> String {
    format!(
        "let client = {builder}
    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")
    .build()?;
let flow = client.authorization_code(\"http://127.0.0.1:8080/callback\");

// 1. Send the browser to `url`; keep `pending` (state, PKCE verifier) in the user's session.
let (url, pending) = flow.authorization_url()?;
println!(\"open {{url}}\");

// 2. The browser comes back to the redirect URI (here: its URL is the first argument).
let callback = std::env::args().nth(1).unwrap_or_default();
let code = flow.callback(&pending, &callback)?;
let token = flow.exchange(&code, &pending).await?;

// 3. Call the API with the user's token, refreshed before it expires.
let api = client.with_token_holder(&client.token_holder(token));
let _ = api;"
    )
}

/// `examples/*.rs` of a crate whose spec declares the authorization code flow: `(file name,
/// contents without the header)`.
pub fn examples(api: &Api, settings: &crate::settings::Settings) -> Vec<(String, String)> {
    if !has_examples(api) {
        return Vec::new();
    }
    let lib = settings.lib_name();
    let client = crate::names::pascal(&settings.client_name);
    let builder = format!("{client}::builder()");
    let main = |doc: &str, uses: &str, body: &str, helpers: &str| {
        let imports = if uses.is_empty() { format!("use {lib}::{client};") } else { format!("use {lib}::{{{client}{uses}}};") };
        let body: String = body.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("    {l}\n") }).collect();
        format!(
            "//! {doc}\n\n{imports}\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(run())\n}}\n\nasync fn run() -> Result<(), Box<dyn std::error::Error>> {{\n{body}    Ok(())\n}}\n{helpers}"
        )
    };
    let refresh_token = "\n/// A refresh token from an earlier sign-in.\nfn refresh_token() -> String {\n    std::env::var(\"REFRESH_TOKEN\").unwrap_or_default()\n}\n";
    vec![
        (
            "authorization_code.rs".into(),
            main(
                "Authorization code flow with PKCE for a web application, callback handling included.",
                "",
                &authorization_code_body(&builder),
                "",
            ),
        ),
        (
            "client_credentials.rs".into(),
            main(
                "Client credentials: the client obtains its own access token on the first call that needs one, one request at a time, and a new one before it expires.",
                "",
                &format!("let client = {client}::builder()\n    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")\n    .client_credentials_scopes([\"YOUR_SCOPE\"])\n    .build()?;\n// Every operation that needs a bearer token now sends the client's own.\nlet _ = client;\n"),
                "",
            ),
        ),
        (
            "refresh.rs".into(),
            main(
                "Refresh on expiry: a token holder refreshes the access token shortly before it expires (and once after a 401); `refresh` forces it.",
                ", ExposeSecret as _",
                &format!("let client = {client}::builder()\n    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")\n    .build()?;\nlet flow = client.authorization_code(\"http://127.0.0.1:8080/callback\");\nlet token = flow.refresh(&refresh_token()).await?;\nlet holder = client.token_holder(token);\nlet api = client.with_token_holder(&holder); // its calls use the current token\nlet _ = api;\nholder.refresh().await?;\nif let Some(access) = holder.access_token().await? {{\n    println!(\"access token of {{}} characters\", access.expose_secret().len());\n}}\n"),
                refresh_token,
            ),
        ),
        (
            "revoke.rs".into(),
            main(
                "Revoke at logout (RFC 7009): the refresh token, else the access token.",
                "",
                &format!("let client = {client}::builder()\n    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")\n    .build()?;\nlet flow = client.authorization_code(\"http://127.0.0.1:8080/callback\");\nlet token = flow.refresh(&refresh_token()).await?;\nflow.revoke(&token).await?;\n"),
                refresh_token,
            ),
        ),
    ]
}
