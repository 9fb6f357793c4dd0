//! One type per thing a user builds or reads: identical inline shapes become one type, and
//! component schemas that exist only to be merged into others (`allOf` bases, members of a union
//! whose variant payloads merge them with the union's other parts) are not emitted on their own.
//! Runs after names are given, so no type it keeps changes its name. Must not: merge two
//! spec-named (component) types, give two variants of one union one payload type, or drop a type
//! anything reachable refers to.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

use crate::ir::*;

/// The type ids of the operations and webhooks (parameters, bodies, responses, headers), which
/// [`run`] may point at the type that now stands for them.
pub(super) fn roots_mut<'a>(services: &'a mut [Service], webhooks: &'a mut [Webhook]) -> Vec<&'a mut TypeId> {
    let mut out: Vec<&'a mut TypeId> = Vec::new();
    for op in services.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        out.extend(op.parameters.iter_mut().map(|p| &mut p.ty));
        if let Some(b) = &mut op.request_body {
            out.extend(b.content.ty.as_mut());
        }
        for r in &mut op.responses {
            out.extend(r.content.as_mut().and_then(|c| c.ty.as_mut()));
            out.extend(r.headers.iter_mut().map(|h| &mut h.ty));
        }
    }
    for w in webhooks {
        out.extend(w.payload.as_mut().and_then(|b| b.content.ty.as_mut()));
    }
    out
}

/// Shares identical inline shapes, then stops emitting merge-only components and what only they
/// reach. `includes` lists the component schemas (pointers) merged into each object.
pub(super) fn run(types: &mut TypeSpace, roots: &mut [&mut TypeId], includes: &HashMap<TypeId, BTreeSet<String>>) {
    let canon = share_identical(types, roots);
    // A shared type includes what each shape it stands for included.
    let mut merged: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
    for (id, pointers) in includes {
        merged.entry(TypeId(canon[id.0])).or_default().extend(pointers.iter().cloned());
    }
    prune_merge_only(types, roots, &merged);
}

/// Named inline types (objects, enums, unions) with the same shape become one: the first in arena
/// order (spec order) keeps its name and lists the others' pointers in `also_at`; every reference
/// to the others points at it. The shape is everything the generated code depends on (properties
/// with their wire names, types, `required` order, readOnly/writeOnly, deprecation, secrecy; enum
/// values and variant names; union variants and tags; nullability; `default`) and the text it
/// documents (title, description, the properties' descriptions: one type carries one text, which
/// must be true everywhere it is used); not examples or constraints. Payloads of union variants
/// also keep the variant name and tag they carry, so two variants of one union never share a
/// payload type (each keeps its own `From`). Repeated until nothing changes: sharing inner types
/// makes outer ones equal. Returns, for each id, the id that stands for it.
fn share_identical(types: &mut TypeSpace, roots: &mut [&mut TypeId]) -> Vec<usize> {
    let n = types.defs.len();
    let mut roles: HashMap<usize, Vec<String>> = HashMap::new();
    for def in &types.defs {
        if let TypeKind::Union(u) = &def.kind {
            for v in &u.variants {
                roles.entry(v.ty.0).or_default().push(format!("{}={:?}", v.variant_name, v.tag));
            }
        }
    }
    let mut canon: Vec<usize> = (0..n).collect();
    let mut total = 0;
    for _ in 0..32 {
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut merged = Vec::new();
        for i in 0..n {
            let def = &types.defs[i];
            if canon[i] != i || def.rust_name.is_none() || !matches!(def.name, Name::Suggested(_)) || !matches!(def.kind, TypeKind::Object(_) | TypeKind::Enum(_) | TypeKind::Union(_)) {
                continue;
            }
            let mut key = shape_key(types, &canon, i);
            if let Some(r) = roles.get(&i) {
                let _ = write!(key, " roles{r:?}");
            }
            match first.get(&key) {
                Some(&c) => merged.push((i, c)),
                None => {
                    first.insert(key, i);
                }
            }
        }
        if merged.is_empty() {
            break;
        }
        total += merged.len();
        for (dup, c) in merged {
            canon[dup] = c;
            let pointer = types.defs[dup].pointer.clone();
            let mut also = std::mem::take(&mut types.defs[dup].also_at);
            types.defs[c].also_at.push(pointer);
            types.defs[c].also_at.append(&mut also);
            let def = &mut types.defs[dup];
            def.rust_name = None;
            def.name = Name::None;
            def.kind = TypeKind::Alias(TypeId(c));
        }
        // A type that stood for others may itself have joined another one in this pass.
        for k in 0..n {
            let mut r = canon[k];
            while canon[r] != r {
                r = canon[r];
            }
            canon[k] = r;
        }
    }
    if total > 0 {
        let to = |t: &mut TypeId| *t = TypeId(canon[t.0]);
        for (i, def) in types.defs.iter_mut().enumerate() {
            if canon[i] == i {
                for_each_child(&mut def.kind, to);
            }
        }
        for r in roots.iter_mut() {
            to(r);
        }
    }
    canon
}

/// Calls `f` on every type id `kind` refers to.
fn for_each_child(kind: &mut TypeKind, mut f: impl FnMut(&mut TypeId)) {
    match kind {
        TypeKind::Object(o) => {
            for p in &mut o.properties {
                f(&mut p.ty);
            }
            if let Additional::Typed(t) = &mut o.additional {
                f(t);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                f(&mut v.ty);
            }
        }
        TypeKind::Array { items: t } | TypeKind::Map { values: t } | TypeKind::Alias(t) => f(t),
        TypeKind::Tuple { items } => items.iter_mut().for_each(f),
        TypeKind::Pending | TypeKind::Primitive { .. } | TypeKind::Enum(_) => {}
    }
}

/// The type ids `kind` refers to.
fn children(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    for_each_child(&mut kind.clone(), |t| out.push(*t));
    out
}

/// The shape of type `i` as text: named types it refers to by (canonical) id, unnamed ones
/// (primitives, arrays, maps, tuples, aliases) spelled out.
fn shape_key(types: &TypeSpace, canon: &[usize], i: usize) -> String {
    let mut out = String::new();
    let def = &types.defs[i];
    let default = def.default.as_ref().map(|d| d.to_string());
    let _ = write!(out, "n{} d{} v{:?} t{:?} {:?} ", def.nullable, def.deprecated, default, def.title, def.description);
    match &def.kind {
        TypeKind::Object(o) => {
            out.push_str("object{");
            for p in &o.properties {
                let _ = write!(out, "{:?}:", p.name);
                child_key(types, canon, p.ty, &mut out, 0);
                let _ = write!(out, " r{} {:?} ro{} wo{} d{} s{} {:?};", p.required, p.required_index, p.read_only, p.write_only, p.deprecated, p.secret, p.description);
            }
            match o.additional {
                Additional::None => out.push_str("}+none"),
                Additional::Any => out.push_str("}+any"),
                Additional::Typed(t) => {
                    out.push_str("}+");
                    child_key(types, canon, t, &mut out, 0);
                }
            }
        }
        TypeKind::Enum(e) => {
            let _ = write!(out, "enum {:?} {:?} {} [", e.repr, e.unknown_variant, e.case_insensitive);
            for v in &e.values {
                let _ = write!(out, "{}={:?},", v.value, v.variant_name);
            }
            out.push(']');
        }
        TypeKind::Union(u) => {
            let _ = write!(out, "union {:?} {:?} [", u.tag_property, u.null_variant);
            for v in &u.variants {
                let _ = write!(out, "{:?}={:?}:", v.variant_name, v.tag);
                child_key(types, canon, v.ty, &mut out, 0);
                out.push(',');
            }
            out.push(']');
        }
        _ => {}
    }
    out
}

fn child_key(types: &TypeSpace, canon: &[usize], id: TypeId, out: &mut String, depth: usize) {
    let c = canon[id.0];
    let def = &types.defs[c];
    if def.rust_name.is_some() || depth > 16 {
        let _ = write!(out, "#{c}");
        return;
    }
    let _ = write!(out, "(n{} ", def.nullable);
    match &def.kind {
        TypeKind::Primitive { primitive, format } => {
            let _ = write!(out, "{primitive:?} {format:?}");
        }
        TypeKind::Array { items } => {
            out.push_str("array ");
            child_key(types, canon, *items, out, depth + 1);
        }
        TypeKind::Map { values } => {
            out.push_str("map ");
            child_key(types, canon, *values, out, depth + 1);
        }
        TypeKind::Alias(t) => {
            out.push_str("alias ");
            child_key(types, canon, *t, out, depth + 1);
        }
        TypeKind::Tuple { items } => {
            out.push_str("tuple");
            for t in items {
                out.push(' ');
                child_key(types, canon, *t, out, depth + 1);
            }
        }
        // Unnamed objects, enums and unions are not emitted as such; never equal to another.
        _ => {
            let _ = write!(out, "#{c}");
        }
    }
    out.push(')');
}

/// Component schemas merged into some object (`includes`) that nothing reachable refers to are
/// no longer emitted, nor are the named inline types only they reach. Reachable: the operations'
/// and webhooks' types, every other component schema (kept whether used or not), and what those
/// refer to. The objects that include a dropped component name it in `built_from`.
fn prune_merge_only(types: &mut TypeSpace, roots: &[&mut TypeId], includes: &HashMap<TypeId, BTreeSet<String>>) {
    let merged: HashSet<&str> = includes.values().flatten().map(String::as_str).collect();
    if merged.is_empty() {
        return;
    }
    let candidate = |d: &TypeDef| matches!(d.name, Name::Required(_)) && merged.contains(d.pointer.as_str());
    let mut seen = vec![false; types.defs.len()];
    let mut stack: Vec<TypeId> = roots.iter().map(|r| **r).collect();
    stack.extend(types.defs.iter().enumerate().filter(|(_, d)| matches!(d.name, Name::Required(_)) && !candidate(d)).map(|(i, _)| TypeId(i)));
    while let Some(t) = stack.pop() {
        if std::mem::replace(&mut seen[t.0], true) {
            continue;
        }
        stack.extend(children(&types.defs[t.0].kind));
    }
    // Spec name and arena position of each dropped component, by pointer.
    let mut dropped: HashMap<&str, (usize, String)> = HashMap::new();
    for (i, def) in types.defs.iter_mut().enumerate() {
        if seen[i] || def.rust_name.is_none() {
            continue;
        }
        def.rust_name = None;
        if let (Name::Required(spec_name), Some(&p)) = (&def.name, merged.get(def.pointer.as_str())) {
            dropped.insert(p, (i, spec_name.clone()));
        }
    }
    let mut built: Vec<(usize, Vec<String>)> = Vec::new();
    for (id, pointers) in includes {
        if !seen[id.0] || types.defs[id.0].rust_name.is_none() {
            continue;
        }
        let mut names: Vec<&(usize, String)> = pointers.iter().filter_map(|p| dropped.get(p.as_str())).collect();
        names.sort();
        if !names.is_empty() {
            built.push((id.0, names.into_iter().map(|(_, n)| n.clone()).collect()));
        }
    }
    for (i, names) in built {
        types.defs[i].built_from = names;
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeId, TypeKind};
    use crate::settings::Settings;

    /// A spec with one operation returning `schema` and the given components.
    fn spec(schema: &str, components: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
        )
    }

    fn lower(text: &str) -> Api {
        let spec = crate::load::load("t.yaml", text.to_string()).expect("spec loads");
        crate::lower(&spec, &Settings::default()).0
    }

    fn named(api: &Api) -> Vec<String> {
        api.types.named().filter_map(|id| api.types.get(id).rust_name.clone()).collect()
    }

    /// The Rust name a property of the named object has as its type.
    fn property_type(api: &Api, owner: &str, property: &str) -> Option<String> {
        let def = api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some(owner))?;
        let TypeKind::Object(o) = &def.kind else { return None };
        let p = o.properties.iter().find(|p| p.name == property)?;
        api.types.get(api.types.resolve(p.ty)).rust_name.clone()
    }

    const POINT: &str = "{type: object, required: [x, y], properties: {x: {type: integer}, y: {type: integer}}}";

    #[test]
    fn identical_inline_objects_are_one_type_named_after_the_first() {
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Box'}",
            &format!("    Box:\n      type: object\n      properties:\n        corner: {POINT}\n        center: {POINT}\n        other: {POINT}\n"),
        ));
        assert_eq!(named(&api), ["Box", "Corner"]);
        for p in ["corner", "center", "other"] {
            assert_eq!(property_type(&api, "Box", p).as_deref(), Some("Corner"), "{p}");
        }
        let corner = api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some("Corner")).unwrap();
        assert_eq!(corner.also_at, ["#/components/schemas/Box/properties/center", "#/components/schemas/Box/properties/other"]);
    }

    #[test]
    fn not_shared_when_one_property_differs() {
        let other = [
            "{type: object, required: [x, y], properties: {x: {type: integer}, y: {type: string}}}",
            "{type: object, required: [x], properties: {x: {type: integer}, y: {type: integer}}}",
            "{type: object, required: [x, y], properties: {x: {type: integer}, z: {type: integer}}}",
            "{type: object, required: [y, x], properties: {x: {type: integer}, y: {type: integer}}}",
            "{type: object, required: [x, y], properties: {x: {type: integer}, y: {type: integer, description: other}}}",
            "{type: object, description: other, required: [x, y], properties: {x: {type: integer}, y: {type: integer}}}",
            "{type: object, required: [x, y], properties: {x: {type: integer}, y: {type: integer, readOnly: true}}}",
        ];
        for o in other {
            let api = lower(&spec("{$ref: '#/components/schemas/Box'}", &format!("    Box:\n      type: object\n      properties:\n        corner: {POINT}\n        center: {o}\n")));
            assert_eq!(named(&api), ["Box", "Corner", "Center"], "{o}");
        }
    }

    #[test]
    fn sharing_inner_shapes_makes_outer_ones_equal() {
        let outer = format!("{{type: object, properties: {{at: {POINT}}}}}");
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Box'}",
            &format!("    Box:\n      type: object\n      properties:\n        first: {outer}\n        second: {outer}\n"),
        ));
        assert_eq!(named(&api), ["Box", "First", "At"]);
        assert_eq!(property_type(&api, "Box", "second").as_deref(), Some("First"));
    }

    #[test]
    fn operations_point_at_the_shared_type_and_other_names_do_not_change() {
        // The request body is the same shape as the response; a third, different shape keeps the
        // name it had with the duplicate present (`GetAResponse` is taken, so it is numbered).
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: getA\n      requestBody:\n        content:\n          application/json:\n            schema: {POINT}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {POINT}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{z: {{type: string}}}}}}\n"
        );
        let api = lower(&text);
        let op = api.operations().next().unwrap();
        let body = op.request_body.as_ref().and_then(|b| b.content.ty).unwrap();
        let ok = op.responses[0].content.as_ref().and_then(|c| c.ty).unwrap();
        let created = op.responses[1].content.as_ref().and_then(|c| c.ty).unwrap();
        assert_eq!(body, ok);
        let name = |t: TypeId| api.types.get(t).rust_name.clone().unwrap();
        assert_eq!(name(body), "GetARequest");
        assert_eq!(name(created), "GetAResponse2");
        assert_eq!(named(&api), ["GetARequest", "GetAResponse2"]);
    }

    #[test]
    fn two_variants_of_one_union_keep_their_own_payloads() {
        // Without the tag both payloads are `{size: integer}`; each variant keeps its type (and
        // its `From`).
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Pet'}",
            "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind}\n    Cat:\n      type: object\n      required: [kind]\n      properties: {kind: {type: string}, size: {type: integer}}\n    Dog:\n      type: object\n      required: [kind]\n      properties: {kind: {type: string}, size: {type: integer}}\n",
        ));
        assert_eq!(named(&api), ["Pet", "PetCat", "PetDog"]);
        let TypeKind::Union(u) = &api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some("Pet")).unwrap().kind else { panic!("union") };
        assert_eq!(u.variants.iter().map(|v| v.tag.clone().unwrap()).collect::<Vec<_>>(), ["Cat", "Dog"]);
        assert_ne!(u.variants[0].ty, u.variants[1].ty);
    }

    #[test]
    fn a_merge_only_base_is_not_emitted_and_its_users_name_it() {
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Pet'}",
            "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        kind: {type: string, enum: [a, b]}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties: {name: {type: string}}\n",
        ));
        // `Base` goes; its property enum `Kind` stays (`Pet` has the property too).
        assert_eq!(named(&api), ["Pet", "Kind"]);
        let pet = api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some("Pet")).unwrap();
        assert_eq!(pet.built_from, ["Base"]);
    }

    #[test]
    fn a_merge_only_base_that_is_also_referenced_stays() {
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Pet'}",
            "    Base:\n      type: object\n      properties: {id: {type: string}}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties: {parent: {$ref: '#/components/schemas/Base'}}\n",
        ));
        assert_eq!(named(&api), ["Base", "Pet"]);
        assert!(api.types.defs.iter().all(|d| d.built_from.is_empty()));
    }

    #[test]
    fn an_unused_component_that_is_not_merged_stays() {
        let api = lower(&spec("{type: string}", "    Spare:\n      type: object\n      properties: {id: {type: string}}\n"));
        assert_eq!(named(&api), ["Spare"]);
    }

    #[test]
    fn union_members_merged_into_payloads_go_with_their_tag_enums() {
        // `Cat` and `Dog` are only merged (with `Base`) into the payloads of `Pet`; their
        // one-value tag enums go with them, the tag is the variant.
        let api = lower(&spec(
            "{$ref: '#/components/schemas/Pet'}",
            "    Base:\n      type: object\n      properties: {id: {type: string}}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n          discriminator: {propertyName: kind}\n    Cat:\n      type: object\n      properties: {kind: {type: string, enum: [Cat]}, meow: {type: boolean}}\n    Dog:\n      type: object\n      properties: {kind: {type: string, enum: [Dog]}, bark: {type: boolean}}\n",
        ));
        assert_eq!(named(&api), ["Pet", "PetCat", "PetDog"]);
        let cat = api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some("PetCat")).unwrap();
        assert_eq!(cat.built_from, ["Base", "Cat"]);
    }

    #[test]
    fn lowering_is_deterministic() {
        let text = spec(
            "{$ref: '#/components/schemas/Box'}",
            &format!("    Box:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - $ref: '#/components/schemas/B'\n        - type: object\n          properties: {{p: {POINT}, q: {POINT}}}\n    A:\n      type: object\n      properties: {{a: {POINT}}}\n    B:\n      type: object\n      properties: {{b: {POINT}}}\n"),
        );
        let first = serde_json::to_string(&lower(&text)).unwrap();
        for _ in 0..5 {
            assert_eq!(serde_json::to_string(&lower(&text)).unwrap(), first);
        }
        let api = lower(&text);
        assert_eq!(named(&api), ["Box", "Aa"]);
        assert_eq!(api.types.defs.iter().find(|d| d.rust_name.as_deref() == Some("Box")).unwrap().built_from, ["A", "B"]);
    }
}
