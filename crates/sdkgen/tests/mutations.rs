//! Robustness: a bounded property test. Specs made by mutating our fixtures (fields removed, types
//! swapped, `$ref`s broken, huge strings, deep nesting, wrong node kinds) must give diagnostics or
//! output, never a panic. Deterministic (a fixed-seed xorshift), a bounded number of cases.

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
    let replacements = [
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

/// Cases per run (each generates a whole crate, so the count keeps the test short in debug builds).
const CASES: usize = 16;

#[test]
fn mutated_specs_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let seeds: Vec<Value> = ["ringcentral_oauth.yaml", "cases/c01_form_oneof_body.yaml", "cases/c12_recursive_schemas.yaml", "cases/c21_component_refs.yaml"]
        .iter()
        .map(|f| sdkgen::load::parse_value(&std::fs::read_to_string(format!("{dir}/{f}")).unwrap()).unwrap())
        .collect();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let settings = sdkgen::Settings::default();
    let mut outcomes = [0usize; 2];
    for case in 0..CASES {
        let mut spec = seeds[case % seeds.len()].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut spec, &mut rng);
        }
        let text = serde_json::to_string(&spec).unwrap();
        let result = std::panic::catch_unwind(|| sdkgen::generate("mutant.json", text.clone(), &settings));
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
            }
            Err(_) => panic!("case {case}: sdkgen panicked on:\n{}", &text[..text.len().min(4000)]),
        }
    }
    println!("{CASES} mutated specs: {} generated, {} refused with diagnostics", outcomes[0], outcomes[1]);
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "mutations should exercise both paths: {outcomes:?}");
}
