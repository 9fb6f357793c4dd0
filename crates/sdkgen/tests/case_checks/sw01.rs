//! SW01: a Swagger 2.0 spec on the wire: `collectionFormat`s of query and header arrays, a
//! `formData` form (urlencoded) and a multipart one with a file, a `body` parameter, HTTP basic
//! and API keys (header and query), `produces` without JSON.
use case_sw01::models::{FindPetsStatusItem, OrderBody, Pet, UpdatePetWithFormRequest};
use case_sw01::services::{DownloadPhotoParams, FindPetsParams, GetPetByIdParams, GetReportParams, UpdatePetWithFormParams, UploadPhotoParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

#[tokio::test]
async fn collection_formats_of_query_and_header_arrays() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/pets")).respond_with(ResponseTemplate::new(200).set_body_string("[]")).mount(&server).await;
    let client = case_sw01::Client::builder().base_url(server.uri()).api_key("headerKey", "H").build().unwrap();
    let p = FindPetsParams::new()
        .with_tags(s(&["a", "b"]))
        .with_status(vec![FindPetsStatusItem::Available, FindPetsStatusItem::Sold])
        .with_ids(vec![1_i64, 2])
        .with_names(s(&["x", "y"]))
        .with_limit(5)
        .with_x_request_ids(s(&["r1", "r2"]));
    let pets = client.pets().find_pets(&p).await.unwrap();
    assert!(pets.is_empty());
    let reqs = server.received_requests().await.unwrap();
    let q = reqs[0].url.query().unwrap().replace("%2C", ",").replace("%7C", "|");
    // csv (the default), multi, ssv, pipes.
    assert_eq!(q, "tags=a,b&status=available&status=sold&ids=1%202&names=x|y&limit=5");
    assert_eq!(reqs[0].headers.get("x-request-ids").unwrap(), "r1,r2");
    assert_eq!(reqs[0].headers.get("x-api-key").unwrap(), "H");
}

#[tokio::test]
async fn form_data_is_sent_urlencoded() {
    let server = server().await;
    let client = case_sw01::Client::builder().base_url(server.uri()).build().unwrap();
    let body = UpdatePetWithFormRequest::new("Rex & co").with_status(FindPetsStatusItem::Pending).with_tags(s(&["a", "b"]));
    client.pets().update_pet_with_form(&UpdatePetWithFormParams::new(7), &body).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].method.as_str(), "POST");
    assert_eq!(reqs[0].url.path(), "/pets/7");
    assert_eq!(reqs[0].headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8_lossy(&reqs[0].body), "name=Rex+%26+co&status=pending&tags=a&tags=b");
}

#[tokio::test]
async fn form_data_with_a_file_is_sent_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/3/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"code":200,"message":"stored"}"#))
        .mount(&server)
        .await;
    let client = case_sw01::Client::builder().base_url(server.uri()).build().unwrap();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(vec![0x89, b'P', b'N', b'G']).file_name("rex.png").mime_str("image/png").unwrap())
        .text("caption", "Rex");
    let answer = client.photos().upload_photo(&UploadPhotoParams::new(3), form).await.unwrap();
    assert_eq!(answer.message.as_deref(), Some("stored"));
    let reqs = server.received_requests().await.unwrap();
    let ct = reqs[0].headers.get("content-type").unwrap().to_str().unwrap().to_string();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let text = String::from_utf8_lossy(&reqs[0].body).to_string();
    assert!(text.contains("name=\"file\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n"), "{text}");
    assert!(text.contains("name=\"caption\"\r\n\r\nRex\r\n"), "{text}");
}

#[tokio::test]
async fn body_parameter_with_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(201).set_body_string(r#"{"id":9,"name":"Rex","photoUrls":[]}"#))
        .mount(&server)
        .await;
    let client = case_sw01::Client::builder().base_url(server.uri()).client_credentials("user", "pass").api_key("headerKey", "H").build().unwrap();
    let created = client.pets().add_pet(&Pet::new("Rex", vec![])).await.unwrap();
    assert_eq!(created.id, Some(9));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].headers.get("content-type").unwrap(), "application/json");
    // The operation's own requirement (basic) replaces the global API key.
    assert_eq!(reqs[0].headers.get("authorization").unwrap(), "Basic dXNlcjpwYXNz");
    assert!(reqs[0].headers.get("x-api-key").is_none());
    let sent: serde_json::Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(sent, serde_json::json!({"name": "Rex", "photoUrls": []}));
}

#[tokio::test]
async fn global_body_parameter_becomes_a_named_request_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/store/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":1,"petId":3,"quantity":2}"#))
        .mount(&server)
        .await;
    let client = case_sw01::Client::builder().base_url(server.uri()).build().unwrap();
    let order = client.store().place_order(&OrderBody::new(3, 2)).await.unwrap();
    assert_eq!(order.quantity, Some(2));
    let reqs = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(sent, serde_json::json!({"petId": 3, "quantity": 2}));
}

#[tokio::test]
async fn api_key_in_header_or_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"name":"Rex","photoUrls":[]}"#)).mount(&server).await;
    let by_query = case_sw01::Client::builder().base_url(server.uri()).api_key("queryKey", "Q").build().unwrap();
    by_query.pets().get_pet_by_id(&GetPetByIdParams::new(5)).await.unwrap();
    let by_header = case_sw01::Client::builder().base_url(server.uri()).api_key("headerKey", "H").build().unwrap();
    by_header.pets().get_pet_by_id(&GetPetByIdParams::new(5)).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.path(), "/pets/5");
    assert_eq!(reqs[0].url.query(), Some("api_key=Q"));
    assert!(reqs[0].headers.get("x-api-key").is_none());
    assert_eq!(reqs[1].url.query(), None);
    assert_eq!(reqs[1].headers.get("x-api-key").unwrap(), "H");
}

#[tokio::test]
async fn produces_without_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/store/report"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("year,count\n2026,3\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/4/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P'], "image/png"))
        .mount(&server)
        .await;
    let client = case_sw01::Client::builder().base_url(server.uri()).build().unwrap();
    let csv = client.store().get_report(&GetReportParams::new(2026)).await.unwrap();
    assert_eq!(csv, "year,count\n2026,3\n");
    let photo = client.photos().download_photo(&DownloadPhotoParams::new(4)).await.unwrap().bytes().await.unwrap();
    assert_eq!(&photo[..], &[0x89, b'P']);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].headers.get("accept").unwrap(), "text/csv");
    assert_eq!(reqs[1].headers.get("accept").unwrap(), "image/png");
}
