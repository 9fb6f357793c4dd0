//! Names of the components bundling adds.

use serde_json::Value;

use super::positions::{get, Kind, METHODS};

/// Words of a text: runs of ASCII letters and digits.
pub(super) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Words joined in PascalCase, at most 64 characters (the last words kept: they are the most
/// specific).
pub(super) fn pascal(words: &[String]) -> String {
    let mut parts: Vec<String> = words
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    while parts.len() > 1 && parts.iter().map(String::len).sum::<usize>() > 64 {
        parts.remove(0);
    }
    let mut s: String = parts.concat();
    s.truncate(64);
    s
}

/// The name of a target at `loc` of `v` (a file's whole content when `loc` is empty): its `title`
/// when short, else the meaningful segments of its pointer (an operation's id instead of its path
/// and method, a property's name, `Item` for array items, ...).
pub(super) fn name_for(v: &Value, loc: &[String], file_stem: Option<&str>, kind: Kind) -> String {
    if kind == Kind::Schema {
        if let Some(t) = get(v, loc).and_then(|t| t.get("title")).and_then(Value::as_str) {
            let w = words(t);
            if !w.is_empty() && w.len() <= 6 && t.len() <= 48 {
                return pascal(&w);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    if loc.is_empty() {
        out.extend(words(file_stem.unwrap_or("")));
    }
    let mut i = 0;
    while i < loc.len() {
        let seg = loc[i].as_str();
        let next = loc.get(i + 1);
        match seg {
            "paths" | "webhooks" if i == 0 => {
                let Some(path) = next else { break };
                let method = loc.get(i + 2).filter(|m| METHODS.contains(&m.as_str()));
                let op_id = method.and_then(|m| get(v, &loc[..i + 3]).and_then(|op| op.get("operationId")).and_then(Value::as_str).map(|s| (s, m)));
                match op_id {
                    Some((id, _)) => out.extend(words(id)),
                    None => {
                        out.extend(words(path));
                        if let Some(m) = method {
                            out.push(m.clone());
                        }
                    }
                }
                i += if method.is_some() { 3 } else { 2 };
                continue;
            }
            "components" if i == 0 => {
                if let Some(name) = loc.get(2) {
                    out.extend(words(name));
                }
                i += 3;
                continue;
            }
            "definitions" | "parameters" | "responses" if i == 0 => {
                out.extend(next.map(|n| words(n)).unwrap_or_default());
                i += 2;
                continue;
            }
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" | "headers" | "callbacks" | "links" | "examples" => {
                out.extend(next.map(|n| words(n)).unwrap_or_default());
                i += 2;
                continue;
            }
            "parameters" => {
                let name = get(v, &loc[..(i + 2).min(loc.len())]).and_then(|p| p.get("name")).and_then(Value::as_str);
                match name {
                    Some(n) => out.extend(words(n)),
                    None => out.push(format!("Parameter{}", next.map_or("", String::as_str))),
                }
                i += 2;
                continue;
            }
            "responses" => {
                out.push("Response".into());
                if let Some(code) = next.filter(|c| !c.starts_with('2')) {
                    out.extend(words(code));
                }
                i += 2;
                continue;
            }
            "content" => {
                i += 2;
                continue;
            }
            "requestBody" => out.push("Request".into()),
            "schema" => {}
            "items" => out.push("Item".into()),
            "additionalProperties" => out.push("Value".into()),
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {}
            s => out.extend(words(s)),
        }
        i += 1;
    }
    let name = pascal(&out);
    if name.is_empty() { kind.default_name().to_string() } else { name }
}
