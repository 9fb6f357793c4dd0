//! H04: server variables named like generated items (`url`, `self`), colliding after conversion
//! (`a-b` / `a_b`, `api` / `API`), a server named like the custom-URL variant, a default outside
//! its enum; integer enums whose values do not fit `int32` or `i64`.
use case_h04::models::{Holder, Huge, Narrow, Wide};
use case_h04::{Custom2Port, Custom2Url, Environment, StagingEnv};

#[test]
fn server_variables_keep_their_own_values() {
    // `url` is a variable: it must not shadow the URL being built.
    assert_eq!(Environment::default().url(), "https://api.example.test:8443/me/x/y");
    let env = Environment::Custom2 { url: Custom2Url::Api2, port: Custom2Port::V443, self_: "you".into(), a_b: "1".into(), a_b_2: "2".into() };
    assert_eq!(env.url(), "https://API.example.test:443/you/1/2");
    // Values that convert to one Rust name get distinct variants.
    let values: Vec<&str> = [Custom2Url::Api, Custom2Url::Api2, Custom2Url::APi, Custom2Url::APi2].iter().map(|v| v.as_str()).collect();
    assert_eq!(values, ["api", "API", "a-pi", "a_pi"]);
    // The custom-URL variant is still there, next to the server called "Custom".
    assert_eq!(Environment::Custom("https://mock.test".into()).url(), "https://mock.test");
}

#[test]
fn a_default_outside_the_enum_is_one_of_its_values() {
    assert_eq!(StagingEnv::default(), StagingEnv::Prod);
    assert_eq!(Environment::Staging { env: StagingEnv::default() }.url(), "https://prod.example.test");
    assert_eq!(Environment::Staging { env: StagingEnv::Test }.url(), "https://test.example.test");
}

#[test]
fn integer_enums_are_widened_not_truncated() {
    // 4294967296 would be 0 as an i32.
    let wide: Wide = serde_json::from_str("4294967296").unwrap();
    assert_eq!(wide, Wide::Value4294967296);
    assert_eq!(wide.value(), 4_294_967_296_i64);
    assert_eq!(serde_json::to_string(&Wide::Minus2147483649).unwrap(), "-2147483649");
    assert_eq!(Wide::from(0_i64), Wide::Unknown(0));
    // In range: stays i32.
    let narrow: Narrow = serde_json::from_str("2147483647").unwrap();
    assert_eq!(narrow.value(), i32::MAX);
    // A value beyond i64 within u64 makes the enum u64 (with a warning); nothing is left out.
    assert_eq!(Huge::from(9_223_372_036_854_775_807_u64), Huge::Value9223372036854775807);
    let huge: Huge = serde_json::from_str("18446744073709551615").unwrap();
    assert_eq!(huge, Huge::Value18446744073709551615);
    assert_eq!(serde_json::to_string(&huge).unwrap(), "18446744073709551615");
    let holder: Holder = serde_json::from_str(r#"{"wide": 4294967296, "narrow": -2147483648, "huge": 1}"#).unwrap();
    assert_eq!(holder.wide, Some(Wide::Value4294967296));
    assert_eq!(holder.narrow, Some(Narrow::Minus2147483648));
}
