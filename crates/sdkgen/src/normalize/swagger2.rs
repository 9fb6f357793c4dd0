//! Swagger 2.0 → OpenAPI 3.0.

use super::Normalized;
use crate::diagnostics::Diagnostic;

/// Converts a Swagger 2.0 document in place.
pub fn convert(_doc: &mut Normalized) -> Result<(), Vec<Diagnostic>> {
    Err(vec![Diagnostic::error("#/swagger", "Swagger 2.0 is not read yet").with_help("convert the description to OpenAPI 3.0 first")])
}
