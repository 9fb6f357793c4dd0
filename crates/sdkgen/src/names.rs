//! Identifiers: the one place where spec names become Rust names. Sanitises, escapes keywords and
//! de-duplicates deterministically; the wire name is always kept next to the Rust name.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2015–2024 (including `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// True for Rust keywords.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Keeps letters, digits and `_`; everything else becomes a word break.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// Longest identifier made from a spec name, in bytes. rustdoc writes a file per type named after
/// it (`struct.Name.html`), so a longer name keeps its first bytes and ends with a stable hash of
/// the whole (distinct names stay distinct).
pub const MAX_IDENT: usize = 100;

/// 64-bit FNV-1a: a stable hash (the same on every machine and Rust version).
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// PascalCase type or variant name; never empty, never starts with a digit, at most
/// [`MAX_IDENT`] bytes.
pub fn pascal(s: &str) -> String {
    let mut out = clean(s).to_upper_camel_case();
    if out.is_empty() {
        out = "Value".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out.len() > MAX_IDENT {
        let hash = format!("{:016X}", fnv1a(&out));
        out.truncate(MAX_IDENT - hash.len());
        out.push_str(&hash);
    }
    out
}

/// snake_case field or function name; never empty, never starts with a digit, at most
/// [`MAX_IDENT`] bytes. Keywords are returned as they are (see [`ident_str`]).
pub fn snake(s: &str) -> String {
    let mut out = clean(s).to_snake_case();
    if out.is_empty() {
        out = "value".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "v_");
    }
    if out.len() > MAX_IDENT {
        let hash = format!("_{:016x}", fnv1a(&out));
        out.truncate(MAX_IDENT - hash.len());
        let end = out.trim_end_matches('_').len();
        out.truncate(end);
        out.push_str(&hash);
    }
    out
}

/// SCREAMING_SNAKE_CASE constant name: [`snake`] upper-cased (never a keyword).
pub fn constant(s: &str) -> String {
    snake(s).to_ascii_uppercase()
}

/// Name of an enum variant for a value; negative numbers read `Minus1`.
pub fn variant_for_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) if s.is_empty() => "Empty".into(),
        serde_json::Value::String(s) => pascal(s),
        serde_json::Value::Number(n) => {
            let t = n.to_string();
            match t.strip_prefix('-') {
                Some(rest) => format!("Minus{}", rest.replace('.', "_")),
                None => format!("Value{}", t.replace('.', "_")),
            }
        }
        other => pascal(&other.to_string()),
    }
}

/// The text of a Rust identifier for `name`: raw (`r#type`) for keywords where that is legal,
/// `self_`-style where it is not.
pub fn ident_str(name: &str) -> String {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => format!("{name}_"),
        n if is_keyword(n) => format!("r#{n}"),
        n => n.to_string(),
    }
}

/// Hands out unique names: the first request gets the name, later ones `name2`, `name3`...
/// Each request costs O(1) amortised (the next suffix of every base is remembered), so 10,000
/// members named alike do not take quadratic time.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
    separator: &'static str,
}

impl Namer {
    /// A namer that appends suffixes with `separator` (`""` for types, `"_"` for functions).
    pub fn new(separator: &'static str) -> Self {
        Namer { used: HashSet::new(), next_suffix: HashMap::new(), separator }
    }

    /// Reserves a name so nothing else gets it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    /// True when `name` is free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.used.contains(name)
    }

    /// A unique name based on `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}{}{next}", self.separator);
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Where a name sdkgen adds lives in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Items of the crate root (`lib.rs`): modules, re-exports, the client, `Environment`.
    CrateRoot,
    /// Methods of the client struct; service accessors (one per tag) are chosen next to them.
    ClientMethods,
    /// Methods of a service handle; operation methods are chosen next to them.
    ServiceMethods,
    /// Items of the `services` module: service handles and the types of each operation.
    Services,
    /// Methods of a model struct or a parameters struct, next to the fields' setters.
    StructMethods,
    /// Methods of an enum model.
    EnumMethods,
    /// Variants of an enum model, next to the spec's values.
    EnumVariants,
    /// Variants of an untagged union, next to its members.
    UnionVariants,
    /// Variants of `Environment`, next to the spec's servers.
    EnvironmentVariants,
    /// Names generated code binds inside its own bodies (locals, generics, imports of the
    /// runtime). Spec names reach those bodies only as field accesses (`params.x`) or absolute
    /// paths (`crate::models::X`), so none is renamed; the fixture checks it stays so.
    Bodies,
}

/// A name sdkgen adds to a generated crate. `{Client}` is the client's name, `{Tag}`/`{tag}`
/// a service's, `{Op}`/`{op}` an operation's (type stem / method name), `{field}` a field's.
#[derive(Debug, Clone, Copy)]
pub struct GeneratedName {
    /// Where it lives.
    pub scope: Scope,
    /// The name, or its pattern.
    pub name: &'static str,
    /// What it is.
    pub what: &'static str,
}

const fn g(scope: Scope, name: &'static str, what: &'static str) -> GeneratedName {
    GeneratedName { scope, name, what }
}

/// Every name sdkgen itself emits, in one table: lowering and emission reserve them from here,
/// so no spec name can take one (spec names that would are renamed: `builder` → `builder_2`),
/// and `tests/generated_names.rs` builds a spec using each as tag, operationId, schema,
/// property and parameter name, whose crate must compile clippy-clean.
pub const GENERATED: &[GeneratedName] = &[
    g(Scope::CrateRoot, "models", "module of the models"),
    g(Scope::CrateRoot, "runtime", "module of the HTTP runtime"),
    g(Scope::CrateRoot, "services", "module of the services"),
    g(Scope::CrateRoot, "{Client}", "the client (`client_name` setting, `Client` by default)"),
    g(Scope::CrateRoot, "{Client}Builder", "the client's builder"),
    g(Scope::CrateRoot, "Environment", "the servers"),
    g(Scope::CrateRoot, "OAUTH_ENDPOINTS", "the OAuth 2.0 endpoints"),
    g(Scope::CrateRoot, "ClientAuth", "re-export of the runtime"),
    g(Scope::CrateRoot, "CodeVerifier", "re-export of the runtime"),
    g(Scope::CrateRoot, "Error", "re-export of the runtime"),
    g(Scope::CrateRoot, "JwtAlgorithm", "re-export of the runtime"),
    g(Scope::CrateRoot, "Redirect", "re-export of the runtime"),
    g(Scope::CrateRoot, "RequestOptions", "re-export of the runtime (per-request options)"),
    g(Scope::CrateRoot, "Hook", "re-export of the runtime (request hooks)"),
    g(Scope::CrateRoot, "RetryPolicy", "re-export of the runtime"),
    g(Scope::CrateRoot, "TokenHolder", "re-export of the runtime"),
    g(Scope::CrateRoot, "AuthorizationCode", "re-export of the runtime"),
    g(Scope::CrateRoot, "AuthorizationCodeFlow", "re-export of the runtime"),
    g(Scope::CrateRoot, "CallbackError", "re-export of the runtime"),
    g(Scope::CrateRoot, "PendingAuthorization", "re-export of the runtime"),
    g(Scope::CrateRoot, "ExposeSecret", "re-export of `secrecy`"),
    g(Scope::CrateRoot, "Url", "re-export of `url`"),
    g(Scope::CrateRoot, "multipart", "re-export of `reqwest::multipart` (multipart bodies)"),
    g(Scope::CrateRoot, "Page", "re-export of the runtime (paged operations)"),
    g(Scope::CrateRoot, "FilePart", "re-export of the runtime (multipart bodies)"),
    g(Scope::CrateRoot, "Multipart", "re-export of the runtime (multipart bodies)"),
    g(Scope::CrateRoot, "ByteStream", "re-export of the runtime (streamed bodies)"),
    g(Scope::CrateRoot, "JsonLines", "re-export of the runtime (streamed bodies)"),
    g(Scope::CrateRoot, "UploadBody", "re-export of the runtime (uploads)"),
    g(Scope::CrateRoot, "Event", "re-export of the runtime (server-sent events)"),
    g(Scope::CrateRoot, "EventStream", "re-export of the runtime (server-sent events)"),
    g(Scope::ClientMethods, "builder", "the client's builder"),
    g(Scope::ClientMethods, "core", "the client's HTTP core"),
    g(Scope::ClientMethods, "token_holder", "a token holder for a token"),
    g(Scope::ClientMethods, "authorization_code", "the authorization code flow"),
    g(Scope::ClientMethods, "with_token_holder", "a client using a token holder"),
    g(Scope::ClientMethods, "current_access_token", "the access token the client sends (OAuth 2.0)"),
    g(Scope::ClientMethods, "openid_configuration", "the OpenID provider's discovery document"),
    g(Scope::ClientMethods, "new", "kept free: clippy expects `new` to return `Self`"),
    g(Scope::ClientMethods, "clone", "`Clone` (an inherent method would shadow it)"),
    g(Scope::ClientMethods, "fmt", "`Debug` (an inherent method would shadow it)"),
    g(Scope::ServiceMethods, "new", "the service handle's constructor"),
    g(Scope::ServiceMethods, "clone", "`Clone` (an inherent method would shadow it)"),
    g(Scope::ServiceMethods, "fmt", "`Debug` (an inherent method would shadow it)"),
    g(Scope::ServiceMethods, "with_options", "the service with per-request options"),
    g(Scope::ServiceMethods, "{op}_with_headers", "an operation with its typed response headers"),
    g(Scope::ServiceMethods, "{op}_url", "the URL of a redirecting GET operation"),
    g(Scope::ServiceMethods, "{op}_pages", "the pages of a paged operation, as a stream"),
    g(Scope::ServiceMethods, "{op}_stream", "the items of a paged operation, as a stream"),
    g(Scope::Services, "{Tag}Service", "a service handle"),
    g(Scope::Services, "{Op}Params", "an operation's parameters"),
    g(Scope::Services, "{Op}Success", "an operation's success bodies by status"),
    g(Scope::Services, "{Op}ErrorBody", "an operation's error bodies by status"),
    g(Scope::Services, "{Op}ResponseHeaders", "an operation's typed response headers"),
    g(Scope::Services, "{Op}Form", "an operation's typed multipart body"),
    g(Scope::StructMethods, "new", "constructor"),
    g(Scope::StructMethods, "with_{field}", "setter of an optional field"),
    g(Scope::EnumMethods, "as_str", "wire value of a string enum"),
    g(Scope::EnumMethods, "value", "wire value of an integer enum"),
    g(Scope::EnumVariants, "Unknown", "a value the SDK does not know (`UnknownValue` when a value is `Unknown`)"),
    g(Scope::UnionVariants, "Null", "JSON `null` of a nullable untagged union"),
    g(Scope::EnvironmentVariants, "Custom", "a base URL of the caller's choice"),
    g(Scope::Bodies, "path", "local: the request path"),
    g(Scope::Bodies, "req", "local: the request"),
    g(Scope::Bodies, "resp", "local: the response"),
    g(Scope::Bodies, "params", "argument: the parameters"),
    g(Scope::Bodies, "body", "argument: the request body"),
    g(Scope::Bodies, "value", "local and setter argument"),
    g(Scope::Bodies, "headers", "local: typed response headers"),
    g(Scope::Bodies, "form", "argument: a typed multipart form"),
    g(Scope::Bodies, "parts", "argument: the files of a multipart form"),
    g(Scope::Bodies, "url", "local: a server URL"),
    g(Scope::Bodies, "other", "local: an unknown enum value"),
    g(Scope::Bodies, "serializer", "argument of `Serialize`"),
    g(Scope::Bodies, "deserializer", "argument of `Deserialize`"),
    g(Scope::Bodies, "f", "argument of `Debug`/`Display`"),
    g(Scope::Bodies, "S", "generic of `Serialize`"),
    g(Scope::Bodies, "D", "generic of `Deserialize`"),
    g(Scope::Bodies, "Shape", "runtime import in an untagged union's `Deserialize`"),
    g(Scope::Bodies, "JsonKind", "runtime import in an untagged union's `Deserialize`"),
    g(Scope::Bodies, "Known", "runtime import in an untagged union's `Deserialize`"),
    g(Scope::Bodies, "SHAPES", "constant in an untagged union's `Deserialize`"),
    g(Scope::Bodies, "KNOWN", "constant of a case-insensitive enum's `From<&str>`"),
];

/// The fixed names (no placeholder) of `scope`.
pub fn reserved(scope: Scope) -> impl Iterator<Item = &'static str> {
    GENERATED.iter().filter(move |n| n.scope == scope && !n.name.contains('{')).map(|n| n.name)
}

/// The method name of an operation's sibling (`{op}_with_headers`, `{op}_url`): `{op}{suffix}`,
/// or with `_2`, `_3`... when an operation of the same service already has that name (the
/// spec's operation keeps its name).
pub fn sibling(op: &str, suffix: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let base = format!("{op}{suffix}");
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}_{n}")).find(|c| !taken(c)).unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("OAuth 2.0 / OpenID Connect"), "OAuth20OpenIdConnect");
        assert_eq!(snake("OAuth 2.0 / OpenID Connect"), "o_auth_2_0_open_id_connect");
        assert_eq!(snake("get user (legacy)"), "get_user_legacy");
        assert_eq!(pascal("urn:ietf:params:oauth:grant-type:jwt-bearer"), "UrnIetfParamsOauthGrantTypeJwtBearer");
        assert_eq!(variant_for_value(&serde_json::json!(-1)), "Minus1");
        assert_eq!(variant_for_value(&serde_json::json!(1)), "Value1");
        assert_eq!(ident_str("type"), "r#type");
        assert_eq!(ident_str("self"), "self_");
        assert_eq!(snake("123abc"), "v_123abc");
        assert_eq!(pascal(""), "Value");
        let long = "word ".repeat(100);
        assert_eq!(pascal(&long).len(), MAX_IDENT);
        assert_eq!(snake(&long).len(), MAX_IDENT);
        assert!(!snake(&long).contains("__"));
        assert_ne!(pascal(&long), pascal(&format!("{long}x")));
        let mut n = Namer::new("");
        n.reserve("A2");
        assert_eq!([n.unique("A"), n.unique("A"), n.unique("A"), n.unique("A3")], ["A", "A3", "A4", "A32"]);
    }
}
