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
