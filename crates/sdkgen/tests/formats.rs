//! The typed-format settings: a format set to `FormatType::String` stays `String` (a `number`
//! decimal `f64`) in every position, and a crate whose formats are all text depends on no format
//! crate and holds no `formats` runtime file. (Case `f01` compiles and tests the typed crate.)

use sdkgen::{FormatType, Settings, TYPED_FORMATS};

const SPEC: &str = include_str!("fixtures/cases/f01_typed_formats.yaml");

fn generate(settings: &Settings) -> Vec<(String, String)> {
    let out = sdkgen::generate("f01.yaml", SPEC.to_string(), settings).unwrap_or_else(|d| panic!("{d:?}"));
    out.files.into_iter().map(|f| (f.path, f.contents)).collect()
}

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn string_keeps_one_format_as_text() {
    let files = generate(&Settings::default().with_format("date-time", FormatType::String));
    let scalars = file(&files, "src/models/scalars.rs");
    assert!(scalars.contains("pub at: ::std::string::String,"), "{scalars}");
    assert!(scalars.contains("pub day: ::jiff::civil::Date,"), "{scalars}");
    let params = file(&files, "src/services/events.rs");
    assert!(params.contains("pub since: ::std::string::String,") && params.contains("pub id: ::uuid::Uuid,"), "{params}");
    // Still typed elsewhere: the dates part stays for `date`, `time`, `duration`.
    assert!(file(&files, "Cargo.toml").contains("\njiff = "));
}

#[test]
fn all_formats_as_text_need_no_format_crate() {
    let mut settings = Settings::default();
    for (format, _) in TYPED_FORMATS {
        settings = settings.with_format(*format, FormatType::String);
    }
    let files = generate(&settings);
    let scalars = file(&files, "src/models/scalars.rs");
    for field in ["at", "day", "alarm", "ttl", "id", "link", "site", "email", "v4", "v6", "data", "amount"] {
        assert!(scalars.contains(&format!("pub {field}: ::std::string::String,")), "{field}:\n{scalars}");
    }
    assert!(scalars.contains("pub price: f64,"), "{scalars}");
    // Integer formats are not settings: always the sized integers.
    assert!(scalars.contains("pub tiny: i8,") && scalars.contains("pub count: u32,"), "{scalars}");
    assert!(!scalars.contains("serde_with"), "{scalars}");
    let manifest = file(&files, "Cargo.toml");
    for dep in ["jiff", "uuid", "rust_decimal", "serde_with"] {
        assert!(!manifest.contains(&format!("\n{dep} = ")), "{dep} in\n{manifest}");
    }
    assert!(!files.iter().any(|(p, _)| p == "src/runtime/formats.rs"));
    assert!(!file(&files, "src/runtime/mod.rs").contains("formats"));
}

#[test]
fn typed_crates_depend_on_what_they_use() {
    let files = generate(&Settings::default());
    let manifest = file(&files, "Cargo.toml");
    for dep in ["jiff", "uuid", "rust_decimal", "serde_with"] {
        assert!(manifest.contains(&format!("\n{dep} = ")), "{dep} missing in\n{manifest}");
    }
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("pub use ::jiff;") && lib.contains("pub use ::uuid;") && lib.contains("pub use ::rust_decimal;"), "{lib}");
    // Only UUIDs: no date or decimal crate.
    let only_uuid = Settings::default().with_format("date-time", FormatType::String).with_format("date", FormatType::String).with_format("time", FormatType::String).with_format("duration", FormatType::String).with_format("decimal", FormatType::String);
    let manifest = file(&generate(&only_uuid), "Cargo.toml").to_string();
    assert!(manifest.contains("\nuuid = ") && manifest.contains("\nserde_with = "), "{manifest}");
    assert!(!manifest.contains("\njiff = ") && !manifest.contains("\nrust_decimal = "), "{manifest}");
}
