//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::time::Duration;

use sdkgen_runtime::{ClientCore, ClientCoreBuilder, RetryPolicy, SchemeKind, SecurityScheme};
use url::Url;
use wiremock::MockServer;

pub const BASIC: SecurityScheme = SecurityScheme {
    name: "OauthBasicScheme",
    kind: SchemeKind::HttpBasic,
};
pub const BEARER: SecurityScheme = SecurityScheme {
    name: "BearerAuth",
    kind: SchemeKind::HttpBearer,
};
pub const OAUTH: SecurityScheme = SecurityScheme {
    name: "OAuth2",
    kind: SchemeKind::OAuth2,
};
pub const KEY_QUERY: SecurityScheme = SecurityScheme {
    name: "QueryKey",
    kind: SchemeKind::ApiKey {
        location: sdkgen_runtime::ApiKeyLocation::Query,
        param: "api_key",
    },
};
pub const KEY_HEADER: SecurityScheme = SecurityScheme {
    name: "HeaderKey",
    kind: SchemeKind::ApiKey {
        location: sdkgen_runtime::ApiKeyLocation::Header,
        param: "X-API-Key",
    },
};
pub const KEY_COOKIE: SecurityScheme = SecurityScheme {
    name: "CookieKey",
    kind: SchemeKind::ApiKey {
        location: sdkgen_runtime::ApiKeyLocation::Cookie,
        param: "session",
    },
};

/// Small, fast retry policy so tests never wait long.
pub fn fast_retry(max: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

pub fn builder(server: &MockServer) -> ClientCoreBuilder {
    ClientCore::builder()
        .base_url(Url::parse(&server.uri()).unwrap())
        .retry_policy(fast_retry(2))
        .timeout(Duration::from_secs(10))
}

pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

pub fn form_of(req: &wiremock::Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&req.body)
        .into_owned()
        .collect()
}

pub fn form_value(req: &wiremock::Request, key: &str) -> Option<String> {
    form_of(req)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

pub fn auth_headers(req: &wiremock::Request) -> Vec<String> {
    req.headers
        .get_all("authorization")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}
