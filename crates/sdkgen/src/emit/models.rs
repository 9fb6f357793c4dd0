//! Models: one Rust item per named type (struct, open enum, union, alias), each in its own file
//! under `src/models/`. Enums are open: an unknown value is kept and written back unchanged.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::code;
use super::rust::{docs, element_ref, ident, type_ref};
use crate::ir::*;

/// The tokens of the item for `id`; structs, enums and unions are `#[non_exhaustive]` when
/// `non_exhaustive` is set.
pub fn model(types: &TypeSpace, id: TypeId, non_exhaustive: bool) -> TokenStream {
    let def = types.get(id);
    let Some(name) = &def.rust_name else { return TokenStream::new() };
    let name_id = ident(name);
    let mut extra = Vec::new();
    if def.deprecated {
        extra.push("**Deprecated** by the API.".to_string());
    }
    if let Some(d) = &def.default {
        extra.push(format!("Default: {}.", code(&d.to_string())));
    }
    let source = format!("Schema: {}.", code(&def.pointer));
    extra.push(source);
    extra.extend(super::rust::shared_docs(def));
    let deprecated = super::deprecation::attr(def.deprecated, super::deprecation::What::Schema);
    let text = def.description.as_deref().or(def.title.as_deref());
    let doc = docs(text, &extra);
    let doc = quote!(#doc #deprecated);
    // Types that grow with the spec (new fields, values, members): users build them with `new`
    // and the setters and match them with a wildcard arm, so growing them breaks nobody.
    let grows = if non_exhaustive { quote!(#[non_exhaustive]) } else { TokenStream::new() };
    let tokens = match &def.kind {
        TypeKind::Object(o) => object(types, def, &name_id, o, quote!(#doc #grows)),
        TypeKind::Enum(e) => enumeration(def, &name_id, e, quote!(#doc #grows)),
        TypeKind::Union(u) => {
            let doc = if u.tag_property.is_none() {
                extra.push(super::unions::decoding_docs(u));
                let doc = docs(text, &extra);
                quote!(#doc #deprecated)
            } else {
                doc
            };
            union(types, &name_id, u, quote!(#doc #grows))
        }
        // A type containing itself through arrays and maps only: a newtype, not an infinite alias.
        TypeKind::Alias(_) | TypeKind::Array { .. } | TypeKind::Map { .. } if super::rust::is_recursive_alias(types, id) => {
            let inner = match &def.kind {
                TypeKind::Array { items } => {
                    let t = element_ref(types, *items);
                    quote!(::std::vec::Vec<#t>)
                }
                TypeKind::Map { values } => {
                    let t = element_ref(types, *values);
                    quote!(::std::collections::BTreeMap<::std::string::String, #t>)
                }
                TypeKind::Alias(t) => type_ref(types, *t),
                _ => quote!(::serde_json::Value),
            };
            quote! {
                #doc
                ///
                /// It contains itself, so it is a struct around its value (`.0`), not a type alias.
                #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name_id(pub #inner);
            }
        }
        TypeKind::Alias(t) => {
            let t = type_ref(types, *t);
            quote! { #doc pub type #name_id = #t; }
        }
        TypeKind::Array { items } => {
            let t = element_ref(types, *items);
            quote! { #doc pub type #name_id = ::std::vec::Vec<#t>; }
        }
        TypeKind::Map { values } => {
            let t = element_ref(types, *values);
            quote! { #doc pub type #name_id = ::std::collections::BTreeMap<::std::string::String, #t>; }
        }
        TypeKind::Tuple { items } => {
            let ts = items.iter().map(|t| element_ref(types, *t));
            quote! { #doc pub type #name_id = (#(#ts,)*); }
        }
        TypeKind::Primitive { primitive, .. } => {
            let t = super::rust::primitive_ref(*primitive);
            quote! { #doc pub type #name_id = #t; }
        }
        TypeKind::Pending => quote! { #doc pub type #name_id = ::serde_json::Value; },
    };
    if super::deprecation::model_touches(types, id) { super::deprecation::allow_on_items(tokens) } else { tokens }
}

/// How a property is represented.
pub struct FieldShape {
    /// Field type.
    pub ty: TokenStream,
    /// `#[serde(...)]` arguments besides `rename`.
    pub serde: Vec<TokenStream>,
    /// `Option` around the value (absent allowed).
    pub optional: bool,
}

/// Field type and serde attributes for the four optional × nullable combinations.
pub fn field_shape(types: &TypeSpace, p: &Property) -> FieldShape {
    let mut inner = type_ref(types, p.ty);
    if p.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    let nullable = types.is_nullable(p.ty);
    // `readOnly`: never sent (`skip_serializing`), may be absent. `writeOnly`: may be absent
    // when decoding (the server never returns it), sent when set.
    let skip = if p.read_only { quote!(skip_serializing) } else { quote!(skip_serializing_if = "::std::option::Option::is_none") };
    // A typed format inside: the runtime's adapter reads and writes it (`emit/rust.rs` `adapter`),
    // wrapped as the field's `Option`s are.
    let adapter = super::rust::adapter(types, p.ty).map(|a| if p.boxed { quote!(::std::boxed::Box<#a>) } else { a });
    let with = |wrap: fn(TokenStream) -> TokenStream| {
        adapter.as_ref().map(|a| {
            let path = super::rust::with_path(&wrap(a.clone()));
            quote!(with = #path)
        })
    };
    let mut shape = match (p.required_on_decode(), nullable) {
        (true, false) => FieldShape { ty: inner, serde: with(|a| a).into_iter().collect(), optional: false },
        (true, true) => FieldShape {
            ty: quote!(::std::option::Option<#inner>),
            serde: vec![with(|a| quote!(::std::option::Option<#a>)).unwrap_or_else(|| quote!(deserialize_with = "crate::runtime::serde_support::deserialize_nullable"))],
            optional: false,
        },
        (false, false) => FieldShape {
            ty: quote!(::std::option::Option<#inner>),
            serde: [quote!(default), skip].into_iter().chain(with(|a| quote!(::std::option::Option<#a>))).collect(),
            optional: true,
        },
        (false, true) => FieldShape {
            ty: quote!(::std::option::Option<::std::option::Option<#inner>>),
            serde: vec![
                quote!(default),
                skip,
                with(|a| quote!(crate::runtime::formats::DoubleOption<#a>)).unwrap_or_else(|| quote!(with = "crate::runtime::serde_support::double_option")),
            ],
            optional: true,
        },
    };
    if p.default_when_absent && p.required_on_decode() {
        // Response leniency: a response that omits it reads the empty value.
        shape.serde.push(quote!(default));
    }
    shape
}

fn property_docs(types: &TypeSpace, p: &Property) -> TokenStream {
    let def = types.get(p.ty);
    let mut extra = Vec::new();
    let c = &def.constraints;
    let mut cons = Vec::new();
    if let Some(m) = c.minimum {
        cons.push(format!("minimum {m}"));
    }
    if let Some(m) = c.maximum {
        cons.push(format!("maximum {m}"));
    }
    if let Some(m) = c.min_length {
        cons.push(format!("min length {m}"));
    }
    if let Some(m) = c.max_length {
        cons.push(format!("max length {m}"));
    }
    if let Some(m) = c.min_items {
        cons.push(format!("at least {m} items"));
    }
    if let Some(m) = c.max_items {
        cons.push(format!("at most {m} items"));
    }
    if let Some(d) = &def.default {
        cons.push(format!("default {}", code(&d.to_string())));
    }
    if let Some(TypeKind::Primitive { format: Some(f), .. }) = Some(&def.kind) {
        if !matches!(f.as_str(), "int32" | "int64" | "float" | "double") {
            cons.push(format!("format {}", code(f)));
        }
    }
    if !cons.is_empty() {
        extra.push(format!("Constraints: {}.", cons.join(", ")));
    }
    if p.deprecated {
        extra.push("**Deprecated** by the API.".into());
    }
    if p.read_only {
        extra.push("Read-only: set by the server; never sent in requests (not serialized) and never needed to build one.".into());
    }
    if p.write_only {
        extra.push("Write-only: sent in requests; the server does not return it, so it is `None` in responses.".into());
    }
    if p.secret {
        extra.push("A credential: redacted from `Debug` output.".into());
    }
    if p.default_when_absent {
        extra.push("Required, but a response that omits it is read as the empty value (response leniency).".into());
    }
    match p.description.as_deref() {
        Some(d) => docs(Some(d), &extra),
        None => docs(None, &[&[code(&p.name)], extra.as_slice()].concat()),
    }
}

fn object(types: &TypeSpace, def: &TypeDef, name: &proc_macro2::Ident, o: &ObjectType, doc: TokenStream) -> TokenStream {
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_fields = Vec::new();
    let mut setters = Vec::new();
    let mut any_secret = false;
    let mut all_optional = true;
    for p in &o.properties {
        let f = ident(&p.field_name);
        let wire = &p.name;
        let shape = field_shape(types, p);
        let ty = &shape.ty;
        let serde = &shape.serde;
        let pdoc = property_docs(types, p);
        let deprecated = super::deprecation::attr(p.deprecated, super::deprecation::What::Property);
        fields.push(quote! {
            #pdoc
            #deprecated
            #[serde(rename = #wire #(, #serde)*)]
            pub #f: #ty,
        });
        let fname = &p.field_name;
        if p.secret {
            any_secret = true;
            if shape.optional || types.is_nullable(p.ty) {
                debug_fields.push(quote! { .field(#fname, &self.#f.as_ref().map(|_| crate::runtime::serde_support::Redacted)) });
            } else {
                debug_fields.push(quote! { .field(#fname, &crate::runtime::serde_support::Redacted) });
            }
        } else {
            debug_fields.push(quote! { .field(#fname, &self.#f) });
        }
        if p.in_constructor() {
            all_optional = false;
            // A required `writeOnly` field is an `Option` (absent in responses), set here.
            let wrap = |e: TokenStream| if shape.optional { quote!(::std::option::Option::Some(#e)) } else { e };
            if super::rust::is_string(types, p.ty) && !p.boxed && !types.is_nullable(p.ty) {
                ctor_args.push((p.required_index, quote! { #f: impl ::std::convert::Into<::std::string::String> }));
                let value = wrap(quote!(#f.into()));
                ctor_fields.push(quote! { #f: #value });
            } else {
                let mut arg_ty = type_ref(types, p.ty);
                if p.boxed {
                    arg_ty = quote!(::std::boxed::Box<#arg_ty>);
                }
                if types.is_nullable(p.ty) {
                    arg_ty = quote!(::std::option::Option<#arg_ty>);
                }
                ctor_args.push((p.required_index, quote! { #f: #arg_ty }));
                if shape.optional {
                    ctor_fields.push(quote! { #f: ::std::option::Option::Some(#f) });
                } else {
                    ctor_fields.push(quote! { #f });
                }
            }
        } else if p.read_only {
            // Never sent: no setter; filled in only by decoding.
            ctor_fields.push(quote! { #f: ::std::option::Option::None });
        } else {
            ctor_fields.push(quote! { #f: ::std::option::Option::None });
            let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
            let mut inner = type_ref(types, p.ty);
            if p.boxed {
                inner = quote!(::std::boxed::Box<#inner>);
            }
            let sdoc = format!(" Sets the {} field.", code(&p.name));
            // The body (`Some(value.into())`, `Some(Some(..))` when nullable) is the runtime's.
            setters.push(quote! {
                #[doc = #sdoc]
                #deprecated
                fn #setter(#f: #inner);
            });
        }
    }
    let mut extra_field = TokenStream::new();
    match o.additional {
        Additional::None => {}
        Additional::Any | Additional::Typed(_) => {
            let mut used: Vec<&str> = o.properties.iter().map(|p| p.field_name.as_str()).collect();
            let mut fname = "additional_properties".to_string();
            while used.contains(&fname.as_str()) {
                fname.push('_');
            }
            used.push("");
            let f = ident(&fname);
            let ty = match o.additional {
                Additional::Typed(t) => {
                    let t = element_ref(types, t);
                    quote!(::std::collections::BTreeMap<::std::string::String, #t>)
                }
                _ => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
            };
            let with = match o.additional {
                Additional::Typed(t) => super::rust::element_adapter(types, t).map(|a| {
                    let path = super::rust::with_path(&quote!(::std::collections::BTreeMap<::serde_with::Same, #a>));
                    quote!(, with = #path)
                }),
                _ => None,
            };
            extra_field = quote! {
                /// Properties not declared in the schema (`additionalProperties`), kept as received.
                #[serde(flatten #with)]
                pub #f: #ty,
            };
            // A map of passwords is redacted whole (its keys may say whose they are).
            if matches!(o.additional, Additional::Typed(t) if crate::secrets::is_password_type(types, t)) {
                any_secret = true;
                debug_fields.push(quote! { .field(#fname, &crate::runtime::serde_support::Redacted) });
            } else {
                debug_fields.push(quote! { .field(#fname, &self.#f) });
            }
            ctor_fields.push(quote! { #f: ::std::default::Default::default() });
        }
    }
    let derive_default = if all_optional { quote!(, Default) } else { TokenStream::new() };
    let debug_derive = if any_secret { TokenStream::new() } else { quote!(Debug,) };
    let name_str = name.to_string();
    let debug_impl = if any_secret {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#name_str) #(#debug_fields)* .finish()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let _ = def;
    let setters = setters_item(name, TokenStream::new(), &setters);
    // Arguments in the order of the schema's `required` list (stable: ties keep field order).
    ctor_args.sort_by_key(|(rank, _)| rank.unwrap_or(usize::MAX));
    let ctor_args: Vec<TokenStream> = ctor_args.into_iter().map(|(_, a)| a).collect();
    let ctor_doc = if ctor_args.is_empty() {
        " A value with every optional field unset.".to_string()
    } else {
        " A value with the required fields set and every optional field unset.".to_string()
    };
    // A schema called `New` keeps its name; its constructor is `new` like every other's.
    let self_named = if name == "New" { quote!(, clippy::self_named_constructors) } else { TokenStream::new() };
    quote! {
        #doc
        #[derive(#debug_derive Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #derive_default)]
        pub struct #name {
            #(#fields)*
            #extra_field
        }

        impl #name {
            #[doc = #ctor_doc]
            #[allow(clippy::new_without_default, clippy::too_many_arguments #self_named)]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_fields),* }
            }
        }

        #setters

        #debug_impl
    }
}

/// The `with_*` setters of a struct or parameters struct (`fn with_x(x: T);` lines with their
/// docs), written out by the runtime's `setters!`; nothing when there are none.
pub fn setters_item(name: &proc_macro2::Ident, attrs: TokenStream, setters: &[TokenStream]) -> TokenStream {
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        crate::runtime::setters! {
            #attrs
            impl #name {
                #(#setters)*
            }
        }
    }
}

fn enumeration(def: &TypeDef, name: &proc_macro2::Ident, e: &EnumType, doc: TokenStream) -> TokenStream {
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant_name)).collect();
    let default_variant = def.default.as_ref().and_then(|d| e.values.iter().find(|v| &v.value == d)).map(|v| ident(&v.variant_name));
    let variant_docs: Vec<String> = e.values.iter().map(|v| format!(" {}", code(&v.value.as_str().map(str::to_string).unwrap_or_else(|| v.value.to_string())))).collect();
    let default_attr: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| if Some(ident(&v.variant_name)) == default_variant { quote!(#[default]) } else { TokenStream::new() })
        .collect();
    let derive_default = if default_variant.is_some() { quote!(, Default) } else { TokenStream::new() };
    match e.repr {
        EnumRepr::String => {
            let values: Vec<String> = e.values.iter().map(|v| v.value.as_str().unwrap_or_default().to_string()).collect();
            let (from_doc, fallback) = if e.case_insensitive {
                (
                    quote!(#[doc = " Exact values first, then the one known value equal ignoring ASCII case (the standard declares these values case-insensitive); anything else is kept as it is."]),
                    quote! {{
                        const KNOWN: &[&str] = &[#(#values),*];
                        let mut matches = KNOWN.iter().filter(|known| known.eq_ignore_ascii_case(other));
                        match (matches.next(), matches.next()) {
                            (::std::option::Option::Some(known), ::std::option::Option::None) => Self::from(*known),
                            _ => Self::#unknown(::std::string::ToString::to_string(other)),
                        }
                    }},
                )
            } else {
                (
                    quote!(#[doc = " Known values map to their variants; anything else is kept as it is."]),
                    quote!(Self::#unknown(::std::string::ToString::to_string(other))),
                )
            };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #derive_default)]
                pub enum #name {
                    #( #[doc = #variant_docs] #default_attr #variants, )*
                    /// A value this version of the SDK does not know, kept as received.
                    #unknown(::std::string::String),
                }

                impl #name {
                    /// The wire value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::#unknown(value) => value.as_str(),
                        }
                    }
                }

                impl ::std::convert::From<&str> for #name {
                    #from_doc
                    fn from(value: &str) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => #fallback,
                        }
                    }
                }

                // `FromStr`, `Display` and serde, from `as_str` and `From<&str>`.
                crate::runtime::string_enum!(#name);
            }
        }
        EnumRepr::I32 | EnumRepr::I64 | EnumRepr::U64 => {
            let int = match e.repr {
                EnumRepr::I32 => quote!(i32),
                EnumRepr::U64 => quote!(u64),
                _ => quote!(i64),
            };
            let values: Vec<TokenStream> = e
                .values
                .iter()
                .map(|v| {
                    if e.repr == EnumRepr::U64 {
                        let n = v.value.as_u64().unwrap_or_default();
                        return quote!(#n);
                    }
                    let n = v.value.as_i64().unwrap_or_default();
                    // Lowering widens an enum whose values do not fit i32; a value that still did
                    // not would be a compile error here, never a silently truncated one.
                    match i32::try_from(n) {
                        Ok(n) if e.repr == EnumRepr::I32 => quote!(#n),
                        _ if e.repr == EnumRepr::I32 => {
                            let lit = proc_macro2::Literal::i64_unsuffixed(n);
                            quote!(#lit)
                        }
                        _ => quote!(#n),
                    }
                })
                .collect();
            quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #derive_default)]
                pub enum #name {
                    #( #[doc = #variant_docs] #default_attr #variants, )*
                    /// A value this version of the SDK does not know, kept as received.
                    #unknown(#int),
                }

                impl #name {
                    /// The wire value.
                    pub fn value(self) -> #int {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl ::std::convert::From<#int> for #name {
                    fn from(value: #int) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => Self::#unknown(other),
                        }
                    }
                }

                crate::runtime::integer_enum!(#name, #int);
            }
        }
    }
}

fn union(types: &TypeSpace, name: &proc_macro2::Ident, u: &UnionType, doc: TokenStream) -> TokenStream {
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    // Payload types after expanding aliases, counted once (not per variant: unions may be large).
    let expanded_all: Vec<String> = u.variants.iter().map(|v| super::rust::expanded_type(types, v.ty)).collect();
    let mut payload_count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in &expanded_all {
        *payload_count.entry(e.as_str()).or_default() += 1;
    }
    for (v, expanded) in u.variants.iter().zip(&expanded_all) {
        let vn = ident(&v.variant_name);
        let mut ty = type_ref(types, v.ty);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let vdoc = match &v.tag {
            Some(t) => format!(" {} = {}.", code(u.tag_property.as_deref().unwrap_or_default()), code(t)),
            None => {
                // As declared (`Self_` for a schema named `Self`).
                let n = types.get(v.ty).rust_name.as_deref().map(|n| ident(n).to_string()).unwrap_or_default();
                format!(" A [`{n}`](crate::models::{n}) value.")
            }
        };
        let vdoc = if types.get(v.ty).rust_name.is_none() && v.tag.is_none() {
            let what = super::rust::describe(types, v.ty);
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "An" } else { "A" };
            format!(" {article} {} value.", code(&what))
        } else {
            vdoc
        };
        let rename = match &v.tag {
            Some(t) => quote!(#[serde(rename = #t)]),
            None => TokenStream::new(),
        };
        let rename = match super::rust::adapter(types, v.ty) {
            Some(a) => {
                let a = if v.boxed { quote!(::std::boxed::Box<#a>) } else { a };
                let path = super::rust::with_path(&a);
                quote!(#rename #[serde(with = #path)])
            }
            None => rename,
        };
        variants.push(quote! { #[doc = #vdoc] #rename #vn(#ty), });
        // One `From` per Rust type: payloads that are the same type after expanding aliases
        // (`ContentPhoneNumbers` and `ContentEmailAddresses`, both `Vec<String>`) get none.
        let count = payload_count.get(expanded.as_str()).copied().unwrap_or(0);
        let unique_payload = count == 1;
        // A tagged union whose mapping gives one schema several keys (`jwt-bearer` and
        // `partner_jwt`, both `GetTokenRequestJwtBearer`): the first key's variant gets the `From`.
        let same: Vec<&Variant> = if u.tag_property.is_some() && count > 1 {
            u.variants.iter().zip(&expanded_all).filter(|(_, e)| *e == expanded).map(|(o, _)| o).collect()
        } else {
            Vec::new()
        };
        let first_of_shared = same.first().is_some_and(|f| std::ptr::eq(*f, v));
        if (unique_payload || first_of_shared) && !v.boxed && types.get(v.ty).rust_name.is_some() {
            let from_doc = if first_of_shared {
                let others: Vec<String> = same[1..].iter().map(|o| format!("`{}::{}`", name, ident(&o.variant_name))).collect();
                let d = format!(" Wraps the value as `{name}::{vn}`, the first variant with this payload; build {} with the variant itself.", others.join(", "));
                quote!(#[doc = #d])
            } else {
                TokenStream::new()
            };
            froms.push(quote! {
                #from_doc
                impl ::std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#vn(value)
                    }
                }
            });
        }
    }
    match &u.tag_property {
        Some(t) if u.tag_integer => integer_tagged_union(types, name, u, t, doc, &froms),
        Some(t) => {
            // A discriminator value this version does not know (a member the API added later)
            // decodes instead of failing the whole response; its payload is not kept.
            let (unknown, unknown_doc) = unknown_variant(u, t);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(tag = #t)]
                pub enum #name {
                    #(#variants)*
                    #[doc = #unknown_doc]
                    #[serde(other, skip_serializing)]
                    #unknown,
                }
                #(#froms)*
            }
        }
        None => {
            // Decided by JSON shape (`emit/unions.rs`); serialized as the payload itself.
            if let Some(n) = &u.null_variant {
                let vn = ident(n);
                variants.push(quote! { #[doc = " JSON `null`."] #vn, });
            }
            let de = super::unions::deserialize_impl(types, name, u);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
                #de
                #(#froms)*
            }
        }
    }
}

/// The unit variant of a tagged union for a tag the SDK does not know (`Unknown`, or
/// `UnknownValue`... when a member takes the name), and its docs.
fn unknown_variant(u: &UnionType, tag_property: &str) -> (proc_macro2::Ident, String) {
    let mut unknown = String::from("Unknown");
    while u.variants.iter().any(|v| v.variant_name == unknown) {
        unknown.push_str("Value");
    }
    let doc = format!(" A {} value this version of the SDK does not know (its payload is not kept; it cannot be sent).", code(tag_property));
    (ident(&unknown), doc)
}

/// A tagged union whose discriminator is an `integer` property: serde's internal tags are
/// strings (and a number would be read as a variant's index), so the impls are the runtime's
/// (`union::deserialize_int_tagged`, and a `flatten`ed payload when writing): the tag is a JSON number
/// (a string of digits is read too), an unknown one is the `Unknown` variant.
fn integer_tagged_union(types: &TypeSpace, name: &proc_macro2::Ident, u: &UnionType, tag_property: &str, doc: TokenStream, froms: &[TokenStream]) -> TokenStream {
    let (unknown, unknown_doc) = unknown_variant(u, tag_property);
    let name_str = name.to_string();
    let mut variants = Vec::new();
    let mut tags = Vec::new();
    let mut ser_arms = Vec::new();
    let mut de_arms = Vec::new();
    for (i, v) in u.variants.iter().enumerate() {
        let vn = ident(&v.variant_name);
        let mut ty = type_ref(types, v.ty);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let tag: i64 = v.tag.as_deref().and_then(|t| t.parse().ok()).unwrap_or_default();
        let vdoc = format!(" {} = {}.", code(tag_property), code(&tag.to_string()));
        variants.push(quote! { #[doc = #vdoc] #vn(#ty), });
        tags.push(quote!(#tag));
        ser_arms.push(quote!(Self::#vn(v) => ::serde::Serialize::serialize(&Tagged { tag: #tag, payload: v }, serializer),));
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        de_arms.push(if v.boxed {
            quote!(::std::option::Option::Some(#i) => ::serde_json::from_value(value).map(|v| Self::#vn(::std::boxed::Box::new(v))),)
        } else {
            quote!(::std::option::Option::Some(#i) => ::serde_json::from_value(value).map(Self::#vn),)
        });
    }
    let unknown_err = format!("`{name_str}::{unknown}` cannot be sent: its {tag_property:?} value is not known");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown,
        }
        impl ::serde::Serialize for #name {
            /// The variant's object with its tag first, a JSON number.
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                // The payload's fields go to `serializer` itself (`flatten`), so their own
                // adapters see it (a decimal keeps its digits).
                #[derive(::serde::Serialize)]
                struct Tagged<'a, P> {
                    #[serde(rename = #tag_property)]
                    tag: i64,
                    #[serde(flatten)]
                    payload: &'a P,
                }
                match self {
                    #(#ser_arms)*
                    Self::#unknown => ::std::result::Result::Err(::serde::ser::Error::custom(#unknown_err)),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            /// Decides the variant by the tag, a JSON number (or a string of digits).
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::union::deserialize_int_tagged(deserializer, #name_str, #tag_property, &[#(#tags),*], |variant, value| match variant {
                    #(#de_arms)*
                    _ => ::std::result::Result::Ok(Self::#unknown),
                })
            }
        }
        #(#froms)*
    }
}

#[cfg(test)]
mod tests {
    use crate::Settings;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {oneOf: [{$ref: "#/components/schemas/Pet"}, {type: string}]}
components:
  schemas:
    Kind: {type: string, enum: [cat, dog]}
    Pet: {type: object, required: [name], properties: {name: {type: string}}}
"##;

    /// The items of the models and services marked `#[non_exhaustive]` in the crate generated
    /// with the setting `non_exhaustive`.
    fn non_exhaustive_items(non_exhaustive: bool) -> Vec<String> {
        let g = crate::generate("t.yaml", SPEC.into(), &Settings::default().with_non_exhaustive(non_exhaustive)).expect("generates");
        let mut out = Vec::new();
        for f in g.files.iter().filter(|f| f.path.starts_with("src/models/") || f.path.starts_with("src/services/")) {
            let lines: Vec<&str> = f.contents.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                if l.trim() == "#[non_exhaustive]" {
                    let item = lines[i + 1..].iter().find(|l| l.trim_start().starts_with("pub ")).copied().unwrap_or_default();
                    out.push(item.trim().to_string());
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn structs_enums_unions_and_parameters_are_non_exhaustive_unless_turned_off() {
        let items = non_exhaustive_items(true);
        for item in ["pub enum Kind {", "pub enum ListPetsResponse {", "pub struct ListPetsParams {", "pub struct Pet {"] {
            assert!(items.iter().any(|i| i == item), "{item} not non-exhaustive: {items:?}");
        }
        assert_eq!(non_exhaustive_items(false), Vec::<String>::new());
    }
}
