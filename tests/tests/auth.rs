//! A spec's own authentication, end to end against a local server: the clients generated
//! from `fixtures/security.yaml` (OpenAPI 3.1: a global bearer default, an API key in the
//! query, `security: []`, an AND and an OR) and `fixtures/swagger2.yaml` (Swagger 2.0
//! basic authentication, `formData` sent as multipart and urlencoded) send exactly the
//! credentials the spec says, and a call whose credentials are missing fails before
//! sending, naming the scheme.

use hwc_runtime::{Config, ConfigBuilder, Credentials, Error};
use hwc_tests::fixtures::{security, swagger2};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
const KEY: &str = "k3y-123";
const APP: &str = "app-7";
const SESSION: &str = "sess-42";

/// Answers every request: JSON lists for the listings, text for `/me`, 204 otherwise.
async fn mock() -> MockServer {
    let server = MockServer::start().await;
    for route in ["/secrets", "/search", "/cats"] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
    }
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(200).set_body_string("alice"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn build(builder: ConfigBuilder) -> Config {
    builder.build().unwrap_or_else(|e| panic!("config: {e}"))
}

/// A configuration with a credential for every scheme of `security.yaml`.
fn every_scheme(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .auth("bearerAuth", Credentials::bearer(TOKEN))
        .auth("apiKey", Credentials::api_key(KEY))
        .auth("appId", Credentials::api_key(APP))
        .auth("session", Credentials::api_key(SESSION))
}

/// Headers every request carries whatever its authentication.
const TRANSPORT_HEADERS: &[&str] = &["host", "user-agent", "accept", "content-length"];

/// The one request the server received: its query string and the headers beyond the
/// transport's, sorted by name.
async fn sent(server: &MockServer) -> (String, Vec<(String, String)>) {
    let request = the_request(server).await;
    (
        request.url.query().unwrap_or_default().to_owned(),
        other_headers(&request),
    )
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    match requests.pop() {
        Some(request) if requests.is_empty() => request,
        _ => panic!("expected one request, got {}", requests.len() + 1),
    }
}

/// `swagger2.yaml`'s basic credentials.
fn basic(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .auth("basicAuth", Credentials::basic("alice", "s3cret"))
}

fn other_headers(request: &Request) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| !TRANSPORT_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.as_str().to_owned(), value.to_owned())
        })
        .collect();
    headers.sort();
    headers
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn the_global_default_sends_the_bearer_token() {
    let server = mock().await;
    let client = security::Client::new(&build(every_scheme(&server)));
    client
        .list_secrets()
        .limit(5)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (query, headers) = sent(&server).await;
    assert_eq!(query, "limit=5");
    assert_eq!(
        headers,
        pairs(&[("authorization", &format!("Bearer {TOKEN}"))])
    );
}

#[tokio::test]
async fn an_override_sends_the_api_key_in_the_query_and_nothing_else() {
    let server = mock().await;
    let client = security::Client::new(&build(every_scheme(&server)));
    client
        .search("cats & dogs")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (query, headers) = sent(&server).await;
    assert_eq!(query, "api_key=k3y-123&q=cats%20%26%20dogs");
    assert_eq!(headers, []);
}

#[tokio::test]
async fn no_security_sends_no_credentials() {
    let server = mock().await;
    let client = security::Client::new(&build(every_scheme(&server)));
    client
        .health()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sent(&server).await, (String::new(), Vec::new()));
}

#[tokio::test]
async fn an_and_requirement_sends_every_scheme() {
    let server = mock().await;
    let client = security::Client::new(&build(every_scheme(&server)));
    client
        .rotate_keys()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (query, headers) = sent(&server).await;
    assert_eq!(query, "api_key=k3y-123");
    assert_eq!(headers, pairs(&[("x-app-id", APP)]));
}

#[tokio::test]
async fn an_or_requirement_sends_the_first_configured_alternative() {
    let server = mock().await;
    let client = security::Client::new(&build(every_scheme(&server)));
    assert_eq!(
        client
            .whoami()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        "alice"
    );
    let (_, headers) = sent(&server).await;
    assert_eq!(
        headers,
        pairs(&[("authorization", &format!("Bearer {TOKEN}"))])
    );

    // Without a bearer token, the session cookie is the alternative.
    let server = mock().await;
    let config = Config::builder()
        .endpoint(server.uri())
        .auth("session", Credentials::api_key(SESSION));
    security::Client::new(&build(config))
        .whoami()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, headers) = sent(&server).await;
    assert_eq!(headers, pairs(&[("cookie", "sid=sess-42")]));
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_naming_the_scheme() {
    let server = mock().await;
    // The API key only: the bearer default and the AND's application id are missing.
    let config = Config::builder()
        .endpoint(server.uri())
        .auth("apiKey", Credentials::api_key(KEY));
    let client = security::Client::new(&build(config));

    let e = client.list_secrets().send().await.unwrap_err();
    assert!(
        matches!(&e, Error::MissingCredentials { missing } if *missing == [vec!["bearerAuth".to_owned()]]),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "the request was not sent: it needs credentials for the security scheme `bearerAuth`; \
         register them with ConfigBuilder::auth."
    );
    let e = client.rotate_keys().send().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the request was not sent: it needs credentials for the security scheme `appId`; \
         register them with ConfigBuilder::auth."
    );
    let e = client.whoami().send().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("the security schemes `bearerAuth`, or `session`;"),
        "{e}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty(), "sent: {requests:?}");
}

#[tokio::test]
async fn credentials_of_the_wrong_kind_fail_before_sending() {
    let server = mock().await;
    let config = Config::builder()
        .endpoint(server.uri())
        .auth("bearerAuth", Credentials::basic("alice", "s3cret"));
    let e = security::Client::new(&build(config))
        .list_secrets()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Config { .. }), "{e:?}");
    assert!(e.to_string().contains("`bearerAuth` are HTTP basic"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty());

    // An IAM token is Huawei's: never the credential of a spec's scheme.
    let e = Config::builder()
        .auth("bearerAuth", Credentials::token("t"))
        .build()
        .unwrap_err();
    assert!(
        e.to_string().contains("`bearerAuth` are an IAM token"),
        "{e}"
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let server = mock().await;
    let config = build(every_scheme(&server).auth("basic", Credentials::basic("alice", "s3cret")));
    let shown = format!("{config:?}");
    for secret in [TOKEN, KEY, APP, SESSION, "s3cret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(
        shown.contains("bearerAuth") && shown.contains("alice"),
        "{shown}"
    );
}

#[tokio::test]
async fn swagger_2_basic_authentication_sends_the_user_and_password() {
    let server = mock().await;
    let config = basic(&server);
    swagger2::Client::new(&build(config))
        .list_cats()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, headers) = sent(&server).await;
    // base64("alice:s3cret"), RFC 7617.
    assert_eq!(
        headers,
        pairs(&[("authorization", "Basic YWxpY2U6czNjcmV0")])
    );
}

#[tokio::test]
async fn swagger_2_form_data_uploads_a_file_as_multipart_with_basic_auth() {
    let server = mock().await;
    let config = basic(&server);
    let body = swagger2::UploadPhotoBody {
        caption: Some("Tom, asleep".to_owned()),
        file: hwc_runtime::bytes::Bytes::from_static(b"\x89PNG\r\n\x1a\n"),
    };
    swagger2::Client::new(&build(config))
        .upload_photo("c1", body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let request = the_request(&server).await;
    assert_eq!(request.url.path(), "/cats/c1/photo");
    let headers = other_headers(&request);
    let content_type = &headers
        .iter()
        .find(|(name, _)| name == "content-type")
        .unwrap_or_else(|| panic!("no content type: {headers:?}"))
        .1;
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    assert_eq!(
        headers,
        pairs(&[
            ("authorization", "Basic YWxpY2U6czNjcmV0"),
            ("content-type", content_type),
        ])
    );
    // RFC 7578: one part per field, the file as application/octet-stream.
    let expected = [
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nTom, asleep\r\n").into_bytes(),
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
        b"\x89PNG\r\n\x1a\n\r\n".to_vec(),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(
        request.body,
        expected,
        "{}",
        String::from_utf8_lossy(&request.body)
    );
}

#[tokio::test]
async fn swagger_2_form_data_without_security_is_sent_urlencoded_and_unauthenticated() {
    let server = mock().await;
    let config = basic(&server);
    let body = swagger2::RenameCatBody {
        name: "Sir Purr & co".to_owned(),
    };
    swagger2::Client::new(&build(config))
        .rename_cat("c1", body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let request = the_request(&server).await;
    // `security: []`: no Authorization although basic credentials are configured.
    assert_eq!(
        other_headers(&request),
        pairs(&[("content-type", "application/x-www-form-urlencoded")])
    );
    assert_eq!(request.body, b"name=Sir%20Purr%20%26%20co");
}
