//! Cargo features: one per service (tag) and `full`, next to the transport features of the
//! runtime (`rustls`, `native-tls`, `gzip`, `brotli`, see `emit/runtime.rs`). Decides which feature names each service
//! gets, which services reach each model (transitively, through parameters, bodies, responses,
//! response headers, fields, items, map values, tuple items, union members and aliases), the `#[cfg]` that
//! gates a model or service, and the `[features]` table. Never decides what a model looks like.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Additional, Api, Operation, TypeId, TypeKind, TypeSpace};
use crate::settings::{DefaultFeatures, Settings};

/// The feature that turns on every service and every model.
pub const FULL: &str = "full";

/// With [`DefaultFeatures::Auto`], crates with more named models than this have no default
/// features (see "Cargo features" in ARCHITECTURE.md for the figures behind it).
pub const AUTO_FULL_MAX_MODELS: usize = 1_000;

/// When a model is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Always: the crate root names it (the OAuth token model) or something it reaches.
    Always,
    /// When any of these services (indices into `Api::services`, ascending) is on.
    Services(Vec<usize>),
    /// Only with `full`: no operation reaches it.
    Full,
}

/// The features of one generated crate.
#[derive(Debug, Clone)]
pub struct FeaturePlan {
    /// The feature of each service, in service order.
    pub names: Vec<String>,
    /// The gate of each type of the arena (meaningful for named types), by `TypeId`.
    gates: Vec<Gate>,
    /// True when `default = ["full"]`.
    pub default_full: bool,
}

/// The feature name of every service, in service order: the service's accessor name (without
/// `r#`), so `client.users()` is feature `users`; `full`, `default` and the transport features
/// (`rustls`, `gzip`, ...) are taken (`_service` appended), and names stay unique.
pub fn service_features(api: &Api) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> = [FULL, "default"].iter().map(|s| s.to_string()).collect();
    taken.extend(super::runtime::transport_features().into_iter().map(|(f, _)| f.replace('-', "_")));
    taken.extend(super::runtime::transport_features().into_iter().map(|(f, _)| f));
    let mut out = Vec::with_capacity(api.services.len());
    for s in &api.services {
        let base = s.module_name.trim_start_matches("r#").to_string();
        let mut name = if taken.contains(&base) { format!("{base}_service") } else { base.clone() };
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_service_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

/// True when the crate's default features are `["full"]`.
pub fn default_full(api: &Api, settings: &Settings) -> bool {
    match settings.default_features {
        DefaultFeatures::Full => true,
        DefaultFeatures::None => false,
        DefaultFeatures::Auto => api.types.named().count() <= AUTO_FULL_MAX_MODELS,
    }
}

/// Every type an operation names directly.
pub fn operation_roots(op: &Operation) -> impl Iterator<Item = TypeId> + '_ {
    op.parameters
        .iter()
        .map(|p| p.ty)
        .chain(op.request_body.iter().filter_map(|b| b.content.ty))
        .chain(op.responses.iter().flat_map(|r| r.content.iter().filter_map(|c| c.ty).chain(r.headers.iter().map(|h| h.ty))))
}

/// Marks in `seen` every type reachable from `roots`; returns the newly reached ones.
pub fn reach(types: &TypeSpace, roots: impl IntoIterator<Item = TypeId>, seen: &mut [bool]) -> Vec<TypeId> {
    let mut stack: Vec<TypeId> = roots.into_iter().collect();
    let mut reached = Vec::new();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        reached.push(id);
        match &types.get(id).kind {
            TypeKind::Object(o) => {
                stack.extend(o.properties.iter().map(|p| p.ty));
                if let Additional::Typed(t) = o.additional {
                    stack.push(t);
                }
            }
            TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty)),
            TypeKind::Array { items } => stack.push(*items),
            TypeKind::Map { values } => stack.push(*values),
            TypeKind::Tuple { items } => stack.extend(items.iter().copied()),
            TypeKind::Alias(t) => stack.push(*t),
            _ => {}
        }
    }
    reached
}

impl FeaturePlan {
    /// Plans the features of `api`'s crate. `always` are the types the crate root names whatever
    /// the features (the OAuth token model).
    pub fn new(api: &Api, settings: &Settings, always: &[TypeId]) -> Self {
        let n = api.types.defs.len();
        let mut gates = vec![Gate::Full; n];
        // One `seen` for all services, cleared where each service's walk went: the work is what
        // the services reach, not services × types.
        let mut seen = vec![false; n];
        for (i, s) in api.services.iter().enumerate() {
            let reached = reach(&api.types, s.operations.iter().flat_map(operation_roots), &mut seen);
            for &id in &reached {
                seen[id.0] = false;
                match &mut gates[id.0] {
                    Gate::Services(v) => v.push(i),
                    g => *g = Gate::Services(vec![i]),
                }
            }
        }
        for id in reach(&api.types, always.iter().copied(), &mut seen) {
            gates[id.0] = Gate::Always;
        }
        FeaturePlan { names: service_features(api), gates, default_full: default_full(api, settings) }
    }

    /// When `id` is compiled.
    pub fn gate(&self, id: TypeId) -> &Gate {
        &self.gates[id.0]
    }

    /// The `#[cfg(...)]` of a model (nothing when always compiled).
    pub fn model_cfg(&self, id: TypeId) -> TokenStream {
        match self.gate(id) {
            Gate::Always => TokenStream::new(),
            Gate::Full => feature_cfg(&[FULL]),
            Gate::Services(v) => feature_cfg(&v.iter().map(|&i| self.names[i].as_str()).collect::<Vec<_>>()),
        }
    }

    /// The `#[cfg(feature = ...)]` of service `index`.
    pub fn service_cfg(&self, index: usize) -> TokenStream {
        feature_cfg(&[self.names[index].as_str()])
    }

    /// The `[features]` table of `Cargo.toml`.
    pub fn cargo_table(&self) -> String {
        // docs.rs documents every service, whatever the default.
        let mut out = String::from("[package.metadata.docs.rs]\nall-features = true\n\n[features]\n");
        let mut default: Vec<String> = if self.default_full { vec![format!("\"{FULL}\"")] } else { Vec::new() };
        default.extend(super::runtime::default_transport_features().iter().map(|f| format!("\"{f}\"")));
        out.push_str(&format!("default = [{}]\n", default.join(", ")));
        out.push_str("# Every service and every model.\n");
        let quoted: Vec<String> = self.names.iter().map(|n| format!("\"{n}\"")).collect();
        if quoted.iter().map(|q| q.len() + 2).sum::<usize>() <= 80 {
            out.push_str(&format!("full = [{}]\n", quoted.join(", ")));
        } else {
            out.push_str("full = [\n");
            for n in &self.names {
                out.push_str(&format!("    \"{n}\",\n"));
            }
            out.push_str("]\n");
        }
        out.push_str("# One per service: its operations and the models they reach.\n");
        for n in &self.names {
            out.push_str(&format!("{n} = []\n"));
        }
        out.push_str(TRANSPORT_DOC);
        for (name, enables) in super::runtime::transport_features() {
            let quoted: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            out.push_str(&format!("{name} = [{}]\n", quoted.join(", ")));
        }
        out
    }
}

/// The comment above the transport features in `[features]`.
const TRANSPORT_DOC: &str = "# HTTPS through rustls (default) or the platform's TLS library (`native-tls`); with neither,\n\
# only `http://` URLs work. `gzip` and `brotli` decompress responses (`Accept-Encoding`).\n\
# `tracing` makes each call a `tracing` span (operationId, method, path template, status, attempts).\n";

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
fn feature_cfg(features: &[&str]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::{DefaultFeatures, Settings};

    /// Tag `widgets` reaches `Widget` → `Part` (a field) → `Color` (an array item) and `Shared`
    /// (a union member); tag `full` (a taken name) reaches `Shared` through a parameter; `Unused`
    /// is reached by no operation.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /widgets:
    post:
      tags: [widgets]
      operationId: makeWidget
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Widget"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{$ref: "#/components/schemas/Shared"}, {type: string}]
  /all:
    get:
      tags: [full]
      operationId: getAll
      parameters:
        - {name: s, in: query, schema: {$ref: "#/components/schemas/Shared"}}
      responses:
        "204": {description: none}
components:
  schemas:
    Widget:
      type: object
      properties:
        part: {$ref: "#/components/schemas/Part"}
    Part:
      type: object
      properties:
        colors: {type: array, items: {$ref: "#/components/schemas/Color"}}
    Color: {type: string, enum: [red, blue]}
    Shared: {type: string, enum: [x, y]}
    Unused: {type: object, properties: {a: {type: string}}}
"##;

    fn file<'a>(g: &'a crate::Generated, path: &str) -> &'a str {
        &g.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} missing")).contents
    }

    #[test]
    fn each_model_is_gated_by_the_services_that_reach_it() {
        let g = crate::generate("spec.yaml", SPEC.into(), &Settings::default()).expect("generates");
        let models = file(&g, "src/models/mod.rs");
        for (module, cfg) in [
            ("widget", r#"#[cfg(feature = "widgets")]"#),
            ("part", r#"#[cfg(feature = "widgets")]"#),
            ("color", r#"#[cfg(feature = "widgets")]"#),
            ("shared", r#"#[cfg(any(feature = "widgets", feature = "full_service"))]"#),
            ("unused", r#"#[cfg(feature = "full")]"#),
        ] {
            assert!(models.contains(&format!("{cfg}\nmod {module};")), "{module} not gated by {cfg}:\n{models}");
        }
        let services = file(&g, "src/services/mod.rs");
        assert!(services.contains("#[cfg(feature = \"widgets\")]\nmod widgets;"), "{services}");
        assert!(services.contains("#[cfg(feature = \"full_service\")]\nmod full;"), "{services}");
        let lib = file(&g, "src/lib.rs");
        assert!(lib.contains("#[cfg(feature = \"widgets\")]\n    pub fn widgets("), "{lib}");
        let cargo = file(&g, "Cargo.toml");
        assert!(
            cargo.contains("all-features = true\n\n[features]\ndefault = [\"full\", \"rustls\"]\n# Every service and every model.\nfull = [\"widgets\", \"full_service\"]\n"),
            "{cargo}"
        );
        assert!(cargo.contains("\nwidgets = []\nfull_service = []\n"), "{cargo}");
    }

    #[test]
    fn the_default_follows_the_setting() {
        let none = Settings::default().with_default_features(DefaultFeatures::None);
        let g = crate::generate("spec.yaml", SPEC.into(), &none).expect("generates");
        assert!(file(&g, "Cargo.toml").contains("\ndefault = [\"rustls\"]\n"));
        let readme = file(&g, "README.md");
        assert!(readme.contains("no service is on by default"), "{readme}");
    }

    #[test]
    fn service_features_never_take_a_transport_feature() {
        let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a: {get: {tags: [gzip], operationId: a, responses: {"204": {description: none}}}}
  /b: {get: {tags: [native tls], operationId: b, responses: {"204": {description: none}}}}
  /c: {get: {tags: [rustls], operationId: c, responses: {"204": {description: none}}}}
"##;
        let g = crate::generate("spec.yaml", spec.into(), &Settings::default()).expect("generates");
        let cargo = file(&g, "Cargo.toml");
        assert!(cargo.contains("full = [\"gzip_service\", \"native_tls_service\", \"rustls_service\"]\n"), "{cargo}");
        assert!(cargo.contains("\nrustls = [\"reqwest/rustls\"]\nnative-tls = [\"reqwest/native-tls\"]\ngzip = [\"reqwest/gzip\"]\nbrotli = [\"reqwest/brotli\"]\n"), "{cargo}");
    }

    #[test]
    fn the_oauth_token_model_is_always_compiled() {
        let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://a.test/oauth/token", scopes: {}}}}
  schemas:
    TokenInfo:
      type: object
      required: [access_token]
      properties:
        access_token: {type: string}
        kind: {$ref: "#/components/schemas/Kind"}
    Kind: {type: string, enum: [bearer]}
paths:
  /oauth/token:
    post:
      tags: [auth]
      operationId: getToken
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/TokenInfo"}}}
"##;
        let g = crate::generate("spec.yaml", spec.into(), &Settings::default()).expect("generates");
        let models = file(&g, "src/models/mod.rs");
        assert!(models.contains("Do not edit.\n//! Models") && !models.contains("cfg"), "{models}");
    }
}
