//! The retry rule for write calls: a POST that may have reached the server is not sent
//! again (a 5xx or a connection broken after sending is returned), a POST that cannot have
//! reached it (connection refused) is, and the `retry_writes` opt-in, on the configuration
//! or on one call, retries writes like idempotent calls.

use std::io::Read as _;
use std::net::{Shutdown, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hwc_runtime::{
    CallOptions, Client, Config, ConfigBuilder, Credentials, Error, Method, Request, ServerTemplate,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static NO_SERVERS: &[ServerTemplate] = &[];

fn config_at(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(endpoint)
        .project_id("p1")
        .credentials(Credentials::token("test-token"))
        .base_delay(Duration::from_millis(10))
        .max_attempts(3)
}

fn client(config: ConfigBuilder) -> Client {
    Client::new(
        &config.build().unwrap_or_else(|e| panic!("{e}")),
        NO_SERVERS,
    )
}

/// A manual backup request: the kind of call that must not run twice by accident.
fn create_backup(options: CallOptions) -> Request {
    let mut request = Request::new(Method::POST, "/v3/{project_id}/backups");
    request.path_param("project_id", "p1");
    request.json(&json!({"instance_id": "i1", "name": "backup-1"}));
    request.options(options);
    request
}

fn opt_in() -> CallOptions {
    let mut options = CallOptions::default();
    options.retry_writes(true);
    options
}

/// A server that answers every POST to the backups path with `status`.
async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/p1/backups"))
        .and(body_json(json!({"instance_id": "i1", "name": "backup-1"})))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(json!({"error_code": "DBS.200001", "error_msg": "Internal error."})),
        )
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn a_500_on_a_post_reaches_the_server_exactly_once() {
    let server = answering(500).await;
    let response = client(config_at(&server.uri()))
        .execute(create_backup(CallOptions::default()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((response.status(), response.attempts()), (500, 1));
    assert_eq!(received(&server).await, 1);
    match response.into_error() {
        Error::Service(e) => assert_eq!(e.error_code(), Some("DBS.200001")),
        other => panic!("expected the service error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_same_500_on_a_get_is_retried() {
    // The control for the test above: the server and settings are the same.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let response = client(config_at(&server.uri()))
        .execute(Request::new(Method::GET, "/v3/p1/backups"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((response.status(), response.attempts()), (500, 3));
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn the_per_call_opt_in_retries_a_post_after_a_500() {
    let server = answering(500).await;
    let response = client(config_at(&server.uri()))
        .execute(create_backup(opt_in()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((response.status(), response.attempts()), (500, 3));
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn the_configuration_opt_in_retries_and_a_call_can_turn_it_off() {
    let server = answering(503).await;
    let c = client(config_at(&server.uri()).retry_writes(true));
    let response = c
        .execute(create_backup(CallOptions::default()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.attempts(), 3);
    assert_eq!(received(&server).await, 3);

    let mut off = CallOptions::default();
    off.retry_writes(false);
    let response = c
        .execute(create_backup(off))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.attempts(), 1);
    assert_eq!(received(&server).await, 4);
}

#[tokio::test]
async fn a_429_on_a_post_is_retried() {
    // Throttling refuses the request before it is acted on (see `retry::next_delay`).
    let server = answering(429).await;
    let response = client(config_at(&server.uri()))
        .execute(create_backup(CallOptions::default()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((response.status(), response.attempts()), (429, 3));
    assert_eq!(received(&server).await, 3);
}

/// A server that reads each request whole and closes the connection without answering:
/// the request reached it, the response never comes. Counts the requests it read.
fn hanging_up() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // Headers, then the body this test sends (its JSON closes with `}`).
            while !request.ends_with(b"}") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(buffer.get(..n).unwrap_or_default()),
                }
            }
            if request.starts_with(b"POST") || request.starts_with(b"PUT") {
                seen.fetch_add(1, Ordering::SeqCst);
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
    });
    (format!("http://{address}"), count)
}

#[tokio::test]
async fn a_connection_broken_after_sending_a_post_is_not_retried() {
    let (endpoint, requests) = hanging_up();
    let error = client(config_at(&endpoint))
        .execute(create_backup(CallOptions::default()))
        .await
        .expect_err("the server never answers");
    match &error {
        Error::Transport { connecting, .. } => assert!(!connecting, "{error:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_broken_after_sending_is_retried_for_a_put_and_with_the_opt_in() {
    let (endpoint, requests) = hanging_up();
    let c = client(config_at(&endpoint));
    let mut put = Request::new(Method::PUT, "/v3/p1/backups/b1");
    put.json(&json!({"name": "renamed"}));
    c.execute(put).await.expect_err("the server never answers");
    assert_eq!(requests.load(Ordering::SeqCst), 3, "PUT is idempotent");

    c.execute(create_backup(opt_in()))
        .await
        .expect_err("the server never answers");
    assert_eq!(
        requests.load(Ordering::SeqCst),
        6,
        "the opt-in retries the POST"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_a_post() {
    // A port that was free a moment ago: nothing listens there, nothing can be sent.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        listener
            .local_addr()
            .unwrap_or_else(|e| panic!("{e}"))
            .port()
    };
    // The waits between attempts are the evidence (the error carries no attempt count, and
    // log capture is per thread): with a base delay of 200 ms the first retry waits 100 to
    // 200 ms and the second 200 to 400 ms, so 300 ms can only pass if both were made.
    let started = Instant::now();
    let error = client(
        config_at(&format!("http://127.0.0.1:{port}")).base_delay(Duration::from_millis(200)),
    )
    .execute(create_backup(CallOptions::default()))
    .await
    .expect_err("nothing listens");
    let waited = started.elapsed();
    assert!(
        matches!(
            error,
            Error::Transport {
                connecting: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        waited >= Duration::from_millis(300),
        "two retries wait at least 300 ms; the call ended after {waited:?}"
    );
}
