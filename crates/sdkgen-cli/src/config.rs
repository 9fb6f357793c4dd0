//! `sdkgen.toml` → [`sdkgen::Settings`].
//!
//! Every key of the file is a field of `Settings` (`crate_name`, `crate_version`, `client_name`,
//! `spec_path`, `generator_command`, `environment_names`, `include_tags`, `include_operations`,
//! `case_insensitive_enums`, `response_leniency = "lenient" | "strict"`, `default_features = "auto" |
//! "full" | "none"`, and the crate metadata `description`, `license`, `repository`, `homepage`,
//! `documentation`, `keywords`, `categories`, `rust_version`, `authors`, `publish`), `non_exhaustive`
//! (true or false), a `[formats]` table (`date-time = "string"` keeps a format sdkgen types as
//! text, `"typed"` is the default), `[pagination.<operationId>]` tables of `style`, `param`,
//! `limit_param`, `next`, `items`, `has_more`, `first_page`, plus `allow_ref_root`
//! (the folder tree `$ref`s may read, relative to the config file; read by the command line).
//! Every problem is an error at its key or value (file:line:col): unknown keys, values of the
//! wrong type, a `crate_name` Cargo refuses, a `crate_version` that is not SemVer, a
//! `client_name` that takes a name of the crate root (`names::GENERATED`). Environments can be
//! given either as `environment_names = [[url, name], ...]`
//! or as a table:
//!
//! ```toml
//! [environments]
//! "https://platform.ringcentral.com" = "Production"
//! "https://platform.devtest.ringcentral.com" = "Sandbox"
//! ```

use serde::Deserialize;
use sdkgen::{Diagnostic, Location, Settings};

/// Parses and checks the config text. Every problem is a diagnostic positioned in the config
/// file (at the key or value it is about): unknown keys, values of the wrong type, a crate name
/// Cargo refuses, a version that is not SemVer, a client name sdkgen uses itself.
pub fn parse(text: &str) -> Result<(Settings, toml::Table), Vec<Diagnostic>> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| vec![toml_diag(text, &e)])?;
    // The position of each top-level value (the same document, so it parses the same).
    let spans: std::collections::BTreeMap<String, toml::Spanned<toml::Value>> = toml::from_str(text).map_err(|e| vec![toml_diag(text, &e)])?;
    let key_at = |key: &str| spans.get(key).map(|v| key_location(text, v.span().start));
    let value_at = |key: &str| spans.get(key).map(|v| location_of(text, v.span().start));
    let mut problems = Vec::new();
    let mut envs = Vec::new();
    if let Some(v) = table.remove("environments") {
        match v {
            toml::Value::Table(t) => {
                for (url, name) in t {
                    match name {
                        toml::Value::String(name) => envs.push((url, name)),
                        _ => problems.push(at(value_at("environments"), format!("the environment name of `{url}` must be a string"))),
                    }
                }
            }
            _ => problems.push(at(value_at("environments"), "`environments` must be a table of `\"url\" = \"Name\"`".into())),
        }
    }
    // Read by the command line (the files `$ref`s may read), not a library setting.
    let allow_ref_root = table.remove("allow_ref_root");
    if allow_ref_root.as_ref().is_some_and(|v| !v.is_str()) {
        problems.push(at(value_at("allow_ref_root"), "`allow_ref_root` must be a folder path (a string)".into()));
    }
    // Each key on its own, so each problem is reported at its key.
    let mut good = toml::Table::new();
    for (key, value) in &table {
        let one: toml::Table = std::iter::once((key.clone(), value.clone())).collect();
        match Settings::deserialize(toml::Value::Table(one)) {
            Ok(_) => {
                good.insert(key.clone(), value.clone());
            }
            Err(e) if e.message().starts_with(&format!("unknown field `{key}`")) => problems.push(at(key_at(key), format!("unknown key `{key}`"))),
            Err(e) => {
                // A table's bad entry is shown at the entry (`[formats]` `date = "chrono"`).
                let entry = value.as_table().and_then(|t| {
                    t.iter().find_map(|(k, v)| {
                        let one: toml::Table = std::iter::once((key.clone(), toml::Value::Table(std::iter::once((k.clone(), v.clone())).collect()))).collect();
                        Settings::deserialize(toml::Value::Table(one)).is_err().then(|| table_entry_at(text, key, k)).flatten()
                    })
                });
                problems.push(at(entry.or_else(|| value_at(key)), format!("`{key}`: {}", e.message())));
            }
        }
    }
    let mut keys = table.clone();
    if let Some(v) = allow_ref_root {
        keys.insert("allow_ref_root".into(), v);
    }
    let mut settings = Settings::deserialize(toml::Value::Table(good)).map_err(|e| vec![at(None, e.message().to_string())])?;
    settings.environment_names.extend(envs);
    if let Some(why) = invalid_crate_name(&settings.crate_name).filter(|_| keys.contains_key("crate_name")) {
        problems.push(at(value_at("crate_name"), format!("`crate_name = {:?}` {why}", settings.crate_name)));
    }
    if keys.contains_key("crate_version") && !is_semver(&settings.crate_version) {
        problems.push(at(value_at("crate_version"), format!("`crate_version = {:?}` is not a SemVer version such as `1.2.3`", settings.crate_version)));
    }
    if keys.contains_key("client_name") {
        let rust = sdkgen::names::pascal(&settings.client_name);
        let builder = format!("{rust}Builder");
        if let Some(taken) = sdkgen::names::reserved(sdkgen::names::Scope::CrateRoot).find(|n| *n == rust || *n == builder) {
            problems.push(at(value_at("client_name"), format!("`client_name = {:?}` gives `{rust}`, which takes the crate root's `{taken}`", settings.client_name)));
        }
    }
    // The position of each element of the metadata arrays, so a bad keyword is shown where it is.
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Elements {
        keywords: Option<Vec<toml::Spanned<toml::Value>>>,
        categories: Option<Vec<toml::Spanned<toml::Value>>>,
        authors: Option<Vec<toml::Spanned<toml::Value>>>,
    }
    let elements: Elements = toml::from_str(text).unwrap_or_default();
    let element_at = |key: &str, i: usize| {
        let list = match key {
            "keywords" => elements.keywords.as_ref(),
            "categories" => elements.categories.as_ref(),
            "authors" => elements.authors.as_ref(),
            _ => None,
        };
        list.and_then(|l| l.get(i)).map(|v| location_of(text, v.span().start))
    };
    for (key, element, why) in metadata_problems(&settings, &keys) {
        problems.push(at(element.and_then(|i| element_at(key, i)).or_else(|| value_at(key)), why));
    }
    for format in settings.formats.keys().filter(|f| !sdkgen::TYPED_FORMATS.iter().any(|(t, _)| t == f)) {
        let known: Vec<&str> = sdkgen::TYPED_FORMATS.iter().map(|(t, _)| *t).collect();
        let location = table_entry_at(text, "formats", format).or_else(|| value_at("formats"));
        problems.push(at(location, format!("`formats`: sdkgen does not type the format `{format}`; it types {}", known.join(", "))));
    }
    if problems.is_empty() { Ok((settings, keys)) } else { Err(problems) }
}

const HELP: &str = "keys: crate_name, crate_version, client_name, spec_path, generator_command, \
environment_names = [[url, name]] (or an [environments] table), include_tags, include_operations, \
case_insensitive_enums, response_leniency (\"lenient\" or \"strict\"), default_features (\"auto\", \"full\" or \"none\"), \
description, license, repository, homepage, documentation, keywords, categories, rust_version, authors, publish, non_exhaustive, allow_ref_root, \
[formats] (format = \"typed\" or \"string\"), \
[pagination.<operationId>] (style = \"cursor\" | \"offset\" | \"page\" | \"link\" | \"next_url\", param, limit_param, next, items, has_more, first_page)";

/// What Cargo or crates.io would refuse in the crate metadata keys present in the file: `(key,
/// index of the array element it is about, message)`.
fn metadata_problems(s: &Settings, keys: &toml::Table) -> Vec<(&'static str, Option<usize>, String)> {
    let mut out = Vec::new();
    let given = |k: &str| keys.contains_key(k);
    if given("description") && s.description.as_deref().is_some_and(|d| d.trim().is_empty()) {
        out.push(("description", None, "`description` is empty".to_string()));
    }
    if let Some(l) = s.license.as_deref().filter(|l| given("license") && !sdkgen::emit::templates::is_spdx_expression(l)) {
        out.push(("license", None, format!("`license = {l:?}` is not an SPDX license expression of listed ids such as `MIT OR Apache-2.0` (see https://spdx.org/licenses/)")));
    }
    for (key, value) in [("repository", &s.repository), ("homepage", &s.homepage), ("documentation", &s.documentation)] {
        if let Some(v) = value.as_deref().filter(|v| given(key) && !sdkgen::emit::templates::is_web_url(v)) {
            out.push((key, None, format!("`{key} = {v:?}` is not an absolute http(s) URL")));
        }
    }
    if given("keywords") {
        if s.keywords.len() > 5 {
            out.push(("keywords", Some(5), format!("`keywords` has {} entries; crates.io allows 5", s.keywords.len())));
        }
        for (i, k) in s.keywords.iter().enumerate() {
            let ok = k.len() <= 20 && k.starts_with(|c: char| c.is_ascii_alphabetic()) && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'));
            if !ok {
                out.push(("keywords", Some(i), format!("keyword {k:?} must start with a letter, hold only ASCII letters, digits, `-`, `_`, `+` and be at most 20 characters")));
            }
        }
    }
    if given("categories") {
        if s.categories.len() > 5 {
            out.push(("categories", Some(5), format!("`categories` has {} entries; crates.io allows 5", s.categories.len())));
        }
        for (i, c) in s.categories.iter().enumerate() {
            if !CRATES_IO_CATEGORIES.contains(&c.as_str()) {
                let near: Vec<&str> = CRATES_IO_CATEGORIES.iter().copied().filter(|k| near_category(c, k)).take(3).collect();
                let hint = if near.is_empty() { "such as `api-bindings` or `web-programming::http-client`".to_string() } else { format!("did you mean {}?", near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")) };
                out.push(("categories", Some(i), format!("category {c:?} is not a crates.io category slug ({hint}; https://crates.io/category_slugs)")));
            }
        }
    }
    if let Some(v) = s.rust_version.as_deref().filter(|_| given("rust_version")) {
        let parts: Vec<&str> = v.split('.').collect();
        if !(2..=3).contains(&parts.len()) || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            out.push(("rust_version", None, format!("`rust_version = {v:?}` is not a Rust version such as `1.85`")));
        }
    }
    if given("authors") {
        for (i, _) in s.authors.iter().enumerate().filter(|(_, a)| a.trim().is_empty()) {
            out.push(("authors", Some(i), "`authors` has an empty entry".to_string()));
        }
    }
    out
}

/// The category slugs crates.io accepts (`package.categories`; crates.io ignores others with a
/// warning), as listed at <https://crates.io/category_slugs>.
const CRATES_IO_CATEGORIES: &[&str] = &[
    "algorithms", "api-bindings", "asynchronous", "authentication", "caching", "command-line-interface",
    "command-line-utilities", "compression", "computer-vision", "concurrency", "config", "cryptography",
    "cryptography::cryptocurrencies", "data-structures", "database", "database-implementations", "date-and-time",
    "development-tools", "development-tools::build-utils", "development-tools::cargo-plugins",
    "development-tools::debugging", "development-tools::ffi", "development-tools::procedural-macro-helpers",
    "development-tools::profiling", "development-tools::testing", "email", "embedded", "emulators", "encoding",
    "external-ffi-bindings", "filesystem", "game-development", "game-engines", "games", "graphics", "gui",
    "hardware-support", "internationalization", "localization", "mathematics", "memory-management", "multimedia",
    "multimedia::audio", "multimedia::encoding", "multimedia::images", "multimedia::video", "network-programming",
    "no-std", "no-std::no-alloc", "os", "os::linux-apis", "os::macos-apis", "os::unix-apis", "os::windows-apis",
    "parser-implementations", "parsing", "rendering", "rendering::data-formats", "rendering::engine",
    "rendering::graphics-api", "rust-patterns", "science", "science::bioinformatics", "science::geo",
    "science::neuroscience", "science::robotics", "simulation", "template-engine", "text-editors", "text-processing",
    "value-formatting", "visualization", "wasm", "web-programming", "web-programming::http-client",
    "web-programming::http-server", "web-programming::websocket",
];

/// A slug `given` was probably meant as: the same once lower-cased with spaces and `_` as `-`,
/// or one containing the other's last part.
fn near_category(given: &str, slug: &str) -> bool {
    let g = given.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    let last = |s: &str| s.rsplit("::").next().unwrap_or(s).to_string();
    !g.is_empty() && (g == slug || last(&g) == last(slug) || (g.len() >= 4 && slug.contains(g.as_str())))
}

fn at(location: Option<Location>, message: String) -> Diagnostic {
    let mut d = Diagnostic::error("#", format!("invalid sdkgen.toml: {message}")).with_help(HELP);
    d.location = location;
    d
}

fn toml_diag(text: &str, e: &toml::de::Error) -> Diagnostic {
    at(e.span().map(|s| location_of(text, s.start)), e.message().trim().to_string())
}

/// Why Cargo would refuse `name` as a package name, if it would.
fn invalid_crate_name(name: &str) -> Option<&'static str> {
    let first = name.chars().next()?;
    if name.is_empty() {
        return Some("is empty");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Some("may only hold ASCII letters, digits, `-` and `_`");
    }
    if !first.is_ascii_alphabetic() {
        return Some("must start with a letter");
    }
    if name.len() > 64 {
        return Some("is longer than 64 characters (crates.io's limit)");
    }
    if sdkgen::names::is_keyword(&name.replace('-', "_")) || matches!(name, "std" | "core" | "alloc" | "test" | "proc_macro") {
        return Some("is a Rust keyword or a name of the standard library");
    }
    None
}

/// `MAJOR.MINOR.PATCH`, numbers without leading zeros, optional `-pre.release` and `+build`.
fn is_semver(v: &str) -> bool {
    let (v, build) = v.split_once('+').map_or((v, None), |(a, b)| (a, Some(b)));
    let (core, pre) = v.split_once('-').map_or((v, None), |(a, b)| (a, Some(b)));
    let ident_ok = |s: &str| !s.is_empty() && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')))
        && pre.is_none_or(ident_ok)
        && build.is_none_or(ident_ok)
}

/// Where `key = ...` is written under the `[table]` header (bare or quoted key); `None` when the
/// table is written some other way (inline).
fn table_entry_at(text: &str, table: &str, key: &str) -> Option<Location> {
    let header = format!("[{table}]");
    let mut offset = 0;
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.trim_end() == header;
        } else if inside {
            let rest = trimmed.strip_prefix(&format!("\"{key}\"")).or_else(|| trimmed.strip_prefix(key));
            if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
                return Some(location_of(text, offset + line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// The start of the line of a value's key (`key = value` or a `[table]` header).
fn key_location(text: &str, value_offset: usize) -> Location {
    let offset = value_offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..].len() - text[line_start..].trim_start().len();
    location_of(text, line_start + indent)
}

/// 1-based line and character column of a byte offset.
pub fn location_of(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location { line: before.matches('\n').count() + 1, col: before[line_start..].chars().count() + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_pairs() {
        let (s, _) = parse(
            "crate_name = \"x\"\nenvironment_names = [[\"https://a\", \"A\"]]\n[environments]\n\"https://b\" = \"B\"\n",
        )
        .unwrap();
        assert_eq!(s.crate_name, "x");
        assert_eq!(s.environment_names, vec![("https://a".into(), "A".into()), ("https://b".into(), "B".into())]);
    }

    #[test]
    fn default_features() {
        assert_eq!(parse("").unwrap().0.default_features, sdkgen::DefaultFeatures::Auto);
        let (s, _) = parse("default_features = \"none\"\n").unwrap();
        assert_eq!(s.default_features, sdkgen::DefaultFeatures::None);
        assert!(parse("default_features = \"some\"\n").is_err());
    }

    #[test]
    fn response_leniency() {
        assert_eq!(parse("").unwrap().0.response_leniency, sdkgen::ResponseLeniency::Lenient);
        let (s, _) = parse("response_leniency = \"strict\"\n").unwrap();
        assert_eq!(s.response_leniency, sdkgen::ResponseLeniency::Strict);
        let e = parse("response_leniency = \"loose\"\n").unwrap_err();
        assert!(e[0].message.contains("loose"), "{}", e[0].message);
    }

    #[test]
    fn unknown_key() {
        let e = parse("crate_name = \"x\"\ncrate_nmae = \"y\"\n").unwrap_err();
        assert!(e[0].message.contains("crate_nmae"), "{}", e[0].message);
        assert_eq!(e[0].location, Some(Location { line: 2, col: 1 }));
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let text = "# settings\ncrate_name = \"my crate\"\ncrate_version = \"1.02\"\nclient_name = \"environment\"\n\
                    include_tags = \"a\"\nresponse_leniency = 3\n  nope = 1\n[environments]\n\"https://a\" = 1\n";
        let e = parse(text).unwrap_err();
        let got: Vec<(usize, usize, &str)> = e.iter().map(|d| {
            let l = d.location.unwrap();
            (l.line, l.col, d.message.as_str())
        }).collect();
        let find = |what: &str| got.iter().find(|g| g.2.contains(what)).map(|g| (g.0, g.1)).unwrap_or_else(|| panic!("no {what} in {got:#?}"));
        assert_eq!(got.len(), 7, "{got:#?}");
        assert_eq!(find("the environment name of `https://a`"), (8, 1));
        assert_eq!(find("`include_tags`: invalid type"), (5, 16));
        assert_eq!(find("`response_leniency`: invalid type"), (6, 21));
        assert_eq!(find("unknown key `nope`"), (7, 3));
        assert_eq!(find("may only hold ASCII letters"), (2, 14));
        assert_eq!(find("is not a SemVer version"), (3, 17));
        assert_eq!(find("takes the crate root's `Environment`"), (4, 15));
    }

    #[test]
    fn crate_metadata() {
        let (s, _) = parse("description = \"An SDK\"\nlicense = \"MIT OR Apache-2.0\"\nrepository = \"https://github.com/o/r\"\nkeywords = [\"api\", \"sdk\"]\ncategories = [\"api-bindings\"]\nrust_version = \"1.85\"\nauthors = [\"A <a@b.c>\"]\npublish = false\n").unwrap();
        assert_eq!(s.description.as_deref(), Some("An SDK"));
        assert_eq!(s.license.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(s.keywords, ["api", "sdk"]);
        assert_eq!(s.rust_version.as_deref(), Some("1.85"));
        assert!(!s.publish && parse("").unwrap().0.publish);
        let text = "license = \"Apache 2\"\nhomepage = \"example.com\"\nkeywords = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\ncategories = [\"API Bindings\"]\n\
                    rust_version = \"latest\"\npublish = \"no\"\ndescription = \" \"\n";
        let e = parse(text).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|d| (d.location.unwrap().line, d.message.as_str())).collect();
        let find = |what: &str| got.iter().find(|g| g.1.contains(what)).map(|g| g.0).unwrap_or_else(|| panic!("no {what} in {got:#?}"));
        assert_eq!(find("not an SPDX license expression"), 1);
        assert_eq!(find("not an absolute http(s) URL"), 2);
        assert_eq!(find("crates.io allows 5"), 3);
        assert_eq!(find("not a crates.io category slug"), 4);
        assert_eq!(find("not a Rust version"), 5);
        assert_eq!(find("`publish`: invalid type"), 6);
        assert_eq!(find("`description` is empty"), 7);
        assert!(got.iter().any(|g| g.1.contains("did you mean `api-bindings`?")), "{got:#?}");
    }

    #[test]
    fn metadata_problems_point_at_the_array_element() {
        let text = "keywords = [\"api\",\n  \"no spaces\"]\ncategories = [\"api-bindings\", \"web-programming::http_client\"]\nauthors = [\"A\", \" \"]\nlicense = \"Proprietary\"\n";
        let e = parse(text).unwrap_err();
        let got: Vec<(usize, usize, &str)> = e.iter().map(|d| (d.location.unwrap().line, d.location.unwrap().col, d.message.as_str())).collect();
        let find = |what: &str| got.iter().find(|g| g.2.contains(what)).map(|g| (g.0, g.1)).unwrap_or_else(|| panic!("no {what} in {got:#?}"));
        assert_eq!(find("keyword \"no spaces\""), (2, 3));
        assert_eq!(find("did you mean `web-programming::http-client`?"), (3, 31));
        assert_eq!(find("`authors` has an empty entry"), (4, 17));
        assert_eq!(find("`license = \"Proprietary\"` is not an SPDX license expression"), (5, 11));
        assert_eq!(got.len(), 4, "{got:#?}");
        // Real slugs, sub-categories included, pass.
        assert!(parse("categories = [\"api-bindings\", \"web-programming::http-client\", \"asynchronous\"]\n").is_ok());
    }

    #[test]
    fn formats() {
        let (s, _) = parse("[formats]\ndate-time = \"string\"\nuuid = \"typed\"\n").unwrap();
        assert_eq!(s.format_type("date-time"), sdkgen::FormatType::String);
        assert_eq!(s.format_type("uuid"), sdkgen::FormatType::Typed);
        assert_eq!(s.format_type("date"), sdkgen::FormatType::Typed);
        // An unknown value, and a format sdkgen does not type, are errors at their entry.
        let e = parse("crate_name = \"x\"\n[formats]\nuuid = \"string\"\ndate = \"chrono\"\n").unwrap_err();
        assert!(e[0].message.contains("chrono") && e[0].message.contains("`formats`"), "{}", e[0].message);
        assert_eq!(e[0].location, Some(Location { line: 4, col: 1 }));
        let e = parse("[formats]\ndatetime = \"string\"\n  \"email\" = \"string\"\n").unwrap_err();
        let got: Vec<(usize, usize, &str)> = e.iter().map(|d| (d.location.unwrap().line, d.location.unwrap().col, d.message.as_str())).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].2.contains("does not type the format `datetime`") && got[0].2.contains("date-time"), "{got:?}");
        assert_eq!((got[0].0, got[0].1, got[1].0, got[1].1), (2, 1, 3, 3), "{got:?}");
        assert!(got[1].2.contains("`email`"), "{got:?}");
    }

    #[test]
    fn pagination_tables() {
        let (s, _) = parse("[pagination.listPets]\nstyle = \"cursor\"\nparam = \"cursor\"\nnext = \"$response.body#/next\"\n").unwrap();
        let p = &s.pagination["listPets"];
        assert_eq!((p.style.as_str(), p.param.as_deref(), p.next.as_deref()), ("cursor", Some("cursor"), Some("$response.body#/next")));
        let e = parse("crate_name = \"x\"\n[pagination.listPets]\nstyle = \"cursor\"\nparm = \"cursor\"\n").unwrap_err();
        assert!(e[0].message.contains("`pagination`: unknown field `parm`"), "{}", e[0].message);
        assert_eq!(e[0].location.map(|l| l.line), Some(2));
    }

    #[test]
    fn names_and_versions() {
        assert!(is_semver("1.2.3") && is_semver("0.1.0-alpha.1+build.5") && !is_semver("1.2") && !is_semver("01.2.3") && !is_semver("1.2.3-"));
        assert_eq!(invalid_crate_name("ring-central"), None);
        assert!(invalid_crate_name("1x").is_some() && invalid_crate_name("self").is_some() && invalid_crate_name("a b").is_some());
    }
}
