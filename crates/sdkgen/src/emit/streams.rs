//! Bodies without buffering, in generated operations: the success types of streamed responses
//! (`runtime::ByteStream`, `runtime::EventStream`, `runtime::JsonLines`) and the arms that open
//! them, upload arguments (`runtime::UploadBody`), and the typed form of a `multipart/form-data`
//! body (`{Operation}Form`: file parts, repeated parts, text and JSON parts as the spec's
//! `encoding` says). The HTTP work is the runtime's (`stream.rs`, `sse.rs`, `multipart.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::code;
use super::rust::{docs, ident, is_string, type_ref};
use super::services::Success;
use crate::ir::*;

/// Whether server-sent event data of `ty` is read as text (no schema, or a string schema).
fn text_events(types: &TypeSpace, ty: Option<TypeId>) -> bool {
    ty.is_none_or(|t| is_string(types, t))
}

/// The Rust type of a streamed success: its items carry the operation's error body type `err`.
pub fn success_type(types: &TypeSpace, s: &Success, err: &TokenStream) -> TokenStream {
    match s {
        Success::Events(ty) if text_events(types, *ty) => quote!(crate::runtime::EventStream<::std::string::String, #err>),
        // Items that may be `null` are `Option`s.
        Success::Events(ty) => {
            let t = ty.map(|t| super::rust::element_ref(types, t)).unwrap_or_else(|| quote!(::serde_json::Value));
            quote!(crate::runtime::EventStream<#t, #err>)
        }
        Success::JsonLines(ty) => {
            let t = ty.map(|t| super::rust::element_ref(types, t)).unwrap_or_else(|| quote!(::serde_json::Value));
            quote!(crate::runtime::JsonLines<#t, #err>)
        }
        _ => quote!(crate::runtime::ByteStream<#err>),
    }
}

/// The expression of a success arm of a streamed operation.
pub fn ok_expr(types: &TypeSpace, s: &Success) -> TokenStream {
    match s {
        Success::Events(ty) if text_events(types, *ty) => quote!(resp.text_events()),
        Success::Events(_) => quote!(resp.events()),
        Success::JsonLines(_) => quote!(resp.json_lines()),
        _ => quote!(resp.byte_stream()),
    }
}

/// The `# Returns` text of a streamed operation.
pub fn returns_doc(types: &TypeSpace, s: &Success) -> String {
    match s {
        Success::Events(ty) => {
            let data = match ty {
                Some(t) if !text_events(types, *ty) => format!("a decoded {}", code(&super::rust::describe(types, *t))),
                _ => "text".to_string(),
            };
            format!(
                "The server-sent events as they arrive ([`EventStream`](crate::runtime::EventStream)): each [`Event`](crate::runtime::Event) keeps its `event`, `id` and `retry`, its data {data}. A data payload that does not decode is an [`Error::DecodeItem`](crate::Error::DecodeItem) item naming the event, and the stream goes on; when the request may be repeated (an idempotent method, no body), the stream reconnects with `Last-Event-ID` after the server's `retry` delay, and ends on a 204 or after 3 reconnections in a row that bring no event (drop the stream to stop earlier)."
            )
        }
        Success::JsonLines(ty) => {
            let item = ty.map(|t| code(&super::rust::describe(types, t))).unwrap_or_else(|| "JSON value".into());
            format!(
                "The JSON lines as they arrive ([`JsonLines`](crate::runtime::JsonLines)), each a decoded {item}. A line that does not decode is an [`Error::DecodeItem`](crate::Error::DecodeItem) item and the stream goes on; a line longer than the client's body size limit ends it with [`Error::ItemTooLarge`](crate::Error::ItemTooLarge)."
            )
        }
        _ => "The body as it arrives ([`ByteStream`](crate::runtime::ByteStream)): chunks of bytes, with the status and headers; its `bytes()` collects the whole body within the client's body size limit.".into(),
    }
}

/// The argument type of a binary request body: anything that becomes an `UploadBody` (bytes, a
/// stream, a file).
pub fn upload_arg(required: bool) -> TokenStream {
    if required { quote!(impl ::std::convert::Into<crate::runtime::UploadBody>) } else { quote!(crate::runtime::UploadBody) }
}

/// The argument type of a `multipart/form-data` body: the typed form, or a raw `reqwest` form.
pub fn multipart_arg(required: bool) -> TokenStream {
    if required { quote!(impl ::std::convert::Into<crate::runtime::Multipart>) } else { quote!(crate::runtime::Multipart) }
}

/// The object schema of a type, through aliases.
fn object_of(types: &TypeSpace, mut id: TypeId) -> Option<&ObjectType> {
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            TypeKind::Object(o) => return Some(o),
            _ => return None,
        }
    }
    None
}

/// Whether `id` is `type: string, format: binary` (through aliases).
fn is_binary(types: &TypeSpace, mut id: TypeId) -> bool {
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            TypeKind::Primitive { primitive: Primitive::Binary, .. } => return true,
            _ => return false,
        }
    }
    false
}

/// The item type of an array (through aliases).
fn array_items(types: &TypeSpace, mut id: TypeId) -> Option<TypeId> {
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            TypeKind::Array { items } => return Some(*items),
            _ => return None,
        }
    }
    None
}

/// Whether a property is written as a JSON part: an object, map, union or tuple (or an array
/// of them), or a property whose `encoding.contentType` is JSON.
fn is_json_part(types: &TypeSpace, id: TypeId, content_type: Option<&str>) -> bool {
    if content_type.is_some_and(|ct| BodyKind::of(ct) == BodyKind::Json) {
        return true;
    }
    let id = array_items(types, id).unwrap_or(id);
    let mut id = id;
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            TypeKind::Object(_) | TypeKind::Map { .. } | TypeKind::Union(_) | TypeKind::Tuple { .. } => return true,
            _ => return false,
        }
    }
    false
}

/// The name of an operation's typed multipart form (`{Operation}Form`), when it has one: a
/// `multipart/form-data` body whose schema is an object with properties.
pub fn form_name(api: &Api, op: &Operation) -> Option<String> {
    let body = op.request_body.as_ref().filter(|b| b.content.kind == BodyKind::Multipart)?;
    body.content.ty.and_then(|t| object_of(&api.types, t)).filter(|o| !o.properties.is_empty())?;
    Some(format!("{}Form", op.type_stem))
}

/// The arguments of `{Operation}Form::new` in an example (a `FilePart` per required file, a
/// string per required text part), or `None` when a required part is of another kind.
pub fn form_example_args(api: &Api, op: &Operation) -> Option<Vec<String>> {
    form_name(api, op)?;
    let obj = op.request_body.as_ref()?.content.ty.and_then(|t| object_of(&api.types, t))?;
    obj.properties
        .iter()
        .filter(|p| p.required && !array_items(&api.types, p.ty).is_some_and(|i| is_binary(&api.types, i)))
        .map(|p| {
            if is_binary(&api.types, p.ty) {
                Some(format!("FilePart::new(b\"bytes\".to_vec()).file_name({})", super::docs::rust_str(&format!("{}.bin", crate::names::snake(&p.name)))))
            } else if is_string(&api.types, p.ty) {
                Some("\"text\"".to_string())
            } else {
                None
            }
        })
        .collect()
}

/// The typed form of an operation's `multipart/form-data` body (nothing when the body is not
/// multipart or its schema is not an object with properties): a struct with a field per
/// property, and its conversion into `runtime::Multipart`.
pub fn form_struct(api: &Api, op: &Operation) -> TokenStream {
    let types = &api.types;
    let (Some(form), Some(body)) = (form_name(api, op), op.request_body.as_ref()) else { return TokenStream::new() };
    let Some(obj) = body.content.ty.and_then(|t| object_of(types, t)) else { return TokenStream::new() };
    let name = ident(&form);
    let file_part = quote!(crate::runtime::FilePart);
    let (mut fields, mut ctor_args, mut ctor_fields, mut setters, mut vec_setters, mut parts, mut debug_fields) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut any_secret = false;
    let mut deprecated = false;
    for p in &obj.properties {
        let f = ident(&p.field_name);
        let wire = &p.name;
        let ct = body.content.encoding.iter().find(|(k, _)| k == &p.name).map(|(_, v)| v.as_str());
        let binary = is_binary(types, p.ty);
        let binaries = !binary && array_items(types, p.ty).is_some_and(|i| is_binary(types, i));
        let json = !binary && !binaries && is_json_part(types, p.ty, ct);
        deprecated |= super::deprecation::names_deprecated(types, p.ty);
        let fname = &p.field_name;
        any_secret |= p.secret;
        debug_fields.push(if p.secret { quote!(.field(#fname, &crate::runtime::serde_support::Redacted)) } else { quote!(.field(#fname, &self.#f)) });
        let (what, field_ty) = if binaries {
            let ct = ct.unwrap_or("application/octet-stream");
            parts.push(quote!(.files(#wire, form.#f, #ct)));
            (format!("Files, one part named {} each ({} unless a part sets its own).", code(wire), code(ct)), quote!(::std::vec::Vec<#file_part>))
        } else if binary {
            let ct = ct.unwrap_or("application/octet-stream");
            parts.push(if p.required { quote!(.file(#wire, form.#f, #ct)) } else { quote!(.files(#wire, form.#f, #ct)) });
            (format!("A file, the part named {} ({} unless the part sets its own).", code(wire), code(ct)), file_part.clone())
        } else if json {
            let ct = ct.unwrap_or("application/json");
            parts.push(quote!(.json(#wire, &form.#f, #ct)));
            (format!("The part named {}, as JSON ({}).", code(wire), code(ct)), type_ref(types, p.ty))
        } else {
            parts.push(quote!(.text(#wire, &form.#f)));
            (format!("The text part named {}.", code(wire)), type_ref(types, p.ty))
        };
        let fdoc = docs(p.description.as_deref(), &[what]);
        if binaries {
            fields.push(quote! { #fdoc pub #f: #field_ty, });
            ctor_fields.push(quote!(#f: ::std::vec::Vec::new()));
            let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
            let sdoc = format!(" Sets the files of {}.", code(wire));
            vec_setters.push(quote! {
                #[doc = #sdoc]
                #[must_use]
                pub fn #setter(mut self, parts: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#file_part>>) -> Self {
                    self.#f = parts.into_iter().map(::std::convert::Into::into).collect();
                    self
                }
            });
        } else if p.required {
            fields.push(quote! { #fdoc pub #f: #field_ty, });
            if binary {
                ctor_args.push(quote!(#f: impl ::std::convert::Into<#file_part>));
                ctor_fields.push(quote!(#f: #f.into()));
            } else if is_string(types, p.ty) {
                ctor_args.push(quote!(#f: impl ::std::convert::Into<::std::string::String>));
                ctor_fields.push(quote!(#f: #f.into()));
            } else {
                ctor_args.push(quote!(#f: #field_ty));
                ctor_fields.push(quote!(#f));
            }
        } else {
            fields.push(quote! { #fdoc pub #f: ::std::option::Option<#field_ty>, });
            ctor_fields.push(quote!(#f: ::std::option::Option::None));
            let setter = format_ident!("with_{}", p.field_name.trim_start_matches("r#"));
            let sdoc = format!(" Sets {}.", code(wire));
            setters.push(quote! {
                #[doc = #sdoc]
                fn #setter(#f: #field_ty);
            });
        }
    }
    let allow = super::deprecation::allow(deprecated);
    let doc = format!(
        " The `multipart/form-data` body of `{}`, typed: files are [`FilePart`](crate::runtime::FilePart)s (bytes, a stream or a file, with a file name), other properties text or JSON parts. Converts into the [`Multipart`](crate::runtime::Multipart) body the method takes (as does a raw `reqwest::multipart::Form`).",
        op.fn_name
    );
    let setters = super::models::setters_item(&name, allow.clone(), &setters);
    let name_str = name.to_string();
    let (debug_derive, debug_impl) = if any_secret {
        (TokenStream::new(), quote! {
            #allow
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#name_str) #(#debug_fields)* .finish()
                }
            }
        })
    } else {
        (quote!(#[derive(Debug)]), TokenStream::new())
    };
    quote! {
        #[doc = #doc]
        #debug_derive
        #allow
        pub struct #name {
            #(#fields)*
        }

        #allow
        impl #name {
            /// A form with the required parts set and every optional one unset.
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_fields),* }
            }
            #(#vec_setters)*
        }

        #setters

        #debug_impl

        #allow
        impl ::std::convert::From<#name> for crate::runtime::Multipart {
            fn from(form: #name) -> Self {
                crate::runtime::Multipart::new() #(#parts)*
            }
        }
    }
}
