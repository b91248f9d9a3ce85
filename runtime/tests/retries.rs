//! Retries: transient failures are retried with backoff, honouring Retry-After, up to the
//! configured number of attempts; non-idempotent requests are not retried on 5xx.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use common::{builder, client};
use hwc_runtime::{Error, Method, Request};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn respond_once_then_ok(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn server_error_then_success_succeeds_on_attempt_two() {
    let server = respond_once_then_ok(ResponseTemplate::new(500)).await;
    let response = client(builder(&server))
        .execute(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.attempts(), 2);
    assert_eq!(
        response.json::<hwc_runtime::serde_json::Value>().unwrap()["ok"],
        true
    );
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server =
        respond_once_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let started = Instant::now();
    // POST: a throttled request was not processed, so it is retried too.
    let response = client(builder(&server))
        .execute(Request::new(Method::POST, "/x"))
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!((response.status(), response.attempts()), (200, 2));
    assert!(
        waited >= Duration::from_millis(990),
        "retried after {waited:?}, before Retry-After"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_max_delay_returns_the_throttled_response() {
    let server =
        respond_once_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "120")).await;
    let started = Instant::now();
    let response = client(builder(&server))
        .execute(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (429, 1));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn unavailable_forever_gives_a_service_error_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "rid-503")
                .set_body_string(r#"{"error_code":"SYS.0503","error_msg":"Service unavailable."}"#),
        )
        .expect(4)
        .mount(&server)
        .await;
    let response = client(builder(&server).max_attempts(4))
        .execute(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (503, 4));
    let e = response.into_error();
    match &e {
        Error::Service(s) => {
            assert_eq!(s.error_code(), Some("SYS.0503"));
            assert_eq!(s.request_id(), Some("rid-503"));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert!(e.is_retryable());
}

#[tokio::test]
async fn post_is_not_retried_on_server_error() {
    let server = respond_once_then_ok(ResponseTemplate::new(500)).await;
    let response = client(builder(&server))
        .execute(Request::new(Method::POST, "/x"))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (500, 1));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = respond_once_then_ok(ResponseTemplate::new(404)).await;
    let response = client(builder(&server))
        .execute(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (404, 1));
}

#[tokio::test]
async fn max_attempts_one_disables_retries() {
    let server = respond_once_then_ok(ResponseTemplate::new(503)).await;
    let response = client(builder(&server).max_attempts(1))
        .execute(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (503, 1));
}

#[tokio::test]
async fn each_attempt_is_signed_afresh() {
    let server = respond_once_then_ok(ResponseTemplate::new(502)).await;
    let c = client(builder(&server).credentials(hwc_runtime::Credentials::aksk("AK", "SK")));
    c.execute(Request::new(Method::GET, "/x")).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        let (expected, _) = common::expected_authorization(r, "AK", "SK");
        assert_eq!(common::header(r, "authorization"), Some(expected.as_str()));
    }
}
