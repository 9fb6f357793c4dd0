//! Client authentication (client_secret_basic, client_secret_jwt, private_key_jwt, public
//! clients, nothing) and bearer tokens, as configured through `RingCentral::builder()`.

mod common;

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use common::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use ring_central::models::{
    AuthorizeRequest, AuthorizeResponseType, GetTokenRequest, GetTokenRequestPassword,
    GetTokenRequestRefreshToken, RevokeTokenRequest,
};
use ring_central::services::{AuthorizeParams, RevokeTokenParams};
use ring_central::{ClientAuth, JwtAlgorithm, RingCentral};
use serde::Deserialize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const HS_SECRET: &str = "a-long-shared-client-secret-32-bytes!";

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    jti: String,
    iat: u64,
    exp: u64,
}

fn password_grant() -> GetTokenRequest {
    GetTokenRequestPassword::new("user@example.com", "pw").into()
}

async fn token_call(client: &RingCentral, body: &GetTokenRequest) {
    client
        .o_auth_2_0_open_id_connect()
        .get_token(body)
        .await
        .expect("token request succeeds");
}

async fn mount_all_ok(server: &MockServer) {
    mount_token_ok(server).await;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://app.example.com/cb?code=c&state=s"),
        )
        .mount(server)
        .await;
}

/// Sends one request to each of the three endpoints and returns them in order
/// (token, revoke, authorize GET, authorize POST).
async fn all_endpoints(client: &RingCentral, server: &MockServer) -> Vec<wiremock::Request> {
    let svc = client.o_auth_2_0_open_id_connect();
    svc.get_token(&password_grant()).await.expect("token");
    svc.revoke_token(
        &RevokeTokenParams::new(),
        Some(&RevokeTokenRequest::new("tok")),
    )
    .await
    .expect("revoke");
    svc.authorize(&AuthorizeParams::new(
        "my-client",
        AuthorizeResponseType::Code,
    ))
    .await
    .expect("authorize");
    svc.authorize2(&AuthorizeRequest::new(
        "my-client",
        AuthorizeResponseType::Code,
    ))
    .await
    .expect("authorize2");
    let reqs = requests(server).await;
    assert_eq!(reqs.len(), 4);
    reqs
}

fn validation(alg: Algorithm, aud: &str) -> Validation {
    let mut v = Validation::new(alg);
    v.set_audience(&[aud]);
    v.set_issuer(&["my-client"]);
    v.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    v
}

/// Checks the form of a JWT-authenticated token request and returns the verified claims.
fn verify_assertion(
    req: &wiremock::Request,
    server: &MockServer,
    key: &DecodingKey,
    alg: Algorithm,
) -> Claims {
    assert_eq!(
        header(req, "authorization"),
        None,
        "no Authorization with a JWT assertion"
    );
    assert_eq!(header(req, "content-type").as_deref(), Some(FORM));
    assert_eq!(
        form_values(req, "grant_type"),
        vec!["refresh_token".to_string()]
    );
    assert_eq!(form_values(req, "client_id"), vec!["my-client".to_string()]);
    assert_eq!(
        form_values(req, "client_assertion_type"),
        vec![ASSERTION_TYPE.to_string()]
    );
    let jwt = form_value(req, "client_assertion").expect("client_assertion sent");
    // Exact bytes up to the (random) assertion.
    let expected_prefix = "grant_type=refresh_token&refresh_token=rt-1&client_id=my-client\
         &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
         &client_assertion=";
    assert_eq!(body_text(req), format!("{expected_prefix}{jwt}"));
    let aud = format!("{}{TOKEN_PATH}", server.uri());
    let data = jsonwebtoken::decode::<Claims>(&jwt, key, &validation(alg, &aud))
        .expect("assertion verifies");
    assert_eq!(data.header.alg, alg);
    let c = data.claims;
    assert_eq!(c.iss, "my-client");
    assert_eq!(c.sub, "my-client");
    assert_eq!(c.aud, aud);
    assert!(c.exp > c.iat, "exp after iat");
    assert!(c.exp - c.iat <= 3600, "short-lived assertion");
    assert!(c.jti.len() >= 16, "jti has enough entropy: {}", c.jti);
    c
}

async fn jwt_token_requests(auth: ClientAuth) -> (MockServer, Vec<wiremock::Request>) {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let client = builder(&server)
        .client_id("my-client")
        .client_auth(auth)
        .build()
        .expect("client builds");
    let body: GetTokenRequest = GetTokenRequestRefreshToken::new("rt-1").into();
    token_call(&client, &body).await;
    token_call(&client, &body).await;
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    (server, reqs)
}

#[tokio::test]
async fn client_secret_basic_sends_one_basic_header_and_no_bearer() {
    let server = MockServer::start().await;
    mount_all_ok(&server).await;
    let client = builder(&server)
        .client_credentials("my-client", "s3cr3t")
        .access_token("t")
        .build()
        .unwrap();
    let reqs = all_endpoints(&client, &server).await;
    let expected = basic("my-client", "s3cr3t");
    assert_eq!(expected, "Basic bXktY2xpZW50OnMzY3IzdA==");
    for req in &reqs[..2] {
        assert_eq!(
            header_values(req, "authorization"),
            vec![expected.clone()],
            "{}",
            req.url
        );
        assert_eq!(
            form_value(req, "client_id"),
            None,
            "no client_id in the body with Basic"
        );
        assert_eq!(form_value(req, "client_assertion"), None);
    }
    // The token body is exactly the grant.
    assert_form_post(
        &reqs[0],
        TOKEN_PATH,
        "grant_type=password&username=user%40example.com&password=pw",
    );
    assert_form_post(&reqs[1], REVOKE_PATH, "token=tok");
    // authorize (GET and POST) use the bearer token instead, once.
    for req in &reqs[2..] {
        assert_eq!(
            header_values(req, "authorization"),
            vec!["Bearer t".to_string()]
        );
    }
}

#[tokio::test]
async fn client_secret_basic_form_encodes_id_and_secret() {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let client = builder(&server)
        .client_credentials("client:1", "s&c r+t/é")
        .build()
        .unwrap();
    token_call(&client, &password_grant()).await;
    let req = only_request(&server).await;
    let value = header(&req, "authorization").expect("Authorization sent");
    let b64 = value.strip_prefix("Basic ").expect("Basic scheme");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(&raw).unwrap(),
        "client%3A1:s%26c+r%2Bt%2F%C3%A9"
    );
}

#[tokio::test]
async fn client_secret_jwt_hs256_assertion() {
    let (server, reqs) = jwt_token_requests(ClientAuth::SecretJwt {
        client_secret: HS_SECRET.into(),
    })
    .await;
    let key = DecodingKey::from_secret(HS_SECRET.as_bytes()).unwrap();
    let c1 = verify_assertion(&reqs[0], &server, &key, Algorithm::HS256);
    let c2 = verify_assertion(&reqs[1], &server, &key, Algorithm::HS256);
    assert_ne!(c1.jti, c2.jti, "a fresh jti per assertion");
    // The wrong secret does not verify it.
    let jwt = form_value(&reqs[0], "client_assertion").unwrap();
    let wrong = DecodingKey::from_secret(b"another-secret-of-enough-length!!").unwrap();
    let aud = format!("{}{TOKEN_PATH}", server.uri());
    assert!(
        jsonwebtoken::decode::<Claims>(&jwt, &wrong, &validation(Algorithm::HS256, &aud)).is_err()
    );
}

#[tokio::test]
async fn private_key_jwt_rs256_assertion_with_kid() {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let private: Pkcs8V1Der = kp.as_der().unwrap();
    let public = kp.public_key().as_der().unwrap();
    let (server, reqs) = jwt_token_requests(ClientAuth::PrivateKeyJwt {
        key_pem: pem("PRIVATE KEY", private.as_ref()).into(),
        algorithm: JwtAlgorithm::RS256,
        key_id: Some("key-1".into()),
    })
    .await;
    let key = DecodingKey::from_rsa_pem(pem("PUBLIC KEY", public.as_ref()).as_bytes()).unwrap();
    verify_assertion(&reqs[0], &server, &key, Algorithm::RS256);
    let jwt = form_value(&reqs[0], "client_assertion").unwrap();
    let header = jsonwebtoken::decode_header(&jwt).unwrap();
    assert_eq!(header.kid.as_deref(), Some("key-1"));
}

#[tokio::test]
async fn private_key_jwt_es256_assertion() {
    let kp = aws_lc_rs::signature::EcdsaKeyPair::generate(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
    )
    .unwrap();
    let private = kp.to_pkcs8v1().unwrap();
    let public = kp.public_key().as_der().unwrap();
    let (server, reqs) = jwt_token_requests(ClientAuth::PrivateKeyJwt {
        key_pem: pem("PRIVATE KEY", private.as_ref()).into(),
        algorithm: JwtAlgorithm::ES256,
        key_id: None,
    })
    .await;
    let key = DecodingKey::from_ec_pem(pem("PUBLIC KEY", public.as_ref()).as_bytes()).unwrap();
    verify_assertion(&reqs[0], &server, &key, Algorithm::ES256);
    verify_assertion(&reqs[1], &server, &key, Algorithm::ES256);
    let header =
        jsonwebtoken::decode_header(form_value(&reqs[0], "client_assertion").unwrap()).unwrap();
    assert_eq!(header.kid, None);
}

#[tokio::test]
async fn jwt_client_auth_on_revoke_without_body_creates_form_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = builder(&server)
        .client_id("my-client")
        .client_auth(ClientAuth::SecretJwt {
            client_secret: HS_SECRET.into(),
        })
        .build()
        .unwrap();
    client
        .o_auth_2_0_open_id_connect()
        .revoke_token(&RevokeTokenParams::new().with_token("tok"), None)
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("token=tok"));
    assert_eq!(header(&req, "content-type").as_deref(), Some(FORM));
    assert_eq!(
        form_values(&req, "client_assertion_type"),
        vec![ASSERTION_TYPE.to_string()]
    );
    let jwt = form_value(&req, "client_assertion").unwrap();
    let aud = format!("{}{REVOKE_PATH}", server.uri());
    let key = DecodingKey::from_secret(HS_SECRET.as_bytes()).unwrap();
    jsonwebtoken::decode::<Claims>(&jwt, &key, &validation(Algorithm::HS256, &aud))
        .expect("audience is the revocation endpoint");
}

#[tokio::test]
async fn jwt_client_auth_does_not_duplicate_caller_assertion_fields() {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let client = builder(&server)
        .client_id("my-client")
        .client_auth(ClientAuth::SecretJwt {
            client_secret: HS_SECRET.into(),
        })
        .build()
        .unwrap();
    let body = GetTokenRequestRefreshToken::new("rt-1")
        .with_client_assertion_type(ring_central::models::ClientAssertionType::from(
            ASSERTION_TYPE,
        ))
        .with_client_assertion("caller.supplied.jwt");
    token_call(&client, &body.into()).await;
    let req = only_request(&server).await;
    assert_eq!(
        form_values(&req, "client_assertion_type").len(),
        1,
        "{}",
        body_text(&req)
    );
    assert_eq!(
        form_values(&req, "client_assertion").len(),
        1,
        "{}",
        body_text(&req)
    );
}

#[tokio::test]
async fn public_client_sends_client_id_in_body_and_no_authorization() {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let client = builder(&server).client_id("pub-client").build().unwrap();
    token_call(&client, &password_grant()).await;
    // Already present in the body: not repeated.
    let with_id: GetTokenRequest = GetTokenRequestRefreshToken::new("rt")
        .with_client_id("pub-client")
        .into();
    token_call(&client, &with_id).await;
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_form_post(
        &reqs[0],
        TOKEN_PATH,
        "grant_type=password&username=user%40example.com&password=pw&client_id=pub-client",
    );
    assert_form_post(
        &reqs[1],
        TOKEN_PATH,
        "grant_type=refresh_token&client_id=pub-client&refresh_token=rt",
    );
    for req in &reqs {
        assert_eq!(header(req, "authorization"), None);
    }
}

#[tokio::test]
async fn nothing_configured_sends_no_authorization_anywhere() {
    let server = MockServer::start().await;
    mount_all_ok(&server).await;
    let client = anonymous(&server);
    for req in all_endpoints(&client, &server).await {
        assert_eq!(
            header(&req, "authorization"),
            None,
            "{} {}",
            req.method,
            req.url
        );
        assert_eq!(form_value(&req, "client_assertion"), None);
    }
}

#[tokio::test]
async fn empty_credentials_never_produce_empty_basic_or_bearer() {
    let server = MockServer::start().await;
    mount_all_ok(&server).await;
    let client = builder(&server)
        .client_credentials("", "")
        .access_token("")
        .build()
        .unwrap();
    for req in all_endpoints(&client, &server).await {
        let auth = header_values(&req, "authorization");
        assert!(auth.is_empty(), "{} {}: {auth:?}", req.method, req.url);
        assert!(
            !auth
                .iter()
                .any(|a| a == "Basic Og==" || a.trim() == "Bearer")
        );
    }
}

#[tokio::test]
async fn secret_without_client_id_is_not_sent() {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    let client = builder(&server)
        .client_auth(ClientAuth::SecretBasic {
            client_secret: "s3cr3t".into(),
        })
        .build()
        .unwrap();
    token_call(&client, &password_grant()).await;
    let req = only_request(&server).await;
    assert_eq!(header(&req, "authorization"), None);
}

#[tokio::test]
async fn bearer_token_on_oauth2_operations_only() {
    let server = MockServer::start().await;
    mount_all_ok(&server).await;
    let client = builder(&server).access_token("t").build().unwrap();
    let reqs = all_endpoints(&client, &server).await;
    // get_token and revoke_token (anonymous or Basic) never get the bearer token.
    assert_eq!(header(&reqs[0], "authorization"), None);
    assert_eq!(header(&reqs[1], "authorization"), None);
    // authorize (GET) and authorize2 (POST) inherit the global OAuth2 requirement.
    assert_eq!(
        header_values(&reqs[2], "authorization"),
        vec!["Bearer t".to_string()]
    );
    assert_eq!(
        header_values(&reqs[3], "authorization"),
        vec!["Bearer t".to_string()]
    );
}
