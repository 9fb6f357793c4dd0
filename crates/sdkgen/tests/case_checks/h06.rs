//! H06: numbers as real specs write them: bounds beyond `i64` (exact, as JavaScript writes
//! `u64::MAX`, as a float), beyond `u64`, beyond `f64`; an integer enum beyond `i64`.
use case_h06::models::{Code, Counters};
use case_h06::services::GetCountersParams;

#[test]
fn u64_bounds_give_u64_fields_that_hold_u64_max() {
    let c: Counters = serde_json::from_str(r#"{"total": 18446744073709551615, "bytes": 18446744073709551615, "floatBytes": 18446744073709551615}"#).unwrap();
    let max: u64 = c.total;
    assert_eq!(max, u64::MAX);
    assert_eq!(c.bytes, Some(u64::MAX));
    assert_eq!(c.float_bytes, Some(u64::MAX));
    assert_eq!(serde_json::to_value(&c).unwrap()["total"], serde_json::json!(u64::MAX));
    let p = GetCountersParams::new().with_since(u64::MAX);
    assert_eq!(p.since, Some(u64::MAX));
}

#[test]
fn float_written_i64_bounds_stay_i64() {
    let c: Counters = serde_json::from_str(r#"{"total": 0, "signed": -9223372036854775808}"#).unwrap();
    let v: Option<i64> = c.signed;
    assert_eq!(v, Some(i64::MIN));
}

#[test]
fn bounds_beyond_64_bits_give_128_bit_fields() {
    let c: Counters = serde_json::from_str(r#"{"total": 1, "wide": -100000000000000000000, "unbounded": 340282366920938463463374607431768211455}"#).unwrap();
    let wide: Option<i128> = c.wide;
    assert_eq!(wide, Some(-100_000_000_000_000_000_000));
    let unbounded: Option<u128> = c.unbounded;
    assert_eq!(unbounded, Some(u128::MAX));
    let ratio: Option<f64> = c.ratio;
    assert_eq!(ratio, None);
    assert_eq!(c.label, None);
}

#[test]
fn integer_enum_beyond_i64_is_u64() {
    assert_eq!(serde_json::from_str::<Code>("18446744073709551615").unwrap(), Code::Value18446744073709551615);
    assert_eq!(Code::Value9223372036854775808.value(), 9_223_372_036_854_775_808_u64);
    assert_eq!(serde_json::to_string(&Code::Value18446744073709551615).unwrap(), "18446744073709551615");
    assert_eq!(Code::from(7_u64), Code::Unknown(7));
}
