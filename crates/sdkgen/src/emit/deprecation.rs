//! `deprecated: true` on schemas, properties, operations and parameters becomes
//! `#[deprecated(note = "...")]` (fixed text: spec text never reaches the attribute). The
//! generated crate itself stays warning-free: `#[allow(deprecated)]` goes on exactly the items
//! whose code names a deprecated item (its impls, derives, constructors, setters, `Debug`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

/// What is deprecated, for the note.
#[derive(Clone, Copy)]
pub enum What {
    /// A schema.
    Schema,
    /// A property.
    Property,
    /// An operation.
    Operation,
    /// A parameter.
    Parameter,
}

/// `#[deprecated(note = "...")]` when `deprecated`, else nothing.
pub fn attr(deprecated: bool, what: What) -> TokenStream {
    if !deprecated {
        return TokenStream::new();
    }
    let note = match what {
        What::Schema => "the API marks this schema as deprecated",
        What::Property => "the API marks this property as deprecated",
        What::Operation => "the API marks this operation as deprecated",
        What::Parameter => "the API marks this parameter as deprecated",
    };
    quote!(#[deprecated(note = #note)])
}

/// `#[allow(deprecated)]` when `touches`, else nothing.
pub fn allow(touches: bool) -> TokenStream {
    if touches { quote!(#[allow(deprecated)]) } else { TokenStream::new() }
}

/// True when the Rust type written for `id` names a deprecated model (through arrays, maps and
/// unnamed aliases).
pub fn names_deprecated(types: &TypeSpace, id: TypeId) -> bool {
    let mut cur = id;
    for _ in 0..64 {
        let def = types.get(cur);
        if def.rust_name.is_some() {
            return def.deprecated;
        }
        match &def.kind {
            TypeKind::Alias(t) => cur = *t,
            TypeKind::Array { items } => cur = *items,
            TypeKind::Map { values } => cur = *values,
            TypeKind::Tuple { items } => return items.iter().any(|t| names_deprecated(types, *t)),
            _ => return false,
        }
    }
    false
}

/// True when the item emitted for the named type `id` names something deprecated: itself, a
/// deprecated property, or a deprecated type in a field, variant or alias.
pub fn model_touches(types: &TypeSpace, id: TypeId) -> bool {
    let def = types.get(id);
    if def.deprecated {
        return true;
    }
    match &def.kind {
        TypeKind::Object(o) => {
            o.properties.iter().any(|p| p.deprecated || names_deprecated(types, p.ty))
                || matches!(o.additional, Additional::Typed(t) if names_deprecated(types, t))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| names_deprecated(types, v.ty)),
        TypeKind::Alias(t) => names_deprecated(types, *t),
        TypeKind::Array { items } => names_deprecated(types, *items),
        TypeKind::Map { values } => names_deprecated(types, *values),
        TypeKind::Tuple { items } => items.iter().any(|t| names_deprecated(types, *t)),
        _ => false,
    }
}

/// Puts `#[allow(deprecated)]` on every top-level item of `tokens` (the item of one model file).
pub fn allow_on_items(tokens: TokenStream) -> TokenStream {
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else { return tokens };
    let allow = || -> syn::Attribute { syn::parse_quote!(#[allow(deprecated)]) };
    for item in &mut file.items {
        match item {
            syn::Item::Struct(i) => i.attrs.push(allow()),
            syn::Item::Enum(i) => i.attrs.push(allow()),
            syn::Item::Impl(i) => i.attrs.push(allow()),
            syn::Item::Type(i) => i.attrs.push(allow()),
            // The runtime's item macros (`string_enum!`, `setters!`) put leading attributes on
            // the impls they write; one on the invocation itself would be ignored.
            syn::Item::Macro(i) => {
                let tokens = std::mem::take(&mut i.mac.tokens);
                i.mac.tokens = quote!(#[allow(deprecated)] #tokens);
            }
            _ => {}
        }
    }
    quote!(#file)
}
