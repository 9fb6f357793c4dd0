//! The flow-level OAuth API: authorization URL with PKCE and state, callback checks, code
//! exchange, refresh, revocation, and grants that obtain tokens by themselves.

mod common;

use std::borrow::Cow;
use std::sync::Arc;

use common::*;
use reqwest::Method;
use sdkgen_runtime::{
    AuthorizationCodeFlow, CallbackError, ClientAuth, ClientCore, Grant, GrantTokens,
    OAuthEndpoints, OAuthErrorCode, PendingAuthorization, Request, AccessTokenResponse,
};
use sha2::Digest as _;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static ENDPOINTS: OAuthEndpoints = OAuthEndpoints {
    authorization: Some(Cow::Borrowed("/oauth/authorize")),
    token: Cow::Borrowed("/oauth/token"),
    refresh: None,
    revocation: Some(Cow::Borrowed("/oauth/revoke")),
    issuer: None,
};

const REDIRECT: &str = "https://app.example/callback";

fn confidential(server: &MockServer) -> ClientCore {
    builder(server)
        .client_id("app")
        .client_auth(ClientAuth::SecretBasic {
            client_secret: "s3cret".into(),
        })
        .build()
        .unwrap()
}

fn flow(core: &ClientCore) -> AuthorizationCodeFlow<AccessTokenResponse> {
    AuthorizationCodeFlow::new(core, &ENDPOINTS, REDIRECT)
        .scope("read")
        .scope("write")
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn callback_url(pairs: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse(REDIRECT).unwrap();
    u.query_pairs_mut().extend_pairs(pairs);
    u.to_string()
}

#[tokio::test]
async fn authorization_url_has_pkce_state_and_client() {
    let server = MockServer::start().await;
    let core = confidential(&server);
    let f = flow(&core);
    let (url, pending) = f.authorization_url().unwrap();
    assert!(
        url.as_str()
            .starts_with(&format!("{}/oauth/authorize?", server.uri()))
    );
    assert_eq!(query(&url, "response_type").as_deref(), Some("code"));
    assert_eq!(query(&url, "client_id").as_deref(), Some("app"));
    assert_eq!(query(&url, "redirect_uri").as_deref(), Some(REDIRECT));
    assert_eq!(query(&url, "scope").as_deref(), Some("read write"));
    assert_eq!(query(&url, "state").as_deref(), Some(pending.state()));
    assert_eq!(
        query(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    let expected = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        sha2::Sha256::digest(pending.code_verifier().as_str().as_bytes()),
    );
    assert_eq!(query(&url, "code_challenge"), Some(expected));
    // A fresh state and verifier each time.
    let (_, other) = f.authorization_url().unwrap();
    assert_ne!(other.state(), pending.state());
    assert_ne!(
        other.code_verifier().as_str(),
        pending.code_verifier().as_str()
    );
    // Secrets stay out of Debug.
    let dbg = format!("{pending:?}");
    assert!(!dbg.contains(pending.state()) && !dbg.contains(pending.code_verifier().as_str()));
}

#[tokio::test]
async fn authorization_url_needs_a_client_id() {
    let server = MockServer::start().await;
    let core = builder(&server).build().unwrap();
    assert!(flow(&core).authorization_url().is_err());
}

#[tokio::test]
async fn callback_checks_state_error_and_issuer() {
    let server = MockServer::start().await;
    let core = confidential(&server);
    let f = flow(&core);
    let (_, pending) = f.authorization_url().unwrap();
    let st = pending.state().to_string();

    let code = f
        .callback(&pending, &callback_url(&[("code", "C1"), ("state", &st)]))
        .unwrap();
    assert_eq!(code.as_str(), "C1");
    assert!(!format!("{code:?}").contains("C1"));
    // Path and query only, as a web server receives it.
    let code = f
        .callback(&pending, &format!("/callback?code=C2&state={st}"))
        .unwrap();
    assert_eq!(code.as_str(), "C2");

    assert_eq!(
        f.callback(
            &pending,
            &callback_url(&[("code", "C1"), ("state", "forged")])
        )
        .unwrap_err(),
        CallbackError::StateMismatch
    );
    assert_eq!(
        f.callback(&pending, &callback_url(&[("code", "C1")]))
            .unwrap_err(),
        CallbackError::StateMismatch
    );
    // An empty state never matches, even one restored empty from a session.
    let empty = PendingAuthorization::from_parts(String::new(), "v".repeat(43)).unwrap();
    assert_eq!(
        f.callback(&empty, "/cb?code=C1&state=").unwrap_err(),
        CallbackError::StateMismatch
    );
    assert_eq!(
        f.callback(&pending, &callback_url(&[("state", &st)]))
            .unwrap_err(),
        CallbackError::MissingCode
    );
    let refused = f
        .callback(
            &pending,
            &callback_url(&[
                ("error", "access_denied"),
                ("error_description", "the user said no"),
                ("error_uri", "https://as.example/e"),
                ("state", &st),
            ]),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        CallbackError::Refused {
            error: OAuthErrorCode::AccessDenied,
            description: Some("the user said no".into()),
            uri: Some("https://as.example/e".into()),
        }
    );
    // RFC 9207: the default issuer is the authorization endpoint's origin.
    let ok = callback_url(&[("code", "C3"), ("state", &st), ("iss", &server.uri())]);
    assert_eq!(f.callback(&pending, &ok).unwrap().as_str(), "C3");
    let mixed_up = callback_url(&[
        ("code", "C3"),
        ("state", &st),
        ("iss", "https://evil.example"),
    ]);
    assert!(matches!(
        f.callback(&pending, &mixed_up).unwrap_err(),
        CallbackError::IssuerMismatch { .. }
    ));
    let f2 = flow(&core).issuer("https://evil.example");
    assert_eq!(f2.callback(&pending, &mixed_up).unwrap().as_str(), "C3");
}

#[tokio::test]
async fn exchange_refresh_and_revoke() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "AT-1", "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": "RT-1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/revoke"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let core = confidential(&server);
    let f = flow(&core);
    let pending = PendingAuthorization::from_parts("st".into(), "v".repeat(43)).unwrap();
    let code = f.callback(&pending, "/cb?code=THE-CODE&state=st").unwrap();
    let token = f.exchange(&code, &pending).await.unwrap();
    assert_eq!(token.access_token, "AT-1");
    assert_eq!(token.refresh_token.as_deref(), Some("RT-1"));
    assert!(!format!("{token:?}").contains("AT-1"));

    let err = f.refresh("RT-1").await.unwrap_err();
    assert_eq!(
        err.oauth_error().map(|e| e.error),
        Some(OAuthErrorCode::InvalidGrant)
    );
    f.revoke(&token).await.unwrap();

    let reqs = requests(&server).await;
    let exchange = &reqs[0];
    assert_eq!(form_value(exchange, "code").as_deref(), Some("THE-CODE"));
    assert_eq!(
        form_value(exchange, "redirect_uri").as_deref(),
        Some(REDIRECT)
    );
    assert_eq!(form_value(exchange, "code_verifier"), Some("v".repeat(43)));
    assert!(auth_headers(exchange)[0].starts_with("Basic "));
    assert_eq!(
        form_value(&reqs[1], "refresh_token").as_deref(),
        Some("RT-1")
    );
    assert_eq!(form_value(&reqs[2], "token").as_deref(), Some("RT-1"));
    assert_eq!(
        form_value(&reqs[2], "token_type_hint").as_deref(),
        Some("refresh_token")
    );
}

#[tokio::test]
async fn public_client_sends_client_id_in_the_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "AT", "token_type": "Bearer"
        })))
        .mount(&server)
        .await;
    let core = builder(&server).client_id("spa").build().unwrap();
    let f = flow(&core);
    let pending = PendingAuthorization::from_parts("s".into(), "w".repeat(50)).unwrap();
    let code = f.callback(&pending, "/cb?code=C&state=s").unwrap();
    f.exchange(&code, &pending).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(form_value(&reqs[0], "client_id").as_deref(), Some("spa"));
    assert!(auth_headers(&reqs[0]).is_empty());
}

/// Client credentials: fetched on first use, once for concurrent callers, cached, fetched again
/// when expiring, and after a 401.
#[tokio::test]
async fn client_credentials_fetch_cache_and_renew() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=a+b"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({
                    "access_token": "CC", "token_type": "Bearer", "expires_in": 30
                }))
                .set_delay(std::time::Duration::from_millis(100)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/data"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let core = confidential(&server);
    let tokens: GrantTokens<AccessTokenResponse> = GrantTokens::new(
        &core,
        &ENDPOINTS,
        Grant::ClientCredentials {
            scopes: vec!["a".into(), "b".into()],
        },
        Vec::new(),
    );
    let api = core.with_token_provider(Arc::new(tokens.clone()));
    static SEC: &[&[sdkgen_runtime::SecurityScheme]] = &[&[OAUTH]];
    let call = || {
        let api = api.clone();
        async move {
            let mut req = Request::new(Method::GET, "/data".into());
            req.security(SEC);
            api.execute::<serde_json::Value>(req).await.unwrap()
        }
    };
    let (a, b, c) = tokio::join!(call(), call(), call());
    for r in [a, b, c] {
        assert_eq!(r.status(), 200);
    }
    // expires_in 30 s is within the 60 s skew: every later use fetches again; the three
    // concurrent first uses shared one fetch at a time.
    assert_eq!(tokens.fetch_count(), 3);
    let reqs = requests(&server).await;
    let data: Vec<_> = reqs.iter().filter(|r| r.url.path() == "/data").collect();
    assert!(data.iter().all(|r| auth_headers(r) == ["Bearer CC"]));
    let token_reqs: Vec<_> = reqs
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .collect();
    assert!(
        token_reqs
            .iter()
            .all(|r| auth_headers(r)[0].starts_with("Basic "))
    );
}

#[tokio::test]
async fn client_credentials_token_is_cached_until_expiry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "CC", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let core = confidential(&server);
    let tokens: GrantTokens<AccessTokenResponse> = GrantTokens::new(
        &core,
        &ENDPOINTS,
        Grant::ClientCredentials { scopes: vec![] },
        vec![("account_id".into(), "~".into())],
    );
    let (a, b) = tokio::join!(tokens.current(), tokens.current());
    assert_eq!(a.unwrap().access_token, "CC");
    assert_eq!(b.unwrap().access_token, "CC");
    tokens.current().await.unwrap();
    assert_eq!(tokens.fetch_count(), 1);
    let reqs = requests(&server).await;
    assert_eq!(form_value(&reqs[0], "account_id").as_deref(), Some("~"));
    assert_eq!(form_value(&reqs[0], "scope"), None);
}

#[tokio::test]
async fn jwt_bearer_grant_sends_the_assertion() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
        ))
        .and(body_string_contains("assertion=eyJ.x.y"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "JB", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let core = confidential(&server);
    let grant = Grant::JwtBearer {
        assertion: "eyJ.x.y".into(),
    };
    assert!(!format!("{grant:?}").contains("eyJ"));
    let tokens: GrantTokens<AccessTokenResponse> = GrantTokens::new(&core, &ENDPOINTS, grant, vec![]);
    assert_eq!(tokens.current().await.unwrap().access_token, "JB");
}

#[tokio::test]
async fn absolute_endpoints_go_to_their_own_origin() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/as/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "X", "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let endpoints = &OAuthEndpoints {
        authorization: None,
        token: format!("{}/as/token", server.uri()).into(),
        refresh: None,
        revocation: None,
        issuer: None,
    };
    // The API itself is elsewhere.
    let core = ClientCore::builder()
        .base_url(url::Url::parse("http://127.0.0.1:9/api").unwrap())
        .client_id("app")
        .client_auth(ClientAuth::SecretBasic {
            client_secret: "s".into(),
        })
        .build()
        .unwrap();
    let tokens: GrantTokens<AccessTokenResponse> = GrantTokens::new(
        &core,
        endpoints,
        Grant::ClientCredentials { scopes: vec![] },
        vec![],
    );
    assert_eq!(tokens.current().await.unwrap().access_token, "X");
    let f: AuthorizationCodeFlow<AccessTokenResponse> =
        AuthorizationCodeFlow::new(&core, endpoints, REDIRECT);
    assert!(f.authorization_url().is_err(), "no authorization endpoint");
}

/// A token model stricter than the server: it requires `session_id`, which the answer lacks.
#[derive(Clone, serde::Deserialize)]
struct StrictToken {
    access_token: String,
    #[allow(dead_code)]
    session_id: String,
}

impl sdkgen_runtime::OAuthToken for StrictToken {
    fn access_token(&self) -> &str {
        &self.access_token
    }
    fn refresh_token(&self) -> Option<&str> {
        None
    }
    fn expires_in(&self) -> Option<i64> {
        None
    }
}

#[tokio::test]
async fn a_grant_answer_the_typed_model_rejects_still_authorizes_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "RAW", "token_type": "Bearer", "expires_in": "3600"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/data"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let core = confidential(&server);
    let tokens: GrantTokens<StrictToken> =
        GrantTokens::new(&core, &ENDPOINTS, Grant::ClientCredentials { scopes: vec![] }, Vec::new());
    let api = core.with_token_provider(Arc::new(tokens.clone()));
    static SEC: &[&[sdkgen_runtime::SecurityScheme]] = &[&[OAUTH]];
    for _ in 0..2 {
        let mut req = Request::new(Method::GET, "/data".into());
        req.security(SEC);
        assert_eq!(api.execute::<serde_json::Value>(req).await.unwrap().status(), 200);
    }
    // The RFC 6749 §5.1 fields were read from the raw body: the token is used and cached for its
    // lifetime (`expires_in` as a string), though the typed decode failed.
    assert_eq!(tokens.fetch_count(), 1);
    assert!(tokens.token().await.is_none(), "no typed token");
    let data: Vec<_> = requests(&server).await.into_iter().filter(|r| r.url.path() == "/data").collect();
    assert!(data.iter().all(|r| auth_headers(r) == ["Bearer RAW"]));
    // Asked for the typed token, the client fetches again and reports the decode error.
    assert!(matches!(tokens.current().await, Err(sdkgen_runtime::Error::Decode { .. })));
}

/// Token requests of an API's own (here: recorded) operations.
#[derive(Debug, Default)]
struct Recorded {
    calls: std::sync::Mutex<Vec<String>>,
}

impl sdkgen_runtime::TokenOperations<AccessTokenResponse> for Recorded {
    fn exchange_code<'a>(
        &'a self,
        core: &'a ClientCore,
        request: sdkgen_runtime::CodeExchange<'a>,
    ) -> sdkgen_runtime::BoxFuture<'a, Result<AccessTokenResponse, sdkgen_runtime::Error>> {
        assert!(core.credentials().get_bearer().is_none(), "the flow's core has no bearer source");
        self.calls.lock().unwrap().push(format!(
            "exchange {} {} {}",
            request.code,
            request.redirect_uri,
            request.code_verifier.len()
        ));
        Box::pin(async { Ok(recorded_token("AT-1", Some("RT-1"))) })
    }

    fn refresh<'a>(
        &'a self,
        _core: &'a ClientCore,
        refresh_token: &'a str,
    ) -> sdkgen_runtime::BoxFuture<'a, Result<AccessTokenResponse, sdkgen_runtime::Error>> {
        self.calls.lock().unwrap().push(format!("refresh {refresh_token}"));
        Box::pin(async { Ok(recorded_token("AT-2", Some("RT-2"))) })
    }

    fn revoke<'a>(
        &'a self,
        _core: &'a ClientCore,
        token: &'a str,
        hint: &'static str,
    ) -> sdkgen_runtime::BoxFuture<'a, Result<(), sdkgen_runtime::Error>> {
        self.calls.lock().unwrap().push(format!("revoke {token} {hint}"));
        Box::pin(async { Ok(()) })
    }
}

fn recorded_token(access: &str, refresh: Option<&str>) -> AccessTokenResponse {
    serde_json::from_value(serde_json::json!({
        "access_token": access, "token_type": "Bearer", "expires_in": 30, "refresh_token": refresh
    }))
    .unwrap()
}

/// A flow and its token holder send every token request through the given operations (no HTTP
/// request reaches the endpoints).
#[tokio::test]
async fn flow_and_holder_use_their_token_operations() {
    let server = MockServer::start().await;
    let core = confidential(&server).with_bearer(Some(sdkgen_runtime::BearerSource::Static("api".to_string().into())));
    let ops = Arc::new(Recorded::default());
    let f: AuthorizationCodeFlow<AccessTokenResponse> =
        AuthorizationCodeFlow::with_operations(&core, &ENDPOINTS, ops.clone(), REDIRECT);
    let (_, pending) = f.authorization_url().unwrap();
    let code = f
        .callback(&pending, &callback_url(&[("code", "C"), ("state", pending.state())]))
        .unwrap();
    let token = f.exchange(&code, &pending).await.unwrap();
    f.refresh("RT-0").await.unwrap();
    f.revoke(&token).await.unwrap();
    // The holder refreshes a token expiring within the skew (30 s < 60 s), then revokes.
    let holder = f.token_holder(token);
    let access = holder.access_token().await.unwrap().unwrap();
    assert_eq!(secrecy::ExposeSecret::expose_secret(&access), "AT-2");
    holder.revoke().await.unwrap();
    assert_eq!(
        *ops.calls.lock().unwrap(),
        vec![
            format!("exchange C {REDIRECT} 43"),
            "refresh RT-0".to_string(),
            "revoke RT-1 refresh_token".to_string(),
            "refresh RT-1".to_string(),
            "revoke RT-2 refresh_token".to_string(),
        ]
    );
    assert!(requests(&server).await.is_empty());
}
