//! Every vector computed by Huawei's official SDK core must be reproduced exactly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use hwc_runtime::serde_json::{self, Value};
use hwc_runtime::signer::{self, SignableRequest};

fn text<'a>(v: &'a Value, field: &str, name: &str) -> &'a str {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("vector {name:?}: field {field:?} missing or not a string"))
}

fn load() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/aksk-sha256.json");
    let raw = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file: Value = serde_json::from_str(&raw).expect("vectors file is JSON");
    assert_eq!(file["algorithm"], "SDK-HMAC-SHA256");
    let vectors = file["vectors"]
        .as_array()
        .expect("`vectors` is an array")
        .clone();
    assert!(!vectors.is_empty(), "no vectors in {}", path.display());
    vectors
}

#[test]
fn every_vector_matches_the_official_sdk() {
    let mut failures = Vec::new();
    let vectors = load();
    for v in &vectors {
        let name = text(v, "name", "?");
        let query: Vec<(&str, &str)> = v["query"]
            .as_array()
            .unwrap_or_else(|| panic!("vector {name:?}: query is not an array"))
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        let headers: Vec<(&str, &str)> = v["headers"]
            .as_object()
            .unwrap_or_else(|| panic!("vector {name:?}: headers is not an object"))
            .iter()
            .map(|(k, val)| (k.as_str(), val.as_str().unwrap()))
            .collect();
        let date = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("X-Sdk-Date"))
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("vector {name:?}: no X-Sdk-Date header"));
        let body = v.get("body").and_then(Value::as_str).unwrap_or("");
        let path = text(v, "path", name);
        let got = signer::sign(
            &SignableRequest {
                method: text(v, "method", name),
                host: text(v, "host", name),
                path,
                query: &query,
                headers: &headers,
                body: body.as_bytes(),
            },
            text(v, "ak", name),
            text(v, "sk", name),
            date,
        );
        let encoded_query = signer::canonical_query(&query);
        let request_uri = if encoded_query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{encoded_query}")
        };
        for (what, expected, actual) in [
            (
                "canonical_request",
                text(v, "canonical_request", name),
                got.canonical_request.as_str(),
            ),
            (
                "string_to_sign",
                text(v, "string_to_sign", name),
                got.string_to_sign.as_str(),
            ),
            (
                "authorization",
                text(v, "authorization", name),
                got.authorization.as_str(),
            ),
            (
                "request_uri",
                text(v, "request_uri", name),
                request_uri.as_str(),
            ),
        ] {
            if expected != actual {
                failures.push(format!(
                    "vector {name:?}, {what}:\n  expected {expected:?}\n  got      {actual:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es) against the official SDK:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
