//! Which properties and parameters hold credentials, so generated `Debug` impls redact them. One
//! rule over the words of a name, whatever its case convention (`clientSecret`, `client_secret`,
//! `ClientSecret`, `X-API-Key`), plus `format: password` and the parameters that apiKey security
//! schemes name.
//!
//! The rule: split the name into lowercase words; drop a trailing word that only says how the
//! credential is written (`value`, `hash`, `confirmation`...); the name is a credential when its
//! last word is a credential noun (`password`, `secret`, `token`, `passphrase`, `assertion`,
//! `authorization`, `verifier`, `credentials`...) or its last two words are a credential pair
//! (`api key`, `private key`, `session id`, `device code`...), or the name is exactly `code` (the
//! OAuth authorization code). Names that describe a credential without holding it end in another
//! word and are not redacted: `token_type`, `expires_in`, `password_policy_url`,
//! `client_secret_expires_at`, `public_key`, `code_challenge`; so are flags that start with a
//! predicate (`has_password`, `is_token_valid`).

use crate::ir::{Api, ParameterLocation, Primitive, SecuritySchemeKind, TypeId, TypeKind, TypeSpace};

/// Last words that make a name a credential.
const NOUNS: &[&str] = &[
    "password", "passwords", "passwd", "pwd", "passphrase", "passcode", "secret", "secrets", "token", "tokens", "apikey",
    "assertion", "authorization", "verifier", "credential", "credentials", "otp", "pin",
];

/// Last two words that make a name a credential.
const PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("signing", "key"),
    ("access", "key"),
    ("master", "key"),
    ("encryption", "key"),
    ("session", "id"),
    ("session", "key"),
    ("auth", "code"),
    ("authorization", "code"),
    ("device", "code"),
    ("user", "code"),
    ("verification", "code"),
    ("recovery", "code"),
    ("backup", "code"),
    ("security", "code"),
];

/// Trailing words that do not change what the name holds (`password_hash`, `token_value`).
const NOISE: &[&str] = &["value", "string", "raw", "plain", "plaintext", "text", "hash", "confirmation", "confirm", "encoded", "base64"];

/// Leading words of flags and predicates (`has_password`, `is_secret_set`).
const PREDICATES: &[&str] = &["has", "is", "requires", "require", "needs", "should", "can", "allow", "allows", "use", "uses", "show", "hide"];

/// The lowercase words of a name in any case convention (`X-API-Key` → `x api key`), without
/// trailing digits.
pub fn words(name: &str) -> Vec<String> {
    use heck::ToSnakeCase;
    let cleaned: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    // Digits number a word, they do not change it (`secret2`, `token_v2` → `secret`, `token v`).
    cleaned
        .to_snake_case()
        .split('_')
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when a property or parameter named `name` holds a credential (see the module docs).
pub fn is_secret_name(name: &str) -> bool {
    let mut w = words(name);
    if w.first().is_some_and(|f| PREDICATES.contains(&f.as_str())) && w.len() > 1 {
        return false;
    }
    if w.len() > 1 && w.last().is_some_and(|l| NOISE.contains(&l.as_str())) {
        w.pop();
    }
    match w.as_slice() {
        [] => false,
        [only] if only == "code" => true,
        [.., last] if NOUNS.contains(&last.as_str()) => true,
        [.., prev, last] => PAIRS.contains(&(prev.as_str(), last.as_str())),
        _ => false,
    }
}

/// True for credential names and for `format: password`.
pub fn is_secret(name: &str, format: Option<&str>) -> bool {
    format == Some("password") || is_secret_name(name)
}

/// True when `id` is (through aliases, named or not, and the items of arrays and values of maps)
/// a string of `format: password`: a field or parameter holding passwords is redacted whole.
pub fn is_password_type(types: &TypeSpace, id: TypeId) -> bool {
    let mut cur = id;
    for _ in 0..64 {
        match &types.get(cur).kind {
            TypeKind::Alias(t) | TypeKind::Array { items: t } | TypeKind::Map { values: t } => cur = *t,
            // An unnamed object that is only a map (`additionalProperties` of passwords).
            TypeKind::Object(o) if o.properties.is_empty() && types.get(cur).rust_name.is_none() => match o.additional {
                crate::ir::Additional::Typed(t) => cur = t,
                _ => return false,
            },
            TypeKind::Primitive { primitive: Primitive::String, format } => return format.as_deref() == Some("password"),
            _ => return false,
        }
    }
    false
}

/// True when an operation parameter holds a credential: by name, by `format: password` (also
/// through a `$ref`), or because an apiKey security scheme sends its key in it.
pub fn is_secret_parameter(api: &Api, name: &str, location: ParameterLocation, ty: TypeId) -> bool {
    let api_key = api.security_schemes.iter().any(|s| match &s.kind {
        SecuritySchemeKind::ApiKey { location: l, param } => {
            let same_place = matches!(
                (l, location),
                (crate::ir::ApiKeyLocation::Query, ParameterLocation::Query)
                    | (crate::ir::ApiKeyLocation::Header, ParameterLocation::Header)
                    | (crate::ir::ApiKeyLocation::Cookie, ParameterLocation::Cookie)
            );
            // Header names are case-insensitive; query and cookie names are not.
            same_place && (param == name || (location == ParameterLocation::Header && param.eq_ignore_ascii_case(name)))
        }
        _ => false,
    });
    api_key || is_secret_name(name) || is_password_type(&api.types, ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names_in_every_spelling() {
        let table: &[(&str, bool)] = &[
            // Credentials.
            ("password", true),
            ("Password", true),
            ("newPassword", true),
            ("password_confirmation", true),
            ("passwordHash", true),
            ("passphrase", true),
            ("secret", true),
            ("clientSecret", true),
            ("client_secret", true),
            ("ClientSecret", true),
            ("CLIENT_SECRET", true),
            ("client-secret", true),
            ("token", true),
            ("accessToken", true),
            ("access_token", true),
            ("refreshToken", true),
            ("refresh_token", true),
            ("id_token", true),
            ("idToken", true),
            ("x-api-key", true),
            ("X-API-Key", true),
            ("apiKey", true),
            ("api_key", true),
            ("apikey", true),
            ("APIKey", true),
            ("secretKey", true),
            ("privateKey", true),
            ("private_key", true),
            ("authorization", true),
            ("Authorization", true),
            ("assertion", true),
            ("client_assertion", true),
            ("code_verifier", true),
            ("codeVerifier", true),
            ("code", true),
            ("device_code", true),
            ("user_code", true),
            ("ivr_pin", true),
            ("pin", true),
            ("otp", true),
            ("session_id", true),
            ("sessionId", true),
            ("credentials", true),
            ("x-auth-token", true),
            ("tokenValue", true),
            ("ClientSecret2", true),
            ("password1", true),
            ("oauth2_token", true),
            ("sha256", false),
            // Names about credentials that do not hold one.
            ("token_type", false),
            ("tokenType", false),
            ("expires_in", false),
            ("refresh_token_expires_in", false),
            ("password_policy_url", false),
            ("client_secret_expires_at", false),
            ("token_url", false),
            ("authorization_url", false),
            ("public_key", false),
            ("key", false),
            ("code_challenge", false),
            ("code_challenge_method", false),
            ("country_code", false),
            ("error_code", false),
            ("has_password", false),
            ("isTokenValid", false),
            ("tokenizer", false),
            ("secretary", false),
            ("spin", false),
            ("keyword", false),
            ("client_id", false),
            ("scope", false),
            ("username", false),
            ("", false),
        ];
        let wrong: Vec<String> = table
            .iter()
            .filter(|(name, want)| is_secret_name(name) != *want)
            .map(|(name, want)| format!("{name:?}: expected {want}, words {:?}", words(name)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(is_secret("anything", Some("password")));
        assert!(!is_secret("anything", Some("byte")));
    }

    #[test]
    fn lists_and_maps_of_passwords_are_redacted_whole() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Vault:
      type: object
      required: [pins]
      properties:
        pins: {type: array, items: {type: string, format: password}}
        codes: {type: object, additionalProperties: {type: string, format: password}}
        labels: {type: array, items: {type: string}}
"#;
        let g = crate::generate("t.yaml", spec.into(), &crate::Settings::default()).expect("generates");
        let vault = &g.files.iter().find(|f| f.path == "src/models/vault.rs").expect("vault").contents;
        assert!(vault.contains(".field(\"pins\", &crate::runtime::serde_support::Redacted)"), "{vault}");
        // A map of passwords with a name of its own: its entries are redacted in its own `Debug`.
        let codes = &g.files.iter().find(|f| f.path == "src/models/codes.rs").expect("codes").contents;
        assert!(codes.contains("crate::runtime::serde_support::Redacted)") && !codes.contains("derive(Debug"), "{codes}");
        assert!(vault.contains(".field(\"labels\", &self.labels)"), "{vault}");
    }
}
