//! Final lowering passes over the arena: unique Rust names, untagged union decisions
//! (`untagged.rs`), and `Box` where a by-value cycle needs one (strongly connected components, so
//! every cycle is cut).

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::names::{self, Namer};

/// `roots`: the type ids operations and webhooks hold; `includes`: the component schemas merged
/// into each object (see `findable.rs`).
pub fn finish(types: &mut TypeSpace, fallback: &HashMap<TypeId, String>, roots: &mut [&mut TypeId], includes: &HashMap<TypeId, BTreeSet<String>>, diagnostics: &mut Vec<Diagnostic>) {
    break_alias_cycles(types, diagnostics);
    break_union_cycles(types, diagnostics);
    break_tuple_cycles(types, diagnostics);
    name_types(types, fallback);
    super::findable::run(types, roots, includes);
    super::untagged::decide(types, diagnostics);
    box_cycles(types);
    mark_password_refs(types);
    for def in &types.defs {
        if matches!(def.kind, TypeKind::Pending) && def.rust_name.is_some() {
            diagnostics.push(Diagnostic::error(&def.pointer, "schema could not be lowered").with_help("this is a bug in sdkgen; please report it with the spec"));
        }
    }
}

/// Spec-given names first (in spec order), then suggested ones; collisions get a fallback or a suffix.
fn name_types(types: &mut TypeSpace, fallback: &HashMap<TypeId, String>) {
    let mut namer = Namer::new("");
    for i in 0..types.defs.len() {
        if let Name::Required(n) = &types.defs[i].name {
            let n = names::pascal(n);
            types.defs[i].rust_name = Some(namer.unique(&n));
        }
    }
    for i in 0..types.defs.len() {
        let def = &types.defs[i];
        let Name::Suggested(n) = &def.name else { continue };
        if !matches!(def.kind, TypeKind::Object(_) | TypeKind::Enum(_) | TypeKind::Union(_)) {
            continue;
        }
        let primary = names::pascal(n);
        let name = if namer.is_free(&primary) && !RESERVED.contains(&primary.as_str()) {
            namer.unique(&primary)
        } else {
            match fallback.get(&TypeId(i)) {
                Some(f) => namer.unique(&names::pascal(f)),
                None => namer.unique(&primary),
            }
        };
        types.defs[i].rust_name = Some(name);
    }
}

/// Suggested names too generic to take without their owner's name in front.
const RESERVED: &[&str] = &["Error", "Result", "Option", "Box", "String", "Vec", "Client", "Type", "Value", "Self_"];

/// The named type a by-value use of `id` lands on (through aliases), if any.
fn by_value_target(types: &TypeSpace, id: TypeId) -> Option<TypeId> {
    let mut cur = id;
    for _ in 0..64 {
        match &types.get(cur).kind {
            TypeKind::Alias(t) => cur = *t,
            TypeKind::Object(_) | TypeKind::Union(_) => return Some(cur),
            _ => return None,
        }
    }
    None
}

/// The named types a by-value use of `id` lands on: [`by_value_target`], or every item's for a
/// tuple (a tuple holds its items by value).
fn by_value_targets(types: &TypeSpace, id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut stack = vec![(id, 0usize)];
    while let Some((cur, depth)) = stack.pop() {
        let resolved = types.resolve(cur);
        match &types.get(resolved).kind {
            TypeKind::Tuple { items } if depth < 16 => stack.extend(items.iter().map(|t| (*t, depth + 1))),
            _ => out.extend(by_value_target(types, cur)),
        }
    }
    out
}

fn box_cycles(types: &mut TypeSpace) {
    let n = types.defs.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, def) in types.defs.iter().enumerate() {
        match &def.kind {
            TypeKind::Object(o) => {
                for p in &o.properties {
                    edges[i].extend(by_value_targets(types, p.ty).iter().map(|t| t.0));
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    edges[i].extend(by_value_targets(types, v.ty).iter().map(|t| t.0));
                }
            }
            TypeKind::Alias(t) => edges[i].extend(by_value_targets(types, *t).iter().map(|t| t.0)),
            TypeKind::Tuple { items } => {
                for t in items {
                    edges[i].extend(by_value_targets(types, *t).iter().map(|t| t.0));
                }
            }
            _ => {}
        }
    }
    let comp = scc(&edges);
    for i in 0..n {
        let ci = comp[i];
        let targets: Vec<Vec<TypeId>> = match &types.defs[i].kind {
            TypeKind::Object(o) => o.properties.iter().map(|p| by_value_targets(types, p.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| by_value_targets(types, v.ty)).collect(),
            _ => continue,
        };
        match &mut types.defs[i].kind {
            TypeKind::Object(o) => {
                for (p, t) in o.properties.iter_mut().zip(targets) {
                    p.boxed = t.iter().any(|t| comp[t.0] == ci);
                }
            }
            TypeKind::Union(u) => {
                for (v, t) in u.variants.iter_mut().zip(targets) {
                    v.boxed = t.iter().any(|t| comp[t.0] == ci);
                }
            }
            _ => {}
        }
    }
}

/// Tarjan's strongly connected components, iterative (no recursion on large specs).
fn scc(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

/// Whether each node lies on a cycle of `edges` (a strongly connected component of two or more,
/// or a node with an edge to itself).
fn on_cycles(edges: &[Vec<usize>]) -> Vec<bool> {
    let comp = scc(edges);
    let mut size = vec![0usize; edges.len()];
    for &c in &comp {
        size[c] += 1;
    }
    (0..edges.len()).map(|i| size[comp[i]] > 1 || edges[i].contains(&i)).collect()
}

/// `A: {$ref: B}`, `B: {$ref: A}` (or `allOf: [self]`) define no type at all: each type on such a
/// cycle becomes `serde_json::Value`, with an error naming the schema.
fn break_alias_cycles(types: &mut TypeSpace, diagnostics: &mut Vec<Diagnostic>) {
    for start in 0..types.defs.len() {
        let mut cur = start;
        let mut cycle = false;
        for _ in 0..types.defs.len().min(10_000) {
            match &types.defs[cur].kind {
                TypeKind::Alias(t) => {
                    cur = t.0;
                    if cur == start {
                        cycle = true;
                        break;
                    }
                }
                _ => break,
            }
        }
        if cycle {
            let def = &mut types.defs[start];
            diagnostics.push(
                Diagnostic::error(&def.pointer, "schema is defined only as a reference to itself (a `$ref`/`allOf` cycle with no content)")
                    .with_help("give one schema of the cycle a type or properties; sdkgen uses serde_json::Value here"),
            );
            def.kind = TypeKind::Primitive { primitive: Primitive::Any, format: None };
        }
    }
}

/// A union that is (directly, or through other unions and aliases) a member of itself
/// (`A: {oneOf: [$ref A]}`, `A: oneOf [B]` + `B: anyOf [A]`) has no base case: as a Rust enum its
/// deserializer would recurse without end. Every union on such a cycle becomes
/// `serde_json::Value`, with a warning naming it.
fn break_union_cycles(types: &mut TypeSpace, diagnostics: &mut Vec<Diagnostic>) {
    let n = types.defs.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, def) in types.defs.iter().enumerate() {
        match &def.kind {
            TypeKind::Union(u) => edges[i].extend(u.variants.iter().map(|v| v.ty.0)),
            TypeKind::Alias(t) => edges[i].push(t.0),
            _ => {}
        }
    }
    // Only unions and aliases take part: an object, array or map between two unions is a real
    // recursive type (it nests in JSON).
    for (i, e) in edges.iter_mut().enumerate() {
        if matches!(types.defs[i].kind, TypeKind::Union(_) | TypeKind::Alias(_)) {
            e.retain(|&t| matches!(types.defs[t].kind, TypeKind::Union(_) | TypeKind::Alias(_)));
        }
    }
    for (i, cyclic) in on_cycles(&edges).into_iter().enumerate() {
        if cyclic && matches!(types.defs[i].kind, TypeKind::Union(_)) {
            let def = &mut types.defs[i];
            diagnostics.push(
                Diagnostic::warning(&def.pointer, "union is a member of itself (directly or through other unions), so it has no base case")
                    .with_help("give the union a member that is not itself a union containing it; sdkgen uses serde_json::Value here"),
            );
            def.kind = TypeKind::Primitive { primitive: Primitive::Any, format: None };
        }
    }
}

/// A tuple that contains itself through tuples, arrays, maps and aliases only
/// (`T: {prefixItems: [{type: string}, {$ref: T}]}`) cannot be a Rust type alias (aliases do not
/// recurse) and, held by value, would have no finite size: every tuple on such a cycle becomes
/// `serde_json::Value`, with a warning naming it. (Through an object or a union the cycle is
/// a real recursive type: `box_cycles` puts a `Box` on it.)
fn break_tuple_cycles(types: &mut TypeSpace, diagnostics: &mut Vec<Diagnostic>) {
    let n = types.defs.len();
    let through = |k: &TypeKind| matches!(k, TypeKind::Tuple { .. } | TypeKind::Alias(_) | TypeKind::Array { .. } | TypeKind::Map { .. });
    if !types.defs.iter().any(|d| matches!(d.kind, TypeKind::Tuple { .. })) {
        return;
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, def) in types.defs.iter().enumerate() {
        match &def.kind {
            TypeKind::Tuple { items } => edges[i].extend(items.iter().map(|t| t.0)),
            TypeKind::Alias(t) | TypeKind::Array { items: t } | TypeKind::Map { values: t } => edges[i].push(t.0),
            _ => {}
        }
        edges[i].retain(|&t| through(&types.defs[t].kind));
    }
    for (i, cyclic) in on_cycles(&edges).into_iter().enumerate() {
        if cyclic && matches!(types.defs[i].kind, TypeKind::Tuple { .. }) {
            let def = &mut types.defs[i];
            diagnostics.push(
                Diagnostic::warning(&def.pointer, "tuple (`prefixItems`) contains itself through tuples, arrays or maps only")
                    .with_help("put an object between the tuple and itself for a typed recursive value; sdkgen uses serde_json::Value here"),
            );
            def.kind = TypeKind::Primitive { primitive: Primitive::Any, format: None };
        }
    }
}

/// A property whose type is (through `$ref`s and aliases) a `format: password` string is a
/// secret, whatever its name (the inline case is decided while lowering the property).
fn mark_password_refs(types: &mut TypeSpace) {
    for i in 0..types.defs.len() {
        let TypeKind::Object(o) = &types.defs[i].kind else { continue };
        let secret: Vec<bool> = o.properties.iter().map(|p| p.secret || crate::secrets::is_password_type(types, p.ty)).collect();
        if let TypeKind::Object(o) = &mut types.defs[i].kind {
            for (p, s) in o.properties.iter_mut().zip(secret) {
                p.secret = s;
            }
        }
    }
}
