//! Non-Rust files, rendered from the `minijinja` templates in `templates/`.

use minijinja::{Environment, context};

use crate::ir::Api;
use crate::settings::Settings;

const CARGO_TOML: &str = include_str!("../../../../templates/Cargo.toml.j2");

fn env() -> Environment<'static> {
    Environment::new()
}

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(api: &Api, settings: &Settings, dependencies: &str, features: &str) -> Result<String, String> {
    let env = env();
    env.render_str(
        CARGO_TOML,
        context! {
            header => super::header_text(settings),
            crate_name => toml_text(&settings.crate_name),
            crate_version => toml_text(&settings.crate_version),
            lib_name => toml_text(&settings.lib_name()),
            title => toml_text(&api.title),
            dependencies => dependencies,
            features => features,
        },
    )
    .map_err(|e| format!("Cargo.toml template: {e}"))
}

/// Text safe inside a TOML basic string: no quotes, backslashes, control or bidirectional
/// characters.
fn toml_text(s: &str) -> String {
    s.chars().filter(|c| !super::doc::is_hazard(*c)).map(|c| if c == '"' || c == '\\' { '\'' } else { c }).collect()
}
