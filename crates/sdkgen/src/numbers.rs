//! Numbers as real specs write them, before the document is deserialized: schema keywords whose
//! value is beyond what a 64-bit float or integer holds are made readable (never a rejected
//! document), each with a warning. What a bound means for the Rust type is decided in lowering
//! ([`integer_type`]). Must not: change example, default or enum data (they are kept as written).

use serde_json::{Number, Value};

use crate::diagnostics::{self, Diagnostic};

/// Schema keywords holding any number (`openapiv3` reads them as `f64`).
const NUMERIC: &[&str] = &["minimum", "maximum", "multipleOf", "exclusiveMinimum", "exclusiveMaximum"];

/// Schema keywords holding a count (`openapiv3` reads them as `usize`).
const COUNTS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// Keywords holding text that specs sometimes write as a bare number (`pattern: 0`).
const TEXT: &[&str] = &["pattern", "format", "title", "description", "summary"];

/// Keys whose values are data, not description: never rewritten.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Makes every numeric schema keyword of `doc` readable; returns one warning per change.
///
/// - A number written beyond `f64` (`1e400`, which the reader keeps as text) in `minimum`,
///   `maximum`, `multipleOf`, `exclusiveMinimum`, `exclusiveMaximum` becomes the largest finite
///   `f64` of its sign: "no practical bound".
/// - `pattern`, `format`, `title`, `description`, `summary` written as a bare number or boolean
///   (`pattern: 0`) become that text.
/// - A count (`maxLength`, `maxItems`...) written as a whole float (`10.0`) becomes that
///   integer; one beyond `u64` (`1e20`) is dropped (sdkgen only documents it).
pub fn normalize(doc: &mut Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Iterative: the document may be deep (its depth is capped by the reader).
    let mut stack: Vec<(String, &mut Value)> = vec![("#".to_string(), doc)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for key in NUMERIC {
                    let Some(Value::String(text)) = map.get(*key) else { continue };
                    let Some(parsed) = overflowing_number(text) else { continue };
                    let replacement = if parsed < 0.0 { f64::MIN } else { f64::MAX };
                    out.push(
                        Diagnostic::warning(
                            diagnostics::join(&pointer, key),
                            format!("`{key}: {text}` is beyond the range of a 64-bit float; sdkgen reads it as {replacement:e} (no practical bound)"),
                        )
                        .with_help("write a bound a 64-bit float can hold, or leave it out"),
                    );
                    if let Some(n) = Number::from_f64(replacement) {
                        map.insert((*key).to_string(), Value::Number(n));
                    }
                }
                for key in COUNTS {
                    let Some(v) = map.get(*key) else { continue };
                    // A whole float within `u64` (`10.0`) is that count; a non-negative number
                    // beyond it (`1e20`, or text beyond `f64`) has no count type. Anything else
                    // (negative, text) stays an error of the document.
                    let big = match v {
                        Value::Number(n) if n.is_u64() => continue,
                        Value::Number(n) => match n.as_f64() {
                            Some(f) if f >= 0.0 && f.fract() == 0.0 && f < TWO_64 => {
                                map.insert((*key).to_string(), Value::from(f as u64));
                                continue;
                            }
                            Some(f) => f >= TWO_64,
                            None => false,
                        },
                        Value::String(s) => overflowing_number(s).is_some_and(|f| f > 0.0),
                        _ => false,
                    };
                    if !big {
                        continue;
                    }
                    let shown = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    out.push(
                        Diagnostic::warning(
                            diagnostics::join(&pointer, key),
                            format!("`{key}: {shown}` is beyond the largest count sdkgen can hold (64 bits); it is ignored"),
                        )
                        .with_help("leave the bound out: no document can reach it"),
                    );
                    map.remove(*key);
                }
                // Data of a numeric schema beyond what sdkgen's numbers hold: kept as written (it
                // only reaches docs), with a warning.
                let numeric = matches!(map.get("type").and_then(Value::as_str), Some("integer" | "number"));
                for key in ["default", "example"].iter().filter(|_| numeric) {
                    let beyond = match map.get(*key) {
                        Some(Value::String(s)) => overflowing_number(s).is_some(),
                        Some(Value::Number(n)) => !n.is_i64() && !n.is_u64() && map.get("type").and_then(Value::as_str) == Some("integer") && n.as_f64().is_some_and(|f| f.abs() > TWO_64),
                        _ => false,
                    };
                    if beyond {
                        let shown = map.get(*key).map(|v| v.as_str().map_or_else(|| v.to_string(), String::from)).unwrap_or_default();
                        out.push(
                            Diagnostic::warning(diagnostics::join(&pointer, key), format!("`{key}: {shown}` is beyond the numbers sdkgen holds exactly (64 bits); the documentation shows it as read"))
                                .with_help("check the value; no 64-bit integer or float holds it"),
                        );
                    }
                }
                for key in TEXT {
                    let Some(v @ (Value::Number(_) | Value::Bool(_))) = map.get_mut(*key) else { continue };
                    let text = v.to_string();
                    out.push(
                        Diagnostic::warning(diagnostics::join(&pointer, key), format!("`{key}` is the {} `{text}`, not a string; sdkgen reads it as the string \"{text}\"", if v.is_number() { "number" } else { "boolean" }))
                            .with_help("quote the value"),
                    );
                    *v = Value::String(text);
                }
                for (k, v) in map.iter_mut() {
                    if DATA.contains(&k.as_str()) || k.starts_with("x-") {
                        continue;
                    }
                    if v.is_object() || v.is_array() {
                        stack.push((diagnostics::join(&pointer, k), v));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    if v.is_object() || v.is_array() {
                        stack.push((format!("{pointer}/{i}"), v));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out
}

/// The value of text that is a number too large for `f64` (`1e400`, 400 digits): ±infinity.
fn overflowing_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    let f: f64 = t.parse().ok()?;
    f.is_infinite().then_some(f)
}

/// 2^63: `i64::MAX + 1`, and how a float writes `i64::MAX` (`9223372036854775807` rounds to it).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;
/// 2^64: `u64::MAX + 1`, and how a float writes `u64::MAX` (`1.8446744073709552e19`).
const TWO_64: f64 = 18_446_744_073_709_551_616.0;
/// 2^127 and 2^128: the ends of `i128` and `u128`.
const TWO_127: f64 = 1.701_411_834_604_692_3e38;
const TWO_128: f64 = 3.402_823_669_209_385e38;

/// The Rust integer type an `integer` schema's bounds need. See [`integer_type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    /// Fits `i64` (the default).
    I64,
    /// Non-negative and beyond `i64`, within `u64`.
    U64,
    /// Beyond 64 bits, may be negative.
    I128,
    /// Beyond 64 bits, non-negative.
    U128,
}

/// The narrowest of `i64`, `u64`, `i128`, `u128` holding every integer within `[minimum,
/// maximum]`, and whether the bounds go beyond even that (a value there cannot be decoded).
///
/// A bound written as a float that is exactly 2^63 or 2^64 is read as `i64::MAX` or
/// `u64::MAX` (JSON serializers write those as `9223372036854775808` /
/// `1.8446744073709552e19`, or `9223372036854776000` / `18446744073709552000`), and -2^63
/// is `i64::MIN`.
pub fn integer_type(minimum: Option<f64>, maximum: Option<f64>) -> (IntegerWidth, bool) {
    let lo = minimum.unwrap_or(-TWO_63);
    let hi = maximum.unwrap_or(0.0);
    let non_negative = minimum.is_some_and(|m| m >= 0.0);
    if lo >= -TWO_63 && hi <= TWO_63 {
        return (IntegerWidth::I64, false);
    }
    if non_negative && hi <= TWO_64 {
        return (IntegerWidth::U64, false);
    }
    if non_negative {
        (IntegerWidth::U128, hi > TWO_128)
    } else {
        (IntegerWidth::I128, lo < -TWO_127 || hi > TWO_127)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn widths() {
        assert_eq!(integer_type(None, None), (IntegerWidth::I64, false));
        assert_eq!(integer_type(Some(-9.223_372_036_854_776e18), Some(9.223_372_036_854_776e18)), (IntegerWidth::I64, false));
        assert_eq!(integer_type(Some(0.0), Some(u64::MAX as f64)), (IntegerWidth::U64, false));
        assert_eq!(integer_type(Some(0.0), Some(1.844_674_407_370_955_2e19)), (IntegerWidth::U64, false));
        assert_eq!(integer_type(None, Some(1.844_674_407_370_955_2e19)), (IntegerWidth::I128, false));
        assert_eq!(integer_type(Some(0.0), Some(1e20)), (IntegerWidth::U128, false));
        assert_eq!(integer_type(Some(-1e20), None), (IntegerWidth::I128, false));
        assert_eq!(integer_type(Some(1.0), Some(f64::MAX)), (IntegerWidth::U128, true));
        assert_eq!(integer_type(Some(f64::MIN), Some(0.0)), (IntegerWidth::I128, true));
    }

    #[test]
    fn normalizes_bounds_and_counts_not_data() {
        let mut doc = json!({
            "components": {"schemas": {"A": {
                "type": "number", "maximum": "1e400", "minimum": "-1e400", "maxLength": 1e20, "minLength": 2.0, "maxItems": -1,
                "example": {"maximum": "1e400"}, "enum": ["1e400"],
                "properties": {"t": {"type": "string", "pattern": 0}},
            }}}
        });
        let d = normalize(&mut doc);
        assert_eq!(d.len(), 4, "{d:?}");
        assert_eq!(doc["components"]["schemas"]["A"]["properties"]["t"]["pattern"], "0");
        assert_eq!(d[0].pointer, "#/components/schemas/A/maxLength");
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["maximum"].as_f64(), Some(f64::MAX));
        assert_eq!(a["minimum"].as_f64(), Some(f64::MIN));
        assert!(a.get("maxLength").is_none());
        assert_eq!(a["minLength"], 2);
        assert_eq!(a["maxItems"], -1, "a negative count stays an error of the document");
        assert_eq!(a["example"]["maximum"], "1e400");
        assert_eq!(a["enum"][0], "1e400");
        let mut data = json!({"type": "integer", "default": "1e400", "example": 1e30, "enum": [1e30]});
        let d = normalize(&mut data);
        assert_eq!(d.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["#/default", "#/example"]);
        assert_eq!(data["default"], "1e400", "data is kept as written");
    }
}
