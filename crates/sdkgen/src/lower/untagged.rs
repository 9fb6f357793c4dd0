//! Untagged unions (`oneOf`/`anyOf` without discriminator): what each variant accepts
//! ([`VariantShape`]: JSON kinds, required properties, property values, item kinds, enum values,
//! formats), the variant order (most specific first) and a warning for variants that the JSON
//! value cannot tell apart. Runs after naming, on the final arena; never recurses unbounded.

use std::cmp::Reverse;

use crate::diagnostics::Diagnostic;
use crate::ir::*;

/// Every JSON kind: what `serde_json::Value` accepts.
const ALL: [JsonKind; 7] =
    [JsonKind::Null, JsonKind::Boolean, JsonKind::Integer, JsonKind::Number, JsonKind::String, JsonKind::Array, JsonKind::Object];


/// Fills in the shapes of untagged unions' variants, orders them most specific first, and warns
/// about variants that cannot be told apart.
pub fn decide(types: &mut TypeSpace, diagnostics: &mut Vec<Diagnostic>) {
    for i in 0..types.defs.len() {
        let TypeKind::Union(u) = &types.defs[i].kind else { continue };
        if u.tag_property.is_some() {
            continue;
        }
        let mut variants = u.variants.clone();
        for v in &mut variants {
            v.shape = Some(shape_of(types, v.ty));
        }
        variants.sort_by_cached_key(|v| specificity(types, v));
        let union_name = types.defs[i].rust_name.clone().unwrap_or_default();
        let pairs = UnionType { tag_property: None, variants: variants.clone(), null_variant: None, tag_integer: false }.ambiguous_pairs();
        for (a, b) in pairs {
            let (first, second) = (&variants[a], &variants[b]);
            let shape = first.shape.clone().unwrap_or_default();
            diagnostics.push(
                Diagnostic::warning(
                    &second.pointer,
                    format!(
                        "untagged union `{union_name}`: variants `{}` and `{}` cannot be told apart by the JSON value (both take {})",
                        first.variant_name,
                        second.variant_name,
                        shape.describe()
                    ),
                )
                .with_help(format!(
                    "a value that fits both decodes as `{}` (`{}` only when `{}` fails to decode); give them different required properties, enum values or formats, or add a discriminator",
                    first.variant_name, second.variant_name, first.variant_name
                )),
            );
        }
        if let TypeKind::Union(u) = &mut types.defs[i].kind {
            u.variants = variants;
        }
    }
}

/// Sort key: hard constraints and preferences first, catch-alls last; stable for equal keys.
type Specificity = (bool, Reverse<usize>, Reverse<usize>, Reverse<bool>, Reverse<bool>, bool, bool, Reverse<usize>);

fn specificity(types: &TypeSpace, v: &Variant) -> Specificity {
    let s = v.shape.clone().unwrap_or_default();
    let props = match &types.get(full_resolve(types, v.ty)).kind {
        TypeKind::Object(o) => o.properties.len(),
        _ => 0,
    };
    let checked_format = s.format.as_deref().is_some_and(|f| CHECKED_FORMATS.contains(&f));
    (
        s.kinds.len() == ALL.len(),
        Reverse(s.required.len()),
        Reverse(s.values.len()),
        Reverse(!s.enum_values.is_empty()),
        Reverse(checked_format),
        // An integer variant before a number variant (a JSON integer is also a number).
        s.kinds.contains(&JsonKind::Number),
        // An array of anything after arrays of something.
        s.kinds.contains(&JsonKind::Array) && s.items.is_empty(),
        Reverse(props),
    )
}

/// Follows every alias (named or not), bounded.
fn full_resolve(types: &TypeSpace, mut id: TypeId) -> TypeId {
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            _ => return id,
        }
    }
    id
}

/// What a value of type `id` looks like as JSON.
pub fn shape_of(types: &TypeSpace, id: TypeId) -> VariantShape {
    let id = full_resolve(types, id);
    let mut shape = VariantShape { kinds: kinds_of(types, id, 0), ..VariantShape::default() };
    match &types.get(id).kind {
        TypeKind::Object(o) => {
            shape.required = o.properties.iter().filter(|p| p.required_on_decode()).map(|p| p.name.clone()).collect();
            for p in &o.properties {
                if let TypeKind::Enum(e) = &types.get(full_resolve(types, p.ty)).kind {
                    shape.values.push(PropertyValues { property: p.name.clone(), values: e.values.iter().map(|v| v.value.clone()).collect() });
                }
            }
        }
        TypeKind::Union(u) => {
            if let Some(tag) = &u.tag_property {
                shape.required.push(tag.clone());
            }
        }
        TypeKind::Array { items } => {
            let mut k = kinds_of(types, full_resolve(types, *items), 0);
            if types.is_nullable(*items) && !k.contains(&JsonKind::Null) {
                k.push(JsonKind::Null);
                k.sort();
            }
            if k.len() < ALL.len() {
                shape.items = k;
            }
        }
        TypeKind::Enum(e) => shape.enum_values = e.values.iter().map(|v| v.value.clone()).collect(),
        TypeKind::Primitive { primitive, format: Some(f) } if *primitive == Primitive::String || primitive.is_typed_format() => shape.format = Some(f.clone()),
        _ => {}
    }
    shape
}

fn kinds_of(types: &TypeSpace, id: TypeId, depth: usize) -> Vec<JsonKind> {
    if depth > 16 {
        return ALL.to_vec();
    }
    let id = full_resolve(types, id);
    match &types.get(id).kind {
        TypeKind::Primitive { primitive, .. } => match primitive {
            Primitive::String
            | Primitive::Binary
            | Primitive::Base64
            | Primitive::DateTime
            | Primitive::Date
            | Primitive::Time
            | Primitive::Duration
            | Primitive::Uuid
            | Primitive::Url
            | Primitive::Ipv4
            | Primitive::Ipv6
            | Primitive::Bytes
            | Primitive::DecimalString => vec![JsonKind::String],
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::I128 | Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 | Primitive::U128 => {
                vec![JsonKind::Integer]
            }
            Primitive::F32 | Primitive::F64 | Primitive::Decimal => vec![JsonKind::Integer, JsonKind::Number],
            Primitive::Bool => vec![JsonKind::Boolean],
            Primitive::Any => ALL.to_vec(),
        },
        TypeKind::Enum(e) => match e.repr {
            EnumRepr::String => vec![JsonKind::String],
            EnumRepr::I32 | EnumRepr::I64 | EnumRepr::U64 => vec![JsonKind::Integer],
        },
        TypeKind::Object(_) | TypeKind::Map { .. } => vec![JsonKind::Object],
        TypeKind::Array { .. } | TypeKind::Tuple { .. } => vec![JsonKind::Array],
        TypeKind::Union(u) if u.tag_property.is_some() => vec![JsonKind::Object],
        TypeKind::Union(u) => {
            let mut k: Vec<JsonKind> = u.variants.iter().flat_map(|v| kinds_of(types, v.ty, depth + 1)).collect();
            if u.null_variant.is_some() {
                k.push(JsonKind::Null);
            }
            k.sort();
            k.dedup();
            k
        }
        TypeKind::Alias(_) | TypeKind::Pending => ALL.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    fn lower(schemas: &str) -> (Api, Vec<crate::Diagnostic>) {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}");
        let spec = crate::load::load("t.yaml", text).expect("spec");
        crate::lower(&spec, &crate::Settings::default())
    }

    fn union<'a>(api: &'a Api, name: &str) -> &'a UnionType {
        let def = api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some(name)).expect(name);
        match &def.kind {
            TypeKind::Union(u) => u,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn order(u: &UnionType) -> Vec<&str> {
        u.variants.iter().map(|v| v.variant_name.as_str()).collect()
    }

    #[test]
    fn most_specific_first_and_named_for_what_they_hold() {
        let (api, diags) = lower(
            "    U:\n      oneOf:\n        - {type: number}\n        - {type: string}\n        - {type: string, format: date}\n        - {type: array, items: {}}\n        - {type: array, items: {type: integer}}\n        - {type: integer}\n        - {}\n",
        );
        let u = union(&api, "U");
        assert_eq!(order(u), ["Date", "String", "IntegerArray", "Integer", "ValueArray", "Number", "Value"]);
        assert!(diags.is_empty(), "{diags:?}");
        let shape = u.variants[2].shape.as_ref().unwrap();
        assert_eq!((shape.kinds.as_slice(), shape.items.as_slice()), ([JsonKind::Array].as_slice(), [JsonKind::Integer].as_slice()));
    }

    #[test]
    fn warns_once_per_variant_that_cannot_be_told_apart() {
        let (api, diags) = lower(
            "    U:\n      anyOf:\n        - {type: string}\n        - {type: string, format: phone}\n        - {type: string, maxLength: 3}\n        - {type: string, format: uuid}\n",
        );
        let u = union(&api, "U");
        assert_eq!(u.ambiguous_pairs(), [(1, 2), (1, 3)]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.severity == crate::Severity::Warning && d.pointer.starts_with("#/components/schemas/U/anyOf/")));
        assert!(diags[0].message.contains("untagged union `U`"), "{}", diags[0].message);
    }

    #[test]
    fn read_only_and_write_only_are_not_required_to_tell_objects_apart() {
        let (api, diags) = lower(
            "    A:\n      type: object\n      required: [id, a]\n      properties:\n        id: {type: string, readOnly: true}\n        a: {type: string}\n    B:\n      type: object\n      required: [a, secret]\n      properties:\n        a: {type: string}\n        secret: {type: string, writeOnly: true}\n    U:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n",
        );
        let u = union(&api, "U");
        assert!(u.variants.iter().all(|v| v.shape.as_ref().unwrap().required == ["a"]));
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("property `id` is readOnly and required"), "{messages:?}");
        assert!(messages[1].contains("variants `A` and `B` cannot be told apart"), "{messages:?}");
    }

    #[test]
    fn null_members_become_one_null_variant() {
        let (api, _) = lower("    U:\n      oneOf:\n        - {type: 'null'}\n        - {type: string, nullable: true}\n    V:\n      nullable: true\n      oneOf: [{type: integer}]\n    W:\n      oneOf: [{type: integer}, {type: string}]\n");
        assert_eq!(union(&api, "U").null_variant.as_deref(), Some("Null"));
        assert_eq!(order(union(&api, "U")), ["String"]);
        assert_eq!(union(&api, "V").null_variant.as_deref(), Some("Null"));
        assert_eq!(union(&api, "W").null_variant, None);
    }
}
