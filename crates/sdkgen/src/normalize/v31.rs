//! OpenAPI 3.1 → OpenAPI 3.0 (+ `x-sdkgen-*` extensions for what 3.0 cannot say).

use super::Normalized;
use crate::diagnostics::Diagnostic;

/// Converts an OpenAPI 3.1 document in place. Today: 3.1 documents that stay within 3.0's
/// vocabulary pass unchanged.
pub fn convert(_doc: &mut Normalized) -> Result<(), Vec<Diagnostic>> {
    Ok(())
}
