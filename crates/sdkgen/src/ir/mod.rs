//! The intermediate representation: what an API is, in the spec's own nouns, after lowering.
//! It holds no `openapiv3`, `syn` or `proc_macro2` types; emitters read only this.
//! Names here are final: sanitised, de-duplicated Rust identifiers next to the wire names.

mod types;

pub use types::*;

use serde::Serialize;

/// A lowered API: everything the emitters need.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.summary` (OpenAPI 3.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `info.license`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    /// `info.contact`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// `webhooks` (OpenAPI 3.1): requests the API sends, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
    /// `servers`, in spec order (duplicates removed).
    pub servers: Vec<Server>,
    /// Services (one per tag), in order of first appearance; each lists its operations.
    pub services: Vec<Service>,
    /// Every named and inline type, in one arena.
    pub types: TypeSpace,
    /// `components.securitySchemes`, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Models, parameter structs, enums and unions are `#[non_exhaustive]`
    /// ([`crate::Settings::non_exhaustive`]).
    #[serde(skip)]
    pub non_exhaustive: bool,
}

impl Api {
    /// Every operation, service by service.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.services.iter().flat_map(|s| s.operations.iter())
    }

    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<&SecurityScheme> {
        self.security_schemes.iter().find(|s| s.name == name)
    }
}

/// The license of the API description (`info.license`).
#[derive(Debug, Clone, Serialize)]
pub struct License {
    /// `name`.
    pub name: String,
    /// `identifier`: an SPDX license expression (OpenAPI 3.1).
    pub identifier: Option<String>,
    /// `url`.
    pub url: Option<String>,
}

/// The contact of the API description (`info.contact`).
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// `name`.
    pub name: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `email`.
    pub email: Option<String>,
}

/// A webhook: a request the API sends to its users (OpenAPI 3.1 `webhooks`). Only its payload
/// type is generated, for the receiving side to decode.
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// The webhook's name (its key under `webhooks`).
    pub name: String,
    /// HTTP method of the request.
    pub method: Method,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The request body (the payload), if any.
    pub payload: Option<RequestBody>,
    /// JSON pointer of the operation object (in the normalized document).
    pub pointer: String,
}

/// A group of operations: one per tag (the first tag of each operation).
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// The tag as written in the spec.
    pub tag: String,
    /// Tag description.
    pub description: Option<String>,
    /// Rust type name, e.g. `OAuth20OpenIdConnectService`.
    pub type_name: String,
    /// Accessor / module name, e.g. `o_auth_2_0_open_id_connect`.
    pub module_name: String,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Idempotent per RFC 9110 §9.2.2.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One operation (path + method).
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId` as written, or synthesised from method and path.
    pub operation_id: String,
    /// True when `operation_id` was synthesised.
    pub synthesized_id: bool,
    /// Rust method name (snake case, unique across the API).
    pub fn_name: String,
    /// PascalCase stem for types derived from this operation (`Authorize` → `AuthorizeParams`).
    pub type_stem: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written, e.g. `/v1/users/{userId}`, without a fragment (`#...`); a
    /// literal query (`/search?type=a`) stays and the query parameters follow it with `&`.
    pub path: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Deprecated flag.
    pub deprecated: bool,
    /// Parameters after merging path-level ones (operation-level wins), in spec order.
    pub parameters: Vec<Parameter>,
    /// Request body, if any.
    pub request_body: Option<RequestBody>,
    /// Responses by status, in spec order.
    pub responses: Vec<Response>,
    /// Effective security: alternatives (OR), each a set of schemes (AND). An empty alternative means
    /// "no authentication is also fine"; an empty list means no authentication at all.
    pub security: Vec<SecurityRequirement>,
    /// Operation- or path-level servers overriding the API servers.
    pub servers: Vec<Server>,
    /// How the operation pages, when it does (`lower/pagination.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// How a paged operation pages: the request parameter the next page sets, where a page says
/// what comes next, and where its items are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The style.
    pub style: PaginationStyle,
    /// JSON pointer of the items array in the success body (`""`: the body is the array).
    pub items: String,
    /// The items' type.
    pub item_ty: TypeId,
    /// JSON pointer of a boolean that is `false` on the last page, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more: Option<String>,
    /// Where the description came from.
    pub source: PaginationSource,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PaginationStyle {
    /// A cursor (token) from the page, sent in `param`.
    Cursor {
        /// The request parameter that carries the cursor.
        param: PageParam,
        /// Where a page gives the next cursor.
        next: PageSource,
    },
    /// `param` is the index of the first item; advanced by the items received.
    Offset {
        /// The offset parameter.
        param: PageParam,
        /// The page size parameter, if any.
        limit: Option<PageParam>,
    },
    /// `param` is a page number; advanced by one.
    PageNumber {
        /// The page number parameter.
        param: PageParam,
        /// The first page's number when the request does not set it.
        first: i64,
        /// The page size parameter, if any.
        limit: Option<PageParam>,
    },
    /// RFC 8288 `Link: <url>; rel="next"` response header.
    Link,
    /// A URL of the next page given by the page (absolute or relative).
    NextUrl {
        /// Where a page gives it.
        next: PageSource,
    },
}

impl PaginationStyle {
    /// `cursor`, `offset`, `page number`, `Link header`, `next URL`.
    pub fn name(&self) -> &'static str {
        match self {
            PaginationStyle::Cursor { .. } => "cursor",
            PaginationStyle::Offset { .. } => "offset",
            PaginationStyle::PageNumber { .. } => "page number",
            PaginationStyle::Link => "Link header",
            PaginationStyle::NextUrl { .. } => "next URL",
        }
    }
}

/// A query or header parameter of the operation that paging sets or reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageParam {
    /// Wire name.
    pub name: String,
    /// `query` or `header`.
    pub location: ParameterLocation,
}

/// Where a page says what comes next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "in", content = "at")]
pub enum PageSource {
    /// A field of the JSON body (a JSON pointer).
    Body(String),
    /// A response header.
    Header(String),
}

/// A paged operation as `sdkgen check` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PagedOperation {
    /// `operationId`.
    pub operation: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// [`PaginationStyle::name`].
    pub style: String,
    /// Where it was declared or found ([`PaginationSource`]'s `Display`).
    pub source: String,
}

impl Api {
    /// The operations that page, in service order.
    pub fn paged_operations(&self) -> Vec<PagedOperation> {
        self.operations()
            .filter_map(|o| {
                let p = o.pagination.as_ref()?;
                Some(PagedOperation { operation: o.operation_id.clone(), pointer: o.pointer.clone(), style: p.style.name().to_string(), source: p.source.to_string() })
            })
            .collect()
    }
}

/// Where an operation's pagination was declared or found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "name")]
pub enum PaginationSource {
    /// `sdkgen.toml` (`[pagination.<operationId>]`).
    Config,
    /// An `x-` extension of the operation (its name).
    Extension(String),
    /// Found by a heuristic (which one).
    Heuristic(String),
}

impl std::fmt::Display for PaginationSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaginationSource::Config => f.write_str("sdkgen.toml"),
            PaginationSource::Extension(name) => f.write_str(name),
            PaginationSource::Heuristic(which) => write!(f, "heuristic ({which})"),
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// Path segment.
    Path,
    /// Query string.
    Query,
    /// Request header.
    Header,
    /// Cookie.
    Cookie,
}

/// OpenAPI 3.0 `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterStyle {
    /// `form` (query, cookie default).
    Form,
    /// `simple` (path, header default).
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `spaceDelimited` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited` (query arrays).
    PipeDelimited,
    /// `deepObject` (query objects).
    DeepObject,
}

/// One parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// Rust field name.
    pub field_name: String,
    /// Location.
    pub location: ParameterLocation,
    /// Style (defaulted per location).
    pub style: ParameterStyle,
    /// Explode (defaulted per style).
    pub explode: bool,
    /// Required.
    pub required: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Description.
    pub description: Option<String>,
    /// Type.
    pub ty: TypeId,
    /// `example` of the parameter or its schema.
    pub example: Option<serde_json::Value>,
    /// The media type of a parameter described by `content` instead of `schema` (OpenAPI 3.0
    /// §4.7.12.1): a JSON one is sent as the value's JSON text, not in a style.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// JSON pointer.
    pub pointer: String,
}

impl Parameter {
    /// True when the value is sent as its JSON text (`content` with a JSON media type).
    pub fn is_json_content(&self) -> bool {
        self.content.as_deref().is_some_and(|mt| BodyKind::of(mt) == BodyKind::Json)
    }
}

/// What kind of payload a media type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/json`, `*/*+json`, `text/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/event-stream`: server-sent events.
    EventStream,
    /// `application/x-ndjson`, `application/jsonl`, `application/x-jsonlines`: JSON lines.
    JsonLines,
    /// `text/*`, `application/graphql`, `application/xml`: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, ...): bytes.
    Binary,
}

impl BodyKind {
    /// Classifies a media type (parameters such as `; charset=utf-8` are ignored).
    pub fn of(media_type: &str) -> BodyKind {
        let mt = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if mt == "application/json" || mt.ends_with("+json") || mt == "text/json" || mt.ends_with("/json") {
            BodyKind::Json
        } else if mt == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if mt == "multipart/form-data" || mt.starts_with("multipart/") {
            BodyKind::Multipart
        } else if mt == "text/event-stream" {
            BodyKind::EventStream
        } else if matches!(mt.as_str(), "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/jsonlines" | "application/x-jsonl") {
            BodyKind::JsonLines
        } else if mt.starts_with("text/") || mt == "application/graphql" || mt == "application/xml" || mt.ends_with("+xml") {
            BodyKind::Text
        } else {
            BodyKind::Binary
        }
    }

    /// Preference when several media types are offered (lower is better).
    pub fn rank(self) -> u8 {
        match self {
            BodyKind::Json => 0,
            BodyKind::Form => 1,
            BodyKind::Multipart => 2,
            BodyKind::EventStream | BodyKind::JsonLines => 3,
            BodyKind::Text => 4,
            BodyKind::Binary => 5,
        }
    }
}

/// One media type of a body.
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    /// Media type as written (parameters stripped).
    pub media_type: String,
    /// Payload kind.
    pub kind: BodyKind,
    /// Schema, if any.
    pub ty: Option<TypeId>,
    /// Per-property `encoding.contentType` (multipart).
    pub encoding: Vec<(String, String)>,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// `required` (defaults to false).
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// The media type the typed method sends (the preferred one).
    pub content: Content,
    /// All media types offered, in spec order.
    pub alternatives: Vec<String>,
}

/// Response status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// An exact code.
    Code(u16),
    /// `1XX`..`5XX` (the digit).
    Range(u16),
    /// `default`.
    Default,
}

impl Status {
    /// True for 2xx/3xx codes and ranges.
    pub fn is_success_or_redirect(self) -> bool {
        match self {
            Status::Code(c) => (200..400).contains(&c),
            Status::Range(r) => r == 2 || r == 3,
            Status::Default => false,
        }
    }

    /// True for 3xx.
    pub fn is_redirect(self) -> bool {
        match self {
            Status::Code(c) => (300..400).contains(&c),
            Status::Range(r) => r == 3,
            Status::Default => false,
        }
    }
}

/// One documented response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Status key.
    pub status: Status,
    /// Description.
    pub description: String,
    /// Preferred content (JSON first), if the response has a body.
    pub content: Option<Content>,
    /// Response headers.
    pub headers: Vec<Header>,
}

/// A response header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Wire name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Required.
    pub required: bool,
    /// Type.
    pub ty: TypeId,
}

/// One alternative of a security requirement: all these schemes together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityRequirement {
    /// Scheme names (each defined in `security_schemes`, dangling ones are dropped with a diagnostic).
    pub schemes: Vec<String>,
    /// Scopes per scheme, same order.
    pub scopes: Vec<Vec<String>>,
}

/// A security scheme from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// Name (the key).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Kind.
    pub kind: SecuritySchemeKind,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyLocation {
    /// Query string.
    Query,
    /// Header.
    Header,
    /// Cookie.
    Cookie,
}

/// The kind of a security scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum SecuritySchemeKind {
    /// `http` + `basic`.
    HttpBasic,
    /// `http` + `bearer`.
    HttpBearer,
    /// Another `http` scheme (not supported at run time).
    HttpOther {
        /// The scheme name.
        scheme: String,
    },
    /// `apiKey`.
    ApiKey {
        /// Where.
        location: ApiKeyLocation,
        /// Parameter name.
        param: String,
    },
    /// `oauth2`.
    OAuth2 {
        /// Authorization URL (authorization code / implicit flow).
        authorization_url: Option<String>,
        /// Token URL.
        token_url: Option<String>,
        /// Refresh URL.
        refresh_url: Option<String>,
        /// The scopes of every flow, each once (the first flow's description wins), in spec
        /// order.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        scopes: Vec<OAuthScope>,
    },
    /// `openIdConnect`.
    OpenIdConnect {
        /// Discovery URL.
        url: String,
    },
}

/// A scope of an `oauth2` security scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthScope {
    /// The scope as sent (`scope`, RFC 6749 §3.3).
    pub name: String,
    /// Its description.
    pub description: String,
    /// The flows that declare it: `authorizationCode`, `clientCredentials`, `password`,
    /// `implicit`.
    pub flows: Vec<String>,
}

/// A server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// URL template as written.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Rust variant name for the `Environment` enum.
    pub variant_name: String,
    /// Variables.
    pub variables: Vec<ServerVariable>,
}

/// A server variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// Name.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values.
    pub values: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

impl Server {
    /// The URL with every variable replaced by its default.
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for v in &self.variables {
            url = url.replace(&format!("{{{}}}", v.name), &v.default);
        }
        url
    }
}
