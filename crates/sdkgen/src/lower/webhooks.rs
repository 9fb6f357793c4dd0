//! Webhooks (OpenAPI 3.1 `webhooks`, normalized to the callback
//! `components/callbacks/x-sdkgen-webhooks`): each operation's request body is lowered like an
//! operation's, so its payload models are generated; the webhooks themselves are listed in the
//! docs. No client method is generated for them (the API sends them; it does not receive them).

use openapiv3::ReferenceOr;

use super::{Cx, method_of, resolve};
use crate::diagnostics::{self, Diagnostic};
use crate::ir::{RequestBody, Webhook};
use crate::names;
use crate::normalize::v31::WEBHOOKS;

impl<'a> Cx<'a> {
    /// The document's webhooks, in spec order, their payload types lowered.
    pub(super) fn webhooks(&mut self) -> Vec<Webhook> {
        let mut out = Vec::new();
        let Some(ReferenceOr::Item(callback)) = self.components().and_then(|c| c.callbacks.get(WEBHOOKS)) else { return out };
        let base = format!("#/components/callbacks/{WEBHOOKS}");
        for (name, item) in callback {
            let item_pointer = diagnostics::join(&base, name);
            for (method_str, op) in item.iter() {
                let Some(method) = method_of(method_str) else { continue };
                let pointer = diagnostics::join(&item_pointer, method_str);
                let stem = names::pascal(op.operation_id.as_deref().filter(|id| !id.trim().is_empty()).unwrap_or(name));
                let payload = op.request_body.as_ref().and_then(|b| self.webhook_payload(b, &pointer, &stem));
                out.push(Webhook {
                    name: name.clone(),
                    method,
                    operation_id: op.operation_id.clone(),
                    summary: op.summary.clone().or_else(|| item.summary.clone()),
                    description: op.description.clone().or_else(|| item.description.clone()),
                    payload,
                    pointer,
                });
            }
        }
        out
    }

    fn webhook_payload(&mut self, body: &'a ReferenceOr<openapiv3::RequestBody>, pointer: &str, stem: &str) -> Option<RequestBody> {
        let pointer = format!("{pointer}/requestBody");
        let (b, comp_name) = match resolve(body, self.components().map(|c| &c.request_bodies), "#/components/requestBodies/") {
            Ok(x) => x,
            Err(msg) => {
                self.diagnostics.push(Diagnostic::error(&pointer, msg).with_help("define it under components/requestBodies"));
                return None;
            }
        };
        let pointer = comp_name.as_ref().map(|n| diagnostics::join("#/components/requestBodies", n)).unwrap_or(pointer);
        let name = comp_name.map(|n| names::pascal(&n)).unwrap_or_else(|| format!("{stem}Payload"));
        let content = self.content(&b.content, &pointer, &name)?;
        Some(RequestBody { required: b.required, description: b.description.clone(), content, alternatives: b.content.keys().cloned().collect() })
    }
}
