//! H05: every name sdkgen adds (`sdkgen::names::GENERATED`) used as tag, operationId, schema,
//! property and parameter name. The crate compiling clippy-clean is most of the check; these
//! tests pin what the renamed names are and that the generated ones still work.
use case_h05::models::{Choice, Error, New, Words};
use case_h05::services::{BaseService, ThingParams};
use case_h05::{Client, Environment};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_client_keeps_its_own_methods_and_tags_get_a_suffix() {
    let client = Client::builder().base_url("https://api.example.test").build().unwrap();
    // `builder`, `core`, `new`, `clone` and `fmt` as tags: accessors with `_2`.
    let _ = client.builder_2();
    let _ = client.core_2();
    let _ = client.new_2();
    let copy = client.clone();
    let _ = copy.clone_2();
    let _ = format!("{client:?}");
    let _: &case_h05::runtime::ClientCore = client.core();
    assert_eq!(Environment::default().url(), "https://api.example.test");
}

#[test]
fn models_named_like_generated_items_are_plain_models() {
    let e: Error = serde_json::from_str(r#"{"Error": "x", "Error_2": 1}"#).unwrap();
    assert_eq!(e.error, "x");
    assert_eq!(e.error_2, Some(1));
    let n = New::new("v");
    assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"new":"v"}"#);
    // The values `Unknown` and `Err` are variants; the catch-all moved to `UnknownValue`.
    assert_eq!("Unknown".parse::<Words>().unwrap(), Words::Unknown);
    assert_eq!("Err".parse::<Words>().unwrap(), Words::Err);
    assert_eq!(Words::from("zzz"), Words::UnknownValue("zzz".into()));
    // A union with members named `Null` and `Unknown`, and JSON null.
    assert_eq!(serde_json::from_str::<Choice>("null").unwrap(), Choice::Null2);
    assert_eq!(serde_json::from_str::<Choice>("3").unwrap(), Choice::Integer(3));
}

#[tokio::test]
async fn generated_siblings_and_spec_operations_of_their_names_both_work() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/thing"))
        .and(query_param("label", "a"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Count", "7").set_body_json(serde_json::json!({"a": "b"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let base: BaseService<'_> = client.base();
    let params = ThingParams::new().with_label("a");
    let (_, headers) = base.thing_with_headers_2(&params).await.unwrap();
    assert_eq!(headers.x_count, Some(7));
    let url = base.jump_url_2(&case_h05::services::JumpParams::new("x")).unwrap();
    assert_eq!(url.as_str(), format!("{}/jump?to=x", server.uri()));
}
