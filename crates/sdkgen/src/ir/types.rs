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
    /// Final Rust type name for named items (unique), `None` for inline types.
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
        }
    }
}

/// A primitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `string` (any format kept as text: date-time, uuid, uri...).
    String,
    /// `string` + `format: binary`: raw bytes.
    Binary,
    /// `string` + `format: byte`: base64 text.
    Base64,
    /// `integer` + `int32`.
    I32,
    /// `integer` (`int64` or no format).
    I64,
    /// `number` + `float`.
    F32,
    /// `number`.
    F64,
    /// `boolean`.
    Bool,
    /// Any JSON value.
    Any,
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
}

/// `oneOf` / `anyOf`, tagged when a discriminator is given.
#[derive(Debug, Clone, Serialize)]
pub struct UnionType {
    /// Discriminator property (variants' payloads do not contain it).
    pub tag_property: Option<String>,
    /// Variants (for untagged unions ordered most-specific first).
    pub variants: Vec<Variant>,
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
