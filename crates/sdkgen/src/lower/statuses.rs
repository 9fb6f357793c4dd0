//! Checks of an operation's response statuses: where the spec's precedence (exact code, then
//! range, then `default`) may not be what its author meant.

use crate::diagnostics::Diagnostic;
use crate::ir::*;

/// A warning for each `1XX`..`5XX` range that documents another body than `default`: a status of
/// that range not listed individually could be read as either; sdkgen reads it as the range's.
pub fn range_default_overlaps(responses: &[Response], pointer: &str) -> Vec<Diagnostic> {
    let body = |r: &Response| r.content.as_ref().map(|c| (c.kind, c.ty));
    let Some(default) = responses.iter().find(|r| r.status == Status::Default) else { return Vec::new() };
    responses
        .iter()
        .filter_map(|r| match r.status {
            Status::Range(d) if !(2..=3).contains(&d) && body(r) != body(default) => Some(
                Diagnostic::warning(
                    format!("{pointer}/responses/{d}XX"),
                    format!("`{d}XX` and `default` document different bodies, so a {d}xx status not listed on its own matches both"),
                )
                .with_help(format!("sdkgen follows OpenAPI's precedence: such a status is decoded as the `{d}XX` body; list the statuses that need another body, or give both the same schema")),
            ),
            _ => None,
        })
        .collect()
}
