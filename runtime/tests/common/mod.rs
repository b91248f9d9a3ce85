//! Helpers shared by the integration tests: a configuration pointing at a local mock
//! server, and an independent check of AK/SK signatures on received requests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use hwc_runtime::signer::{self, SignableRequest};
use hwc_runtime::{Client, Config, ConfigBuilder, Credentials, ServerTemplate};
use wiremock::MockServer;

/// Generated clients pass their spec's servers; the tests use an explicit endpoint.
pub static NO_SERVERS: &[ServerTemplate] = &[];

/// A builder aimed at `server`, with project `p1`, a token, fast retries.
pub fn builder(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .project_id("p1")
        .credentials(Credentials::token("test-token"))
        .base_delay(Duration::from_millis(10))
}

pub fn client(config: ConfigBuilder) -> Client {
    Client::new(
        &config.build().expect("test configuration is valid"),
        NO_SERVERS,
    )
}

/// The only request the server received.
pub async fn single_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "expected exactly one request");
    received.pop().unwrap()
}

pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

/// Recomputes the signature of a received request from what actually arrived (method,
/// Host, path, query, the headers it says it signed, body) and returns the expected
/// `Authorization` value, plus the list of signed headers.
pub fn expected_authorization(
    request: &wiremock::Request,
    ak: &str,
    sk: &str,
) -> (String, Vec<String>) {
    let authorization = header(request, "authorization").expect("Authorization header sent");
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders in Authorization");
    let signed: Vec<String> = signed.split(';').map(str::to_owned).collect();
    let headers: Vec<(String, String)> = signed
        .iter()
        .filter(|name| *name != "host")
        .map(|name| {
            let value = header(request, name)
                .unwrap_or_else(|| panic!("signed header {name} was not sent"));
            (name.clone(), value.to_owned())
        })
        .collect();
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let query_refs: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let date = header(request, "x-sdk-date").expect("X-Sdk-Date sent");
    let signature = signer::sign(
        &SignableRequest {
            method: request.method.as_str(),
            host: header(request, "host").expect("Host sent"),
            path: request.url.path(),
            query: &query_refs,
            headers: &header_refs,
            body: &request.body,
        },
        ak,
        sk,
        date,
    );
    (signature.authorization, signed)
}
