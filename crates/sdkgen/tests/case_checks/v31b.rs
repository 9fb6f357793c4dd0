//! V31B: an OpenAPI 3.1 document's webhooks give payload models that decode what the API sends,
//! a path item referenced from `paths` becomes operations, and `contentMediaType` bodies are raw
//! bytes both ways.
use case_v31b::models::{Pet, PetRemovedPayload};
use serde_json::json;
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn webhook_payloads_decode() {
    let removed: PetRemovedPayload = serde_json::from_slice(br#"{"id": 7, "reason": null}"#).unwrap();
    // Non-exhaustive: built with `new`, the explicit `null` set on the public field.
    let mut expected = PetRemovedPayload::new(7);
    expected.reason = Some(None);
    assert_eq!(removed, expected);
    let removed: PetRemovedPayload = serde_json::from_slice(br#"{"id": 8, "reason": "adopted"}"#).unwrap();
    assert_eq!(removed, PetRemovedPayload::new(8).with_reason("adopted"));
    assert!(serde_json::from_slice::<PetRemovedPayload>(br#"{"reason": "adopted"}"#).is_err());
    let pet: Pet = serde_json::from_value(json!({"id": 1, "name": "Rex", "tag": null})).unwrap();
    assert_eq!(pet.tag, Some(None));
}

#[tokio::test]
async fn path_items_and_binary_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "name": "Rex"}])))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/pets/1/photo"))
        .and(header("content-type", "image/png"))
        .and(body_bytes(b"\x89PNG".to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/1/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"\x89PNG\x00".to_vec(), "image/png"))
        .mount(&server)
        .await;
    let client = case_v31b::Client::builder().base_url(server.uri()).build().unwrap();
    let pets = client.default().list_pets().await.unwrap();
    assert_eq!(pets, vec![Pet::new(1, "Rex")]);
    let params = case_v31b::services::UploadPhotoParams::new("1");
    client.default().upload_photo(&params, bytes::Bytes::from_static(b"\x89PNG")).await.unwrap();
    let photo = client.default().get_photo(&case_v31b::services::GetPhotoParams::new("1")).await.unwrap().bytes().await.unwrap();
    assert_eq!(&photo[..], b"\x89PNG\x00");
}
