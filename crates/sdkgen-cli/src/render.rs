//! Diagnostics → miette reports with the source line and a caret under the position, or JSON.
//!
//! miette is given an excerpt, never the whole file: the line of the diagnostic and one line of
//! context either side, each cut to a window of [`WINDOW`] characters around the column when
//! longer than [`MAX_LINE_CHARS`] (a minified one-line JSON spec is one line of megabytes; miette
//! pads with format widths that panic past 65,535 columns). Line and column numbers printed are
//! those of the file, not of the excerpt. Rendering never panics.

use std::io::IsTerminal;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, Severity as MSeverity,
    SourceCode, SourceSpan, SpanContents,
};
use sdkgen::diagnostics::terminal_safe;
use sdkgen::{Diagnostic, Location, Severity};

/// Lines longer than this (characters) are shown as a window around the column.
pub const MAX_LINE_CHARS: usize = 200;

/// Characters of a long line shown around the column (half before, half after).
pub const WINDOW: usize = 160;

/// Start offsets of the lines of a text, computed once for all diagnostics of a file.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// Line `n` (1-based) without its line break, or `None` past the end.
    pub fn line(&self, n: usize) -> Option<&'t str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// Number of lines.
    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// A window of a line: its text (with `…` where cut) and the character index it starts at.
fn window(line: &str, first_char: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= MAX_LINE_CHARS {
        return (line.to_string(), 0);
    }
    let start = first_char.min(len.saturating_sub(WINDOW));
    let end = (start + WINDOW).min(len);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(end - start));
    if end < len {
        out.push('…');
    }
    (out, start)
}

/// Length in bytes of the token at the start of `rest`: a quoted JSON string, a mapping key up
/// to its `:`, or a scalar up to the line end (at least one character when there is one).
fn token_len(rest: &str) -> usize {
    if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return i + 2,
                _ => escaped = false,
            }
        }
        return rest.len();
    }
    let end = match rest.find(": ") {
        Some(i) => i,
        None if rest.ends_with(':') => rest.len() - 1,
        None => rest.trim_end().trim_end_matches('…').len(),
    };
    end.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// The source miette sees: a few (windowed) lines, numbered as in the file.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based file line of the excerpt's first line.
    first_line: usize,
    /// The label's span in `text`, and the 0-based file column it stands for.
    label: (usize, usize),
    column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = <str as SourceCode>::read_span(&self.text, span, before, after)?;
        let column = if before == 0 && after == 0 && span.offset() == self.label.0 { self.column } else { inner.column() };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// The excerpt around `loc`: lines `loc.line - 1 ..= loc.line + 1`, windowed around the column.
fn excerpt(file: &str, lines: &Lines<'_>, loc: Location) -> Option<Excerpt> {
    let line_no = loc.line.clamp(1, lines.count());
    let col = loc.col.max(1) - 1;
    let target = lines.line(line_no)?;
    let (_, start_char) = window(target, col.saturating_sub(WINDOW / 2));
    let first = line_no.saturating_sub(1).max(1);
    let last = (line_no + 1).min(lines.count());
    let mut text = String::new();
    let mut label = (0, 0);
    for n in first..=last {
        let Some(line) = lines.line(n) else { break };
        let (shown, shown_start) = window(line, start_char);
        // One character for one, so the column still points at the same character.
        let shown: String = shown.chars().map(|c| if c != '\t' && sdkgen::diagnostics::is_terminal_hazard(c) { '\u{FFFD}' } else { c }).collect();
        if n == line_no {
            // Byte offset of the column in the shown text (`…` first when cut).
            let skip = col.saturating_sub(shown_start);
            let prefix = if shown_start > 0 { '…'.len_utf8() } else { 0 };
            let body = &shown[prefix..];
            let at = body.char_indices().nth(skip).map_or(body.len(), |(i, _)| i);
            let offset = text.len() + prefix + at;
            label = (offset, token_len(&body[at..]));
        }
        text.push_str(&shown);
        if n < last {
            text.push('\n');
        }
    }
    Some(Excerpt { name: file.to_string(), text, first_line: first - 1, label, column: col })
}

/// Renders one diagnostic: `file:line:col` header, the source line with a caret-underline, the JSON
/// pointer and the hint.
pub fn render(file: &str, lines: &Lines<'_>, d: &Diagnostic) -> String {
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_with_miette(file, lines, d)));
    match rendered {
        Ok(Some(s)) => s,
        _ => d.render(file),
    }
}

fn render_with_miette(file: &str, lines: &Lines<'_>, d: &Diagnostic) -> Option<String> {
    // Spec text reaches the terminal only through `terminal_safe`.
    let file = &*terminal_safe(file);
    let message = terminal_safe(&d.message);
    let pointer = terminal_safe(&d.pointer);
    let mut m = MietteDiagnostic::new(message.to_string()).with_severity(match d.severity {
        Severity::Error => MSeverity::Error,
        Severity::Warning => MSeverity::Warning,
    });
    if let Some(help) = &d.help {
        m = m.with_help(terminal_safe(help).into_owned());
    }
    let header = match d.location {
        Some(l) => format!("{file}:{}:{}", l.line, l.col),
        None => file.to_string(),
    };
    let source = d.location.and_then(|loc| excerpt(file, lines, loc));
    match &source {
        Some(ex) => m = m.with_label(LabeledSpan::new_primary_with_span(Some(format!("at {pointer}")), ex.label)),
        None => m.message = format!("{} (at {pointer})", m.message),
    }
    let mut report = miette::Report::new(m);
    if let Some(ex) = source {
        report = report.with_source_code(ex);
    }
    let theme = if std::io::stderr().is_terminal() { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    handler.render_report(&mut out, report.as_ref()).ok()?;
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    Some(format!("{header}: {sev}: {message}\n{out}"))
}

/// Diagnostics sorted for printing: warnings first, errors last, each by position.
fn sorted(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.severity, d.file.clone(), d.location.map(|l| (l.line, l.col))));
    sorted
}

/// (errors, warnings).
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

/// Prints diagnostics to stderr, errors last; returns (errors, warnings). `read_other` gives the
/// text of a file the spec refers to (named as in [`Diagnostic::file`]), so the excerpt shown is
/// from the file the diagnostic is in.
pub fn print_all_with(file: &str, text: &str, read_other: &dyn Fn(&str) -> Option<String>, diagnostics: &[Diagnostic]) -> (usize, usize) {
    let mut texts: std::collections::BTreeMap<&str, Option<String>> = std::collections::BTreeMap::new();
    for d in diagnostics {
        if let Some(f) = d.file.as_deref() {
            texts.entry(f).or_insert_with(|| read_other(f));
        }
    }
    let root = Lines::new(text);
    let others: std::collections::BTreeMap<&str, Lines<'_>> =
        texts.iter().map(|(name, t)| (*name, Lines::new(t.as_deref().unwrap_or("")))).collect();
    for d in sorted(diagnostics) {
        match d.file.as_deref() {
            None => eprintln!("{}", render(file, &root, d)),
            Some(other) => {
                let name = d.file_name(file);
                match others.get(other).filter(|_| texts.get(other).is_some_and(Option::is_some)) {
                    Some(lines) => eprintln!("{}", render(&name, lines, d)),
                    None => eprintln!("{}", d.render(file)),
                }
            }
        }
    }
    counts(diagnostics)
}

/// One diagnostic of `--format json`.
#[derive(serde::Serialize)]
pub struct JsonDiagnostic<'d> {
    /// The file the diagnostic is about (the root spec, or a file it refers to).
    pub file: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// 1-based line, when located.
    pub line: Option<usize>,
    /// 1-based column (characters), when located.
    pub column: Option<usize>,
    /// JSON pointer into the document.
    pub pointer: &'d str,
    /// What is wrong.
    pub message: &'d str,
    /// How to fix it.
    pub help: Option<&'d str>,
}

/// The diagnostics of one file in the `--format json` shape, in printing order.
pub fn json_diagnostics<'d>(file: &'d str, diagnostics: &'d [Diagnostic]) -> Vec<JsonDiagnostic<'d>> {
    sorted(diagnostics)
        .into_iter()
        .map(|d| JsonDiagnostic {
            file: d.file_name(file),
            severity: d.severity,
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.col),
            pointer: &d.pointer,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, col: usize) -> Diagnostic {
        let mut d = Diagnostic::error("#/a", "bad").with_help("fix it");
        d.location = Some(Location { line, col });
        d
    }

    #[test]
    fn lines_and_tokens() {
        let t = "a: 1\r\nbé: x\n  c: 2\n";
        let l = Lines::new(t);
        assert_eq!(l.line(1), Some("a: 1"));
        assert_eq!(l.line(2), Some("bé: x"));
        assert_eq!(l.line(3), Some("  c: 2"));
        assert_eq!(l.line(9), None);
        assert_eq!(token_len("c: 2"), 1);
        assert_eq!(token_len("\"a\\\"b\":1"), 6);
        assert_eq!(token_len("x"), 1);
    }

    #[test]
    fn a_long_line_is_windowed_around_the_column() {
        // A minified JSON document: one line of 300,000 characters, the position far past 65,535.
        let mut text = String::from("{\"openapi\":\"3.0.3\",\"x\":\"");
        text.push_str(&"a".repeat(200_000));
        text.push_str("\",\"bad\":\"HERE\",\"y\":\"");
        text.push_str(&"b".repeat(100_000));
        text.push_str("\"}");
        let col = text.find("\"bad\"").unwrap() + 1;
        let lines = Lines::new(&text);
        let out = render_with_miette("spec.json", &lines, &diag(1, col)).expect("miette renders");
        assert!(out.starts_with(&format!("spec.json:1:{col}: error: bad")), "{out}");
        assert!(out.contains(&format!("spec.json:1:{col}]")), "miette's header keeps the file column:\n{out}");
        assert!(out.contains("\"bad\":\"HERE\""), "{out}");
        assert!(out.contains('…'), "{out}");
        assert!(out.len() < 2_000, "the excerpt is bounded: {} bytes", out.len());
        // The underline sits under `"bad"` (5 characters: `─┬─` plus one on each side).
        let source_line = out.lines().find(|l| l.contains("\"bad\"")).unwrap();
        let under_line = out.lines().find(|l| l.contains('┬')).unwrap();
        let column_of = |line: &str, pat: &str| line[..line.find(pat).unwrap()].chars().count();
        let start = column_of(source_line, "\"bad\"");
        assert_eq!(under_line.chars().skip(start).take(5).collect::<String>(), "──┬──", "{out}");
    }

    #[test]
    fn any_position_renders_without_panicking() {
        let texts = ["", "\n", "a", "a: 1\n", &"x".repeat(70_000), &format!("{}\n{}\n{}", "é".repeat(70_000), "y".repeat(10), "z".repeat(90_000))];
        for text in texts {
            let lines = Lines::new(text);
            for (line, col) in [(0, 0), (1, 1), (1, 65_536), (1, 69_999), (1, 70_000), (1, 70_001), (2, 5), (3, 89_999), (3, 1_000_000), (99, 99)] {
                let out = render("f", &lines, &diag(line, col));
                assert!(out.contains(&format!("f:{line}:{col}")), "{out}");
                assert!(out.len() < 4_000, "{} bytes", out.len());
            }
        }
    }

    #[test]
    fn spec_text_cannot_drive_the_terminal() {
        // A schema name with ANSI escapes, a bell and a bidi override, in the message, the pointer
        // and the source line.
        let text = "a: 1\nb\u{1b}[2J\u{7}\u{202e}: {$ref: '#/x'}\nc: 2\n";
        let lines = Lines::new(text);
        let mut d = Diagnostic::error("#/b\u{1b}[2J", "dangling `b\u{1b}[2J\u{202e}`").with_help("fix \u{1b}[1m");
        d.location = Some(Location { line: 2, col: 1 });
        for out in [render("spec\u{1b}.yaml", &lines, &d), d.render("spec\u{1b}.yaml")] {
            assert!(!out.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{out:?}");
            assert!(out.contains("\\u{1b}[2J"), "{out}");
        }
    }
}
