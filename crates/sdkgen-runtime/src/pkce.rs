//! Proof Key for Code Exchange (RFC 7636).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Error of [`CodeVerifier::new`] or of the OS random source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkceError {
    /// The verifier is not 43 to 128 characters long (RFC 7636 §4.1); carries the length found.
    #[error("a code verifier must be 43 to 128 characters long, got {0}")]
    Length(usize),
    /// The verifier contains a character outside `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
    #[error("a code verifier may only contain A-Z a-z 0-9 - . _ ~")]
    Alphabet,
    /// The OS random source failed.
    #[error("the OS random source failed: {0}")]
    Random(String),
}

/// Fills `N` bytes from the OS secure random source.
pub(super) fn random_bytes<const N: usize>() -> Result<[u8; N], PkceError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| PkceError::Random(e.to_string()))?;
    Ok(buf)
}

/// `BASE64URL` without padding (RFC 7636 Appendix A).
pub(super) fn base64url(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

/// A PKCE code verifier (RFC 7636 §4.1). `Debug` does not show it.
#[derive(Clone)]
pub struct CodeVerifier(SecretString);

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeVerifier([REDACTED])")
    }
}

impl CodeVerifier {
    /// Generates a verifier from 32 bytes of the OS secure random source, base64url-encoded
    /// without padding: 43 characters (RFC 7636 §4.1).
    ///
    /// # Errors
    /// [`PkceError::Random`] when the OS random source fails.
    pub fn generate() -> Result<Self, PkceError> {
        let bytes = random_bytes::<32>()?;
        Ok(Self(SecretString::from(base64url(&bytes))))
    }

    /// Wraps an existing verifier after checking its length (43..=128) and alphabet
    /// (`[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`, RFC 7636 §4.1).
    ///
    /// # Errors
    /// [`PkceError::Length`] or [`PkceError::Alphabet`].
    pub fn new(verifier: String) -> Result<Self, PkceError> {
        let len = verifier.len();
        if !(43..=128).contains(&len) {
            return Err(PkceError::Length(len));
        }
        if !verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
        {
            return Err(PkceError::Alphabet);
        }
        Ok(Self(SecretString::from(verifier)))
    }

    /// The verifier, to send as `code_verifier` in the token request (RFC 7636 §4.5).
    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    /// The verifier text.
    pub fn as_str(&self) -> &str {
        self.0.expose_secret()
    }

    /// `S256` challenge: `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2), sent with
    /// `code_challenge_method=S256`.
    pub fn challenge_s256(&self) -> String {
        base64url(&Sha256::digest(self.0.expose_secret().as_bytes()))
    }

    /// `plain` challenge: the verifier itself (RFC 7636 §4.2), sent with
    /// `code_challenge_method=plain`. Prefer [`challenge_s256`](Self::challenge_s256).
    pub fn challenge_plain(&self) -> String {
        self.0.expose_secret().to_string()
    }
}

/// Generates a random `state` (or `nonce`) value: 16 bytes of the OS secure random source,
/// base64url-encoded (22 characters), for CSRF protection (RFC 6749 §10.12).
///
/// # Errors
/// [`PkceError::Random`] when the OS random source fails.
pub fn random_state() -> Result<String, PkceError> {
    Ok(base64url(&random_bytes::<16>()?))
}
