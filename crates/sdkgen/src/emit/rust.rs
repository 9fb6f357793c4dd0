//! Shared pieces of Rust emission: identifiers, type expressions, doc attributes, formatting.
//! Generated code names std and serde items by absolute path, so a schema called `Result`,
//! `Option`, `Box`, `String`, `Vec` or `Error` cannot shadow them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::*;
use crate::names;

/// An identifier, raw or suffixed when it is a keyword.
pub fn ident(name: &str) -> Ident {
    let s = names::ident_str(name);
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&s, Span::call_site()),
    }
}

/// `#[doc = "..."]` lines for optional spec text (through [`doc::text`](super::doc::text)) plus
/// extra lines of our own (whose spec parts went through [`doc::code`](super::doc::code)).
pub fn docs(text: Option<&str>, extra: &[String]) -> TokenStream {
    let lines = doc_lines(text, extra);
    quote! { #( #[doc = #lines] )* }
}

/// The lines of [`docs`], each with its leading space.
pub fn doc_lines(text: Option<&str>, extra: &[String]) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = text {
        let t = super::doc::text(t);
        if !t.trim().is_empty() {
            parts.push(t);
        }
    }
    for e in extra {
        parts.push(e.clone());
    }
    if parts.is_empty() {
        return Vec::new();
    }
    let joined = parts.join("\n\n");
    joined.lines().map(|l| format!(" {l}")).collect()
}

/// Doc lines of a model that stands for more than its own schema: the identical inline schemas
/// it is also used for, and the component schemas merged into it that have no type of their own
/// (`lower/findable.rs`).
pub fn shared_docs(def: &TypeDef) -> Vec<String> {
    const SHOWN: usize = 8;
    let list = |items: &[String]| {
        let mut text = items.iter().take(SHOWN).map(|p| super::doc::code(p)).collect::<Vec<_>>().join(", ");
        if items.len() > SHOWN {
            text.push_str(&format!(" and {} more", items.len() - SHOWN));
        }
        text
    };
    let mut out = Vec::new();
    if !def.also_at.is_empty() {
        out.push(format!("Also the type of the identical schemas at {}.", list(&def.also_at)));
    }
    if !def.built_from.is_empty() {
        out.push(format!("Includes the properties of {} (schemas merged into this type that have no Rust type of their own).", list(&def.built_from)));
    }
    out
}

/// The Rust type of `id`, from anywhere in the generated crate.
pub fn type_ref(types: &TypeSpace, id: TypeId) -> TokenStream {
    type_ref_depth(types, id, 0)
}

fn type_ref_depth(types: &TypeSpace, id: TypeId, depth: usize) -> TokenStream {
    if depth > 64 {
        return quote!(::serde_json::Value);
    }
    let def = types.get(id);
    if let Some(name) = &def.rust_name {
        let n = ident(name);
        return quote!(crate::models::#n);
    }
    match &def.kind {
        TypeKind::Primitive { primitive, .. } => primitive_ref(*primitive),
        TypeKind::Array { items } => {
            let t = type_ref_depth(types, *items, depth + 1);
            quote!(::std::vec::Vec<#t>)
        }
        TypeKind::Map { values } => {
            let t = type_ref_depth(types, *values, depth + 1);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        TypeKind::Tuple { items } => {
            let ts = items.iter().map(|t| type_ref_depth(types, *t, depth + 1));
            quote!((#(#ts,)*))
        }
        TypeKind::Alias(t) => type_ref_depth(types, *t, depth + 1),
        _ => quote!(::serde_json::Value),
    }
}

/// The Rust type of `id` with every type alias (`pub type X = ...`: named aliases, arrays, maps,
/// primitives) expanded: two ids with equal expansions are the same Rust type, so e.g. a union
/// cannot have a `From` impl for each.
pub fn expanded_type(types: &TypeSpace, id: TypeId) -> String {
    fn go(types: &TypeSpace, id: TypeId, depth: usize) -> String {
        if depth > 64 {
            return "::serde_json::Value".into();
        }
        let def = types.get(id);
        match &def.kind {
            TypeKind::Primitive { primitive, .. } => primitive_ref(*primitive).to_string(),
            TypeKind::Array { items } => format!("Vec<{}>", go(types, *items, depth + 1)),
            TypeKind::Map { values } => format!("BTreeMap<{}>", go(types, *values, depth + 1)),
            TypeKind::Tuple { items } => format!("({},)", items.iter().map(|t| go(types, *t, depth + 1)).collect::<Vec<_>>().join(", ")),
            TypeKind::Alias(t) => go(types, *t, depth + 1),
            TypeKind::Pending => "::serde_json::Value".into(),
            _ => type_ref_depth(types, id, depth).to_string(),
        }
    }
    go(types, id, 0)
}

/// Rust type of a primitive.
pub fn primitive_ref(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Binary | Primitive::Base64 => quote!(::std::string::String),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U64 => quote!(u64),
        Primitive::I128 => quote!(i128),
        Primitive::U128 => quote!(u128),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Bool => quote!(bool),
        Primitive::Any => quote!(::serde_json::Value),
    }
}

/// True when the type is a plain string (parameters take `impl Into<String>`).
pub fn is_string(types: &TypeSpace, id: TypeId) -> bool {
    let r = types.resolve(id);
    let def = types.get(r);
    def.rust_name.is_none() && matches!(def.kind, TypeKind::Primitive { primitive: Primitive::String | Primitive::Base64 | Primitive::Binary, .. })
}

/// A short human description of a type for docs (`string (uri)`, `array of TokenInfo`).
pub fn describe(types: &TypeSpace, id: TypeId) -> String {
    describe_depth(types, id, 0)
}

/// Like [`describe`], but a named type is described by what it is made of, not by its name.
pub fn describe_shape(types: &TypeSpace, id: TypeId) -> String {
    describe_kind(types, &types.get(id).kind, 0)
}

fn describe_depth(types: &TypeSpace, id: TypeId, depth: usize) -> String {
    if depth > 64 {
        return "any JSON value".into();
    }
    let def = types.get(id);
    if let Some(n) = &def.rust_name {
        return n.clone();
    }
    describe_kind(types, &def.kind, depth)
}

fn describe_kind(types: &TypeSpace, kind: &TypeKind, depth: usize) -> String {
    match kind {
        TypeKind::Primitive { primitive, format } => {
            let base = match primitive {
                Primitive::String => "string",
                Primitive::Binary => "binary string",
                Primitive::Base64 => "base64 string",
                Primitive::I32 => "i32",
                Primitive::I64 => "i64",
                Primitive::U64 => "u64",
                Primitive::I128 => "i128",
                Primitive::U128 => "u128",
                Primitive::F32 => "f32",
                Primitive::F64 => "f64",
                Primitive::Bool => "bool",
                Primitive::Any => "any JSON value",
            };
            match format {
                Some(f) if !matches!(f.as_str(), "int32" | "int64" | "float" | "double") => format!("{base} ({f})"),
                _ => base.to_string(),
            }
        }
        TypeKind::Array { items } => format!("array of {}", describe_depth(types, *items, depth + 1)),
        TypeKind::Map { values } => format!("map of string to {}", describe_depth(types, *values, depth + 1)),
        TypeKind::Tuple { items } => format!("tuple of ({})", items.iter().map(|t| describe_depth(types, *t, depth + 1)).collect::<Vec<_>>().join(", ")),
        TypeKind::Alias(t) => describe_depth(types, *t, depth + 1),
        _ => "any JSON value".into(),
    }
}

/// Formats a token stream as a file, with the do-not-edit header.
pub fn file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    let mut out = String::with_capacity(4096);
    out.push_str(header);
    out.push_str(&prettyplease::unparse(&parsed));
    Ok(out)
}

/// True when the named array, map or alias `id` contains itself through arrays, maps and aliases
/// only (`K: {type: array, items: {$ref: K}}`): a `type K = Vec<K>` alias would be infinite, so
/// it is emitted as a newtype struct (`pub struct K(pub Vec<K>)`, `#[serde(transparent)]`).
pub fn is_recursive_alias(types: &TypeSpace, id: TypeId) -> bool {
    let step = |t: TypeId| -> Option<TypeId> {
        match &types.get(t).kind {
            TypeKind::Alias(x) => Some(*x),
            TypeKind::Array { items } => Some(*items),
            TypeKind::Map { values } => Some(*values),
            _ => None,
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<TypeId> = step(id).into_iter().collect();
    while let Some(t) = stack.pop() {
        if t == id {
            return true;
        }
        if seen.insert(t) {
            stack.extend(step(t));
        }
    }
    false
}
