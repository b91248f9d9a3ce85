//! The fault list of issue 3, for each of the five operations through its generated client:
//! retried server errors and throttling, an endpoint unavailable for good, bodies that do
//! not decode, new enum values, slow servers, refused connections, hostile ids and tokens,
//! and secrets kept out of `Debug` and logs.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::logs::Logs;
use common::services::{INSTANCE, PROJECT, Service, Window, build, config, config_at};
use hwc_clients::{Credentials, Error};
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "HPUAEXAMPLEACCESSKEY";
const SK: &str = "SKsecretEXAMPLEsecretKEY0123456789";
const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00SECURITYTOKEN";

common::per_service!(
    server_error_then_success_is_retried,
    throttled_with_retry_after_waits_then_succeeds,
    unavailable_every_time_is_a_service_error_after_the_configured_attempts,
    malformed_json_is_a_decode_error_with_an_excerpt,
    slow_server_is_a_timeout_within_the_bound,
    per_call_timeout_and_attempts_override_the_configuration,
    refused_connection_is_a_transport_error,
    dot_dot_instance_id_stays_one_encoded_segment,
    debug_and_logs_show_no_secret,
);

/// The first documented success example of `service`.
fn example(service: Service) -> Value {
    service
        .examples()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{service:?}: no example"))
        .value
}

/// Answers `first` once, then the documented example.
async fn first_then_example(service: Service, first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(service.path(INSTANCE)))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(service)))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

async fn server_error_then_success_is_retried(service: Service) {
    let server = first_then_example(service, ResponseTemplate::new(500)).await;
    let (logs, _guard) = Logs::capture();
    let page = service
        .send(&build(config(&server)), INSTANCE, Window::default())
        .await
        .unwrap_or_else(|e| panic!("{service:?}: {e}"));
    assert_eq!(page, service.decode(&example(service)));
    assert_eq!(requests(&server).await.len(), 2);
    // One span for the call, with what the last attempt did.
    let spans = logs.spans("hwc_request");
    assert_eq!(spans.len(), 1, "{spans:?}");
    let fields = &spans[0].fields;
    assert_eq!(fields.get("method").map(String::as_str), Some("GET"));
    assert_eq!(
        fields.get("path").map(String::as_str),
        Some(service.path_template())
    );
    assert_eq!(fields.get("attempt").map(String::as_str), Some("2"));
    assert_eq!(fields.get("status").map(String::as_str), Some("200"));
}

async fn throttled_with_retry_after_waits_then_succeeds(service: Service) {
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    let server = first_then_example(service, throttled).await;
    let started = Instant::now();
    let page = service
        .send(&build(config(&server)), INSTANCE, Window::default())
        .await
        .unwrap_or_else(|e| panic!("{service:?}: {e}"));
    let waited = started.elapsed();
    assert_eq!(page, service.decode(&example(service)));
    assert!(
        waited >= Duration::from_millis(990),
        "retried after {waited:?}, before the Retry-After of 1s"
    );
    assert!(waited < Duration::from_secs(5), "took {waited:?}");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].url, sent[1].url, "the retry is the same request");
}

async fn unavailable_every_time_is_a_service_error_after_the_configured_attempts(service: Service) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "req-503-unavailable")
                .set_body_json(
                    json!({"error_code": "SYS.0503", "error_msg": "Service unavailable."}),
                ),
        )
        .mount(&server)
        .await;
    let config = build(config(&server).max_attempts(4));
    let error = service
        .send(&config, INSTANCE, Window::default())
        .await
        .expect_err("503 every time cannot succeed");
    assert_eq!(requests(&server).await.len(), 4, "the configured attempts");
    let Error::Service(e) = &error else {
        panic!("{service:?}: expected a service error, got {error:?}");
    };
    assert_eq!(e.status(), 503);
    assert_eq!(e.request_id(), Some("req-503-unavailable"));
    assert_eq!(e.error_code(), Some("SYS.0503"));
    assert_eq!(e.error_msg(), Some("Service unavailable."));
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        "the service answered 503 Service Unavailable (error_code SYS.0503, request id \
         req-503-unavailable): Service unavailable."
    );
}

async fn malformed_json_is_a_decode_error_with_an_excerpt(service: Service) {
    let body = format!(r#"{{"{}": [{{"id": "b0", "#, service.items_key());
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-broken")
                .set_body_raw(body.clone(), "application/json"),
        )
        .mount(&server)
        .await;
    let error = service
        .send(&build(config(&server)), INSTANCE, Window::default())
        .await
        .expect_err("a truncated body cannot decode");
    let Error::Decode {
        status,
        excerpt,
        request_id,
        message,
        ..
    } = &error
    else {
        panic!("{service:?}: expected a decode error, got {error:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(excerpt, &body);
    assert_eq!(request_id.as_deref(), Some("req-broken"));
    assert!(message.contains("EOF"), "{message}");
    assert!(!error.is_retryable());
    assert_eq!(
        requests(&server).await.len(),
        1,
        "decode errors are not retried"
    );
}

/// Items whose enum field has a value the docs do not list decode, and keep it.
async fn unknown_enum_value_is_kept(service: Service) {
    let key = service
        .enum_key()
        .unwrap_or_else(|| panic!("{service:?} has no enum"));
    let mut item = service.item("b0");
    item[key] = Value::from("ARCHIVING_TO_OBS");
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(service.page(&[item], Some(1))))
        .mount(&server)
        .await;
    let page = service
        .send(&build(config(&server)), INSTANCE, Window::default())
        .await
        .unwrap_or_else(|e| panic!("{service:?}: a new enum value failed the response: {e}"));
    assert_eq!(page[service.items_key()][0][key], "ARCHIVING_TO_OBS");
    assert_eq!(page[service.items_key()][0][service.id_key()], "b0");
}

#[tokio::test]
async fn gaussdb_nosql_unknown_enum_value_is_kept() {
    unknown_enum_value_is_kept(Service::GaussdbNosql).await;
}

#[tokio::test]
async fn rds_unknown_enum_value_is_kept() {
    unknown_enum_value_is_kept(Service::Rds).await;
}

#[tokio::test]
async fn dcs_unknown_enum_value_is_kept() {
    unknown_enum_value_is_kept(Service::Dcs).await;
}

#[tokio::test]
async fn gaussdb_opengauss_unknown_enum_value_is_kept() {
    unknown_enum_value_is_kept(Service::GaussdbOpengauss).await;
}

// TaurusDB's response has no enum field; its unknown values are covered by the others.

#[tokio::test]
async fn rds_unknown_enum_value_is_the_catch_all_variant() {
    let mut item = Service::Rds.item("b0");
    item["status"] = Value::from("ARCHIVING_TO_OBS");
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"backups": [item]})))
        .mount(&server)
        .await;
    let page = hwc_clients::rds::Client::new(&build(config(&server)))
        .list_backups(INSTANCE)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = page.backups.unwrap_or_default().remove(0).status;
    assert_eq!(
        status,
        Some(hwc_clients::rds::BackupStatus::Unknown(
            "ARCHIVING_TO_OBS".to_owned()
        ))
    );
}

async fn slow_server_is_a_timeout_within_the_bound(service: Service) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(example(service))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let limit = Duration::from_millis(300);
    let started = Instant::now();
    let error = service
        .send(
            &build(config(&server).timeout(limit)),
            INSTANCE,
            Window::default(),
        )
        .await
        .expect_err("the server answers after the timeout");
    let took = started.elapsed();
    assert!(
        matches!(error, Error::Timeout { after, connecting: false, .. } if after == limit),
        "{service:?}: expected a request timeout, got {error:?}"
    );
    assert_eq!(error.to_string(), "the request timed out after 300ms.");
    // Timeouts are not retried: the bound is what the caller is willing to wait.
    assert!(
        took >= limit && took < Duration::from_millis(1500),
        "took {took:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

/// `timeout` and `max_attempts` on the request builder win over the configuration's, for
/// that call only.
async fn per_call_timeout_and_attempts_override_the_configuration(service: Service) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(example(service))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    // The configuration: 2 attempts, 30 s per attempt.
    let config = build(config(&server).max_attempts(2));
    let limit = Duration::from_millis(300);
    let window = Window {
        timeout: Some(limit),
        max_attempts: Some(4),
        ..Window::default()
    };
    let started = Instant::now();
    let error = service
        .send(&config, INSTANCE, window)
        .await
        .expect_err("the fourth attempt is slower than the call's timeout");
    let took = started.elapsed();
    assert!(
        matches!(error, Error::Timeout { after, connecting: false, .. } if after == limit),
        "{service:?}: expected the call's timeout, got {error:?}"
    );
    assert_eq!(requests(&server).await.len(), 4, "the call's attempts");
    assert!(took < Duration::from_secs(3), "took {took:?}");

    // The next call without overrides has the configuration's 2 attempts again (both 503:
    // wiremock serves the slow success only after three 503s, so reset it first).
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = service
        .send(&config, INSTANCE, Window::default())
        .await
        .expect_err("503 every time");
    assert!(
        matches!(&error, Error::Service(e) if e.status() == 503),
        "{error:?}"
    );
    assert_eq!(requests(&server).await.len(), 2, "the configured attempts");
}

async fn refused_connection_is_a_transport_error(service: Service) {
    // A port that was free a moment ago: nothing listens there any more.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("its address").port()
    };
    let config = build(config_at(&format!("http://127.0.0.1:{port}")).max_attempts(2));
    let error = service
        .send(&config, INSTANCE, Window::default())
        .await
        .expect_err("nothing listens");
    let Error::Transport {
        connecting,
        message,
        ..
    } = &error
    else {
        panic!("{service:?}: expected a transport error, got {error:?}");
    };
    assert!(*connecting);
    assert!(
        message.contains(&format!("could not connect to 127.0.0.1:{port}")),
        "{message}"
    );
    assert!(error.is_retryable());
}

async fn dot_dot_instance_id_stays_one_encoded_segment(service: Service) {
    let hostile = "a/../b";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(service.path(hostile)))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(service)))
        .expect(1)
        .mount(&server)
        .await;
    service
        .send(&build(config(&server)), hostile, Window::default())
        .await
        .unwrap_or_else(|e| panic!("{service:?}: {e}"));
    let sent = requests(&server).await;
    let url = &sent[0].url;
    if service.instance_in_path() {
        assert!(
            url.path().contains("/instances/a%2F..%2Fb/"),
            "{service:?}: {url}"
        );
    } else {
        assert_eq!(url.path(), service.path(INSTANCE));
        assert!(
            url.query()
                .unwrap_or_default()
                .contains("instance_id=a%2F..%2Fb"),
            "{service:?}: {url}"
        );
    }
}

#[tokio::test]
async fn credentials_with_line_breaks_are_rejected_before_sending() {
    let server = MockServer::start().await;
    let injected = "MIIEXAMPLE\r\nX-Injected: yes";
    for credentials in [
        Credentials::token(injected),
        Credentials::aksk(AK, injected),
        Credentials::aksk(injected, SK),
        Credentials::aksk(AK, SK).with_security_token(injected),
    ] {
        let error = config(&server)
            .credentials(credentials)
            .build()
            .expect_err("a credential with CR/LF is refused");
        let message = error.to_string();
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(message.contains("line break"), "{message}");
        assert!(
            !message.contains("Injected"),
            "the value is echoed: {message}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn taurusdb_header_with_line_break_is_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let error = hwc_clients::taurusdb::Client::new(&build(config(&server)))
        .list_incremental_backups(INSTANCE)
        .x_language("en-us\r\nX-Injected: yes")
        .send()
        .await
        .expect_err("a header value with CR/LF is refused");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the request was not sent: the value of header `X-Language` contains a line break \
         (CR or LF), which could inject headers."
    );
    assert!(
        requests(&server).await.is_empty(),
        "nothing reached the server"
    );
}

/// A string parameter documented with a closed value set is an enum whose catch-all
/// variant can hold any string; a value the docs do not list is refused before sending.
#[tokio::test]
async fn undocumented_parameter_values_are_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = build(config(&server));
    let error = hwc_clients::taurusdb::Client::new(&config)
        .list_incremental_backups(INSTANCE)
        .limit(hwc_clients::taurusdb::Limit::from("25"))
        .send()
        .await
        .expect_err("TaurusDB documents limit 10, 20 or 50");
    assert_eq!(
        error.to_string(),
        "the request was not sent: limit is \"25\", but the documented values are \"10\", \"20\", \"50\"."
    );
    let error = hwc_clients::rds::Client::new(&config)
        .list_backups(INSTANCE)
        .backup_type(hwc_clients::rds::BackupType::from("snapshot"))
        .send()
        .await
        .expect_err("RDS documents four backup types");
    assert!(
        matches!(&error, Error::InvalidRequest { message } if message.contains("backup_type is \"snapshot\"")),
        "{error:?}"
    );
    assert!(
        requests(&server).await.is_empty(),
        "nothing reached the server"
    );
}

async fn debug_and_logs_show_no_secret(service: Service) {
    let server = first_then_example(service, ResponseTemplate::new(500)).await;
    let (logs, _guard) = Logs::capture();
    let credentials = Credentials::aksk(AK, SK).with_security_token(SECURITY_TOKEN);
    let signed = build(config(&server).credentials(credentials.clone()));
    // A signed call that is retried, so that every logging path runs.
    service
        .send(&signed, INSTANCE, Window::default())
        .await
        .unwrap_or_else(|e| panic!("{service:?}: {e}"));
    let tokened = build(config(&server));
    let shown = [
        format!("{credentials:?}"),
        format!("{signed:?}"),
        format!("{:?}", Credentials::token(common::services::TOKEN)),
        format!("{tokened:?}"),
        service.debug(&signed),
        service.debug(&tokened),
        logs.text(),
    ];
    for text in &shown {
        for secret in [SK, SECURITY_TOKEN, common::services::TOKEN] {
            assert!(
                !text.contains(secret),
                "{service:?}: a secret shows in {text}"
            );
        }
    }
    // What may show does: the access key id and the project identify the caller.
    assert!(shown[0].contains(AK) && shown[1].contains(PROJECT));
    assert!(logs.text().contains("hwc_request"));
}
