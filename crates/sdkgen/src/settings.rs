//! Settings: what the caller chooses beyond the spec (crate name, client name, environment names,
//! which tags/operations to include, how strictly responses are decoded). Built with `with_*`
//! methods; read from `sdkgen.toml` by the CLI.

use serde::Deserialize;

/// Generation settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Cargo package name of the generated crate (`ring-central`).
    pub crate_name: String,
    /// Crate version.
    pub crate_version: String,
    /// Name of the client struct (`RingCentral`).
    pub client_name: String,
    /// Spec file path shown in the do-not-edit header (`specs/ringcentral-oauth.yaml`).
    pub spec_path: String,
    /// Command shown in the do-not-edit header.
    pub generator_command: String,
    /// `(server URL, Environment variant name)` pairs.
    pub environment_names: Vec<(String, String)>,
    /// Only operations with these tags (empty: all).
    pub include_tags: Vec<String>,
    /// Only these operationIds (empty: all).
    pub include_operations: Vec<String>,
    /// Enum types (Rust names) whose values are matched ignoring ASCII case, for values a
    /// standard declares case-insensitive (OAuth 2.0 `token_type`, RFC 6749 §5.1).
    pub case_insensitive_enums: Vec<String>,
    /// How strictly response bodies are decoded (default [`ResponseLeniency::Lenient`]).
    pub response_leniency: ResponseLeniency,
    /// Which Cargo features the generated crate turns on by default (default
    /// [`DefaultFeatures::Auto`]).
    pub default_features: DefaultFeatures,
    /// `package.description` (default: "Rust SDK for <title>." and the first paragraph of
    /// `info.description`).
    pub description: Option<String>,
    /// `package.license`, an SPDX expression (default: `info.license.identifier`, or its `name`
    /// when that is an SPDX expression; else none).
    pub license: Option<String>,
    /// `package.repository` (default: none).
    pub repository: Option<String>,
    /// `package.homepage` (default: `info.contact.url`).
    pub homepage: Option<String>,
    /// `package.documentation` (default: none, so crates.io links docs.rs).
    pub documentation: Option<String>,
    /// `package.keywords` (at most 5).
    pub keywords: Vec<String>,
    /// `package.categories` (crates.io category slugs, at most 5).
    pub categories: Vec<String>,
    /// `package.rust-version` (default: none).
    pub rust_version: Option<String>,
    /// `package.authors` (default: `info.contact` as `name <email>`).
    pub authors: Vec<String>,
    /// Whether the crate may be published (default true; false writes `publish = false`).
    pub publish: bool,
    /// Whether models, parameter structs, enums and unions are `#[non_exhaustive]` (default
    /// true): a later version of the spec may add fields, values and members without breaking
    /// users' code, which builds values with `new` and the `with_*` setters and matches enums with
    /// a wildcard arm. False allows struct literals and exhaustive matches.
    pub non_exhaustive: bool,
    /// The Rust type of each string `format` sdkgen types (keys from [`TYPED_FORMATS`]); a
    /// format not listed is [`FormatType::Typed`].
    pub formats: std::collections::BTreeMap<String, FormatType>,
    /// How operations page, by operationId (`[pagination.listPets]` in `sdkgen.toml`); wins
    /// over the spec's `x-` pagination extensions and the heuristics.
    pub pagination: std::collections::BTreeMap<String, PaginationConfig>,
}

/// The formats sdkgen maps to a crate's type, and that type: `(format, Rust type)`. Other
/// formats (`email`, `password`, `binary`, `hostname`...) stay `String` (integer and number
/// formats give Rust's numbers: `int8`...`uint64`, `float`, `double`).
pub const TYPED_FORMATS: &[(&str, &str)] = &[
    ("date-time", "jiff::Timestamp"),
    ("date", "jiff::civil::Date"),
    ("time", "jiff::civil::Time"),
    ("duration", "jiff::SignedDuration"),
    ("uuid", "uuid::Uuid"),
    ("uri", "url::Url"),
    ("url", "url::Url"),
    ("ipv4", "std::net::Ipv4Addr"),
    ("ipv6", "std::net::Ipv6Addr"),
    ("byte", "Vec<u8> (base64 on the wire)"),
    ("decimal", "rust_decimal::Decimal"),
];

/// The Rust type of a string `format` (`sdkgen.toml`: `[formats] date-time = "string"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatType {
    /// The default: the type [`TYPED_FORMATS`] names.
    #[default]
    Typed,
    /// Kept as the JSON text (`String`; for `type: number, format: decimal`, `f64`).
    String,
}

/// How one operation pages: `[pagination.<operationId>]` in `sdkgen.toml`, and the value of
/// the `x-sdkgen-pagination` operation extension (the same keys).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// `cursor`, `offset`, `page` (page number), `link` (RFC 8288 `Link` header) or `next_url`.
    pub style: String,
    /// The query or header parameter the next page sets (cursor, offset, page number).
    pub param: Option<String>,
    /// The page size parameter (offset and page styles: a shorter page is the last).
    pub limit_param: Option<String>,
    /// Where a page gives the next cursor or URL: `$response.body#/json/pointer` or
    /// `$response.header.Name`.
    pub next: Option<String>,
    /// The items array: `$response.body#/data` or a JSON pointer (`/data`; `""` is the body);
    /// by default the body when it is an array, else its one array property.
    pub items: Option<String>,
    /// A boolean that is `false` on the last page: `$response.body#/has_more`.
    pub has_more: Option<String>,
    /// The first page's number (page style; default: the parameter's `default` or `minimum`,
    /// else 1).
    pub first_page: Option<i64>,
}

/// The `default` Cargo features of the generated crate. Every crate has one feature per service
/// (tag), which compiles that service and the models it reaches, and `full` (everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultFeatures {
    /// The default: `full` when the crate has at most 1,000 named models, else none (a user of a
    /// huge API names the services it calls and compiles only those).
    #[default]
    Auto,
    /// `default = ["full"]` whatever the size.
    Full,
    /// `default = []` whatever the size.
    None,
}

/// How a response that lacks a property its schema marks `required` is decoded.
///
/// Specs often over-promise: a server leaves out a field the spec calls required (a plain
/// RFC 6749 §5.1 token response has no `scope`), and a strict decode then throws the whole
/// response away, tokens included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseLeniency {
    /// A missing required property fails the decode (`Error::Decode` in the generated crate).
    Strict,
    /// The default. In every type reached from a response body, a required property whose Rust
    /// type has an empty value (strings, numbers, booleans, arrays, JSON values) is read as that
    /// value when absent (`#[serde(default)]`); the Rust type does not change. Properties of
    /// object, enum, union and typed-format type (a date, a UUID...) stay strict (they have no
    /// empty value), and so do nullable
    /// ones (required + nullable means "always sent, maybe null"), the properties of untagged
    /// union variants (they tell the variants apart) and `access_token` in the success body of an
    /// OAuth 2.0 token endpoint (RFC 6749 §5.1 REQUIRED).
    #[default]
    Lenient,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: "api-client".into(),
            crate_version: "0.1.0".into(),
            client_name: "Client".into(),
            spec_path: "spec.yaml".into(),
            generator_command: "sdkgen generate".into(),
            environment_names: Vec::new(),
            include_tags: Vec::new(),
            include_operations: Vec::new(),
            case_insensitive_enums: Vec::new(),
            response_leniency: ResponseLeniency::default(),
            default_features: DefaultFeatures::default(),
            description: None,
            license: None,
            repository: None,
            homepage: None,
            documentation: None,
            keywords: Vec::new(),
            categories: Vec::new(),
            rust_version: None,
            authors: Vec::new(),
            publish: true,
            non_exhaustive: true,
            formats: std::collections::BTreeMap::new(),
            pagination: std::collections::BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Sets the crate name.
    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = name.into();
        self
    }
    /// Sets the crate version.
    pub fn with_crate_version(mut self, v: impl Into<String>) -> Self {
        self.crate_version = v.into();
        self
    }
    /// Sets the client struct name.
    pub fn with_client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = name.into();
        self
    }
    /// Sets the spec path shown in headers.
    pub fn with_spec_path(mut self, p: impl Into<String>) -> Self {
        self.spec_path = p.into();
        self
    }
    /// Sets the generator command shown in headers.
    pub fn with_generator_command(mut self, c: impl Into<String>) -> Self {
        self.generator_command = c.into();
        self
    }
    /// Names the `Environment` variant of a server URL.
    pub fn with_environment_name(mut self, url: impl Into<String>, name: impl Into<String>) -> Self {
        self.environment_names.push((url.into(), name.into()));
        self
    }
    /// Restricts generation to these tags.
    pub fn with_include_tags(mut self, tags: Vec<String>) -> Self {
        self.include_tags = tags;
        self
    }
    /// Restricts generation to these operationIds.
    pub fn with_include_operations(mut self, ops: Vec<String>) -> Self {
        self.include_operations = ops;
        self
    }

    /// Matches the values of these enum types ignoring ASCII case.
    pub fn with_case_insensitive_enums(mut self, names: Vec<String>) -> Self {
        self.case_insensitive_enums = names;
        self
    }

    /// Sets how strictly response bodies are decoded.
    pub fn with_response_leniency(mut self, leniency: ResponseLeniency) -> Self {
        self.response_leniency = leniency;
        self
    }

    /// Sets the crate's default Cargo features.
    pub fn with_default_features(mut self, default_features: DefaultFeatures) -> Self {
        self.default_features = default_features;
        self
    }

    /// Sets `package.description`.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets `package.license` (an SPDX expression).
    pub fn with_license(mut self, license: impl Into<String>) -> Self {
        self.license = Some(license.into());
        self
    }

    /// Sets `package.repository`.
    pub fn with_repository(mut self, url: impl Into<String>) -> Self {
        self.repository = Some(url.into());
        self
    }

    /// Sets `package.homepage`.
    pub fn with_homepage(mut self, url: impl Into<String>) -> Self {
        self.homepage = Some(url.into());
        self
    }

    /// Sets `package.documentation`.
    pub fn with_documentation(mut self, url: impl Into<String>) -> Self {
        self.documentation = Some(url.into());
        self
    }

    /// Sets whether models, parameter structs, enums and unions are `#[non_exhaustive]`.
    pub fn with_non_exhaustive(mut self, non_exhaustive: bool) -> Self {
        self.non_exhaustive = non_exhaustive;
        self
    }
    /// Sets `package.keywords`.
    pub fn with_keywords(mut self, keywords: Vec<String>) -> Self {
        self.keywords = keywords;
        self
    }

    /// Sets `package.categories`.
    pub fn with_categories(mut self, categories: Vec<String>) -> Self {
        self.categories = categories;
        self
    }

    /// Sets `package.rust-version`.
    pub fn with_rust_version(mut self, version: impl Into<String>) -> Self {
        self.rust_version = Some(version.into());
        self
    }

    /// Sets `package.authors`.
    pub fn with_authors(mut self, authors: Vec<String>) -> Self {
        self.authors = authors;
        self
    }

    /// Declares how the operation `operation_id` pages (`[pagination.<operationId>]`).
    pub fn with_pagination(mut self, operation_id: impl Into<String>, pagination: PaginationConfig) -> Self {
        self.pagination.insert(operation_id.into(), pagination);
        self
    }

    /// Allows or forbids publishing the crate (`publish = false`).
    pub fn with_publish(mut self, publish: bool) -> Self {
        self.publish = publish;
        self
    }

    /// Sets the Rust type of a string `format` (a name from [`TYPED_FORMATS`]; other names
    /// have no effect, `sdkgen.toml` reports them).
    pub fn with_format(mut self, format: impl Into<String>, ty: FormatType) -> Self {
        self.formats.insert(format.into(), ty);
        self
    }

    /// The Rust type chosen for `format`.
    pub fn format_type(&self, format: &str) -> FormatType {
        self.formats.get(format).copied().unwrap_or_default()
    }

    /// Library name (`ring_central`).
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// True when an operation with this first tag and operationId is generated.
    pub fn includes(&self, tag: Option<&str>, operation_id: Option<&str>) -> bool {
        let tag_ok = self.include_tags.is_empty() || tag.is_some_and(|t| self.include_tags.iter().any(|x| x == t));
        let op_ok = self.include_operations.is_empty() || operation_id.is_some_and(|o| self.include_operations.iter().any(|x| x == o));
        tag_ok && op_ok
    }
}
