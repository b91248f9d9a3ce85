//! An independent check of AK/SK signatures on the requests a server received: the
//! signature is recomputed from what arrived, not from what the client meant to send.

use hwc_runtime::signer::{self, SignableRequest};

/// The value of header `name` of a received request.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// The `Authorization` value the request should carry if it was signed with `ak`/`sk`,
/// computed from its method, `Host`, path, query, body and the headers it says it signed;
/// and those header names.
pub fn expected_authorization(
    request: &wiremock::Request,
    ak: &str,
    sk: &str,
) -> (String, Vec<String>) {
    let authorization = header(request, "authorization").expect("an Authorization header");
    let signed: Vec<String> = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders in Authorization")
        .split(';')
        .map(str::to_owned)
        .collect();
    let headers: Vec<(&str, &str)> = signed
        .iter()
        .filter(|name| *name != "host")
        .map(|name| {
            let value =
                header(request, name).unwrap_or_else(|| panic!("signed header {name} not sent"));
            (name.as_str(), value)
        })
        .collect();
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let signature = signer::sign(
        &SignableRequest {
            method: request.method.as_str(),
            host: header(request, "host").expect("a Host header"),
            path: request.url.path(),
            query: &query,
            headers: &headers,
            body: &request.body,
        },
        ak,
        sk,
        header(request, "x-sdk-date").expect("an X-Sdk-Date header"),
    );
    (signature.authorization, signed)
}
