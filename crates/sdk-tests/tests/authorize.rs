//! The authorization endpoint: `authorize` (GET), `authorize_url`, `authorize2` (POST form).

mod common;

use common::*;
use ring_central::models::{
    AuthorizeRequest, AuthorizeResponseType, CodeChallengeMethodEnum, DisplayModesEnum,
    OauthInvalidRequestError,
};
use ring_central::services::AuthorizeParams;
use ring_central::{Environment, Error, RingCentral};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OAUTH_400: &str = r#"{"error":"invalid_request","error_description":"Unsupported response type","errors":[{"errorCode":"OAU-250","message":"Unsupported response type [token]","parameterName":"response_type","parameterValue":"token"}]}"#;

// Sets every parameter, the deprecated `localeId` too: it must still be sent.
#[allow(deprecated)]
fn full_params() -> AuthorizeParams {
    AuthorizeParams::new("my client", AuthorizeResponseType::Code)
        .with_redirect_uri("https://app.example.com/cb?x=1")
        .with_state("st ate/1")
        .with_scope("openid ReadAccounts")
        .with_display(DisplayModesEnum::Popup)
        .with_prompt("login consent")
        .with_ui_locales("en-US fr")
        .with_locale_id("en-US")
        .with_code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .with_code_challenge_method(CodeChallengeMethodEnum::S256)
        .with_nonce("n-0S6_WzA2Mj")
        .with_ui_options("hide_logo hide_tos")
        .with_login_hint("+16501234567")
        .with_brand_id("1210")
}

/// The query of [`full_params`]: declaration order, RFC 3986 percent-encoding (space as `%20`).
const FULL_QUERY: &str = "client_id=my%20client&response_type=code\
    &redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&state=st%20ate%2F1\
    &scope=openid%20ReadAccounts&display=popup&prompt=login%20consent&ui_locales=en-US%20fr\
    &localeId=en-US&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
    &code_challenge_method=S256&nonce=n-0S6_WzA2Mj&ui_options=hide_logo%20hide_tos\
    &login_hint=%2B16501234567&brand_id=1210";

/// Mounts a 3xx on the authorization endpoint, and a callback that must never be reached.
async fn mount_redirect(server: &MockServer, status: u16, location: &str) {
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(path("/callback"))
        .respond_with(ResponseTemplate::new(200).set_body_string("followed!"))
        .expect(0)
        .mount(server)
        .await;
}

#[tokio::test]
async fn authorize_sends_exact_query_and_returns_the_302_unfollowed() {
    let server = MockServer::start().await;
    let location = format!(
        "{}/callback?code=auth-code-1&state=st%20ate%2F1",
        server.uri()
    );
    mount_redirect(&server, 302, &location).await;
    let redirect = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&full_params())
        .await
        .expect("a redirect is Ok");
    assert_eq!(redirect.status.as_u16(), 302);
    assert_eq!(redirect.location.as_deref(), Some(location.as_str()));
    assert_eq!(redirect.code().as_deref(), Some("auth-code-1"));
    assert_eq!(redirect.state().as_deref(), Some("st ate/1"));
    assert_eq!(redirect.error(), None);

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), AUTHORIZE_PATH);
    assert_eq!(req.url.query(), Some(FULL_QUERY));
    assert!(req.body.is_empty());
    assert_eq!(header(&req, "content-type"), None);
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(header(&req, "user-agent").as_deref(), Some(USER_AGENT));
    server.verify().await;
}

#[tokio::test]
async fn authorize_minimal_query_has_only_required_parameters() {
    let server = MockServer::start().await;
    mount_redirect(&server, 302, "https://app.example.com/cb?code=c").await;
    anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("client_id=my-client&response_type=code")
    );
}

#[tokio::test]
async fn authorize_303_with_relative_location_is_ok_and_not_followed() {
    let server = MockServer::start().await;
    mount_redirect(&server, 303, "/callback?code=xyz&state=abc").await;
    let redirect = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(
            &AuthorizeParams::new("my-client", AuthorizeResponseType::Code).with_state("abc"),
        )
        .await
        .expect("303 is a redirect");
    assert_eq!(redirect.status.as_u16(), 303);
    assert_eq!(redirect.code().as_deref(), Some("xyz"));
    assert_eq!(redirect.state().as_deref(), Some("abc"));
    assert_eq!(
        redirect.location_url().map(|u| u.to_string()),
        Some(format!("{}/callback?code=xyz&state=abc", server.uri()))
    );
    assert_eq!(requests(&server).await.len(), 1);
    server.verify().await;
}

#[tokio::test]
async fn authorize_error_redirect_exposes_error_fields() {
    let server = MockServer::start().await;
    mount_redirect(
        &server,
        302,
        "https://app.example.com/cb?error=access_denied&error_description=User%20denied&state=s",
    )
    .await;
    let redirect = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
        .unwrap();
    assert_eq!(redirect.code(), None);
    assert_eq!(redirect.error().as_deref(), Some("access_denied"));
    assert_eq!(redirect.error_description().as_deref(), Some("User denied"));
}

#[tokio::test]
async fn authorize_400_is_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_raw(OAUTH_400, "application/json"))
        .mount(&server)
        .await;
    let err = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Unknown("token".into()),
        ))
        .await
        .expect_err("400 is an error");
    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("client_id=my-client&response_type=token")
    );
    match &err {
        Error::Api {
            status, body, raw, ..
        } => {
            assert_eq!(status.as_u16(), 400);
            let body = body.as_ref().expect("typed body");
            assert_eq!(body.error, Some(OauthInvalidRequestError::InvalidRequest));
            assert_eq!(body.errors.len(), 1);
            assert_eq!(body.errors[0].error_code, "OAU-250");
            assert_eq!(body.errors[0].message, "Unsupported response type [token]");
            assert_eq!(
                body.errors[0].parameter_name.as_deref(),
                Some("response_type")
            );
            assert_eq!(body.errors[0].parameter_value.as_deref(), Some("token"));
            assert_eq!(&raw[..], OAUTH_400.as_bytes());
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let oauth = err.oauth_error().expect("an OAuth error body");
    assert_eq!(oauth.error.as_str(), "invalid_request");
    assert_eq!(
        oauth.error_description.as_deref(),
        Some("Unsupported response type")
    );
}

#[tokio::test]
async fn authorize_200_is_an_unexpected_status() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"))
        .mount(&server)
        .await;
    let err = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
        .expect_err("200 is not documented");
    match err {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], b"<html>login</html>");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn authorize_url_is_the_same_url_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    // Credentials must not leak into a URL meant for a browser.
    let client = builder(&server)
        .access_token("secret-bearer")
        .client_credentials("my-client", "secret-client")
        .build()
        .unwrap();
    let url = client
        .o_auth_2_0_open_id_connect()
        .authorize_url(&full_params())
        .expect("URL builds");
    assert_eq!(
        url.as_str(),
        format!("{}{AUTHORIZE_PATH}?{FULL_QUERY}", server.uri())
    );
    assert!(!url.as_str().contains("secret"));
    assert!(requests(&server).await.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn authorize_url_for_named_environments() {
    let params = AuthorizeParams::new("my-client", AuthorizeResponseType::Code)
        .with_redirect_uri("https://app.example.com/cb");
    let query =
        "client_id=my-client&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb";
    for (env, base) in [
        (Environment::Production, "https://platform.ringcentral.com"),
        (
            Environment::Sandbox,
            "https://platform.devtest.ringcentral.com",
        ),
        (
            Environment::Custom("https://proxy.example.com/rc/".into()),
            "https://proxy.example.com/rc",
        ),
    ] {
        let client = RingCentral::builder().environment(env).build().unwrap();
        let url = client
            .o_auth_2_0_open_id_connect()
            .authorize_url(&params)
            .unwrap();
        assert_eq!(url.as_str(), format!("{base}{AUTHORIZE_PATH}?{query}"));
    }
}

#[tokio::test]
async fn authorize2_posts_the_form_and_returns_the_redirect() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(AUTHORIZE_PATH))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://app.example.com/cb?code=c2&state=xyz"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = AuthorizeRequest::new("my-client", AuthorizeResponseType::Code)
        .with_redirect_uri("https://app.example.com/cb")
        .with_state("xyz")
        .with_scope("openid profile")
        .with_display(DisplayModesEnum::Page)
        .with_code_challenge("abc-_~")
        .with_code_challenge_method(CodeChallengeMethodEnum::S256);
    let redirect = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize2(&body)
        .await
        .expect("redirect");
    assert_eq!(redirect.code().as_deref(), Some("c2"));
    assert_eq!(redirect.state().as_deref(), Some("xyz"));
    let req = only_request(&server).await;
    assert_form_post(
        &req,
        AUTHORIZE_PATH,
        "response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&client_id=my-client\
         &state=xyz&scope=openid+profile&display=page&code_challenge=abc-_%7E\
         &code_challenge_method=S256",
    );
    assert_eq!(header(&req, "authorization"), None);
    server.verify().await;
}

#[tokio::test]
async fn authorize2_400_is_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_raw(OAUTH_400, "application/json"))
        .mount(&server)
        .await;
    let err = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize2(&AuthorizeRequest::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
        .expect_err("400");
    assert!(
        matches!(&err, Error::Api { body: Some(body), .. } if body.errors[0].error_code == "OAU-250"),
        "{err:?}"
    );
}
