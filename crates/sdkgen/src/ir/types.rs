//! The type arena. Every schema becomes a [`TypeDef`] addressed by a [`TypeId`]; ids for named
//! schemas are reserved before any is lowered, so `$ref` cycles resolve to ids, never recursion.

use serde::Serialize;

/// Index into [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// Where a type's name came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "name", rename_all = "snake_case")]
pub enum Name {
    /// Given by the spec (a `components/schemas` key, a `title`...).
    Required(String),
    /// Invented by sdkgen from the context (`AuthorizeResponseType`).
    Suggested(String),
    /// No name: the type is written inline (primitives, arrays, maps, references).
    None,
}

/// All types of an API.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeSpace {
    /// The arena.
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    /// The definition of `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// Mutable definition of `id`.
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0]
    }

    /// Adds a definition.
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() - 1)
    }

    /// Follows `Alias` links to the underlying definition (bounded, cycle-safe).
    pub fn resolve(&self, mut id: TypeId) -> TypeId {
        for _ in 0..64 {
            match &self.get(id).kind {
                TypeKind::Alias(target) if self.get(id).rust_name.is_none() => id = *target,
                _ => return id,
            }
        }
        id
    }

    /// True when values of `id` may be `null` (through unnamed aliases).
    pub fn is_nullable(&self, id: TypeId) -> bool {
        let mut cur = id;
        for _ in 0..64 {
            let def = self.get(cur);
            if def.nullable {
                return true;
            }
            match &def.kind {
                TypeKind::Alias(t) => cur = *t,
                _ => return false,
            }
        }
        false
    }

    /// True when a `null` in an element position (an array item, a map value, a tuple member)
    /// needs an `Option` around the element's Rust type: the schema is nullable and its Rust type
    /// cannot hold `null` itself (`serde_json::Value` and an untagged union with a `Null`
    /// variant can). `["a", null]` for `items: {type: string, nullable: true}` is then a
    /// `Vec<Option<String>>`, not a decode error of the whole body.
    pub fn is_nullable_element(&self, id: TypeId) -> bool {
        if !self.is_nullable(id) {
            return false;
        }
        let mut cur = id;
        for _ in 0..64 {
            match &self.get(cur).kind {
                TypeKind::Alias(t) => cur = *t,
                TypeKind::Primitive { primitive: Primitive::Any, .. } | TypeKind::Pending => return false,
                TypeKind::Union(u) => return u.null_variant.is_none(),
                _ => return true,
            }
        }
        false
    }

    /// Ids of every type that is emitted as a named Rust item, in arena order.
    pub fn named(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.defs.iter().enumerate().filter(|(_, d)| d.rust_name.is_some()).map(|(i, _)| TypeId(i))
    }
}

/// Validation constraints carried for documentation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
}

impl Constraints {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// One type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Name as given or suggested.
    pub name: Name,
    /// Final Rust type name for named items (unique), `None` for inline types and for types
    /// that are not emitted (a shape another identical one stands for, a component only ever
    /// merged into others: `lower/findable.rs`).
    pub rust_name: Option<String>,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `nullable`.
    pub nullable: bool,
    /// `default`.
    pub default: Option<serde_json::Value>,
    /// `example`.
    pub example: Option<serde_json::Value>,
    /// Constraints.
    pub constraints: Constraints,
    /// The shape.
    pub kind: TypeKind,
    /// Pointers of the other inline schemas with the same shape that this type stands for
    /// (`lower/findable.rs`: identical inline shapes are one type).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// Names of the component schemas whose properties this type includes and that are not
    /// emitted on their own (merged by `allOf` or into a union's variants, and used nowhere else).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub built_from: Vec<String>,
}

impl TypeDef {
    /// A new definition of `kind` at `pointer`.
    pub fn new(name: Name, pointer: impl Into<String>, kind: TypeKind) -> Self {
        TypeDef {
            name,
            rust_name: None,
            pointer: pointer.into(),
            title: None,
            description: None,
            deprecated: false,
            nullable: false,
            default: None,
            example: None,
            constraints: Constraints::default(),
            kind,
            also_at: Vec::new(),
            built_from: Vec::new(),
        }
    }
}

/// A primitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `string` (no format, a format sdkgen does not type such as `email`, or one the settings
    /// keep as text: [`crate::settings::FormatType::String`]).
    String,
    /// `string` + `format: binary`: raw bytes.
    Binary,
    /// `string` + `format: byte`: base64 text.
    Base64,
    /// `integer` + `int32`.
    I32,
    /// `integer` (`int64` or no format).
    I64,
    /// `integer` whose bounds are non-negative and go beyond `i64` (up to `u64::MAX`).
    U64,
    /// `integer` whose bounds go beyond 64 bits and allow negative values.
    I128,
    /// `integer` whose bounds go beyond `u64` and are non-negative.
    U128,
    /// `number` + `float`.
    F32,
    /// `number`.
    F64,
    /// `boolean`.
    Bool,
    /// Any JSON value.
    Any,
    /// `integer` + `int8`.
    I8,
    /// `integer` + `int16`.
    I16,
    /// `integer` + `uint8`.
    U8,
    /// `integer` + `uint16`.
    U16,
    /// `integer` + `uint32`.
    U32,
    /// `string` + `date-time`: `jiff::Timestamp`.
    DateTime,
    /// `string` + `date`: `jiff::civil::Date`.
    Date,
    /// `string` + `time`: `jiff::civil::Time`.
    Time,
    /// `string` + `duration` (ISO 8601): `jiff::SignedDuration`.
    Duration,
    /// `string` + `uuid`: `uuid::Uuid`.
    Uuid,
    /// `string` + `uri` / `url`: `url::Url`.
    Url,
    /// `string` + `ipv4`: `std::net::Ipv4Addr`.
    Ipv4,
    /// `string` + `ipv6`: `std::net::Ipv6Addr`.
    Ipv6,
    /// `string` + `byte`: the decoded bytes, `Vec<u8>` (base64 on the wire).
    Bytes,
    /// `number` + `decimal`: `rust_decimal::Decimal`, a JSON number on the wire.
    Decimal,
    /// `string` + `decimal`: `rust_decimal::Decimal`, a JSON string on the wire.
    DecimalString,
}

impl Primitive {
    /// A string `format` typed by a crate's type (`date-time`, `uuid`, `byte`, `decimal`...):
    /// read and written through the runtime's `formats` adapters, with no empty value.
    pub fn is_typed_format(self) -> bool {
        matches!(
            self,
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
                | Primitive::DecimalString
        )
    }

    /// True for Rust integer types.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::I128 | Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 | Primitive::U128
        )
    }
}

/// What `additionalProperties` allows next to the named properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "type")]
pub enum Additional {
    /// Not allowed or not stated: extra keys are ignored when reading.
    None,
    /// `true` / `{}`: kept as JSON values.
    Any,
    /// A schema: kept, typed.
    Typed(TypeId),
}

/// A property of an object.
#[derive(Debug, Clone, Serialize)]
pub struct Property {
    /// Wire name.
    pub name: String,
    /// Rust field name (sanitised, unique within the struct).
    pub field_name: String,
    /// Type.
    pub ty: TypeId,
    /// In `required`.
    pub required: bool,
    /// Position in the schema's `required` list (an `allOf`: the members' lists one after the
    /// other); constructor arguments follow it. Not in IR dumps (it repeats `required`).
    #[serde(skip)]
    pub required_index: Option<usize>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// Description (the property's own, else its type's).
    pub description: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Holds a credential: redacted from `Debug`.
    pub secret: bool,
    /// Needs a `Box` (the property closes a by-value type cycle).
    pub boxed: bool,
    /// Required, but read as its type's empty value when a response omits it
    /// ([`crate::settings::ResponseLeniency::Lenient`]).
    #[serde(skip_serializing_if = "is_false")]
    pub default_when_absent: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An object.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectType {
    /// Properties in spec order (merged `allOf` members in member order).
    pub properties: Vec<Property>,
    /// `additionalProperties`.
    pub additional: Additional,
}

/// An enum value.
#[derive(Debug, Clone, Serialize)]
pub struct EnumValue {
    /// The wire value: a string or an integer.
    pub value: serde_json::Value,
    /// Rust variant name.
    pub variant_name: String,
}

/// Representation of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    /// Strings.
    String,
    /// `int32` integers.
    I32,
    /// `int64` integers.
    I64,
    /// Non-negative integers beyond `i64` (`u64::MAX`).
    U64,
}

/// A string or integer enum; always open (unknown values are kept).
#[derive(Debug, Clone, Serialize)]
pub struct EnumType {
    /// Representation.
    pub repr: EnumRepr,
    /// Known values, in spec order.
    pub values: Vec<EnumValue>,
    /// Name of the catch-all variant that keeps unknown values.
    pub unknown_variant: String,
    /// Values are matched ignoring ASCII case when no exact match exists (for values a standard
    /// declares case-insensitive, such as OAuth 2.0 `token_type`, RFC 6749 §5.1). Set by
    /// [`crate::Settings::case_insensitive_enums`].
    pub case_insensitive: bool,
}

impl Property {
    /// Taken by the constructor: required, and not `readOnly` (a read-only property is never
    /// needed to build a request).
    pub fn in_constructor(&self) -> bool {
        self.required && !self.read_only
    }

    /// Must be present when decoding: required, neither `readOnly` (absent from what a client
    /// itself serialised) nor `writeOnly` (never returned by the server).
    pub fn required_on_decode(&self) -> bool {
        self.required && !self.read_only && !self.write_only
    }
}

/// The kind of a JSON value, as untagged unions dispatch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Boolean,
    /// A number without fraction or exponent that fits `i64`/`u64`.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// Allowed values of one property of an object variant (its `enum`, a one-value `enum` being the
/// OpenAPI 3.0 spelling of `const`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyValues {
    /// Wire name.
    pub property: String,
    /// Known values (strings or integers).
    pub values: Vec<serde_json::Value>,
}

/// What an untagged union looks at to pick a variant for a JSON value. `kinds` and `required`
/// must fit (hard checks); the rest orders the fitting variants (a value that fits an `enum`,
/// a `format` or the property values goes to the variant that declares them first).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VariantShape {
    /// JSON kinds the variant accepts (an integer is also a `number`).
    pub kinds: Vec<JsonKind>,
    /// Object variants: properties that must be present.
    pub required: Vec<String>,
    /// Object variants: properties whose value, when present, is one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<PropertyValues>,
    /// Array variants: the kinds every item must have (empty: any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<JsonKind>,
    /// String and integer enum variants: the known values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<serde_json::Value>,
    /// String variants: `format` (checked for `date-time`, `date`, `time`, `uuid`, `email`,
    /// `uri`, `ipv4`, `ipv6`; others are ignored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

impl JsonKind {
    /// `an object`, `a string`, ... for docs and diagnostics.
    pub fn article_name(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Boolean => "a boolean",
            JsonKind::Integer => "an integer",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }

    /// `objects`, `strings`, ... for docs and diagnostics.
    pub fn plural_name(self) -> &'static str {
        match self {
            JsonKind::Null => "nulls",
            JsonKind::Boolean => "booleans",
            JsonKind::Integer => "integers",
            JsonKind::Number => "numbers",
            JsonKind::String => "strings",
            JsonKind::Array => "arrays",
            JsonKind::Object => "objects",
        }
    }
}

/// Spec text inside a Markdown code span: no backticks, no line breaks.
/// Spec text as an inline code span, through the one path of spec text into docs.
fn code(text: &str) -> String {
    crate::emit::doc::code(text)
}

fn value_code(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => code(s),
        other => code(&other.to_string()),
    }
}

impl VariantShape {
    /// True when no JSON value tells `self` and `other` apart: the same kinds, required
    /// properties, property values, item kinds, enum values and checked format.
    pub fn indistinguishable(&self, other: &VariantShape) -> bool {
        fn sorted<T: Clone + Ord>(v: &[T]) -> Vec<T> {
            let mut v = v.to_vec();
            v.sort();
            v.dedup();
            v
        }
        fn texts(v: &[serde_json::Value]) -> Vec<String> {
            sorted(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>())
        }
        let values = |s: &VariantShape| sorted(&s.values.iter().map(|p| (p.property.clone(), texts(&p.values))).collect::<Vec<_>>());
        let format = |s: &VariantShape| s.format.clone().filter(|f| CHECKED_FORMATS.contains(&f.as_str()));
        sorted(&self.kinds) == sorted(&other.kinds)
            && sorted(&self.required) == sorted(&other.required)
            && values(self) == values(other)
            && sorted(&self.items) == sorted(&other.items)
            && texts(&self.enum_values) == texts(&other.enum_values)
            && format(self) == format(other)
    }

    /// What the variant takes, in words (`an object with `id`, `name``), for docs and
    /// diagnostics; spec names are in code spans without backticks.
    pub fn describe(&self) -> String {
        if self.kinds.len() >= 7 {
            return "any JSON value".into();
        }
        let mut parts = Vec::new();
        for k in &self.kinds {
            if *k == JsonKind::Integer && self.kinds.contains(&JsonKind::Number) {
                continue;
            }
            let mut text = k.article_name().to_string();
            match k {
                JsonKind::Object if !self.required.is_empty() => {
                    text.push_str(" with ");
                    text.push_str(&self.required.iter().map(|r| code(r)).collect::<Vec<_>>().join(", "));
                }
                JsonKind::Array if !self.items.is_empty() => {
                    text.push_str(" of ");
                    text.push_str(&self.items.iter().filter(|i| !(**i == JsonKind::Integer && self.items.contains(&JsonKind::Number))).map(|i| i.plural_name()).collect::<Vec<_>>().join(" or "));
                }
                JsonKind::String | JsonKind::Integer if !self.enum_values.is_empty() => {
                    text.push_str(" (known values ");
                    text.push_str(&self.enum_values.iter().map(value_code).collect::<Vec<_>>().join(", "));
                    text.push(')');
                }
                JsonKind::String => {
                    if let Some(f) = &self.format {
                        text.push_str(&format!(" (format {})", code(f)));
                    }
                }
                _ => {}
            }
            parts.push(text);
        }
        for pv in &self.values {
            parts.push(format!("{} is one of {}", code(&pv.property), pv.values.iter().map(value_code).collect::<Vec<_>>().join(", ")));
        }
        match parts.split_first() {
            Some((first, rest)) if self.kinds.contains(&JsonKind::Object) && !self.values.is_empty() => {
                let (kinds, values): (Vec<&String>, Vec<&String>) = rest.iter().partition(|p| !p.contains(" is one of "));
                let mut t = std::iter::once(first).chain(kinds).cloned().collect::<Vec<_>>().join(" or ");
                t.push_str(", where ");
                t.push_str(&values.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" and "));
                t
            }
            _ => parts.join(" or "),
        }
    }
}

/// String formats the runtime checks when choosing a union variant (others are documentation).
pub const CHECKED_FORMATS: &[&str] = &["date-time", "date", "time", "uuid", "email", "uri", "ipv4", "ipv6"];

/// One variant of a union.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Rust variant name.
    pub variant_name: String,
    /// Discriminator value (tagged unions only).
    pub tag: Option<String>,
    /// Payload type.
    pub ty: TypeId,
    /// Needs a `Box`.
    pub boxed: bool,
    /// JSON pointer of the member schema.
    pub pointer: String,
    /// How an untagged union recognises this variant (filled in by the final lowering pass).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<VariantShape>,
}

/// `oneOf` / `anyOf`, tagged when a discriminator is given.
#[derive(Debug, Clone, Serialize)]
pub struct UnionType {
    /// Discriminator property (variants' payloads do not contain it).
    pub tag_property: Option<String>,
    /// Variants (for untagged unions ordered most-specific first).
    pub variants: Vec<Variant>,
    /// Name of the payload-less variant that holds JSON `null`, when a member is `nullable` or
    /// `type: "null"` (untagged unions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_variant: Option<String>,
    /// Tagged unions whose discriminator property is an `integer` (mapping keys `"1"`, `"2"`):
    /// the tag is read and written as a JSON number, not as serde's string tag.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tag_integer: bool,
}

impl UnionType {
    /// Pairs `(a, b)`, `a < b`, of variants (in decision order) that no JSON value tells apart
    /// (each later variant paired with the first earlier one it cannot be told from).
    pub fn ambiguous_pairs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for b in 0..self.variants.len() {
            for a in 0..b {
                if let (Some(x), Some(y)) = (&self.variants[a].shape, &self.variants[b].shape) {
                    if x.indistinguishable(y) {
                        out.push((a, b));
                        break;
                    }
                }
            }
        }
        out
    }
}

/// The shape of a type.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum TypeKind {
    /// Reserved id not yet lowered (never survives lowering).
    Pending,
    /// A primitive.
    Primitive {
        /// Which.
        primitive: Primitive,
        /// `format` as written.
        format: Option<String>,
    },
    /// An object (a struct).
    Object(ObjectType),
    /// An enum.
    Enum(EnumType),
    /// An array.
    Array {
        /// Item type.
        items: TypeId,
    },
    /// A tuple: a JSON array of exactly these items, in this order (OpenAPI 3.1 `prefixItems`).
    Tuple {
        /// Item types, by position.
        items: Vec<TypeId>,
    },
    /// A map with string keys.
    Map {
        /// Value type.
        values: TypeId,
    },
    /// A union.
    Union(UnionType),
    /// Another type under this name (`Foo: {$ref: Bar}`, `allOf: [Bar]`).
    #[serde(serialize_with = "alias_target")]
    Alias(TypeId),
}

/// An internally tagged enum cannot hold a bare integer: `Alias` serializes as `{target: id}`.
fn alias_target<S: serde::Serializer>(target: &TypeId, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Alias", 1)?;
    st.serialize_field("target", target)?;
    st.end()
}
