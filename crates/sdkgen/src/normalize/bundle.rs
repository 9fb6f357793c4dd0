//! Bundling: `$ref`s to other files and to locations outside `components` become references into
//! `components` of one document. Runs first, in the input's own dialect (components are
//! `definitions`/`parameters`/`responses` in Swagger 2.0). Reads other files only through the
//! [`Resolver`]; never lowers anything.
//!
//! Rules (ARCHITECTURE.md, "References"):
//! - A reference's kind is the position it is used in (a schema, a parameter, a response, ...).
//! - A reference already of the form `#/components/<section>/<name>` is left as it is.
//! - Any other target in the document is *hoisted*: moved into the section of its kind under a
//!   new name, its old place and every reference to it becoming references to that component.
//!   A target in a place nothing reads (an extension, a schema's `definitions`) is copied instead.
//! - A target in another file is *imported*: copied into the section of its kind, with the
//!   references inside it rewritten relative to the root; each file is read and parsed once.
//! - Path items (and, in Swagger 2.0, kinds without a section) are copied in place.
//! - Every move and import is recorded in [`Origins`], so diagnostics point at what the user wrote.
//!
//! Work is done in rounds: each round scans what the last one brought in, so references inside
//! imported files and hoisted subtrees are bundled too; cycles end because a target is moved or
//! imported once and refers to its component afterwards.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

mod names;
mod positions;
mod refs;
#[cfg(test)]
mod tests;

use names::name_for;
use positions::{
    component_ref, get, get_mut, is_canonical, is_component, kind_at, pure_ref, section, section_path, walk, Found, Kind, Pos,
};
use refs::{format_ref, parse_ref, pointer_of, ref_error, RefError, Target};
use super::{Dialect, Normalized, Origins, Resolver, Source};
use crate::diagnostics::{self, Diagnostic};
use crate::limits::{MAX_BUNDLED, MAX_COPIED_NODES, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_REF_BYTES, MAX_REF_FILES, MAX_REF_HOPS};

/// A file read through the resolver.
struct File {
    path: String,
    text: String,
    value: Value,
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Place {
    /// A location in the document being bundled.
    Root(Vec<String>),
    /// A location in another file (index into `Bundler::files`) not imported yet.
    File(usize, Vec<String>),
}

/// How the references of one text are rewritten.
enum Fix {
    Ref(String),
    /// A copy in place, its number of nodes and its depth.
    Inline(Value, usize, usize),
}

fn inline(v: Value) -> Fix {
    let (mut nodes, mut depth) = (0, 0);
    let mut stack = vec![(&v, 1)];
    while let Some((n, d)) = stack.pop() {
        nodes += 1;
        depth = depth.max(d);
        match n {
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|c| (c, d + 1))),
            _ => {}
        }
    }
    Fix::Inline(v, nodes, depth)
}

/// One `$ref` text found in a round: its kind, where it was first used, how often.
struct Use {
    raw: String,
    kind: Kind,
    at: Vec<String>,
    count: usize,
    /// The component whose whole value is this reference (its name), when there is one: a target
    /// brought into `components` takes that name.
    entry: Option<String>,
}

struct Bundler<'r> {
    d: Dialect,
    resolver: &'r dyn Resolver,
    root_name: Option<String>,
    files: Vec<File>,
    by_path: HashMap<String, usize>,
    bytes: usize,
    /// (file, pointer) → location of its copy in the document.
    imported: HashMap<(usize, Vec<String>), Vec<String>>,
    /// Lower-cased names taken, per section.
    taken: HashMap<&'static str, HashSet<String>>,
    bundled: usize,
    /// Nodes copied in place so far.
    copied: usize,
    errors: Vec<Diagnostic>,
    /// Duplicate keys in other files (located).
    warnings: Vec<Diagnostic>,
}

/// Bundles the document in place (see the module documentation).
pub fn bundle(doc: &mut Normalized, resolver: &dyn Resolver) -> Result<(), Vec<Diagnostic>> {
    let Some(d) = Dialect::of(&doc.document) else { return Ok(()) };
    let mut b = Bundler {
        d,
        resolver,
        root_name: resolver.root_name(),
        files: Vec::new(),
        by_path: HashMap::new(),
        bytes: 0,
        imported: HashMap::new(),
        taken: HashMap::new(),
        bundled: 0,
        copied: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut scan: Vec<(Vec<String>, Pos)> = vec![(Vec::new(), Pos::Doc)];
    // A reference that fails is reported and left as it is; the others are still bundled, so the
    // files they bring in are checked too.
    while !scan.is_empty() {
        scan = b.round(doc, &scan);
    }
    doc.diagnostics.append(&mut b.warnings);
    let errors = std::mem::take(&mut b.errors);
    let errors = locate(errors, &doc.origins, &b.files);
    // Other files in the order they were read: index i + 1 in `Origins`.
    doc.others = b.files.into_iter().map(|f| Source { name: f.path, text: f.text }).collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Errors found while bundling name places in the document as it was then: trace them back now
/// and locate those in other files (the loader locates the root file's). A reference copied from
/// another file was rewritten relative to the root spec: the message quotes it as written.
fn locate(mut errors: Vec<Diagnostic>, origins: &Origins, files: &[File]) -> Vec<Diagnostic> {
    for e in &mut errors {
        if e.location.is_some() {
            continue;
        }
        let (file, pointer) = origins.resolve(&e.pointer);
        if let Some(src) = file.checked_sub(1).and_then(|i| files.get(i)) {
            let original = pointer.strip_prefix('#').and_then(|p| src.value.pointer(p)).and_then(Value::as_str);
            let current = e.message.strip_prefix("`$ref: ").and_then(|m| m.split('`').next()).map(str::to_string);
            if let (Some(o), Some(c)) = (original, current) {
                e.message = e.message.replacen(&c, o, 1);
            }
            e.location = crate::load::locate_many(&src.text, &[pointer.as_str()]).pop().flatten();
            e.file = Some(src.path.as_str().into());
        }
        e.pointer = pointer;
    }
    errors
}

/// A target in the document moved (or copied) into a section.
struct Hoist {
    loc: Vec<String>,
    kind: Kind,
    sec: &'static str,
    /// Moved (its old place becomes a reference) or, from a place nothing reads, copied.
    moved: bool,
    /// Reference texts that resolve to it.
    raws: Vec<String>,
    entry: Option<String>,
}

impl Bundler<'_> {
    /// One round: bundles the references found under `scan`; returns what to scan next.
    fn round(&mut self, doc: &mut Normalized, scan: &[(Vec<String>, Pos)]) -> Vec<(Vec<String>, Pos)> {
        let d = self.d;
        let mut uses: Vec<Use> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (at, pos) in scan {
            let Some(v) = get_mut(&mut doc.document, at) else { continue };
            let mut path = at.clone();
            walk(v, *pos, d, &mut path, &mut |node, kind, loc| {
                let raw = node.get("$ref").and_then(Value::as_str).unwrap_or_default();
                if is_canonical(raw, kind, d) {
                    return;
                }
                let entry = if is_component(loc, d) && pure_ref(node, d).is_some() { loc.last().cloned() } else { None };
                match index.get(raw) {
                    Some(&i) => {
                        uses[i].count += 1;
                        if uses[i].entry.is_none() && uses[i].kind == kind {
                            uses[i].entry = entry;
                        }
                    }
                    None => {
                        index.insert(raw.to_string(), uses.len());
                        uses.push(Use { raw: raw.to_string(), kind, at: loc.to_vec(), count: 1, entry });
                    }
                }
            });
        }
        if uses.is_empty() {
            return Vec::new();
        }

        let mut next: Vec<(Vec<String>, Pos)> = Vec::new();
        let mut fixes: HashMap<String, Fix> = HashMap::new();
        let mut roots: Vec<(usize, Vec<String>)> = Vec::new();
        let mut pending: Vec<usize> = (0..uses.len()).collect();
        // Targets in other files are imported, shallowest first, then resolved again: a target
        // inside one imported in the same round is then found in the document.
        while !pending.is_empty() {
            let mut want: Vec<((usize, Vec<String>), usize)> = Vec::new();
            for &u in &pending {
                match self.resolve(&doc.document, &uses[u].raw) {
                    Ok(Place::Root(loc)) => roots.push((u, loc)),
                    Ok(Place::File(f, p)) => want.push(((f, p), u)),
                    Err(e) => self.error_at(&uses[u], e),
                }
            }
            pending.clear();
            want.sort_by(|a, b| (a.0.0, a.0.1.len(), &a.0.1).cmp(&(b.0.0, b.0.1.len(), &b.0.1)));
            for ((f, p), u) in want {
                let kind = uses[u].kind;
                if section(kind, d).is_none() {
                    if self.count_bundled(&uses[u]) {
                        let v = self.qualified(f, &p, kind);
                        fixes.insert(uses[u].raw.clone(), inline(v));
                    }
                    continue;
                }
                if self.imported_prefix(f, &p).is_none() {
                    if !self.count_bundled(&uses[u]) {
                        continue;
                    }
                    self.import(doc, f, &p, kind, uses[u].entry.clone(), &mut next);
                }
                pending.push(u);
            }
        }

        let mut hoists: Vec<Hoist> = Vec::new();
        let mut hoist_at: HashMap<Vec<String>, usize> = HashMap::new();
        for (u, loc) in roots {
            let use_ = &uses[u];
            if section(use_.kind, d).is_none() && kind_at(&loc, d) == Found::Known(use_.kind) {
                if self.count_bundled(use_) {
                    let v = get(&doc.document, &loc).cloned().unwrap_or(Value::Null);
                    fixes.insert(use_.raw.clone(), inline(v));
                }
                continue;
            }
            if is_component(&loc, d) {
                let (sec, name) = (&loc[loc.len() - 2], &loc[loc.len() - 1]);
                let r = if d == Dialect::Swagger2 { pointer_of(&loc) } else { component_ref(sec, name, d) };
                if r != use_.raw {
                    fixes.insert(use_.raw.clone(), Fix::Ref(r));
                }
                continue;
            }
            let found = kind_at(&loc, d);
            match found {
                Found::Container => {
                    let e = ref_error(
                        format!("`$ref: {}` points to {}, which is not a {}", use_.raw, pointer_of(&loc), use_.kind.noun()),
                        format!("refer to a {} (e.g. one under components)", use_.kind.noun()),
                    );
                    self.error_at(use_, e);
                    continue;
                }
                Found::Known(k) if k != use_.kind => {
                    let e = ref_error(
                        format!("`$ref: {}` points to a {} where a {} is expected", use_.raw, k.noun(), use_.kind.noun()),
                        format!("refer to a {}", use_.kind.noun()),
                    );
                    self.error_at(use_, e);
                    continue;
                }
                _ => {}
            }
            let Some(sec) = section(use_.kind, d) else {
                if self.count_bundled(use_) {
                    let v = get(&doc.document, &loc).cloned().unwrap_or(Value::Null);
                    fixes.insert(use_.raw.clone(), inline(v));
                }
                continue;
            };
            let h = match hoist_at.get(&loc) {
                Some(&h) => h,
                None => {
                    if !self.count_bundled(use_) {
                        continue;
                    }
                    let moved = matches!(found, Found::Known(_));
                    hoist_at.insert(loc.clone(), hoists.len());
                    hoists.push(Hoist { loc, kind: use_.kind, sec, moved, raws: Vec::new(), entry: None });
                    hoists.len() - 1
                }
            };
            let h = &mut hoists[h];
            h.raws.push(use_.raw.clone());
            if h.entry.is_none() && h.kind == use_.kind {
                h.entry = use_.entry.clone();
            }
        }
        let mut names: Vec<String> = Vec::with_capacity(hoists.len());
        for h in &hoists {
            let name = match &h.entry {
                Some(n) => n.clone(),
                None => {
                    let base = name_for(&doc.document, &h.loc, None, h.kind);
                    self.new_name(&doc.document, h.sec, &base)
                }
            };
            for raw in &h.raws {
                fixes.insert(raw.clone(), Fix::Ref(component_ref(h.sec, &name, d)));
            }
            names.push(name);
        }

        // Rewrite the references found (before anything moves, so the places scanned are where
        // they were).
        let mut copied = self.copied;
        let mut over: Option<Use> = None;
        for (at, pos) in scan {
            let Some(v) = get_mut(&mut doc.document, at) else { continue };
            let mut path = at.clone();
            walk(v, *pos, d, &mut path, &mut |node, kind, loc| {
                let Some(raw) = node.get("$ref").and_then(Value::as_str) else { return };
                match fixes.get(raw) {
                    Some(Fix::Ref(r)) => node["$ref"] = Value::String(r.clone()),
                    Some(Fix::Inline(content, nodes, depth)) => {
                        // Copies of copies can grow exponentially, or nest without end: their
                        // nodes are counted and their depth is capped as the parser's is.
                        copied += nodes;
                        if copied > MAX_COPIED_NODES || loc.len() + depth > MAX_DEPTH {
                            if over.is_none() {
                                over = Some(Use { raw: raw.to_string(), kind, at: loc.to_vec(), count: 1, entry: None });
                            }
                            return;
                        }
                        let mut merged = content.clone();
                        if let (Value::Object(m), Value::Object(o)) = (&mut merged, &*node) {
                            for (k, v) in o {
                                if k != "$ref" {
                                    m.insert(k.clone(), v.clone());
                                }
                            }
                        }
                        *node = merged;
                        next.push((loc.to_vec(), Pos::Item(kind)));
                    }
                    None => {}
                }
            });
        }
        self.copied = copied;
        if let Some(u) = over {
            let e = ref_error(
                format!("copies of referenced path items and callbacks exceed {MAX_COPIED_NODES} nodes or nest deeper than {MAX_DEPTH} levels (sdkgen's limits)"),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); path items that refer to each other without end cannot be copied",
            );
            self.error_at(&u, e);
        }

        // Move, deepest first: moving a target never changes the place of a shallower one.
        let mut order: Vec<usize> = (0..hoists.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(hoists[i].loc.len()));
        for i in order {
            let h = &hoists[i];
            let mut dest = section_path(h.sec, d);
            dest.push(names[i].clone());
            let reference = serde_json::json!({ "$ref": component_ref(h.sec, &names[i], d) });
            let content = match get_mut(&mut doc.document, &h.loc) {
                Some(v) if h.moved => std::mem::replace(v, reference),
                Some(v) => v.clone(),
                None => continue,
            };
            insert(&mut doc.document, &dest, content);
            doc.origins.record(pointer_of(&dest), 0, pointer_of(&h.loc));
            next.push((dest, Pos::Item(h.kind)));
        }
        next
    }

    /// Counts one more bundled object; past the limit, an error at the use.
    fn count_bundled(&mut self, use_: &Use) -> bool {
        self.bundled += 1;
        if self.bundled > MAX_BUNDLED {
            if self.bundled == MAX_BUNDLED + 1 {
                let e = ref_error(
                    format!("more than {MAX_BUNDLED} referenced definitions to bring into components (sdkgen's limit)"),
                    "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); refer to components directly",
                );
                self.error_at(use_, e);
            }
            return false;
        }
        true
    }

    fn error_at(&mut self, use_: &Use, e: RefError) {
        let more = match use_.count {
            1 => String::new(),
            2 => " (and 1 more use)".to_string(),
            n => format!(" (and {} more uses)", n - 1),
        };
        let mut at = pointer_of(&use_.at);
        at = diagnostics::join(&at, "$ref");
        self.errors.push(Diagnostic::error(at, format!("{}{more}", e.message)).with_help(e.help));
    }

    /// The location in the document a file location was imported to (it or an ancestor).
    fn imported_prefix(&self, f: usize, p: &[String]) -> Option<Vec<String>> {
        if self.imported.is_empty() {
            return None;
        }
        for n in (0..=p.len()).rev() {
            if let Some(dest) = self.imported.get(&(f, p[..n].to_vec())) {
                let mut loc = dest.clone();
                loc.extend_from_slice(&p[n..]);
                return Some(loc);
            }
        }
        None
    }

    /// Where a reference (relative to the root spec) leads, following references on the way
    /// (a pointer through a reference, a reference to a reference).
    fn resolve(&mut self, root: &Value, raw: &str) -> Result<Place, RefError> {
        let mut t = parse_ref(raw, None, self.root_name.as_deref())?;
        for _ in 0..MAX_REF_HOPS {
            let mut file = match &t.file {
                None => None,
                Some(path) => {
                    let path = path.clone();
                    Some(self.read(&path, raw)?)
                }
            };
            if let Some(f) = file {
                if let Some(loc) = self.imported_prefix(f, &t.pointer) {
                    t = Target { file: None, pointer: loc };
                    file = None;
                }
            }
            let value = match file {
                None => root,
                Some(f) => &self.files[f].value,
            };
            let mut cur = value;
            let mut through: Option<(String, usize)> = None;
            for (i, seg) in t.pointer.iter().enumerate() {
                let next = match cur {
                    Value::Object(o) => o.get(seg),
                    Value::Array(a) => seg.parse::<usize>().ok().and_then(|n| a.get(n)),
                    _ => None,
                };
                match next {
                    Some(n) => cur = n,
                    None => match cur.get("$ref").and_then(Value::as_str) {
                        Some(r) => {
                            through = Some((r.to_string(), i));
                            break;
                        }
                        None => {
                            let name = file.map_or("the document", |f| self.files[f].path.as_str());
                            return Err(ref_error(
                                format!("`$ref: {raw}` points nowhere: {name} has no {}", pointer_of(&t.pointer[..=i])),
                                "check the pointer: each segment names a key or an index (`/` in a key is written `~1`, `~` is `~0`)",
                            ));
                        }
                    },
                }
            }
            let base = file.map(|f| self.files[f].path.clone());
            if let Some((r, i)) = through {
                let mut next = parse_ref(&r, base.as_deref(), self.root_name.as_deref())?;
                next.pointer.extend_from_slice(&t.pointer[i..]);
                t = next;
                continue;
            }
            if let Some(r) = pure_ref(cur, self.d) {
                t = parse_ref(r, base.as_deref(), self.root_name.as_deref())?;
                continue;
            }
            return Ok(match file {
                None => Place::Root(t.pointer),
                Some(f) => Place::File(f, t.pointer),
            });
        }
        Err(ref_error(
            format!("`$ref: {raw}` is a chain of more than {MAX_REF_HOPS} references, or a cycle of references that never reaches a definition"),
            "make one of the references name the definition itself",
        ))
    }

    /// The index of a file read through the resolver, reading and parsing it the first time.
    fn read(&mut self, path: &str, raw: &str) -> Result<usize, RefError> {
        if let Some(&i) = self.by_path.get(path) {
            return Ok(i);
        }
        if self.files.len() >= MAX_REF_FILES {
            return Err(ref_error(
                format!("`$ref: {raw}` would read more than {MAX_REF_FILES} files (sdkgen's limit)"),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md); bundle the files first",
            ));
        }
        let text = self.resolver.read(path).map_err(|e| {
            ref_error(
                format!("`$ref: {raw}`: cannot read `{path}`: {e}"),
                "files are read from the root spec's folder and its subfolders (widen with `--allow-ref-root DIR` or `allow_ref_root` in sdkgen.toml), never from the network",
            )
        })?;
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(ref_error(
                format!("`{path}` is larger than {} MiB (sdkgen's limit on a document)", MAX_DOCUMENT_BYTES >> 20),
                "split the file, or refer to smaller ones",
            ));
        }
        self.bytes += text.len();
        if self.bytes > MAX_REF_BYTES {
            return Err(ref_error(
                format!("`$ref: {raw}`: the files referred to exceed {} MiB in all (sdkgen's limit)", MAX_REF_BYTES >> 20),
                "a limit of sdkgen on hostile input (see Limits in ARCHITECTURE.md)",
            ));
        }
        let (value, warnings) = match crate::load::parse_value_with_warnings(&text) {
            Ok(v) => v,
            Err(mut e) => {
                e.file = Some(path.into());
                self.errors.push(e);
                return Err(ref_error(format!("`$ref: {raw}`: `{path}` is not valid YAML or JSON"), "fix the file (its error is reported in it)"));
            }
        };
        for mut w in warnings {
            w.file = Some(path.into());
            self.warnings.push(w);
        }
        self.by_path.insert(path.to_string(), self.files.len());
        self.files.push(File { path: path.to_string(), text, value });
        Ok(self.files.len() - 1)
    }

    /// A copy of a file location, its references rewritten relative to the root spec.
    fn qualified(&self, f: usize, p: &[String], kind: Kind) -> Value {
        let base = self.files[f].path.clone();
        let mut v = get(&self.files[f].value, p).cloned().unwrap_or(Value::Null);
        let root_name = self.root_name.as_deref();
        walk(&mut v, Pos::Item(kind), self.d, &mut Vec::new(), &mut |node, _, _| {
            let Some(raw) = node.get("$ref").and_then(Value::as_str) else { return };
            // A reference that cannot be parsed stays as written and is reported when its copy
            // is scanned.
            if let Ok(t) = parse_ref(raw, Some(&base), root_name) {
                node["$ref"] = Value::String(format_ref(&t));
            }
        });
        v
    }

    /// Copies a file location into the section of `kind`.
    fn import(&mut self, doc: &mut Normalized, f: usize, p: &[String], kind: Kind, entry: Option<String>, next: &mut Vec<(Vec<String>, Pos)>) {
        let Some(sec) = section(kind, self.d) else { return };
        let content = self.qualified(f, p, kind);
        let name = match entry {
            Some(n) => n,
            None => {
                let stem = self.files[f].path.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("").to_string();
                let base = name_for(&self.files[f].value, p, Some(&stem), kind);
                self.new_name(&doc.document, sec, &base)
            }
        };
        let mut dest = section_path(sec, self.d);
        dest.push(name);
        insert(&mut doc.document, &dest, content);
        doc.origins.record(pointer_of(&dest), f + 1, pointer_of(p));
        self.imported.insert((f, p.to_vec()), dest.clone());
        next.push((dest, Pos::Item(kind)));
    }

    /// `base`, or `base2`, `base3`, ...: the first name not taken in the section (names differing
    /// only in case count as taken).
    fn new_name(&mut self, doc: &Value, sec: &'static str, base: &str) -> String {
        let d = self.d;
        let taken = self.taken.entry(sec).or_insert_with(|| {
            get(doc, &section_path(sec, d)).and_then(Value::as_object).map(|o| o.keys().map(|k| k.to_ascii_lowercase()).collect()).unwrap_or_default()
        });
        let mut name = base.to_string();
        let mut n = 2;
        while taken.contains(&name.to_ascii_lowercase()) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(name.to_ascii_lowercase());
        name
    }
}

/// Sets the value at `loc`, creating the objects on the way.
fn insert(doc: &mut Value, loc: &[String], value: Value) {
    let mut cur = doc;
    for seg in &loc[..loc.len().saturating_sub(1)] {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(o) = cur else { return };
        cur = o.entry(seg.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let (Value::Object(o), Some(last)) = (cur, loc.last()) {
        o.insert(last.clone(), value);
    }
}
