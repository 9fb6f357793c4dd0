//! Loading: spec text (YAML 1.2 or JSON) → `serde_json::Value` → `openapiv3::OpenAPI`, with
//! file:line:col for any JSON pointer. Reads, never writes; never panics on any input.
//!
//! YAML is read with `saphyr-parser` (a maintained, pure-Rust YAML 1.2 parser) and resolved with the
//! YAML 1.2 core schema here, so `Off`/`On`/`yes`/`no` stay strings and `1.10` stays a number.
//! JSON is YAML 1.2, so one reader serves both.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use crate::diagnostics::{self, Diagnostic, Location};
use crate::normalize::{Dialect, NoFiles, Origins, Resolver, Source};

pub use crate::limits::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH, MAX_DUPLICATE_KEY_WARNINGS};

/// A loaded spec: its file name, source text and the parsed OpenAPI document; JSON pointers are
/// located in the source on demand.
pub struct Spec {
    /// File name used in diagnostics.
    pub file: String,
    /// The document.
    pub openapi: openapiv3::OpenAPI,
    /// Warnings found while reading (duplicate mapping keys), located.
    pub diagnostics: Vec<Diagnostic>,
    source: String,
    /// Where parts of the normalized document came from (Swagger 2.0 and 3.1 conversion, bundling).
    origins: Origins,
    /// The other files the spec refers to (index 1 onwards in `origins`).
    others: Vec<Source>,
    /// The user wrote Swagger 2.0: diagnostics name its sections, not the converted ones.
    swagger2: bool,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec").field("file", &self.file).finish_non_exhaustive()
    }
}

impl Spec {
    fn new(file: &str, source: String) -> Spec {
        Spec { file: file.to_string(), openapi: empty_openapi(), diagnostics: Vec::new(), source, origins: Origins::default(), others: Vec::new(), swagger2: false }
    }

    /// Source position of a JSON pointer (`#/a/b`) of the root file, or of its nearest existing
    /// ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut found = locate_many(&self.source, &[pointer]);
        found.pop().flatten()
    }

    /// The other files the spec refers to, as read.
    pub fn other_sources(&self) -> &[Source] {
        &self.others
    }

    /// Fills in `location` (and `file`, when it is not the root file) for every diagnostic, with
    /// one pass over each source. Pointers into the normalized document are traced back to where
    /// the user wrote them, and the diagnostic's `pointer` becomes that one (in its `file`).
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        let mut wanted: Vec<Vec<(usize, String)>> = vec![Vec::new(); self.others.len() + 1];
        if self.swagger2 {
            for d in diagnostics.iter_mut() {
                d.message = swagger2_words(&d.message);
                d.help = d.help.as_deref().map(swagger2_words);
            }
        }
        for (i, d) in diagnostics.iter().enumerate() {
            if d.location.is_none() {
                let (file, pointer) = self.origins.resolve(&d.pointer);
                if let Some(w) = wanted.get_mut(file) {
                    w.push((i, pointer));
                }
            }
        }
        for (file, w) in wanted.into_iter().enumerate() {
            if w.is_empty() {
                continue;
            }
            let text = if file == 0 { &self.source } else { &self.others[file - 1].text };
            let pointers: Vec<&str> = w.iter().map(|(_, p)| p.as_str()).collect();
            let found = locate_many(text, &pointers);
            for ((i, pointer), at) in w.iter().zip(found) {
                let d = &mut diagnostics[*i];
                d.location = at;
                // The pointer the user wrote (in the file named), not the normalized one.
                d.pointer.clone_from(pointer);
                if file > 0 {
                    d.file = Some(self.others[file - 1].name.as_str().into());
                }
            }
        }
    }
}

/// A diagnostic's text in Swagger 2.0's words: the sections a 2.0 document has in place of the
/// OpenAPI 3.0 ones it was converted to (`#/definitions/Pet`, not `#/components/schemas/Pet`).
fn swagger2_words(text: &str) -> String {
    const WORDS: [(&str, &str); 4] = [
        ("components/schemas", "definitions"),
        ("components/parameters", "parameters"),
        ("components/responses", "responses"),
        ("components/securitySchemes", "securityDefinitions"),
    ];
    let mut out = text.to_string();
    for (v3, v2) in WORDS {
        if out.contains(v3) {
            out = out.replace(&format!("#/{v3}/"), &format!("#/{v2}/")).replace(v3, v2);
        }
    }
    out
}

/// Positions of several pointers (each, or its nearest existing ancestor) in one walk that only
/// builds pointer strings inside subtrees leading to a wanted pointer.
pub fn locate_many(source: &str, pointers: &[&str]) -> Vec<Option<Location>> {
    let normal: Vec<String> = pointers.iter().map(|p| p.trim_start_matches('#').to_string()).collect();
    let mut prefixes: HashSet<String> = HashSet::new();
    for p in &normal {
        let mut cur = p.as_str();
        loop {
            prefixes.insert(cur.to_string());
            match cur.rfind('/') {
                Some(i) => cur = &cur[..i],
                None => break,
            }
        }
    }
    let mut index: HashMap<String, Location> = HashMap::new();
    let _ = walk(source, Some(&prefixes), &mut |p, l, _| {
        index.entry(p.to_string()).or_insert(l);
    }, None);
    normal
        .iter()
        .map(|p| {
            let mut cur = p.clone();
            loop {
                if let Some(l) = index.get(&cur) {
                    return Some(*l);
                }
                match cur.rfind('/') {
                    Some(i) => cur.truncate(i),
                    None => return index.get("").copied().or(Some(Location { line: 1, col: 1 })),
                }
            }
        })
        .collect()
}

/// Parses YAML or JSON text into a JSON value. Errors carry line:col.
pub fn parse_value(text: &str) -> Result<Value, Diagnostic> {
    walk(text, None, &mut |_, _, _| {}, None)
}

/// Like [`parse_value`], with a warning for every duplicate mapping key (both positions; the
/// later value is kept, as JSON parsers and `serde_json` do).
pub fn parse_value_with_warnings(text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostic> {
    let mut dups: Vec<(String, Location)> = Vec::new();
    let value = walk(text, None, &mut |_, _, _| {}, Some(&mut dups))?;
    let mut warnings = Vec::new();
    if dups.is_empty() {
        return Ok((value, warnings));
    }
    let extra = dups.len().saturating_sub(MAX_DUPLICATE_KEY_WARNINGS);
    dups.truncate(MAX_DUPLICATE_KEY_WARNINGS);
    // Where each duplicated key occurs: one more walk, only when there are duplicates.
    let mut prefixes: HashSet<String> = HashSet::new();
    for (p, _) in &dups {
        let mut cur = p.trim_start_matches('#');
        loop {
            prefixes.insert(cur.to_string());
            match cur.rfind('/') {
                Some(i) => cur = &cur[..i],
                None => break,
            }
        }
    }
    let wanted: HashSet<&str> = dups.iter().map(|(p, _)| p.trim_start_matches('#')).collect();
    let mut keys: HashMap<String, Vec<Location>> = HashMap::new();
    let _ = walk(text, Some(&prefixes), &mut |p, l, is_key| {
        if is_key && wanted.contains(p) {
            keys.entry(p.to_string()).or_default().push(l);
        }
    }, None);
    for (pointer, at) in dups {
        let key = pointer.rsplit('/').next().unwrap_or("").replace("~1", "/").replace("~0", "~");
        let first = keys.get(pointer.trim_start_matches('#')).and_then(|v| v.first().copied()).filter(|l| *l != at);
        let also = first.map(|l| format!(" (first at line {}, column {})", l.line, l.col)).unwrap_or_default();
        let mut d = Diagnostic::warning(pointer, format!("duplicate mapping key `{key}`{also}"))
            .with_help("keys of a mapping must be unique; sdkgen keeps the later value");
        d.location = Some(at);
        warnings.push(d);
    }
    if extra > 0 {
        let mut d = Diagnostic::warning("#", format!("{extra} more duplicate mapping keys are not reported"));
        d.location = Some(Location { line: 1, col: 1 });
        warnings.push(d);
    }
    Ok((value, warnings))
}

/// A JSON document with its UTF-16 surrogate escapes joined: JSON writers escape characters
/// outside the Basic Multilingual Plane as pairs (`"\ud83e\udd80"` for 🦀, RFC 8259 §7), which
/// the YAML parser rejects as invalid code points. A pair becomes the character itself, a lone
/// surrogate `\ufffd` (U+FFFD, as a JSON parser decoding it leniently would). Only JSON text
/// (starting with `{`) is changed: there every backslash is inside a string, and in YAML a plain
/// scalar may hold `\ud83e` as text.
fn join_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let json = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
    if !json || !(text.contains("\\ud") || text.contains("\\uD")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    // The value of a `\uXXXX` escape at `i` (the backslash), if there is one.
    let escape = |i: usize| -> Option<u32> {
        if bytes.get(i) != Some(&b'\\') || bytes.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = text.get(i + 2..i + 6)?;
        u32::from_str_radix(hex, 16).ok().filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escaped backslash (`\\`) is one character: skip both.
        if bytes.get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        match escape(i) {
            Some(high @ 0xD800..=0xDBFF) => {
                out.push_str(&text[copied..i]);
                match escape(i + 6).filter(|low| (0xDC00..=0xDFFF).contains(low)) {
                    Some(low) => {
                        let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).unwrap_or('\u{fffd}');
                        out.push(c);
                        i += 12;
                    }
                    None => {
                        out.push_str("\\ufffd");
                        i += 6;
                    }
                }
                copied = i;
            }
            Some(0xDC00..=0xDFFF) => {
                out.push_str(&text[copied..i]);
                out.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            _ => i += 2,
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Loads and parses a spec given as text (it cannot refer to other files). On failure returns the
/// diagnostics (with locations).
pub fn load(file: &str, text: String) -> Result<Spec, Vec<Diagnostic>> {
    load_with(file, text, &NoFiles)
}

/// Loads and parses a spec whose references to other files are read through `resolver`.
pub fn load_with(file: &str, text: String, resolver: &dyn Resolver) -> Result<Spec, Vec<Diagnostic>> {
    load_profiled(file, text, resolver, &mut crate::profile::Profile::default())
}

/// [`load_with`], recording the time of each step in `profile`.
pub fn load_profiled(file: &str, text: String, resolver: &dyn Resolver, profile: &mut crate::profile::Profile) -> Result<Spec, Vec<Diagnostic>> {
    let t = std::time::Instant::now();
    if text.len() > crate::limits::MAX_DOCUMENT_BYTES {
        let mut d = Diagnostic::error("#", format!("the document is larger than {} MiB (sdkgen's limit)", crate::limits::MAX_DOCUMENT_BYTES >> 20))
            .with_help("split the description, or generate from the parts you need");
        d.location = Some(Location { line: 1, col: 1 });
        return Err(vec![d]);
    }
    let text = match join_surrogate_escapes(&text) {
        std::borrow::Cow::Owned(joined) => joined,
        std::borrow::Cow::Borrowed(_) => text,
    };
    let (value, warnings) = parse_value_with_warnings(&text).map_err(|d| vec![d])?;
    let t = profile.lap("parse YAML/JSON → value", t);
    if !value.is_object() {
        let mut d = Diagnostic::error("#", "the document is not a mapping, so it is not an OpenAPI description")
            .with_help("an OpenAPI file starts with `openapi: 3.0.3`, `info:` and `paths:`");
        d.location = Some(Location { line: 1, col: 1 });
        return Err(vec![d]);
    }
    let Some(dialect) = Dialect::of(&value) else {
        let spec = Spec::new(file, text);
        let (pointer, version) = match (value.get("openapi"), value.get("swagger")) {
            (Some(v), _) => ("#/openapi", v.as_str().map_or_else(|| v.to_string(), str::to_string)),
            (None, Some(v)) => ("#/swagger", v.as_str().map_or_else(|| v.to_string(), str::to_string)),
            (None, None) => ("#", "(missing)".to_string()),
        };
        let mut d = Diagnostic::error(pointer, format!("unsupported OpenAPI version {version:?}"))
            .with_help("sdkgen reads OpenAPI 3.0.x and 3.1.x (`openapi: 3.1.0`) and Swagger 2.0 (`swagger: \"2.0\"`)");
        d.location = spec.locate(pointer);
        return Err(vec![d]);
    };
    let mut spec = Spec::new(file, text);
    spec.swagger2 = dialect == Dialect::Swagger2;
    let normalized = match crate::normalize::normalize(value, dialect, resolver) {
        Ok(n) => n,
        Err(mut errors) => {
            spec.locate_all(&mut errors);
            return Err(errors);
        }
    };
    let t = profile.lap("normalize (dialect, bundle $refs)", t);
    spec.origins = normalized.origins;
    spec.others = normalized.others;
    let mut warnings = warnings;
    let mut found = normalized.diagnostics;
    spec.locate_all(&mut found);
    warnings.append(&mut found);
    let mut value = normalized.document;
    // Numbers beyond 64 bits in schema keywords, and keys the deserializer would drop silently:
    // on the normalized document, so every dialect and every referenced file is covered.
    let mut late = crate::numbers::normalize(&mut value);
    late.append(&mut crate::keys::check(&value));
    late.append(&mut crate::keywords::check(&value));
    spec.locate_all(&mut late);
    warnings.append(&mut late);
    let t = profile.lap("check numbers and keys", t);
    // Every nested object is checked once on its own first: deserializing a document with an
    // invalid node deep inside costs time exponential in its depth (see `shallow`).
    let mut invalid = crate::shallow::check(&value);
    if dialect != Dialect::OpenApi30 {
        // The check reads the converted document; say what the user's text is read as.
        let (from, schema) = if dialect == Dialect::Swagger2 { ("Swagger 2.0", "Swagger 2.0 schema") } else { ("OpenAPI 3.1", "OpenAPI 3.1 schema") };
        for d in &mut invalid {
            if let Some(rest) = d.message.strip_prefix("not a valid OpenAPI 3.0 object: ") {
                d.message = format!("not a valid {from} object: {rest}");
                d.help = Some(format!("check this node against the {schema} (types, required fields, `$ref` form)"));
            }
        }
    }
    if !invalid.is_empty() {
        spec.locate_all(&mut invalid);
        return Err(invalid);
    }
    let t = profile.lap("check each node once (shallow)", t);
    // Plain deserialization; only an unforeseen failure pays for tracking the path of the error.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value) {
        spec.openapi = openapi;
        spec.diagnostics = warnings;
        drop(value);
        profile.lap("deserialize openapiv3 (and free the value)", t);
        return Ok(spec);
    }
    let result: Result<openapiv3::OpenAPI, _> = serde_path_to_error::deserialize(&value);
    match result {
        Ok(openapi) => {
            spec.openapi = openapi;
            spec.diagnostics = warnings;
            Ok(spec)
        }
        Err(err) => {
            let mut pointer = String::from("#");
            for seg in err.path().iter() {
                let s = match seg {
                    serde_path_to_error::Segment::Seq { index } => index.to_string(),
                    serde_path_to_error::Segment::Map { key } => key.clone(),
                    serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                    serde_path_to_error::Segment::Unknown => continue,
                };
                pointer = diagnostics::join(&pointer, &s);
            }
            let mut d = Diagnostic::error(pointer, format!("not a valid OpenAPI object: {}", err.inner()))
                .with_help("check this node against the OpenAPI schema of the document's version (types, required fields, `$ref` form)");
            spec.locate_all(std::slice::from_mut(&mut d));
            Err(vec![d])
        }
    }
}

fn empty_openapi() -> openapiv3::OpenAPI {
    openapiv3::OpenAPI { openapi: "3.0.3".into(), ..Default::default() }
}

enum Frame {
    Seq(Vec<Value>, Option<usize>),
    Map(Map<String, Value>, Option<String>, Option<usize>),
}

/// Walks YAML events building a JSON value; `on_node(pointer, location, is_key)` is called for
/// every node (and mapping key) when the pointer is tracked (used by the location index).
/// Duplicate mapping keys are pushed to `dups` (pointer, location of the later key).
fn walk(
    text: &str,
    filter: Option<&HashSet<String>>,
    on_node: &mut dyn FnMut(&str, Location, bool),
    mut dups: Option<&mut Vec<(String, Location)>>,
) -> Result<Value, Diagnostic> {
    let track = filter.is_some();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    // Per open container: is its pointer a prefix of a wanted pointer? Pointers are only built there.
    let mut interesting: Vec<bool> = Vec::new();
    // Anchored values with their size (nodes, bytes), so an alias costs O(1) to account for.
    let mut anchors: HashMap<usize, (Value, usize, usize)> = HashMap::new();
    let mut alias_nodes: usize = 0;
    let mut alias_bytes: usize = 0;
    // Location of the last key read in each open mapping (for duplicate-key warnings).
    let mut key_locs: Vec<Location> = Vec::new();
    let mut root: Option<Value> = None;
    let mut parser = Parser::new_from_str(text);
    let err_at = |line: usize, col: usize, msg: String| {
        let mut d = Diagnostic::error("#", msg).with_help("fix the YAML/JSON syntax at this position");
        d.location = Some(Location { line, col: col + 1 });
        d
    };
    let limit_at = |line: usize, col: usize, msg: String| {
        let mut d = Diagnostic::error("#", msg)
            .with_help("a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); use fewer aliases or nest less, e.g. move schemas to components/schemas");
        d.location = Some(Location { line, col: col + 1 });
        d
    };
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                return Err(err_at(e.marker().line(), e.marker().col(), format!("invalid YAML: {}", e.info())));
            }
        };
        let loc = Location { line: span.start.line(), col: span.start.col() + 1 };
        let node: Option<(Value, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::Nothing => None,
            Event::DocumentEnd => {
                if root.is_some() {
                    break;
                }
                None
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((v, nodes, bytes)) => {
                    // Aliases of aliases grow exponentially ("billion laughs"), and an alias of a
                    // long string repeats it: cap the nodes and the bytes they add.
                    alias_nodes += nodes;
                    alias_bytes += bytes;
                    if alias_nodes > MAX_ALIAS_NODES {
                        return Err(limit_at(
                            loc.line,
                            loc.col - 1,
                            format!("YAML aliases expand to more than {MAX_ALIAS_NODES} nodes; sdkgen stops here"),
                        ));
                    }
                    if alias_bytes > MAX_ALIAS_BYTES {
                        return Err(limit_at(
                            loc.line,
                            loc.col - 1,
                            format!("YAML aliases expand to more than {} MiB of text; sdkgen stops here", MAX_ALIAS_BYTES >> 20),
                        ));
                    }
                    Some((v.clone(), 0))
                }
                None => return Err(err_at(loc.line, loc.col - 1, "alias to an unknown anchor".into())),
            },
            Event::Scalar(text, style, anchor, tag) => {
                // A scalar used as a mapping key is recorded by the parent frame.
                if let Some(Frame::Map(_, key @ None, _)) = stack.last_mut() {
                    *key = Some(text.into_owned());
                    if let Some(l) = key_locs.last_mut() {
                        *l = loc;
                    }
                    if track && interesting.last().copied().unwrap_or(true) {
                        let mut p = pointer_of(&path);
                        p.push('/');
                        p.push_str(&diagnostics::escape_segment(key.as_deref().unwrap_or("")));
                        on_node(&p, loc, true);
                    }
                    continue;
                }
                let tag_suffix = tag.as_ref().map(|t| t.suffix.clone());
                let v = resolve_scalar(&text, style, tag_suffix.as_deref());
                Some((v, anchor))
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(limit_at(loc.line, loc.col - 1, format!("document nested deeper than {MAX_DEPTH} levels (sdkgen's limit; move inner schemas to components/schemas)")));
                }
                if track {
                    if interesting.last().copied().unwrap_or(true) {
                        let p = child_pointer(&stack, &path);
                        on_node(&p, loc, false);
                        interesting.push(filter.is_some_and(|f| f.contains(&p)));
                    } else {
                        interesting.push(false);
                    }
                    push_path(&stack, &mut path);
                }
                stack.push(Frame::Seq(Vec::new(), nz(anchor)));
                key_locs.push(loc);
                None
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(limit_at(loc.line, loc.col - 1, format!("document nested deeper than {MAX_DEPTH} levels (sdkgen's limit; move inner schemas to components/schemas)")));
                }
                if let Some(Frame::Map(_, None, _)) = stack.last() {
                    return Err(err_at(loc.line, loc.col - 1, "complex mapping keys are not supported".into()));
                }
                if track {
                    if interesting.last().copied().unwrap_or(true) {
                        let p = child_pointer(&stack, &path);
                        on_node(&p, loc, false);
                        interesting.push(filter.is_some_and(|f| f.contains(&p)));
                    } else {
                        interesting.push(false);
                    }
                    push_path(&stack, &mut path);
                }
                stack.push(Frame::Map(Map::new(), None, nz(anchor)));
                key_locs.push(loc);
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor)) => {
                    key_locs.pop();
                    path.pop();
                    interesting.pop();
                    Some((Value::Array(items), anchor.unwrap_or(0)))
                }
                _ => return Err(err_at(loc.line, loc.col - 1, "unbalanced sequence".into())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(map, _, anchor)) => {
                    key_locs.pop();
                    path.pop();
                    interesting.pop();
                    Some((Value::Object(map), anchor.unwrap_or(0)))
                }
                _ => return Err(err_at(loc.line, loc.col - 1, "unbalanced mapping".into())),
            },
        };
        let Some((value, anchor)) = node else { continue };
        if anchor != 0 {
            let (nodes, bytes) = size_of(&value);
            anchors.insert(anchor, (value.clone(), nodes, bytes));
        }
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(value);
                }
            }
            Some(Frame::Seq(items, _)) => {
                if track && interesting.last().copied().unwrap_or(true) && !matches!(value, Value::Array(_) | Value::Object(_)) {
                    let mut p = pointer_of(&path);
                    p.push('/');
                    p.push_str(&items.len().to_string());
                    on_node(&p, loc, false);
                }
                items.push(value);
            }
            Some(Frame::Map(..)) => {
                let pointer = match (&mut dups, stack.last()) {
                    (Some(_), Some(Frame::Map(map, Some(k), _))) if map.contains_key(k) => Some(stack_pointer(&stack)),
                    _ => None,
                };
                if let (Some(d), Some(p)) = (dups.as_deref_mut(), pointer) {
                    d.push((p, key_locs.last().copied().unwrap_or(loc)));
                }
                if let Some(Frame::Map(map, key, _)) = stack.last_mut() {
                    if let Some(k) = key.take() {
                        map.insert(k, value);
                    }
                }
            }
        }
    }
    Ok(root.unwrap_or(Value::Null))
}

fn nz(anchor: usize) -> Option<usize> {
    if anchor == 0 { None } else { Some(anchor) }
}

fn pointer_of(path: &[String]) -> String {
    let mut p = String::new();
    for seg in path {
        p.push('/');
        p.push_str(&diagnostics::escape_segment(seg));
    }
    p
}

/// The pointer of the node about to be started inside the current frame.
fn child_pointer(stack: &[Frame], path: &[String]) -> String {
    let mut p = pointer_of(path);
    match stack.last() {
        Some(Frame::Seq(items, _)) => {
            p.push('/');
            p.push_str(&items.len().to_string());
        }
        Some(Frame::Map(_, Some(k), _)) => {
            p.push('/');
            p.push_str(&diagnostics::escape_segment(k));
        }
        _ => {}
    }
    p
}

fn push_path(stack: &[Frame], path: &mut Vec<String>) {
    match stack.last() {
        Some(Frame::Seq(items, _)) => path.push(items.len().to_string()),
        Some(Frame::Map(_, Some(k), _)) => path.push(k.clone()),
        Some(Frame::Map(_, None, _)) => path.push(String::new()),
        None => {}
    }
}

/// YAML 1.2 core schema resolution of one scalar.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::String(text.to_string()),
        Some("null") => return Value::Null,
        Some("bool") => return Value::Bool(matches!(text, "true" | "True" | "TRUE")),
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_int(text) {
        return Value::Number(n);
    }
    // An integer beyond 64 bits (`18446744073709552000`, how JavaScript writes `u64::MAX`) is read
    // as the nearest float; `crate::numbers` decides what it means where a schema uses it.
    let long_integer = text.strip_prefix(['-', '+']).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        || (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()));
    if is_float(text) || long_integer {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

fn parse_int(text: &str) -> Option<Number> {
    let (neg, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if let Some(oct) = digits.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(|v| Number::from(if neg { -v } else { v }));
    }
    if let Some(hex) = digits.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|v| Number::from(if neg { -v } else { v }));
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if neg {
        text.parse::<i64>().ok().map(Number::from)
    } else {
        digits.parse::<u64>().ok().map(Number::from)
    }
}

fn is_float(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    if t.is_empty() {
        return false;
    }
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits_ok(int) && digits_ok(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits_ok(int),
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits_ok(e)
        }
    };
    mantissa_ok && exp_ok && (frac.is_some() || exp.is_some())
}

/// Number of nodes in a value and its size in bytes (string and key lengths, plus one per node;
/// iterative).
fn size_of(v: &Value) -> (usize, usize) {
    let (mut n, mut bytes) = (0, 0);
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        n += 1;
        bytes += 1;
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                bytes += o.keys().map(String::len).sum::<usize>();
                stack.extend(o.values());
            }
            Value::String(s) => bytes += s.len(),
            _ => {}
        }
    }
    (n, bytes)
}

/// The pointer of the value being completed in the innermost open container (built from the
/// parser stack, so it costs nothing until a duplicate key needs it).
fn stack_pointer(stack: &[Frame]) -> String {
    let mut p = String::from("#");
    for f in stack {
        match f {
            Frame::Seq(items, _) => p = diagnostics::join(&p, &items.len().to_string()),
            Frame::Map(_, Some(k), _) => p = diagnostics::join(&p, k),
            Frame::Map(_, None, _) => {}
        }
    }
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_surrogate_pairs_are_characters() {
        let text = r#"{"openapi":"3.0.3","info":{"title":"\ud83e\udd80 \\ud83e \u00e9 \udd80 \ud83e!","version":"1"},"paths":{}}"#;
        let spec = super::load("t.json", text.to_string()).expect("loads");
        // The pair is the crab, an escaped backslash stays text, a lone surrogate is U+FFFD.
        assert_eq!(spec.openapi.info.title, "\u{1f980} \\ud83e \u{e9} \u{fffd} \u{fffd}!");
        // YAML is not touched (a plain scalar may hold the text `\ud83e`).
        assert!(matches!(super::join_surrogate_escapes("title: \\ud83e\\udd80"), std::borrow::Cow::Borrowed(_)));
    }

    use super::*;

    #[test]
    fn yaml_12_scalars_and_limits() {
        let v = parse_value("a: Off\nb: on\nc: 1.10\nd: '7'\ne: ~\n").unwrap();
        assert_eq!(v["a"], "Off");
        assert_eq!(v["b"], "on");
        assert_eq!(v["c"], 1.1);
        assert_eq!(v["d"], "7");
        assert!(v["e"].is_null());
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1));
        }
        let err = parse_value(&bomb).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
        let deep = "a: ".to_string() + &"[".repeat(500) + &"]".repeat(500);
        assert!(parse_value(&deep).is_err());
    }
}
