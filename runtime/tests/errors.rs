//! The errors a caller sees: service errors, decode errors, timeouts, transport failures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use common::{builder, client};
use hwc_runtime::{Config, Error, Method, Request, ServiceError};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn get(p: &'static str) -> Request {
    Request::new(Method::GET, p)
}

fn service(e: Error) -> ServiceError {
    match e {
        Error::Service(s) => s,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn service_error_body_shapes_and_request_id() {
    let server = MockServer::start().await;
    let shapes = [
        (
            "/huawei",
            404,
            r#"{"error_code":"DBS.200823","error_msg":"The instance does not exist."}"#,
            "DBS.200823",
            "The instance does not exist.",
        ),
        (
            "/plain",
            400,
            r#"{"code":"DCS.4001","message":"Invalid parameter."}"#,
            "DCS.4001",
            "Invalid parameter.",
        ),
        (
            "/nested",
            401,
            r#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information."}}"#,
            "APIGW.0301",
            "Incorrect IAM authentication information.",
        ),
    ];
    for (p, status, body, _, _) in shapes {
        Mock::given(path(p))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Request-Id", format!("rid{p}").as_str())
                    .set_body_string(body),
            )
            .mount(&server)
            .await;
    }
    Mock::given(path("/html"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;

    let c = client(builder(&server).max_attempts(1));
    for (p, status, _, code, msg) in shapes {
        let response = c.execute(get(p)).await.unwrap();
        assert_eq!(response.status(), status);
        let e = response.into_error();
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.request_id(), Some(format!("rid{p}").as_str()));
        let s = service(e);
        assert_eq!(s.error_code(), Some(code));
        assert_eq!(s.error_msg(), Some(msg));
        assert!(!s.is_retryable());
    }
    let e = c.execute(get("/huawei")).await.unwrap().into_error();
    assert_eq!(
        e.to_string(),
        "the service answered 404 Not Found (error_code DBS.200823, request id rid/huawei): The instance does not exist."
    );

    let e = c.execute(get("/html")).await.unwrap().into_error();
    assert!(e.is_retryable());
    let s = service(e);
    assert_eq!(
        (s.status(), s.error_code(), s.error_msg()),
        (502, None, None)
    );
    assert_eq!(s.body_excerpt(), "<html>Bad Gateway</html>");
    assert_eq!(
        s.to_string(),
        "the service answered 502 Bad Gateway; the body starts with: \"<html>Bad Gateway</html>\""
    );
}

#[derive(Debug, hwc_runtime::serde::Deserialize)]
#[serde(crate = "hwc_runtime::serde")]
#[allow(dead_code)]
struct Backups {
    backups: Vec<String>,
    total_count: u32,
}

#[tokio::test]
async fn decode_error_has_status_message_and_excerpt() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"backups": "not a list", "padding": "{}"}}"#,
        "é".repeat(500)
    );
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "rid-decode")
                .set_body_string(body.clone()),
        )
        .mount(&server)
        .await;
    let response = client(builder(&server)).execute(get("/x")).await.unwrap();
    let e = response.json::<Backups>().unwrap_err();
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.request_id(), Some("rid-decode"));
    match &e {
        Error::Decode {
            message, excerpt, ..
        } => {
            assert!(message.contains("invalid type"), "{message}");
            assert!(
                excerpt.starts_with(r#"{"backups": "not a list""#),
                "{excerpt}"
            );
            assert_eq!(
                excerpt.chars().count(),
                301,
                "300 characters and the cut mark"
            );
            assert!(excerpt.ends_with("é…"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(e.to_string().starts_with(
        "the response (status 200, request id rid-decode) could not be decoded: invalid type"
    ));
}

#[tokio::test]
async fn slow_server_times_out_without_hanging_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(builder(&server).timeout(Duration::from_millis(300)));
    let started = Instant::now();
    let e = c.execute(get("/slow")).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(e, Error::Timeout { after, connecting: false, .. } if after == Duration::from_millis(300)),
        "{e:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(e.to_string(), "the request timed out after 300ms.");
    assert!(e.is_retryable());
}

#[tokio::test]
async fn per_request_timeout_overrides_the_configured_one() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let c = client(builder(&server));
    let mut r = get("/slow");
    r.timeout(Duration::from_millis(200));
    let started = Instant::now();
    let e = c.execute(r).await.unwrap_err();
    assert!(
        matches!(e, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // A port that was just free: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = Config::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .base_delay(Duration::from_millis(10))
        .build()
        .unwrap();
    let c = hwc_runtime::Client::new(&config, common::NO_SERVERS);
    let started = Instant::now();
    let e = c.execute(get("/v3/backups")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match &e {
        Error::Transport {
            connecting,
            message,
            ..
        } => {
            assert!(*connecting);
            assert!(
                message.contains(&format!("could not connect to 127.0.0.1:{port}")),
                "{message}"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(
        std::error::Error::source(&e).is_some(),
        "the reqwest error is kept as source"
    );
    assert!(e.is_retryable());
    assert_eq!(e.status(), None);
}
