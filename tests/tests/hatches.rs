//! The escape hatches, end to end against a local server: a client over the user's own
//! `reqwest::Client`, default headers on the configuration, an extra header on one call
//! (every generated builder, through `CallBuilder`), and hooks that see each request and
//! each response.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hwc_runtime::futures::future::BoxFuture;
use hwc_runtime::hook::{Attempt, Hook, HookError};
use hwc_runtime::{CallBuilder as _, Config, ConfigBuilder, Credentials, Error, Response, reqwest};
use hwc_tests::fixtures::security;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "tok-1";

/// `GET /secrets` answers 503 once, then 200 with an empty list.
async fn flaky_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/secrets"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/secrets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    server
}

/// The configuration of every test: the server, and the bearer token the spec asks for.
fn config(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .auth("bearerAuth", Credentials::bearer(TOKEN))
}

fn build(builder: ConfigBuilder) -> Config {
    builder.build().unwrap_or_else(|e| panic!("{e}"))
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn the_users_own_http_client_sends_the_requests() {
    let server = flaky_server().await;
    // A header only this client adds, and its own user agent.
    let mut own = reqwest::header::HeaderMap::new();
    own.insert(
        "x-from",
        reqwest::header::HeaderValue::from_static("own-client"),
    );
    let http = reqwest::Client::builder()
        .default_headers(own)
        .user_agent("my-app/1.0")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let config = build(
        config(&server)
            .base_delay(Duration::from_millis(1))
            .http_client(http),
    );
    security::Client::new(&config)
        .list_secrets()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let requests = received(&server).await;
    assert_eq!(
        requests.len(),
        2,
        "the 503 was retried over the same client"
    );
    for request in &requests {
        assert_eq!(header(request, "x-from"), Some("own-client"));
        assert_eq!(header(request, "user-agent"), Some("my-app/1.0"));
        assert_eq!(header(request, "authorization"), Some("Bearer tok-1"));
    }
}

#[tokio::test]
async fn default_headers_go_on_every_call_and_a_call_can_replace_or_add_one() {
    let server = flaky_server().await;
    let config = build(
        config(&server)
            .default_header("X-Api-Version", "2024-06-01")
            .default_header("X-Team", "storage")
            .max_attempts(1),
    );
    let client = security::Client::new(&config);
    // The first answer is the 503 (one attempt only), the second the list.
    let first = client.list_secrets().send().await.unwrap_err();
    assert_eq!(first.status(), Some(503));
    client
        .list_secrets()
        .limit(3)
        .header("X-Team", "billing")
        .header("X-Trace-Id", "trace-9")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let requests = received(&server).await;
    let [plain, extra] = requests.as_slice() else {
        panic!("expected two requests, got {}", requests.len());
    };
    assert_eq!(header(plain, "x-api-version"), Some("2024-06-01"));
    assert_eq!(header(plain, "x-team"), Some("storage"));
    assert_eq!(header(plain, "x-trace-id"), None);
    assert_eq!(header(extra, "x-api-version"), Some("2024-06-01"));
    assert_eq!(header(extra, "x-team"), Some("billing"));
    assert_eq!(header(extra, "x-trace-id"), Some("trace-9"));
    assert_eq!(extra.url.query(), Some("limit=3"));
    // Headers never replace the credentials of the call.
    assert_eq!(header(extra, "authorization"), Some("Bearer tok-1"));
}

#[tokio::test]
async fn a_header_http_cannot_carry_is_refused() {
    let e = Config::builder()
        .default_header("X-Bad", "a\r\nInjected: 1")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config { .. }), "{e:?}");
    assert!(!e.to_string().contains("Injected"), "{e}");

    let server = flaky_server().await;
    let config = build(config(&server));
    let e = security::Client::new(&config)
        .list_secrets()
        .header("X-Bad", "a\nb")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest { .. }), "{e:?}");
    assert!(received(&server).await.is_empty());
}

/// What a hook saw: (method, path template, attempt, status or `None` for a request).
type Seen = Arc<Mutex<Vec<(String, &'static str, u32, Option<u16>)>>>;

/// Adds a tenant header, checks that credentials are marked sensitive, records everything.
struct Recorder {
    seen: Seen,
}

impl Hook for Recorder {
    fn on_request<'a>(
        &'a self,
        attempt: &'a Attempt,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            let authorization = request.headers().get("authorization");
            assert!(authorization.is_some_and(|v| v.is_sensitive()));
            let debug = format!("{request:?}");
            assert!(!debug.contains(TOKEN), "{debug}");
            request.headers_mut().insert(
                "x-tenant",
                reqwest::header::HeaderValue::from_static("tenant-1"),
            );
            self.record(attempt, None);
            Ok(())
        })
    }

    fn on_response<'a>(
        &'a self,
        attempt: &'a Attempt,
        response: &'a Response,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move { self.record(attempt, Some(response.status())) })
    }
}

impl Recorder {
    fn record(&self, attempt: &Attempt, status: Option<u16>) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| panic!("{e}"));
        seen.push((
            attempt.method.to_string(),
            attempt.path_template,
            attempt.number,
            status,
        ));
    }
}

#[tokio::test]
async fn a_hook_sees_each_attempt_and_may_change_the_request() {
    let server = flaky_server().await;
    let seen = Seen::default();
    let config = build(
        config(&server)
            .base_delay(Duration::from_millis(1))
            .hook(Recorder { seen: seen.clone() }),
    );
    security::Client::new(&config)
        .list_secrets()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let seen = seen.lock().unwrap_or_else(|e| panic!("{e}")).clone();
    let get = |number, status| ("GET".to_owned(), "/secrets", number, status);
    assert_eq!(
        seen,
        [
            get(1, None),
            get(1, Some(503)),
            get(2, None),
            get(2, Some(200))
        ]
    );
    for request in received(&server).await {
        assert_eq!(header(&request, "x-tenant"), Some("tenant-1"));
    }
}

/// Refuses every request.
struct Refuse;

impl Hook for Refuse {
    fn on_request<'a>(
        &'a self,
        _attempt: &'a Attempt,
        _request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async { Err("outside business hours".into()) })
    }
}

#[tokio::test]
async fn a_hook_that_refuses_ends_the_call_before_sending() {
    let server = flaky_server().await;
    let config = build(config(&server).hook(Refuse));
    let e = security::Client::new(&config)
        .list_secrets()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Hook { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "the request was not sent: a hook refused it (outside business hours)."
    );
    assert!(received(&server).await.is_empty());
    assert!(format!("{config:?}").contains("1 hook(s)"));
}
