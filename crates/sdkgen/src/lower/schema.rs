//! Lowering of schemas into the type arena: objects, enums, unions, `allOf` composition (merged,
//! and distributed over a `oneOf`/`anyOf` member), arrays, maps, primitives. Never recurses on a
//! `$ref` (ids are reserved up front) and bounds inline nesting, so any spec terminates.

use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use crate::diagnostics::{self, Diagnostic};
use crate::ir::*;
use crate::names;

use crate::limits::{MAX_ALL_OF_DEPTH, MAX_INLINE_DEPTH, MAX_PROPERTIES, MAX_UNION_MEMBERS};

/// A uniform view of a schema, whichever `openapiv3` variant holds it.
struct View<'a> {
    data: &'a SchemaData,
    ty: Option<&'a str>,
    format: Option<String>,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    enumeration: Vec<Value>,
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    all_of: &'a [ReferenceOr<Schema>],
    not: bool,
    constraints: Constraints,
}

fn format_of<T: std::fmt::Debug>(f: &openapiv3::VariantOrUnknownOrEmpty<T>, known: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        openapiv3::VariantOrUnknownOrEmpty::Item(i) => Some(known(i).to_string()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'a> View<'a> {
    fn of(schema: &'a Schema) -> View<'a> {
        let mut v = View {
            data: &schema.schema_data,
            ty: None,
            format: None,
            properties: None,
            required: &[],
            additional: None,
            items: None,
            enumeration: Vec::new(),
            one_of: &[],
            any_of: &[],
            all_of: &[],
            not: false,
            constraints: Constraints::default(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.ty = Some("string");
                v.format = format_of(&s.format, |f| match f {
                    openapiv3::StringFormat::Date => "date",
                    openapiv3::StringFormat::DateTime => "date-time",
                    openapiv3::StringFormat::Password => "password",
                    openapiv3::StringFormat::Byte => "byte",
                    openapiv3::StringFormat::Binary => "binary",
                });
                v.enumeration = s.enumeration.iter().flatten().map(|s| Value::String(s.clone())).collect();
                v.constraints.min_length = s.min_length;
                v.constraints.max_length = s.max_length;
                v.constraints.pattern = s.pattern.clone();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.ty = Some("integer");
                v.format = format_of(&i.format, |f| match f {
                    openapiv3::IntegerFormat::Int32 => "int32",
                    openapiv3::IntegerFormat::Int64 => "int64",
                });
                v.enumeration = i.enumeration.iter().flatten().map(|n| Value::from(*n)).collect();
                v.constraints.minimum = i.minimum.map(|m| m as f64);
                v.constraints.maximum = i.maximum.map(|m| m as f64);
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.ty = Some("number");
                v.format = format_of(&n.format, |f| match f {
                    openapiv3::NumberFormat::Float => "float",
                    openapiv3::NumberFormat::Double => "double",
                });
                v.constraints.minimum = n.minimum;
                v.constraints.maximum = n.maximum;
            }
            SchemaKind::Type(Type::Boolean(_)) => v.ty = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                v.ty = Some("object");
                v.properties = Some(&o.properties);
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.ty = Some("array");
                v.items = a.items.as_ref();
                v.constraints.min_items = a.min_items;
                v.constraints.max_items = a.max_items;
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref();
                v.format = a.format.clone();
                if !a.properties.is_empty() || a.additional_properties.is_some() {
                    v.properties = Some(&a.properties);
                }
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.enumeration = a.enumeration.iter().filter(|e| !e.is_null()).cloned().collect();
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.all_of = &a.all_of;
                v.not = a.not.is_some();
                v.constraints = Constraints {
                    minimum: a.minimum,
                    maximum: a.maximum,
                    min_length: a.min_length,
                    max_length: a.max_length,
                    min_items: a.min_items,
                    max_items: a.max_items,
                    pattern: a.pattern.clone(),
                };
            }
        }
        v
    }

    fn is_object_like(&self) -> bool {
        self.ty == Some("object") || self.properties.is_some()
    }
}

/// A property collected while merging `allOf` members.
#[derive(Clone)]
struct PropPart<'a> {
    schema: &'a ReferenceOr<Box<Schema>>,
    pointer: String,
    owner: String,
}

/// A `oneOf`/`anyOf` member found while merging.
#[derive(Clone)]
struct UnionPart<'a> {
    members: &'a [ReferenceOr<Schema>],
    discriminator: Option<&'a openapiv3::Discriminator>,
    pointer: String,
}

/// What an `allOf` (or a plain object) collects.
#[derive(Clone, Default)]
struct Merge<'a> {
    props: IndexMap<String, PropPart<'a>>,
    /// In the order the spec lists them (members of an `allOf` one after the other).
    required: Vec<String>,
    additional: Option<(&'a AdditionalProperties, String, String)>,
    unions: Vec<UnionPart<'a>>,
    others: Vec<(&'a ReferenceOr<Schema>, String)>,
    description: Option<String>,
    /// Component schemas already collected: each is merged once, so `allOf` graphs that share
    /// members (`A: allOf [B, B]`, `B: allOf [C, C]`...) cost linear, not exponential, time.
    seen: HashSet<String>,
}

/// Lowers schemas of one spec into a [`TypeSpace`].
pub struct SchemaLowerer<'a> {
    spec: &'a openapiv3::OpenAPI,
    /// The arena being built.
    pub types: TypeSpace,
    by_ref: HashMap<String, TypeId>,
    by_pointer: HashMap<String, TypeId>,
    enums: HashMap<(EnumRepr, Vec<String>), TypeId>,
    /// Fallback names for suggested names that collide (`{Owner}{Prop}`).
    pub fallback_names: HashMap<TypeId, String>,
    /// Component schemas merged into each object (by `allOf`, or as the member of a union whose
    /// variant payload merges it with the union's other `allOf` parts), as pointers.
    pub includes: HashMap<TypeId, BTreeSet<String>>,
    any: Option<TypeId>,
    depth: usize,
    /// Pointers already warned about (a property merged into several types is reported once).
    warned: BTreeSet<String>,
    /// Properties lowered so far, against [`MAX_PROPERTIES`].
    properties_lowered: usize,
    properties_budget_reported: bool,
    /// Diagnostics so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// JSON pointer of a component schema.
pub fn component_pointer(name: &str) -> String {
    diagnostics::join("#/components/schemas", name)
}

impl<'a> SchemaLowerer<'a> {
    /// Reserves an id for every component schema.
    pub fn new(spec: &'a openapiv3::OpenAPI) -> Self {
        let mut l = SchemaLowerer {
            spec,
            types: TypeSpace::default(),
            by_ref: HashMap::new(),
            by_pointer: HashMap::new(),
            enums: HashMap::new(),
            fallback_names: HashMap::new(),
            includes: HashMap::new(),
            any: None,
            depth: 0,
            warned: BTreeSet::new(),
            properties_lowered: 0,
            properties_budget_reported: false,
            diagnostics: Vec::new(),
        };
        if let Some(c) = &spec.components {
            for name in c.schemas.keys() {
                let pointer = component_pointer(name);
                let id = l.types.push(TypeDef::new(Name::Required(name.clone()), pointer.clone(), TypeKind::Pending));
                l.by_ref.insert(pointer, id);
            }
        }
        l
    }

    /// Lowers every component schema (each once; ids stay those reserved).
    pub fn lower_components(&mut self) {
        let Some(c) = &self.spec.components else { return };
        for (name, schema) in &c.schemas {
            let pointer = component_pointer(name);
            let Some(&id) = self.by_ref.get(&pointer) else { continue };
            if !matches!(self.types.get(id).kind, TypeKind::Pending) {
                continue;
            }
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.lower_ref(reference, &pointer);
                    self.types.get_mut(id).kind = TypeKind::Alias(target);
                }
                ReferenceOr::Item(s) => {
                    self.fill(id, s, &pointer, name);
                }
            }
        }
    }

    fn any(&mut self) -> TypeId {
        if let Some(id) = self.any {
            return id;
        }
        let id = self.types.push(TypeDef::new(
            Name::None,
            "#",
            TypeKind::Primitive { primitive: Primitive::Any, format: None },
        ));
        self.any = Some(id);
        id
    }

    /// The id a `$ref` names, or `Any` with a diagnostic when it dangles.
    pub fn lower_ref(&mut self, reference: &str, at: &str) -> TypeId {
        if let Some(&id) = self.by_ref.get(reference) {
            return id;
        }
        let d = if reference.starts_with("#/components/schemas/") {
            Diagnostic::error(at, format!("dangling $ref: `{reference}` is not defined"))
                .with_help("define it under components/schemas, or fix the name; sdkgen uses serde_json::Value here")
        } else if reference.starts_with('#') {
            Diagnostic::error(at, format!("$ref `{reference}` does not point to a schema under components/schemas"))
                .with_help("schemas must be referenced as #/components/schemas/<Name>")
        } else {
            Diagnostic::error(at, format!("external $ref `{reference}` is not supported"))
                .with_help("bundle the spec into one file first (e.g. `redocly bundle`)")
        };
        self.diagnostics.push(d);
        self.any()
    }

    /// True when a property schema (inline or a component) is `type: integer`.
    fn is_integer_schema(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        let s: Option<&Schema> = match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.component(reference).map(|(s, _, _)| s),
        };
        s.is_some_and(|s| matches!(s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_))))
    }

    fn component(&self, reference: &str) -> Option<(&'a Schema, String, String)> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let name = name.replace("~1", "/").replace("~0", "~");
        match self.spec.components.as_ref()?.schemas.get(&name)? {
            ReferenceOr::Item(s) => Some((s, component_pointer(&name), name)),
            ReferenceOr::Reference { reference } => {
                // One level of component-to-component aliasing is followed for merging.
                let name2 = reference.strip_prefix("#/components/schemas/")?.to_string();
                match self.spec.components.as_ref()?.schemas.get(&name2)? {
                    ReferenceOr::Item(s) => Some((s, component_pointer(&name2), name2)),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// Lowers a schema (reference or inline) found at `pointer`. `name` is the suggested name for
    /// the type if it needs one; `fallback` is used when that name is taken.
    pub fn lower(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str, name: &str, fallback: &str) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, pointer, name, fallback),
        }
    }

    /// Same as [`Self::lower`] for boxed schemas (properties, items).
    pub fn lower_boxed(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str, name: &str, fallback: &str) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(s, pointer, name, fallback),
        }
    }

    fn lower_inline(&mut self, schema: &'a Schema, pointer: &str, name: &str, fallback: &str) -> TypeId {
        if let Some(&id) = self.by_pointer.get(pointer) {
            return id;
        }
        if self.depth >= MAX_INLINE_DEPTH {
            self.diagnostics.push(
                Diagnostic::warning(pointer, format!("inline schemas nested deeper than {MAX_INLINE_DEPTH} levels"))
                    .with_help("move the inner schemas to components/schemas; sdkgen uses serde_json::Value here"),
            );
            return self.any();
        }
        let id = self.types.push(TypeDef::new(Name::Suggested(name.to_string()), pointer, TypeKind::Pending));
        if fallback != name {
            self.fallback_names.insert(id, fallback.to_string());
        }
        self.by_pointer.insert(pointer.to_string(), id);
        self.depth += 1;
        self.fill(id, schema, pointer, name);
        self.depth -= 1;
        // Identical inline enums share one type (the first one's name).
        if let TypeKind::Enum(e) = &self.types.get(id).kind {
            let key = (e.repr, e.values.iter().map(|v| v.value.to_string()).collect::<Vec<_>>());
            if let Some(&existing) = self.enums.get(&key) {
                if !self.types.get(id).nullable {
                    self.types.get_mut(id).kind = TypeKind::Alias(existing);
                    self.types.get_mut(id).name = Name::None;
                    return existing;
                }
            } else {
                self.enums.insert(key, id);
            }
        }
        id
    }

    /// Fills the reserved (or fresh) id with the lowered schema.
    fn fill(&mut self, id: TypeId, schema: &'a Schema, pointer: &str, name: &str) {
        let v = View::of(schema);
        {
            let def = self.types.get_mut(id);
            def.title = v.data.title.clone();
            def.description = v.data.description.clone();
            def.deprecated = v.data.deprecated;
            def.nullable = v.data.nullable;
            def.default = v.data.default.clone();
            def.example = v.data.example.clone();
            def.constraints = v.constraints.clone();
        }
        let kind = self.kind_of(&v, schema, id, pointer, name);
        let def = self.types.get_mut(id);
        if matches!(kind, TypeKind::Primitive { .. } | TypeKind::Array { .. } | TypeKind::Tuple { .. } | TypeKind::Map { .. } | TypeKind::Alias(_))
            && matches!(def.name, Name::Suggested(_))
        {
            def.name = Name::None;
        }
        def.kind = kind;
    }

    fn kind_of(&mut self, v: &View<'a>, schema: &'a Schema, id: TypeId, pointer: &str, name: &str) -> TypeKind {
        if v.not {
            self.diagnostics.push(
                Diagnostic::warning(pointer, "`not` schemas are not supported")
                    .with_help("sdkgen accepts any JSON value here (serde_json::Value)"),
            );
            return TypeKind::Primitive { primitive: Primitive::Any, format: None };
        }
        if !v.all_of.is_empty() || ((!v.one_of.is_empty() || !v.any_of.is_empty()) && v.properties.is_some_and(|p| !p.is_empty())) {
            let mut m = Merge::default();
            self.collect_schema(schema, pointer, name, &mut m, 0);
            if v.all_of.len() == 1 && v.properties.is_none_or(|p| p.is_empty()) && m.unions.is_empty() {
                // `allOf: [X]` with only annotations around it: an alias of X.
                let target = match &v.all_of[0] {
                    ReferenceOr::Reference { reference } => self.lower_ref(reference, &diagnostics::join(pointer, "allOf")),
                    ReferenceOr::Item(s) => {
                        let p = format!("{pointer}/allOf/0");
                        self.lower_inline(s, &p, name, name)
                    }
                };
                return TypeKind::Alias(target);
            }
            return self.lower_merge(m, id, pointer, name);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (members, key) = if !v.one_of.is_empty() { (v.one_of, "oneOf") } else { (v.any_of, "anyOf") };
            let part = UnionPart { members, discriminator: v.data.discriminator.as_ref(), pointer: format!("{pointer}/{key}") };
            return self.lower_union(Merge::default(), part, id, pointer, name);
        }
        if !v.enumeration.is_empty() {
            return self.lower_enum(v, pointer);
        }
        match v.ty {
            Some("object") | None if v.is_object_like() => {
                let mut m = Merge::default();
                self.collect_schema(schema, pointer, name, &mut m, 0);
                self.lower_merge(m, id, pointer, name)
            }
            Some("array") => {
                if let Some(tuple) = self.tuple(v, pointer, name) {
                    return tuple;
                }
                let items = match v.items {
                    Some(items) => self.lower_boxed(items, &format!("{pointer}/items"), &format!("{name}Item"), &format!("{name}Item")),
                    None => self.any(),
                };
                TypeKind::Array { items }
            }
            Some("string") => {
                let primitive = match v.format.as_deref() {
                    Some("binary") => Primitive::Binary,
                    Some("byte") => Primitive::Base64,
                    _ => Primitive::String,
                };
                TypeKind::Primitive { primitive, format: v.format.clone() }
            }
            Some("integer") => {
                let primitive = if v.format.as_deref() == Some("int32") { Primitive::I32 } else { self.integer_primitive(v, pointer) };
                TypeKind::Primitive { primitive, format: v.format.clone() }
            }
            Some("number") => {
                let primitive = if v.format.as_deref() == Some("float") { Primitive::F32 } else { Primitive::F64 };
                TypeKind::Primitive { primitive, format: v.format.clone() }
            }
            Some("boolean") => TypeKind::Primitive { primitive: Primitive::Bool, format: None },
            Some("object") => {
                let values = self.any();
                TypeKind::Map { values }
            }
            Some(other) if other != "null" => {
                self.diagnostics.push(
                    Diagnostic::warning(diagnostics::join(pointer, "type"), format!("unknown schema type `{other}`"))
                        .with_help("use one of string, number, integer, boolean, array, object"),
                );
                TypeKind::Primitive { primitive: Primitive::Any, format: None }
            }
            _ => TypeKind::Primitive { primitive: Primitive::Any, format: None },
        }
    }

    /// `i64`, or the wider integer the schema's bounds need (`crate::numbers::integer_type`),
    /// with a warning when it is not `i64`.
    fn integer_primitive(&mut self, v: &View<'a>, pointer: &str) -> Primitive {
        let (min, max) = (v.constraints.minimum, v.constraints.maximum);
        let (width, beyond) = crate::numbers::integer_type(min, max);
        let (primitive, name) = match width {
            crate::numbers::IntegerWidth::I64 => return Primitive::I64,
            crate::numbers::IntegerWidth::U64 => (Primitive::U64, "u64"),
            crate::numbers::IntegerWidth::I128 => (Primitive::I128, "i128"),
            crate::numbers::IntegerWidth::U128 => (Primitive::U128, "u128"),
        };
        let show = |b: Option<f64>| match b {
            // How serializers write the ends of 64-bit integers (`crate::numbers::integer_type`).
            Some(18_446_744_073_709_551_616.0) => "u64::MAX".into(),
            Some(9_223_372_036_854_775_808.0) => "i64::MAX".into(),
            Some(-9_223_372_036_854_775_808.0) => "i64::MIN".into(),
            Some(b) if b.fract() == 0.0 && b.abs() < 1e21 => format!("{b:.0}"),
            Some(b) => format!("{b:e}"),
            None => "none".into(),
        };
        let mut message = format!("the bounds of this integer (minimum {}, maximum {}) go beyond `i64`; its Rust type is `{name}`", show(min), show(max));
        if beyond {
            message.push_str(&format!(", and values beyond `{name}` cannot be decoded"));
        }
        self.diagnostics.push(
            Diagnostic::warning(pointer, message)
                .with_help("integers beyond 64 bits fit few JSON parsers; document the range the API really uses, or use `type: string`"),
        );
        primitive
    }

    fn lower_enum(&mut self, v: &View<'a>, pointer: &str) -> TypeKind {
        let integer = v.ty == Some("integer") || (v.ty.is_none() && v.enumeration.iter().all(|e| e.is_i64()));
        let mut repr = if integer {
            if v.format.as_deref() == Some("int32") { EnumRepr::I32 } else { EnumRepr::I64 }
        } else {
            EnumRepr::String
        };
        if repr == EnumRepr::I32 {
            // A value outside `int32` widens the enum to i64 (never truncated).
            if let Some((i, big)) = v.enumeration.iter().enumerate().find(|(_, e)| e.as_i64().is_some_and(|n| i32::try_from(n).is_err())) {
                self.diagnostics.push(
                    Diagnostic::warning(format!("{pointer}/enum/{i}"), format!("enum value {big} does not fit `format: int32`; the enum is i64"))
                        .with_help("use `format: int64`, or values within int32"),
                );
                repr = EnumRepr::I64;
            }
        }
        let names_ext: Vec<String> = v
            .data
            .extensions
            .get("x-enum-varnames")
            .or_else(|| v.data.extensions.get("x-enumNames"))
            .and_then(|x| x.as_array())
            .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
            .unwrap_or_default();
        // Non-negative values beyond `i64` (`u64::MAX`, or how a float writes it, 2^64) make a
        // `u64` enum when no value is negative.
        let as_u64 = |e: &Value| -> Option<u64> {
            e.as_u64().or_else(|| {
                let f = e.as_f64()?;
                (f.fract() == 0.0 && (0.0..=18_446_744_073_709_551_616.0).contains(&f)).then_some(if f >= 18_446_744_073_709_551_615.0 { u64::MAX } else { f as u64 })
            })
        };
        if repr != EnumRepr::String
            && v.enumeration.iter().any(|e| !e.is_i64() && as_u64(e).is_some())
            && v.enumeration.iter().all(|e| e.as_f64().is_none_or(|f| f >= 0.0))
        {
            if let Some(i) = v.enumeration.iter().position(|e| !e.is_i64() && as_u64(e).is_some()) {
                self.diagnostics.push(
                    Diagnostic::warning(format!("{pointer}/enum/{i}"), format!("enum value {} is beyond `i64`; the enum is u64", v.enumeration[i]))
                        .with_help("values beyond `i64` fit few JSON parsers; check the API really sends them"),
                );
            }
            repr = EnumRepr::U64;
        }
        let mut namer = names::Namer::new("");
        let mut values = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, raw) in v.enumeration.iter().enumerate() {
            let value = match (repr, raw) {
                (EnumRepr::String, Value::String(_)) => raw.clone(),
                (EnumRepr::String, other) => Value::String(match other {
                    Value::String(s) => s.clone(),
                    o => o.to_string(),
                }),
                (EnumRepr::U64, Value::Number(_)) if as_u64(raw).is_some() => Value::from(as_u64(raw).unwrap_or_default()),
                (_, Value::Number(n)) if n.is_i64() => raw.clone(),
                (_, other) => {
                    let why = if other.is_u64() || other.is_f64() && other.as_f64().is_some_and(|f| f.fract() == 0.0) {
                        "does not fit a 64-bit integer"
                    } else {
                        "is not an integer"
                    };
                    self.diagnostics.push(Diagnostic::warning(format!("{pointer}/enum/{i}"), format!("enum value {other} {why}; it is left out")));
                    continue;
                }
            };
            if !seen.insert(value.to_string()) {
                continue;
            }
            let base = names_ext.get(i).map(|n| names::pascal(n)).unwrap_or_else(|| names::variant_for_value(&value));
            values.push(EnumValue { value, variant_name: base });
        }
        // The catch-all name is chosen first so no value can take it.
        let unknown = if values.iter().any(|v| v.variant_name == "Unknown") { "UnknownValue" } else { "Unknown" };
        namer.reserve(unknown);
        for v in &mut values {
            v.variant_name = namer.unique(&v.variant_name);
        }
        TypeKind::Enum(EnumType { repr, values, unknown_variant: unknown.to_string(), case_insensitive: false })
    }

    /// Collects a schema's object parts, union members and other members (following `$ref`s and
    /// nested `allOf`s) into `m`.
    fn collect_schema(&mut self, schema: &'a Schema, pointer: &str, owner: &str, m: &mut Merge<'a>, depth: usize) {
        if depth > MAX_ALL_OF_DEPTH {
            self.diagnostics.push(Diagnostic::warning(pointer, format!("allOf nested or cycling deeper than {MAX_ALL_OF_DEPTH} levels; the rest is ignored")));
            return;
        }
        let v = View::of(schema);
        if m.description.is_none() {
            m.description = v.data.description.clone();
        }
        for (i, member) in v.all_of.iter().enumerate() {
            let p = format!("{pointer}/allOf/{i}");
            self.collect_member(member, &p, owner, m, depth + 1);
        }
        if let Some(props) = v.properties {
            for (k, s) in props {
                let pp = diagnostics::join(&format!("{pointer}/properties"), k);
                // Later members override earlier ones but keep the first position.
                m.props.insert(k.clone(), PropPart { schema: s, pointer: pp, owner: owner.to_string() });
            }
        }
        for r in v.required {
            if !m.required.contains(r) {
                m.required.push(r.clone());
            }
        }
        if let Some(a) = v.additional {
            m.additional = Some((a, format!("{pointer}/additionalProperties"), owner.to_string()));
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (members, key) = if !v.one_of.is_empty() { (v.one_of, "oneOf") } else { (v.any_of, "anyOf") };
            m.unions.push(UnionPart { members, discriminator: v.data.discriminator.as_ref(), pointer: format!("{pointer}/{key}") });
        }
    }

    fn collect_member(&mut self, member: &'a ReferenceOr<Schema>, pointer: &str, owner: &str, m: &mut Merge<'a>, depth: usize) {
        let (schema, p, own) = match member {
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some((s, p, name)) => {
                    if !m.seen.insert(p.clone()) {
                        return;
                    }
                    (s, p, names::pascal(&name))
                }
                None => {
                    self.lower_ref(reference, pointer);
                    return;
                }
            },
            ReferenceOr::Item(s) => (s, pointer.to_string(), owner.to_string()),
        };
        let v = View::of(schema);
        let composite = !v.all_of.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty();
        if composite || v.is_object_like() {
            self.collect_schema(schema, &p, &own, m, depth);
        } else {
            m.others.push((member, pointer.to_string()));
        }
    }

    /// Turns collected parts into an object, or a union when one member is a `oneOf`/`anyOf`.
    fn lower_merge(&mut self, mut m: Merge<'a>, id: TypeId, pointer: &str, name: &str) -> TypeKind {
        if m.unions.len() > 1 {
            self.diagnostics.push(
                Diagnostic::warning(pointer, "allOf with more than one oneOf/anyOf member is not supported")
                    .with_help("sdkgen uses serde_json::Value for this schema"),
            );
            return TypeKind::Primitive { primitive: Primitive::Any, format: None };
        }
        if let Some(u) = m.unions.pop() {
            return self.lower_union(m, u, id, pointer, name);
        }
        if m.props.is_empty() && m.additional.is_none() {
            if let Some((first, p)) = m.others.first().cloned() {
                let target = self.lower(first, &p, name, name);
                return TypeKind::Alias(target);
            }
        }
        self.record_includes(id, &m, None);
        TypeKind::Object(self.object_of(&m, pointer, name, None))
    }

    /// Notes the component schemas `m` merged into `id` (and `member`, a union member merged
    /// into a variant payload).
    fn record_includes(&mut self, id: TypeId, m: &Merge<'a>, member: Option<String>) {
        if m.seen.is_empty() && member.is_none() {
            return;
        }
        self.includes.entry(id).or_default().extend(m.seen.iter().cloned().chain(member));
    }

    fn object_of(&mut self, m: &Merge<'a>, pointer: &str, name: &str, skip: Option<&str>) -> ObjectType {
        // `allOf` copies members' properties into every schema that uses them: a small spec can
        // ask for millions of fields. Past the budget, objects keep their fields as a map.
        self.properties_lowered += m.props.len();
        if self.properties_lowered > MAX_PROPERTIES {
            if !self.properties_budget_reported {
                self.properties_budget_reported = true;
                self.diagnostics.push(
                    Diagnostic::warning(pointer, format!("more than {MAX_PROPERTIES} properties in all (allOf copies members' properties into each schema); this and later objects are maps"))
                        .with_help("reference shared schemas as properties instead of merging them with allOf everywhere"),
                );
            }
            return ObjectType { properties: Vec::new(), additional: Additional::Any };
        }
        let mut properties = Vec::new();
        let mut fields = names::Namer::new("_");
        for (wire, part) in &m.props {
            if Some(wire.as_str()) == skip {
                continue;
            }
            let prop_name = names::pascal(wire);
            let owner = if part.owner.is_empty() { name.to_string() } else { part.owner.clone() };
            let ty = self.lower_boxed(part.schema, &part.pointer, &prop_name, &format!("{owner}{prop_name}"));
            let (description, deprecated, read_only, write_only, format) = match part.schema {
                ReferenceOr::Item(s) => {
                    let f = View::of(s).format;
                    (s.schema_data.description.clone(), s.schema_data.deprecated, s.schema_data.read_only, s.schema_data.write_only, f)
                }
                ReferenceOr::Reference { .. } => (self.types.get(ty).description.clone(), false, false, false, None),
            };
            let field_name = fields.unique(&names::snake(wire));
            let required_index = m.required.iter().position(|r| r == wire);
            let required = required_index.is_some();
            if read_only && required && self.warned.insert(part.pointer.clone()) {
                self.diagnostics.push(
                    Diagnostic::warning(&part.pointer, format!("property `{wire}` is readOnly and required"))
                        .with_help("OpenAPI requires it in responses only; sdkgen makes it an `Option` that is never sent and not needed to build a request, so a response without it still decodes"),
                );
            }
            properties.push(Property {
                secret: is_secret(wire, format.as_deref()),
                name: wire.clone(),
                field_name,
                ty,
                required,
                required_index,
                read_only,
                write_only,
                description,
                deprecated,
                boxed: false,
                default_when_absent: false,
            });
        }
        let additional = match &m.additional {
            // OpenAPI's default is `additionalProperties: true`: a free-form object (no
            // properties stated) keeps every key; one with properties keeps its typed fields.
            None if properties.is_empty() => Additional::Any,
            None | Some((AdditionalProperties::Any(false), _, _)) => Additional::None,
            Some((AdditionalProperties::Any(true), _, _)) => Additional::Any,
            Some((AdditionalProperties::Schema(s), p, owner)) => {
                let any_schema = matches!(&**s, ReferenceOr::Item(sc) if matches!(sc.schema_kind, SchemaKind::Any(ref a) if *a == openapiv3::AnySchema::default()));
                if any_schema {
                    Additional::Any
                } else {
                    Additional::Typed(self.lower(s, p, &format!("{name}Value"), &format!("{owner}Value")))
                }
            }
        };
        ObjectType { properties, additional }
    }

    /// A union: each member merged with `base` (the other `allOf` parts); tagged when a
    /// discriminator is given. The tag property is removed from the variant payloads.
    fn lower_union(&mut self, base: Merge<'a>, u: UnionPart<'a>, id: TypeId, pointer: &str, name: &str) -> TypeKind {
        let tag_property = u.discriminator.map(|d| d.property_name.clone());
        let mut variants: Vec<Variant> = Vec::new();
        let mut names_used = names::Namer::new("");
        let strip = name;
        let mut null_member = false;
        // Whether each declaration of the tag property met is an `integer`.
        let mut tag_kinds: Vec<bool> = Vec::new();
        // Mapping keys by target, built once (a member looks its keys up in O(1)).
        let mut keys_by_target: HashMap<String, Vec<String>> = HashMap::new();
        for (k, target) in u.discriminator.iter().flat_map(|d| &d.mapping) {
            let full = if target.starts_with('#') { target.clone() } else { component_pointer(target) };
            keys_by_target.entry(full).or_default().push(k.clone());
        }
        let members = self.capped_members(u.members, &u.pointer);
        for (i, member) in members.iter().enumerate() {
            let mpointer = format!("{}/{i}", u.pointer);
            let (member_name, member_schema) = match member {
                ReferenceOr::Reference { reference } => match self.component(reference) {
                    Some((s, _, n)) => (Some(n), Some(s)),
                    None => {
                        self.lower_ref(reference, &mpointer);
                        (None, None)
                    }
                },
                ReferenceOr::Item(s) => (None, Some(s)),
            };
            let Some(member_schema) = member_schema else { continue };
            // `null` members (`type: "null"`, `enum: [null]`) and `nullable` members become one
            // payload-less `Null` variant of an untagged union.
            if u.discriminator.is_none() {
                if is_null_schema(member_schema) {
                    null_member = true;
                    continue;
                }
                null_member |= member_schema.schema_data.nullable;
            }
            // Tag values: mapping keys pointing at this member, else the implicit schema name.
            let mut tags: Vec<String> = Vec::new();
            if let (Some(_), ReferenceOr::Reference { reference }) = (u.discriminator, member) {
                tags.extend(keys_by_target.get(reference).into_iter().flatten().cloned());
                if tags.is_empty() {
                    if let Some(n) = &member_name {
                        tags.push(n.clone());
                    }
                }
            } else if let Some(d) = u.discriminator {
                // Inline member: its single-valued tag enum gives the value.
                let mv = View::of(member_schema);
                if let Some(ReferenceOr::Item(p)) = mv.properties.and_then(|p| p.get(&d.property_name)) {
                    match View::of(p).enumeration.as_slice() {
                        [Value::String(s)] => tags.push(s.clone()),
                        // An integer tag (`enum: [1]`, 3.1 `const: 1`): its digits.
                        [Value::Number(n)] if n.is_i64() => tags.push(n.to_string()),
                        _ => {}
                    }
                }
                if tags.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::warning(&mpointer, "inline oneOf member has no discriminator value")
                            .with_help("reference the member from components/schemas or add a discriminator mapping"),
                    );
                }
            }
            let title = member_schema.schema_data.title.clone();
            let base_name = match (tags.first(), &member_name, &title) {
                (Some(t), _, _) => names::pascal(t.rsplit(':').next().unwrap_or(t)),
                (None, Some(n), _) => names::pascal(n.strip_prefix(strip).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase())).unwrap_or(n)),
                (None, None, Some(t)) => names::pascal(t),
                (None, None, None) => shape_name(member_schema),
            };
            // Does the payload need to be a derived type (merged with base, tag removed)?
            let mv = View::of(member_schema);
            let member_has_tag = tag_property.as_ref().is_some_and(|t| {
                let mut mm = Merge::default();
                self.collect_schema(member_schema, &mpointer, "", &mut mm, 0);
                if let Some(pp) = mm.props.get(t) {
                    tag_kinds.push(self.is_integer_schema(pp.schema));
                }
                mm.props.contains_key(t) || !mm.unions.is_empty()
            });
            let composite = !mv.one_of.is_empty() || !mv.any_of.is_empty();
            let needs_derived = !base.props.is_empty() || base.additional.is_some() || member_has_tag || (composite && (!base.props.is_empty()));
            let payload = if !needs_derived {
                match member {
                    ReferenceOr::Reference { reference } => self.lower_ref(reference, &mpointer),
                    ReferenceOr::Item(s) => {
                        let vn = format!("{name}{base_name}");
                        self.lower_inline(s, &mpointer, &vn, &vn)
                    }
                }
            } else {
                let payload_name = format!("{name}{base_name}");
                let derived_pointer = format!("{pointer}/x-sdkgen-variant/{}", diagnostics::escape_segment(&base_name));
                if let Some(&existing) = self.by_pointer.get(&derived_pointer) {
                    existing
                } else {
                    let pid = self.types.push(TypeDef::new(Name::Suggested(payload_name.clone()), mpointer.clone(), TypeKind::Pending));
                    self.by_pointer.insert(derived_pointer, pid);
                    let mut merged = base.clone();
                    merged.unions.clear();
                    merged.description = None;
                    let member_owner = member_name.as_deref().map(names::pascal).unwrap_or_else(|| payload_name.clone());
                    match member {
                        ReferenceOr::Reference { .. } => self.collect_schema(member_schema, &mpointer, &member_owner, &mut merged, 1),
                        ReferenceOr::Item(s) => self.collect_schema(s, &mpointer, &member_owner, &mut merged, 1),
                    }
                    self.record_includes(pid, &merged, member_name.as_deref().map(component_pointer));
                    {
                        let def = self.types.get_mut(pid);
                        def.description = merged.description.clone().or_else(|| member_schema.schema_data.description.clone());
                        def.title = title.clone();
                    }
                    let kind = if let Some(inner) = merged.unions.pop() {
                        self.depth += 1;
                        let k = self.lower_union_stripped(merged, inner, pid, &mpointer, &payload_name, tag_property.as_deref());
                        self.depth -= 1;
                        k
                    } else {
                        TypeKind::Object(self.object_of(&merged, &mpointer, &payload_name, tag_property.as_deref()))
                    };
                    self.types.get_mut(pid).kind = kind;
                    pid
                }
            };
            if tag_property.is_some() && !tags.is_empty() {
                for t in &tags {
                    let vn = names_used.unique(&names::pascal(t.rsplit(':').next().unwrap_or(t)));
                    variants.push(Variant { variant_name: vn, tag: Some(t.clone()), ty: payload, boxed: false, pointer: mpointer.clone(), shape: None });
                }
            } else {
                let vn = names_used.unique(&base_name);
                variants.push(Variant { variant_name: vn, tag: None, ty: payload, boxed: false, pointer: mpointer.clone(), shape: None });
            }
        }
        // A `nullable` union: `null` is one of its values wherever it is used (array items, bodies).
        null_member |= self.types.get(id).nullable;
        let tagged = tag_property.is_some() && variants.iter().all(|v| v.tag.is_some());
        // An `integer` discriminator property (everywhere it is declared) whose tags are all
        // integers: a JSON number on the wire.
        if let Some(t) = &tag_property {
            if let Some(pp) = base.props.get(t) {
                tag_kinds.push(self.is_integer_schema(pp.schema));
            }
        }
        // Each tag written as its integer's own digits (`"01"` would be read as 1, the tag of
        // another variant), no two the same.
        let int_tags: Vec<Option<i64>> = variants.iter().map(|v| v.tag.as_deref().and_then(|t| t.parse::<i64>().ok().filter(|n| n.to_string() == t))).collect();
        let distinct = int_tags.iter().flatten().collect::<HashSet<_>>().len() == int_tags.len();
        let integer_property = tagged && !tag_kinds.is_empty() && tag_kinds.iter().all(|k| *k);
        let tag_integer = integer_property && int_tags.iter().all(Option::is_some) && distinct;
        if integer_property && !tag_integer {
            self.diagnostics.push(
                Diagnostic::warning(pointer, "the discriminator property is an integer, but its mapping keys are not distinct integers (`1`, `2`); the tags are read and written as strings")
                    .with_help("write each mapping key as the integer's own digits, once"),
            );
        }
        if !tagged {
            for v in &mut variants {
                v.tag = None;
            }
        }
        let null_variant = (!tagged && null_member).then(|| names_used.unique("Null"));
        TypeKind::Union(UnionType { tag_property: if tagged { tag_property } else { None }, variants, null_variant, tag_integer })
    }

    /// A nested union inside a tagged variant: its members are merged with `base` and also lose
    /// the outer tag property.
    fn lower_union_stripped(&mut self, base: Merge<'a>, u: UnionPart<'a>, id: TypeId, pointer: &str, name: &str, outer_tag: Option<&str>) -> TypeKind {
        let mut variants = Vec::new();
        let mut used = names::Namer::new("");
        let strip = name_tail(name);
        let members = self.capped_members(u.members, &u.pointer);
        for (i, member) in members.iter().enumerate() {
            let mpointer = format!("{}/{i}", u.pointer);
            let (member_name, schema) = match member {
                ReferenceOr::Reference { reference } => match self.component(reference) {
                    Some((s, _, n)) => (Some(n), s),
                    None => {
                        self.lower_ref(reference, &mpointer);
                        continue;
                    }
                },
                ReferenceOr::Item(s) => (None, s),
            };
            let base_name = match (&member_name, &schema.schema_data.title) {
                (Some(n), _) => {
                    let p = names::pascal(n);
                    match p.strip_prefix(strip.as_str()) {
                        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
                        _ => p,
                    }
                }
                (None, Some(t)) => names::pascal(t),
                (None, None) => shape_name(schema),
            };
            let payload_name = format!("{name}{base_name}");
            let pid = self.types.push(TypeDef::new(Name::Suggested(payload_name.clone()), mpointer.clone(), TypeKind::Pending));
            let mut merged = base.clone();
            merged.description = None;
            let owner = member_name.as_deref().map(names::pascal).unwrap_or_else(|| payload_name.clone());
            self.collect_schema(schema, &mpointer, &owner, &mut merged, 1);
            self.record_includes(pid, &merged, member_name.as_deref().map(component_pointer));
            self.types.get_mut(pid).description = merged.description.clone();
            self.types.get_mut(pid).title = schema.schema_data.title.clone();
            let kind = TypeKind::Object(self.object_of(&merged, &mpointer, &payload_name, outer_tag));
            self.types.get_mut(pid).kind = kind;
            variants.push(Variant { variant_name: used.unique(&base_name), tag: None, ty: pid, boxed: false, pointer: mpointer.clone(), shape: None });
        }
        let _ = (id, pointer);
        TypeKind::Union(UnionType { tag_property: None, variants, null_variant: None, tag_integer: false })
    }
}

impl<'a> SchemaLowerer<'a> {
    /// An OpenAPI 3.1 `prefixItems` array (normalized to `items: {anyOf: [...]}` with
    /// `x-sdkgen-tuple`, see `normalize::v31`): a tuple of the members, by position.
    fn tuple(&mut self, v: &View<'a>, pointer: &str, name: &str) -> Option<TypeKind> {
        if v.data.extensions.get(crate::normalize::v31::TUPLE) != Some(&Value::Bool(true)) {
            return None;
        }
        let Some(ReferenceOr::Item(items)) = v.items else { return None };
        let members = View::of(items).any_of;
        if members.is_empty() {
            return None;
        }
        let mut ids = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let n = format!("{name}Item{i}");
            ids.push(self.lower(member, &format!("{pointer}/items/anyOf/{i}"), &n, &n));
        }
        Some(TypeKind::Tuple { items: ids })
    }

    /// The members of a `oneOf`/`anyOf`, at most [`MAX_UNION_MEMBERS`] (a warning says so).
    fn capped_members(&mut self, members: &'a [ReferenceOr<Schema>], pointer: &str) -> &'a [ReferenceOr<Schema>] {
        if members.len() <= MAX_UNION_MEMBERS {
            return members;
        }
        self.diagnostics.push(
            Diagnostic::warning(diagnostics::join(pointer, &MAX_UNION_MEMBERS.to_string()), format!("union of {} members; sdkgen keeps the first {MAX_UNION_MEMBERS}", members.len()))
                .with_help("split the union, or use a discriminator with fewer member schemas"),
        );
        &members[..MAX_UNION_MEMBERS]
    }
}

/// For a name like `GetTokenRequestClientCredentials`, the tail `ClientCredentials` is unknown
/// here; nested members are stripped of the variant name that ends the parent name.
fn name_tail(name: &str) -> String {
    // The last two PascalCase words are a good-enough variant name to strip (`ClientCredentials`).
    let starts: Vec<usize> = name.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    if starts.len() >= 2 {
        name[starts[starts.len() - 2]..].to_string()
    } else {
        name.to_string()
    }
}


/// `type: "null"` (JSON Schema; not OpenAPI 3.0, found in the wild) or `enum: [null]`.
fn is_null_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("null") || (!a.enumeration.is_empty() && a.enumeration.iter().all(Value::is_null))
        }
        _ => false,
    }
}

/// A variant name saying what an unnamed, untitled union member holds: `String`, `Integer`,
/// `Number`, `Boolean`, `StringArray`, `WidgetArray` (items `$ref: Widget`), `Object`, `Map`,
/// `DateTime` (a string format), the value of a one-value `enum` (`Auto`).
fn shape_name(schema: &Schema) -> String {
    shape_name_depth(schema, 0)
}

fn shape_name_depth(schema: &Schema, depth: usize) -> String {
    let v = View::of(schema);
    if !v.one_of.is_empty() || !v.any_of.is_empty() {
        return "Union".into();
    }
    if !v.all_of.is_empty() {
        return "Object".into();
    }
    match v.ty {
        Some("string") => match (v.enumeration.as_slice(), v.format.as_deref()) {
            ([Value::String(one)], _) if !names::pascal(one).is_empty() => names::pascal(one),
            ([_, ..], _) => "StringEnum".into(),
            (_, Some(f @ ("date-time" | "date" | "time" | "uuid" | "email" | "uri" | "ipv4" | "ipv6"))) => names::pascal(f),
            _ => "String".into(),
        },
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Boolean".into(),
        Some("array") => {
            let item = match v.items {
                Some(ReferenceOr::Reference { reference }) => names::pascal(reference.rsplit('/').next().unwrap_or("Value")),
                Some(ReferenceOr::Item(s)) if depth < 4 => shape_name_depth(s, depth + 1),
                _ => String::new(),
            };
            format!("{item}Array")
        }
        Some("object") | None if v.is_object_like() => {
            if v.properties.is_none_or(|p| p.is_empty()) && v.additional.is_some() { "Map".into() } else { "Object".into() }
        }
        Some("object") => "Map".into(),
        _ => "Value".into(),
    }
}

/// Property names and formats that hold credentials (redacted from `Debug`); see [`crate::secrets`].
pub fn is_secret(name: &str, format: Option<&str>) -> bool {
    crate::secrets::is_secret(name, format)
}
