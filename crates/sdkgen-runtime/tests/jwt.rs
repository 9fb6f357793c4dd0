//! RFC 7523 client assertions (client_secret_jwt, private_key_jwt), verified with jsonwebtoken.

mod common;

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use common::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::Method;
use sdkgen_runtime::{ClientAuth, Error, JwtAlgorithm, Request};
use serde::Deserialize;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    jti: String,
    iat: u64,
    exp: u64,
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let body: Vec<String> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        body.join("\n")
    )
}

async fn token_request(server: &MockServer, auth: ClientAuth) -> Vec<wiremock::Request> {
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    let core = builder(server)
        .client_id("my-client")
        .client_auth(auth)
        .build()
        .unwrap();
    for _ in 0..2 {
        let mut req = Request::new(Method::POST, "/oauth/token".into());
        req.security(&[&[BASIC]]);
        req.query("q", "1", sdkgen_runtime::ParamStyle::Form, true)
            .unwrap();
        req.form(&serde_json::json!({"grant_type": "client_credentials"}))
            .unwrap();
        core.execute::<()>(req).await.unwrap();
    }
    requests(server).await
}

fn verify(req: &wiremock::Request, aud: &str, key: &DecodingKey, alg: Algorithm) -> Claims {
    assert!(req.headers.get("authorization").is_none());
    assert_eq!(
        form_value(req, "grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(
        form_value(req, "client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    let jwt = form_value(req, "client_assertion").unwrap();
    let mut v = Validation::new(alg);
    v.set_audience(&[aud]);
    v.set_issuer(&["my-client"]);
    v.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    let data = jsonwebtoken::decode::<Claims>(&jwt, key, &v).unwrap();
    let c = data.claims;
    assert_eq!(c.iss, "my-client");
    assert_eq!(c.sub, "my-client");
    assert_eq!(c.aud, aud);
    assert_eq!(c.exp - c.iat, 300);
    assert!(c.jti.len() >= 16);
    c
}

#[tokio::test]
async fn client_secret_jwt_hs256() {
    let server = MockServer::start().await;
    let reqs = token_request(
        &server,
        ClientAuth::SecretJwt {
            client_secret: "a-long-shared-secret-of-32-bytes!".into(),
        },
    )
    .await;
    let aud = format!("{}/oauth/token", server.uri());
    let key = DecodingKey::from_secret(b"a-long-shared-secret-of-32-bytes!").unwrap();
    let c1 = verify(&reqs[0], &aud, &key, Algorithm::HS256);
    let c2 = verify(&reqs[1], &aud, &key, Algorithm::HS256);
    assert_ne!(c1.jti, c2.jti, "jti must be unique per assertion");
    // The wrong secret does not verify.
    let jwt = form_value(&reqs[0], "client_assertion").unwrap();
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&[&aud]);
    assert!(
        jsonwebtoken::decode::<Claims>(&jwt, &DecodingKey::from_secret(b"other").unwrap(), &v)
            .is_err()
    );
}

#[tokio::test]
async fn private_key_jwt_rs256() {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let private: Pkcs8V1Der = kp.as_der().unwrap();
    let public = kp.public_key().as_der().unwrap();
    let server = MockServer::start().await;
    let reqs = token_request(
        &server,
        ClientAuth::PrivateKeyJwt {
            key_pem: pem("PRIVATE KEY", private.as_ref()).into(),
            algorithm: JwtAlgorithm::RS256,
            key_id: Some("key-1".into()),
        },
    )
    .await;
    let aud = format!("{}/oauth/token", server.uri());
    let key = DecodingKey::from_rsa_pem(pem("PUBLIC KEY", public.as_ref()).as_bytes()).unwrap();
    verify(&reqs[0], &aud, &key, Algorithm::RS256);
    let header =
        jsonwebtoken::decode_header(form_value(&reqs[0], "client_assertion").unwrap()).unwrap();
    assert_eq!(header.kid.as_deref(), Some("key-1"));
    assert_eq!(header.alg, Algorithm::RS256);
}

#[tokio::test]
async fn private_key_jwt_es256() {
    let kp = aws_lc_rs::signature::EcdsaKeyPair::generate(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
    )
    .unwrap();
    let private = kp.to_pkcs8v1().unwrap();
    let public = kp.public_key().as_der().unwrap();
    let server = MockServer::start().await;
    let reqs = token_request(
        &server,
        ClientAuth::PrivateKeyJwt {
            key_pem: pem("PRIVATE KEY", private.as_ref()).into(),
            algorithm: JwtAlgorithm::ES256,
            key_id: None,
        },
    )
    .await;
    let aud = format!("{}/oauth/token", server.uri());
    let key = DecodingKey::from_ec_pem(pem("PUBLIC KEY", public.as_ref()).as_bytes()).unwrap();
    verify(&reqs[0], &aud, &key, Algorithm::ES256);
}

#[tokio::test]
async fn invalid_private_key_is_client_auth_error_without_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let core = builder(&server)
        .client_id("my-client")
        .client_auth(ClientAuth::PrivateKeyJwt {
            key_pem: "not a pem NOT-A-KEY-SECRET".into(),
            algorithm: JwtAlgorithm::RS256,
            key_id: None,
        })
        .build()
        .unwrap();
    let mut req = Request::new(Method::POST, "/oauth/token".into());
    req.security(&[&[BASIC]]);
    req.form(&serde_json::json!({"grant_type": "client_credentials"}))
        .unwrap();
    let err = core.execute::<()>(req).await.unwrap_err();
    assert!(matches!(err, Error::ClientAuth(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("NOT-A-KEY-SECRET"));
    server.verify().await;
}
