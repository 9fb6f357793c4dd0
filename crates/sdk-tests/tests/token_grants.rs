//! `get_token` with every grant of `GetTokenRequest`: exact form body bytes on the wire.

mod common;

use common::*;
use ring_central::models::{
    ClientAssertionType, GetTokenRequest, GetTokenRequestAuthorizationCode,
    GetTokenRequestClientCredentials, GetTokenRequestClientCredentialsByAccount,
    GetTokenRequestClientCredentialsByBrand, GetTokenRequestClientCredentialsByPartnerAccount,
    GetTokenRequestDeviceCode, GetTokenRequestGuest, GetTokenRequestIvrPin,
    GetTokenRequestJwtBearer, GetTokenRequestOtp, GetTokenRequestPassword,
    GetTokenRequestRefreshToken, TokenType,
};
use wiremock::MockServer;

/// Sends `body` with an unauthenticated client, checks the response decoded, and returns the one
/// request the server saw, after the checks every grant shares.
async fn send(body: &GetTokenRequest) -> wiremock::Request {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let token = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .get_token(body)
        .await
        .expect("token request succeeds");
    assert_eq!(
        token.access_token,
        "U0pDMTFQMDFQQVMwMHxBQUJfTUpaT0FDQ0VTUy1UT0tFTg"
    );
    assert_eq!(token.token_type, TokenType::Bearer);
    let req = only_request(&server).await;
    assert_eq!(header(&req, "accept").as_deref(), Some("application/json"));
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(
        form_values(&req, "grant_type").len(),
        1,
        "grant_type exactly once"
    );
    req
}

async fn check(body: GetTokenRequest, grant: &str, expected: &str) {
    let req = send(&body).await;
    assert_form_post(&req, TOKEN_PATH, expected);
    assert_eq!(form_value(&req, "grant_type").as_deref(), Some(grant));
}

#[tokio::test]
async fn authorization_code_grant() {
    let body = GetTokenRequestAuthorizationCode::new("U0pDMTFQ code/+=")
        .with_redirect_uri("https://app.example.com/oauth cb?x=1&y=2")
        .with_code_verifier("verifier-~._abc");
    check(
        body.into(),
        "authorization_code",
        "grant_type=authorization_code&code=U0pDMTFQ+code%2F%2B%3D\
         &redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth+cb%3Fx%3D1%26y%3D2\
         &code_verifier=verifier-%7E._abc",
    )
    .await;
}

#[tokio::test]
async fn authorization_code_grant_minimal_has_no_optional_fields() {
    let req = send(&GetTokenRequestAuthorizationCode::new("abc").into()).await;
    assert_form_post(&req, TOKEN_PATH, "grant_type=authorization_code&code=abc");
    for absent in [
        "redirect_uri",
        "code_verifier",
        "client_id",
        "scope",
        "access_token_ttl",
    ] {
        assert_eq!(form_value(&req, absent), None, "{absent} must be absent");
    }
}

#[tokio::test]
async fn password_grant_numbers_as_text_and_percent_encoding() {
    let body = GetTokenRequestPassword::new("+16501234567*101", "p@ss w&rd=")
        .with_endpoint_id("ep-1")
        .with_access_token_ttl(3600)
        .with_refresh_token_ttl(604_800);
    let req = send(&body.into()).await;
    assert_form_post(
        &req,
        TOKEN_PATH,
        "grant_type=password&endpoint_id=ep-1&access_token_ttl=3600&refresh_token_ttl=604800\
         &username=%2B16501234567*101&password=p%40ss+w%26rd%3D",
    );
    // Decoded back, the values are the originals.
    assert_eq!(
        form_value(&req, "username").as_deref(),
        Some("+16501234567*101")
    );
    assert_eq!(form_value(&req, "password").as_deref(), Some("p@ss w&rd="));
    assert_eq!(form_value(&req, "extension"), None);
    assert_eq!(form_value(&req, "pin"), None);
}

#[tokio::test]
async fn jwt_bearer_grant() {
    let body = GetTokenRequestJwtBearer::new("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_")
        .with_scope("ReadAccounts CallControl");
    // `.into()` builds the standard jwt-bearer grant (the first variant with this payload).
    let grant: GetTokenRequest = body.clone().into();
    assert_eq!(grant, GetTokenRequest::JwtBearer(body));
    check(
        grant,
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer\
         &scope=ReadAccounts+CallControl&assertion=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_",
    )
    .await;
}

#[tokio::test]
async fn partner_jwt_grant() {
    let body = GetTokenRequestJwtBearer::new("eyJ0eXAiOiJKV1QifQ.e30.c2ln");
    check(
        GetTokenRequest::PartnerJwt(body),
        "partner_jwt",
        "grant_type=partner_jwt&assertion=eyJ0eXAiOiJKV1QifQ.e30.c2ln",
    )
    .await;
}

#[tokio::test]
async fn refresh_token_grant() {
    let body = GetTokenRequestRefreshToken::new("U0pDMTFQMDFQQVMwMHxBQUJf/TUpa+")
        .with_client_id("pub-client");
    check(
        body.into(),
        "refresh_token",
        "grant_type=refresh_token&client_id=pub-client&refresh_token=U0pDMTFQMDFQQVMwMHxBQUJf%2FTUpa%2B",
    )
    .await;
}

#[tokio::test]
async fn ivr_pin_grant() {
    check(
        GetTokenRequestIvrPin::new("1234").into(),
        "ivr_pin",
        "grant_type=ivr_pin&ivr_pin=1234",
    )
    .await;
}

#[tokio::test]
async fn device_code_grant() {
    let body = GetTokenRequestDeviceCode::new("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS")
        .with_client_id("pub-client");
    check(
        body.into(),
        "urn:ietf:params:oauth:grant-type:device_code",
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=pub-client\
         &device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
    )
    .await;
}

#[tokio::test]
async fn client_credentials_by_brand_grant() {
    let body = GetTokenRequestClientCredentials::from(
        GetTokenRequestClientCredentialsByBrand::new("1210").with_access_token_ttl(600),
    );
    check(
        body.into(),
        "client_credentials",
        "grant_type=client_credentials&access_token_ttl=600&brand_id=1210",
    )
    .await;
}

#[tokio::test]
async fn client_credentials_by_account_grant() {
    let body = GetTokenRequestClientCredentials::from(
        GetTokenRequestClientCredentialsByAccount::new("400131243008"),
    );
    check(
        body.into(),
        "client_credentials",
        "grant_type=client_credentials&account_id=400131243008",
    )
    .await;
}

#[tokio::test]
async fn client_credentials_by_partner_account_grant() {
    let body = GetTokenRequestClientCredentials::from(
        GetTokenRequestClientCredentialsByPartnerAccount::new("1210", "partner/42 x"),
    );
    check(
        body.into(),
        "client_credentials",
        "grant_type=client_credentials&brand_id=1210&partner_account_id=partner%2F42+x",
    )
    .await;
}

#[tokio::test]
async fn otp_grant() {
    check(
        GetTokenRequestOtp::new("123456")
            .with_scope("ReadAccounts")
            .into(),
        "otp",
        "grant_type=otp&scope=ReadAccounts&code=123456",
    )
    .await;
}

#[tokio::test]
async fn guest_grant() {
    let body = GetTokenRequestGuest::new()
        .with_brand_id("1210")
        .with_resource_type("Meeting")
        .with_resource("https://v.ringcentral.com/join/123");
    check(
        body.into(),
        "guest",
        "grant_type=guest&brand_id=1210&resource_type=Meeting\
         &resource=https%3A%2F%2Fv.ringcentral.com%2Fjoin%2F123",
    )
    .await;
}

#[tokio::test]
async fn guest_grant_with_nothing_set_sends_only_grant_type() {
    let req = send(&GetTokenRequestGuest::new().into()).await;
    assert_form_post(&req, TOKEN_PATH, "grant_type=guest");
}

#[tokio::test]
async fn caller_supplied_client_assertion_is_sent_verbatim() {
    // Without JWT client authentication configured, assertion fields set on the body go out
    // as they are, each once.
    let body = GetTokenRequestIvrPin::new("1234")
        .with_client_assertion_type(
            ClientAssertionType::UrnIetfParamsOauthClientAssertionTypeJwtBearer,
        )
        .with_client_assertion("a.b.c");
    check(
        body.into(),
        "ivr_pin",
        "grant_type=ivr_pin\
         &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
         &client_assertion=a.b.c&ivr_pin=1234",
    )
    .await;
}
