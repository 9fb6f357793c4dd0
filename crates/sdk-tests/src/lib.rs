//! Wire tests of the generated RingCentral SDK (`generated/`, crate `ring_central`).
//!
//! Everything lives in `tests/`: each file drives the SDK against a `wiremock` server and
//! asserts the exact bytes that go over the wire (method, path, query, headers, body), the typed
//! errors, the retry behaviour and the redaction of credentials.
