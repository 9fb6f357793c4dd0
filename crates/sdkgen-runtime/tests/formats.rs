//! The typed string formats: tolerant parsers, exact printing, and the `serde_with` adapters in
//! fields, containers and nullable positions, with decode errors that name the field.

use sdkgen_runtime::formats::{self, Base64, Date, DateTime, Decimal, DecimalString, DoubleOption, Duration, Time, Url, Uuid};
use serde::{Deserialize, Serialize};
use serde_with::As;

fn ts(text: &str) -> String {
    formats::parse_date_time(text).map(|t| t.to_string()).unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn date_times_from_sloppy_servers() {
    assert_eq!(ts("2024-06-19T15:22:45Z"), "2024-06-19T15:22:45Z");
    assert_eq!(ts("2024-06-19T15:22:45+02:00"), "2024-06-19T13:22:45Z");
    assert_eq!(ts("2024-06-19t15:22:45z"), "2024-06-19T15:22:45Z");
    assert_eq!(ts("2024-06-19 15:22:45Z"), "2024-06-19T15:22:45Z");
    // No offset: UTC.
    assert_eq!(ts("2024-06-19T15:22:45"), "2024-06-19T15:22:45Z");
    assert_eq!(ts("2024-06-19T15:22:45.123"), "2024-06-19T15:22:45.123Z");
    // Fractions of any length; digits beyond nanoseconds are dropped.
    assert_eq!(ts("2024-06-19T15:22:45.1Z"), "2024-06-19T15:22:45.1Z");
    assert_eq!(ts("2024-06-19T15:22:45.123456789123-01:00"), "2024-06-19T16:22:45.123456789Z");
    assert_eq!(ts("2024-06-19T15:22:45,5Z"), "2024-06-19T15:22:45.5Z");
    // Errors: not a date-time, a day that does not exist, junk after it.
    for bad in ["é", "2024-06-1éT00:00:00Z", "2024-06-19T00:00:00.5é", "２０２４-06-19T00:00:00Z", "", "yesterday", "2024-06-19", "2023-02-29T00:00:00Z", "2024-06-19T25:00:00Z", "2024-06-19T15:22:45Zjunk", "19/06/2024 15:22", "2024-06-19T15:22:45."] {
        assert!(ts(bad).starts_with("error: not a valid `date-time`"), "{bad:?} gave {}", ts(bad));
    }
}

#[test]
fn dates_times_and_durations() {
    assert_eq!(formats::parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
    assert!(formats::parse_time("07:30é").is_err() && formats::parse_duration("Pé").is_err() && formats::parse_date("2024-01-0é").is_err());
    for bad in ["2023-02-29", "2024-2-9", "2024-06-19T00:00:00Z", "20240619", ""] {
        assert!(formats::parse_date(bad).is_err(), "{bad}");
    }
    let t = |s: &str| formats::parse_time(s).map(|t| t.to_string());
    assert_eq!(t("15:22:45").unwrap(), "15:22:45");
    assert_eq!(t("15:22:45.5Z").unwrap(), "15:22:45.5");
    assert_eq!(t("15:22:45.1234567891+00:00").unwrap(), "15:22:45.123456789");
    assert_eq!(t("15:22").unwrap(), "15:22:00");
    assert!(t("15:22:45+02:00").is_err() && t("25:00:00").is_err() && t("noon").is_err());
    let d = |s: &str| formats::parse_duration(s).map(|d| d.to_string());
    assert_eq!(d("PT1H30M").unwrap(), "PT1H30M");
    assert_eq!(d("pt1h30m").unwrap(), "PT1H30M");
    assert_eq!(d("P1DT2H").unwrap(), "PT26H");
    assert_eq!(d("P1W").unwrap(), "PT168H");
    assert_eq!(d("-PT0.5S").unwrap(), "-PT0.5S");
    for bad in ["P1M", "P1Y", "1h 30m", "", "PT"] {
        assert!(d(bad).is_err(), "{bad}");
    }
}

#[test]
fn bytes_uuids_urls_decimals() {
    assert_eq!(formats::parse_base64("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(formats::parse_base64("aGVsbG8").unwrap(), b"hello");
    assert_eq!(formats::parse_base64("-_8").unwrap(), [0xfb, 0xff]);
    assert_eq!(formats::parse_base64("+/8=").unwrap(), [0xfb, 0xff]);
    assert!(formats::parse_base64("not base64!").is_err());
    assert_eq!(formats::print_base64(&[0xfb, 0xff]), "+/8=");
    let u = formats::parse_uuid("{67E55044-10B1-426F-9247-BB680E5FE0C8}").unwrap();
    assert_eq!(u.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(formats::parse_uuid("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap(), u);
    assert_eq!(formats::parse_uuid("67e5504410b1426f9247bb680e5fe0c8").unwrap(), u);
    assert!(formats::parse_uuid("67e55044").is_err());
    assert_eq!(formats::parse_url("https://a.example/x?y=1").unwrap().as_str(), "https://a.example/x?y=1");
    assert!(formats::parse_url("/relative").is_err());
    assert_eq!(formats::parse_decimal("-12.340").unwrap().to_string(), "-12.340");
    assert_eq!(formats::parse_decimal("1.5e3").unwrap().to_string(), "1500");
    assert_eq!(formats::parse_decimal("0.1234567890123456789012345678").unwrap().to_string(), "0.1234567890123456789012345678");
    assert!(formats::parse_decimal("1.2.3").is_err() && formats::parse_decimal("12345678901234567890123456789012").is_err());
}

#[test]
fn huge_decimals_are_errors_not_panics() {
    use serde::de::IntoDeserializer;
    use serde_with::DeserializeAs;
    type E = serde::de::value::Error;
    assert!(<Decimal as DeserializeAs<rust_decimal::Decimal>>::deserialize_as(IntoDeserializer::<E>::into_deserializer(u128::MAX)).is_err());
    assert!(<Decimal as DeserializeAs<rust_decimal::Decimal>>::deserialize_as(IntoDeserializer::<E>::into_deserializer(i128::MIN)).is_err());
    let small = <Decimal as DeserializeAs<rust_decimal::Decimal>>::deserialize_as(IntoDeserializer::<E>::into_deserializer(12_i128)).unwrap();
    assert_eq!(small.to_string(), "12");
    for text in ["1e999999999999", "1e-99999", "-1e400", "9".repeat(40).as_str()] {
        assert!(formats::parse_decimal(text).is_err(), "{text}");
    }
    // A JSON number too large for a decimal.
    let e = serde_json::from_str::<Wrapper>(r#"{"d":1e300}"#).unwrap_err().to_string();
    assert!(e.contains("not a valid `decimal`"), "{e}");
    assert_eq!(serde_json::to_string(&Wrapper { d: rust_decimal::Decimal::new(-25, 1) }).unwrap(), r#"{"d":-2.5}"#);
}

#[derive(Debug, Serialize, Deserialize)]
struct Wrapper {
    #[serde(with = "As::<Decimal>")]
    d: rust_decimal::Decimal,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Model {
    #[serde(with = "As::<DateTime>")]
    at: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "As::<Option<Vec<Date>>>")]
    days: Option<Vec<jiff::civil::Date>>,
    #[serde(with = "As::<std::collections::BTreeMap<serde_with::Same, Uuid>>")]
    ids: std::collections::BTreeMap<String, uuid::Uuid>,
    #[serde(with = "As::<Option<Base64>>")]
    data: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "As::<DoubleOption<Time>>")]
    alarm: Option<Option<jiff::civil::Time>>,
    #[serde(with = "As::<Decimal>")]
    price: rust_decimal::Decimal,
    #[serde(with = "As::<DecimalString>")]
    exact: rust_decimal::Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "As::<Option<(Url, Duration)>>")]
    pair: Option<(url::Url, jiff::SignedDuration)>,
}

fn decode(json: &str) -> Result<Model, String> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

#[test]
fn adapters_round_trip_in_every_position() {
    let json = r#"{"at":"2024-06-19 15:22:45.5","days":["2024-01-01"],"ids":{"a":"67E55044-10B1-426F-9247-BB680E5FE0C8"},"data":"aGk","alarm":null,"price":12.25,"exact":"0.10","pair":["https://x.example","PT1M"]}"#;
    let m = decode(json).unwrap();
    assert_eq!(m.alarm, Some(None));
    assert_eq!(m.data.as_deref(), Some(&b"hi"[..]));
    let out = serde_json::to_string(&m).unwrap();
    assert_eq!(
        out,
        r#"{"at":"2024-06-19T15:22:45.5Z","days":["2024-01-01"],"ids":{"a":"67e55044-10b1-426f-9247-bb680e5fe0c8"},"data":"aGk=","alarm":null,"price":12.25,"exact":"0.10","pair":["https://x.example/","PT1M"]}"#
    );
    assert_eq!(decode(&out).unwrap(), m);
    // Absent optional fields stay absent; a decimal given as a string or integer reads exactly.
    let m = decode(r#"{"at":"2024-06-19T15:22:45Z","ids":{},"data":null,"price":"7","exact":3}"#).unwrap();
    assert_eq!((&m.days, &m.alarm, &m.pair, &m.data), (&None, &None, &None, &None));
    assert_eq!((m.price.to_string().as_str(), m.exact.to_string().as_str()), ("7", "3"));
    assert!(serde_json::to_string(&m).unwrap().contains(r#""price":7,"exact":"3""#));
}

#[test]
fn bad_values_are_errors_naming_the_field() {
    let base = r#"{"at":"2024-06-19T15:22:45Z","ids":{},"data":null,"price":1,"exact":"1"}"#;
    let with = |key: &str, value: &str| {
        let mut v: serde_json::Value = serde_json::from_str(base).unwrap();
        v[key] = serde_json::from_str(value).unwrap();
        decode(&v.to_string()).unwrap_err()
    };
    let e = with("at", r#""2023-02-29T00:00:00Z""#);
    assert!(e.starts_with("at: not a valid `date-time`"), "{e}");
    let e = with("days", r#"["2024-01-01","soon"]"#);
    assert!(e.starts_with("days[1]: not a valid `date`"), "{e}");
    let e = with("ids", r#"{"k":"nope"}"#);
    assert!(e.starts_with("ids.k: not a valid `uuid`"), "{e}");
    let e = with("data", r#""%%%""#);
    assert!(e.starts_with("data: not a valid `byte`"), "{e}");
    let e = with("alarm", r#""10:00:00+01:00""#);
    assert!(e.starts_with("alarm: not a valid `time`"), "{e}");
    let e = with("price", r#""ten""#);
    assert!(e.starts_with("price: not a valid `decimal`"), "{e}");
    let e = with("pair", r#"["https://x.example","P1M"]"#);
    assert!(e.starts_with("pair[1]: not a valid `duration`"), "{e}");
    // A number where text is expected is a type error, never read as text.
    let e = with("at", "1718810565");
    assert!(e.starts_with("at: invalid type: integer"), "{e}");
}

#[test]
fn typed_response_headers() {
    assert_eq!(formats::header(Some("2024-06-19 15:22:45".into()), formats::parse_date_time).map(|t| t.to_string()).as_deref(), Some("2024-06-19T15:22:45Z"));
    assert_eq!(formats::header(Some("x".into()), formats::parse_uuid), None);
    assert_eq!(formats::header(None, formats::parse_uuid), None);
}

#[test]
fn decimals_beyond_an_f64_are_written_with_their_own_digits() {
    for (text, json) in [
        ("12345678901234.56789", r#"{"d":12345678901234.56789}"#),
        ("0.1000000000000000000000000001", r#"{"d":0.1000000000000000000000000001}"#),
        ("79228162514264337593543950335", r#"{"d":79228162514264337593543950335}"#),
        ("-2.50", r#"{"d":-2.5}"#),
        ("0.1", r#"{"d":0.1}"#),
    ] {
        let d: rust_decimal::Decimal = text.parse().unwrap();
        assert_eq!(serde_json::to_string(&Wrapper { d }).unwrap(), json, "{text}");
    }
}

#[test]
fn decimals_are_read_with_all_their_digits() {
    // From JSON text: every digit a `Decimal` holds, where an `f64` keeps 15 or so.
    for text in ["12345678901234.56789", "0.1000000000000000000000000001", "79228162514264337593543950335", "-2.50", "1e-7", "1.5E3"] {
        let exact: rust_decimal::Decimal = if text.contains(['e', 'E']) { rust_decimal::Decimal::from_scientific(text).unwrap() } else { text.parse().unwrap() };
        let json = format!(r#"{{"d":{text}}}"#);
        let w: Wrapper = serde_json::from_str(&json).unwrap();
        assert_eq!(w.d, exact, "{text}");
        let w: Wrapper = serde_json::from_slice(json.as_bytes()).unwrap();
        assert_eq!(w.d, exact, "{text} (bytes)");
        let w: Wrapper = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(w.d, exact, "{text} (reader)");
        // Round trip: the same digits written back.
        let back: Wrapper = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(back.d, exact, "{text} (written back)");
    }
    // A string is read exactly too, through the number adapter as well.
    let w: Wrapper = serde_json::from_str(r#"{"d":"0.1000000000000000000000000001"}"#).unwrap();
    assert_eq!(w.d.to_string(), "0.1000000000000000000000000001");
    // In serde's buffered content (a tagged union's variant) the value is still read.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind")]
    enum Tagged {
        #[serde(rename = "w")]
        W(Wrapper),
    }
    let Tagged::W(w) = serde_json::from_str::<Tagged>(r#"{"kind":"w","d":2.25}"#).unwrap();
    assert_eq!(w.d.to_string(), "2.25");
    // Not a number: an error naming the format, never a panic.
    for bad in [r#"{"d":{}}"#, r#"{"d":[1]}"#, r#"{"d":true}"#, r#"{"d":"x"}"#, r#"{"d":{"a":1}}"#] {
        let e = serde_json::from_str::<Wrapper>(bad).unwrap_err().to_string();
        assert!(e.contains("decimal"), "{bad}: {e}");
    }
}

#[test]
fn a_whole_body_through_an_adapter() {
    use sdkgen_runtime::Response;
    let resp: Response = Response::new(reqwest::StatusCode::OK, Default::default(), bytes::Bytes::from_static(br#"["2024-05-01t10:00:00z", "yesterday"]"#), None);
    match resp.json_as::<Vec<jiff::Timestamp>, Vec<DateTime>>().unwrap_err() {
        sdkgen_runtime::Error::Decode { path, error, .. } => {
            assert_eq!(path, "[1]");
            assert!(error.to_string().contains("not a valid `date-time`"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    let resp: Response = Response::new(reqwest::StatusCode::OK, Default::default(), bytes::Bytes::from_static(br#"["2024-05-01 10:00:00"]"#), None);
    assert_eq!(resp.json_as::<Vec<jiff::Timestamp>, Vec<DateTime>>().unwrap()[0].to_string(), "2024-05-01T10:00:00Z");
}

#[test]
fn decimals_with_more_digits_than_a_decimal_holds_are_rounded_and_objects_are_not_numbers() {
    let read = |json: &str| serde_json::from_str::<Wrapper>(json).map(|w| w.d.to_string()).map_err(|e| e.to_string());
    // More than 28 significant digits: rounded, as a JSON reader rounds, not a failed body.
    assert_eq!(read(r#"{"d":0.1000000000000000055511151231257827}"#).unwrap(), "0.1000000000000000055511151231");
    assert_eq!(read(r#"{"d":3.14159265358979323846264338327950288}"#).unwrap(), "3.1415926535897932384626433833");
    // Zeros with many digits or a huge exponent are zero.
    for zero in ["0.00000000000000000000000000000000000000000", "0e999999999", "0e-999999999"] {
        let w: Wrapper = serde_json::from_str(&format!(r#"{{"d":{zero}}}"#)).unwrap();
        assert!(w.d.is_zero(), "{zero}");
    }
    // Beyond a decimal's range: an error.
    assert!(read(r#"{"d":1e40}"#).is_err());
    // An object is never a decimal, through serde_json or serde's buffered content.
    assert!(read(r#"{"d":{"a":"5"}}"#).unwrap_err().contains("decimal"));
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind")]
    enum Tagged {
        #[serde(rename = "w")]
        W(#[allow(dead_code)] Wrapper),
    }
    assert!(serde_json::from_str::<Tagged>(r#"{"kind":"w","d":{"x":"42"}}"#).is_err());
    // Digits only.
    assert!(read(r#"{"d":"1_000"}"#).is_err());
}

#[test]
fn decimals_in_parameters_and_forms_are_their_own_digits() {
    use sdkgen_runtime::encoding::{ParamStyle, query_pairs, to_form_pairs};
    let big: rust_decimal::Decimal = "12345678901234567.89".parse().unwrap();
    let small: rust_decimal::Decimal = "0.00000015".parse().unwrap();
    let w = Wrapper { d: big };
    assert_eq!(query_pairs("q", &w, ParamStyle::DeepObject, true).unwrap(), [("q[d]".to_string(), "12345678901234567.89".to_string())]);
    assert_eq!(query_pairs("q", &w, ParamStyle::Form, true).unwrap(), [("d".to_string(), "12345678901234567.89".to_string())]);
    assert_eq!(to_form_pairs(&Wrapper { d: small }).unwrap(), [("d".to_string(), "0.00000015".to_string())]);
    // In a JSON body: a number, its own digits, never an exponent.
    assert_eq!(serde_json::to_string(&Wrapper { d: small }).unwrap(), r#"{"d":0.00000015}"#);
    assert_eq!(serde_json::to_string(&Wrapper { d: big }).unwrap(), r#"{"d":12345678901234567.89}"#);
    // Outside an encoding, other serializers still see a number when an f64 holds it exactly.
    assert_eq!(serde_json::to_value(Wrapper { d: "2.5".parse().unwrap() }).unwrap(), serde_json::json!({"d": 2.5}));
}

#[test]
fn json_content_parameters_keep_decimal_numbers_and_tiny_decimals_are_errors() {
    use sdkgen_runtime::encoding::{ParamStyle, query_pairs};
    let big: rust_decimal::Decimal = "12345678901234567.89".parse().unwrap();
    let pairs = query_pairs("q", &sdkgen_runtime::serde_support::JsonText(&Wrapper { d: big }), ParamStyle::Form, true).unwrap();
    assert_eq!(pairs[0].1, "%7B%22d%22%3A12345678901234567.89%7D", "a number in the JSON text, not a string");
    for tiny in ["1e-30", "1.5e-29"] {
        assert!(formats::parse_decimal(tiny).is_err(), "{tiny}");
    }
}
