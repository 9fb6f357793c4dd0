//! Typed string formats: the `serde_with` adapters that read and write the types generated models
//! use for `format`s (`jiff::Timestamp` for `date-time`, `uuid::Uuid`, `url::Url`, bytes for
//! `byte`, `rust_decimal::Decimal`...), and the parsers behind them. A field keeps the crate's
//! own type; its attribute names the adapter (`#[serde(with = "::serde_with::As::<DateTime>")]`,
//! `As::<Option<Vec<DateTime>>>` inside containers).
//!
//! Reading is tolerant where servers are sloppy, writing is exact:
//!
//! | format | reads | writes |
//! | --- | --- | --- |
//! | `date-time` | RFC 3339, also `t`/`z` in lower case, a space for `T`, any number of fractional digits (beyond nanoseconds they are dropped), no offset (read as UTC) | RFC 3339 in UTC (`2024-06-19T15:22:45.5Z`) |
//! | `date` | `YYYY-MM-DD` (a real day of the calendar) | the same |
//! | `time` | `HH:MM[:SS[.fraction]]`, with `Z`, `+00:00` or `-00:00` dropped; another offset is an error | `HH:MM:SS[.fraction]` |
//! | `duration` | ISO 8601 (`PT1H30M`, `P2DT3H`: a day is 24 hours, a week 7 days; years and months have no fixed length and are an error), any case | ISO 8601 (`PT1H30M`) |
//! | `byte` | base64, standard or URL-safe alphabet, padded or not | standard base64, padded |
//! | `uuid` | hyphenated, simple, braced or URN, any case | hyphenated, lower case |
//! | `uri`/`url` | an absolute URL | as parsed (normalized by `url`) |
//! | `decimal` | a JSON string or number, exact (from serde_json's text of the value; a number already read into a `serde_json::Value` or serde's buffered content, as in unions and flattened maps, goes through its shortest `f64` text: exact to 15 significant digits) | a string (`DecimalString`) or a number (`Decimal`, its own digits) as the schema says |
//!
//! A value that does not parse is a decode error whose message says the format; the decoder
//! adds the JSON path of the field.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde_with::{DeserializeAs, SerializeAs};

/// A value that is not in its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
    reason: String,
}

impl FormatError {
    fn new(format: &'static str, reason: impl fmt::Display) -> Self {
        FormatError { format, reason: reason.to_string() }
    }

    /// The OpenAPI format (`date-time`, `uuid`...).
    pub fn format(&self) -> &'static str {
        self.format
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid `{}`: {}", self.format, self.reason)
    }
}

impl std::error::Error for FormatError {}

/// Implements `serde_with`'s adapter traits for a marker type through a text parser and
/// printer: the value is a JSON string both ways.
macro_rules! text_format {
    ($marker:ident, $ty:ty, $what:literal, $parse:path, $print:path) => {
        impl<'de> DeserializeAs<'de, $ty> for $marker {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                struct TextVisitor;
                impl Visitor<'_> for TextVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $parse(v).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(TextVisitor)
            }
        }

        impl SerializeAs<$ty> for $marker {
            fn serialize_as<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&$print(value))
            }
        }
    };
}

/// `format: byte`: base64 text ⇄ `Vec<u8>`.
pub struct Base64;

/// Decodes base64 in the standard or URL-safe alphabet, padded or not.
///
/// # Errors
/// When `text` is not base64.
pub fn parse_base64(text: &str) -> Result<Vec<u8>, FormatError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::{Engine, alphabet};
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let alphabet = if text.contains(['-', '_']) { &alphabet::URL_SAFE } else { &alphabet::STANDARD };
    GeneralPurpose::new(alphabet, config).decode(text).map_err(|e| FormatError::new("byte", e))
}

/// Standard base64, padded (RFC 4648 §4).
pub fn print_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

text_format!(Base64, Vec<u8>, "base64 text", parse_base64, print_base64);

/// `format: uri` / `url`: an absolute URL ⇄ `url::Url`.
pub struct Url;

/// Parses an absolute URL.
///
/// # Errors
/// When `text` is not an absolute URL.
pub fn parse_url(text: &str) -> Result<url::Url, FormatError> {
    url::Url::parse(text).map_err(|e| FormatError::new("uri", e))
}

fn print_url(url: &url::Url) -> &str {
    url.as_str()
}

text_format!(Url, url::Url, "an absolute URL", parse_url, print_url);

#[cfg(feature = "dates")]
/// `format: date-time` ⇄ `jiff::Timestamp`.
pub struct DateTime;

#[cfg(feature = "dates")]
/// Parses an RFC 3339 date-time, tolerating lower-case `t`/`z`, a space instead of `T`,
/// fractional seconds of any length (digits beyond nanoseconds are dropped) and a missing offset
/// (read as UTC).
///
/// # Errors
/// When `text` is not such a date-time (or names a day that does not exist).
pub fn parse_date_time(text: &str) -> Result<jiff::Timestamp, FormatError> {
    let error = |e: &dyn fmt::Display| FormatError::new("date-time", e);
    let Some(sep) = text.find(['T', 't', ' ']).filter(|i| *i == 10 && is_date(&text[..10])) else {
        return Err(error(&"expected `YYYY-MM-DDTHH:MM:SS` with an optional fraction and offset"));
    };
    let mut fixed = String::with_capacity(text.len() + 1);
    fixed.push_str(&text[..sep]);
    fixed.push('T');
    let rest = &text[sep + 1..];
    let (clock, offset) = split_time(rest);
    fixed.push_str(&clock);
    match offset {
        "" => fixed.push('Z'),
        o => match o.strip_prefix('z') {
            Some(after) => {
                fixed.push('Z');
                fixed.push_str(after);
            }
            None => fixed.push_str(o),
        },
    }
    fixed.parse::<jiff::Timestamp>().map_err(|e| error(&e))
}

#[cfg(feature = "dates")]
fn print_date_time(value: &jiff::Timestamp) -> &jiff::Timestamp {
    value
}

#[cfg(feature = "dates")]
text_format!(DateTime, jiff::Timestamp, "an RFC 3339 date-time", parse_date_time, print_date_time);

#[cfg(feature = "dates")]
/// `YYYY-MM-DD` with digits where they belong (what jiff then checks against the calendar).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

#[cfg(feature = "dates")]
/// Splits `HH:MM[:SS][.fraction]<offset>` into the clock (fraction cut to 9 digits) and the
/// offset text that follows.
fn split_time(text: &str) -> (String, &str) {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(text.len());
    let mut clock = text[..end].to_string();
    let mut rest = &text[end..];
    if let Some(fraction) = rest.strip_prefix(['.', ',']) {
        let digits = fraction.find(|c: char| !c.is_ascii_digit()).unwrap_or(fraction.len());
        if digits > 0 {
            clock.push('.');
            clock.push_str(&fraction[..digits.min(9)]);
            rest = &fraction[digits..];
        }
    }
    (clock, rest)
}

#[cfg(feature = "dates")]
/// `format: date` ⇄ `jiff::civil::Date`.
pub struct Date;

#[cfg(feature = "dates")]
/// Parses `YYYY-MM-DD`, a day that exists.
///
/// # Errors
/// When `text` is not such a date.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, FormatError> {
    if !is_date(text) {
        return Err(FormatError::new("date", "expected `YYYY-MM-DD`"));
    }
    text.parse().map_err(|e| FormatError::new("date", e))
}

#[cfg(feature = "dates")]
fn print_date(value: &jiff::civil::Date) -> &jiff::civil::Date {
    value
}

#[cfg(feature = "dates")]
text_format!(Date, jiff::civil::Date, "a date (YYYY-MM-DD)", parse_date, print_date);

#[cfg(feature = "dates")]
/// `format: time` ⇄ `jiff::civil::Time` (a time of day).
pub struct Time;

#[cfg(feature = "dates")]
/// Parses `HH:MM[:SS[.fraction]]` (digits beyond nanoseconds dropped); an offset of zero (`Z`,
/// `+00:00`, `-00:00`) is dropped, any other is an error (a time of day has no place for it).
///
/// # Errors
/// When `text` is not such a time.
pub fn parse_time(text: &str) -> Result<jiff::civil::Time, FormatError> {
    let (clock, offset) = split_time(text);
    if !matches!(offset, "" | "Z" | "z" | "+00:00" | "-00:00" | "+0000" | "+00") {
        return Err(FormatError::new("time", "expected `HH:MM:SS`, optionally with a fraction and a UTC offset (`Z`)"));
    }
    clock.parse().map_err(|e| FormatError::new("time", e))
}

#[cfg(feature = "dates")]
fn print_time(value: &jiff::civil::Time) -> &jiff::civil::Time {
    value
}

#[cfg(feature = "dates")]
text_format!(Time, jiff::civil::Time, "a time (HH:MM:SS)", parse_time, print_time);

#[cfg(feature = "dates")]
/// `format: duration` ⇄ `jiff::SignedDuration`.
pub struct Duration;

#[cfg(feature = "dates")]
/// Parses an ISO 8601 duration (`PT1H30M`, `-P1DT2H`, any case). Days are 24 hours and weeks 7
/// days; years and months have no fixed length and are an error.
///
/// # Errors
/// When `text` is not such a duration.
pub fn parse_duration(text: &str) -> Result<jiff::SignedDuration, FormatError> {
    let error = |e: &dyn fmt::Display| FormatError::new("duration", e);
    if !text.trim_start_matches(['+', '-']).starts_with(['P', 'p']) {
        return Err(error(&"expected an ISO 8601 duration such as `PT1H30M`"));
    }
    let span: jiff::Span = text.parse().map_err(|e| error(&e))?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err(error(&"years and months have no fixed length"));
    }
    span.to_duration(jiff::SpanRelativeTo::days_are_24_hours()).map_err(|e| error(&e))
}

#[cfg(feature = "dates")]
fn print_duration(value: &jiff::SignedDuration) -> &jiff::SignedDuration {
    value
}

#[cfg(feature = "dates")]
text_format!(Duration, jiff::SignedDuration, "an ISO 8601 duration", parse_duration, print_duration);

#[cfg(feature = "uuid")]
/// `format: uuid` ⇄ `uuid::Uuid`.
pub struct Uuid;

#[cfg(feature = "uuid")]
/// Parses a UUID: hyphenated, simple, braced or URN, any case.
///
/// # Errors
/// When `text` is not a UUID.
pub fn parse_uuid(text: &str) -> Result<uuid::Uuid, FormatError> {
    uuid::Uuid::parse_str(text).map_err(|e| FormatError::new("uuid", e))
}

#[cfg(feature = "uuid")]
fn print_uuid(value: &uuid::Uuid) -> uuid::fmt::Hyphenated {
    value.hyphenated()
}

#[cfg(feature = "uuid")]
text_format!(Uuid, uuid::Uuid, "a UUID", parse_uuid, print_uuid);

#[cfg(feature = "decimal")]
/// `type: number, format: decimal` ⇄ `rust_decimal::Decimal`, written as a JSON number.
pub struct Decimal;

#[cfg(feature = "decimal")]
/// `type: string, format: decimal` ⇄ `rust_decimal::Decimal`, written as a JSON string.
pub struct DecimalString;

#[cfg(feature = "decimal")]
/// Parses decimal text (`-12.340`, `1.5e3`) exactly.
///
/// # Errors
/// When `text` is not a number, or has more digits than a `Decimal` holds (28).
pub fn parse_decimal(text: &str) -> Result<rust_decimal::Decimal, FormatError> {
    // Digits only (`rust_decimal` also takes `1_000`).
    if text.contains('_') {
        return Err(FormatError::new("decimal", "not a number"));
    }
    let parsed = if text.contains(['e', 'E']) { rust_decimal::Decimal::from_scientific(text) } else { rust_decimal::Decimal::from_str_exact(text) };
    parsed.or_else(|e| {
        // More significant digits than a `Decimal` holds (28), as servers that print a binary
        // double or a `BigDecimal` in full send, or a zero with a huge exponent: the number,
        // rounded to what a `Decimal` holds, as a JSON reader would round it.
        let rounded = if text.contains(['e', 'E']) { None } else { <rust_decimal::Decimal as std::str::FromStr>::from_str(text).ok() };
        let rounded = rounded.or_else(|| {
            let f = text.trim().parse::<f64>().ok().filter(|f| f.is_finite())?;
            let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
            match f == 0.0 {
                // Zero only when it is written as zero, not when a tiny number underflows.
                true if !mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)) => Some(rust_decimal::Decimal::ZERO),
                true => None,
                // A non-zero that a `Decimal` cannot hold (below 1e-28) is an error, not zero.
                false => <rust_decimal::Decimal as rust_decimal::prelude::FromPrimitive>::from_f64(f).filter(|d| !d.is_zero()),
            }
        });
        rounded.ok_or_else(|| FormatError::new("decimal", e))
    })
}

#[cfg(feature = "decimal")]
/// Reads a decimal from a JSON string or number (either, whatever the schema's `type`).
struct DecimalVisitor;

#[cfg(feature = "decimal")]
impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = rust_decimal::Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or its text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_decimal(v).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    // `From<i128>` panics beyond 96 bits; `FromPrimitive` answers `None`.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        <rust_decimal::Decimal as rust_decimal::prelude::FromPrimitive>::from_i128(v).ok_or_else(|| E::custom(FormatError::new("decimal", "beyond 28 digits")))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        <rust_decimal::Decimal as rust_decimal::prelude::FromPrimitive>::from_u128(v).ok_or_else(|| E::custom(FormatError::new("decimal", "beyond 28 digits")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // The shortest text that reads back as `v`: what the JSON said, to 15 significant digits.
        parse_decimal(&v.to_string()).map_err(E::custom)
    }
    // serde_json hands a raw value over as a map of one entry: the value's JSON text.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Only serde_json's hand-over of the value's text; any other object is not a decimal.
        if map.next_key::<String>()?.as_deref() != Some(RAW_VALUE_TOKEN) {
            return Err(de::Error::custom(FormatError::new("decimal", "an object")));
        }
        let text: String = map.next_value()?;
        let text = text.trim();
        if text.starts_with('"') {
            let inner: String = serde_json::from_str(text).map_err(de::Error::custom)?;
            return parse_decimal(&inner).map_err(de::Error::custom);
        }
        parse_decimal(text).map_err(de::Error::custom)
    }
    // Any other deserializer (serde's buffered content of a tagged union or flattened map):
    // the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

#[cfg(feature = "decimal")]
/// The name by which serde_json hands a value's JSON text to a visitor (its `RawValue`): a
/// decimal read from it keeps all its digits, where a JSON number read as an `f64` keeps 15.
/// Other deserializers call `visit_newtype_struct`, which reads the value itself.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

#[cfg(feature = "decimal")]
/// Reads a decimal with all its digits from serde_json's text, as a plain value elsewhere.
fn deserialize_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<rust_decimal::Decimal, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
}

#[cfg(feature = "decimal")]
impl<'de> DeserializeAs<'de, rust_decimal::Decimal> for Decimal {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<rust_decimal::Decimal, D::Error> {
        deserialize_decimal(deserializer)
    }
}

#[cfg(feature = "decimal")]
impl SerializeAs<rust_decimal::Decimal> for Decimal {
    fn serialize_as<S: Serializer>(value: &rust_decimal::Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        // A parameter or form field is text: the decimal's own digits.
        if super::encoding::writing_text() {
            return serializer.collect_str(value);
        }
        if let Some(n) = Some(*value).filter(|v| v.fract().is_zero()).and_then(|v| i64::try_from(v).ok()) {
            return serializer.serialize_i64(n);
        }
        match f64::try_from(*value) {
            // Exact as an `f64` (its shortest text reads back as the same decimal) and written
            // without an exponent (`1.5e-7` is valid JSON, but many decimal parsers refuse it).
            Ok(n) if parse_decimal(&n.to_string()).is_ok_and(|back| back == *value) && !serde_json::to_string(&n).is_ok_and(|t| t.contains(['e', 'E'])) => serializer.serialize_f64(n),
            // Otherwise the decimal's own digits, as the JSON number's text: exact in a JSON
            // body (a serializer other than serde_json's, such as the query encoding through
            // `serde_json::Value`, reads it back as an `f64`).
            _ => match serde_json::value::RawValue::from_string(value.normalize().to_string()) {
                Ok(raw) => serde::Serialize::serialize(&raw, serializer),
                Err(_) => Err(serde::ser::Error::custom(FormatError::new("decimal", "not representable as a JSON number"))),
            },
        }
    }
}

#[cfg(feature = "decimal")]
impl<'de> DeserializeAs<'de, rust_decimal::Decimal> for DecimalString {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<rust_decimal::Decimal, D::Error> {
        deserialize_decimal(deserializer)
    }
}

#[cfg(feature = "decimal")]
impl SerializeAs<rust_decimal::Decimal> for DecimalString {
    fn serialize_as<S: Serializer>(value: &rust_decimal::Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }
}

/// An optional, nullable field (`Option<Option<T>>`) whose value goes through adapter `A`:
/// absent reads as `None` (with `#[serde(default)]`), `null` as `Some(None)`; `Some(None)` is
/// written as `null` (skip `None` with `skip_serializing_if`).
pub struct DoubleOption<A>(PhantomData<A>);

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, Option<Option<T>>> for DoubleOption<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        serde_with::As::<Option<A>>::deserialize(deserializer).map(Some)
    }
}

impl<T, A: SerializeAs<T>> SerializeAs<Option<Option<T>>> for DoubleOption<A> {
    fn serialize_as<S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(v)) => A::serialize_as(v, serializer),
            _ => serializer.serialize_none(),
        }
    }
}

/// Parses a response header's text with a format's tolerant parser: `None` when it does not
/// parse (as for every typed response header).
pub fn header<T>(text: Option<String>, parse: fn(&str) -> Result<T, FormatError>) -> Option<T> {
    parse(&text?).ok()
}
