//! What authentication puts on the wire: the token header, or a verifiable AK/SK signature.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{builder, client, expected_authorization, header, single_request};
use hwc_runtime::{Credentials, Method, Request};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

fn list_backups() -> Request {
    let mut r = Request::new(Method::GET, "/v3/{project_id}/backups");
    r.path_param("project_id", "p1");
    r.query("instance_id", "43e4feaab48f11e89039fa163ebaa7e4br01");
    r.query("begin_time", "2018-08-06T10:41:14+0800");
    r.query("name", "a b/c~d");
    r.header("X-Language", "en-us");
    r
}

#[tokio::test]
async fn token_is_sent_as_x_auth_token() {
    let server = ok_server().await;
    let response = client(builder(&server))
        .execute(list_backups())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let received = single_request(&server).await;
    assert_eq!(header(&received, "x-auth-token"), Some("test-token"));
    assert_eq!(header(&received, "authorization"), None);
    assert_eq!(header(&received, "x-sdk-date"), None);
    assert_eq!(header(&received, "x-language"), Some("en-us"));
}

#[tokio::test]
async fn aksk_signature_is_present_and_verifiable() {
    let server = ok_server().await;
    let credentials = Credentials::aksk("MYAK", "MYSK").with_security_token("SECTOKEN");
    let before = chrono::Utc::now();
    client(builder(&server).credentials(credentials))
        .execute(list_backups())
        .await
        .unwrap();
    let received = single_request(&server).await;

    let sent = header(&received, "authorization").unwrap();
    assert!(
        sent.starts_with("SDK-HMAC-SHA256 Access=MYAK, SignedHeaders="),
        "{sent}"
    );
    let (expected, signed) = expected_authorization(&received, "MYAK", "MYSK");
    assert_eq!(sent, expected);
    for name in [
        "host",
        "x-sdk-date",
        "x-project-id",
        "x-security-token",
        "x-language",
    ] {
        assert!(
            signed.iter().any(|s| s == name),
            "{name} not signed: {signed:?}"
        );
    }
    // A wrong secret gives a different signature: the check above is not vacuous.
    assert_ne!(expected_authorization(&received, "MYAK", "OTHER").0, sent);

    assert_eq!(header(&received, "x-project-id"), Some("p1"));
    assert_eq!(header(&received, "x-security-token"), Some("SECTOKEN"));
    assert_eq!(header(&received, "x-auth-token"), None);
    let date = header(&received, "x-sdk-date").unwrap();
    let date = chrono::NaiveDateTime::parse_from_str(date, "%Y%m%dT%H%M%SZ")
        .unwrap()
        .and_utc();
    assert!(
        (date - before).num_seconds().abs() <= 5,
        "X-Sdk-Date {date} is not now"
    );
}

#[tokio::test]
async fn aksk_signs_json_body_and_content_type() {
    let server = ok_server().await;
    let mut r = Request::new(Method::POST, "/v3/{project_id}/backups");
    r.path_param("project_id", "p1");
    r.json(&hwc_runtime::serde_json::json!({"instance_id": "i1", "name": "backup-1"}));
    client(builder(&server).credentials(Credentials::aksk("AK", "SK")))
        .execute(r)
        .await
        .unwrap();
    let received = single_request(&server).await;
    assert_eq!(received.body, br#"{"instance_id":"i1","name":"backup-1"}"#);
    assert_eq!(header(&received, "content-type"), Some("application/json"));
    let (expected, signed) = expected_authorization(&received, "AK", "SK");
    assert_eq!(header(&received, "authorization"), Some(expected.as_str()));
    assert!(signed.iter().any(|s| s == "content-type"));
}

#[tokio::test]
async fn project_id_header_follows_a_per_call_override() {
    let server = ok_server().await;
    let mut r = Request::new(Method::GET, "/v3/{project_id}/backups");
    r.path_param("project_id", "other-project");
    client(builder(&server).credentials(Credentials::aksk("AK", "SK")))
        .execute(r)
        .await
        .unwrap();
    let received = single_request(&server).await;
    assert_eq!(received.url.path(), "/v3/other-project/backups");
    assert_eq!(header(&received, "x-project-id"), Some("other-project"));
}

#[tokio::test]
async fn the_query_sent_is_the_query_signed() {
    let server = ok_server().await;
    client(builder(&server).credentials(Credentials::aksk("AK", "SK")))
        .execute(list_backups())
        .await
        .unwrap();
    let received = single_request(&server).await;
    // Sorted and RFC 3986-encoded, as the official SDK sends it (vector request_uri).
    assert_eq!(
        received.url.query(),
        Some(
            "begin_time=2018-08-06T10%3A41%3A14%2B0800&instance_id=43e4feaab48f11e89039fa163ebaa7e4br01&name=a%20b%2Fc~d"
        )
    );
}

#[tokio::test]
async fn no_credentials_send_no_auth_headers() {
    let server = ok_server().await;
    client(builder(&server).credentials(Credentials::none()))
        .execute(list_backups())
        .await
        .unwrap();
    let received = single_request(&server).await;
    for name in [
        "authorization",
        "x-auth-token",
        "x-sdk-date",
        "x-project-id",
    ] {
        assert_eq!(header(&received, name), None, "{name}");
    }
}
