//! Secrets never appear in Debug or Display output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hwc_runtime::{Client, Config, Credentials, ServerTemplate};

const SK: &str = "SECRET-KEY-VALUE";
const TOKEN: &str = "SECURITY-TOKEN-VALUE";
const IAM_TOKEN: &str = "IAM-TOKEN-VALUE";

fn assert_clean(text: &str) {
    for secret in [SK, TOKEN, IAM_TOKEN] {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

#[test]
fn debug_of_credentials_config_and_client_hides_secrets() {
    let aksk = Credentials::aksk("PUBLIC-AK", SK).with_security_token(TOKEN);
    let shown = format!("{aksk:?}");
    assert_clean(&shown);
    assert!(
        shown.contains("PUBLIC-AK") && shown.contains("aksk"),
        "{shown}"
    );

    let token = Credentials::token(IAM_TOKEN);
    assert_clean(&format!("{token:?}"));

    let config = Config::builder()
        .region("eu-de")
        .credentials(aksk)
        .build()
        .unwrap();
    let shown = format!("{config:?} {config:#?}");
    assert_clean(&shown);
    assert!(shown.contains("eu-de"), "{shown}");

    static SERVERS: &[ServerTemplate] = &[ServerTemplate {
        url: "https://rds.{region}.example.com",
        cloud: None,
    }];
    let client = Client::new(&config, SERVERS);
    assert_clean(&format!("{client:?}"));
    let builder = Config::builder().credentials(token);
    assert_clean(&format!("{builder:?}"));
}

#[test]
fn configuration_errors_do_not_echo_secrets() {
    let bad = format!("{IAM_TOKEN}\r\nX-Evil: 1");
    let e = Config::builder()
        .credentials(Credentials::token(bad))
        .build()
        .unwrap_err();
    assert_clean(&format!("{e} {e:?}"));
}

#[test]
fn debug_of_request_and_response_hides_bodies_and_credential_headers() {
    use hwc_runtime::http::HeaderMap;
    use hwc_runtime::{Method, Request, Response};

    let mut r = Request::new(Method::POST, "/v3/{project_id}/instances");
    r.header("X-Auth-Token", IAM_TOKEN);
    r.header("X-Language", "en-us");
    r.json(&hwc_runtime::serde_json::json!({"password": SK}));
    let shown = format!("{r:?}");
    assert_clean(&shown);
    assert!(
        shown.contains("en-us") && shown.contains("bytes of application/json"),
        "{shown}"
    );

    let mut headers = HeaderMap::new();
    headers.insert("X-Subject-Token", TOKEN.parse().unwrap());
    headers.insert("X-Request-Id", "rid".parse().unwrap());
    let response = Response::new(201, headers, format!(r#"{{"secret":"{SK}"}}"#));
    let shown = format!("{response:?}");
    assert_clean(&shown);
    assert!(shown.contains("rid") && shown.contains("201"), "{shown}");
}
