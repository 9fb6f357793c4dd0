//! End-to-end tests of the generated RingCentral SDK (`generated/`, package `ring-central`)
//! against a certified OpenID provider configured with RingCentral's paths
//! (`e2e/oidc-provider`). The tests are in `tests/flows.rs`; this library is empty.
