//! C92: one inline shape written four times (a response property, a request property, two
//! properties of a component) is one type, `Location`, decoded from one place and sent from
//! another; a shape that differs in one `required` is its own type; a component only merged into
//! `Trip` has no type of its own.
use case_c92::models::{Area, CreatePlaceRequest, Location, Trip};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers one `verb path` request (whose JSON body is `body`, when given) with `response`.
async fn expect_once(server: &MockServer, verb: &str, route: &str, body: Option<serde_json::Value>, response: ResponseTemplate) {
    let mock = Mock::given(method(verb)).and(path(route));
    let mock = match body {
        Some(b) => mock.and(body_json(b)),
        None => mock,
    };
    mock.respond_with(response).expect(1).mount(server).await;
}

#[tokio::test]
async fn a_location_read_from_one_operation_is_sent_by_another() {
    let server = MockServer::start().await;
    let place = serde_json::json!({"name": "Quay", "location": {"lat": 59.9, "lon": 10.7}, "area": {"lat": 60.0}});
    expect_once(&server, "GET", "/places", None, ResponseTemplate::new(200).set_body_json(place)).await;
    let trip = serde_json::json!({"name": "Ferry", "from": {"lat": 1.5, "lon": 2.5}, "to": {"lat": 3.5, "lon": 4.5}});
    expect_once(&server, "GET", "/trips", None, ResponseTemplate::new(200).set_body_json(trip)).await;
    for (name, lat, lon) in [("Copy", 59.9, 10.7), ("Landing", 3.5, 4.5)] {
        let sent = serde_json::json!({"name": name, "location": {"lat": lat, "lon": lon}});
        expect_once(&server, "POST", "/places", Some(sent), ResponseTemplate::new(204)).await;
    }
    let client = case_c92::Client::builder().base_url(server.uri()).build().unwrap();

    let place = client.places().get_place().await.unwrap();
    let location: Location = place.location;
    assert_eq!(location, Location::new(59.9, 10.7));
    // `area` has `lon` optional: another shape, another type.
    assert_eq!(place.area, Some(Area::new(60.0)));
    client.places().create_place(&CreatePlaceRequest::new("Copy", location)).await.unwrap();

    let trip: Trip = client.trips().get_trip().await.unwrap();
    assert_eq!(trip.name, "Ferry");
    assert_eq!(trip.from, Location::new(1.5, 2.5));
    client.places().create_place(&CreatePlaceRequest::new("Landing", trip.to)).await.unwrap();
}

#[test]
fn the_shared_type_round_trips_in_every_place() {
    let json = serde_json::json!({"name": "Ferry", "note": "n", "from": {"lat": 1.0, "lon": 2.0}, "to": {"lat": 3.0, "lon": 4.0}});
    let trip: Trip = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&trip).unwrap(), json);
    let body = CreatePlaceRequest::new("p", trip.from.clone());
    assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"name": "p", "location": {"lat": 1.0, "lon": 2.0}}));
    // `lon` is required in `Location` and optional in `Area`.
    let lon: f64 = trip.to.lon;
    assert_eq!(lon, 4.0);
    assert_eq!(Area::new(1.0).lon, None);
}
