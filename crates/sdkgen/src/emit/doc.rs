//! Spec text → rustdoc-safe Markdown. Spec text is untrusted: it reaches Rust only as the string
//! of a `#[doc = ...]` attribute built by `quote`, and here it is made harmless for rustdoc: no
//! doctests (fences become ```` ```text ````, indentation is dropped), no broken intra-doc links
//! (lone `[x]` is escaped), no raw HTML (`<` is escaped unless it opens an autolink), bare URLs
//! wrapped in `<...>`, and an unterminated fence is closed.

/// Makes `text` safe to put in a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    // Width of the marker of the list item being continued (`- ` → 2, `1) ` → 3): lazy
    // continuation lines are indented to its content column (clippy's `doc_lazy_continuation`).
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || in_fence || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            list_indent = None;
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            out.extend(std::iter::repeat_n(' ', width));
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push_str("```\n");
            } else {
                out.push_str("```text\n");
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            // Inside a fence everything is literal text; only a fence could end it.
            out.push_str(line);
            out.push('\n');
            continue;
        }
        out.push_str(&inline(trimmed));
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_string()
}

/// Escapes one line of Markdown outside code.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // Keep `[text](url)` links whose text has no nested brackets; escape the rest.
                if let Some(close) = chars[i + 1..].iter().position(|&c| c == ']' || c == '[').map(|p| p + i + 1) {
                    if chars[close] == ']' && chars.get(close + 1) == Some(&'(') {
                        if let Some(end) = chars[close + 2..].iter().position(|&c| c == ')').map(|p| p + close + 2) {
                            let text: String = chars[i + 1..close].iter().collect();
                            let url: String = chars[close + 2..end].iter().collect();
                            if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
                                out.push('[');
                                out.push_str(&inline(&text));
                                out.push_str("](");
                                out.push_str(&url.replace(' ', "%20"));
                                out.push(')');
                            } else {
                                // A link to something that is not a URL would be read as an intra-doc link.
                                out.push_str(&inline(&text));
                                out.push_str(" (");
                                out.push_str(&escape_plain(&url));
                                out.push(')');
                            }
                            i = end + 1;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                if let Some(end) = rest.find('>') {
                    let inner = &rest[..end];
                    if (inner.starts_with("http://") || inner.starts_with("https://")) && !inner.contains(' ') {
                        out.push('<');
                        out.push_str(inner);
                        out.push('>');
                        i += end + 2;
                        continue;
                    }
                }
                out.push_str("&lt;");
            }
            '>' => out.push_str("&gt;"),
            'h' if starts_with_url(&chars[i..]) => {
                let end = chars[i..].iter().position(|c| c.is_whitespace() || *c == ')' || *c == '>' || *c == '"' || *c == '`').map(|p| p + i).unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trail = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trail.insert(0, url.pop().unwrap_or('.'));
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trail);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unbalanced backtick would swallow the next line's text: close it.
        out.push('`');
    }
    out
}

/// Width of a Markdown list marker and its space (`- `, `* `, `+ `, `12. `, `3) `) at the start of
/// `line`, if it starts with one.
fn list_marker_width(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if matches!(b.first(), Some(b'-' | b'*' | b'+')) && b.get(1) == Some(&b' ') {
        return Some(2);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')')) && b.get(digits + 1) == Some(&b' ') {
        return Some(digits + 2);
    }
    None
}

fn escape_plain(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]").replace('<', "&lt;").replace('>', "&gt;")
}

fn starts_with_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn neutralises_rustdoc_hazards() {
        assert_eq!(sanitize("see [RFC](https://x.test/a) and [Foo]"), "see [RFC](https://x.test/a) and \\[Foo\\]");
        assert_eq!(sanitize("```\nfn main() {}\n```"), "```text\nfn main() {}\n```");
        assert_eq!(sanitize("```rust\npanic!()"), "```text\npanic!()\n```");
        assert_eq!(sanitize("    indented code"), "indented code");
        assert_eq!(sanitize("a <b>bold</b> <https://x.test>"), "a &lt;b&gt;bold&lt;/b&gt; <https://x.test>");
        assert_eq!(sanitize("go to https://x.test/a."), "go to <https://x.test/a>.");
        assert_eq!(sanitize("[RFC-6749](The OAuth 2.0 Framework)"), "RFC-6749 (The OAuth 2.0 Framework)");
        assert_eq!(sanitize("odd `tick"), "odd `tick`");
        assert_eq!(sanitize("*/ \"quoted\" #[attr]"), "*/ \"quoted\" #\\[attr\\]");
        assert_eq!(sanitize("1) a\nmore\n- b\n  more\n\nafter"), "1) a\n   more\n- b\n  more\n\nafter");
    }
}
