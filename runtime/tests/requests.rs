//! What reaches the server for a request: the path, and nothing at all when the request is
//! invalid.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{builder, client, single_request};
use hwc_runtime::{Error, Method, Request};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_expecting(requests: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(requests)
        .mount(&server)
        .await;
    server
}

fn invalid_message(result: hwc_runtime::Result<hwc_runtime::Response>) -> String {
    match result {
        Err(Error::InvalidRequest { message, .. }) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn path_param_with_slashes_and_dots_stays_one_segment() {
    let server = server_expecting(1).await;
    let mut r = Request::new(
        Method::GET,
        "/v3/{project_id}/instances/{instance_id}/backups",
    );
    r.path_param("project_id", "p1");
    r.path_param("instance_id", "a/../b");
    client(builder(&server)).execute(r).await.unwrap();
    let received = single_request(&server).await;
    assert_eq!(received.url.path(), "/v3/p1/instances/a%2F..%2Fb/backups");
}

#[tokio::test]
async fn dot_segments_are_refused() {
    let server = server_expecting(0).await;
    let c = client(builder(&server));
    for value in ["..", "."] {
        let mut r = Request::new(Method::DELETE, "/v3/{project_id}/instances/{instance_id}");
        r.path_param("project_id", "p1");
        r.path_param("instance_id", value);
        let message = invalid_message(c.execute(r).await);
        assert!(message.contains("`instance_id`"), "{message}");
    }
}

#[tokio::test]
async fn endpoint_path_prefix_is_kept() {
    let server = server_expecting(1).await;
    let c = client(builder(&server).endpoint(format!("{}/gateway/", server.uri())));
    let mut r = Request::new(Method::GET, "/v3/{project_id}/backups");
    r.path_param("project_id", c.project_id().unwrap());
    c.execute(r).await.unwrap();
    assert_eq!(
        single_request(&server).await.url.path(),
        "/gateway/v3/p1/backups"
    );
}

#[tokio::test]
async fn header_with_line_break_is_refused_before_sending() {
    let server = server_expecting(0).await;
    let mut r = Request::new(Method::GET, "/v3/backups");
    r.header("X-Language", "en-us\r\nX-Injected: yes");
    let result = client(builder(&server)).execute(r).await;
    let message = invalid_message(result);
    assert!(message.contains("`X-Language`"), "{message}");
    assert!(message.contains("line break"), "{message}");
    assert!(
        !message.contains("Injected"),
        "the value was echoed: {message}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    let mut r = Request::new(Method::GET, "/v3/backups");
    r.header("X-Language", "en-us\nmore");
    invalid_message(client(builder(&server)).execute(r).await);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn recorded_constraint_failures_are_reported_and_nothing_is_sent() {
    let server = server_expecting(0).await;
    let mut r = Request::new(Method::GET, "/v3/backups");
    r.query("limit", 0);
    r.invalid("limit must be between 1 and 100, not 0");
    r.invalid("begin_time requires end_time");
    let result = client(builder(&server)).execute(r).await;
    let e = result.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the request was not sent: limit must be between 1 and 100, not 0; begin_time requires end_time."
    );
    assert!(!e.is_retryable());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn missing_and_unused_path_params_are_refused() {
    let server = server_expecting(0).await;
    let c = client(builder(&server));
    let r = Request::new(Method::GET, "/v3/{project_id}/backups");
    assert!(invalid_message(c.execute(r).await).contains("`project_id`"));
    let mut r = Request::new(Method::GET, "/v3/backups");
    r.path_param("instance_id", "i1");
    assert!(invalid_message(c.execute(r).await).contains("not part of the path template"));
}

#[tokio::test]
async fn raw_body_and_repeated_query_are_sent() {
    let server = server_expecting(1).await;
    let mut r = Request::new(Method::PUT, "/v3/things");
    r.query("tag", "b");
    r.query("tag", "a");
    r.body("text/plain", "hello");
    client(builder(&server)).execute(r).await.unwrap();
    let received = single_request(&server).await;
    assert_eq!(received.url.query(), Some("tag=a&tag=b"));
    assert_eq!(received.body, b"hello");
    assert_eq!(
        common::header(&received, "content-type"),
        Some("text/plain")
    );
}

#[tokio::test]
async fn a_pair_that_goes_together_is_refused_when_either_is_missing() {
    // Only the two complete requests reach the server.
    let server = server_expecting(2).await;
    for (begin, end, expected) in [
        (
            true,
            false,
            "begin_time is set, so end_time must be set too",
        ),
        (
            false,
            true,
            "end_time is set, so begin_time must be set too",
        ),
    ] {
        let mut r = Request::new(Method::GET, "/v3/backups");
        r.check_together("begin_time", begin, "end_time", end);
        let e = client(builder(&server)).execute(r).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the request was not sent: {expected}.")
        );
    }
    let mut both = Request::new(Method::GET, "/v3/backups");
    both.check_together("begin_time", true, "end_time", true);
    let mut neither = Request::new(Method::GET, "/v3/backups");
    neither.check_together("begin_time", false, "end_time", false);
    for r in [both, neither] {
        let response = client(builder(&server)).execute(r).await.unwrap();
        assert_eq!(response.status(), 200);
    }
}
