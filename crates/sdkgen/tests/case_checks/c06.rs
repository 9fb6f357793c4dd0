//! C06: an enum value the spec does not list is kept.
use case_c06::models::{Job, JobStatus};

#[test]
fn unknown_value_is_kept_and_written_back() {
    let text = r#"{"id":"1","status":"archived","history":["queued","archived"]}"#;
    let job: Job = serde_json::from_str(text).unwrap();
    assert_eq!(job.status, JobStatus::Unknown("archived".into()));
    assert_eq!(job.history.as_deref(), Some(&[JobStatus::Queued, JobStatus::Unknown("archived".into())][..]));
    let back: serde_json::Value = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
    let known: JobStatus = serde_json::from_str(r#""running""#).unwrap();
    assert_eq!(known, JobStatus::Running);
}
