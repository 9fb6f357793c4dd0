//! U02: object variants of untagged unions told apart by required properties and by a
//! property's enum value; overlapping anyOf members decode as the first; arrays never decode
//! as objects; misfits are errors naming the union.
use case_u02::models::{BankAccount, Card, Circle, Kind as CircleKind, Level, Organisation, Party, PaymentMethod, Person, Priority, PriorityObject, Shape, Square, SquareKind, Wallet};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(v: Value) -> T {
    let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
    assert_eq!(serde_json::to_value(&t).unwrap(), v, "written back differently");
    t
}

#[test]
fn required_properties_tell_objects_apart() {
    assert_eq!(round_trip::<PaymentMethod>(json!({"number": "4111", "expiry": "12/30"})), PaymentMethod::Card(Card::new("4111", "12/30")));
    assert_eq!(
        round_trip::<PaymentMethod>(json!({"iban": "DE00", "holder": "Ann"})),
        PaymentMethod::BankAccount(BankAccount::new("DE00").with_holder("Ann"))
    );
    // No required property of the others: the variant without required properties.
    assert_eq!(round_trip::<PaymentMethod>(json!({"provider": "pay"})), PaymentMethod::Wallet(Wallet::new().with_provider("pay")));
    assert_eq!(round_trip::<PaymentMethod>(json!({})), PaymentMethod::Wallet(Wallet::new()));
    // `number` without `expiry` is not a card.
    assert!(matches!(serde_json::from_value::<PaymentMethod>(json!({"number": "4111"})).unwrap(), PaymentMethod::Wallet(_)));
}

#[test]
fn arrays_never_decode_as_objects() {
    // Card's derived Deserialize alone takes its sequence form...
    assert!(serde_json::from_value::<Card>(json!(["4111", "12/30"])).is_ok());
    // ...the union never offers it an array.
    let err = serde_json::from_value::<PaymentMethod>(json!(["4111", "12/30"])).unwrap_err().to_string();
    assert!(err.contains("no variant of `PaymentMethod` takes an array"), "{err}");
    assert!(err.contains("`Card` needs an object"), "{err}");
    let err = serde_json::from_value::<Shape>(json!(["circle", 1.0])).unwrap_err().to_string();
    assert!(err.contains("no variant of `Shape` takes an array"), "{err}");
    let err = serde_json::from_value::<PaymentMethod>(json!("4111")).unwrap_err().to_string();
    assert!(err.contains("`PaymentMethod`") && err.contains("a string"), "{err}");
}

#[test]
fn enum_values_tell_objects_apart() {
    assert_eq!(round_trip::<Shape>(json!({"kind": "square", "size": 2.5})), Shape::Square(Square::new(SquareKind::Square, 2.5)));
    assert_eq!(round_trip::<Shape>(json!({"kind": "circle", "size": 1.5})), Shape::Circle(Circle::new(CircleKind::Circle, 1.5)));
    let shapes: Vec<Shape> = round_trip(json!([{"kind": "square", "size": 1.0}, {"kind": "circle", "size": 2.0}]));
    assert!(matches!(shapes.as_slice(), [Shape::Square(_), Shape::Circle(_)]));
    // Unknown kind: fits both by shape, the first listed keeps it (enums are open).
    assert!(matches!(round_trip::<Shape>(json!({"kind": "hexagon", "size": 1.0})), Shape::Circle(c) if c.kind == CircleKind::Unknown("hexagon".into())));
    let err = serde_json::from_value::<Shape>(json!({"kind": "square"})).unwrap_err().to_string();
    assert!(err.contains("`Square` lacks `size`"), "{err}");
}

#[test]
fn overlapping_any_of_members_decode_as_the_first() {
    assert_eq!(round_trip::<Party>(json!({"id": "p", "name": "Ann"})), Party::Person(Person::new("p").with_name("Ann")));
    // Fits both by shape; `Person` wins and ignores `members`, which is what the docs and the
    // sdkgen warning say.
    assert!(matches!(serde_json::from_value::<Party>(json!({"id": "o", "members": 3})).unwrap(), Party::Person(_)));
    // `Organisation` is reached when `Person` fails to decode.
    assert_eq!(
        serde_json::from_value::<Party>(json!({"id": "o", "name": 5, "members": 3})).unwrap(),
        Party::Organisation(Organisation::new("o").with_members(3))
    );
}

#[test]
fn integer_enum_integer_and_object() {
    assert_eq!(round_trip::<Priority>(json!(2)), Priority::Level(Level::Value2));
    // An integer outside the enum goes to the plain integer variant.
    assert_eq!(round_trip::<Priority>(json!(9)), Priority::Integer(9));
    assert_eq!(round_trip::<Priority>(json!({"custom": 4})), Priority::Object(PriorityObject::new(4)));
    let err = serde_json::from_value::<Priority>(json!({"other": 4})).unwrap_err().to_string();
    assert!(err.contains("`Priority`") && err.contains("`Object` lacks `custom`"), "{err}");
}

#[tokio::test]
async fn request_and_response_keep_the_variant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/payments"))
        .and(body_json(json!({"iban": "DE00"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"iban": "DE00", "holder": "Bank"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_u02::Client::builder().base_url(server.uri()).build().unwrap();
    let stored = client.default().create_payment(&PaymentMethod::BankAccount(BankAccount::new("DE00"))).await.unwrap();
    assert_eq!(stored, PaymentMethod::BankAccount(BankAccount::new("DE00").with_holder("Bank")));
}

/// A deep tree whose every node fits both variants and whose leaf fits none: decoding ends with
/// an error after bounded work (without the bound each level decodes its subtree once per
/// variant, 2^depth decodings), and the same tree with a good leaf decodes.
#[test]
fn nested_unions_failing_deep_inside_end_with_an_error() {
    use case_u02::models::Tree;
    let chain = |leaf: Value| (0..48).fold(leaf, |child, _| json!({"tag": "b", "child": child}));
    let err = serde_json::from_value::<Tree>(chain(json!({"tag": 5}))).unwrap_err().to_string();
    assert!(err.contains("the other variants not tried"), "{err}");
    let mut node = serde_json::from_value::<Tree>(chain(json!({"tag": "a"}))).unwrap();
    let mut depth = 0;
    while let Tree::B(b) = node {
        depth += 1;
        node = *b.child.expect("child");
    }
    assert_eq!(depth, 48);
    assert!(matches!(node, Tree::A(_)));
}
