//! RFC 7636 PKCE.

use sdkgen_runtime::CodeVerifier;
use sdkgen_runtime::pkce::{PkceError, random_state};

#[test]
fn rfc7636_appendix_b_known_answer() {
    let v = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string()).unwrap();
    // RFC 7636 Appendix B (also: `printf %s VERIFIER | openssl dgst -sha256 -binary | base64url`).
    assert_eq!(
        v.challenge_s256(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    assert_eq!(
        v.challenge_plain(),
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    assert_eq!(v.as_str(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

#[test]
fn generated_verifiers_are_43_chars_unreserved_and_distinct() {
    let a = CodeVerifier::generate().unwrap();
    let b = CodeVerifier::generate().unwrap();
    assert_eq!(a.as_str().len(), 43);
    assert!(
        a.as_str()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    );
    assert_ne!(a.as_str(), b.as_str());
    assert!(CodeVerifier::new(a.as_str().to_string()).is_ok());
    assert_eq!(a.challenge_s256().len(), 43);
    let s = random_state().unwrap();
    assert_eq!(s.len(), 22);
}

#[test]
fn validation() {
    assert!(matches!(
        CodeVerifier::new("a".repeat(42)),
        Err(PkceError::Length(42))
    ));
    assert!(CodeVerifier::new("a".repeat(43)).is_ok());
    assert!(CodeVerifier::new("a".repeat(128)).is_ok());
    assert!(matches!(
        CodeVerifier::new("a".repeat(129)),
        Err(PkceError::Length(129))
    ));
    assert!(matches!(
        CodeVerifier::new(format!("{}+", "a".repeat(43))),
        Err(PkceError::Alphabet)
    ));
    assert!(CodeVerifier::new(format!("{}-._~", "A9".repeat(20))).is_ok());
}

#[test]
fn debug_redacts_verifier() {
    let v = CodeVerifier::generate().unwrap();
    let d = format!("{v:?}");
    assert!(!d.contains(v.as_str()));
    assert!(d.contains("REDACTED"));
}
