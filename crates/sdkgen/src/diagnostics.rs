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
    /// The file `location` is in, when it is not the root spec (a file the spec refers to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Box<str>>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, pointer: pointer.into(), message: message.into(), help: None, location: None, file: None }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), message: message.into(), help: None, location: None, file: None }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The file the diagnostic is in, for a root spec named `root`: `root` itself, or the other
    /// file (named relative to the root spec's folder) joined onto that folder.
    pub fn file_name(&self, root: &str) -> String {
        let Some(other) = self.file.as_deref() else { return root.to_string() };
        let mut parts: Vec<&str> = match root.rfind(['/', '\\']) {
            Some(i) => root[..i].split(['/', '\\']).collect(),
            None => Vec::new(),
        };
        for seg in other.split('/') {
            match seg {
                ".." if parts.last().is_some_and(|p| !p.is_empty() && *p != "." && *p != "..") => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        parts.join("/")
    }

    /// Renders as `file:line:col: error: message` plus pointer and hint lines (`file` is the root
    /// spec's name; see [`Diagnostic::file_name`]).
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = self.file_name(file);
        let (file, message) = (terminal_safe(&file), terminal_safe(&self.message));
        match self.location {
            Some(l) => out.push_str(&format!("{file}:{}:{}: {sev}: {message}\n", l.line, l.col)),
            None => out.push_str(&format!("{file}: {sev}: {message}\n")),
        }
        out.push_str(&format!("  at {}\n", terminal_safe(&self.pointer)));
        if let Some(help) = &self.help {
            out.push_str(&format!("  help: {}\n", terminal_safe(help)));
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

/// True for characters that must not reach a terminal from spec text: control characters (ANSI
/// escape sequences start with ESC), and the invisible format characters that reorder or hide
/// text (bidirectional controls, zero-width characters, byte-order mark).
pub fn is_terminal_hazard(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Spec text made safe to print on a terminal: each hazardous character (see
/// [`is_terminal_hazard`]) is shown as a `\u{..}` escape, so a name in a spec cannot move the
/// cursor, recolour or hide what a diagnostic says.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_terminal_hazard) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_hazard(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn other_files_are_named_from_the_root_spec_folder() {
        let mut d = Diagnostic::error("#/Pet", "bad");
        assert_eq!(d.file_name("specs/api/openapi.yaml"), "specs/api/openapi.yaml");
        d.file = Some("models/pet.yaml".into());
        assert_eq!(d.file_name("specs/api/openapi.yaml"), "specs/api/models/pet.yaml");
        assert_eq!(d.file_name("openapi.yaml"), "models/pet.yaml");
        d.file = Some("../shared/x.json".into());
        assert_eq!(d.file_name("specs/api/openapi.yaml"), "specs/shared/x.json");
        assert_eq!(d.file_name("openapi.yaml"), "../shared/x.json");
        assert!(d.render("specs/api/openapi.yaml").starts_with("specs/shared/x.json: error: bad"));
    }

    #[test]
    fn spec_text_cannot_drive_the_terminal() {
        assert_eq!(terminal_safe("plain `name`"), "plain `name`");
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{7}"), "a\\u{1b}[31mred\\u{7}");
        assert_eq!(terminal_safe("x\u{202e}y\r\nz"), "x\\u{202e}y\\u{d}\\u{a}z");
        let d = Diagnostic::error("#/components/schemas/\u{1b}]0;title\u{7}", "schema `\u{1b}[2J` is bad").with_help("rename \u{1b}[1m");
        let r = d.render("spec\u{1b}.yaml");
        assert!(!r.contains('\u{1b}') && !r.contains('\u{7}'), "{r:?}");
        assert!(r.contains("schema `\\u{1b}[2J` is bad"), "{r}");
    }
}
