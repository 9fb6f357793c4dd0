//! RESP01: several success bodies per operation become an enum by status; a documented success
//! is never an error; one body type everywhere stays plain.
use case_resp01::models::{Problem, Widget};
use case_resp01::services::{CreateWidgetSuccess, GetJobSuccess, GetReportSuccess, GetWidgetSuccess};
use case_resp01::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server(verb: &str, p: &str, response: ResponseTemplate) -> (MockServer, case_resp01::Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(p)).respond_with(response).mount(&server).await;
    let client = case_resp01::Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

#[tokio::test]
async fn each_success_status_has_its_variant() {
    let w = Widget::new("w");
    let (_s, c) = server("POST", "/widgets", json(200, r#"{"name":"same"}"#)).await;
    assert_eq!(c.default().create_widget(&w).await.unwrap(), CreateWidgetSuccess::Ok(Widget::new("same")));

    let (_s, c) = server("POST", "/widgets", json(201, r#"{"id":7,"name":"new"}"#)).await;
    match c.default().create_widget(&w).await.unwrap() {
        CreateWidgetSuccess::Created(created) => {
            assert_eq!(created.id, 7);
            assert_eq!(created.name, "new");
        }
        other => panic!("expected Created, got {other:?}"),
    }

    let (_s, c) = server("POST", "/widgets", ResponseTemplate::new(202)).await;
    assert_eq!(c.default().create_widget(&w).await.unwrap(), CreateWidgetSuccess::Accepted);

    // A body on a status documented without one is ignored, not an error.
    let (_s, c) = server("POST", "/widgets", json(204, "")).await;
    assert_eq!(c.default().create_widget(&w).await.unwrap(), CreateWidgetSuccess::NoContent);
}

#[tokio::test]
async fn a_documented_empty_success_is_never_an_error() {
    let (_s, c) = server("GET", "/widget", ResponseTemplate::new(204)).await;
    assert_eq!(c.default().get_widget().await.unwrap(), GetWidgetSuccess::NoContent);
    let (_s, c) = server("GET", "/widget", json(200, r#"{"name":"w"}"#)).await;
    assert_eq!(c.default().get_widget().await.unwrap(), GetWidgetSuccess::Ok(Widget::new("w")));
}

#[tokio::test]
async fn error_statuses_still_fail_with_the_default_body() {
    let (_s, c) = server("POST", "/widgets", json(409, r#"{"title":"conflict"}"#)).await;
    let err = c.default().create_widget(&Widget::new("w")).await.unwrap_err();
    match err {
        Error::Api { status, body, .. } => {
            assert_eq!(status.as_u16(), 409);
            assert_eq!(body, Some(Problem::new("conflict")));
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn one_body_type_everywhere_stays_plain() {
    let (_s, c) = server("PUT", "/widget", json(201, r#"{"name":"made"}"#)).await;
    let w: Widget = c.default().put_widget(&Widget::new("made")).await.unwrap();
    assert_eq!(w.name, "made");
    let (_s, c) = server("DELETE", "/widget", ResponseTemplate::new(204)).await;
    let deleted: Result<(), Error<serde_json::Value>> = c.default().delete_widget().await;
    deleted.unwrap();
}

#[tokio::test]
async fn text_next_to_json_and_a_range_next_to_a_code() {
    let (_s, c) = server("GET", "/report", ResponseTemplate::new(202).set_body_raw("40% done", "text/plain")).await;
    assert_eq!(c.default().get_report().await.unwrap(), GetReportSuccess::Accepted("40% done".into()));
    let (_s, c) = server("GET", "/report", json(200, r#"{"rows":3}"#)).await;
    assert!(matches!(c.default().get_report().await.unwrap(), GetReportSuccess::Ok(r) if r.rows == 3));

    let (_s, c) = server("GET", "/job", json(200, r#"{"name":"j"}"#)).await;
    assert_eq!(c.default().get_job().await.unwrap(), GetJobSuccess::Ok(Widget::new("j")));
    for status in [201, 206, 299] {
        let (_s, c) = server("GET", "/job", ResponseTemplate::new(status)).await;
        assert_eq!(c.default().get_job().await.unwrap(), GetJobSuccess::Success, "{status}");
    }
}

#[tokio::test]
async fn a_bad_success_body_keeps_the_raw_body_and_the_path() {
    let (_s, c) = server("POST", "/widgets", json(201, r#"{"id":"seven","name":"new"}"#)).await;
    match c.default().create_widget(&Widget::new("w")).await.unwrap_err() {
        Error::Decode { status, body, path, .. } => {
            assert_eq!(status.as_u16(), 201);
            assert_eq!(&body[..], br#"{"id":"seven","name":"new"}"#);
            assert_eq!(path, "id");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}
