//! Serde round-trips of the generated models.

use ring_central::models::{
    AuthorizeResponseType, CodeChallengeMethodEnum, DisplayModesEnum, GetTokenRequest,
    GetTokenRequestAuthorizationCode, GetTokenRequestClientCredentials,
    GetTokenRequestClientCredentialsByAccount, GetTokenRequestClientCredentialsByBrand,
    GetTokenRequestClientCredentialsByPartnerAccount, GetTokenRequestDeviceCode,
    GetTokenRequestGuest, GetTokenRequestIvrPin, GetTokenRequestJwtBearer, GetTokenRequestOtp,
    GetTokenRequestPassword, GetTokenRequestRefreshToken, OauthInvalidRequest,
    OauthInvalidRequestError, TokenInfo, TokenType,
};
use ring_central::services::AuthorizeParams;
use serde_json::{Value, json};

fn realistic_token() -> Value {
    json!({
        "access_token": "U0pDMTFQMDFQQVMwMHxBQUJfTUpaT0FDQ0VTUy1UT0tFTg",
        "token_type": "bearer",
        "expires_in": 3600,
        "refresh_token": "U0pDMTFQMDFQQVMwMHxBQURSRUZSRVNILVRPS0VO",
        "refresh_token_expires_in": 604800,
        "scope": "ReadAccounts CallControl SubscriptionWebhook",
        "owner_id": "1234567890",
        "endpoint_id": "Xn9HcSfqQ8iyP_dyYF2tYQ",
        "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln",
        "session_expires_in": 86400,
        "session_expiration_time": "2025-06-01T12:00:00.000Z",
        "session_id": "6a0d1a1e-1c1b-4c21-bbd4-5d6e26e1a7b0",
        "session_idle_timeout": 3600
    })
}

#[test]
fn token_info_round_trip() {
    let json = realistic_token();
    let token: TokenInfo = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        token.access_token,
        "U0pDMTFQMDFQQVMwMHxBQUJfTUpaT0FDQ0VTUy1UT0tFTg"
    );
    assert_eq!(token.token_type, TokenType::Bearer);
    assert_eq!(token.expires_in, 3600);
    assert_eq!(token.refresh_token_expires_in, Some(604_800));
    assert_eq!(token.session_expires_in, Some(86_400));
    // `format: date-time`: a timestamp, written back in RFC 3339 without the zero fraction.
    assert_eq!(
        token.session_expiration_time,
        Some("2025-06-01T12:00:00Z".parse().unwrap())
    );
    let mut written = json;
    written["session_expiration_time"] = json!("2025-06-01T12:00:00Z");
    assert_eq!(serde_json::to_value(&token).unwrap(), written);
}

#[test]
fn token_info_minimal_omits_absent_fields() {
    let json = json!({
        "access_token": "a", "token_type": "bearer", "expires_in": 60,
        "scope": "", "session_id": "s"
    });
    let token: TokenInfo = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(token.refresh_token, None);
    assert_eq!(serde_json::to_value(&token).unwrap(), json);
    // A required field missing is an error, not a default.
    let mut missing = json;
    missing.as_object_mut().unwrap().remove("access_token");
    assert!(serde_json::from_value::<TokenInfo>(missing).is_err());
}

#[test]
fn token_type_is_case_insensitive_and_unknown_values_are_kept() {
    let mut json = realistic_token();
    json["token_type"] = json!("Bearer");
    let token: TokenInfo = serde_json::from_value(json.clone()).unwrap();
    // RFC 6749 §5.1: the value is case-insensitive, so "Bearer" is the known `bearer`.
    assert_eq!(token.token_type, TokenType::Bearer);
    assert_eq!(token.token_type.as_str(), "bearer");
    let mac: TokenType = serde_json::from_value(json!("mac")).unwrap();
    assert_eq!(mac, TokenType::Unknown("mac".into()));
    assert_eq!(serde_json::to_string(&mac).unwrap(), r#""mac""#);
}

#[test]
fn display_modes_known_and_unknown() {
    for (wire, known) in [
        ("page", DisplayModesEnum::Page),
        ("popup", DisplayModesEnum::Popup),
        ("touch", DisplayModesEnum::Touch),
        ("mobile", DisplayModesEnum::Mobile),
    ] {
        let v: DisplayModesEnum = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(v, known);
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(wire));
    }
    let v: DisplayModesEnum = serde_json::from_value(json!("fullscreen")).unwrap();
    assert_eq!(v, DisplayModesEnum::Unknown("fullscreen".into()));
    assert_eq!(serde_json::to_value(&v).unwrap(), json!("fullscreen"));
    assert_eq!(v.to_string(), "fullscreen");
    assert_eq!(DisplayModesEnum::default(), DisplayModesEnum::Page);
}

#[test]
fn code_challenge_method_known_and_unknown() {
    let v: CodeChallengeMethodEnum = serde_json::from_value(json!("S256")).unwrap();
    assert_eq!(v, CodeChallengeMethodEnum::S256);
    // RFC 7636 method names are case-sensitive.
    let lower: CodeChallengeMethodEnum = serde_json::from_value(json!("s256")).unwrap();
    assert_eq!(lower, CodeChallengeMethodEnum::Unknown("s256".into()));
    let other: CodeChallengeMethodEnum = serde_json::from_value(json!("S512")).unwrap();
    assert_eq!(other, CodeChallengeMethodEnum::Unknown("S512".into()));
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("S512"));
    assert_eq!(
        serde_json::to_value(CodeChallengeMethodEnum::Plain).unwrap(),
        json!("plain")
    );
}

#[test]
fn unknown_enum_values_go_on_the_wire_unchanged() {
    let client = ring_central::RingCentral::builder().build().unwrap();
    let url = client
        .o_auth_2_0_open_id_connect()
        .authorize_url(
            &AuthorizeParams::new("c", AuthorizeResponseType::Unknown("code id_token".into()))
                .with_display(DisplayModesEnum::Unknown("full screen".into()))
                .with_code_challenge_method(CodeChallengeMethodEnum::Unknown("S512".into())),
        )
        .unwrap();
    assert_eq!(
        url.query(),
        Some(
            "client_id=c&response_type=code%20id_token&display=full%20screen&code_challenge_method=S512"
        )
    );
}

/// Each grant from the JSON equivalent of its form body, and back.
#[test]
fn every_grant_variant_deserializes_from_its_json() {
    let cases: Vec<(Value, GetTokenRequest)> = vec![
        (
            json!({"grant_type": "authorization_code", "code": "c", "redirect_uri": "https://a/cb", "code_verifier": "v"}),
            GetTokenRequestAuthorizationCode::new("c")
                .with_redirect_uri("https://a/cb")
                .with_code_verifier("v")
                .into(),
        ),
        (
            json!({"grant_type": "password", "access_token_ttl": 3600, "username": "+16501234567", "password": "p"}),
            GetTokenRequestPassword::new("+16501234567", "p")
                .with_access_token_ttl(3600)
                .into(),
        ),
        (
            json!({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "a.b.c"}),
            GetTokenRequest::JwtBearer(GetTokenRequestJwtBearer::new("a.b.c")),
        ),
        (
            json!({"grant_type": "partner_jwt", "assertion": "a.b.c"}),
            GetTokenRequest::PartnerJwt(GetTokenRequestJwtBearer::new("a.b.c")),
        ),
        (
            json!({"grant_type": "refresh_token", "client_id": "pub", "refresh_token": "rt"}),
            GetTokenRequestRefreshToken::new("rt")
                .with_client_id("pub")
                .into(),
        ),
        (
            json!({"grant_type": "ivr_pin", "ivr_pin": "1234"}),
            GetTokenRequestIvrPin::new("1234").into(),
        ),
        (
            json!({"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": "dc"}),
            GetTokenRequestDeviceCode::new("dc").into(),
        ),
        (
            json!({"grant_type": "client_credentials", "brand_id": "1210"}),
            GetTokenRequestClientCredentials::from(GetTokenRequestClientCredentialsByBrand::new(
                "1210",
            ))
            .into(),
        ),
        (
            json!({"grant_type": "client_credentials", "account_id": "400131243008"}),
            GetTokenRequestClientCredentials::from(GetTokenRequestClientCredentialsByAccount::new(
                "400131243008",
            ))
            .into(),
        ),
        (
            json!({"grant_type": "client_credentials", "brand_id": "1210", "partner_account_id": "p-42"}),
            GetTokenRequestClientCredentials::from(
                GetTokenRequestClientCredentialsByPartnerAccount::new("1210", "p-42"),
            )
            .into(),
        ),
        (
            json!({"grant_type": "otp", "scope": "ReadAccounts", "code": "123456"}),
            GetTokenRequestOtp::new("123456")
                .with_scope("ReadAccounts")
                .into(),
        ),
        (
            json!({"grant_type": "guest", "brand_id": "1210", "resource_type": "Meeting", "resource": "r"}),
            GetTokenRequestGuest::new()
                .with_brand_id("1210")
                .with_resource_type("Meeting")
                .with_resource("r")
                .into(),
        ),
    ];
    for (json, expected) in cases {
        let parsed: GetTokenRequest =
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(parsed, expected, "{json}");
        // Written back: the same members, grant_type first.
        let written = serde_json::to_value(&parsed).unwrap();
        assert_eq!(written, json);
        assert_eq!(
            written
                .as_object()
                .unwrap()
                .keys()
                .next()
                .map(String::as_str),
            Some("grant_type")
        );
    }
}

#[test]
fn grant_json_errors_are_errors() {
    for bad in [
        json!({"grant_type": "password", "username": "u"}),
        json!({"code": "c"}),
        json!({"grant_type": "client_credentials"}),
    ] {
        assert!(
            serde_json::from_value::<GetTokenRequest>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    // A grant type this version does not know (one the API added later) is `Unknown`, not an
    // error; it cannot be sent.
    let unknown: GetTokenRequest =
        serde_json::from_value(json!({"grant_type": "no_such_grant", "code": "c"})).unwrap();
    assert!(matches!(unknown, GetTokenRequest::Unknown));
    assert!(serde_json::to_value(&unknown).is_err());
}

#[test]
fn oauth_error_body_round_trip_keeps_extra_members() {
    let json = json!({
        "error": "invalid_grant",
        "errors": [{"errorCode": "OAU-211", "message": "Token not found", "parameterName": "refresh_token", "extra": {"k": 1}}]
    });
    let body: OauthInvalidRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(body.error, Some(OauthInvalidRequestError::InvalidGrant));
    assert_eq!(
        body.errors[0].additional_properties.get("extra"),
        Some(&json!({"k": 1}))
    );
    assert_eq!(serde_json::to_value(&body).unwrap(), json);
    let unknown: OauthInvalidRequest =
        serde_json::from_value(json!({"error": "slow_down", "errors": []})).unwrap();
    assert_eq!(
        unknown.error,
        Some(OauthInvalidRequestError::Unknown("slow_down".into()))
    );
}
