//! Response leniency: marks the required properties that a response may omit without failing the
//! decode ([`crate::settings::ResponseLeniency::Lenient`]). Runs on the finished arena; changes
//! no Rust type, only `Property::default_when_absent`.

use std::collections::BTreeSet;

use crate::ir::*;

/// Marks, in every type reached from `roots` (response bodies), the required properties whose
/// type has an empty value. Payloads of untagged unions are not entered: their required
/// properties are what tells one variant from another. The properties named in `keep` (an object
/// type and a wire name) stay required too.
pub fn mark(types: &mut TypeSpace, roots: &[TypeId], keep: &[(TypeId, &str)]) {
    let identifying = untagged_payloads(types);
    let keep: Vec<(TypeId, &str)> = keep.iter().map(|(t, n)| (through_aliases(types, *t), *n)).collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.to_vec();
    let mut marks: Vec<(TypeId, usize)> = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &types.get(id).kind {
            TypeKind::Alias(t) | TypeKind::Array { items: t } | TypeKind::Map { values: t } => stack.push(*t),
            TypeKind::Tuple { items } => stack.extend(items.iter().copied()),
            TypeKind::Object(o) => {
                for (i, p) in o.properties.iter().enumerate() {
                    stack.push(p.ty);
                    let kept = keep.iter().any(|(t, n)| *t == id && *n == p.name);
                    if p.required_on_decode() && !p.boxed && !kept && !identifying.contains(&id) && has_empty_value(types, p.ty) {
                        marks.push((id, i));
                    }
                }
                if let Additional::Typed(t) = o.additional {
                    stack.push(t);
                }
            }
            TypeKind::Union(u) if u.tag_property.is_some() => stack.extend(u.variants.iter().map(|v| v.ty)),
            TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::Primitive { .. } | TypeKind::Pending => {}
        }
    }
    for (id, i) in marks {
        if let TypeKind::Object(o) = &mut types.get_mut(id).kind {
            if let Some(p) = o.properties.get_mut(i) {
                p.default_when_absent = true;
            }
        }
    }
}

fn through_aliases(types: &TypeSpace, mut id: TypeId) -> TypeId {
    for _ in 0..64 {
        match &types.get(id).kind {
            TypeKind::Alias(t) => id = *t,
            _ => break,
        }
    }
    id
}

/// Objects that are (through aliases) the payload of an untagged union variant.
fn untagged_payloads(types: &TypeSpace) -> BTreeSet<TypeId> {
    let mut out = BTreeSet::new();
    for def in &types.defs {
        if let TypeKind::Union(u) = &def.kind {
            if u.tag_property.is_none() {
                for v in &u.variants {
                    let mut cur = v.ty;
                    out.insert(cur);
                    for _ in 0..64 {
                        match &types.get(cur).kind {
                            TypeKind::Alias(t) => {
                                cur = *t;
                                out.insert(cur);
                            }
                            _ => break,
                        }
                    }
                }
            }
        }
    }
    out
}

/// True when the Rust type of `id` implements `Default` with an "absent" reading: strings,
/// numbers, booleans, JSON values, vectors, maps (not typed formats: no date or UUID means
/// "absent"). Not a nullable type: `required` plus
/// `nullable` says "always sent, maybe null", a distinction the spec author made on purpose.
fn has_empty_value(types: &TypeSpace, id: TypeId) -> bool {
    if types.is_nullable(id) {
        return false;
    }
    let mut cur = id;
    for _ in 0..64 {
        match &types.get(cur).kind {
            TypeKind::Alias(t) => cur = *t,
            // A typed format (a date-time, a UUID...) has no empty value.
            TypeKind::Primitive { primitive, .. } => return !primitive.is_typed_format(),
            TypeKind::Array { .. } | TypeKind::Map { .. } => return true,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::settings::{ResponseLeniency, Settings};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: make
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Sent'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Got'}
components:
  schemas:
    Sent:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Got:
      type: object
      required: [name, count, kind, inner, maybe]
      properties:
        name: {type: string}
        count: {type: integer}
        kind: {type: string, enum: [a, b]}
        inner: {$ref: '#/components/schemas/Inner'}
        maybe: {type: string, nullable: true}
    Inner:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

    fn marked(leniency: ResponseLeniency) -> Vec<(String, String)> {
        let spec = crate::load::load("t.yaml", SPEC.to_string()).expect("spec loads");
        let (api, _) = crate::lower(&spec, &Settings::default().with_response_leniency(leniency));
        let mut out = Vec::new();
        for def in &api.types.defs {
            if let (Some(n), crate::ir::TypeKind::Object(o)) = (&def.rust_name, &def.kind) {
                for p in o.properties.iter().filter(|p| p.default_when_absent) {
                    out.push((n.clone(), p.name.clone()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn lenient_marks_response_properties_with_an_empty_value_only() {
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(marked(ResponseLeniency::Lenient), pairs(&[("Got", "count"), ("Got", "name"), ("Inner", "id")]));
    }

    #[test]
    fn strict_marks_nothing() {
        assert!(marked(ResponseLeniency::Strict).is_empty());
    }
}
