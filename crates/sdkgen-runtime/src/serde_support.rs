//! Serde helpers used by generated models: nullable fields (required but may be `null`, or
//! optional and nullable, told apart from absent) and redaction of credentials in `Debug`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Printed by `Debug` in place of a credential.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A parameter described by `content: application/json` (OpenAPI 3.0 §4.7.12.1): written as
/// one string, the value's JSON text, which the parameter's location then encodes like any
/// string (`?filter=%7B%22a%22%3A1%7D`). Characters beyond ASCII are written as JSON escapes
/// (`\u00e9`), so the text is also a valid header value.
#[derive(Debug, Clone, Copy)]
pub struct JsonText<T>(pub T);

impl<T: Serialize> Serialize for JsonText<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = super::encoding::as_json(|| serde_json::to_string(&self.0)).map_err(serde::ser::Error::custom)?;
        if text.is_ascii() {
            return serializer.serialize_str(&text);
        }
        // Outside JSON strings the text is ASCII, so every other character is inside one,
        // where `\uXXXX` (a surrogate pair beyond the first plane) stands for it.
        let mut ascii = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            if c.is_ascii() {
                ascii.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    ascii.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        serializer.serialize_str(&ascii)
    }
}

/// For a required, nullable field (`Option<T>` without `default`): the key must be present,
/// `null` reads as `None`. Use with `#[serde(deserialize_with = "...")]`, which also makes a
/// missing key an error.
///
/// # Errors
/// The deserializer's error when the value is neither `null` nor a `T`.
pub fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// For an optional, nullable field (`Option<Option<T>>`): absent reads as `None`, `null` as
/// `Some(None)`; `Some(None)` is written as `null` (skip `None` with `skip_serializing_if`).
pub mod double_option {
    use super::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `Some(None)` as `null` and `Some(Some(v))` as `v`.
    ///
    /// # Errors
    /// The serializer's error.
    pub fn serialize<S, T>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        match value {
            Some(Some(v)) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Reads a present key: `null` as `Some(None)`, a value as `Some(Some(v))`.
    ///
    /// # Errors
    /// The deserializer's error when the value is neither `null` nor a `T`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::JsonText;

    #[test]
    fn json_text_is_ascii_and_reads_back_as_the_value() {
        let value = serde_json::json!({"name": "é 🦀", "n": 1});
        let text = serde_json::to_value(JsonText(&value)).unwrap();
        let text = text.as_str().unwrap();
        assert!(text.is_ascii(), "{text}");
        assert_eq!(text, r#"{"name":"\u00e9 \ud83e\udd80","n":1}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(text).unwrap(), value);
    }
}
