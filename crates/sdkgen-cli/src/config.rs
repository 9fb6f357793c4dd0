//! `sdkgen.toml` → [`sdkgen::Settings`].
//!
//! Every key of the file is a field of `Settings` (`crate_name`, `crate_version`, `client_name`,
//! `spec_path`, `generator_command`, `environment_names`, `include_tags`, `include_operations`,
//! `case_insensitive_enums`, `response_leniency = "lenient" | "strict"`, `default_features = "auto" |
//! "full" | "none"`); unknown keys are errors. Environments can be given either as `environment_names = [[url, name], ...]`
//! or as a table:
//!
//! ```toml
//! [environments]
//! "https://platform.ringcentral.com" = "Production"
//! "https://platform.devtest.ringcentral.com" = "Sandbox"
//! ```

use serde::Deserialize;
use sdkgen::{Diagnostic, Location, Settings};

/// Parses the config text. Errors are diagnostics positioned in the config file.
pub fn parse(text: &str) -> Result<(Settings, toml::Table), Diagnostic> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| toml_diag(text, &e))?;
    let mut envs = Vec::new();
    if let Some(v) = table.remove("environments") {
        let toml::Value::Table(t) = v else {
            return Err(at_key(text, "environments", "`environments` must be a table of `\"url\" = \"Name\"`"));
        };
        for (url, name) in t {
            let toml::Value::String(name) = name else {
                return Err(at_key(text, &url, "an environment name must be a string"));
            };
            envs.push((url, name));
        }
    }
    let keys = table.clone();
    let mut settings = Settings::deserialize(toml::Value::Table(table)).map_err(|e| {
        let mut d = Diagnostic::error("#", format!("invalid sdkgen.toml: {}", e.message())).with_help(HELP);
        d.location = locate_message(text, e.message());
        d
    })?;
    settings.environment_names.extend(envs);
    Ok((settings, keys))
}

const HELP: &str = "keys: crate_name, crate_version, client_name, spec_path, generator_command, \
environment_names = [[url, name]] (or an [environments] table), include_tags, include_operations, \
case_insensitive_enums, response_leniency (\"lenient\" or \"strict\"), default_features (\"auto\", \"full\" or \"none\")";

fn toml_diag(text: &str, e: &toml::de::Error) -> Diagnostic {
    let mut d = Diagnostic::error("#", format!("invalid sdkgen.toml: {}", e.message().trim())).with_help(HELP);
    d.location = e.span().map(|s| location_of(text, s.start));
    d
}

fn at_key(text: &str, key: &str, msg: &str) -> Diagnostic {
    let mut d = Diagnostic::error("#", msg).with_help(HELP);
    d.location = text.find(key).map(|i| location_of(text, i));
    d
}

/// The position of the first backquoted name of a serde message (`unknown field `x``) in the text.
fn locate_message(text: &str, msg: &str) -> Option<Location> {
    let start = msg.find('`')? + 1;
    let end = start + msg[start..].find('`')?;
    let name = &msg[start..end];
    text.find(name).map(|i| location_of(text, i))
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
        assert!(e.message.contains("loose"), "{}", e.message);
    }

    #[test]
    fn unknown_key() {
        let e = parse("crate_name = \"x\"\ncrate_nmae = \"y\"\n").unwrap_err();
        assert!(e.message.contains("crate_nmae"), "{}", e.message);
        assert_eq!(e.location, Some(Location { line: 2, col: 1 }));
    }
}
