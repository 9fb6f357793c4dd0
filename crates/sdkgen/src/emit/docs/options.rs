//! The documentation examples of per-request options and hooks: a call through a service's
//! `with_options` (README and every service page) and a hook registered on the builder
//! (README). Built from the same helpers as the other examples, so they compile as the others
//! do (`tests/doc_snippets.rs`).

use crate::ir::{Api, Method, Operation, ParameterLocation, Service};
use crate::settings::Settings;

use super::{Examples, Shadowed, call, client_builder, program, show_result};

/// Whether `op` declares an idempotency header (a header parameter named `Idempotency-Key`, in
/// any case): the runtime then sends a generated key when the call has none.
pub(super) fn declares_idempotency_key(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.location == ParameterLocation::Header && p.name.eq_ignore_ascii_case("idempotency-key"))
}

/// The operation the README's example calls: the first GET without a body (its call is the
/// shortest), else the first operation.
pub(super) fn readme_target(api: &Api) -> Option<(&Service, &Operation)> {
    let all = || api.services.iter().flat_map(|s| s.operations.iter().map(move |op| (s, op)));
    all().find(|(_, op)| op.method == Method::Get && op.request_body.is_none()).or_else(|| all().next())
}

/// A program calling `op` of `service` with a timeout, a header and, when the operation declares
/// an idempotency header, a key of the caller's, through `with_options`.
pub(super) fn options_snippet(api: &Api, settings: &Settings, shadowed: &Shadowed, service: &Service, op: &Operation) -> String {
    let lib = settings.lib_name();
    let mut ex = Examples::new(api, shadowed);
    let params = ex.params(op, &[], false, 0);
    let (setup, call_expr) = call(&mut ex, service, op, params, None);
    let (builder, root) = client_builder(api, settings, &op.security);
    let mut root: Vec<&str> = root.iter().map(String::as_str).collect();
    root.push("RequestOptions");
    let key = if declares_idempotency_key(op) { "\n    .idempotency_key(\"order-2024-0001\")" } else { "" };
    let with = call_expr.replacen("().", "().with_options(&options).", 1);
    let body = format!(
        "{builder}\n\n// For the calls made through this service value only; the plain call is unchanged.\nlet options = RequestOptions::new()\n    .timeout(Duration::from_secs(5))\n    .header(\"X-Request-Id\", \"req-42\"){key};\n{setup}{}",
        show_result(op, &with)
    );
    program(&format!("use std::time::Duration;\n\n{}", ex.uses(&lib, &root)), &body)
}

/// A program that registers a hook signing each attempt and logging each response.
pub(super) fn hooks_snippet(api: &Api, settings: &Settings, shadowed: &Shadowed) -> String {
    let lib = settings.lib_name();
    let (builder, root) = client_builder(api, settings, &[]);
    let mut root: Vec<&str> = root.iter().map(String::as_str).collect();
    root.push("Hook");
    let builder = builder.replacen("    .build()?;", "    .hook(Signer { key_id: \"key-1\" })\n    .build()?;", 1);
    let uses = Examples::new(api, shadowed).uses(&lib, &root);
    let hook = format!(
        "use {lib}::runtime::{{AttemptInfo, HookError, HttpRequest, ResponseInfo}};\n\n/// Adds a header to every attempt and logs every response.\nstruct Signer {{\n    key_id: &'static str,\n}}\n\nimpl Hook for Signer {{\n    fn before_send(&self, request: &mut HttpRequest, _info: &AttemptInfo<'_>) -> Result<(), HookError> {{\n        request.headers_mut().insert(\"x-key-id\", self.key_id.parse()?);\n        Ok(())\n    }}\n\n    fn after_response(&self, response: &ResponseInfo<'_>, info: &AttemptInfo<'_>) -> Result<(), HookError> {{\n        let operation = info.operation_id.unwrap_or(\"-\");\n        eprintln!(\"{{operation}} attempt {{}}: {{}} in {{:?}}\", info.attempt, response.status, response.elapsed);\n        Ok(())\n    }}\n}}\n"
    );
    program(&format!("{uses}{hook}"), &format!("{builder}\nlet _ = client;"))
}
