//! The methods of a paged operation (`ir::Pagination`): `<op>_pages`, a stream of whole pages
//! that hands the runtime's paginator (`runtime::pagination::pages`) the operation's request
//! statements, its status dispatch and a `Paging` constant; and `<op>_stream`, the stream of its
//! items. Nothing for other operations. The walking itself is the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::{OperationParts, Success, method_link, sent_request, sibling_name};
use crate::emit::rust::element_ref;
use crate::ir::*;

/// `(pages method, stream method)` of `op`, or nothing when it does not page.
pub(super) fn methods(api: &Api, service: &Service, op: &Operation, parts: &OperationParts) -> TokenStream {
    let Some(p) = &op.pagination else { return TokenStream::new() };
    if !matches!(parts.success, Success::Json(_)) {
        return TokenStream::new();
    }
    // A copy of the body for each page's request: JSON and form bodies only.
    let body_copy = match &op.request_body {
        None => TokenStream::new(),
        Some(b) if !matches!(b.content.kind, BodyKind::Json | BodyKind::Form) => return TokenStream::new(),
        Some(b) if b.required => quote!(let body = body.clone();),
        Some(_) => quote!(let body = body.cloned();),
    };
    let body_ref = match &op.request_body {
        None => TokenStream::new(),
        Some(b) if b.required => quote!(let body = &body;),
        Some(_) => quote!(let body = body.as_ref();),
    };
    let params_copy = if super::params_name(op).is_some() { quote!(let params = params.clone();) } else { TokenStream::new() };
    let params_ref = if super::params_name(op).is_some() { quote!(let params = &params;) } else { TokenStream::new() };
    let OperationParts { ok_ty, err_ty, args, attrs, .. } = parts;
    let request = sent_request(parts);
    let dispatch = crate::emit::responses::dispatch(&crate::emit::responses::arms(&api.types, op, &parts.success), false);
    let paging = paging_tokens(p);
    let item_ty = element_ref(&api.types, p.item_ty);
    let pages_name = sibling_name(service, op, "_pages");
    let pages_fn = crate::emit::rust::ident(&pages_name);
    let stream_fn = crate::emit::rust::ident(&sibling_name(service, op, "_stream"));
    let call_args: Vec<TokenStream> = args.iter().map(|a| {
        // `params: &X` → `params`.
        let name = a.clone().into_iter().next();
        quote!(#name)
    }).collect();
    let how = describe(p);
    let errors = format!(
        "# Errors\n\nEach item is `Err` as {} returns it, for the page it fails on; then the stream ends. [`Error::Pagination`](crate::Error::Pagination) when the server sends a next cursor or link it already sent, the same page twice, or a link to another origin (the walk would never end or would leave the API).",
        method_link(&op.fn_name)
    );
    let pages_doc = crate::emit::rust::docs(
        None,
        &[
            format!("The pages of {}, as a stream: each page is requested when the stream is polled for it, {how}", method_link(&op.fn_name)),
            "The walk ends after a page without a next page, an empty page, or a page shorter than the page size sent.".to_string(),
            errors.clone(),
        ],
    );
    let stream_doc = crate::emit::rust::docs(
        None,
        &[
            format!("Every item of every page of {}, in order; the pages are requested as the stream is polled (see {}).", method_link(&op.fn_name), method_link(&pages_name)),
            errors,
        ],
    );
    quote! {
        #pages_doc
        #attrs
        pub fn #pages_fn(&self, #(#args),*) -> impl ::futures_util::stream::Stream<Item = ::std::result::Result<crate::runtime::Page<#ok_ty>, crate::Error<#err_ty>>> + 'a {
            #params_copy
            #body_copy
            crate::runtime::pagination::pages(
                self.core,
                #paging,
                move || {
                    #params_ref
                    #body_ref
                    #request
                    ::std::result::Result::Ok(req)
                },
                |resp| #dispatch,
            )
        }

        #stream_doc
        #attrs
        pub fn #stream_fn(&self, #(#args),*) -> impl ::futures_util::stream::Stream<Item = ::std::result::Result<#item_ty, crate::Error<#err_ty>>> + 'a {
            crate::runtime::pagination::items::<_, #item_ty, _>(self.#pages_fn(#(#call_args),*))
        }
    }
}

/// How the next page is found, in words, for the docs (spec names as code, no links).
fn describe(p: &Pagination) -> String {
    let code = crate::emit::doc::code;
    let source = |s: &PageSource| match s {
        PageSource::Body(ptr) if ptr.is_empty() => "the body".to_string(),
        PageSource::Body(ptr) => format!("the body's {}", code(ptr)),
        PageSource::Header(h) => format!("the {} header", code(h)),
    };
    match &p.style {
        PaginationStyle::Cursor { param, next } => format!("each with {} set to the cursor that {} of the page before gives.", code(&param.name), source(next)),
        PaginationStyle::Offset { param, .. } => format!("{} advanced by the items received.", code(&param.name)),
        PaginationStyle::PageNumber { param, .. } => format!("{} advanced by one.", code(&param.name)),
        PaginationStyle::Link => "following the `Link` header's `rel=\"next\"` target (RFC 8288).".to_string(),
        PaginationStyle::NextUrl { next } => format!("following the URL {} gives.", source(next)),
    }
}

fn param_tokens(p: &PageParam) -> TokenStream {
    let name = &p.name;
    let location = if p.location == ParameterLocation::Header { quote!(Header) } else { quote!(Query) };
    quote!(crate::runtime::PageParam { name: #name, location: crate::runtime::ParamIn::#location })
}

fn option_param(p: &Option<PageParam>) -> TokenStream {
    match p {
        Some(p) => {
            let t = param_tokens(p);
            quote!(::std::option::Option::Some(#t))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn source_tokens(s: &PageSource) -> TokenStream {
    match s {
        PageSource::Body(p) => quote!(crate::runtime::PageSource::Body(#p)),
        PageSource::Header(h) => quote!(crate::runtime::PageSource::Header(#h)),
    }
}

/// The `runtime::Paging` value of an operation.
fn paging_tokens(p: &Pagination) -> TokenStream {
    let style = match &p.style {
        PaginationStyle::Cursor { param, next } => {
            let (param, next) = (param_tokens(param), source_tokens(next));
            quote!(crate::runtime::PagingStyle::Cursor { param: #param, next: #next })
        }
        PaginationStyle::Offset { param, limit } => {
            let (param, limit) = (param_tokens(param), option_param(limit));
            quote!(crate::runtime::PagingStyle::Offset { param: #param, limit: #limit })
        }
        PaginationStyle::PageNumber { param, first, limit } => {
            let (param, limit) = (param_tokens(param), option_param(limit));
            quote!(crate::runtime::PagingStyle::PageNumber { param: #param, first: #first, limit: #limit })
        }
        PaginationStyle::Link => quote!(crate::runtime::PagingStyle::Link),
        PaginationStyle::NextUrl { next } => {
            let next = source_tokens(next);
            quote!(crate::runtime::PagingStyle::NextUrl { next: #next })
        }
    };
    let items = &p.items;
    let has_more = match &p.has_more {
        Some(h) => quote!(::std::option::Option::Some(#h)),
        None => quote!(::std::option::Option::None),
    };
    quote!(crate::runtime::Paging { style: #style, items: #items, has_more: #has_more })
}
