//! C91: credentials in every spelling, `format: password` through a `$ref`, and apiKey parameters
//! are redacted from `Debug`; names about credentials are not.
use case_c91::models::{Login, Session};
use case_c91::services::LoginParams;

#[test]
fn debug_hides_every_credential() {
    let login = Login::new()
        .with_client_secret("S1-cs")
        .with_client_secret2("S2-cs")
        .with_secret_key("S3-sk")
        .with_private_key("S4-pk")
        .with_passphrase("S5-pp")
        .with_code_verifier("S6-cv")
        .with_pin_or_phrase("S7-pw")
        .with_username("alice")
        .with_password_policy_url("https://example.test/policy");
    let shown = format!("{login:?}");
    for secret in ["S1-cs", "S2-cs", "S3-sk", "S4-pk", "S5-pp", "S6-cv", "S7-pw"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("alice") && shown.contains("https://example.test/policy"), "{shown}");

    let session: Session = serde_json::from_value(serde_json::json!({
        "accessToken": "T1-at", "refresh_token": "T2-rt", "idToken": "T3-it",
        "token_type": "Bearer", "expires_in": 3600, "client_secret_expires_at": 0,
    }))
    .unwrap();
    let shown = format!("{session:?}");
    for secret in ["T1-at", "T2-rt", "T3-it"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("Bearer") && shown.contains("3600"), "{shown}");

    let params = LoginParams::new().with_x_api_key("K1-hk").with_sig("K2-qk").with_pass("K3-pw").with_token_type("Bearer");
    let shown = format!("{params:?}");
    for secret in ["K1-hk", "K2-qk", "K3-pw"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("Bearer"), "{shown}");
}
