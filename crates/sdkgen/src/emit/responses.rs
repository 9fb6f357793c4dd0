//! Responses of an operation: its success type (one body type, or an enum by status when its 2xx
//! responses document different bodies), its error body type (one schema, or an enum by status
//! when its error responses document several), and the match arms that decode them. Arms are
//! disjoint: exact codes, then what is left of each range, then `default` as `_`. Decoding is
//! the runtime's (`Response::json`, `api_error_with`, ...); an arm only names it.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{docs, ident};
use super::services::Success;
use crate::ir::*;

/// What one response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No content.
    Empty,
    /// JSON of this type.
    Json(TypeId),
    /// Text.
    Text,
    /// Bytes (binary, or JSON without a schema).
    Bytes,
}

/// The shape of a response's preferred content.
pub fn shape(r: &Response) -> Shape {
    match r.content.as_ref().map(|c| (c.kind, c.ty)) {
        None => Shape::Empty,
        Some((BodyKind::Json, Some(t))) => Shape::Json(t),
        Some((BodyKind::Text, _)) => Shape::Text,
        Some(_) => Shape::Bytes,
    }
}

/// One variant of a success or error enum.
pub struct Outcome<'a> {
    /// The response.
    pub response: &'a Response,
    /// Variant name (`Ok`, `Created`, `NotFound`, `ClientError`, `Other`).
    pub variant: String,
    /// Its payload.
    pub shape: Shape,
}

fn is_2xx(s: Status) -> bool {
    match s {
        Status::Code(c) => (200..300).contains(&c),
        Status::Range(d) => d == 2,
        Status::Default => false,
    }
}

fn is_error(s: Status) -> bool {
    !s.is_success_or_redirect()
}

/// The variants of the success enum, when the 2xx responses document different bodies (two body
/// types, or a body next to a response without one). `None`: one body type everywhere.
pub fn success_variants(op: &Operation) -> Option<Vec<Outcome<'_>>> {
    let ok: Vec<&Response> = op.responses.iter().filter(|r| is_2xx(r.status)).collect();
    let mut distinct: Vec<Shape> = Vec::new();
    let mut empties = 0;
    for r in &ok {
        match shape(r) {
            Shape::Empty => empties += 1,
            s if !distinct.contains(&s) => distinct.push(s),
            _ => {}
        }
    }
    if distinct.is_empty() || (distinct.len() == 1 && empties == 0) {
        return None;
    }
    Some(ok.into_iter().map(|r| Outcome { response: r, variant: status_variant(r.status), shape: shape(r) }).collect())
}

/// The distinct JSON error body types of an operation, in spec order.
pub fn error_types(op: &Operation) -> Vec<TypeId> {
    let mut out = Vec::new();
    for r in op.responses.iter().filter(|r| is_error(r.status)) {
        if let Shape::Json(t) = shape(r) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The variants of the error body enum, when the error responses document several JSON body
/// types. `None`: one type (or none) everywhere.
pub fn error_variants(op: &Operation) -> Option<Vec<Outcome<'_>>> {
    if error_types(op).len() < 2 {
        return None;
    }
    Some(
        op.responses
            .iter()
            .filter(|r| is_error(r.status) && matches!(shape(r), Shape::Json(_)))
            .map(|r| Outcome { response: r, variant: status_variant(r.status), shape: shape(r) })
            .collect(),
    )
}

/// Name of the success enum of an operation.
pub fn success_enum_name(op: &Operation) -> String {
    format!("{}Success", op.type_stem)
}

/// Name of the error body enum of an operation.
pub fn error_enum_name(op: &Operation) -> String {
    format!("{}ErrorBody", op.type_stem)
}

/// A variant name for a status: the RFC 9110 reason phrase of a code (`NotFound`), the class of
/// a range (`ClientError`), `Other` for `default`, else `Status{code}`.
pub fn status_variant(s: Status) -> String {
    let name = match s {
        Status::Default => "Other",
        Status::Range(1) => "Informational",
        Status::Range(2) => "Success",
        Status::Range(3) => "Redirection",
        Status::Range(4) => "ClientError",
        Status::Range(5) => "ServerError",
        Status::Range(d) => return format!("Status{d}xx"),
        Status::Code(c) => match c {
            100 => "Continue",
            101 => "SwitchingProtocols",
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            208 => "AlreadyReported",
            226 => "ImUsed",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            407 => "ProxyAuthenticationRequired",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "ContentTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            421 => "MisdirectedRequest",
            422 => "UnprocessableContent",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            506 => "VariantAlsoNegotiates",
            507 => "InsufficientStorage",
            508 => "LoopDetected",
            511 => "NetworkAuthenticationRequired",
            c => return format!("Status{c}"),
        },
    };
    name.to_string()
}

/// How a status is written in docs: `404`, `4XX`, `default`.
pub fn status_label(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

fn payload(types: &TypeSpace, s: Shape) -> Option<TokenStream> {
    match s {
        Shape::Empty => None,
        Shape::Json(t) => Some(super::rust::element_ref(types, t)),
        Shape::Text => Some(quote!(::std::string::String)),
        Shape::Bytes => Some(quote!(::bytes::Bytes)),
    }
}

fn variant_tokens(types: &TypeSpace, o: &Outcome<'_>) -> TokenStream {
    let v = ident(&o.variant);
    let media = o.response.content.as_ref().map(|c| format!(", {}", super::doc::code(&c.media_type))).unwrap_or_default();
    let d = docs(Some(o.response.description.as_str()), &[format!("HTTP `{}`{media}.", status_label(o.response.status))]);
    match payload(types, o.shape) {
        Some(t) => quote! { #d #v(#t), },
        None => quote! { #d #v, },
    }
}

/// The success and error body enums of an operation (empty when it needs neither).
pub fn enums(types: &TypeSpace, op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(vs) = success_variants(op) {
        let doc = format!(" A success answer of `{}`, by status: each documented 2xx status has its variant.", op.fn_name);
        out.extend(body_enum(types, &success_enum_name(op), &doc, &vs));
    }
    if let Some(vs) = error_variants(op) {
        let doc = format!(
            " The documented error body of `{}`, by status: the `E` of its [`Error`](crate::Error). Exact codes win over ranges (`4XX`), ranges over `default`.",
            op.fn_name
        );
        out.extend(body_enum(types, &error_enum_name(op), &doc, &vs));
    }
    out
}

/// One enum of bodies by status, a variant per outcome.
fn body_enum(types: &TypeSpace, name: &str, doc: &str, outcomes: &[Outcome<'_>]) -> TokenStream {
    let name = ident(name);
    let variants = outcomes.iter().map(|o| variant_tokens(types, o));
    // Returned by value and matched at once: boxing a large variant would only add an
    // indirection to every use.
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// One match arm on the status code.
pub struct Arm {
    /// The pattern (`404u16`, `401u16..=403u16 | 405u16..=499u16`, `_`).
    pub pat: TokenStream,
    /// The expression (a `Result`).
    pub expr: TokenStream,
    /// The arm returns `Ok` on success (wrapped by `_with_headers`).
    pub ok: bool,
}

/// The part of `lo..=hi` not in `taken`, as a pattern; `None` when nothing is left.
fn range_pattern(lo: u16, hi: u16, taken: &BTreeSet<u16>) -> Option<TokenStream> {
    let mut parts = Vec::new();
    let mut start = lo;
    for c in taken.range(lo..=hi).copied().chain(std::iter::once(hi + 1)) {
        if c > start {
            let end = c - 1;
            parts.push(if start == end { quote!(#start) } else { quote!(#start..=#end) });
        }
        start = c + 1;
    }
    if parts.is_empty() { None } else { Some(quote!(#(#parts)|*)) }
}

/// How a JSON success body of type `id` is read: `resp.json()`, or through the runtime's
/// adapter when the body is itself a typed value (a bare array of date-times), so it is read as
/// tolerantly as in a model's field.
fn json_read(types: &TypeSpace, id: TypeId) -> TokenStream {
    match super::rust::element_adapter(types, id) {
        Some(a) => quote!(resp.json_as::<_, #a>()),
        None => quote!(resp.json()),
    }
}

/// The status arms of an operation, the last one `_`.
pub fn arms(types: &TypeSpace, op: &Operation, success: &Success) -> Vec<Arm> {
    let taken: BTreeSet<u16> = op.responses.iter().filter_map(|r| if let Status::Code(c) = r.status { Some(c) } else { None }).collect();
    let success_variants = success_variants(op);
    let success_enum = ident(&success_enum_name(op));
    let error_enum = error_variants(op).map(|_| ident(&error_enum_name(op)));
    let plain_error_type = !error_types(op).is_empty();

    let ok_expr = |r: &Response| -> TokenStream {
        if success_variants.is_some() {
            let v = ident(&status_variant(r.status));
            return match shape(r) {
                Shape::Empty => quote!(::std::result::Result::Ok(#success_enum::#v)),
                Shape::Json(t) => {
                    let read = json_read(types, t);
                    quote!(#read.map(#success_enum::#v))
                }
                Shape::Text => quote!(resp.text().map(#success_enum::#v)),
                Shape::Bytes => quote!(::std::result::Result::Ok(#success_enum::#v(resp.into_bytes()))),
            };
        }
        match success {
            Success::Empty => quote!(resp.empty()),
            Success::Json(t) => json_read(types, *t),
            Success::Variants(_) => quote!(resp.json()),
            Success::Bytes => quote!(::std::result::Result::Ok(resp.into_bytes())),
            Success::ByteStream | Success::Events(_) | Success::JsonLines(_) => super::streams::ok_expr(types, success),
            Success::Text => quote!(resp.text()),
            Success::Redirect => quote!(::std::result::Result::Ok(resp.redirect())),
        }
    };
    let err_expr = |r: &Response| -> TokenStream {
        match (&error_enum, shape(r)) {
            (Some(e), Shape::Json(_)) => {
                let v = ident(&status_variant(r.status));
                quote!(resp.api_err_with(#e::#v))
            }
            (None, Shape::Json(_)) => quote!(resp.api_err()),
            // No schema anywhere: the body is kept as JSON when it is JSON.
            _ if !plain_error_type => quote!(resp.api_err()),
            _ => quote!(resp.documented_err()),
        }
    };

    let mut out = Vec::new();
    let mut push = |r: &Response, pat: TokenStream| {
        let s = r.status;
        if is_2xx(s) {
            out.push(Arm { pat, expr: ok_expr(r), ok: true });
        } else if s.is_redirect() {
            if matches!(success, Success::Redirect) {
                out.push(Arm { pat, expr: ok_expr(r), ok: true });
            }
        } else {
            out.push(Arm { pat, expr: err_expr(r), ok: false });
        }
    };
    for r in op.responses.iter().filter(|r| matches!(r.status, Status::Code(_))) {
        if let Status::Code(c) = r.status {
            push(r, quote!(#c));
        }
    }
    for r in &op.responses {
        if let Status::Range(d) = r.status {
            if let Some(pat) = range_pattern(d * 100, d * 100 + 99, &taken) {
                push(r, pat);
            }
        }
    }
    // Every 3xx is a redirect to hand back, documented or not.
    if matches!(success, Success::Redirect) && !op.responses.iter().any(|r| r.status == Status::Range(3)) {
        if let Some(pat) = range_pattern(300, 399, &taken) {
            out.push(Arm { pat, expr: quote!(::std::result::Result::Ok(resp.redirect())), ok: true });
        }
    }
    let last = match op.responses.iter().find(|r| r.status == Status::Default) {
        Some(r) => err_expr(r),
        None => quote!(resp.unexpected_err()),
    };
    out.push(Arm { pat: quote!(_), expr: last, ok: false });
    out
}

/// `match resp.status().as_u16() { arms }`, or the one expression when `_` is the only arm.
/// With `with_headers`, every `Ok(v)` becomes `Ok((v, headers))`.
pub fn dispatch(arms: &[Arm], with_headers: bool) -> TokenStream {
    let render = |a: &Arm| {
        let expr = &a.expr;
        if with_headers && a.ok { quote!((#expr).map(|v| (v, headers))) } else { quote!(#expr) }
    };
    if let [only] = arms {
        return render(only);
    }
    let rendered = arms.iter().map(|a| {
        let pat = &a.pat;
        let e = render(a);
        quote!(#pat => #e,)
    });
    quote! {
        match resp.status().as_u16() {
            #(#rendered)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(lo: u16, hi: u16, taken: &[u16]) -> String {
        range_pattern(lo, hi, &taken.iter().copied().collect()).map(|t| t.to_string()).unwrap_or_default()
    }

    #[test]
    fn ranges_leave_out_exact_codes() {
        assert_eq!(pat(400, 499, &[]), "400u16 ..= 499u16");
        assert_eq!(pat(400, 499, &[400, 404, 429, 200]), "401u16 ..= 403u16 | 405u16 ..= 428u16 | 430u16 ..= 499u16");
        assert_eq!(pat(400, 499, &[401, 499]), "400u16 | 402u16 ..= 498u16");
        assert_eq!(pat(300, 399, &(300..=399).collect::<Vec<_>>()), "");
    }

    #[test]
    fn variant_names() {
        assert_eq!(status_variant(Status::Code(201)), "Created");
        assert_eq!(status_variant(Status::Code(429)), "TooManyRequests");
        assert_eq!(status_variant(Status::Code(299)), "Status299");
        assert_eq!(status_variant(Status::Range(4)), "ClientError");
        assert_eq!(status_variant(Status::Default), "Other");
    }
}
