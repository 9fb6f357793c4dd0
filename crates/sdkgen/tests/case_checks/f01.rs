//! F01: typed formats. `date-time`, `date`, `time`, `duration`, `uuid`, `uri`/`url`, `ipv4`/`ipv6`,
//! `byte`, `decimal` and the sized integers are the crates' own types in every position (fields,
//! optional and nullable ones, arrays, maps, aliases, untagged unions, additional properties,
//! parameters, response headers, bodies); reading tolerates sloppy servers, writing is exact,
//! and a value that does not parse is a decode error naming its field.
use case_f01::models::{Positions, Scalars, Stamped, When};
use case_f01::services::GetEventParams;
use case_f01::{Error, jiff, rust_decimal, uuid};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

fn scalars_json() -> serde_json::Value {
    json!({
        "at": "2024-06-19T15:22:45.5Z", "day": "2024-02-29", "alarm": "07:30:00", "ttl": "PT1H30M",
        "id": ID, "link": "https://example.com/a?b=c", "site": "https://example.org/",
        "email": "ann@example.com", "v4": "192.0.2.1", "v6": "2001:db8::1", "data": "aGVsbG8=",
        "tiny": -8, "small": -300, "octet": 255, "port": 8080, "count": 4000000000_u64,
        "big": 18446744073709551615_u64, "ratio": 0.5, "precise": 0.25, "price": 12.25, "amount": "0.10"
    })
}

#[test]
fn every_format_is_its_crates_type_and_round_trips_exactly() {
    let s: Scalars = serde_json::from_value(scalars_json()).unwrap();
    let at: jiff::Timestamp = s.at;
    assert_eq!(at, "2024-06-19T15:22:45.5Z".parse::<jiff::Timestamp>().unwrap());
    assert_eq!(s.day, jiff::civil::date(2024, 2, 29));
    assert_eq!(s.alarm, jiff::civil::time(7, 30, 0, 0));
    assert_eq!(s.ttl, jiff::SignedDuration::from_mins(90));
    assert_eq!(s.id, uuid::Uuid::parse_str(ID).unwrap());
    assert_eq!(s.link.host_str(), Some("example.com"));
    assert_eq!(s.email, "ann@example.com");
    assert_eq!(s.v4, std::net::Ipv4Addr::new(192, 0, 2, 1));
    assert_eq!(s.v6.segments()[0], 0x2001);
    assert_eq!(s.data, b"hello");
    let (tiny, small, octet, port, count, big): (i8, i16, u8, u16, u32, u64) = (s.tiny, s.small, s.octet, s.port, s.count, s.big);
    assert_eq!((tiny, small, octet, port, count, big), (-8, -300, 255, 8080, 4_000_000_000, u64::MAX));
    let (ratio, precise): (f32, f64) = (s.ratio, s.precise);
    assert_eq!((ratio, precise), (0.5, 0.25));
    assert_eq!(s.price, rust_decimal::Decimal::new(1225, 2));
    assert_eq!(s.amount.to_string(), "0.10");
    assert_eq!(serde_json::to_value(&s).unwrap(), scalars_json());
}

#[test]
fn sloppy_values_are_read_and_written_back_exactly() {
    let mut v = scalars_json();
    v["at"] = json!("2024-06-19 15:22:45.123456789999");
    v["alarm"] = json!("07:30z");
    v["ttl"] = json!("p1dt2h");
    v["id"] = json!("{67E55044-10B1-426F-9247-BB680E5FE0C8}");
    v["data"] = json!("aGVsbG8");
    v["price"] = json!("12.250");
    v["amount"] = json!(7);
    let s: Scalars = serde_json::from_value(v).unwrap();
    let out = serde_json::to_value(&s).unwrap();
    assert_eq!(out["at"], "2024-06-19T15:22:45.123456789Z");
    assert_eq!(out["alarm"], "07:30:00");
    assert_eq!(out["ttl"], "PT26H");
    assert_eq!(out["id"], ID);
    assert_eq!(out["data"], "aGVsbG8=");
    assert_eq!(out["price"], 12.25);
    assert_eq!(out["amount"], "7");
}

#[test]
fn positions_nullable_optional_containers_aliases_unions() {
    let json = json!({
        "created": "2024-01-01t00:00:00z",
        "deletedAt": null,
        "expiresAt": null,
        "days": ["2024-01-01", "2024-01-02"],
        "ids": {"a": ID},
        "schedule": [["2024-01-01T10:00:00+02:00"], []],
        "groups": {"g": [ID, ID]},
        "blobs": ["AAE=", "-_8"],
        "when": "2024-01-01T00:00:00",
        "stamped": {"name": "n", "opened": "2024-01-01T00:00:00.5+00:00"},
        "total": "1.5"
    });
    let p: Positions = serde_json::from_value(json).unwrap();
    assert_eq!(p.deleted_at, None);
    assert_eq!(p.expires_at, Some(None));
    assert_eq!(p.maybe_at, None);
    assert_eq!(p.days.as_ref().unwrap()[1], jiff::civil::date(2024, 1, 2));
    assert_eq!(p.ids.as_ref().unwrap().additional_properties["a"].to_string(), ID);
    assert_eq!(p.schedule.as_ref().unwrap()[0][0].to_string(), "2024-01-01T08:00:00Z");
    assert_eq!(p.groups.as_ref().unwrap().additional_properties["g"].len(), 2);
    assert_eq!(p.blobs.as_ref().unwrap()[1], [0xfb, 0xff]);
    assert!(matches!(p.when, Some(When::DateTime(t)) if t.to_string() == "2024-01-01T00:00:00Z"));
    assert_eq!(p.stamped.as_ref().unwrap().additional_properties["opened"].to_string(), "2024-01-01T00:00:00.5Z");
    assert_eq!(p.total, Some(Some(rust_decimal::Decimal::new(15, 1))));
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({
            "created": "2024-01-01T00:00:00Z", "deletedAt": null, "expiresAt": null,
            "days": ["2024-01-01", "2024-01-02"], "ids": {"a": ID},
            "schedule": [["2024-01-01T08:00:00Z"], []], "groups": {"g": [ID, ID]},
            "blobs": ["AAE=", "+/8="], "when": "2024-01-01T00:00:00Z",
            "stamped": {"name": "n", "opened": "2024-01-01T00:00:00.5Z"}, "total": "1.5"
        })
    );
    // The union's other member; absent optional fields stay absent.
    let p: Positions = serde_json::from_value(json!({"created": "2024-01-01T00:00:00Z", "deletedAt": "2024-01-02T00:00:00Z", "when": 1700000000})).unwrap();
    assert_eq!(p.when, Some(When::Integer(1_700_000_000)));
    assert_eq!((p.expires_at, p.total), (None, None));
    // Built in code: the constructor and setters take the crates' types.
    let built = Positions::new(jiff::Timestamp::UNIX_EPOCH, None).with_days(vec![jiff::civil::date(2000, 1, 1)]).with_stamped(Stamped::new().with_name("s"));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"created": "1970-01-01T00:00:00Z", "deletedAt": null, "days": ["2000-01-01"], "stamped": {"name": "s"}})
    );
}

#[test]
fn values_that_do_not_parse_are_errors_never_text() {
    let cases = [
        ("at", json!("2023-02-29T00:00:00Z"), "not a valid `date-time`"),
        ("day", json!("01/02/2024"), "not a valid `date`"),
        ("alarm", json!("07:30+01:00"), "not a valid `time`"),
        ("ttl", json!("P1M"), "not a valid `duration`"),
        ("id", json!("67e55044"), "not a valid `uuid`"),
        ("link", json!("/relative"), "not a valid `uri`"),
        ("v4", json!("1.2.3"), "invalid IPv4 address"),
        ("data", json!("%%"), "not a valid `byte`"),
        ("price", json!("ten"), "not a valid `decimal`"),
        ("at", json!(1718810565), "invalid type: integer"),
    ];
    for (key, bad, expected) in cases {
        let mut v = scalars_json();
        v[key] = bad.clone();
        let err = serde_json::from_value::<Scalars>(v).unwrap_err().to_string();
        assert!(err.contains(expected), "{key} = {bad}: {err}");
    }
    // Inside containers and unions too.
    assert!(serde_json::from_value::<Positions>(json!({"created": "2024-01-01T00:00:00Z", "deletedAt": null, "days": ["2024-13-01"]})).is_err());
    assert!(serde_json::from_value::<Positions>(json!({"created": "2024-01-01T00:00:00Z", "deletedAt": null, "when": "soon"})).is_err());
    // Required typed fields have no empty value: leniency does not invent a date.
    assert!(serde_json::from_value::<Positions>(json!({"deletedAt": null})).is_err());
}

async fn serve(status: u16, body: serde_json::Value) -> (MockServer, case_f01::Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(status).set_body_json(body).insert_header("X-Expires", "2024-06-19 15:22:45").insert_header("X-Event-Id", ID)).mount(&server).await;
    let client = case_f01::Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

fn params() -> GetEventParams {
    GetEventParams::new(uuid::Uuid::parse_str(ID).unwrap(), jiff::civil::date(2024, 2, 29), "2024-06-19T15:22:45.5Z".parse().unwrap(), jiff::Timestamp::UNIX_EPOCH)
}

#[tokio::test]
async fn a_bad_value_in_a_response_is_a_decode_error_naming_the_field() {
    let mut v = scalars_json();
    v["day"] = json!("2023-02-29");
    let (_s, client) = serve(200, v).await;
    match client.events().get_event(&params()).await.unwrap_err() {
        Error::Decode { path, error, .. } => {
            assert_eq!(path, "day");
            assert!(error.to_string().contains("not a valid `date`"), "{error}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let mut v = scalars_json();
    v["at"] = json!("noon");
    let (_s, client) = serve(200, v).await;
    assert!(matches!(client.events().get_event(&params()).await.unwrap_err(), Error::Decode { path, .. } if path == "at"));
}

#[tokio::test]
async fn parameters_are_written_in_their_formats() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/events/{ID}/2024-02-29")))
        .and(query_param("since", "2024-06-19T15:22:45.5Z"))
        .and(query_param("until", "2024-06-20T00:00:00Z"))
        .and(query_param("ids", ID))
        .and(query_param("tags", "2024-01-01,2024-01-02"))
        .and(query_param("within", "PT10M"))
        .and(query_param("price", "9.90"))
        // A `type: number` decimal beyond an `f64`: its own digits.
        .and(query_param("amount", "12345678901234.56789"))
        .and(query_param("from", "10.0.0.1"))
        .and(header("X-Request-At", "1970-01-01T00:00:00Z"))
        .and(header("X-Trace", ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(scalars_json()).insert_header("X-Expires", "2024-06-19 15:22:45").insert_header("X-Event-Id", ID))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_f01::Client::builder().base_url(server.uri()).build().unwrap();
    let id = uuid::Uuid::parse_str(ID).unwrap();
    let p = params()
        .with_until("2024-06-20T00:00:00Z".parse::<jiff::Timestamp>().unwrap())
        .with_ids(vec![id, id])
        .with_tags(vec![jiff::civil::date(2024, 1, 1), jiff::civil::date(2024, 1, 2)])
        .with_within(jiff::SignedDuration::from_mins(10))
        .with_price(rust_decimal::Decimal::new(990, 2))
        .with_amount("12345678901234.56789".parse::<rust_decimal::Decimal>().unwrap())
        .with_from(std::net::Ipv4Addr::new(10, 0, 0, 1))
        .with_x_trace(id);
    let (body, headers) = client.events().get_event_with_headers(&p).await.unwrap();
    assert_eq!(body.id, id);
    // Typed response headers, read as tolerantly as bodies.
    assert_eq!(headers.x_expires.map(|t| t.to_string()).as_deref(), Some("2024-06-19T15:22:45Z"));
    assert_eq!(headers.x_event_id, Some(id));
    let requests = server.received_requests().await.unwrap();
    let url = requests[0].url.to_string();
    // Exploded arrays repeat the name; every value is its exact text.
    assert_eq!(url.matches(&format!("ids={ID}")).count(), 2, "{url}");
}

#[tokio::test]
async fn bodies_that_are_typed_values_themselves() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/ids")).and(body_json(json!([ID]))).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/positions"))
        .and(body_json(json!({"created": "2024-01-01T00:00:00Z", "deletedAt": null})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"created": "2024-01-01 00:00:00", "deletedAt": "2024-01-02T00:00:00.000Z"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_f01::Client::builder().base_url(server.uri()).build().unwrap();
    client.events().put_ids(&vec![uuid::Uuid::parse_str(ID).unwrap()]).await.unwrap();
    let echoed = client.events().echo_positions(&Positions::new("2024-01-01T00:00:00Z".parse().unwrap(), None)).await.unwrap();
    assert_eq!(echoed.deleted_at.map(|t| t.to_string()).as_deref(), Some("2024-01-02T00:00:00Z"));
}

/// A whole response body that is a typed value is read by the same tolerant adapters as a
/// field: a naive date-time, a lower-case `t`/`z`; a bad one is a decode error.
#[tokio::test]
async fn a_whole_body_of_typed_values_is_read_tolerantly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/days"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["2024-05-01t10:00:00z", "2024-05-01 10:00:00.5"]"#, "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/days"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["yesterday"]"#, "application/json"))
        .mount(&server)
        .await;
    let client = case_f01::Client::builder().base_url(server.uri()).build().unwrap();
    let times = client.events().list_times().await.unwrap();
    let texts: Vec<String> = times.iter().map(ToString::to_string).collect();
    assert_eq!(texts, ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5Z"]);
    match client.events().list_times().await.unwrap_err() {
        Error::Decode { path, error, .. } => {
            assert_eq!(path, "[0]");
            assert!(error.to_string().contains("not a valid `date-time`"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}
