//! Reference documentation of a generated SDK: `README.md` (installation, authentication,
//! environments, timeouts and retries, errors, services), one page per service under
//! `documentation/services/` and one per model under `documentation/models/`.
//!
//! Everything is computed from the IR and the settings (nothing is specific to one API) and
//! rendered through the `minijinja` templates `templates/*.md.j2`. Spec text is untrusted: the
//! templates pass it through the filters of [`super::doc`], the same road as rustdoc text: `code`
//! and `code_cell` for names, `prose` for descriptions, `cell` inside tables. The
//! ```` ```rust ```` blocks are built here, from generated identifiers and Rust string literals
//! only, and compile against the generated crate (`crates/sdkgen/tests/doc_snippets.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use minijinja::{Environment, context};
use serde::Serialize;
use serde_json::Value;

use super::GeneratedFile;
use super::doc;
use super::files::FileNames;
use super::services::{Success, params_name, success};
use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::names;
use crate::settings::Settings;

mod options;

const README: &str = include_str!("../../../../templates/README.md.j2");
const SERVICE: &str = include_str!("../../../../templates/service.md.j2");
const MODEL: &str = include_str!("../../../../templates/model.md.j2");

/// Directory of the service pages, relative to the crate root.
pub const SERVICES_DIR: &str = "documentation/services";
/// Directory of the model pages, relative to the crate root.
pub const MODELS_DIR: &str = "documentation/models";

/// The documentation files of the SDK crate.
pub fn emit(api: &Api, settings: &Settings, pages: &FileNames, diagnostics: &mut Vec<Diagnostic>) -> Vec<GeneratedFile> {
    let env = match env() {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(Diagnostic::error("#", format!("documentation templates: {e}")).with_help("this is a bug in sdkgen; please report it"));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    // An HTML comment: `--` inside it would end it early.
    let header = format!("<!-- {} -->", super::header_text(settings).replace("--", "- -"));
    let models: Vec<TypeId> = pages.model_pages.iter().map(|(id, _)| *id).collect();
    let shadowed = Shadowed::new(api, settings);
    let mut render = |path: String, template: &str, ctx: minijinja::Value| match env.get_template(template).and_then(|t| t.render(ctx)) {
        Ok(mut contents) => {
            while contents.ends_with("\n\n") {
                contents.pop();
            }
            if !contents.ends_with('\n') {
                contents.push('\n');
            }
            files.push(GeneratedFile { path, contents });
        }
        Err(e) => diagnostics.push(Diagnostic::error("#", format!("{path}: {e:#}")).with_help("this is a bug in sdkgen; please report it with the spec")),
    };

    // Service pages.
    for (s, page) in api.services.iter().zip(&pages.service_pages) {
        let methods: Vec<MethodDoc> = s.operations.iter().map(|op| method_doc(api, settings, &shadowed, pages, s, op)).collect();
        render(
            format!("{SERVICES_DIR}/{page}.md"),
            "service.md",
            context! {
                header => &header,
                service => minijinja::Value::from(minijinja::value::Serde(ServiceDoc::of(s))),
                methods => minijinja::Value::from(minijinja::value::Serde(&methods)),
                options_snippet => s.operations.first().map(|op| options::options_snippet(api, settings, &shadowed, s, op)),
            },
        );
    }

    // Model pages.
    for (id, page) in &pages.model_pages {
        if let Some(m) = model_doc(api, settings, &shadowed, pages, *id) {
            render(format!("{MODELS_DIR}/{page}.md"), "model.md", context! { header => &header, model => minijinja::Value::from(minijinja::value::Serde(&m)) });
        }
    }

    // README.
    let readme = readme_doc(api, settings, &shadowed, pages, &models);
    render("README.md".into(), "README.md", context! { header => &header, readme => minijinja::Value::from(minijinja::value::Serde(&readme)) });
    files
}

fn env() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build()?);
    env.add_filter("cell", |s: Option<String>| doc::cell(s.as_deref().unwrap_or("")));
    env.add_filter("prose", |s: Option<String>| doc::page_text(s.as_deref().unwrap_or("")));
    env.add_filter("code", |s: Option<String>| doc::code(s.as_deref().unwrap_or("")));
    env.add_filter("code_cell", |s: Option<String>| doc::code_cell(s.as_deref().unwrap_or("")));
    env.add_template("README.md", README)?;
    env.add_template("service.md", SERVICE)?;
    env.add_template("model.md", MODEL)?;
    Ok(env)
}

/// The first paragraph of a text (for summaries in tables).
fn first_paragraph(text: &str) -> String {
    text.replace("\r\n", "\n").split("\n\n").map(str::trim).find(|p| !p.is_empty()).unwrap_or("").to_string()
}

// ---------------------------------------------------------------------------------------------
// Types as Markdown.

/// Where links to model pages go: the relative path to the models directory (ending in `/`) and
/// the page names.
#[derive(Clone, Copy)]
struct Links<'a> {
    prefix: &'a str,
    pages: &'a FileNames,
}

/// A type for a table cell: named types link to their model page.
fn type_md(types: &TypeSpace, id: TypeId, links: Links<'_>, depth: usize) -> String {
    let def = types.get(id);
    if let Some(n) = &def.rust_name {
        let page = links.pages.model_page(id).unwrap_or(n);
        return format!("[`{n}`]({}{page}.md)", links.prefix);
    }
    shape_md(types, id, links, depth)
}

/// An element's type (array item, map value, tuple member) for a table cell, `… or null` when
/// it may be `null`.
fn element_md(types: &TypeSpace, id: TypeId, links: Links<'_>, depth: usize) -> String {
    let t = type_md(types, id, links, depth);
    if types.is_nullable_element(id) {
        format!("{t} or null")
    } else {
        t
    }
}

/// What a type is made of, for a table cell, even when it is named (a model page's "alias of"):
/// the types it is made of link to their pages.
fn shape_md(types: &TypeSpace, id: TypeId, links: Links<'_>, depth: usize) -> String {
    if depth > 16 {
        return "`serde_json::Value`".into();
    }
    match &types.get(id).kind {
        TypeKind::Array { items } => format!("array of {}", element_md(types, *items, links, depth + 1)),
        TypeKind::Map { values } => format!("map of string to {}", element_md(types, *values, links, depth + 1)),
        TypeKind::Tuple { items } => format!("tuple of ({})", items.iter().map(|t| element_md(types, *t, links, depth + 1)).collect::<Vec<_>>().join(", ")),
        TypeKind::Alias(t) => type_md(types, *t, links, depth + 1),
        _ => doc::code_cell(&super::rust::describe_shape(types, id)),
    }
}

fn constraints(def: &TypeDef) -> Vec<String> {
    let c = &def.constraints;
    let mut out = Vec::new();
    if let Some(m) = c.minimum {
        out.push(format!("minimum: {m}"));
    }
    if let Some(m) = c.maximum {
        out.push(format!("maximum: {m}"));
    }
    if let Some(m) = c.min_length {
        out.push(format!("min length: {m}"));
    }
    if let Some(m) = c.max_length {
        out.push(format!("max length: {m}"));
    }
    if let Some(m) = c.min_items {
        out.push(format!("min items: {m}"));
    }
    if let Some(m) = c.max_items {
        out.push(format!("max items: {m}"));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("pattern: {}", doc::code(p)));
    }
    if let Some(d) = &def.default {
        out.push(format!("default: {}", doc::code(&d.to_string())));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Example values as Rust expressions.

/// What an expression is passed to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// An `impl Into<T>` argument: a string literal is enough for a `String`.
    Into,
    /// A value of exactly the type.
    Exact,
}

/// Builds Rust example expressions and records what they need imported.
struct Examples<'a> {
    api: &'a Api,
    models: BTreeSet<String>,
    services: BTreeSet<String>,
    shadowed: &'a Shadowed,
    /// True when a model was named through `models::`.
    qualified: bool,
    /// True when a multipart body was built (`use {lib}::multipart;`).
    multipart: bool,
    /// Crate-root re-exports the values of typed formats name (`jiff`, `uuid`, `Url`...).
    crates: BTreeSet<&'static str>,
    /// True when a typed multipart form was built (`use {lib}::FilePart;`).
    file_part: bool,
}

/// Names an example may import from the crate root or `services`: a model of the same name is
/// named `models::Name` instead of imported (`use crate::models;`). Made once per crate (it
/// lists every operation's types), shared by every example.
struct Shadowed(BTreeSet<String>);

impl Shadowed {
    fn new(api: &Api, settings: &Settings) -> Self {
        let client = names::pascal(&settings.client_name);
        let mut shadowed: BTreeSet<String> = names::reserved(names::Scope::CrateRoot).map(String::from).collect();
        shadowed.insert("FilePart".into());
        shadowed.insert(format!("{client}Builder"));
        shadowed.insert(client);
        for s in &api.services {
            shadowed.insert(s.type_name.clone());
            for op in &s.operations {
                shadowed.extend(params_name(op));
                shadowed.insert(super::responses::success_enum_name(op));
                shadowed.insert(super::responses::error_enum_name(op));
                shadowed.extend(super::streams::form_name(api, op));
            }
        }
        Shadowed(shadowed)
    }
}

/// Overrides of example values by wire name (for the guides), as Rust expressions.
type Overrides<'o> = &'o [(&'o str, &'o str)];

impl<'a> Examples<'a> {
    fn new(api: &'a Api, shadowed: &'a Shadowed) -> Self {
        Examples { api, models: BTreeSet::new(), services: BTreeSet::new(), shadowed, qualified: false, multipart: false, crates: BTreeSet::new(), file_part: false }
    }

    /// How an example names the model `name`: imported, or `models::Name` when the name is also
    /// one of the crate root or of `services`.
    fn model(&mut self, name: &str) -> String {
        // As declared (`Self_` for a schema named `Self`).
        let name = &names::ident_str(name);
        if self.shadowed.0.contains(name) {
            self.qualified = true;
            format!("models::{name}")
        } else {
            self.models.insert(name.to_string());
            name.to_string()
        }
    }

    /// `use` lines for what the expressions built so far name.
    fn uses(&self, lib: &str, root: &[&str]) -> String {
        let mut out = String::new();
        let mut root: Vec<&str> = root.to_vec();
        root.extend(self.crates.iter().copied());
        root.sort_unstable();
        root.dedup();
        match root.len() {
            0 => {}
            1 => writeln!(out, "use {lib}::{};", root[0]).unwrap_or_default(),
            _ => writeln!(out, "use {lib}::{{{}}};", root.join(", ")).unwrap_or_default(),
        }
        if self.qualified {
            writeln!(out, "use {lib}::models;").unwrap_or_default();
        }
        if self.multipart {
            writeln!(out, "use {lib}::multipart;").unwrap_or_default();
        }
        if self.file_part {
            writeln!(out, "use {lib}::FilePart;").unwrap_or_default();
        }
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        for (module, set) in [("models", list(&self.models)), ("services", list(&self.services))] {
            match set.len() {
                0 => {}
                1 => writeln!(out, "use {lib}::{module}::{};", set[0]).unwrap_or_default(),
                _ => writeln!(out, "use {lib}::{module}::{{{}}};", set.join(", ")).unwrap_or_default(),
            }
        }
        out
    }

    /// An example value of an element (array item, map value, tuple member) of type `id`:
    /// [`value`](Self::value), in `Some(..)` when the element's Rust type is an `Option`.
    fn element(&mut self, id: TypeId, example: Option<&Value>, hint: &str, indent: usize, depth: usize) -> String {
        let v = self.value(id, example, hint, Ctx::Exact, indent, depth);
        if self.api.types.is_nullable_element(id) {
            format!("Some({v})")
        } else {
            v
        }
    }

    /// An example value of type `id`: the spec's `example`, else `default`, else the first enum
    /// value, else a placeholder fitting the type (`hint`, the wire name, for strings).
    fn value(&mut self, id: TypeId, example: Option<&Value>, hint: &str, ctx: Ctx, indent: usize, depth: usize) -> String {
        let types = &self.api.types;
        let def = types.get(id);
        let example = example.or(def.example.as_ref()).or(def.default.as_ref());
        if depth > 12 {
            return "::std::default::Default::default()".into();
        }
        if let Some(name) = &def.rust_name {
            match &def.kind {
                TypeKind::Enum(e) => {
                    let name = self.model(name);
                    let v = example.and_then(|x| e.values.iter().find(|v| &v.value == x)).or(e.values.first());
                    return match (v, e.repr) {
                        (Some(v), _) => format!("{name}::{}", v.variant_name),
                        (None, EnumRepr::String) => format!("{name}::from({})", rust_str(hint)),
                        (None, _) => format!("{name}::from(0)"),
                    };
                }
                TypeKind::Object(o) => {
                    let name = self.model(name);
                    return self.object(&name, o, &[], true, indent, depth);
                }
                TypeKind::Union(u) => {
                    let name = self.model(name);
                    return self.union(&name, u, &[], true, indent, depth);
                }
                TypeKind::Pending => return "::serde_json::Value::Null".into(),
                _ if super::rust::is_recursive_alias(types, id) => {
                    let name = self.model(name);
                    return format!("{name}::default()");
                }
                _ => {}
            }
        }
        match &def.kind {
            TypeKind::Primitive { primitive, .. } if primitive.is_typed_format() => {
                let (value, root) = typed_value(*primitive);
                self.crates.extend(root);
                value.to_string()
            }
            TypeKind::Primitive { primitive, format } => primitive_value(*primitive, format.as_deref(), example, hint, ctx, def),
            TypeKind::Array { items } => {
                let first = example.and_then(|x| x.as_array()).and_then(|a| a.iter().find(|v| !v.is_null()));
                format!("vec![{}]", self.element(*items, first, hint, indent, depth + 1))
            }
            TypeKind::Map { values } => {
                let first = example.and_then(|x| x.as_object()).and_then(|m| m.iter().find(|(_, v)| !v.is_null()));
                let key = first.map(|(k, _)| k.as_str()).unwrap_or("key");
                let v = self.element(*values, first.map(|(_, v)| v), hint, indent, depth + 1);
                format!("::std::collections::BTreeMap::from([({}.to_string(), {v})])", rust_str(key))
            }
            TypeKind::Tuple { items } => {
                let values = example.and_then(|x| x.as_array());
                let parts: Vec<String> = items.iter().enumerate().map(|(i, t)| self.element(*t, values.and_then(|a| a.get(i)).filter(|v| !v.is_null()), hint, indent, depth + 1)).collect();
                format!("({},)", parts.join(", "))
            }
            TypeKind::Alias(t) => self.value(*t, example, hint, ctx, indent, depth + 1),
            _ => format!("::serde_json::json!({})", example.map(|v| v.to_string()).unwrap_or_else(|| "{}".into())),
        }
    }

    /// `Name::new(required...)` and, when `all` is set, `.with_x(...)` for every optional field.
    fn object(&mut self, name: &str, o: &ObjectType, overrides: Overrides<'_>, all: bool, indent: usize, depth: usize) -> String {
        let types = &self.api.types;
        let mut args = Vec::new();
        let mut setters = Vec::new();
        let pad = " ".repeat(indent + 4);
        for p in &o.properties {
            let over = overrides.iter().find(|(n, _)| *n == p.name).map(|(_, e)| e.to_string());
            let nullable = types.is_nullable(p.ty);
            if p.in_constructor() {
                let into = super::rust::is_string(types, p.ty) && !p.boxed && !nullable;
                let mut e = match over {
                    Some(e) => e,
                    None => self.value(p.ty, None, &p.name, if into { Ctx::Into } else { Ctx::Exact }, indent + 4, depth + 1),
                };
                if p.boxed {
                    e = format!("::std::boxed::Box::new({e})");
                }
                if nullable {
                    e = format!("Some({e})");
                }
                args.push((p.required_index, e));
            } else if !p.read_only && (over.is_some() || (all && depth < 4 && !p.deprecated)) {
                let e = match over {
                    Some(e) => e,
                    None => self.value(p.ty, None, &p.name, if p.boxed { Ctx::Exact } else { Ctx::Into }, indent + 4, depth + 1),
                };
                setters.push(format!("\n{pad}.with_{}({e})", p.field_name.trim_start_matches("r#")));
            }
        }
        // The constructor's order: the schema's `required` list.
        args.sort_by_key(|(rank, _)| rank.unwrap_or(usize::MAX));
        let args: Vec<String> = args.into_iter().map(|(_, e)| e).collect();
        format!("{name}::new({}){}", args.join(", "), setters.concat())
    }

    /// The first variant of a union, or the one tagged `tag`.
    fn union(&mut self, name: &str, u: &UnionType, overrides: Overrides<'_>, all: bool, indent: usize, depth: usize) -> String {
        if depth > 12 {
            return "::std::default::Default::default()".into();
        }
        // With every field filled, the first variant; otherwise the simplest one (fewest required fields).
        let required = |v: &Variant| match &self.api.types.get(v.ty).kind {
            TypeKind::Object(o) => o.properties.iter().filter(|p| p.required).count(),
            _ => 0,
        };
        let chosen = if all { u.variants.first() } else { u.variants.iter().min_by_key(|v| required(v)) };
        let Some(v) = chosen else { return "::std::default::Default::default()".into() };
        self.variant(name, v, overrides, all, indent, depth)
    }

    fn variant(&mut self, name: &str, v: &Variant, overrides: Overrides<'_>, all: bool, indent: usize, depth: usize) -> String {
        let types = &self.api.types;
        let payload_def = types.get(v.ty);
        let payload = match (&payload_def.rust_name, &payload_def.kind) {
            (Some(n), TypeKind::Object(o)) => {
                let n = self.model(n);
                self.object(&n, o, overrides, all, indent, depth + 1)
            }
            (Some(n), TypeKind::Union(inner)) => {
                let n = self.model(n);
                self.union(&n, inner, overrides, all, indent, depth + 1)
            }
            _ => self.value(v.ty, None, &v.variant_name, Ctx::Exact, indent, depth + 1),
        };
        let payload = if v.boxed { format!("::std::boxed::Box::new({payload})") } else { payload };
        format!("{name}::{}({payload})", v.variant_name)
    }

    /// The example value of a request body or a named type, with overrides; `tag` selects a
    /// union variant by discriminator value.
    fn body(&mut self, id: TypeId, tag: Option<&str>, overrides: Overrides<'_>, all: bool, indent: usize) -> Option<String> {
        let types = &self.api.types;
        let def = types.get(id);
        let name = def.rust_name.clone();
        match (&name, &def.kind) {
            (Some(n), TypeKind::Object(o)) => {
                let n = self.model(n);
                Some(self.object(&n, o, overrides, all, indent, 0))
            }
            (Some(n), TypeKind::Union(u)) => {
                let n = self.model(n);
                let v = match tag {
                    Some(t) => u.variants.iter().find(|v| v.tag.as_deref() == Some(t))?,
                    None => u.variants.first()?,
                };
                Some(self.variant(&n, v, overrides, all, indent, 0))
            }
            _ if tag.is_some() => None,
            _ => Some(self.value(id, None, "body", Ctx::Exact, indent, 0)),
        }
    }

    /// The parameters struct of `op`, every parameter set (or only the required ones and the
    /// overridden ones when `all` is false).
    fn params(&mut self, op: &Operation, overrides: Overrides<'_>, all: bool, indent: usize) -> Option<String> {
        let name = params_name(op)?;
        self.services.insert(name.clone());
        let types = &self.api.types;
        let pad = " ".repeat(indent + 4);
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for p in &op.parameters {
            let over = overrides.iter().find(|(n, _)| *n == p.name).map(|(_, e)| e.to_string());
            if p.required {
                let into = super::rust::is_string(types, p.ty);
                args.push(match over {
                    Some(e) => e,
                    None => self.value(p.ty, p.example.as_ref(), &p.name, if into { Ctx::Into } else { Ctx::Exact }, indent + 4, 1),
                });
            } else if over.is_some() || (all && !p.deprecated) {
                let e = match over {
                    Some(e) => e,
                    None => self.value(p.ty, p.example.as_ref(), &p.name, Ctx::Into, indent + 4, 1),
                };
                setters.push(format!("\n{pad}.with_{}({e})", p.field_name.trim_start_matches("r#")));
            }
        }
        Some(format!("{name}::new({}){}", args.join(", "), setters.concat()))
    }
}

pub(super) fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// An example value of a typed format that cannot fail (spec examples may not parse), and the
/// crate-root re-export it names.
fn typed_value(p: Primitive) -> (&'static str, Option<&'static str>) {
    match p {
        Primitive::DateTime => ("\"2024-01-01T00:00:00Z\".parse::<jiff::Timestamp>().expect(\"a date-time\")", Some("jiff")),
        Primitive::Date => ("jiff::civil::date(2024, 1, 1)", Some("jiff")),
        Primitive::Time => ("jiff::civil::time(12, 0, 0, 0)", Some("jiff")),
        Primitive::Duration => ("jiff::SignedDuration::from_secs(60)", Some("jiff")),
        Primitive::Uuid => ("uuid::Uuid::nil()", Some("uuid")),
        Primitive::Url => ("Url::parse(\"https://example.com\").expect(\"a URL\")", Some("Url")),
        Primitive::Ipv4 => ("::std::net::Ipv4Addr::LOCALHOST", None),
        Primitive::Ipv6 => ("::std::net::Ipv6Addr::LOCALHOST", None),
        Primitive::Decimal | Primitive::DecimalString => ("rust_decimal::Decimal::new(1250, 2)", Some("rust_decimal")),
        _ => ("b\"hello\".to_vec()", None),
    }
}

fn primitive_value(p: Primitive, format: Option<&str>, example: Option<&Value>, hint: &str, ctx: Ctx, def: &TypeDef) -> String {
    match p {
        Primitive::String | Primitive::Binary | Primitive::Base64 => {
            let text = match example {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => match (p, format) {
                    (Primitive::Base64, _) => "aGVsbG8=".into(),
                    (_, Some("uri" | "url")) => "https://example.com".into(),
                    (_, Some("email")) => "user@example.com".into(),
                    (_, Some("date-time")) => "2024-01-01T00:00:00Z".into(),
                    (_, Some("date")) => "2024-01-01".into(),
                    (_, Some("uuid")) => "00000000-0000-0000-0000-000000000000".into(),
                    _ => hint.to_string(),
                },
            };
            match ctx {
                Ctx::Into => rust_str(&text),
                Ctx::Exact => format!("{}.to_string()", rust_str(&text)),
            }
        }
        Primitive::I32 | Primitive::I64 => {
            let n = example.and_then(Value::as_i64).or_else(|| def.constraints.minimum.map(|m| m.ceil() as i64)).unwrap_or(1);
            if p == Primitive::I32 {
                let n = n.clamp(i64::from(i32::MIN), i64::from(i32::MAX));
                if n < 0 { format!("({n})") } else { n.to_string() }
            } else if n < 0 {
                format!("({n}_i64)")
            } else {
                format!("{n}_i64")
            }
        }
        Primitive::I8 | Primitive::I16 | Primitive::U8 | Primitive::U16 | Primitive::U32 => {
            let suffix = super::rust::primitive_ref(p).to_string();
            let n = example.and_then(Value::as_u64).filter(|n| *n <= 127).unwrap_or(1);
            format!("{n}_{suffix}")
        }
        // Typed formats are `typed_value`'s.
        Primitive::DateTime
        | Primitive::Date
        | Primitive::Time
        | Primitive::Duration
        | Primitive::Uuid
        | Primitive::Url
        | Primitive::Ipv4
        | Primitive::Ipv6
        | Primitive::Bytes
        | Primitive::Decimal
        | Primitive::DecimalString => typed_value(p).0.to_string(),
        Primitive::U64 | Primitive::I128 | Primitive::U128 => {
            let suffix = match p {
                Primitive::U64 => "u64",
                Primitive::I128 => "i128",
                _ => "u128",
            };
            let n = example.and_then(Value::as_i64).filter(|n| *n >= 0 || p == Primitive::I128).unwrap_or(1);
            if n < 0 { format!("({n}_{suffix})") } else { format!("{n}_{suffix}") }
        }
        Primitive::F32 | Primitive::F64 => {
            let n = example.and_then(Value::as_f64).or(def.constraints.minimum).unwrap_or(1.0);
            let suffix = if p == Primitive::F32 { "f32" } else { "f64" };
            let mut s = format!("{n:?}");
            if !s.contains(['.', 'e']) {
                s.push_str(".0");
            }
            if n < 0.0 { format!("({s}_{suffix})") } else { format!("{s}_{suffix}") }
        }
        Primitive::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
        Primitive::Any => format!("::serde_json::json!({})", example.map(|v| v.to_string()).unwrap_or_else(|| "null".into())),
    }
}

// ---------------------------------------------------------------------------------------------
// Snippets.

/// How the example client is built: environment plus the credentials `security` asks for.
fn client_builder(api: &Api, settings: &Settings, security: &[SecurityRequirement]) -> (String, Vec<String>) {
    let client = names::pascal(&settings.client_name);
    let mut lines = vec![format!("let client = {client}::builder()")];
    let mut root = vec![client];
    match api.servers.first() {
        Some(s) if s.variables.is_empty() => {
            lines.push(format!("    .environment(Environment::{})", s.variant_name));
            root.push("Environment".into());
        }
        Some(_) => {
            lines.push("    .environment(Environment::default())".into());
            root.push("Environment".into());
        }
        None => lines.push("    .base_url(\"https://api.example.com\")".into()),
    }
    if let Some(alt) = security.iter().find(|r| !r.schemes.is_empty()) {
        let mut bearer = false;
        for name in &alt.schemes {
            match api.scheme(name).map(|s| &s.kind) {
                Some(SecuritySchemeKind::HttpBasic) => lines.push("    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")".into()),
                Some(SecuritySchemeKind::HttpBearer | SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. }) if !bearer => {
                    bearer = true;
                    lines.push("    .access_token(\"YOUR_ACCESS_TOKEN\")".into());
                }
                Some(SecuritySchemeKind::ApiKey { .. }) => lines.push(format!("    .api_key({}, \"YOUR_API_KEY\")", rust_str(name))),
                _ => {}
            }
        }
    }
    let last = lines.len() - 1;
    lines[last].push_str("\n    .build()?;");
    (lines.join("\n"), root)
}

/// Statements building the arguments of `op` and the call expression (without `.await?`).
fn call(ex: &mut Examples<'_>, service: &Service, op: &Operation, params: Option<String>, body: Option<String>) -> (String, String) {
    let mut setup = String::new();
    let mut args = Vec::new();
    if let Some(p) = params {
        writeln!(setup, "let params = {p};").unwrap_or_default();
        args.push("&params".to_string());
    }
    if let Some(b) = &op.request_body {
        let typed_form = super::streams::form_name(ex.api, op).zip(super::streams::form_example_args(ex.api, op));
        let (expr, by_ref) = match (b.content.kind, b.content.ty) {
            (BodyKind::Json | BodyKind::Form, Some(t)) => (body.or_else(|| ex.body(t, None, &[], true, 0)).unwrap_or_else(|| "::serde_json::json!({})".into()), true),
            (BodyKind::Json | BodyKind::Form, None) => ("::serde_json::json!({})".into(), true),
            (BodyKind::Multipart, _) if typed_form.is_some() => {
                let (form, args) = typed_form.unwrap_or_default();
                ex.file_part = args.iter().any(|a| a.starts_with("FilePart::"));
                ex.services.insert(form.clone());
                (format!("{form}::new({})", args.join(", ")), false)
            }
            (BodyKind::Multipart, _) => {
                ex.multipart = true;
                ("multipart::Form::new().text(\"field\", \"value\")".into(), false)
            }
            (BodyKind::Text, _) => ("String::from(\"text\")".into(), false),
            (BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines, _) => ("::bytes::Bytes::from_static(b\"bytes\")".into(), false),
        };
        writeln!(setup, "let body = {expr};").unwrap_or_default();
        let arg = if by_ref { "&body" } else { "body" };
        // Optional upload and multipart bodies are the runtime's types: the example converts.
        let converts = matches!(b.content.kind, BodyKind::Multipart | BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines);
        args.push(match (b.required, converts) {
            (true, _) => arg.to_string(),
            (false, true) => format!("Some({arg}.into())"),
            (false, false) => format!("Some({arg})"),
        });
    }
    // The identifiers as written in Rust (`self_()`, `r#type()`).
    (setup, format!("client.{}().{}({})", names::ident_str(&service.module_name), names::ident_str(&op.fn_name), args.join(", ")))
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect::<Vec<_>>().join("\n")
}

/// A complete program: `uses`, then `body` inside `#[tokio::main] async fn main()`.
fn program(uses: &str, body: &str) -> String {
    format!("{uses}\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{}\n    Ok(())\n}}", indent(body.trim_end(), 4))
}

/// How to show the result of an operation.
fn show_result(op: &Operation, call: &str) -> String {
    match success(op) {
        Success::Empty => format!("{call}.await?;\nprintln!(\"done\");"),
        Success::Redirect => format!("let redirect = {call}.await?;\nprintln!(\"{{}} -> {{:?}}\", redirect.status, redirect.location);"),
        Success::Bytes | Success::Text => format!("let result = {call}.await?;\nprintln!(\"{{}} bytes\", result.len());"),
        Success::ByteStream => format!("// The body as it arrives, chunk by chunk (`.bytes().await?` collects it).\nlet mut body = {call}.await?;\nlet mut total = 0;\nwhile let Some(chunk) = body.next().await {{\n    total += chunk?.len();\n}}\nprintln!(\"{{total}} bytes\");"),
        Success::Events(_) => format!("// Server-sent events as they arrive.\nlet mut events = {call}.await?;\nwhile let Some(event) = events.next().await {{\n    let event = event?;\n    println!(\"{{:?}} {{:?}}: {{:?}}\", event.event, event.id, event.data);\n}}"),
        Success::JsonLines(_) => format!("// One item per JSON line, as they arrive.\nlet mut items = {call}.await?;\nwhile let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}"),
        Success::Json(_) | Success::Variants(_) => format!("let result = {call}.await?;\nprintln!(\"{{result:?}}\");"),
    }
}

fn operation_snippet(api: &Api, settings: &Settings, shadowed: &Shadowed, service: &Service, op: &Operation) -> String {
    let lib = settings.lib_name();
    let mut ex = Examples::new(api, shadowed);
    let params = ex.params(op, &[], true, 0);
    let (setup, call_expr) = call(&mut ex, service, op, params, None);
    let (builder, root) = client_builder(api, settings, &op.security);
    let root: Vec<&str> = root.iter().map(String::as_str).collect();
    let body = format!("{builder}\n\n{setup}\n{}", show_result(op, &call_expr));
    program(&ex.uses(&lib, &root), &body)
}

/// The example file (without `.rs`) of each security scheme a client can send, in spec order:
/// `auth_` and the scheme name in snake case, ASCII only, a long one shortened with a hash of the
/// name, de-duplicated.
fn auth_example_names(api: &Api) -> Vec<(&SecurityScheme, String)> {
    let mut files = names::Namer::new("_");
    api.security_schemes
        .iter()
        .filter(|s| !matches!(s.kind, SecuritySchemeKind::HttpOther { .. }))
        .map(|scheme| {
            let base: String = names::snake(&scheme.name).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let mut base = format!("auth_{}", base.trim_matches('_'));
            // Short file names (the generated paths' limit): a long name keeps its start and a hash.
            if base.len() > 48 {
                base.truncate(40);
                let end = base.trim_end_matches('_').len();
                base.truncate(end);
                base.push_str(&format!("_{:08x}", names::fnv1a(&scheme.name) as u32));
            }
            (scheme, files.unique(&base))
        })
        .collect()
}

/// `examples/auth_<scheme>.rs`: one program per security scheme the spec declares, `(file name,
/// contents without the header)`. Each reads its credentials from the environment (named in its
/// first lines; `BASE_URL` overrides the server), builds the client with them and calls the first
/// operation that accepts the scheme (with example arguments), so `cargo run --example` shows the
/// scheme working against the real API. Schemes no client can send (`http` schemes other than
/// basic and bearer) get none. In a crate whose default features leave the services out, the
/// example only builds the client.
///
/// Each comes with the Cargo feature of the service it calls (`[[example]] required-features` in
/// `Cargo.toml`, so `--no-default-features` builds skip it).
pub fn auth_examples(api: &Api, settings: &Settings) -> Vec<(String, String, Option<String>)> {
    let service_features = super::features::service_features(api);
    let lib = settings.lib_name();
    let client = names::pascal(&settings.client_name);
    let shadowed = Shadowed::new(api, settings);
    let call_ops = super::features::default_full(api, settings);
    let (env_line, mut root) = match api.servers.first() {
        Some(_) => ("    .environment(std::env::var(\"BASE_URL\").map_or(Environment::default(), Environment::Custom))".to_string(), vec![client.as_str(), "Environment"]),
        None => ("    .base_url(std::env::var(\"BASE_URL\").unwrap_or_else(|_| String::from(\"https://api.example.com\")))".to_string(), vec![client.as_str()]),
    };
    root.sort_unstable();
    // API-key variables of different schemes stay apart (`s-1` and `s_1` both give `S_1`).
    let mut taken_vars = names::Namer::new("_");
    for v in ["CLIENT_ID", "CLIENT_SECRET", "ACCESS_TOKEN", "BASE_URL"] {
        taken_vars.reserve(v);
    }
    let mut out = Vec::new();
    for (scheme, file) in auth_example_names(api) {
        let (what, vars, credentials) = match &scheme.kind {
            SecuritySchemeKind::ApiKey { location, param } => {
                let var = names::constant(&scheme.name).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
                let var = if var.is_empty() || var.starts_with(|c: char| c.is_ascii_digit()) { format!("API_KEY_{var}") } else { var };
                let var = taken_vars.unique(&var);
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                (format!("an API key, sent as the {place} {}", doc::line(&format!("{param:?}"))), vec![var.clone()], format!("    .api_key({}, var({}))", rust_str(&scheme.name), rust_str(&var)))
            }
            SecuritySchemeKind::HttpBasic => {
                ("HTTP Basic credentials (RFC 7617)".to_string(), vec!["CLIENT_ID".into(), "CLIENT_SECRET".into()], "    .client_credentials(var(\"CLIENT_ID\"), var(\"CLIENT_SECRET\"))".to_string())
            }
            SecuritySchemeKind::HttpBearer => ("a bearer token (RFC 6750)".to_string(), vec!["ACCESS_TOKEN".into()], "    .access_token(var(\"ACCESS_TOKEN\"))".to_string()),
            SecuritySchemeKind::OAuth2 { .. } => ("an OAuth 2.0 access token, sent as a bearer token (RFC 6750)".to_string(), vec!["ACCESS_TOKEN".into()], "    .access_token(var(\"ACCESS_TOKEN\"))".to_string()),
            SecuritySchemeKind::OpenIdConnect { .. } => ("an OpenID Connect access token, sent as a bearer token (RFC 6750)".to_string(), vec!["ACCESS_TOKEN".into()], "    .access_token(var(\"ACCESS_TOKEN\"))".to_string()),
            SecuritySchemeKind::HttpOther { .. } => continue,
        };
        let builder = format!("let client = {client}::builder()\n{env_line}\n{credentials}\n    .build()?;");
        let mut ex = Examples::new(api, &shadowed);
        // The operation shown: one that accepts the scheme, preferring a plain answer over a
        // redirect, then `GET`, then the fewest required parameters (spec order breaks ties).
        let op = api
            .services
            .iter()
            .flat_map(|s| s.operations.iter().map(move |o| (s, o)))
            .filter(|(_, o)| o.security.iter().any(|r| r.schemes.contains(&scheme.name)))
            .min_by_key(|(_, o)| (matches!(success(o), Success::Redirect), o.method != Method::Get, o.parameters.iter().filter(|p| p.required).count()));
        let mut feature = None;
        let body = match op.filter(|_| call_ops) {
            Some((s, o)) => {
                feature = api.services.iter().position(|x| std::ptr::eq(x, s)).and_then(|i| service_features.get(i)).cloned();
                let params = ex.params(o, &[], false, 0);
                let request_body = o.request_body.as_ref().and_then(|b| b.content.ty.filter(|_| matches!(b.content.kind, BodyKind::Json | BodyKind::Form))).and_then(|t| ex.body(t, None, &[], false, 0));
                let (setup, call_expr) = call(&mut ex, s, o, params, request_body);
                format!("{builder}\n\n// `{} {}`, authenticated with the scheme.\n{setup}{}", o.method.as_str(), doc::line(&o.path), show_result(o, &call_expr))
            }
            None => format!("{builder}\nlet _ = client;\nprintln!(\"client built\");"),
        };
        let uses = ex.uses(&lib, &root);
        let var_list = vars.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
        let contents = format!(
            "//! Authentication with the security scheme {}: {what}.\n//! Reads {var_list} (and `BASE_URL`) from the environment.\n\n{uses}\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(run())\n}}\n\nasync fn run() -> Result<(), Box<dyn std::error::Error>> {{\n{}\n    Ok(())\n}}\n\nfn var(name: &str) -> String {{\n    std::env::var(name).unwrap_or_default()\n}}\n",
            doc::line(&format!("{:?}", scheme.name)),
            indent(body.trim_end(), 4)
        );
        out.push((format!("{file}.rs"), contents, feature));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Service pages.

#[derive(Serialize)]
struct ServiceDoc {
    type_name: String,
    module_name: String,
    tag: String,
    description: Option<String>,
}

impl ServiceDoc {
    fn of(s: &Service) -> Self {
        ServiceDoc { type_name: s.type_name.clone(), module_name: names::ident_str(&s.module_name), tag: s.tag.clone(), description: s.description.clone() }
    }
}

#[derive(Serialize)]
struct ParamRow {
    name: String,
    location: String,
    ty: String,
    required: bool,
    description: String,
}

#[derive(Serialize)]
struct MethodDoc {
    name: String,
    anchor: String,
    summary: Option<String>,
    description: Option<String>,
    short: String,
    deprecated: bool,
    method: String,
    path: String,
    params: Vec<ParamRow>,
    returns: String,
    url_fn: Option<String>,
    errors: Vec<(String, String)>,
    snippet: String,
    /// The operation declares an `Idempotency-Key` header.
    idempotency_key: bool,
    paging: Option<PagingDoc>,
}

/// The pagination of a paged operation, for its section of the service page and the README.
#[derive(Serialize)]
struct PagingDoc {
    operation: String,
    stream_fn: String,
    pages_fn: String,
    style: String,
    source: String,
    snippet: String,
}

/// The `_stream` call of a paged operation: every item, as the pages are fetched.
fn paging_doc(api: &Api, settings: &Settings, shadowed: &Shadowed, service: &Service, op: &Operation) -> Option<PagingDoc> {
    let p = op.pagination.as_ref()?;
    if !matches!(success(op), Success::Json(_)) {
        return None;
    }
    let stream_fn = names::ident_str(&super::services::sibling_name(service, op, "_stream"));
    let pages_fn = names::ident_str(&super::services::sibling_name(service, op, "_pages"));
    let lib = settings.lib_name();
    let mut ex = Examples::new(api, shadowed);
    let params = ex.params(op, &[], true, 0);
    let (setup, call_expr) = call(&mut ex, service, op, params, None);
    let call_expr = call_expr.replacen(&format!(".{}(", names::ident_str(&op.fn_name)), &format!(".{stream_fn}("), 1);
    let (builder, root) = client_builder(api, settings, &op.security);
    let root: Vec<&str> = root.iter().map(String::as_str).collect();
    let body = format!(
        "{builder}\n\n{setup}\n// Pages are requested as the stream is read.\nlet mut items = std::pin::pin!({call_expr});\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}"
    );
    let uses = format!("use futures_util::TryStreamExt;\n{}", ex.uses(&lib, &root));
    Some(PagingDoc {
        operation: names::ident_str(&op.fn_name),
        stream_fn,
        pages_fn,
        style: p.style.name().to_string(),
        source: doc::code(&p.source.to_string()),
        snippet: program(&uses, &body),
    })
}

fn method_doc(api: &Api, settings: &Settings, shadowed: &Shadowed, pages: &FileNames, service: &Service, op: &Operation) -> MethodDoc {
    let types = &api.types;
    let prefix = Links { prefix: "../models/", pages };
    let mut params = Vec::new();
    for p in &op.parameters {
        let location = match p.location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        };
        let mut d = p.description.clone().or_else(|| types.get(p.ty).description.clone()).unwrap_or_default();
        if p.deprecated {
            d = format!("Deprecated. {d}");
        }
        params.push(ParamRow { name: p.field_name.clone(), location: format!("{location} {}", doc::code_cell(&p.name)), ty: type_md(types, p.ty, prefix, 0), required: p.required, description: d });
    }
    if let Some(b) = &op.request_body {
        let ty = match b.content.ty {
            Some(t) if matches!(b.content.kind, BodyKind::Json | BodyKind::Form) => type_md(types, t, prefix, 0),
            _ => match b.content.kind {
                BodyKind::Multipart => match super::streams::form_name(api, op) {
                    Some(form) => format!("`{form}` (or a raw `reqwest::multipart::Form`)"),
                    None => "`reqwest::multipart::Form`".into(),
                },
                BodyKind::Text => "`String`".into(),
                BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines => "`UploadBody` (bytes, a stream or a file)".into(),
                _ => "`serde_json::Value`".into(),
            },
        };
        let d = b.description.clone().unwrap_or_else(|| "The request body.".into());
        params.push(ParamRow { name: "body".into(), location: format!("body {}", doc::code_cell(&b.content.media_type)), ty, required: b.required, description: d });
    }
    let returns = match success(op) {
        Success::Empty => "`()`".to_string(),
        Success::Json(t) => type_md(types, t, prefix, 0),
        Success::Bytes => "`bytes::Bytes`".into(),
        Success::ByteStream => "`ByteStream` (the body as it arrives)".into(),
        Success::Events(_) => "`EventStream` (server-sent events as they arrive)".into(),
        Success::JsonLines(_) => "`JsonLines` (one item per line, as they arrive)".into(),
        Success::Text => "`String`".into(),
        Success::Redirect => "`Redirect` (the 3xx answer with its `Location`; never followed)".into(),
        Success::Variants(name) => format!("`{name}` (one variant per documented 2xx status)"),
    };
    let url_fn = (matches!(success(op), Success::Redirect) && op.method == Method::Get && !op.parameters.iter().any(|p| p.location == ParameterLocation::Header))
        .then(|| super::services::sibling_name(service, op, "_url"));
    let errors = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success_or_redirect())
        .map(|r| {
            let s = match r.status {
                Status::Code(c) => c.to_string(),
                Status::Range(d) => format!("{d}XX"),
                Status::Default => "other".into(),
            };
            let ty = r.content.as_ref().and_then(|c| c.ty).map(|t| type_md(types, t, prefix, 0)).unwrap_or_default();
            (s, format!("{}{}", if ty.is_empty() { String::new() } else { format!("{ty}: ") }, doc::cell(&r.description)))
        })
        .collect();
    let short = op.summary.clone().or_else(|| op.description.as_deref().map(first_paragraph)).unwrap_or_default();
    MethodDoc {
        name: names::ident_str(&op.fn_name),
        anchor: names::ident_str(&op.fn_name).replace('#', "").to_lowercase(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        short,
        deprecated: op.deprecated,
        method: op.method.as_str().to_string(),
        path: op.path.clone(),
        params,
        returns,
        url_fn,
        errors,
        snippet: operation_snippet(api, settings, shadowed, service, op),
        idempotency_key: options::declares_idempotency_key(op),
        paging: paging_doc(api, settings, shadowed, service, op),
    }
}

// ---------------------------------------------------------------------------------------------
// Model pages.

#[derive(Serialize)]
struct FieldRow {
    name: String,
    wire: String,
    ty: String,
    required: bool,
    description: String,
    constraints: String,
}

#[derive(Serialize)]
struct ValueRow {
    variant: String,
    value: String,
}

#[derive(Serialize)]
struct VariantRow {
    variant: String,
    tag: Option<String>,
    ty: String,
}

#[derive(Serialize)]
struct ModelDoc {
    name: String,
    kind: &'static str,
    title: Option<String>,
    description: Option<String>,
    pointer: String,
    deprecated: bool,
    nullable: bool,
    fields: Vec<FieldRow>,
    additional: Option<String>,
    values: Vec<ValueRow>,
    unknown_variant: Option<String>,
    repr: Option<String>,
    variants: Vec<VariantRow>,
    tag_property: Option<String>,
    alias_of: Option<String>,
    constraints: String,
    snippet: Option<String>,
    /// The identical schemas it also stands for, the schemas merged into it (`rust::shared_docs`).
    notes: Vec<String>,
}

fn model_doc(api: &Api, settings: &Settings, shadowed: &Shadowed, pages: &FileNames, id: TypeId) -> Option<ModelDoc> {
    let types = &api.types;
    let def = types.get(id);
    let name = def.rust_name.clone()?;
    let prefix = Links { prefix: "", pages };
    let mut m = ModelDoc {
        name: name.clone(),
        kind: "alias",
        title: def.title.clone(),
        description: def.description.clone(),
        pointer: def.pointer.clone(),
        deprecated: def.deprecated,
        nullable: def.nullable,
        fields: Vec::new(),
        additional: None,
        values: Vec::new(),
        unknown_variant: None,
        repr: None,
        variants: Vec::new(),
        tag_property: None,
        alias_of: None,
        constraints: constraints(def).join("; "),
        snippet: None,
        notes: super::rust::shared_docs(def),
    };
    match &def.kind {
        TypeKind::Object(o) => {
            m.kind = "object";
            for p in &o.properties {
                let pdef = types.get(p.ty);
                let mut notes = Vec::new();
                if p.deprecated {
                    notes.push("Deprecated.");
                }
                if p.read_only {
                    notes.push("Read-only.");
                }
                if p.write_only {
                    notes.push("Write-only.");
                }
                if p.secret {
                    notes.push("Secret (redacted from `Debug`).");
                }
                let description = format!("{}{}{}", notes.join(" "), if notes.is_empty() { "" } else { " " }, p.description.clone().unwrap_or_default());
                let mut ty = type_md(types, p.ty, prefix, 0);
                if types.is_nullable(p.ty) {
                    ty.push_str(" (nullable)");
                }
                m.fields.push(FieldRow {
                    name: p.field_name.clone(),
                    wire: p.name.clone(),
                    ty,
                    required: p.required,
                    description,
                    constraints: constraints(pdef).join("; "),
                });
            }
            m.additional = match o.additional {
                Additional::None => None,
                Additional::Any => Some("any JSON values".into()),
                Additional::Typed(t) => Some(type_md(types, t, prefix, 0)),
            };
        }
        TypeKind::Enum(e) => {
            m.kind = "enum";
            m.values = e.values.iter().map(|v| ValueRow { variant: v.variant_name.clone(), value: v.value.to_string() }).collect();
            m.unknown_variant = Some(e.unknown_variant.clone());
            m.repr = Some(match e.repr {
                EnumRepr::String => "string".into(),
                EnumRepr::I32 => "i32".into(),
                EnumRepr::I64 => "i64".into(),
                EnumRepr::U64 => "u64".into(),
            });
        }
        TypeKind::Union(u) => {
            m.kind = "union";
            m.tag_property = u.tag_property.clone();
            m.variants = u.variants.iter().map(|v| VariantRow { variant: v.variant_name.clone(), tag: v.tag.clone(), ty: type_md(types, v.ty, prefix, 0) }).collect();
        }
        TypeKind::Alias(t) => m.alias_of = Some(type_md(types, *t, prefix, 0)),
        TypeKind::Array { .. } | TypeKind::Tuple { .. } | TypeKind::Map { .. } | TypeKind::Primitive { .. } | TypeKind::Pending => {
            m.alias_of = Some(shape_md(types, id, prefix, 0));
        }
    }
    if matches!(def.kind, TypeKind::Object(_) | TypeKind::Union(_)) {
        let mut ex = Examples::new(api, shadowed);
        let value = ex.value(id, None, &name, Ctx::Exact, 0, 0);
        let uses = ex.uses(&settings.lib_name(), &[]);
        m.snippet = Some(format!("{uses}\nfn main() {{\n    let value = {};\n    println!(\"{{value:?}}\");\n}}", indent(&value, 4).trim_start()));
    }
    Some(m)
}

// ---------------------------------------------------------------------------------------------
// README.

#[derive(Serialize)]
struct ModelRow {
    name: String,
    page: String,
}

#[derive(Serialize)]
struct ServiceRow {
    page: String,
    type_name: String,
    module_name: String,
    tag: String,
    description: String,
    operations: usize,
    /// The service's Cargo feature.
    feature: String,
}

#[derive(Serialize)]
struct EnvRow {
    variant: String,
    url: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct LicenseRow {
    name: String,
    identifier: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct WebhookRow {
    name: String,
    method: String,
    /// Markdown: the payload type, linked to its model page.
    payload: String,
    description: String,
}

#[derive(Serialize)]
struct ReadmeDoc {
    crate_name: String,
    crate_version: String,
    /// The crate may be published (`cargo add` from crates.io once it is).
    publish: bool,
    /// `(example name, security scheme)` of the examples per scheme.
    auth_examples: Vec<(String, String)>,
    lib_name: String,
    client: String,
    title: String,
    version: String,
    description: Option<String>,
    summary: Option<String>,
    license: Option<LicenseRow>,
    webhooks: Vec<WebhookRow>,
    spec_path: String,
    generator_command: String,
    services: Vec<ServiceRow>,
    models: Vec<ModelRow>,
    /// `default = ["full"]` in `Cargo.toml`.
    default_full: bool,
    environments: Vec<EnvRow>,
    first_env: Option<String>,
    bearer: Option<String>,
    client_credentials: Option<String>,
    api_key: Option<String>,
    api_key_schemes: Vec<String>,
    pkce: Option<String>,
    flow: Option<String>,
    /// `authorization_code` is async (OpenID Connect discovery).
    flow_discovered: bool,
    /// The API's own operations the flow's token requests use, as code spans.
    flow_operations: Option<String>,
    /// The crate has a `scopes` module.
    scopes: bool,
    /// The builder's grants obtain tokens by themselves (an `oauth2` scheme with a `tokenUrl`).
    grants: bool,
    jwt: Option<String>,
    refresh: Option<String>,
    token_path: Option<String>,
    revoke_path: Option<String>,
    custom_url: String,
    timeouts: String,
    /// A call with per-request options (empty without operations).
    options: String,
    /// A hook registered on the builder.
    hooks: String,
    errors: String,
    has_oauth: bool,
    /// The first paged operation's `_stream` example, and how many operations page.
    paging: Option<PagingDoc>,
    paged: usize,
    /// One example per kind of streamed body the API has (events, JSON lines, downloads,
    /// uploads, multipart forms).
    streamed: Vec<String>,
}

fn readme_doc(api: &Api, settings: &Settings, shadowed: &Shadowed, pages: &FileNames, models: &[TypeId]) -> ReadmeDoc {
    let lib = settings.lib_name();
    let client = names::pascal(&settings.client_name);
    let has = |f: &dyn Fn(&SecuritySchemeKind) -> bool| api.security_schemes.iter().any(|s| f(&s.kind));
    let has_bearer = has(&|k| matches!(k, SecuritySchemeKind::HttpBearer | SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. }));
    let has_basic = has(&|k| matches!(k, SecuritySchemeKind::HttpBasic));
    let has_oauth = has(&|k| matches!(k, SecuritySchemeKind::OAuth2 { .. }));
    let api_key_schemes: Vec<String> = api.security_schemes.iter().filter(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. })).map(|s| s.name.clone()).collect();

    // The operation the general examples call: the first one needing the credentials shown.
    let first_op = |pred: &dyn Fn(&SecurityRequirement) -> bool| {
        api.services.iter().flat_map(|s| s.operations.iter().map(move |o| (s, o))).find(|(_, o)| o.security.iter().any(pred))
    };
    let scheme_is = |r: &SecurityRequirement, f: &dyn Fn(&SecuritySchemeKind) -> bool| r.schemes.iter().any(|n| api.scheme(n).is_some_and(|s| f(&s.kind)));
    let example_call = |service: &Service, op: &Operation, builder: &str, root: &[&str], ex: &mut Examples<'_>, extra_setup: &str| {
        let params = ex.params(op, &[], false, 0);
        let (setup, call_expr) = call(ex, service, op, params, None);
        let body = format!("{extra_setup}{builder}\n\n{setup}{}", show_result(op, &call_expr));
        program(&ex.uses(&lib, root), &body)
    };
    let env_line = match api.servers.first() {
        Some(s) if s.variables.is_empty() => format!("    .environment(Environment::{})\n", s.variant_name),
        Some(_) => "    .environment(Environment::default())\n".into(),
        None => "    .base_url(\"https://api.example.com\")\n".into(),
    };
    let mut root: Vec<&str> = vec![client.as_str()];
    if !api.servers.is_empty() {
        root.push("Environment");
    }

    let bearer = has_bearer.then(|| {
        let mut ex = Examples::new(api, shadowed);
        let builder = format!("let client = {client}::builder()\n{env_line}    .access_token(\"YOUR_ACCESS_TOKEN\")\n    .build()?;");
        match first_op(&|r| scheme_is(r, &|k| matches!(k, SecuritySchemeKind::HttpBearer | SecuritySchemeKind::OAuth2 { .. } | SecuritySchemeKind::OpenIdConnect { .. }))) {
            Some((s, o)) => example_call(s, o, &builder, &root, &mut ex, ""),
            None => program(&ex.uses(&lib, &root), &format!("{builder}\nlet _ = client;")),
        }
    });

    let token = super::client::oauth_token_operation(api);
    let token_service = token.and_then(|(op, _, _)| api.services.iter().find(|s| s.operations.iter().any(|o| o.operation_id == op.operation_id)));
    // The token request of a grant, by `grant_type` tag (required fields and `overrides` only).
    let token_request = |ex: &mut Examples<'_>, grant: &str, overrides: Overrides<'_>| -> Option<(String, String)> {
        let (op, _, _) = token?;
        let service = token_service?;
        let body_ty = op.request_body.as_ref()?.content.ty?;
        let body = ex.body(body_ty, Some(grant), overrides, false, 0)?;
        let (setup, call_expr) = call(ex, service, op, None, Some(body));
        Some((setup, call_expr))
    };

    let client_credentials = has_basic.then(|| {
        let mut ex = Examples::new(api, shadowed);
        let builder = format!("let client = {client}::builder()\n{env_line}    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")\n    .build()?;");
        if let Some((setup, call_expr)) = token_request(&mut ex, "client_credentials", &[]) {
            let body = format!("{builder}\n\n// The client id and secret are sent as HTTP Basic credentials.\n{setup}let token = {call_expr}.await?;\nprintln!(\"expires in {{:?}} s\", token.expires_in);");
            return program(&ex.uses(&lib, &root), &body);
        }
        match first_op(&|r| scheme_is(r, &|k| matches!(k, SecuritySchemeKind::HttpBasic))) {
            Some((s, o)) => example_call(s, o, &builder, &root, &mut ex, ""),
            None => program(&ex.uses(&lib, &root), &format!("{builder}\nlet _ = client;")),
        }
    });

    let api_key = api_key_schemes.first().map(|scheme| {
        let mut ex = Examples::new(api, shadowed);
        let builder = format!("let client = {client}::builder()\n{env_line}    .api_key({}, \"YOUR_API_KEY\")\n    .build()?;", rust_str(scheme));
        match first_op(&|r| r.schemes.iter().any(|n| n == scheme)) {
            Some((s, o)) => example_call(s, o, &builder, &root, &mut ex, ""),
            None => program(&ex.uses(&lib, &root), &format!("{builder}\nlet _ = client;")),
        }
    });

    // PKCE: the authorization URL with an S256 challenge, then the code exchange.
    let authorize_op = api.security_schemes.iter().find_map(|s| match &s.kind {
        SecuritySchemeKind::OAuth2 { authorization_url: Some(u), .. } => Some(u.clone()),
        _ => None,
    });
    let pkce = (|| {
        let url = authorize_op.as_ref()?;
        let (s, op) = api
            .services
            .iter()
            .flat_map(|s| s.operations.iter().map(move |o| (s, o)))
            .find(|(_, o)| o.method == Method::Get && url.ends_with(&o.path) && matches!(success(o), Success::Redirect))?;
        let mut ex = Examples::new(api, shadowed);
        let mut overrides: Vec<(&str, String)> = vec![
            ("client_id", "\"YOUR_CLIENT_ID\"".into()),
            ("redirect_uri", "\"https://example.com/callback\"".into()),
            ("state", "\"random-state\"".into()),
            ("code_challenge", "verifier.challenge_s256()".into()),
        ];
        if let Some(p) = op.parameters.iter().find(|p| p.name == "code_challenge_method") {
            if let TypeKind::Enum(e) = &api.types.get(p.ty).kind {
                let n = api.types.get(p.ty).rust_name.clone()?;
                let v = e.values.iter().find(|v| v.value == "S256")?;
                ex.models.insert(n.clone());
                overrides.push(("code_challenge_method", format!("{n}::{}", v.variant_name)));
            }
        }
        let o: Vec<(&str, &str)> = overrides.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let params = ex.params(op, &o, false, 0)?;
        let token_over = [("code", "code"), ("redirect_uri", "\"https://example.com/callback\""), ("code_verifier", "verifier.as_str()")];
        let (tsetup, tcall) = token_request(&mut ex, "authorization_code", &token_over)?;
        let builder = format!("// A public client: no secret, only the client id.\nlet client = {client}::builder()\n{env_line}    .client_id(\"YOUR_CLIENT_ID\")\n    .build()?;");
        let body = format!(
            "{builder}\n\n// 1. Send the user to the authorization endpoint with an S256 code challenge.\nlet verifier = CodeVerifier::generate()?;\nlet params = {params};\nlet url = client.{}().{}(&params)?;\nprintln!(\"open {{url}}\");\n\n// 2. The redirect URI receives `code` (and `state`: check it); exchange it with the verifier.\nlet code = \"code-from-the-redirect\";\n{tsetup}let token = {tcall}.await?;\nprintln!(\"access token expires in {{:?}} s\", token.expires_in);",
            names::ident_str(&s.module_name),
            super::services::sibling_name(s, op, "_url")
        );
        let mut r = root.clone();
        r.push("CodeVerifier");
        Some(program(&ex.uses(&lib, &r), &body))
    })();

    // The authorization code flow through the flow API (`emit/oauth.rs`).
    let flow = super::oauth::has_examples(api)
        .then(|| {
            let scopes = if super::oauth::scope_constants(api).is_empty() { "" } else { ", scopes" };
            let helper = "\n\nfn var(name: &str) -> String {\n    std::env::var(name).unwrap_or_default()\n}";
            program(&format!("use {lib}::{{Environment, {client}{scopes}}};\n"), &format!("{}{helper}", super::oauth::authorization_code_body(api, &client)))
        });

    // JWT client assertion (RFC 7523) to the client-authenticated endpoints.
    let jwt = (has_basic && has_oauth).then(|| {
        let mut ex = Examples::new(api, shadowed);
        let call_part = match token_request(&mut ex, "client_credentials", &[]) {
            Some((setup, call_expr)) => format!("{setup}let token = {call_expr}.await?;\nprintln!(\"{{token:?}}\");"),
            None => "let _ = (hmac_client, key_client);".into(),
        };
        let body = format!(
            "// client_secret_jwt: an HS256 assertion signed with the client secret.\nlet hmac_client = {client}::builder()\n{env_line}    .client_id(\"YOUR_CLIENT_ID\")\n    .client_auth(ClientAuth::SecretJwt {{ client_secret: String::from(\"YOUR_CLIENT_SECRET\").into() }})\n    .build()?;\n\n// private_key_jwt: an assertion signed with your private key (RS256 or ES256).\nlet key_client = {client}::builder()\n{env_line}    .client_id(\"YOUR_CLIENT_ID\")\n    .client_auth(ClientAuth::PrivateKeyJwt {{\n        key_pem: std::fs::read_to_string(\"private-key.pem\")?.into(),\n        algorithm: JwtAlgorithm::RS256,\n        key_id: Some(\"my-key-id\".to_string()),\n    }})\n    .build()?;\n\nlet client = key_client;\nlet _ = &hmac_client;\n{call_part}"
        );
        let mut r = root.clone();
        r.extend(["ClientAuth", "JwtAlgorithm"]);
        program(&ex.uses(&lib, &r), &body)
    });

    // Token refresh through a TokenHolder.
    let refresh = (|| {
        let mut ex = Examples::new(api, shadowed);
        let (setup, call_expr) = token_request(&mut ex, "client_credentials", &[]).or_else(|| token_request(&mut ex, "refresh_token", &[]))?;
        let body = format!(
            "let auth_client = {client}::builder()\n{env_line}    .client_credentials(\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\")\n    .build()?;\n{}{setup}let token = {call_expr}.await?;\n\n// The holder refreshes the token before it expires (and once on a 401), and can revoke it.\nlet holder = auth_client.token_holder(token);\nlet client = {client}::builder()\n{env_line}    .token_provider(holder.provider())\n    .build()?;\nlet _ = client;\nholder.revoke().await?;",
            "let client = &auth_client;\n"
        );
        Some(program(&ex.uses(&lib, &root), &body))
    })();

    // Timeouts and retries.
    let timeouts = {
        let body = format!(
            "let client = {client}::builder()\n{env_line}    .connect_timeout(Duration::from_secs(5))\n    .timeout(Duration::from_secs(20))\n    .retry_policy(\n        RetryPolicy::default()\n            .max_retries(3)\n            .initial_backoff(Duration::from_millis(250))\n            .max_backoff(Duration::from_secs(5))\n            .max_retry_after(Duration::from_secs(30)),\n    )\n    .build()?;\n\n// Or never retry:\nlet no_retries = {client}::builder().retry_policy(RetryPolicy::none()).build()?;\nlet _ = (client, no_retries);"
        );
        let mut r = root.clone();
        r.push("RetryPolicy");
        program(&format!("use std::time::Duration;\n\n{}", Examples::new(api, shadowed).uses(&lib, &r)), &body)
    };

    // Error handling around the first operation (the token operation when there is one).
    let errors = {
        let mut ex = Examples::new(api, shadowed);
        let target = token.and_then(|(op, _, _)| token_service.map(|s| (s, op))).or_else(|| api.services.iter().find_map(|s| s.operations.first().map(|o| (s, o))));
        let mut r = root.clone();
        r.push("Error");
        match target {
            Some((s, op)) => {
                let params = ex.params(op, &[], false, 0);
                let (setup, call_expr) = call(&mut ex, s, op, params, None);
                let (builder, _) = client_builder(api, settings, &op.security);
                let oauth = if has_oauth {
                    "\n        // OAuth 2.0 error bodies (RFC 6749 §5.2), whatever the documented type:\n        if let Some(oauth) = err.oauth_error() {\n            eprintln!(\"OAuth error {}: {:?}\", oauth.error, oauth.error_description);\n        }"
                } else {
                    ""
                };
                let body = format!(
                    "{builder}\n\n{setup}match {call_expr}.await {{\n    Ok(result) => println!(\"{{result:?}}\"),\n    Err(err) => {{\n        // A documented error status, with its decoded body:\n        if let Error::Api {{ status, body, .. }} = &err {{\n            eprintln!(\"HTTP {{status}}: {{body:?}}\");\n        }}{oauth}\n        // 429 / 503 with Retry-After (after the retry policy gave up):\n        if let Some(delay) = err.retry_after() {{\n            eprintln!(\"retry in {{delay:?}}\");\n        }}\n        return Err(err.into());\n    }}\n}}"
                );
                program(&ex.uses(&lib, &r), &body)
            }
            None => String::new(),
        }
    };

    // Streamed bodies: the first operation of each kind.
    let streamed = {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for s in &api.services {
            for op in &s.operations {
                let kind = match (success(op), op.request_body.as_ref().map(|b| b.content.kind)) {
                    (Success::Events(_), _) => "events",
                    (Success::JsonLines(_), _) => "lines",
                    (Success::ByteStream, _) => "download",
                    (_, Some(BodyKind::Binary | BodyKind::EventStream | BodyKind::JsonLines)) => "upload",
                    (_, Some(BodyKind::Multipart)) => "multipart",
                    _ => continue,
                };
                if seen.contains(&kind) {
                    continue;
                }
                seen.push(kind);
                let mut ex = Examples::new(api, shadowed);
                let (builder, r) = client_builder(api, settings, &op.security);
                let r: Vec<&str> = r.iter().map(String::as_str).collect();
                out.push(example_call(s, op, &builder, &r, &mut ex, ""));
            }
        }
        out
    };

    let token_path = token.map(|(op, _, _)| op.path.clone());
    let revoke_path = token.and_then(|(_, _, r)| r.map(|r| r.path.clone()));
    let auth_examples = auth_example_names(api).into_iter().map(|(scheme, file)| (file, scheme.name.clone())).collect();
    ReadmeDoc {
        crate_name: settings.crate_name.clone(),
        crate_version: settings.crate_version.clone(),
        publish: settings.publish,
        auth_examples,
        lib_name: lib.clone(),
        client: client.clone(),
        title: api.title.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        summary: api.summary.clone(),
        license: api.license.as_ref().map(|l| LicenseRow { name: l.name.clone(), identifier: l.identifier.clone(), url: l.url.clone() }),
        webhooks: api
            .webhooks
            .iter()
            .map(|w| WebhookRow {
                name: w.name.clone(),
                method: w.method.as_str().to_string(),
                payload: match w.payload.as_ref().and_then(|b| b.content.ty) {
                    Some(ty) => type_md(&api.types, ty, Links { prefix: "documentation/models/", pages }, 0),
                    None => "none".into(),
                },
                description: w.summary.clone().or_else(|| w.description.as_deref().map(first_paragraph)).unwrap_or_default(),
            })
            .collect(),
        spec_path: settings.spec_path.clone(),
        generator_command: settings.generator_command.clone(),
        services: api
            .services
            .iter()
            .zip(&pages.service_pages)
            .zip(super::features::service_features(api))
            .map(|((s, page), feature)| ServiceRow {
                feature,
                page: page.clone(),
                type_name: s.type_name.clone(),
                module_name: names::ident_str(&s.module_name),
                tag: s.tag.clone(),
                description: s.description.clone().unwrap_or_default(),
                operations: s.operations.len(),
            })
            .collect(),
        default_full: super::features::default_full(api, settings),
        models: models.iter().filter_map(|&id| Some(ModelRow { name: api.types.get(id).rust_name.clone()?, page: pages.model_page(id)?.to_string() })).collect(),
        environments: api.servers.iter().map(|s| EnvRow { variant: s.variant_name.clone(), url: s.url.clone(), description: s.description.clone() }).collect(),
        first_env: api.servers.first().map(|s| s.variant_name.clone()),
        bearer,
        client_credentials,
        api_key,
        api_key_schemes,
        pkce,
        flow,
        flow_discovered: super::oauth::is_discovered(api),
        flow_operations: Some(super::oauth::flow_operation_names(api).iter().map(|n| super::doc::code(n)).collect::<Vec<_>>().join(", ")).filter(|s| !s.is_empty()),
        scopes: !super::oauth::scopes(api).is_empty(),
        grants: api.security_schemes.iter().any(|s| matches!(&s.kind, SecuritySchemeKind::OAuth2 { token_url: Some(_), .. })),
        jwt,
        refresh,
        token_path,
        revoke_path,
        custom_url: program(&Examples::new(api, shadowed).uses(&lib, &[client.as_str()]), &format!("let client = {client}::builder()\n    .base_url(\"http://localhost:8080\")\n    .build()?;\nlet _ = client;")),
        timeouts,
        options: options::readme_target(api).map(|(s, op)| options::options_snippet(api, settings, shadowed, s, op)).unwrap_or_default(),
        hooks: options::hooks_snippet(api, settings, shadowed),
        errors,
        has_oauth,
        paging: api.services.iter().flat_map(|sv| sv.operations.iter().map(move |o| (sv, o))).find_map(|(sv, o)| paging_doc(api, settings, shadowed, sv, o)),
        paged: api.operations().filter(|o| o.pagination.is_some()).count(),
        streamed,
    }
}

#[cfg(test)]
mod tests {
    use super::doc::page_text as prose;

    #[test]
    fn prose_cannot_restructure_a_page() {
        assert_eq!(prose("# Title\n| a | b |\n<img src=x>"), "\\# Title\n\\| a | b |\n&lt;img src=x&gt;");
        assert_eq!(prose("```rust\nfn main() {}"), "```text\nfn main() {}\n```");
        assert_eq!(prose("````\n# not a heading\n```\n````"), "````text\n# not a heading\n```\n````");
    }
}

#[cfg(test)]
mod auth_example_tests {
    use crate::Settings;

    #[test]
    fn schemes_whose_names_collide_get_their_own_file_and_variable() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
components:
  securitySchemes:
    s-1: {type: apiKey, in: header, name: X-A}
    s_1: {type: apiKey, in: header, name: X-B}
    access token: {type: apiKey, in: query, name: t}
paths: {}
"#;
        let api = crate::lower(&crate::load::load("t.yaml", spec.into()).expect("loads"), &Settings::default()).0;
        let examples = super::auth_examples(&api, &Settings::default());
        let names: Vec<&str> = examples.iter().map(|(f, _, _)| f.as_str()).collect();
        assert_eq!(names, ["auth_s_1.rs", "auth_s_1_2.rs", "auth_access_token.rs"]);
        let reads = |i: usize| examples[i].1.lines().nth(1).unwrap_or_default().to_string();
        assert!(reads(0).contains("`S_1`") && reads(1).contains("`S_1_2`"), "{} / {}", reads(0), reads(1));
        // A scheme named like a variable another kind of credential uses gets another.
        assert!(reads(2).contains("`ACCESS_TOKEN_2`"), "{}", reads(2));
    }
}
