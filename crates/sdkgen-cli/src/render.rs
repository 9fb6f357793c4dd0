//! Diagnostics → miette reports with the source line and a caret under the position.

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Severity as MSeverity};
use sdkgen::{Diagnostic, Location, Severity};

/// Byte offset of a 1-based line and (character) column in `text`, clamped to the text.
pub fn offset_of(text: &str, loc: Location) -> usize {
    let mut line_start = 0;
    for _ in 1..loc.line.max(1) {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let col = line.char_indices().nth(loc.col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    line_start + col
}

/// Length of the token at `offset`: a mapping key up to its `:`, or a scalar up to the line end.
fn token_len(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let line = line.trim_end_matches('\r');
    let end = match line.find(": ") {
        Some(i) => i,
        None if line.ends_with(':') => line.len() - 1,
        None => line.trim_end().len(),
    };
    end.max(usize::from(offset < text.len()))
}

/// Renders one diagnostic: `file:line:col` header, the source line with a caret-underline, the JSON
/// pointer and the hint.
pub fn render(file: &str, text: &str, d: &Diagnostic) -> String {
    let mut m = MietteDiagnostic::new(d.message.clone()).with_severity(match d.severity {
        Severity::Error => MSeverity::Error,
        Severity::Warning => MSeverity::Warning,
    });
    if let Some(help) = &d.help {
        m = m.with_help(help.clone());
    }
    let header = match d.location {
        Some(l) => format!("{file}:{}:{}", l.line, l.col),
        None => file.to_string(),
    };
    if let Some(loc) = d.location {
        let offset = offset_of(text, loc);
        let len = token_len(text, offset);
        m = m.with_label(LabeledSpan::new_primary_with_span(Some(format!("at {}", d.pointer)), (offset, len)));
    } else {
        m.message = format!("{} (at {})", m.message, d.pointer);
    }
    let report = miette::Report::new(m).with_source_code(NamedSource::new(file, text.to_string()));
    let theme = if std::io::stderr().is_terminal() { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return d.render(file);
    }
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{header}: {sev}: {}\n{out}", d.message)
}

/// Prints diagnostics to stderr, errors last; returns (errors, warnings).
pub fn print_all(file: &str, text: &str, diagnostics: &[Diagnostic]) -> (usize, usize) {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.severity, d.location.map(|l| (l.line, l.col))));
    for d in &sorted {
        eprintln!("{}", render(file, text, d));
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        let t = "a: 1\nbé: x\n  c: 2\n";
        assert_eq!(offset_of(t, Location { line: 1, col: 1 }), 0);
        assert_eq!(offset_of(t, Location { line: 2, col: 4 }), 9);
        assert_eq!(offset_of(t, Location { line: 3, col: 3 }), 14);
        assert_eq!(offset_of(t, Location { line: 9, col: 1 }), t.len());
        assert_eq!(token_len(t, 14), 1);
    }
}
