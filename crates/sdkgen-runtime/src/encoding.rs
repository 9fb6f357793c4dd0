//! Parameter and form-body serialization.
//!
//! Implements the OpenAPI 3.0 parameter `style`/`explode` rules
//! (<https://spec.openapis.org/oas/v3.0.3#style-values>, built on RFC 6570 URI templates) for any
//! [`serde::Serialize`] value, going through [`serde_json::Value`]:
//!
//! * scalars are written as text: strings as they are, numbers in their JSON form (`-5`, `1.5`),
//!   booleans as `true`/`false`; `null` produces nothing (the parameter is left out);
//! * arrays and objects are written with the delimiters of the style (see [`ParamStyle`]);
//! * nested arrays/objects inside an array or object element are written as JSON text.
//!
//! In the URL (query and path) every *element* (a name, a key or a value) is percent-encoded with
//! everything but the RFC 3986 §2.3 unreserved characters (`A-Z a-z 0-9 - . _ ~`) escaped, so a
//! space becomes `%20` and a value containing `,` `&` `=` `+` `#` `|` `/` is never split; the
//! delimiters placed *between* elements (`,` `|` `&` `=` `.` `;` `[` `]`) stay literal.
//!
//! Form bodies (`application/x-www-form-urlencoded`) use [`to_form_pairs`] and the WHATWG
//! `application/x-www-form-urlencoded` serializer of the `url` crate.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// OpenAPI 3.0 parameter serialization style
/// (<https://spec.openapis.org/oas/v3.0.3#style-values>).
///
/// Examples for a parameter `color` (array `["blue","black"]`, object `{"R":100,"G":200}`):
///
/// | style | explode | array | object |
/// |---|---|---|---|
/// | `Form` | false | `color=blue,black` | `color=R,100,G,200` |
/// | `Form` | true | `color=blue&color=black` | `R=100&G=200` |
/// | `Simple` | false | `blue,black` | `R,100,G,200` |
/// | `Simple` | true | `blue,black` | `R=100,G=200` |
/// | `Label` | false | `.blue,black` | `.R,100,G,200` |
/// | `Label` | true | `.blue.black` | `.R=100.G=200` |
/// | `Matrix` | false | `;color=blue,black` | `;color=R,100,G,200` |
/// | `Matrix` | true | `;color=blue;color=black` | `;R=100;G=200` |
/// | `SpaceDelimited` | false | `color=blue%20black` | `color=R%20100%20G%20200` |
/// | `PipeDelimited` | false | `color=blue\|black` | `color=R\|100\|G\|200` |
/// | `DeepObject` | true | – | `color[R]=100&color[G]=200` |
///
/// `DeepObject` is defined for flat objects only; a property that is itself an array or an
/// object is written the way Rails and `qs` read it: `f[tags][]=a&f[tags][]=b`,
/// `f[range][from]=1`, arrays of objects by index (`f[items][0][id]=7`), nested up to
/// [`MAX_DEEP_OBJECT_DEPTH`] levels (deeper ones as JSON text).
///
/// `Label` with `explode = false` follows RFC 6570 §3.2.5 (`.blue,black`), as corrected in
/// OpenAPI 3.1.1. `SpaceDelimited`/`PipeDelimited` with `explode = true` behave like exploded
/// `Form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (RFC 6570 `{?x}` / `{?x*}`): the default for query and cookie parameters.
    Form,
    /// `simple` (RFC 6570 `{x}`): the default for path and header parameters.
    Simple,
    /// `label` (RFC 6570 `{.x}`): path parameters prefixed with `.`.
    Label,
    /// `matrix` (RFC 6570 `{;x}`): path parameters prefixed with `;name=`.
    Matrix,
    /// `spaceDelimited`: query arrays/objects joined with `%20`.
    SpaceDelimited,
    /// `pipeDelimited`: query arrays/objects joined with `|`.
    PipeDelimited,
    /// `deepObject`: query objects as `name[key]=value`.
    DeepObject,
}

/// An error while serializing a parameter or a request body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The value could not be serialized to JSON (a failing `Serialize` impl, a map with
    /// non-string keys, ...).
    #[error("failed to serialize value: {0}")]
    Serialize(#[from] serde_json::Error),
    /// A form body must serialize to a JSON object (a struct or a map); the message names the
    /// JSON type that was found instead.
    #[error("a form body must serialize to an object, found {0}")]
    NotAnObject(&'static str),
    /// The value cannot be written in the requested style (for example an object in a
    /// `pipeDelimited` query parameter with `explode = true`, or `Matrix` without a name).
    #[error("parameter `{name}` cannot be serialized with style {style:?}: {reason}")]
    Unsupported {
        /// Parameter name (empty for unnamed path parameters).
        name: String,
        /// Requested style.
        style: ParamStyle,
        /// Why it is not supported.
        reason: &'static str,
    },
    /// A header name or value is not valid in HTTP (RFC 9110 §5.1, §5.5): for example a value
    /// containing a line break.
    #[error("invalid header `{0}`")]
    InvalidHeader(String),
    /// A path parameter whose value would change which resource the request reaches: empty,
    /// `.` or `..` (URL parsers remove dot segments, RFC 3986 §5.2.4, also when percent-encoded),
    /// so the request (and its credentials) would go to another path.
    #[error("path parameter `{0}` is empty or a dot segment (`.`, `..`)")]
    PathSegment(String),
}

/// Characters escaped inside one element: everything except RFC 3986 §2.3 unreserved characters.
const ELEMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one element (name, key or value) for use in a URL path or query: everything
/// except RFC 3986 unreserved characters is escaped (space → `%20`, `,` → `%2C`, `/` → `%2F`).
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, ELEMENT).to_string()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Text form of a JSON value: strings unquoted, numbers/booleans as JSON text, nested
/// arrays/objects as compact JSON, `null` as `None`.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => Some(v.to_string()),
    }
}

/// The shape of a serialized parameter value.
enum Shape {
    Absent,
    Scalar(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
}

std::thread_local! {
    /// Set while a parameter or form value is encoded (see [`writing_text`]).
    static TEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while a parameter or form field is being encoded as text: a value whose JSON number
/// would be read back through an `f64` (a decimal) is written as its own digits instead.
pub fn writing_text() -> bool {
    TEXT.with(std::cell::Cell::get)
}

/// Runs `encode` with [`writing_text`] false: a value written as JSON inside a parameter
/// (`content: application/json`) keeps its JSON numbers.
pub fn as_json<R>(encode: impl FnOnce() -> R) -> R {
    with_text(false, encode)
}

/// Runs `encode` with [`writing_text`] true.
fn as_text<R>(encode: impl FnOnce() -> R) -> R {
    with_text(true, encode)
}

/// Runs `encode` with [`writing_text`] set to `text`, restored afterwards (a panic included).
fn with_text<R>(text: bool, encode: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            TEXT.with(|t| t.set(self.0));
        }
    }
    let _restore = Restore(TEXT.with(|t| t.replace(text)));
    encode()
}

fn shape_of<T: Serialize + ?Sized>(value: &T) -> Result<Shape, EncodeError> {
    let v = as_text(|| serde_json::to_value(value))?;
    Ok(match v {
        Value::Null => Shape::Absent,
        Value::Array(items) => Shape::Array(items.iter().filter_map(scalar_text).collect()),
        Value::Object(map) => Shape::Object(
            map.iter()
                .filter_map(|(k, v)| scalar_text(v).map(|t| (k.clone(), t)))
                .collect(),
        ),
        other => match scalar_text(&other) {
            Some(t) => Shape::Scalar(t),
            None => Shape::Absent,
        },
    })
}

/// How deep [`ParamStyle::DeepObject`] nests brackets; a value deeper than this is written as
/// its JSON text.
pub const MAX_DEEP_OBJECT_DEPTH: usize = 16;

/// The pairs of a `deepObject` value at `key` (already encoded): scalars as `key=value`,
/// object members as `key[member]`, arrays of scalars as repeated `key[]`, other arrays by
/// index `key[0]`; `null`s are left out.
fn deep_object_pairs(key: &str, value: &Value, depth: usize, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) if depth < MAX_DEEP_OBJECT_DEPTH => {
            for (k, v) in map {
                deep_object_pairs(&format!("{key}[{}]", encode_component(k)), v, depth + 1, out);
            }
        }
        Value::Array(items) if depth < MAX_DEEP_OBJECT_DEPTH => {
            let scalars = items.iter().all(|v| !v.is_array() && !v.is_object());
            for (i, v) in items.iter().enumerate() {
                let item_key = if scalars { format!("{key}[]") } else { format!("{key}[{i}]") };
                deep_object_pairs(&item_key, v, depth + 1, out);
            }
        }
        other => {
            if let Some(text) = scalar_text(other) {
                out.push((key.to_string(), encode_component(&text)));
            }
        }
    }
}

fn join_encoded<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    items.map(encode_component).collect::<Vec<_>>().join(sep)
}

fn flatten_kv(pairs: &[(String, String)]) -> impl Iterator<Item = &str> {
    pairs.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()])
}

/// Serializes a query parameter into percent-encoded `(name, value)` pairs, in order.
///
/// The returned strings are ready to be joined as `name=value` with `&`: names, keys and values
/// are percent-encoded, the style's delimiters are literal. A `null` value (for example `None`)
/// yields no pair. An empty array yields no pair when exploded and `name=` otherwise.
///
/// Styles: `Form`, `SpaceDelimited`, `PipeDelimited`, `DeepObject` (query styles of OpenAPI 3.0
/// §4.7.12.4). `Simple`, `Label`, `Matrix` are accepted and treated as `Form` for robustness.
///
/// # Errors
/// [`EncodeError::Serialize`] when the value cannot be serialized, [`EncodeError::Unsupported`]
/// for `DeepObject` with a non-object value.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<Vec<(String, String)>, EncodeError> {
    let ename = encode_component(name);
    if style == ParamStyle::DeepObject {
        return match as_text(|| serde_json::to_value(value))? {
            Value::Null => Ok(Vec::new()),
            v @ Value::Object(_) => {
                let mut out = Vec::new();
                deep_object_pairs(&ename, &v, 0, &mut out);
                Ok(out)
            }
            _ => Err(EncodeError::Unsupported {
                name: name.to_string(),
                style,
                reason: "deepObject requires an object value",
            }),
        };
    }
    let shape = shape_of(value)?;
    let sep = match style {
        ParamStyle::SpaceDelimited => "%20",
        ParamStyle::PipeDelimited => "|",
        _ => ",",
    };
    Ok(match (style, shape) {
        (_, Shape::Absent) => Vec::new(),
        (_, Shape::Scalar(s)) => vec![(ename, encode_component(&s))],
        (_, Shape::Array(items)) if explode => items
            .iter()
            .map(|v| (ename.clone(), encode_component(v)))
            .collect(),
        (_, Shape::Array(items)) => {
            vec![(ename, join_encoded(items.iter().map(String::as_str), sep))]
        }
        (_, Shape::Object(pairs)) if explode => pairs
            .iter()
            .map(|(k, v)| (encode_component(k), encode_component(v)))
            .collect(),
        (_, Shape::Object(pairs)) => vec![(ename, join_encoded(flatten_kv(&pairs), sep))],
    })
}

/// Serializes an unnamed path parameter (`Simple` or `Label` style) into a percent-encoded path
/// segment, ready to be substituted for `{name}` in the path template.
///
/// `path_param(&vec![1, 2], ParamStyle::Simple, false)` → `1,2`;
/// `path_param(&"a/b c", ParamStyle::Simple, false)` → `a%2Fb%20c`.
///
/// # Errors
/// [`EncodeError::Unsupported`] for `Matrix` (it needs the parameter name: use
/// [`path_param_named`]) and for query-only styles; [`EncodeError::Serialize`] when the value
/// cannot be serialized.
pub fn path_param<T: Serialize + ?Sized>(
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<String, EncodeError> {
    if style == ParamStyle::Matrix {
        return Err(EncodeError::Unsupported {
            name: String::new(),
            style,
            reason: "matrix style needs the parameter name: use path_param_named",
        });
    }
    path_param_named("", value, style, explode)
}

/// Serializes a path parameter in `Simple`, `Label` or `Matrix` style into a percent-encoded path
/// segment (see the table on [`ParamStyle`]). A `null` value yields `;name` (`Matrix`).
///
/// # Errors
/// [`EncodeError::Unsupported`] for the query-only styles (`Form`, `SpaceDelimited`,
/// `PipeDelimited`, `DeepObject`); [`EncodeError::Serialize`] when the value cannot be
/// serialized; [`EncodeError::PathSegment`] when the result is empty, `.` or `..` (an empty
/// string or a `null` in `Simple` or `Label` style, a value `.` or `..`), which would send the
/// request to another path.
pub fn path_param_named<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<String, EncodeError> {
    let encoded = path_param_unchecked(name, value, style, explode)?;
    // `%2e` is a dot to URL parsers too (WHATWG URL "double-dot path segment").
    let bare = encoded.to_ascii_lowercase().replace("%2e", ".");
    if matches!(bare.as_str(), "" | "." | "..") {
        return Err(EncodeError::PathSegment(name.to_string()));
    }
    Ok(encoded)
}

fn path_param_unchecked<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<String, EncodeError> {
    let shape = shape_of(value)?;
    let ename = encode_component(name);
    match style {
        ParamStyle::Simple => Ok(match shape {
            Shape::Absent => String::new(),
            Shape::Scalar(s) => encode_component(&s),
            Shape::Array(items) => join_encoded(items.iter().map(String::as_str), ","),
            Shape::Object(pairs) if explode => pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
                .collect::<Vec<_>>()
                .join(","),
            Shape::Object(pairs) => join_encoded(flatten_kv(&pairs), ","),
        }),
        ParamStyle::Label => Ok(match shape {
            Shape::Absent => ".".to_string(),
            Shape::Scalar(s) => format!(".{}", encode_component(&s)),
            Shape::Array(items) => {
                let sep = if explode { "." } else { "," };
                format!(".{}", join_encoded(items.iter().map(String::as_str), sep))
            }
            Shape::Object(pairs) if explode => pairs
                .iter()
                .map(|(k, v)| format!(".{}={}", encode_component(k), encode_component(v)))
                .collect(),
            Shape::Object(pairs) => format!(".{}", join_encoded(flatten_kv(&pairs), ",")),
        }),
        ParamStyle::Matrix => Ok(match shape {
            Shape::Absent => format!(";{ename}"),
            Shape::Scalar(s) => format!(";{ename}={}", encode_component(&s)),
            Shape::Array(items) if explode => items
                .iter()
                .map(|v| format!(";{ename}={}", encode_component(v)))
                .collect(),
            Shape::Array(items) => format!(
                ";{ename}={}",
                join_encoded(items.iter().map(String::as_str), ",")
            ),
            Shape::Object(pairs) if explode => pairs
                .iter()
                .map(|(k, v)| format!(";{}={}", encode_component(k), encode_component(v)))
                .collect(),
            Shape::Object(pairs) => {
                format!(";{ename}={}", join_encoded(flatten_kv(&pairs), ","))
            }
        }),
        _ => Err(EncodeError::Unsupported {
            name: name.to_string(),
            style,
            reason: "not a path parameter style",
        }),
    }
}

/// Serializes a header parameter value in `simple` style (OpenAPI 3.0 §4.7.12.4): scalars as
/// text, arrays as `a,b`, objects as `k,v,k2,v2` (`k=v,k2=v2` when exploded).
///
/// Header values are not percent-encoded (headers are not URLs); returns `None` for `null`.
///
/// # Errors
/// [`EncodeError::Serialize`] when the value cannot be serialized.
pub fn header_value<T: Serialize + ?Sized>(
    value: &T,
    explode: bool,
) -> Result<Option<String>, EncodeError> {
    Ok(match shape_of(value)? {
        Shape::Absent => None,
        Shape::Scalar(s) => Some(s),
        Shape::Array(items) => Some(items.join(",")),
        Shape::Object(pairs) if explode => Some(
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
        ),
        Shape::Object(pairs) => Some(flatten_kv(&pairs).collect::<Vec<_>>().join(",")),
    })
}

/// Flattens a value into `application/x-www-form-urlencoded` key/value pairs (not yet encoded).
///
/// The value must serialize to a JSON object (a struct, a map, an internally tagged or untagged
/// enum, a struct with `#[serde(flatten)]` fields). For each top-level member, in serialization
/// order: `null` is skipped; strings are used as they are; numbers and booleans as text; arrays
/// become one pair per non-null element (repeated key); nested objects (and arrays inside arrays)
/// are written as compact JSON text.
///
/// # Errors
/// [`EncodeError::NotAnObject`] when the value is not an object, [`EncodeError::Serialize`] when
/// it cannot be serialized.
pub fn to_form_pairs<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(String, String)>, EncodeError> {
    if let Some(pairs) = flat_form_pairs(value) {
        return Ok(pairs);
    }
    let v = as_text(|| serde_json::to_value(value))?;
    let Value::Object(map) = v else {
        return Err(EncodeError::NotAnObject(type_name(&v)));
    };
    let mut out = Vec::with_capacity(map.len());
    for (k, v) in &map {
        match v {
            Value::Array(items) => {
                for item in items {
                    if let Some(t) = scalar_text(item) {
                        out.push((k.clone(), t));
                    }
                }
            }
            other => {
                if let Some(t) = scalar_text(other) {
                    out.push((k.clone(), t));
                }
            }
        }
    }
    Ok(out)
}

/// Encodes key/value pairs as an `application/x-www-form-urlencoded` body (WHATWG URL standard
/// serializer: space as `+`, everything else outside `*-._` and alphanumerics percent-encoded).
pub fn encode_form_pairs(pairs: &[(String, String)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Serializes a value with [`to_form_pairs`] and encodes it with [`encode_form_pairs`].
///
/// # Errors
/// Same as [`to_form_pairs`].
pub fn to_form_string<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    if let Some(text) = flat_form_string(value) {
        return Ok(text);
    }
    Ok(encode_form_pairs(&to_form_pairs(value)?))
}

/// The common case of [`to_form_pairs`] without the detour through [`serde_json::Value`]: a
/// struct or string-keyed map (internally tagged enums and `#[serde(flatten)]` included) whose
/// members are strings, integers, booleans, unit enum variants, options of these, or sequences of
/// them. Anything else (floats, whose text is `serde_json`'s; nested objects, written as JSON
/// text; a member named twice) returns `None`, and the caller takes the general path, so the
/// pairs are always exactly those of the general path.
fn flat_form_pairs<T: Serialize + ?Sized>(value: &T) -> Option<Vec<(String, String)>> {
    let mut form = flat::Form::new(flat::Out::Pairs(Vec::new()));
    as_text(|| value.serialize(flat::Top(&mut form))).ok()?;
    match form.out {
        flat::Out::Pairs(pairs) => Some(pairs),
        flat::Out::Encoded(_) => None,
    }
}

/// [`flat_form_pairs`] written straight into the encoded body, without the pairs.
fn flat_form_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let out = flat::Out::Encoded(url::form_urlencoded::Serializer::new(String::new()));
    let mut form = flat::Form::new(out);
    as_text(|| value.serialize(flat::Top(&mut form))).ok()?;
    match form.out {
        flat::Out::Encoded(mut s) => Some(s.finish()),
        flat::Out::Pairs(_) => None,
    }
}

/// The serializers of [`flat_form_pairs`].
mod flat {
    use serde::ser::{self, Impossible, Serialize};
    use std::borrow::Cow;
    use std::fmt;

    /// "Not flat": the general path must serialize this value.
    #[derive(Debug)]
    pub(super) struct General;

    impl fmt::Display for General {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("not a flat form")
        }
    }

    impl std::error::Error for General {}

    impl ser::Error for General {
        fn custom<T: fmt::Display>(_: T) -> Self {
            General
        }
    }

    /// Where the pairs go.
    pub(super) enum Out {
        Pairs(Vec<(String, String)>),
        Encoded(url::form_urlencoded::Serializer<'static, String>),
    }

    /// The output so far, and the names of the members so far: a member named twice would take
    /// the first one's place in a JSON object, so it is not flat.
    pub(super) struct Form {
        pub(super) out: Out,
        members: Vec<Cow<'static, str>>,
    }

    impl Form {
        pub(super) fn new(out: Out) -> Self {
            Form { out, members: Vec::new() }
        }

        /// Adds member `key`; `General` when a member of that name came before.
        fn member<V: Serialize + ?Sized>(
            &mut self,
            key: Cow<'static, str>,
            value: &V,
        ) -> Result<(), General> {
            if self.members.contains(&key) {
                return Err(General);
            }
            value.serialize(Member { out: &mut self.out, key: &key, in_seq: false })?;
            self.members.push(key);
            Ok(())
        }
    }

    macro_rules! general {
        ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
            $(fn $method(self, $(_: $arg),*) -> Result<$ok, General> {
                Err(General)
            })*
        };
    }

    /// The value itself: must be a struct or a map.
    pub(super) struct Top<'a>(pub(super) &'a mut Form);

    impl<'a> ser::Serializer for Top<'a> {
        type Ok = ();
        type Error = General;
        type SerializeSeq = Impossible<(), General>;
        type SerializeTuple = Impossible<(), General>;
        type SerializeTupleStruct = Impossible<(), General>;
        type SerializeTupleVariant = Impossible<(), General>;
        type SerializeMap = TopMap<'a>;
        type SerializeStruct = Self;
        type SerializeStructVariant = Impossible<(), General>;

        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, General> {
            Ok(self)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<TopMap<'a>, General> {
            Ok(TopMap { form: self.0, key: None })
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<(), General> {
            value.serialize(self)
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), General> {
            value.serialize(self)
        }
        general! {
            serialize_bool(bool) -> ();
            serialize_i8(i8) -> ();
            serialize_i16(i16) -> ();
            serialize_i32(i32) -> ();
            serialize_i64(i64) -> ();
            serialize_u8(u8) -> ();
            serialize_u16(u16) -> ();
            serialize_u32(u32) -> ();
            serialize_u64(u64) -> ();
            serialize_f32(f32) -> ();
            serialize_f64(f64) -> ();
            serialize_char(char) -> ();
            serialize_str(&str) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_none() -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), General> {
            Err(General)
        }
    }

    impl ser::SerializeStruct for Top<'_> {
        type Ok = ();
        type Error = General;
        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            value: &T,
        ) -> Result<(), General> {
            self.0.member(Cow::Borrowed(key), value)
        }
        fn end(self) -> Result<(), General> {
            Ok(())
        }
    }

    /// A string-keyed map (also what `#[serde(flatten)]` serializes through).
    pub(super) struct TopMap<'a> {
        form: &'a mut Form,
        key: Option<String>,
    }

    impl ser::SerializeMap for TopMap<'_> {
        type Ok = ();
        type Error = General;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), General> {
            self.key = Some(key.serialize(Key)?);
            Ok(())
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), General> {
            let key = self.key.take().ok_or(General)?;
            self.form.member(Cow::Owned(key), value)
        }
        fn end(self) -> Result<(), General> {
            Ok(())
        }
    }

    /// A map key: only a string is flat (`serde_json` also turns numbers into keys; those take
    /// the general path).
    struct Key;

    impl ser::Serializer for Key {
        type Ok = String;
        type Error = General;
        type SerializeSeq = Impossible<String, General>;
        type SerializeTuple = Impossible<String, General>;
        type SerializeTupleStruct = Impossible<String, General>;
        type SerializeTupleVariant = Impossible<String, General>;
        type SerializeMap = Impossible<String, General>;
        type SerializeStruct = Impossible<String, General>;
        type SerializeStructVariant = Impossible<String, General>;

        fn serialize_str(self, v: &str) -> Result<String, General> {
            Ok(v.to_string())
        }
        general! {
            serialize_bool(bool) -> String;
            serialize_i8(i8) -> String;
            serialize_i16(i16) -> String;
            serialize_i32(i32) -> String;
            serialize_i64(i64) -> String;
            serialize_u8(u8) -> String;
            serialize_u16(u16) -> String;
            serialize_u32(u32) -> String;
            serialize_u64(u64) -> String;
            serialize_f32(f32) -> String;
            serialize_f64(f64) -> String;
            serialize_char(char) -> String;
            serialize_bytes(&[u8]) -> String;
            serialize_none() -> String;
            serialize_unit() -> String;
            serialize_unit_struct(&'static str) -> String;
            serialize_unit_variant(&'static str, u32, &'static str) -> String;
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct(&'static str, usize) -> Self::SerializeStruct;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, General> {
            Err(General)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<String, General> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<String, General> {
            Err(General)
        }
    }

    /// The value of member `key` (or an element of it, `in_seq`): one pair per scalar.
    struct Member<'a, 'k> {
        out: &'a mut Out,
        key: &'k str,
        in_seq: bool,
    }

    impl Member<'_, '_> {
        fn push(self, text: &str) -> Result<(), General> {
            match self.out {
                Out::Pairs(pairs) => pairs.push((self.key.to_string(), text.to_string())),
                Out::Encoded(s) => {
                    s.append_pair(self.key, text);
                }
            }
            Ok(())
        }
    }

    impl<'a, 'k> ser::Serializer for Member<'a, 'k> {
        type Ok = ();
        type Error = General;
        type SerializeSeq = Self;
        type SerializeTuple = Self;
        type SerializeTupleStruct = Impossible<(), General>;
        type SerializeTupleVariant = Impossible<(), General>;
        type SerializeMap = Impossible<(), General>;
        type SerializeStruct = Impossible<(), General>;
        type SerializeStructVariant = Impossible<(), General>;

        fn serialize_bool(self, v: bool) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_i8(self, v: i8) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_i16(self, v: i16) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_i32(self, v: i32) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_i64(self, v: i64) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_u8(self, v: u8) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_u16(self, v: u16) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_u32(self, v: u32) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_u64(self, v: u64) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_char(self, v: char) -> Result<(), General> {
            self.push(&v.to_string())
        }
        fn serialize_str(self, v: &str) -> Result<(), General> {
            self.push(v)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<(), General> {
            self.push(variant)
        }
        fn serialize_none(self) -> Result<(), General> {
            Ok(())
        }
        fn serialize_unit(self) -> Result<(), General> {
            Ok(())
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), General> {
            Ok(())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), General> {
            value.serialize(self)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<(), General> {
            value.serialize(self)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self, General> {
            if self.in_seq { Err(General) } else { Ok(Member { in_seq: true, ..self }) }
        }
        fn serialize_tuple(self, len: usize) -> Result<Self, General> {
            self.serialize_seq(Some(len))
        }
        general! {
            serialize_f32(f32) -> ();
            serialize_f64(f64) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct(&'static str, usize) -> Self::SerializeStruct;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), General> {
            Err(General)
        }
    }

    impl ser::SerializeSeq for Member<'_, '_> {
        type Ok = ();
        type Error = General;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), General> {
            value.serialize(Member { out: &mut *self.out, key: self.key, in_seq: true })
        }
        fn end(self) -> Result<(), General> {
            Ok(())
        }
    }

    impl ser::SerializeTuple for Member<'_, '_> {
        type Ok = ();
        type Error = General;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), General> {
            ser::SerializeSeq::serialize_element(self, value)
        }
        fn end(self) -> Result<(), General> {
            Ok(())
        }
    }
}
