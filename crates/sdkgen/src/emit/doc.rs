//! Spec text → documentation text: the one road every spec string takes into rustdoc and into
//! the Markdown pages. Spec text is untrusted; what comes out of here is safe wherever docs go:
//!
//! - [`code`]: a name (tag, schema, property, parameter, header, path, media type, server URL or
//!   variable, format, enum value, discriminator key, default, file name) as one inline code span.
//! - [`text`]: a description as Markdown paragraphs.
//! - [`cell`] / [`code_cell`]: the same for one cell of a Markdown table.
//! - [`line`]: one line of plain text for a `//` or `#` comment.
//!
//! The rules: no doctest can come from spec text (fences become ```` ```text ````, indented code
//! blocks become fenced `text` blocks), no intra-doc link (brackets escaped unless they form an
//! `http(s)`/`mailto` link), no raw HTML (`<`, `>` escaped unless they form an autolink), no bare
//! URL (wrapped in `<...>`), no unbalanced backtick (escaped), `*` and `_` escaped unless they
//! pair as emphasis, tabs expanded, and characters rustc rejects in doc comments (lone CR, other
//! control characters, bidirectional controls) removed from text and shown escaped in code.
//! Everything runs in time linear in the input.

use std::collections::HashMap;
use std::fmt::Write as _;

/// True for characters that never reach a doc comment as they are: control characters (a lone CR
/// is an error in a doc comment), bidirectional controls (rustc denies them in comments), line and
/// paragraph separators and the byte-order mark.
pub(crate) fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `c` written as an escape (`\n`, `\u{202e}`).
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// One line of plain text with every hazardous character escaped: for `//` and `#` comments and
/// other places where Markdown does not apply.
pub fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hazard(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` as one inline code span, valid anywhere in rustdoc and Markdown prose: one line (newlines
/// and other hazardous characters shown as escapes), delimited by a backtick string longer than
/// any inside, padded when it starts or ends with a backtick. An empty string reads `""`.
pub fn code(s: &str) -> String {
    if s.is_empty() {
        return "`\"\"`".into();
    }
    let mut content = String::with_capacity(s.len() + 2);
    let (mut run, mut longest) = (0usize, 0usize);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
        if is_hazard(c) {
            push_escaped(&mut content, c);
        } else {
            content.push(c);
        }
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each end when both are there, and a backtick at either end
    // would join the delimiter: pad.
    let pad = content.starts_with('`') || content.ends_with('`') || (content.starts_with(' ') && content.ends_with(' ') && !content.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// [`code`] for a cell of a Markdown table: pipes escaped (GFM splits cells before code spans).
pub fn code_cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// Line breaks normalised to `\n`; hazardous characters other than `\n` and `\t` removed.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if is_hazard(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Tabs expanded to the next multiple of four columns (clippy `tabs_in_doc_comments`).
fn expand_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\t') {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out.into()
}

/// The fence a line opens (its character and length), if it is a fence line: three or more
/// backticks (with an info string without backticks) or tildes, after any indentation.
fn fence_open(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    if len < 3 || (ch == '`' && trimmed[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

/// True when `trimmed` closes a fence of `ch` × `len` (CommonMark); `indent_ok` when its
/// indentation allows it (at most three columns, or as deep as the fence it closes).
fn fence_closes(trimmed: &str, indent_ok: bool, ch: char, len: usize) -> bool {
    let n = trimmed.chars().take_while(|c| *c == ch).count();
    indent_ok && n >= len && trimmed[n * ch.len_utf8()..].trim().is_empty()
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

/// A code block being copied: the author's fence (kept with its character and length, so it
/// closes exactly where it did) or an indented block (buffered, then fenced with more backticks
/// than any of its lines starts with).
enum Block {
    None,
    Fenced { ch: char, len: usize, indent: usize },
    Indented { strip: usize, lines: Vec<String>, blanks: usize },
}

/// Spec text (a description, a summary) as Markdown paragraphs safe in a doc comment. See the
/// module docs for the rules.
pub fn text(input: &str) -> String {
    render(input, false)
}

/// [`text`] for a Markdown page: also escapes what would restructure the page (headings, tables,
/// thematic breaks and setext underlines).
pub fn page_text(input: &str) -> String {
    render(input, true)
}

fn render(input: &str, page: bool) -> String {
    let norm = normalize(input);
    let mut out = String::with_capacity(norm.len() + 16);
    let mut block = Block::None;
    // Content column of the list item being continued (`- ` → 2, `1) ` → 3).
    let mut list: Option<usize> = None;
    // At the start or after a blank line (an indented line there opens a code block).
    let mut after_blank = true;
    for raw in norm.split('\n') {
        let expanded = expand_tabs(raw);
        let full: &str = &expanded;
        let trimmed = full.trim_start_matches(' ');
        let indent = full.len() - trimmed.len();
        match &mut block {
            Block::Fenced { ch, len, indent: opened_at } => {
                let (ch, len) = (*ch, *len);
                if fence_closes(trimmed, indent <= (*opened_at).max(3), ch, len) {
                    out.extend(std::iter::repeat_n(ch, len));
                    out.push('\n');
                    block = Block::None;
                    after_blank = true;
                } else {
                    out.push_str(full.trim_end());
                    out.push('\n');
                }
                continue;
            }
            Block::Indented { strip, lines, blanks } => {
                if trimmed.is_empty() {
                    *blanks += 1;
                    continue;
                }
                if indent >= *strip {
                    lines.extend(std::iter::repeat_n(String::new(), *blanks));
                    *blanks = 0;
                    lines.push(full[*strip..].trim_end().to_string());
                    continue;
                }
                let blanks = *blanks;
                flush_indented(&mut out, std::mem::replace(&mut block, Block::None));
                out.extend(std::iter::repeat_n('\n', blanks));
                after_blank = true;
            }
            Block::None => {}
        }
        if trimmed.is_empty() {
            out.push('\n');
            after_blank = true;
            continue;
        }
        let in_list = list.filter(|w| !after_blank || indent >= *w);
        if after_blank && indent >= in_list.unwrap_or(0) + 4 {
            // An indented code block (in a list item too: it is shown after the list).
            list = None;
            let strip = in_list.unwrap_or(0) + 4;
            block = Block::Indented { strip, lines: vec![full[strip..].trim_end().to_string()], blanks: 0 };
            continue;
        }
        if let Some((ch, len)) = fence_open(trimmed) {
            // Any other indentation: trimmed, it would open a fence.
            list = None;
            out.extend(std::iter::repeat_n(ch, len));
            out.push_str("text\n");
            block = Block::Fenced { ch, len, indent };
            continue;
        }
        let escape_block = page && (trimmed.starts_with(['#', '|', '=', '+']) || trimmed.starts_with("---") || trimmed.starts_with("***") || trimmed.starts_with("___"));
        if let Some(width) = list_marker_width(trimmed) {
            list = Some(width);
            out.push_str(&trimmed[..width]);
            inline(&trimmed[width..], false, &mut out);
            out.push('\n');
            after_blank = false;
            continue;
        }
        if let Some(width) = in_list {
            // A continuation of the item: at its content column (clippy `doc_lazy_continuation`).
            // After a blank line only a column below 4 is sure not to read as code.
            if !after_blank || width < 4 {
                out.extend(std::iter::repeat_n(' ', width));
            } else {
                list = None;
            }
        } else {
            list = None;
        }
        if escape_block {
            out.push('\\');
        }
        inline(trimmed, false, &mut out);
        out.push('\n');
        after_blank = false;
    }
    match block {
        Block::Fenced { ch, len, .. } => {
            out.extend(std::iter::repeat_n(ch, len));
            out.push('\n');
        }
        b @ Block::Indented { .. } => flush_indented(&mut out, b),
        Block::None => {}
    }
    let end = out.trim_end().len();
    out.truncate(end);
    // Leading blank lines carry nothing.
    let start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..start);
    out
}

/// Writes a buffered indented code block as a fenced `text` block.
fn flush_indented(out: &mut String, block: Block) {
    let Block::Indented { lines, .. } = block else { return };
    let longest = lines.iter().map(|l| l.trim_start().chars().take_while(|c| *c == '`').count()).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push_str(&fence);
    out.push_str("text\n");
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
}

/// Spec text in one cell of a Markdown table: one line (paragraphs joined with `<br><br>`, list
/// items with `<br>`), escaped like [`text`], pipes escaped.
pub fn cell(input: &str) -> String {
    let norm = normalize(input);
    let mut out = String::with_capacity(norm.len() + 8);
    let mut paragraph_open = false;
    let mut blank = false;
    for raw in norm.split('\n') {
        let l = raw.trim();
        if l.is_empty() {
            blank = true;
            continue;
        }
        let marker = list_marker_width(l);
        if paragraph_open {
            out.push_str(if blank {
                "<br><br>"
            } else if marker.is_some() {
                "<br>"
            } else {
                " "
            });
        }
        blank = false;
        paragraph_open = true;
        let l = l.replace('\t', " ");
        match marker {
            Some(w) => {
                out.push_str(&l[..w]);
                inline(&l[w..], false, &mut out);
            }
            None => inline(&l, false, &mut out),
        }
    }
    out.replace('|', "\\|")
}

/// One piece of an inline line: text already escaped, or a run of `*`/`_` that is emphasis only
/// if it finds a partner.
enum Piece {
    Text(String),
    Delim { ch: char, len: usize, open: bool, close: bool, start: usize, end: usize, keep: bool },
}

/// Character class for CommonMark's flanking rules.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Escapes one line of Markdown outside code blocks, appending to `out`. Code spans are kept as
/// they are; `[text](http...)` links are kept, other brackets escaped; `<` and `>` escaped except
/// in `<http...>` autolinks; bare URLs wrapped; unmatched backticks and unpaired `*`/`_` escaped.
/// `link_text` is set inside the text of a link (no links, autolinks or URLs there).
fn inline(line: &str, link_text: bool, out: &mut String) {
    let chars: Vec<char> = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    let n = chars.len();
    // Backtick runs: for each run start, the start of the next run of the same length.
    let mut run_len = vec![0usize; n];
    let mut next_same: HashMap<usize, usize> = HashMap::new();
    {
        let mut i = 0;
        let mut starts = Vec::new();
        while i < n {
            if chars[i] == '`' {
                let s = i;
                while i < n && chars[i] == '`' {
                    i += 1;
                }
                run_len[s] = i - s;
                starts.push(s);
            } else {
                i += 1;
            }
        }
        let mut last: HashMap<usize, usize> = HashMap::new();
        for &s in starts.iter().rev() {
            if let Some(&next) = last.get(&run_len[s]) {
                next_same.insert(s, next);
            }
            last.insert(run_len[s], s);
        }
    }
    // Next `)` and next `]`/`[` at or after each position (links in linear time).
    let mut next_paren = vec![n; n + 1];
    let mut next_bracket = vec![n; n + 1];
    for i in (0..n).rev() {
        next_paren[i] = if chars[i] == ')' { i } else { next_paren[i + 1] };
        next_bracket[i] = if chars[i] == ']' || chars[i] == '[' { i } else { next_bracket[i + 1] };
    }
    // Prefix count of non-alphanumeric characters (is a range one word?).
    let mut non_alnum = vec![0usize; n + 1];
    for i in 0..n {
        non_alnum[i + 1] = non_alnum[i] + usize::from(!chars[i].is_alphanumeric());
    }

    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'`') => {
                // An escaped backtick: the whole run after it stays literal.
                i += 1;
                while i < n && chars[i] == '`' {
                    text.push_str("\\`");
                    i += 1;
                }
            }
            '\\' if chars.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) => {
                text.push('\\');
                text.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let len = run_len[i];
                match next_same.get(&i) {
                    Some(&close) => {
                        // A code span: literal up to the closing run.
                        text.extend(&chars[i..close + len]);
                        i = close + len;
                    }
                    _ => {
                        for _ in 0..len {
                            text.push_str("\\`");
                        }
                        i += len;
                    }
                }
            }
            '*' | '_' => {
                let s = i;
                while i < n && chars[i] == c {
                    i += 1;
                }
                let prev = if s == 0 { ' ' } else { chars[s - 1] };
                let next = chars.get(i).copied().unwrap_or(' ');
                // CommonMark's flanking rules: could a renderer read this run as emphasis?
                let left = !next.is_whitespace() && (!is_punct(next) || prev.is_whitespace() || is_punct(prev));
                let right = !prev.is_whitespace() && (!is_punct(prev) || next.is_whitespace() || is_punct(next));
                let markdown = if c == '*' { left || right } else { (left && (!right || is_punct(prev))) || (right && (!left || is_punct(next))) };
                if markdown {
                    // Emphasis as authors write it: at word boundaries, around words (`*.json`,
                    // `a*b`, `prefix_` are not).
                    let open = (prev.is_whitespace() || matches!(prev, '(' | '"' | '\'' | '[' | '-')) && (next.is_alphanumeric() || matches!(next, '(' | '"' | '\'' | '`'));
                    let close = (prev.is_alphanumeric() || matches!(prev, ')' | '"' | '\'' | '`' | '.' | '!' | '?'))
                        && (next.is_whitespace() || matches!(next, ')' | '"' | '\'' | ']' | '.' | ',' | ';' | ':' | '!' | '?' | '-'));
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(Piece::Delim { ch: c, len: i - s, open, close, start: s, end: i, keep: false });
                } else {
                    // Neither opens nor closes (`snake_case`, `a * b`): literal as it is.
                    text.extend(&chars[s..i]);
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // No images: a remote image is raw HTML in all but name.
                text.push_str("\\!");
                i += 1;
            }
            '[' => {
                let close = next_bracket[i + 1];
                if !link_text && close < n && chars[close] == ']' && chars.get(close + 1) == Some(&'(') && next_paren[close + 2] < n {
                    let end = next_paren[close + 2];
                    let label: String = chars[i + 1..close].iter().collect();
                    let url: String = chars[close + 2..end].iter().collect();
                    let url = url.trim();
                    let url = if url.starts_with("http") { url.replace(' ', "%20") } else { url.to_string() };
                    let safe = (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:"))
                        && !url.chars().any(|c| matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '`' | '\\' | '"' | '\'') || c.is_whitespace());
                    if safe {
                        text.push('[');
                        inline(&label, true, &mut text);
                        text.push_str("](");
                        text.push_str(&url);
                        text.push(')');
                    } else {
                        // A link to something that is not a URL would be read as an intra-doc link.
                        inline(&label, true, &mut text);
                        text.push_str(" (");
                        inline(&url, true, &mut text);
                        text.push(')');
                    }
                    i = end + 1;
                    continue;
                }
                text.push_str("\\[");
                i += 1;
            }
            ']' => {
                text.push_str("\\]");
                i += 1;
            }
            '<' => {
                // An autolink runs to the next `>` with no space or `<` in between.
                let mut j = i + 1;
                while j < n && !matches!(chars[j], '<' | '>') && !chars[j].is_whitespace() {
                    j += 1;
                }
                if !link_text && j < n && chars[j] == '>' && starts_with_url(&chars[i + 1..j]) && !chars[i + 1..j].contains(&'`') {
                    text.extend(&chars[i..=j]);
                    i = j + 1;
                    continue;
                }
                text.push_str("&lt;");
                i += 1;
            }
            '>' => {
                text.push_str("&gt;");
                i += 1;
            }
            'h' if !link_text && starts_with_url(&chars[i..]) => {
                let mut end = i;
                while end < n && !chars[end].is_whitespace() && !matches!(chars[end], ')' | '(' | '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '\\') {
                    end += 1;
                }
                while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_') {
                    end -= 1;
                }
                text.push('<');
                text.extend(&chars[i..end]);
                text.push('>');
                i = end;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    pieces.push(Piece::Text(text));

    // Pair emphasis: each closer takes the nearest open opener of the same character and length.
    let mut open: HashMap<(char, usize), Vec<usize>> = HashMap::new();
    for k in 0..pieces.len() {
        let Piece::Delim { ch, len, open: can_open, close: can_close, .. } = pieces[k] else { continue };
        if can_close {
            if let Some(o) = open.get_mut(&(ch, len)).and_then(Vec::pop) {
                let Piece::Delim { end: inner_start, .. } = pieces[o] else { continue };
                let start = match pieces[k] {
                    Piece::Delim { start, .. } => start,
                    Piece::Text(_) => continue,
                };
                // `__init__` is a name, not bold.
                let dunder = ch == '_' && len == 2 && non_alnum[start] == non_alnum[inner_start];
                if !dunder {
                    for p in [o, k] {
                        if let Piece::Delim { keep, .. } = &mut pieces[p] {
                            *keep = true;
                        }
                    }
                }
                continue;
            }
        }
        if can_open {
            open.entry((ch, len)).or_default().push(k);
        }
    }
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Delim { ch, len, keep: true, .. } => out.extend(std::iter::repeat_n(ch, len)),
            Piece::Delim { ch, len, .. } => {
                for _ in 0..len {
                    out.push('\\');
                    out.push(ch);
                }
            }
        }
    }
}

fn starts_with_url(chars: &[char]) -> bool {
    let head = |p: &str| chars.len() > p.len() && chars.iter().zip(p.chars()).all(|(a, b)| *a == b);
    head("http://") || head("https://")
}

#[cfg(test)]
mod tests {
    use super::{cell, code, line, text};

    #[test]
    fn neutralises_rustdoc_hazards() {
        assert_eq!(text("see [RFC](https://x.test/a) and [Foo]"), "see [RFC](https://x.test/a) and \\[Foo\\]");
        assert_eq!(text("```\nfn main() {}\n```"), "```text\nfn main() {}\n```");
        assert_eq!(text("```rust\npanic!()"), "```text\npanic!()\n```");
        assert_eq!(text("a <b>bold</b> <https://x.test>"), "a &lt;b&gt;bold&lt;/b&gt; <https://x.test>");
        assert_eq!(text("go to https://x.test/a."), "go to <https://x.test/a>.");
        assert_eq!(text("[RFC-6749](The OAuth 2.0 Framework)"), "RFC-6749 (The OAuth 2.0 Framework)");
        assert_eq!(text("*/ \"quoted\" #[attr]"), "\\*/ \"quoted\" #\\[attr\\]");
        assert_eq!(text("1) a\nmore\n- b\n  more\n\nafter"), "1) a\n   more\n- b\n  more\n\nafter");
        assert_eq!(text("![tracker](https://x.test/p.png)"), "\\![tracker](https://x.test/p.png)");
        assert_eq!(text("[a](javascript:alert(1))"), "a (javascript:alert(1))");
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        // An indented block after a blank line is code: a `text` fence, as the author meant.
        assert_eq!(text("Example:\n\n    let x = 1;\n      y();\n\nafter"), "Example:\n\n```text\nlet x = 1;\n  y();\n```\n\nafter");
        // Indented right after a paragraph line: a lazy continuation, not code.
        assert_eq!(text("para\n    more"), "para\nmore");
        // A fence anywhere (indented, tilde, longer) becomes a `text` fence with the same marker.
        assert_eq!(text("x\n    ```\n    code\n    ```"), "x\n```text\n    code\n```");
        assert_eq!(text("~~~~ rust\n```\n~~~~"), "~~~~text\n```\n~~~~");
        // An indented block holding a fence line gets a longer fence.
        assert_eq!(text("\n    ```\n    x"), "````text\n```\nx\n````");
        // Info strings with backticks do not open fences: an inline code span.
        assert_eq!(text("```x``` y"), "```x``` y");
        // Tabs expand to spaces, in code too.
        assert_eq!(text("a\tb\n\n\tcode\there"), "a   b\n\n```text\ncode    here\n```");
        // In a list item, code is indented past the content column.
        assert_eq!(text("- item\n\n  more\n\n      code"), "- item\n\n  more\n\n```text\ncode\n```");
        // `10.` continuations after a blank line are not indented 4 columns (that would be code).
        assert_eq!(text("10. item\n\n    more"), "10. item\n\nmore");
    }

    #[test]
    fn backticks_and_emphasis_read_as_meant() {
        assert_eq!(text("odd `tick"), "odd \\`tick");
        assert_eq!(text("``a`b`` and `c` but ` alone"), "``a`b`` and `c` but \\` alone");
        assert_eq!(text("files *.json or *.yaml, glob a*b*"), "files \\*.json or \\*.yaml, glob a\\*b\\*");
        assert_eq!(text("*really* **bold** _it_ snake_case_name __init__"), "*really* **bold** _it_ snake_case_name \\_\\_init\\_\\_");
        assert_eq!(text("prefix_ and _suffix"), "prefix\\_ and \\_suffix");
        assert_eq!(text("escaped \\* stays"), "escaped \\* stays");
    }

    #[test]
    fn hazardous_characters_are_removed_or_escaped() {
        let bidi = "a\u{202E}b\u{2066}c\u{200F}\u{0007}d";
        assert_eq!(text(bidi), "abcd");
        assert_eq!(code(bidi), "`a\\u{202e}b\\u{2066}c\\u{200f}\\u{7}d`");
        assert_eq!(text("one\rtwo\r\nthree"), "one\ntwo\nthree");
        assert_eq!(line("spec\n.yaml\r"), "spec\\n.yaml\\r");
    }

    #[test]
    fn code_spans_are_one_line_and_closed() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`"), "`` ` ``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code("\n    fn main() {}"), "`\\n    fn main() {}`");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(super::code_cell("a|b"), "`a\\|b`");
    }

    #[test]
    fn cells_cannot_break_a_table() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(cell("one\n\ntwo"), "one<br><br>two");
        assert_eq!(cell("list:\n- x\n- y"), "list:<br>- x<br>- y");
        assert_eq!(cell("<script>alert(1)</script> & co"), "&lt;script&gt;alert(1)&lt;/script&gt; & co");
        assert_eq!(cell("odd ` tick"), "odd \\` tick");
        assert!(!cell("x\r\n| --- |\r\ny").contains('\n'));
        assert_eq!(cell("```rust\nfn x() {}\n```"), "\\`\\`\\`rust fn x() {} \\`\\`\\`");
    }

    /// Hundreds of thousands of brackets, angle brackets, backticks and emphasis characters:
    /// linear work, well within a generous bound (a quadratic scan takes minutes here).
    #[test]
    fn sanitising_is_linear() {
        let started = std::time::Instant::now();
        for unit in ["<", "[", "`", "*", "_", "[a](", "<a", "` ", "*a ", "h", "https://", "\\", "!["] {
            let s = unit.repeat(500_000 / unit.len());
            let t = text(&s);
            assert!(t.len() >= s.len() / 2, "{unit}");
            let c = cell(&s);
            assert!(!c.is_empty());
            let line_of_lines = format!("{unit}\n").repeat(100_000);
            assert!(!text(&line_of_lines).is_empty());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "took {:?}", started.elapsed());
    }
}
