//! The runtime a spec needs. `sdkgen-runtime` has optional parts, each a Cargo feature of its own
//! (`oauth`, `multipart`, `pagination`); this module decides from the IR which parts a crate uses, copies the
//! runtime files with those parts' `#[cfg(feature = "...")]` resolved (files of parts left out are
//! not copied), and writes the crate's `[dependencies]` from the runtime's manifest with only the
//! parts' dependencies. The runtime's other features (TLS backend, decompression) become Cargo
//! features of the generated crate ([`transport_features`]). Never decides what generated code
//! looks like beyond the runtime's root re-exports.
//!
//! The runtime's sources follow one convention, checked by the tests below: a gated item starts
//! with a line that is exactly `#[cfg(feature = "part")]` or `#[cfg(not(feature = "part"))]`
//! (before its doc comments), and ends on the first line where its brackets are balanced and the
//! line ends with `;`, `,` or `}`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyKind, Primitive, SecuritySchemeKind};

/// The runtime's manifest (features and dependencies).
const RUNTIME_MANIFEST: &str = include_str!("../../../sdkgen-runtime/Cargo.toml");

/// The runtime features that are optional parts (decided per spec, resolved when copying).
pub const PARTS: &[&str] = &["oauth", "multipart", "formats", "dates", "uuid", "decimal", "pagination", "stream", "sse"];

/// The optional runtime parts one crate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuntimeParts {
    /// OAuth 2.0 / OpenID Connect: flows, token holder, PKCE, discovery, JWT client assertions
    /// (`jsonwebtoken`, `sha2`, `getrandom`). On when the spec declares an `oauth2` or
    /// `openIdConnect` security scheme.
    pub oauth: bool,
    /// `multipart/form-data` request bodies (`reqwest`'s `multipart`). On when an operation has
    /// such a body.
    pub multipart: bool,
    /// The `serde_with` adapters of typed string formats (`formats.rs`). On when a type is one
    /// ([`Primitive::is_typed_format`], but for IP addresses, which std's serde writes).
    pub formats: bool,
    /// `date`, `date-time`, `time`, `duration` (`jiff`).
    pub dates: bool,
    /// `uuid` (`uuid`).
    pub uuid: bool,
    /// `decimal` (`rust_decimal`).
    pub decimal: bool,
    /// The pages and items of paged operations as streams (`futures-util`). On when an
    /// operation pages (`ir::Operation::pagination`).
    pub pagination: bool,
    /// Bodies without buffering (`reqwest`'s `stream`, `futures-util`, `tokio-util`): byte
    /// streams, uploads from streams and files, JSON lines. On when an operation streams its
    /// success body, uploads a binary body, or takes a multipart body (whose file parts may be
    /// streams).
    pub stream: bool,
    /// Server-sent events (`sse-stream`). On when an operation's success body is
    /// `text/event-stream`.
    pub sse: bool,
}

impl RuntimeParts {
    /// The parts `api` uses.
    pub fn of(api: &Api) -> Self {
        let oauth = api.security_schemes.iter().any(|s| matches!(s.kind, SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. }));
        let multipart = api.operations().any(|o| o.request_body.as_ref().is_some_and(|b| b.content.kind == BodyKind::Multipart));
        let pagination = api.operations().any(|o| o.pagination.is_some());
        let sse = api.operations().any(|o| matches!(super::services::success(o), super::services::Success::Events(_)));
        let upload = |o: &crate::ir::Operation| o.request_body.as_ref().is_some_and(|b| matches!(b.content.kind, BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines));
        let stream = multipart || api.operations().any(|o| upload(o) || super::services::success(o).is_streamed());
        let mut parts = RuntimeParts { oauth, multipart, pagination, stream, sse, ..RuntimeParts::default() };
        for p in super::rust::primitives_used(&api.types) {
            parts.formats |= p.is_typed_format() && !matches!(p, Primitive::Ipv4 | Primitive::Ipv6);
            parts.dates |= matches!(p, Primitive::DateTime | Primitive::Date | Primitive::Time | Primitive::Duration);
            parts.uuid |= p == Primitive::Uuid;
            parts.decimal |= matches!(p, Primitive::Decimal | Primitive::DecimalString);
        }
        parts
    }

    /// Every part on (what the runtime crate builds by default).
    pub fn all() -> Self {
        RuntimeParts { oauth: true, multipart: true, formats: true, dates: true, uuid: true, decimal: true, pagination: true, stream: true, sse: true }
    }

    /// Whether runtime feature `feature` is on; `None` when it is not a part.
    pub fn enabled(&self, feature: &str) -> Option<bool> {
        match feature {
            "oauth" => Some(self.oauth),
            "multipart" => Some(self.multipart),
            "formats" => Some(self.formats),
            "dates" => Some(self.dates),
            "uuid" => Some(self.uuid),
            "decimal" => Some(self.decimal),
            "pagination" => Some(self.pagination),
            "stream" => Some(self.stream),
            "sse" => Some(self.sse),
            _ => None,
        }
    }
}

/// The runtime files of a crate with `parts`: `(file name, contents)`, with the parts' `cfg`s
/// resolved; the modules `mod.rs` no longer declares are left out.
pub fn files(parts: RuntimeParts, all: &[(&str, &str)]) -> Vec<(String, String)> {
    let resolved: Vec<(String, String)> = all.iter().map(|(name, text)| (name.to_string(), resolve_cfgs(text, parts))).collect();
    let modules: Vec<String> = resolved
        .iter()
        .find(|(n, _)| n == "mod.rs")
        .map(|(_, root)| {
            root.lines()
                .filter_map(|l| {
                    let l = l.trim();
                    l.strip_prefix("pub mod ").or_else(|| l.strip_prefix("mod "))?.strip_suffix(';').map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    resolved.into_iter().filter(|(n, _)| n == "mod.rs" || n.strip_suffix(".rs").is_some_and(|m| modules.iter().any(|x| x == m))).collect()
}

/// `Some(keep)` when `line` is `#[cfg(feature = "x")]` or `#[cfg(not(feature = "x"))]` on a
/// part `x`: keep the item when the condition holds.
fn cfg_of(line: &str, parts: RuntimeParts) -> Option<bool> {
    let t = line.trim();
    if let Some(f) = t.strip_prefix("#[cfg(feature = \"").and_then(|r| r.strip_suffix("\")]")) {
        return parts.enabled(f);
    }
    let f = t.strip_prefix("#[cfg(not(feature = \"")?.strip_suffix("\"))]")?;
    parts.enabled(f).map(|on| !on)
}

/// `text` with the `cfg`s on runtime parts resolved (see the module docs).
pub fn resolve_cfgs(text: &str, parts: RuntimeParts) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        rest = &rest[end..];
        match cfg_of(line, parts) {
            None => out.push_str(line),
            Some(true) => {}
            Some(false) => rest = &rest[item_len(rest)..],
        }
    }
    out
}

/// The byte length of the item at the start of `text`, through the end of its last line.
fn item_len(text: &str) -> usize {
    let mut depth = 0i32;
    let mut last: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                if depth <= 0 && matches!(last, Some(';' | ',' | '}')) {
                    return i + 1;
                }
                last = None;
                continue;
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                // A comment: to the end of the line.
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
                continue;
            }
            '"' => {
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A char literal (`'x'`, `'\n'`) or a lifetime (`'a`).
                let mut look = chars.clone();
                match look.next() {
                    Some((_, '\\')) => {
                        chars.next();
                        chars.next();
                        while chars.next().is_some_and(|(_, s)| s != '\'') {}
                    }
                    Some(_) if look.next().is_some_and(|(_, s)| s == '\'') => {
                        chars.next();
                        chars.next();
                    }
                    _ => {}
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if !c.is_whitespace() {
            last = Some(c);
        }
    }
    text.len()
}

/// The generated crate's `[dependencies]`: the runtime's, with optional ones only when a part
/// that needs them is on (no longer optional), and the parts' features of other dependencies
/// (`reqwest/multipart`) added. A dependency of a feature the generated crate keeps
/// (`tracing = ["dep:tracing"]`) stays optional.
pub fn dependencies(parts: RuntimeParts) -> String {
    let features = runtime_features();
    let on: Vec<&str> = features.iter().filter(|(f, _)| parts.enabled(f) == Some(true)).flat_map(|(_, v)| v.iter().map(String::as_str)).collect();
    let kept = transport_features();
    let optional: Vec<&str> = kept.iter().flat_map(|(_, v)| v.iter().map(String::as_str)).collect();
    let mut out = String::from("[dependencies]\n");
    for line in section(RUNTIME_MANIFEST, "[dependencies]").lines() {
        let line = line.trim();
        let Some((name, spec)) = line.split_once(" = ") else { continue };
        if line.starts_with('#') {
            continue;
        }
        let mut spec = spec.to_string();
        if let Some(s) = spec.strip_suffix(", optional = true }") {
            if optional.contains(&format!("dep:{name}").as_str()) {
                // A dependency of a feature the generated crate keeps (`tracing`): still optional.
                out.push_str(&format!("{name} = {spec}\n"));
                continue;
            }
            if !on.contains(&format!("dep:{name}").as_str()) {
                continue;
            }
            spec = match s.strip_prefix("{ version = ") {
                Some(v) if !v.contains(',') => v.to_string(),
                _ => format!("{s} }}"),
            };
        }
        let extra: Vec<String> = on.iter().filter_map(|e| e.strip_prefix(&format!("{name}/")).map(|f| format!("\"{f}\""))).collect();
        if !extra.is_empty() {
            spec = match spec.find("features = [") {
                Some(i) => {
                    let close = i + spec[i..].find(']').unwrap_or(spec.len() - i);
                    format!("{}, {}{}", &spec[..close], extra.join(", "), &spec[close..])
                }
                None => spec.replacen(" }", &format!(", features = [{}] }}", extra.join(", ")), 1),
            };
        }
        out.push_str(&format!("{name} = {spec}\n"));
    }
    out
}

/// The runtime features that are not parts, as `(name, enabled features)`: the generated
/// crate's transport features, in the manifest's order.
pub fn transport_features() -> Vec<(String, Vec<String>)> {
    runtime_features().into_iter().filter(|(f, _)| f != "default" && !PARTS.contains(&f.as_str())).collect()
}

/// The transport features the runtime turns on by default (`rustls`).
pub fn default_transport_features() -> Vec<String> {
    runtime_features().into_iter().find(|(f, _)| f == "default").map(|(_, v)| v.into_iter().filter(|f| !PARTS.contains(&f.as_str())).collect()).unwrap_or_default()
}

/// The runtime manifest's `[features]`: `(name, [entries])`, in order.
fn runtime_features() -> Vec<(String, Vec<String>)> {
    section(RUNTIME_MANIFEST, "[features]")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let (name, list) = l.split_once(" = ")?;
            let list = list.trim().strip_prefix('[')?.strip_suffix(']')?;
            Some((name.trim().to_string(), list.split(',').map(|e| e.trim().trim_matches('"').to_string()).filter(|e| !e.is_empty()).collect()))
        })
        .collect()
}

/// The lines of a manifest section, up to the next section or the end of the copied part.
fn section<'a>(manifest: &'a str, header: &str) -> &'a str {
    let Some(start) = manifest.find(&format!("\n{header}\n")).map(|i| i + header.len() + 2) else { return "" };
    let rest = &manifest[start..];
    let end = [rest.find("\n["), rest.find("# end of copied dependencies")].into_iter().flatten().min().unwrap_or(rest.len());
    &rest[..end]
}

/// The crate root's re-exports of runtime items.
pub fn root_reexports(parts: RuntimeParts) -> TokenStream {
    let oauth = if parts.oauth {
        quote! {
            pub use runtime::{CodeVerifier, JwtAlgorithm, TokenHolder};
            pub use runtime::{AuthorizationCode, AuthorizationCodeFlow, CallbackError, PendingAuthorization};
            /// Reads a secret (an access token from [`TokenHolder::access_token`]): `token.expose_secret()`.
            pub use ::secrecy::ExposeSecret;
        }
    } else {
        quote! {
            /// Reads a secret: `secret.expose_secret()`.
            pub use ::secrecy::ExposeSecret;
        }
    };
    let multipart = if parts.multipart {
        quote! {
            pub use runtime::{FilePart, Multipart};
            /// `reqwest`'s multipart forms, raw bodies of `multipart/form-data` operations:
            /// `multipart::Form::new().text("name", "value")`.
            pub use ::reqwest::multipart;
        }
    } else {
        TokenStream::new()
    };
    let mut crates = Vec::new();
    if parts.dates {
        crates.push(quote! {
            /// `jiff`, the crate of the date and time types (`jiff::Timestamp` for `date-time`).
            pub use ::jiff;
        });
    }
    if parts.uuid {
        crates.push(quote! {
            /// `uuid`, the crate of `format: uuid` values.
            pub use ::uuid;
        });
    }
    if parts.decimal {
        crates.push(quote! {
            /// `rust_decimal`, the crate of `format: decimal` values.
            pub use ::rust_decimal;
        });
    }
    let pagination = if parts.pagination {
        quote! {
            pub use runtime::Page;
        }
    } else {
        TokenStream::new()
    };
    let stream = if parts.stream { quote!(pub use runtime::{ByteStream, JsonLines, UploadBody};) } else { TokenStream::new() };
    let sse = if parts.sse { quote!(pub use runtime::{Event, EventStream};) } else { TokenStream::new() };
    quote! {
        pub use runtime::{ClientAuth, Error, Hook, Redirect, RequestOptions, RetryPolicy};
        #oauth
        #multipart
        #(#crates)*
        #pagination
        #stream
        #sse
    }
}

/// The docs of the client builder's `token_provider`.
pub fn token_provider_doc(parts: RuntimeParts) -> &'static str {
    if parts.oauth {
        " A source of access tokens, such as a [`TokenHolder`] that refreshes them."
    } else {
        " A source of access tokens that refreshes them ([`runtime::TokenProvider`])."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn combinations() -> Vec<RuntimeParts> {
        let mut out = Vec::new();
        for oauth in [false, true] {
            for multipart in [false, true] {
                for (stream, sse) in [(false, false), (true, false), (true, true)] {
                    // `multipart` needs `stream` (its file parts may be streams).
                    if multipart && !stream {
                        continue;
                    }
                    for pagination in [false, true] {
                        out.push(RuntimeParts { oauth, multipart, stream, sse, pagination, ..RuntimeParts::default() });
                    }
                }
            }
        }
        // The format parts (each needs `formats`).
        for (dates, uuid, decimal) in [(false, false, false), (true, false, false), (false, true, false), (false, false, true), (true, true, true)] {
            out.push(RuntimeParts { formats: true, dates, uuid, decimal, ..RuntimeParts::default() });
            out.push(RuntimeParts { formats: true, dates, uuid, decimal, pagination: true, stream: true, sse: true, ..RuntimeParts::default() });
        }
        out
    }

    #[test]
    fn gated_items_go_with_their_cfg() {
        let text = "a();\n#[cfg(feature = \"oauth\")]\n/// Docs.\n#[derive(Debug)]\nenum X {\n    A { b: char },\n    C = '}' as isize,\n}\nb();\n#[cfg(not(feature = \"oauth\"))]\nfn y() -> &'static str { \"}\" }\n#[cfg(feature = \"gzip\")]\nfn z() {}\n#[cfg(test)]\nmod t;\n";
        let off = resolve_cfgs(text, RuntimeParts::default());
        assert_eq!(off, "a();\nb();\nfn y() -> &'static str { \"}\" }\n#[cfg(feature = \"gzip\")]\nfn z() {}\n#[cfg(test)]\nmod t;\n");
        let on = resolve_cfgs(text, RuntimeParts::all());
        assert_eq!(on, "a();\n/// Docs.\n#[derive(Debug)]\nenum X {\n    A { b: char },\n    C = '}' as isize,\n}\nb();\n#[cfg(feature = \"gzip\")]\nfn z() {}\n#[cfg(test)]\nmod t;\n");
        // A match arm whose block starts on its own line, and a one-line arm.
        let arms = "match x {\n    #[cfg(feature = \"multipart\")]\n    (Some(A { b }), Some(_))\n        if b =>\n    {\n        1\n    }\n    #[cfg(feature = \"multipart\")]\n    (Some(C), _) => 2,\n    _ => 3,\n}\n";
        assert_eq!(resolve_cfgs(arms, RuntimeParts::default()), "match x {\n    _ => 3,\n}\n");
    }

    /// Every runtime file, for every combination of parts, still parses, names no part's feature,
    /// and the crate root declares exactly the modules copied.
    #[test]
    fn every_combination_of_parts_gives_whole_runtime_files() {
        let all = super::super::RUNTIME_FILES;
        for parts in combinations() {
            let files = files(parts, all);
            for (name, text) in &files {
                if let Err(e) = syn::parse_file(text) {
                    panic!("{name} with {parts:?} does not parse: {e}");
                }
                for part in PARTS {
                    assert!(!text.contains(&format!("feature = \"{part}\"")), "{name} with {parts:?} still names {part}");
                }
            }
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            for m in ["oauth.rs", "oidc.rs", "pkce.rs", "token.rs"] {
                assert_eq!(names.contains(&m), parts.oauth, "{m} with {parts:?}");
            }
            assert_eq!(names.contains(&"pagination.rs"), parts.pagination, "{parts:?}");
            // Every other file (private modules such as `macros.rs` included) is always copied.
            assert_eq!(names.contains(&"formats.rs"), parts.formats, "{parts:?}");
            for (m, _) in all.iter().filter(|(m, _)| !["oauth.rs", "oidc.rs", "pkce.rs", "token.rs", "formats.rs", "pagination.rs", "stream.rs", "sse.rs", "multipart.rs"].contains(m)) {
                assert!(names.contains(m), "{m} missing with {parts:?}");
            }
            assert!(names.contains(&"client.rs") && names.contains(&"mod.rs"), "{names:?}");
            let client = &files.iter().find(|(n, _)| n == "client.rs").unwrap().1;
            assert_eq!(client.contains("Body::Multipart"), parts.multipart);
            assert_eq!(client.contains("execute_stream"), parts.stream);
            for (m, on) in [("stream.rs", parts.stream), ("sse.rs", parts.sse), ("multipart.rs", parts.multipart)] {
                assert_eq!(names.contains(&m), on, "{m} with {parts:?}");
            }
        }
        // Every feature the runtime's sources name is one of its features, and a part's `cfg`
        // comes before the item's doc comments and attributes (which would be left behind).
        let known: Vec<String> = runtime_features().into_iter().map(|(f, _)| f).collect();
        for (name, text) in all {
            let lines: Vec<&str> = text.lines().collect();
            for (i, pair) in lines.windows(2).enumerate() {
                if cfg_of(pair[1], RuntimeParts::default()).is_some() {
                    let before = pair[0].trim();
                    assert!(!before.starts_with("///") && !before.starts_with("#["), "{name}:{}: a part's cfg after docs or attributes", i + 2);
                }
            }
            for piece in text.split("feature = \"").skip(1) {
                let f = piece.split('"').next().unwrap_or_default();
                assert!(known.iter().any(|k| k == f), "{name} names unknown feature {f}");
            }
        }
    }

    #[test]
    fn dependencies_follow_the_parts() {
        let none = dependencies(RuntimeParts::default());
        for dep in ["jsonwebtoken", "sha2", "getrandom", "multipart", "futures-util", "tokio-util", "sse-stream", "\"stream\""] {
            assert!(!none.contains(dep), "{dep} in\n{none}");
        }
        // The `tracing` feature's dependency is the one optional line, with or without parts.
        let tracing = "\ntracing = { version = \"0.1\", default-features = false, features = [\"std\"], optional = true }\n";
        assert_eq!(none.matches("optional").count(), 1, "{none}");
        assert!(none.contains(tracing), "{none}");
        assert!(none.contains("reqwest = { version = \"0.13\", default-features = false, features = [\"http2\"] }\n"), "{none}");
        assert!(none.contains("\nsecrecy = ") && none.contains("\nserde = "), "{none}");
        let all = dependencies(RuntimeParts::all());
        assert!(all.contains("features = [\"http2\", \"multipart\", \"stream\"] }\n"), "{all}");
        assert!(all.contains("\nsse-stream = { version = \"0.3\", default-features = false, features = [\"memchr\"] }\n"), "{all}");
        assert!(all.contains("\njsonwebtoken = { version = \"12\", default-features = false, features = [\"use_pem\", \"aws_lc_rs\"] }\n"), "{all}");
        assert!(all.contains("\nsha2 = \"0.11\"\n") && all.contains("\ngetrandom = \"0.4\"\n"), "{all}");
        assert_eq!(all.matches("optional").count(), 1, "{all}");
        assert!(all.contains("\nfutures-util = { version = \"0.3\", default-features = false }\n"), "{all}");
        let t: Vec<String> = transport_features().into_iter().map(|(f, _)| f).collect();
        assert_eq!(t, ["rustls", "native-tls", "gzip", "brotli", "tracing"]);
        assert_eq!(default_transport_features(), ["rustls"]);
    }
}
