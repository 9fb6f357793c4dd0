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

/// The Rust type of an element (array item, map value, tuple member) of type `id`: its
/// [`type_ref`], in an `Option` when the element may be `null`
/// ([`TypeSpace::is_nullable_element`]).
pub fn element_ref(types: &TypeSpace, id: TypeId) -> TokenStream {
    element_ref_depth(types, id, 0)
}

fn element_ref_depth(types: &TypeSpace, id: TypeId, depth: usize) -> TokenStream {
    let t = type_ref_depth(types, id, depth);
    if types.is_nullable_element(id) {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// The `serde_with` adapter of an element of type `id` ([`adapter`], in an `Option` when the
/// element may be `null`).
pub fn element_adapter(types: &TypeSpace, id: TypeId) -> Option<TokenStream> {
    element_adapter_depth(types, id, 0, Written::Json)
}

fn element_adapter_depth(types: &TypeSpace, id: TypeId, depth: usize, written: Written) -> Option<TokenStream> {
    let a = adapter_depth(types, id, depth, written)?;
    Some(if types.is_nullable_element(id) { quote!(::std::option::Option<#a>) } else { a })
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
            let t = element_ref_depth(types, *items, depth + 1);
            quote!(::std::vec::Vec<#t>)
        }
        TypeKind::Map { values } => {
            let t = element_ref_depth(types, *values, depth + 1);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        TypeKind::Tuple { items } => {
            let ts = items.iter().map(|t| element_ref_depth(types, *t, depth + 1));
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
    fn element(types: &TypeSpace, id: TypeId, depth: usize) -> String {
        let t = go(types, id, depth);
        if types.is_nullable_element(id) {
            format!("Option<{t}>")
        } else {
            t
        }
    }
    fn go(types: &TypeSpace, id: TypeId, depth: usize) -> String {
        if depth > 64 {
            return "::serde_json::Value".into();
        }
        let def = types.get(id);
        match &def.kind {
            TypeKind::Primitive { primitive, .. } => primitive_ref(*primitive).to_string(),
            TypeKind::Array { items } => format!("Vec<{}>", element(types, *items, depth + 1)),
            TypeKind::Map { values } => format!("BTreeMap<{}>", element(types, *values, depth + 1)),
            TypeKind::Tuple { items } => format!("({},)", items.iter().map(|t| element(types, *t, depth + 1)).collect::<Vec<_>>().join(", ")),
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
        Primitive::I8 => quote!(i8),
        Primitive::I16 => quote!(i16),
        Primitive::U8 => quote!(u8),
        Primitive::U16 => quote!(u16),
        Primitive::U32 => quote!(u32),
        Primitive::DateTime => quote!(::jiff::Timestamp),
        Primitive::Date => quote!(::jiff::civil::Date),
        Primitive::Time => quote!(::jiff::civil::Time),
        Primitive::Duration => quote!(::jiff::SignedDuration),
        Primitive::Uuid => quote!(::uuid::Uuid),
        Primitive::Url => quote!(::url::Url),
        Primitive::Ipv4 => quote!(::std::net::Ipv4Addr),
        Primitive::Ipv6 => quote!(::std::net::Ipv6Addr),
        Primitive::Bytes => quote!(::std::vec::Vec<u8>),
        Primitive::Decimal | Primitive::DecimalString => quote!(::rust_decimal::Decimal),
    }
}

/// The runtime's `serde_with` adapter of a primitive whose Rust type does not read and write
/// its format by itself (`crate::runtime::formats::DateTime` for `jiff::Timestamp`...).
fn primitive_adapter(p: Primitive, written: Written) -> Option<TokenStream> {
    let name = match p {
        Primitive::DateTime => quote!(DateTime),
        Primitive::Date => quote!(Date),
        Primitive::Time => quote!(Time),
        Primitive::Duration => quote!(Duration),
        Primitive::Uuid => quote!(Uuid),
        Primitive::Url => quote!(Url),
        Primitive::Bytes => quote!(Base64),
        // A parameter's decimal is text anyway: its own digits, never through an `f64`.
        Primitive::Decimal if written == Written::Text => quote!(DecimalString),
        Primitive::Decimal => quote!(Decimal),
        Primitive::DecimalString => quote!(DecimalString),
        _ => return None,
    };
    Some(quote!(crate::runtime::formats::#name))
}

/// The `serde_with` adapter (`serde_with::As::<A>`) that reads and writes a value of type `id`
/// when a typed format is inside it: the type's own shape with each formatted primitive
/// replaced by its runtime adapter and every other part by `serde_with::Same` (`Vec<DateTime>`,
/// `BTreeMap<Same, Uuid>`). `None` when the type's own serde impls do (no typed format, or a
/// named struct, enum or union, which carries its own attributes).
pub fn adapter(types: &TypeSpace, id: TypeId) -> Option<TokenStream> {
    adapter_depth(types, id, 0, Written::Json)
}

/// Where a value with typed formats is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    /// In a JSON body.
    Json,
    /// As text (a path, query, header or cookie parameter).
    Text,
}

/// The adapter of a parameter's value ([`adapter`], but a `type: number` decimal is written with
/// its own digits: the parameter encoding reads JSON numbers through an `f64`).
pub fn param_adapter(types: &TypeSpace, id: TypeId) -> Option<TokenStream> {
    adapter_depth(types, id, 0, Written::Text)
}

fn adapter_depth(types: &TypeSpace, id: TypeId, depth: usize, written: Written) -> Option<TokenStream> {
    if depth > 64 || (types.get(id).rust_name.is_some() && is_recursive_alias(types, id)) {
        return None;
    }
    match &types.get(id).kind {
        TypeKind::Primitive { primitive, .. } => primitive_adapter(*primitive, written),
        TypeKind::Array { items } => element_adapter_depth(types, *items, depth + 1, written).map(|a| quote!(::std::vec::Vec<#a>)),
        TypeKind::Map { values } => element_adapter_depth(types, *values, depth + 1, written).map(|a| quote!(::std::collections::BTreeMap<::serde_with::Same, #a>)),
        TypeKind::Tuple { items } => {
            let each: Vec<Option<TokenStream>> = items.iter().map(|t| element_adapter_depth(types, *t, depth + 1, written)).collect();
            if each.iter().all(Option::is_none) {
                return None;
            }
            let each = each.into_iter().map(|a| a.unwrap_or_else(|| quote!(::serde_with::Same)));
            Some(quote!((#(#each,)*)))
        }
        TypeKind::Alias(t) => adapter_depth(types, *t, depth + 1, written),
        _ => None,
    }
}

/// `adapter` as the text of a `#[serde(with = "...")]` path: `::serde_with::As::<...>`.
pub fn with_path(adapter: &TokenStream) -> String {
    format!("::serde_with::As::<{adapter}>").replace(' ', "")
}

/// The primitives of the arena (the runtime parts a crate needs follow from them).
pub fn primitives_used(types: &TypeSpace) -> impl Iterator<Item = Primitive> + '_ {
    types.defs.iter().filter_map(|d| match &d.kind {
        TypeKind::Primitive { primitive, .. } => Some(*primitive),
        _ => None,
    })
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

fn describe_element(types: &TypeSpace, id: TypeId, depth: usize) -> String {
    let d = describe_depth(types, id, depth);
    if types.is_nullable_element(id) {
        format!("{d} or null")
    } else {
        d
    }
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
                Primitive::I8 => "i8",
                Primitive::I16 => "i16",
                Primitive::U8 => "u8",
                Primitive::U16 => "u16",
                Primitive::U32 => "u32",
                Primitive::DateTime => "timestamp",
                Primitive::Date => "date",
                Primitive::Time => "time of day",
                Primitive::Duration => "duration",
                Primitive::Uuid => "UUID",
                Primitive::Url => "URL",
                Primitive::Ipv4 => "IPv4 address",
                Primitive::Ipv6 => "IPv6 address",
                Primitive::Bytes => "bytes",
                Primitive::Decimal | Primitive::DecimalString => "decimal",
            };
            match format {
                Some(f) if !matches!(f.as_str(), "int32" | "int64" | "float" | "double") => format!("{base} ({f})"),
                _ => base.to_string(),
            }
        }
        TypeKind::Array { items } => format!("array of {}", describe_element(types, *items, depth + 1)),
        TypeKind::Map { values } => format!("map of string to {}", describe_element(types, *values, depth + 1)),
        TypeKind::Tuple { items } => format!("tuple of ({})", items.iter().map(|t| describe_element(types, *t, depth + 1)).collect::<Vec<_>>().join(", ")),
        TypeKind::Alias(t) => describe_depth(types, *t, depth + 1),
        _ => "any JSON value".into(),
    }
}

/// Formats a token stream as a file, with the do-not-edit header. Items are printed by
/// prettyplease, except the runtime's `setters!` lists, which prettyplease would print as a
/// stream of tokens: those are printed by [`setters_text`], one setter per line with its docs.
pub fn file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    let mut out = String::with_capacity(4096);
    out.push_str(header);
    let mut chunk = syn::File { shebang: None, attrs: parsed.attrs, items: Vec::new() };
    for item in parsed.items {
        match setters_text(&item) {
            Some(text) => {
                if !chunk.attrs.is_empty() || !chunk.items.is_empty() {
                    out.push_str(&prettyplease::unparse(&chunk));
                    chunk = syn::File { shebang: None, attrs: Vec::new(), items: Vec::new() };
                }
                out.push_str(&text);
            }
            None => chunk.items.push(item),
        }
    }
    if !chunk.attrs.is_empty() || !chunk.items.is_empty() {
        out.push_str(&prettyplease::unparse(&chunk));
    }
    Ok(out)
}

/// One setter of a `setters!` list: `#[attrs] fn with_x(x: T);`.
struct SetterLine {
    attrs: Vec<syn::Attribute>,
    setter: Ident,
    field: Ident,
    ty: syn::Type,
}

/// A `crate::runtime::setters! { #[attrs] impl Name { setter lines } }` invocation.
struct SetterList {
    attrs: Vec<syn::Attribute>,
    name: Ident,
    lines: Vec<SetterLine>,
}

impl syn::parse::Parse for SetterList {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        input.parse::<syn::Token![impl]>()?;
        let name: Ident = input.parse()?;
        let body;
        syn::braced!(body in input);
        let mut lines = Vec::new();
        while !body.is_empty() {
            let attrs = body.call(syn::Attribute::parse_outer)?;
            body.parse::<syn::Token![fn]>()?;
            let setter: Ident = body.parse()?;
            let args;
            syn::parenthesized!(args in body);
            let field: Ident = args.call(syn::ext::IdentExt::parse_any)?;
            args.parse::<syn::Token![:]>()?;
            let ty: syn::Type = args.parse()?;
            body.parse::<syn::Token![;]>()?;
            lines.push(SetterLine { attrs, setter, field, ty });
        }
        Ok(SetterList { attrs, name, lines })
    }
}

/// The text of a `crate::runtime::setters!` item, or `None` for any other item.
fn setters_text(item: &syn::Item) -> Option<String> {
    let syn::Item::Macro(m) = item else { return None };
    let path: Vec<String> = m.mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    if path != ["crate", "runtime", "setters"] || !m.attrs.is_empty() {
        return None;
    }
    let list: SetterList = syn::parse2(m.mac.tokens.clone()).ok()?;
    let mut out = String::from("crate::runtime::setters! {\n");
    for a in &list.attrs {
        out.push_str(&format!("    {}\n", attribute_text(a)));
    }
    out.push_str(&format!("    impl {} {{\n", list.name));
    for line in &list.lines {
        for a in &line.attrs {
            out.push_str(&format!("        {}\n", attribute_text(a)));
        }
        let ty = &line.ty;
        out.push_str(&format!("        fn {}({}: {});\n", line.setter, line.field, tokens_text(quote!(#ty))));
    }
    out.push_str("    }\n}\n");
    Some(out)
}

/// An attribute as written by hand: a one-line doc attribute as a `///` comment, any other
/// attribute as `#[...]`.
fn attribute_text(a: &syn::Attribute) -> String {
    if let syn::Meta::NameValue(nv) = &a.meta {
        if nv.path.is_ident("doc") {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                let text = s.value();
                // `////` would be a plain comment; a line break would end the comment.
                if !text.starts_with('/') && !text.contains(['\n', '\r']) {
                    return format!("///{text}");
                }
            }
        }
    }
    let meta = &a.meta;
    format!("#[{}]", tokens_text(quote!(#meta)))
}

/// Tokens of a type or an attribute's meta as a person writes them: no spaces around `::`,
/// `<`, `>` and brackets, a space after `,` and around `=`, and between words.
fn tokens_text(tokens: TokenStream) -> String {
    use proc_macro2::{Delimiter, TokenTree};
    fn go(tokens: TokenStream, out: &mut String) {
        let mut word_before = false;
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => {
                    if word_before {
                        out.push(' ');
                    }
                    out.push_str(&i.to_string());
                    word_before = true;
                }
                TokenTree::Literal(l) => {
                    if word_before {
                        out.push(' ');
                    }
                    out.push_str(&l.to_string());
                    word_before = true;
                }
                TokenTree::Punct(p) => {
                    match p.as_char() {
                        ',' => out.push_str(", "),
                        '=' => out.push_str(" = "),
                        c => out.push(c),
                    }
                    // A lifetime's quote joins its name.
                    word_before = false;
                }
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::None => ("", ""),
                    };
                    out.push_str(open);
                    go(g.stream(), out);
                    // `(A, B,)`: no space before the closing bracket.
                    if out.ends_with(' ') {
                        out.pop();
                    }
                    out.push_str(close);
                    word_before = true;
                }
            }
        }
    }
    let mut out = String::new();
    go(tokens, &mut out);
    out.trim_end().to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setter_lists_print_one_setter_per_line_with_docs() {
        let odd = "/ starts with a slash";
        let tokens = quote! {
            /// A widget.
            pub struct Widget;
            crate::runtime::setters! {
                #[allow(deprecated)]
                impl Widget {
                    #[doc = " Sets the `name` field."]
                    fn with_name(name: ::std::string::String);
                    #[doc = #odd]
                    #[doc = " two\nlines"]
                    #[deprecated(note = "the API marks this property as deprecated")]
                    fn with_type(r#type: ::std::vec::Vec<(crate::models::A, ::std::collections::BTreeMap<::std::string::String, i64>,)>);
                }
            }
        };
        let text = file("// header\n", tokens).unwrap();
        assert_eq!(
            text,
            "// header\n/// A widget.\npub struct Widget;\ncrate::runtime::setters! {\n    #[allow(deprecated)]\n    impl Widget {\n        /// Sets the `name` field.\n        fn with_name(name: ::std::string::String);\n        #[doc = \"/ starts with a slash\"]\n        #[doc = \" two\\nlines\"]\n        #[deprecated(note = \"the API marks this property as deprecated\")]\n        fn with_type(r#type: ::std::vec::Vec<(crate::models::A, ::std::collections::BTreeMap<::std::string::String, i64>,)>);\n    }\n}\n"
        );
        // What it prints is what was given: it parses back to the same tokens.
        let reparsed: syn::File = syn::parse_str(&text).unwrap();
        let syn::Item::Macro(m) = &reparsed.items[1] else { panic!("not a macro: {text}") };
        let list: SetterList = syn::parse2(m.mac.tokens.clone()).unwrap();
        assert_eq!(list.lines.len(), 2);
        assert_eq!(list.lines[1].attrs.len(), 3);
    }

    #[test]
    fn other_macros_are_left_to_prettyplease() {
        let text = file("", quote!(crate::runtime::string_enum!(Mode);)).unwrap();
        assert_eq!(text, "crate::runtime::string_enum!(Mode);\n");
    }
}
