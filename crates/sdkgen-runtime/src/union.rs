//! Untagged unions (`oneOf`/`anyOf` without discriminator) decided by the JSON value's shape,
//! never by trial and luck. A generated union lists one [`Shape`] per variant, most specific
//! first; [`deserialize`] reads the value, keeps the variants whose JSON kind and required
//! properties fit (and, for arrays, whose item kinds fit), puts first those whose enum values,
//! property values and string format also fit, and decodes the first of them that decodes. A
//! value that fits no variant is an error naming the union and what each variant needed; an
//! object variant never sees an array (serde's sequence form of a struct) and vice versa.

use std::fmt::Write as _;

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// The kind of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Boolean,
    /// A number that is an `i64` or a `u64` (no fraction, no exponent).
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind of `value`.
    pub fn of(value: &Value) -> JsonKind {
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => JsonKind::Integer,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }

    /// `an object`, `a string`, ...
    pub fn article_name(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Boolean => "a boolean",
            JsonKind::Integer => "an integer",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// A known value of an enum or of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
}

impl Known {
    fn matches(self, value: &Value) -> bool {
        match (self, value) {
            (Known::Str(s), Value::String(v)) => s == v,
            (Known::Int(i), Value::Number(n)) => n.as_i64() == Some(i),
            _ => false,
        }
    }
}

/// What one variant of an untagged union takes.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Rust variant name, for error messages.
    pub variant: &'static str,
    /// JSON kinds it accepts (must fit).
    pub kinds: &'static [JsonKind],
    /// Properties an object must have (must fit).
    pub required: &'static [&'static str],
    /// Kinds every array item must have, empty for any (must fit).
    pub items: &'static [JsonKind],
    /// Properties whose value, when present, is one of the known values (preference).
    pub values: &'static [(&'static str, &'static [Known])],
    /// Known values of an enum variant (preference: enums stay open).
    pub enum_values: &'static [Known],
    /// String `format` (preference; `date-time`, `date`, `time`, `uuid`, `email`, `uri`, `ipv4`,
    /// `ipv6` are checked, others always fit).
    pub format: Option<&'static str>,
}

impl Shape {
    /// A variant taking `kinds`, with no other constraint.
    pub const fn new(variant: &'static str, kinds: &'static [JsonKind]) -> Shape {
        Shape { variant, kinds, required: &[], items: &[], values: &[], enum_values: &[], format: None }
    }

    /// Why `value` cannot be this variant, if it cannot.
    fn misfit(&self, value: &Value) -> Option<String> {
        let kind = JsonKind::of(value);
        let kind_fits = self.kinds.contains(&kind) || (kind == JsonKind::Integer && self.kinds.contains(&JsonKind::Number));
        if !kind_fits {
            let wanted: Vec<&str> = self.kinds.iter().map(|k| k.article_name()).collect();
            return Some(format!("needs {}", wanted.join(" or ")));
        }
        match value {
            Value::Object(map) => {
                let missing: Vec<&str> = self.required.iter().copied().filter(|r| !map.contains_key(*r)).collect();
                if !missing.is_empty() {
                    return Some(format!("lacks `{}`", missing.join("`, `")));
                }
            }
            Value::Array(items) if !self.items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    let k = JsonKind::of(item);
                    if !(self.items.contains(&k) || (k == JsonKind::Integer && self.items.contains(&JsonKind::Number))) {
                        return Some(format!("item {i} is {}", k.article_name()));
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// True when `value` also fits the variant's enum values, property values and format.
    fn preferred(&self, value: &Value) -> bool {
        if !self.enum_values.is_empty() && !self.enum_values.iter().any(|k| k.matches(value)) {
            return false;
        }
        if let Value::Object(map) = value {
            for (property, known) in self.values {
                if map.get(*property).is_some_and(|v| !known.iter().any(|k| k.matches(v))) {
                    return false;
                }
            }
        }
        match (self.format, value) {
            (Some(f), Value::String(s)) => format_fits(f, s),
            _ => true,
        }
    }
}

/// The variants `value` may be, in the order to try them: those fitting every check first, then
/// those fitting only kind, required properties and item kinds; each group in `shapes` order.
///
/// # Errors
/// Why each variant does not fit, when none does.
pub fn candidates(shapes: &[Shape], value: &Value) -> Result<Vec<usize>, String> {
    let mut preferred = Vec::new();
    let mut others = Vec::new();
    let mut reasons = String::new();
    for (i, shape) in shapes.iter().enumerate() {
        match shape.misfit(value) {
            None if shape.preferred(value) => preferred.push(i),
            None => others.push(i),
            Some(reason) => {
                let sep = if reasons.is_empty() { "" } else { "; " };
                let _ = write!(reasons, "{sep}`{}` {reason}", shape.variant);
            }
        }
    }
    if preferred.is_empty() && others.is_empty() {
        return Err(reasons);
    }
    preferred.append(&mut others);
    Ok(preferred)
}

/// Decodes `value` as the union `union`: the first of [`candidates`] for which `decode` (given
/// the variant's index in `shapes`) succeeds.
///
/// # Errors
/// A message naming the union, the JSON kind and what each variant needed (or why each fitting
/// variant did not decode).
pub fn decode_value<T>(union: &str, shapes: &[Shape], value: Value, decode: impl Fn(usize, Value) -> Result<T, serde_json::Error>) -> Result<T, String> {
    let kind = JsonKind::of(&value).article_name();
    let order = candidates(shapes, &value).map_err(|reasons| format!("no variant of `{union}` takes {kind} ({reasons})"))?;
    // The outermost union decoding of a value sets the retry budget of every union nested in it.
    let _outermost = RetryBudget::enter(|| nodes(&value));
    let mut failures = String::new();
    let last = order.len() - 1;
    let mut value = Some(value);
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            // A retry decodes the whole value again: charged by its size.
            if let Err(limit) = RetryBudget::charge(value.as_ref().map_or(1, nodes)) {
                let sep = if failures.is_empty() { "" } else { "; " };
                let _ = write!(
                    failures,
                    "{sep}the other variants not tried: nested untagged unions already retried {limit} JSON values' worth of variants (a value that fits several variants at every level of its nesting)"
                );
                break;
            }
        }
        let v = if n == last { value.take().unwrap_or(Value::Null) } else { value.clone().unwrap_or(Value::Null) };
        match decode(i, v) {
            Ok(t) => return Ok(t),
            Err(e) => {
                let sep = if failures.is_empty() { "" } else { "; " };
                // Nested unions' messages nest too: each is cut, so the message stays short.
                let e = e.to_string();
                let e = match e.char_indices().nth(MAX_REASON_CHARS) {
                    Some((end, _)) => format!("{}…", &e[..end]),
                    None => e,
                };
                let _ = write!(failures, "{sep}as `{}`: {e}", shapes[i].variant);
            }
        }
    }
    Err(format!("{kind} fits `{union}` by shape but decodes as none of its variants ({failures})"))
}

/// How many JSON values the retries of one outermost union decoding may decode again, per JSON
/// value in it (plus [`RETRY_FLOOR`]). A value that fits several variants of nested unions and
/// fails deep inside would otherwise be decoded again once per candidate at every level: work
/// doubling with each level of nesting (a 472-byte body took 32 s before this bound). With it the
/// work of a retry-heavy value is linear in its size; first attempts are never charged, so a
/// value whose variants decode at the first try never meets the bound.
pub const RETRY_FACTOR: u64 = 8;

/// The longest reason (characters) a union's error quotes from one variant's decode error.
const MAX_REASON_CHARS: usize = 400;

/// Retry work every outermost union decoding may do whatever its size (JSON values).
pub const RETRY_FLOOR: u64 = 65_536;

std::thread_local! {
    /// Retry work left for the union decoding running on this thread (`None`: none running).
    static RETRY_LEFT: std::cell::Cell<Option<(u64, u64)>> = const { std::cell::Cell::new(None) };
}

/// Runs `decode` (the decoding of a whole body of `bytes` bytes) with one retry budget for every
/// untagged union in it: `RETRY_FACTOR` × `bytes` + `RETRY_FLOOR` (a JSON value takes at least a
/// byte), so sibling unions (the items of an array) share it instead of each having its own
/// floor. Within another budget, that one is kept.
pub fn with_retry_budget<R>(bytes: usize, decode: impl FnOnce() -> R) -> R {
    let _budget = RetryBudget::enter(|| u64::try_from(bytes).unwrap_or(u64::MAX));
    decode()
}

/// The retry budget of the outermost union decoding on this thread; nested decodings share it.
/// Decoding is synchronous (serde), so the thread is the decoding.
struct RetryBudget {
    outermost: bool,
}

impl RetryBudget {
    /// Sets a budget of `RETRY_FACTOR` × `size()` + `RETRY_FLOOR` unless one is set already
    /// (then `size` is not computed); the budget set is cleared when the guard drops, a panic
    /// included.
    fn enter(size: impl FnOnce() -> u64) -> RetryBudget {
        RETRY_LEFT.with(|cell| {
            if cell.get().is_some() {
                return RetryBudget { outermost: false };
            }
            let limit = size().saturating_mul(RETRY_FACTOR).saturating_add(RETRY_FLOOR);
            cell.set(Some((limit, limit)));
            RetryBudget { outermost: true }
        })
    }

    /// Takes `cost` from the budget; `Err(limit)` when it is spent.
    fn charge(cost: u64) -> Result<(), u64> {
        RETRY_LEFT.with(|cell| match cell.get() {
            Some((left, limit)) if left >= cost => {
                cell.set(Some((left - cost, limit)));
                Ok(())
            }
            Some((_, limit)) => {
                cell.set(Some((0, limit)));
                Err(limit)
            }
            None => Ok(()),
        })
    }
}

impl Drop for RetryBudget {
    fn drop(&mut self) {
        if self.outermost {
            RETRY_LEFT.with(|cell| cell.set(None));
        }
    }
}

/// The number of JSON values in `value` (itself, its items and members, recursively).
fn nodes(value: &Value) -> u64 {
    let mut count = 0u64;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// `Deserialize` of an untagged union: reads a [`Value`] and hands it to [`decode_value`].
///
/// # Errors
/// The deserializer's error, or the union's (see [`decode_value`]).
pub fn deserialize<'de, D, T>(deserializer: D, union: &str, shapes: &[Shape], decode: impl Fn(usize, Value) -> Result<T, serde_json::Error>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    decode_value(union, shapes, value, decode).map_err(D::Error::custom)
}

/// `Deserialize` of a tagged union whose discriminator property is an `integer`: reads the
/// object, finds the tag (a JSON integer, or a string of digits from a lenient server) among
/// `tags` and hands the object, without the tag, to `decode` with the variant's index (`None`
/// for a tag the SDK does not know).
///
/// # Errors
/// When the value is not an object, has no tag, or its tag is not an integer; the variant's
/// decode error.
pub fn deserialize_int_tagged<'de, D, T>(
    deserializer: D,
    union: &str,
    property: &str,
    tags: &[i64],
    decode: impl Fn(Option<usize>, Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let Value::Object(mut map) = value else {
        return Err(D::Error::custom(format!("`{union}` needs an object, not {}", JsonKind::of(&value).article_name())));
    };
    let tag = match map.remove(property) {
        // `1.0` is the integer 1 too.
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(other) => {
            return Err(D::Error::custom(format!("`{union}`: the tag `{property}` is {}, not an integer", JsonKind::of(&other).article_name())));
        }
        None => return Err(D::Error::custom(format!("`{union}`: missing tag `{property}`"))),
    };
    let Some(tag) = tag else {
        return Err(D::Error::custom(format!("`{union}`: the tag `{property}` is not an integer")));
    };
    let variant = tags.iter().position(|t| *t == tag);
    decode(variant, Value::Object(map)).map_err(D::Error::custom)
}

/// True when `s` is in format `format` (RFC 3339 `date-time`, `date`, `time`; RFC 4122 `uuid`;
/// an address with one `@` for `email`; a scheme for `uri`; `ipv4`, `ipv6`); any other format
/// fits every string.
pub fn format_fits(format: &str, s: &str) -> bool {
    match format {
        "date-time" => {
            let b = s.as_bytes();
            b.len() > 11 && matches!(b[10], b'T' | b't' | b' ') && is_date(&b[..10]) && is_time(&b[11..])
        }
        "date" => is_date(s.as_bytes()),
        "time" => is_time(s.as_bytes()),
        "uuid" => {
            s.len() == 36
                && s.char_indices().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() })
        }
        "email" => match s.split_once('@') {
            Some((local, domain)) => !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !s.contains(char::is_whitespace),
            None => false,
        },
        "uri" => match s.split_once(':') {
            Some((scheme, _)) => {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                    && !s.contains(char::is_whitespace)
            }
            None => false,
        },
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => true,
    }
}

/// The number written by `b` when it is only ASCII digits (works on bytes: never splits a
/// character).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// `YYYY-MM-DD`.
fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(&b[..4]).is_some()
        && digits(&b[5..7]).is_some_and(|m| (1..=12).contains(&m))
        && digits(&b[8..10]).is_some_and(|d| (1..=31).contains(&d))
}

/// `HH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_time(b: &[u8]) -> bool {
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let hms = digits(&b[..2]).is_some_and(|h| h < 24) && digits(&b[3..5]).is_some_and(|m| m < 60) && digits(&b[6..8]).is_some_and(|x| x <= 60);
    if !hms {
        return false;
    }
    let mut rest = &b[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => digits(&[*h1, *h2]).is_some_and(|h| h < 24) && digits(&[*m1, *m2]).is_some_and(|m| m < 60),
        _ => false,
    }
}
