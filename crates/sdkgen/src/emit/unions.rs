//! Untagged unions: the hand-written `Deserialize` that decides the variant by the JSON value's
//! shape (one `Shape` constant per variant, the work done by `runtime::union`), and the rustdoc
//! section saying how a value picks its variant. Spec text reaches code only as literals.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::ir::*;

fn kind_tokens(k: JsonKind) -> TokenStream {
    match k {
        JsonKind::Null => quote!(JsonKind::Null),
        JsonKind::Boolean => quote!(JsonKind::Boolean),
        JsonKind::Integer => quote!(JsonKind::Integer),
        JsonKind::Number => quote!(JsonKind::Number),
        JsonKind::String => quote!(JsonKind::String),
        JsonKind::Array => quote!(JsonKind::Array),
        JsonKind::Object => quote!(JsonKind::Object),
    }
}

fn known_tokens(values: &[serde_json::Value]) -> Vec<TokenStream> {
    values
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::String(s) => Some(quote!(Known::Str(#s))),
            serde_json::Value::Number(n) => n.as_i64().map(|i| quote!(Known::Int(#i))),
            _ => None,
        })
        .collect()
}

/// The `Shape` expression of one variant: `Shape::new(..)` plus the fields it sets.
fn shape_tokens(name: &str, s: &VariantShape) -> TokenStream {
    let kinds: Vec<TokenStream> = s.kinds.iter().map(|k| kind_tokens(*k)).collect();
    let mut fields = Vec::new();
    if !s.required.is_empty() {
        let r = &s.required;
        fields.push(quote!(required: &[#(#r),*]));
    }
    if !s.items.is_empty() {
        let items: Vec<TokenStream> = s.items.iter().map(|k| kind_tokens(*k)).collect();
        fields.push(quote!(items: &[#(#items),*]));
    }
    if !s.values.is_empty() {
        let pairs: Vec<TokenStream> = s
            .values
            .iter()
            .map(|pv| {
                let p = &pv.property;
                let known = known_tokens(&pv.values);
                quote!((#p, &[#(#known),*]))
            })
            .collect();
        fields.push(quote!(values: &[#(#pairs),*]));
    }
    if !s.enum_values.is_empty() {
        let known = known_tokens(&s.enum_values);
        fields.push(quote!(enum_values: &[#(#known),*]));
    }
    if let Some(f) = s.format.as_deref().filter(|f| CHECKED_FORMATS.contains(f)) {
        fields.push(quote!(format: ::std::option::Option::Some(#f)));
    }
    let base = quote!(Shape::new(#name, &[#(#kinds),*]));
    if fields.is_empty() { base } else { quote!(Shape { #(#fields,)* ..#base }) }
}

/// `impl Deserialize` for the untagged union `name`.
pub fn deserialize_impl(types: &TypeSpace, name: &proc_macro2::Ident, u: &UnionType) -> TokenStream {
    let name_str = name.to_string();
    let mut shapes = Vec::new();
    let mut arms = Vec::new();
    for v in &u.variants {
        let vn = ident(&v.variant_name);
        let shape = v.shape.clone().unwrap_or_default();
        shapes.push(shape_tokens(&v.variant_name, &shape));
        let adapter = super::rust::adapter(types, v.ty);
        arms.push(if let Some(a) = adapter {
            // A typed format: read through the runtime's adapter.
            let ty = super::rust::type_ref(types, v.ty);
            let read = quote!(<::serde_with::de::DeserializeAsWrap<#ty, #a> as ::serde::Deserialize>::deserialize(value));
            if v.boxed {
                quote!(#read.map(|v| Self::#vn(::std::boxed::Box::new(v.into_inner()))))
            } else {
                quote!(#read.map(|v| Self::#vn(v.into_inner())))
            }
        } else if v.boxed {
            quote!(::serde_json::from_value(value).map(|v| Self::#vn(::std::boxed::Box::new(v))))
        } else {
            quote!(::serde_json::from_value(value).map(Self::#vn))
        });
    }
    if let Some(n) = &u.null_variant {
        let vn = ident(n);
        shapes.push(quote!(Shape::new(#n, &[JsonKind::Null])));
        arms.push(quote!(::std::result::Result::Ok(Self::#vn)));
    }
    let decode = match arms.len() {
        0 => quote!(|_, _| ::std::result::Result::Err(::serde::de::Error::custom("the union has no variants"))),
        1 if u.null_variant.is_some() => {
            let only = &arms[0];
            quote!(|_, _| #only)
        }
        1 => {
            let only = &arms[0];
            quote!(|_, value| #only)
        }
        n => {
            let numbered: Vec<TokenStream> = arms[..n - 1]
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let i = proc_macro2::Literal::usize_unsuffixed(i);
                    quote!(#i => #a,)
                })
                .collect();
            let last = &arms[n - 1];
            quote!(|variant, value| match variant {
                #(#numbered)*
                _ => #last,
            })
        }
    };
    let uses_known = u.variants.iter().filter_map(|v| v.shape.as_ref()).any(|s| !s.values.is_empty() || !s.enum_values.is_empty());
    let imports = if uses_known { quote!(JsonKind, Known, Shape) } else { quote!(JsonKind, Shape) };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            /// Decides the variant by the JSON value's shape (see the type's docs).
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use crate::runtime::union::{#imports};
                const SHAPES: &[Shape] = &[#(#shapes),*];
                crate::runtime::union::deserialize(deserializer, #name_str, SHAPES, #decode)
            }
        }
    }
}

/// The `# Decoding` section of an untagged union's docs: which JSON value goes to which
/// variant, and which variant wins where two cannot be told apart.
pub fn decoding_docs(u: &UnionType) -> String {
    let mut lines = vec![
        "# Decoding".to_string(),
        String::new(),
        "The variant is chosen by the JSON value's shape, in this order (a value that fits several goes to the first whose enum values, property values and format also fit, else to the first that fits):".to_string(),
        String::new(),
    ];
    for v in &u.variants {
        let shape = v.shape.clone().unwrap_or_default();
        lines.push(format!("* `{}`: {}", v.variant_name, shape.describe()));
    }
    if let Some(n) = &u.null_variant {
        lines.push(format!("* `{n}`: null"));
    }
    let pairs = u.ambiguous_pairs();
    if !pairs.is_empty() {
        lines.push(String::new());
        for (a, b) in pairs {
            let (a, b) = (&u.variants[a].variant_name, &u.variants[b].variant_name);
            lines.push(format!("`{a}` and `{b}` take the same JSON values: `{a}` wins, `{b}` is chosen only when `{a}` does not decode."));
        }
    }
    lines.push(String::new());
    lines.push("A value that fits no variant is a decode error naming this type. Serialization writes the variant's value as it is.".to_string());
    lines.join("\n")
}
