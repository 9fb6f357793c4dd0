//! Runs the `sdkgen` binary on a good spec and on bad ones, checking exit codes, positions and hints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sdkgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen")).args(args).current_dir(workspace()).output().expect("run sdkgen")
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sdkgen-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `text` as `dir/bad.yaml` and returns its path as a string.
fn write_spec(dir: &Path, text: &str) -> String {
    let p = dir.join("bad.yaml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

const GOOD: &str = "specs/ringcentral-oauth.yaml";

#[test]
fn check_good_spec_exits_0() {
    let o = sdkgen(&["check", GOOD]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn generate_good_spec_writes_a_crate() {
    let dir = tmp("good");
    let out = dir.join("sdk");
    let config = dir.join("sdkgen.toml");
    std::fs::write(
        &config,
        "crate_name = \"rc-sdk\"\ncrate_version = \"1.2.3\"\nclient_name = \"RingCentral\"\n\
         [environments]\n\"https://platform.ringcentral.com\" = \"Production\"\n\"https://platform.devtest.ringcentral.com\" = \"Sandbox\"\n",
    )
    .unwrap();
    let o = sdkgen(&["generate", GOOD, "--out", out.to_str().unwrap(), "--config", config.to_str().unwrap(), "--standalone"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"rc-sdk\"") && manifest.contains("version = \"1.2.3\""), "{manifest}");
    assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("RingCentral") && lib.contains("Sandbox"), "{lib}");
    assert!(out.join("src/runtime/mod.rs").exists());
}

#[test]
fn ir_prints_json() {
    let o = sdkgen(&["ir", GOOD]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("IR is JSON");
    assert!(v.get("services").is_some_and(|s| s.is_array()), "{v}");
    assert!(v.get("types").is_some());
}

/// Asserts exit 1, a `bad.yaml:line:col` position, the source line and the hint.
fn assert_reported(o: &Output, line_col: &str, source_snippet: &str, hint: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("bad.yaml:{line_col}")), "expected bad.yaml:{line_col} in:\n{err}");
    assert!(err.contains(source_snippet), "expected the source line `{source_snippet}` in:\n{err}");
    assert!(err.contains(hint), "expected the hint `{hint}` in:\n{err}");
}

#[test]
fn invalid_yaml() {
    let dir = tmp("invalid-yaml");
    let spec = write_spec(&dir, "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths: {\n  /a: [\n");
    let out = dir.join("out");
    let o = sdkgen(&["generate", &spec, "--out", out.to_str().unwrap()]);
    assert_reported(&o, "7:1", "/a: [", "fix the YAML/JSON syntax");
    assert!(!out.exists(), "nothing may be written on errors");
    let o = sdkgen(&["check", &spec]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn dangling_ref() {
    let dir = tmp("dangling-ref");
    let spec = write_spec(
        &dir,
        "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n",
    );
    let out = dir.join("out");
    let o = sdkgen(&["generate", &spec, "--out", out.to_str().unwrap()]);
    assert_reported(&o, "11:9", "b:", "define it under components/schemas");
    assert!(stderr(&o).contains("dangling $ref"));
    assert!(stderr(&o).contains("#/components/schemas/A/properties/b"), "the JSON pointer is shown");
    assert!(!out.exists(), "nothing may be written on errors");
    let o = sdkgen(&["check", &spec]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn not_openapi() {
    let dir = tmp("not-openapi");
    let spec = write_spec(&dir, "asyncapi: '2.6.0'\ninfo:\n  title: x\n  version: '1'\nchannels: {}\n");
    let o = sdkgen(&["check", &spec]);
    assert_reported(&o, "1:1", "asyncapi", "sdkgen reads OpenAPI 3.0.x and 3.1.x");

    let spec = write_spec(&dir, "- just\n- a list\n");
    let o = sdkgen(&["check", &spec]);
    assert_reported(&o, "1:1", "- just", "an OpenAPI file starts with");
}

#[test]
fn bad_config_is_reported_with_position() {
    let dir = tmp("bad-config");
    let config = dir.join("sdkgen.toml");
    std::fs::write(&config, "crate_name = \"x\"\ncrate_nmae = \"y\"\n").unwrap();
    let o = sdkgen(&["check", GOOD, "--config", config.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("sdkgen.toml:2:1") && err.contains("crate_nmae"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let o = sdkgen(&["generate", GOOD]);
    assert_eq!(o.status.code(), Some(2), "missing --out is a usage error");
}

/// `sdkgen check` warns (exit 0) about what it cannot represent exactly: union variants no JSON
/// value tells apart, readOnly properties in `required`; each with file:line:col and pointer.
#[test]
fn check_warns_about_inexact_representations() {
    let dir = tmp("inexact");
    let spec = write_spec(
        &dir,
        "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Party:\n      anyOf:\n        - $ref: '#/components/schemas/Person'\n        - $ref: '#/components/schemas/Team'\n    Person:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n    Team:\n      type: object\n      required: [id, created]\n      properties:\n        id: {type: string}\n        created:\n          type: string\n          readOnly: true\n",
    );
    let o = sdkgen(&["check", &spec]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "warnings only: {err}");
    // `created` is readOnly: not required when decoding, so Team's shape is Person's. Team (more
    // properties) is tried first; the warning points at the member that loses, Person.
    assert!(err.contains("bad.yaml:10:11"), "{err}");
    assert!(err.contains("untagged union `Party`: variants `Team` and `Person` cannot be told apart"), "{err}");
    assert!(err.contains("#/components/schemas/Party/anyOf/0"), "{err}");
    assert!(err.contains("bad.yaml:22:9"), "{err}");
    assert!(err.contains("property `created` is readOnly and required"), "{err}");
    assert!(err.contains("#/components/schemas/Team/properties/created"), "{err}");
}

#[test]
fn format_json_prints_the_diagnostics_on_stdout() {
    let dir = tmp("format-json");
    let spec = write_spec(
        &dir,
        "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n",
    );
    for args in [vec!["check", &spec, "--format", "json"], vec!["generate", &spec, "--out", dir.join("out").to_str().unwrap(), "--format", "json"]] {
        let o = sdkgen(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
        assert_eq!(v["errors"], 1);
        let d = &v["diagnostics"][0];
        assert_eq!(d["severity"], "error");
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(11), Some(9)));
        assert_eq!(d["pointer"], "#/components/schemas/A/properties/b");
        assert!(d["file"].as_str().unwrap().ends_with("bad.yaml"));
        assert!(d["help"].as_str().unwrap().contains("define it under components/schemas"));
    }
    let o = sdkgen(&["check", GOOD, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 0);
}

#[test]
fn a_minified_json_spec_renders_a_window_of_its_one_line() {
    // One line of ~300 KB; the error is past column 65,535 (where miette's padding panicked).
    let mut schemas: Vec<String> = (0..3000)
        .map(|i| format!(r#""S{i}":{{"type":"object","description":"Schema number {i}, with some words","properties":{{"id":{{"type":"string"}}}}}}"#))
        .collect();
    schemas.push(r##""Bad":{"type":"object","properties":{"x":{"$ref":"#/components/schemas/Missing"}}}"##.into());
    let text = format!(r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{{}}}}}}}"#, schemas.join(","));
    let dir = tmp("minified");
    let p = dir.join("min.json");
    std::fs::write(&p, &text).unwrap();
    let o = sdkgen(&["check", p.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let col = text.find(r#""x":{"$ref""#).unwrap() + 1;
    assert!(col > 65_535);
    assert!(err.contains(&format!("min.json:1:{col}: error: dangling $ref")), "{err}");
    assert!(err.contains(r##"{"x":{"$ref":"#/components/schemas/Missing"}}"##), "{err}");
    assert!(err.contains('…') && err.len() < 3_000, "a window, not the whole line: {} bytes", err.len());
}

/// A spec path that is not a regular file (a device here; a pipe alike) is read only up to the
/// document limit, then refused: never read without end.
#[cfg(unix)]
#[test]
fn an_endless_input_is_refused_at_the_document_limit() {
    let o = sdkgen(&["check", "/dev/zero"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("larger than 256 MiB"), "{err}");
}

/// A Swagger 2.0 spec is read like a 3.0 one: the crate is written, and what 3.0 cannot say is
/// a warning at the 2.0 file's line and column.
#[test]
fn swagger2_specs_are_generated_with_warnings_located_in_the_2_0_text() {
    let dir = tmp("swagger2");
    let out = dir.join("sdk");
    let spec = "crates/sdkgen/tests/fixtures/swagger2/sw02_conversions.yaml";
    let o = sdkgen(&["generate", spec, "--out", out.to_str().unwrap(), "--standalone"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("sw02_conversions.yaml:44:11") && err.contains("`collectionFormat: tsv` cannot be expressed"), "{err}");
    assert!(err.contains("collectionFormat: tsv"), "the source excerpt is the 2.0 text: {err}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("`/api`"), "basePath without host is a relative server: {lib}");
    let o = sdkgen(&["check", "crates/sdkgen/tests/fixtures/swagger2/sw01_petstore.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A spec with one operation per tag of `tags`.
fn tagged_spec(tags: &[&str]) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n");
    for t in tags {
        s.push_str(&format!("  /{t}:\n    get:\n      operationId: get_{t}\n      tags: [{t}]\n      responses:\n        '204':\n          description: ok\n"));
    }
    s
}

#[test]
fn generate_check_reports_a_stale_output_folder() {
    let dir = tmp("check-stale");
    let spec = write_spec(&dir, &tagged_spec(&["alpha", "beta"]));
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    let o = sdkgen(&["generate", &spec, "--out", out_s, "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 changed, 0 removed") && stderr(&o).contains("+ src/lib.rs"), "{}", stderr(&o));
    assert!(!out.exists(), "--check writes nothing");

    assert_eq!(sdkgen(&["generate", &spec, "--out", out_s]).status.code(), Some(0));
    let o = sdkgen(&["generate", &spec, "--out", out_s, "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("up to date"), "{}", stderr(&o));

    std::fs::write(out.join("src/lib.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("README.md")).unwrap();
    write_spec(&dir, &tagged_spec(&["alpha"]));
    let o = sdkgen(&["generate", &spec, "--out", out_s, "--check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("1 added, ") && err.contains("+ README.md"), "{err}");
    assert!(err.contains("~ src/lib.rs\n  -// edited"), "{err}");
    assert!(err.contains("- src/services/beta.rs") && err.contains("- documentation/services/BetaService.md"), "{err}");
    assert!(err.contains("is stale"), "{err}");
}

#[test]
fn regenerating_removes_what_sdkgen_wrote_before_and_nothing_else() {
    let dir = tmp("stale-files");
    let spec = write_spec(&dir, &tagged_spec(&["alpha", "beta"]));
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    assert_eq!(sdkgen(&["generate", &spec, "--out", out_s]).status.code(), Some(0));
    assert!(out.join("src/services/beta.rs").exists());
    assert!(std::fs::read_to_string(out.join(".sdkgen-manifest")).unwrap().contains("\nsrc/services/beta.rs\n"));
    // Files of the user's, next to the generated ones.
    std::fs::write(out.join("src/services/mine.rs"), "// mine\n").unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/it.rs"), "// mine\n").unwrap();

    write_spec(&dir, &tagged_spec(&["alpha"]));
    let o = sdkgen(&["generate", &spec, "--out", out_s]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("removed 2 it no longer generates"), "{}", stderr(&o));
    assert!(!out.join("src/services/beta.rs").exists());
    assert!(!out.join("documentation/services/BetaService.md").exists());
    assert!(out.join("src/services/alpha.rs").exists());
    assert_eq!(std::fs::read_to_string(out.join("src/services/mine.rs")).unwrap(), "// mine\n");
    assert_eq!(std::fs::read_to_string(out.join("tests/it.rs")).unwrap(), "// mine\n");
    assert_eq!(sdkgen(&["generate", &spec, "--out", out_s, "--check"]).status.code(), Some(0));
}

#[test]
fn format_json_reports_unreadable_files_on_stdout() {
    let dir = tmp("json-unreadable");
    let missing = dir.join("missing.yaml");
    let missing_s = missing.to_str().unwrap();
    for args in [vec!["check", missing_s, "--format", "json"], vec!["generate", missing_s, "--out", dir.join("out").to_str().unwrap(), "--format", "json"]] {
        let o = sdkgen(&args);
        assert_eq!(o.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
        assert_eq!(v["errors"], 1);
        assert!(v["diagnostics"][0]["message"].as_str().unwrap().starts_with("cannot read"), "{v}");
        assert!(v["diagnostics"][0]["file"].as_str().unwrap().ends_with("missing.yaml"), "{v}");
    }
    let spec = write_spec(&dir, &tagged_spec(&["alpha"]));
    let o = sdkgen(&["check", &spec, "--config", dir.join("nope.toml").to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
    assert!(v["diagnostics"][0]["file"].as_str().unwrap().ends_with("nope.toml"), "{v}");
}

const REFS: &str = "crates/sdkgen/tests/fixtures/refs";

#[test]
fn a_spec_in_several_files_generates() {
    let out = tmp("refs-multi").join("sdk");
    let o = sdkgen(&["generate", &format!("{REFS}/multi/openapi.yaml"), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pet = std::fs::read_to_string(out.join("src/models/pet.rs")).unwrap();
    assert!(pet.contains("crate::models::Owner"), "{pet}");
    let o = sdkgen(&["ir", &format!("{REFS}/multi/openapi.yaml")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn diagnostics_in_another_file_show_that_file() {
    let spec = format!("{REFS}/hostile/openapi.yaml");
    let o = sdkgen(&["check", &spec]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The header names the other file, and the excerpt is its line.
    let header = format!("{REFS}/hostile/models/broken.yaml:7:7: error: `$ref: #/Nowhere` points nowhere");
    let at = err.find(&header).unwrap_or_else(|| panic!("{err}"));
    let report = &err[at..];
    assert!(report.lines().take(8).any(|l| l.contains("7 │       $ref: '#/Nowhere'")), "{report}");
    assert!(err.contains(&format!("{REFS}/hostile/openapi.yaml:23:21: error: `$ref: https://example.com/schemas/pet.yaml` refers to the network")), "{err}");

    let o = sdkgen(&["check", &spec, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let nested = json["diagnostics"].as_array().unwrap().iter().find(|d| d["message"].as_str().unwrap().contains("#/Nowhere")).unwrap();
    assert_eq!(nested["file"], format!("{REFS}/hostile/models/broken.yaml"));
    assert_eq!((nested["line"].as_u64(), nested["column"].as_u64()), (Some(7), Some(7)));
    assert_eq!(nested["pointer"], "#/Broken/properties/dangling/$ref");
}

#[test]
fn the_folder_references_may_read_can_be_widened() {
    let spec = format!("{REFS}/hostile/openapi.yaml");
    let escape = "../r01_same_document.yaml";
    assert!(stderr(&sdkgen(&["check", &spec])).contains(&format!("cannot read `{escape}`")));
    let o = sdkgen(&["check", &spec, "--allow-ref-root", REFS]);
    assert!(!stderr(&o).contains(&format!("cannot read `{escape}`")), "{}", stderr(&o));
    // The same from sdkgen.toml, relative to that file.
    let dir = tmp("refs-config");
    let config = dir.join("sdkgen.toml");
    let root = workspace().join(REFS).canonicalize().unwrap();
    std::fs::write(&config, format!("allow_ref_root = {:?}\n", root.display().to_string())).unwrap();
    let o = sdkgen(&["check", &spec, "--config", config.to_str().unwrap()]);
    assert!(!stderr(&o).contains(&format!("cannot read `{escape}`")), "{}", stderr(&o));
    // A folder that does not contain the spec is refused.
    let o = sdkgen(&["check", &spec, "--allow-ref-root", &format!("{REFS}/multi")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("must contain the spec"), "{}", stderr(&o));
}

#[test]
fn files_sdkgen_did_not_write_stop_the_run_unless_forced() {
    let dir = tmp("foreign-files");
    let spec = write_spec(&dir, &tagged_spec(&["alpha"]));
    let out = dir.join("out");
    let out_s = out.to_str().unwrap();
    // What `cargo new --lib` leaves: both paths are generated ones.
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(out.join("src/lib.rs"), "pub fn mine() {}\n").unwrap();
    let o = sdkgen(&["generate", &spec, "--out", out_s]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("2 file(s) in the way") && err.contains("Cargo.toml") && err.contains("src/lib.rs") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "pub fn mine() {}\n");
    assert!(!out.join("README.md").exists(), "nothing is written");

    let o = sdkgen(&["generate", &spec, "--out", out_s, "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap().contains("@generated"));
    // Once written by sdkgen (listed in the manifest), later runs overwrite without --force.
    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").unwrap();
    assert_eq!(sdkgen(&["generate", &spec, "--out", out_s]).status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_inside_the_output_is_never_written_through() {
    let dir = tmp("symlinked-output");
    let spec = write_spec(&dir, &tagged_spec(&["alpha"]));
    let out = dir.join("out");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("src")).unwrap();
    let o = sdkgen(&["generate", &spec, "--out", out.to_str().unwrap(), "--force"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("symbolic link") && err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn check_reports_each_paged_operation_with_its_style_and_source() {
    let dir = tmp("paging");
    let config = dir.join("sdkgen.toml");
    std::fs::write(&config, "[pagination.listLinked]\nstyle = \"link\"\n").unwrap();
    let spec = "crates/sdkgen/tests/fixtures/cases/p01_pagination.yaml";
    let o = sdkgen(&["check", spec, "--config", config.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for line in [
        "listCursor pages by cursor (from heuristic (query `cursor`, response `next_cursor`))",
        "listHeaderCursor pages by cursor (from x-sdkgen-pagination)",
        "listOffset pages by offset (from x-speakeasy-pagination)",
        "listPages pages by page number (from x-fern-pagination)",
        "listLinked pages by Link header (from sdkgen.toml)",
        "search pages by cursor (from x-fern-pagination)",
        "listNextUrl pages by next URL (from x-speakeasy-pagination)",
    ] {
        assert!(err.contains(line), "no `{line}` in\n{err}");
    }
    // The broken declaration is a warning at its line, and its operation does not page.
    assert!(err.contains("p01_pagination.yaml:167:7: warning: `x-fern-pagination`: items `/nothing`"), "{err}");
    assert!(!err.contains("listBroken pages"), "{err}");
    let o = sdkgen(&["check", spec, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
    let paged = v["pagination"].as_array().expect("a pagination list");
    assert_eq!(paged.len(), 6, "{paged:?}");
    assert_eq!(paged[0], serde_json::json!({"operation": "listCursor", "pointer": "#/paths/~1cursor/get", "style": "cursor", "source": "heuristic (query `cursor`, response `next_cursor`)"}));
}
