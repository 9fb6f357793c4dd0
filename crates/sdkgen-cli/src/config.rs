//! `sdkgen.toml` → [`sdkgen::Settings`].
//!
//! Every key of the file is a field of `Settings` (`crate_name`, `crate_version`, `client_name`,
//! `spec_path`, `generator_command`, `environment_names`, `include_tags`, `include_operations`,
//! `case_insensitive_enums`, `response_leniency = "lenient" | "strict"`, `default_features = "auto" |
//! "full" | "none"`), plus `allow_ref_root`
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
            Err(e) if e.message().starts_with("unknown field") => problems.push(at(key_at(key), format!("unknown key `{key}`"))),
            Err(e) => problems.push(at(value_at(key), format!("`{key}`: {}", e.message()))),
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
    if problems.is_empty() { Ok((settings, keys)) } else { Err(problems) }
}

const HELP: &str = "keys: crate_name, crate_version, client_name, spec_path, generator_command, \
environment_names = [[url, name]] (or an [environments] table), include_tags, include_operations, \
case_insensitive_enums, response_leniency (\"lenient\" or \"strict\"), default_features (\"auto\", \"full\" or \"none\"), allow_ref_root";

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
    fn names_and_versions() {
        assert!(is_semver("1.2.3") && is_semver("0.1.0-alpha.1+build.5") && !is_semver("1.2") && !is_semver("01.2.3") && !is_semver("1.2.3-"));
        assert_eq!(invalid_crate_name("ring-central"), None);
        assert!(invalid_crate_name("1x").is_some() && invalid_crate_name("self").is_some() && invalid_crate_name("a b").is_some());
    }
}
