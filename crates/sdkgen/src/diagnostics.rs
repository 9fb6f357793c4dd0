//! Diagnostics: what the loader and the lowering say about a spec. Collected, never thrown; the
//! library never panics on spec input. Rendering with file:line:col lives here too.

use std::fmt;

/// How bad a diagnostic is. `Error` means the output would be wrong or incomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec is accepted; something was guessed or skipped and the user should know.
    Warning,
    /// The spec (or this part of it) cannot be turned into correct code.
    Error,
}

/// A 1-based line and column in a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Line, starting at 1.
    pub line: usize,
    /// Column, starting at 1 (characters).
    pub col: usize,
}

/// One finding about a spec: where (JSON pointer, and file:line:col once located), what, and a hint.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// JSON pointer into the spec document, e.g. `#/paths/~1token/post`.
    pub pointer: String,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it, or what sdkgen did instead.
    pub help: Option<String>,
    /// Source position of `pointer`, filled in by [`crate::Spec::locate_all`].
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, pointer: pointer.into(), message: message.into(), help: None, location: None }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), message: message.into(), help: None, location: None }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders as `file:line:col: error: message` plus pointer and hint lines.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.location {
            Some(l) => out.push_str(&format!("{file}:{}:{}: {sev}: {}\n", l.line, l.col, self.message)),
            None => out.push_str(&format!("{file}: {sev}: {}\n", self.message)),
        }
        out.push_str(&format!("  at {}\n", self.pointer));
        if let Some(help) = &self.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Escapes one JSON pointer segment (RFC 6901 §3: `~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends an escaped segment to a pointer.
pub fn join(pointer: &str, segment: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + segment.len() + 1);
    p.push_str(pointer);
    p.push('/');
    p.push_str(&escape_segment(segment));
    p
}

/// True when at least one diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
