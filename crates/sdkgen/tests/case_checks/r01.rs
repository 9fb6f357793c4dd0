//! R01: `$ref`s to locations that are not components. Each target becomes one component that
//! both the place it was written and every reference use, so one Rust type serves them all.
use case_r01::models::{ListPetsResponse404, PetStatus, PetSummary};
use case_r01::services::{GetPetParams, ListPetsParams, ReplacePetParams};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Compiles only when every caller passes the same hoisted type.
fn status_of(p: &PetSummary) -> Option<&PetStatus> {
    p.status.as_ref()
}

#[tokio::test]
async fn hoisted_types_decode_in_every_place_that_uses_them() {
    let server = MockServer::start().await;
    let summary = serde_json::json!({"id": 7, "status": "sold"});
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Total", "1").set_body_json(serde_json::json!([summary.clone()])))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/pets")).respond_with(ResponseTemplate::new(201).set_body_json(summary.clone())).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .and(query_param("limit", "3"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Total", "9").set_body_json(summary.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/pets/8"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no pet 8"})))
        .mount(&server)
        .await;
    let client = case_r01::Client::builder().base_url(server.uri()).build().unwrap();
    let svc = client.default();

    // The inline array items of listPets, the response of createPet and getPet (through the
    // `Alias` reference) are one type.
    let listed: Vec<PetSummary> = svc.list_pets(&ListPetsParams::new()).await.unwrap();
    let body: case_r01::models::Pet = serde_json::from_value(serde_json::json!({"id": 7, "name": "Rex"})).unwrap();
    let created: PetSummary = svc.create_pet(&body).await.unwrap();
    // getPet's `limit` is listPets' inline parameter; its `X-Total` header is listPets' header.
    let (got, headers) = svc.get_pet_with_headers(&GetPetParams::new(7).with_limit(3)).await.unwrap();
    for p in [&listed[0], &created, &got] {
        assert_eq!(p.id, 7);
        // `status` is the enum written as a property of the `Pet` component.
        assert_eq!(status_of(p).map(PetStatus::as_str), Some("sold"));
    }
    assert_eq!(headers.x_total, Some(9));

    // replacePet's 404 is listPets' inline 404 response.
    match svc.replace_pet(&ReplacePetParams::new(8), &body).await.unwrap_err() {
        case_r01::Error::Api { body: Some(problem), .. } => {
            let problem: ListPetsResponse404 = problem;
            assert_eq!(problem.message.as_deref(), Some("no pet 8"));
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
}
