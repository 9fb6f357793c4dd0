//! Typed formats: a string, integer or number schema's `format` chooses its Rust type
//! ([`crate::settings::TYPED_FORMATS`], `int8`...`uint64`), unless the settings keep the format as
//! text ([`FormatType::String`]). Runs over the whole arena once, before the final pass (which
//! derives untagged unions' shapes from the primitives).

use crate::ir::{Primitive, TypeKind, TypeSpace};
use crate::settings::{FormatType, Settings};

/// Gives every primitive with a typed format its typed [`Primitive`].
pub fn apply(types: &mut TypeSpace, settings: &Settings) {
    for def in &mut types.defs {
        if let TypeKind::Primitive { primitive, format: Some(format) } = &mut def.kind {
            if let Some(typed) = typed(*primitive, format, settings) {
                *primitive = typed;
            }
        }
    }
}

/// The typed primitive of `primitive` with `format`, if any.
fn typed(primitive: Primitive, format: &str, settings: &Settings) -> Option<Primitive> {
    // Integer formats narrow an `i64` (one whose bounds asked for a wider type keeps it).
    if primitive == Primitive::I64 {
        return match format {
            "int8" => Some(Primitive::I8),
            "int16" => Some(Primitive::I16),
            "uint8" => Some(Primitive::U8),
            "uint16" => Some(Primitive::U16),
            "uint32" => Some(Primitive::U32),
            "uint64" => Some(Primitive::U64),
            _ => None,
        };
    }
    if settings.format_type(format) == FormatType::String {
        return None;
    }
    match (primitive, format) {
        (Primitive::String, "date-time") => Some(Primitive::DateTime),
        (Primitive::String, "date") => Some(Primitive::Date),
        (Primitive::String, "time") => Some(Primitive::Time),
        (Primitive::String, "duration") => Some(Primitive::Duration),
        (Primitive::String, "uuid") => Some(Primitive::Uuid),
        (Primitive::String, "uri" | "url") => Some(Primitive::Url),
        (Primitive::String, "ipv4") => Some(Primitive::Ipv4),
        (Primitive::String, "ipv6") => Some(Primitive::Ipv6),
        (Primitive::Base64, "byte") => Some(Primitive::Bytes),
        (Primitive::String, "decimal") => Some(Primitive::DecimalString),
        (Primitive::F64 | Primitive::F32, "decimal") => Some(Primitive::Decimal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_formats_as_text() {
        let typed_all = Settings::default();
        assert_eq!(typed(Primitive::String, "date-time", &typed_all), Some(Primitive::DateTime));
        assert_eq!(typed(Primitive::F64, "decimal", &typed_all), Some(Primitive::Decimal));
        assert_eq!(typed(Primitive::String, "email", &typed_all), None);
        assert_eq!(typed(Primitive::I64, "uint32", &typed_all), Some(Primitive::U32));
        // Bounds beyond i64 win over the format.
        assert_eq!(typed(Primitive::U128, "uint64", &typed_all), None);
        let text = Settings::default().with_format("date-time", FormatType::String).with_format("decimal", FormatType::String);
        assert_eq!(typed(Primitive::String, "date-time", &text), None);
        assert_eq!(typed(Primitive::F64, "decimal", &text), None);
        assert_eq!(typed(Primitive::String, "uuid", &text), Some(Primitive::Uuid));
    }
}
