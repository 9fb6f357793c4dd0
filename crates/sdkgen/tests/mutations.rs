//! Robustness: a bounded property test. Specs made by mutating our fixtures (fields removed, types
//! swapped, `$ref`s broken, huge strings, deep nesting, deep unions with an invalid leaf, unions of
//! themselves, wrong node kinds) must give diagnostics or output, never a panic, and each within a
//! time bound. Deterministic (a fixed-seed xorshift).
//!
//! Longer runs on demand: `SDKGEN_MUTATION_CASES=20000 SDKGEN_MUTATION_SEED=7 cargo test --release
//! -p sdkgen --test mutations -- --nocapture`.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every pointer to an object or array in `v`, depth-first.
fn containers(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            out.push(path.clone());
            for (k, c) in m {
                path.push(k.clone());
                containers(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            out.push(path.clone());
            for (i, c) in a.iter().enumerate() {
                path.push(i.to_string());
                containers(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(seg)?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn mutate(v: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    containers(v, &mut Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let Some(node) = at(v, &path) else { return };
    // A union nested 24 levels deep (`anyOf`/`not`/`oneOf`) around an invalid leaf: exponential
    // time in the depth before the loader checked each node once.
    let mut deep_union = serde_json::json!({"type": "string", "minLength": "not a number"});
    for i in 0..24 {
        deep_union = match i % 3 {
            0 => serde_json::json!({"anyOf": [deep_union]}),
            1 => serde_json::json!({"not": deep_union}),
            _ => serde_json::json!({"oneOf": [{"type": "integer"}, deep_union]}),
        };
    }
    let replacements = [
        deep_union,
        Value::Null,
        Value::Bool(true),
        Value::from(-1),
        Value::String("x".repeat(100_000)),
        serde_json::json!({"$ref": "#/components/schemas/DoesNotExist"}),
        serde_json::json!({"type": "nonsense", "enum": [1, "a", null]}),
        serde_json::json!({"allOf": [], "oneOf": [{"$ref": "#/components/schemas/TokenInfo"}], "discriminator": {"propertyName": "x"}}),
        serde_json::json!([]),
    ];
    match node {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = keys[rng.below(keys.len())].clone();
            match rng.below(4) {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    m.insert(key, replacements[rng.below(replacements.len())].clone());
                }
                2 if m.contains_key("type") || m.contains_key("properties") => {
                    // A union of itself (by the name this node has, when it is a component).
                    let name = path.last().cloned().unwrap_or_default();
                    let union = serde_json::json!({"oneOf": [{"$ref": format!("#/components/schemas/{name}")}, {"anyOf": [{"$ref": format!("#/components/schemas/{name}")}]}]});
                    if let Value::Object(u) = union {
                        *m = u;
                    }
                }
                2 => {
                    // Deep nesting.
                    let mut deep = serde_json::json!({"type": "string"});
                    for _ in 0..60 {
                        deep = serde_json::json!({"type": "object", "properties": {"n": deep}});
                    }
                    m.insert(key, deep);
                }
                _ => {
                    m.insert(format!("{key}\u{1F600} type"), m.get(&key).cloned().unwrap_or(Value::Null));
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.below(a.len());
            if rng.below(2) == 0 {
                a.remove(i);
            } else {
                a[i] = replacements[rng.below(replacements.len())].clone();
            }
        }
        other => *other = replacements[rng.below(replacements.len())].clone(),
    }
}

/// Cases per run by default (each generates a whole crate).
const CASES: usize = 300;

/// A case that takes longer than this fails the test (a hang or a blow-up, not a slow machine:
/// cases take milliseconds).
const CASE_TIME_BOUND: Duration = Duration::from_secs(10);

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let seeds: Vec<Value> = ["ringcentral_oauth.yaml", "cases/c01_form_oneof_body.yaml", "cases/c12_recursive_schemas.yaml", "cases/c21_component_refs.yaml", "swagger2/sw01_petstore.yaml"]
        .iter()
        .map(|f| sdkgen::load::parse_value(&std::fs::read_to_string(format!("{dir}/{f}")).unwrap()).unwrap())
        .collect();
    let cases = env_or("SDKGEN_MUTATION_CASES", CASES as u64) as usize;
    let mut rng = Rng(0x5eed_1234_abcd_ef01 ^ env_or("SDKGEN_MUTATION_SEED", 0).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut outcomes = [0usize; 2];
    for case in 0..cases {
        let mut spec = seeds[case % seeds.len()].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut spec, &mut rng);
        }
        let text = serde_json::to_string(&spec).unwrap();
        // On a thread of its own, so a case that hangs fails the test instead of stalling it.
        let (tx, rx) = mpsc::channel();
        let input = text.clone();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(|| sdkgen::generate("mutant.json", input, &sdkgen::Settings::default()));
            let _ = tx.send(result);
        });
        let result = match rx.recv_timeout(CASE_TIME_BOUND) {
            Ok(r) => r,
            Err(_) => panic!("case {case}: not done within {CASE_TIME_BOUND:?} on:\n{}", &text[..text.len().min(4000)]),
        };
        match result {
            Ok(Ok(g)) => {
                outcomes[0] += 1;
                for d in &g.diagnostics {
                    assert!(!d.message.is_empty() && d.pointer.starts_with('#'), "case {case}: {d:?}");
                }
            }
            Ok(Err(diags)) => {
                outcomes[1] += 1;
                assert!(!diags.is_empty(), "case {case}: an error with no diagnostic");
                assert!(
                    !diags.iter().any(|d| d.message.contains("sdkgen failed on this spec")),
                    "case {case}: the generator thread panicked on:\n{}",
                    &text[..text.len().min(4000)]
                );
            }
            Err(_) => panic!("case {case}: sdkgen panicked on:\n{}", &text[..text.len().min(4000)]),
        }
    }
    println!("{cases} mutated specs: {} generated, {} refused with diagnostics", outcomes[0], outcomes[1]);
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "mutations should exercise both paths: {outcomes:?}");
}
