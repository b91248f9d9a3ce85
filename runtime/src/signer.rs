//! The SDK-HMAC-SHA256 request signature of Huawei Cloud's AK/SK authentication.
//!
//! A pure function of the request, the keys and the time, built to give byte-for-byte the
//! result of Huawei's official SDK core (`huaweicloudsdkcore`); the vectors in
//! `shared/vectors/aksk-sha256.json` are checked in `tests/signing_vectors.rs`.
//!
//! ```text
//! canonical request = METHOD \n canonical URI \n canonical query \n
//!                     canonical headers \n signed headers \n hex(sha256(body))
//! string to sign    = SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(sha256(canonical request))
//! authorization     = SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=hex(hmac(SK, string to sign))
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The header carrying the signing time.
pub const DATE_HEADER: &str = "X-Sdk-Date";

/// `chrono` format of [`DATE_HEADER`] values: UTC, `20060102T150405Z`.
pub const DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) is
/// percent-encoded, as Python's `quote(s, safe='~')` in the official SDK does.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The parts of a request the signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    /// HTTP method, upper case (`GET`).
    pub method: &'a str,
    /// The `Host` header: host name, and `:port` when it is not the scheme's default.
    pub host: &'a str,
    /// The path as sent, percent-encoded (`/v3/p1/backups`).
    pub path: &'a str,
    /// Query parameters, not encoded, in any order (repeated names allowed).
    pub query: &'a [(&'a str, &'a str)],
    /// Headers as they will be sent, not including `Host` or `Authorization`. Names with an
    /// underscore are not signed (gateways may drop them).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body as sent (empty for none).
    pub body: &'a [u8],
}

/// The intermediate and final results of signing; only `authorization` is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string the HMAC was computed over.
    pub string_to_sign: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
}

/// Signs `request` with the access key `ak` and secret key `sk` at `sdk_date` (the value of
/// the `X-Sdk-Date` header, formatted with [`DATE_FORMAT`]). The `X-Sdk-Date` header is
/// signed with `sdk_date` whether or not `request.headers` lists it; send that value.
pub fn sign(request: &SignableRequest<'_>, ak: &str, sk: &str, sdk_date: &str) -> Signature {
    // Lower-cased names, trimmed values; a later duplicate replaces an earlier one, as in
    // the dict the official SDK keeps.
    let mut headers: BTreeMap<String, &str> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .filter(|(name, _)| !name.contains('_') && name != "host" && name != "authorization")
        .collect();
    headers.insert("host".to_owned(), request.host.trim());
    headers.insert(DATE_HEADER.to_ascii_lowercase(), sdk_date);

    let mut canonical_headers = String::new();
    for (name, value) in &headers {
        // Writing to a String cannot fail.
        let _ = writeln!(canonical_headers, "{name}:{value}");
    }
    let signed_headers = headers
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");

    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        canonical_query(request.query),
        canonical_headers,
        signed_headers,
        hex::encode(Sha256::digest(request.body)),
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let signature = hex::encode(hmac_sha256(sk.as_bytes(), string_to_sign.as_bytes()));
    let authorization =
        format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}");
    Signature {
        canonical_request,
        string_to_sign,
        authorization,
    }
}

/// The query string, sorted by name then value and percent-encoded (RFC 3986); the
/// executor sends exactly this string so that what is signed is what is sent.
pub fn canonical_query(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = pairs.iter().collect();
    sorted.sort();
    let mut out = String::new();
    for (name, value) in sorted {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(name));
        out.push('=');
        out.push_str(&encode_component(value));
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters; also used for path
/// segments, so a value containing `/` stays one segment.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The official SDK decodes the path, splits it at `/`, encodes each segment and ensures
/// a trailing slash (which the sent path does not get).
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length (longer ones are hashed first), so this error cannot
    // occur; `hmac` returns a Result only because `KeyInit` is shared with fixed-key MACs.
    #[allow(clippy::expect_used)]
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_adds_trailing_slash_and_reencodes() {
        assert_eq!(canonical_uri("/v3/p1/backups"), "/v3/p1/backups/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a%20b/c:d/"), "/a%20b/c%3Ad/");
    }

    #[test]
    fn query_is_sorted_and_encoded() {
        assert_eq!(
            canonical_query(&[("b", "2"), ("a", "x y"), ("a", "+")]),
            "a=%2B&a=x%20y&b=2"
        );
        assert_eq!(canonical_query(&[]), "");
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than the block size is hashed first; no panic.
        assert_eq!(hmac_sha256(&[7u8; 200], b"x").len(), 32);
    }

    #[test]
    fn underscore_headers_and_given_host_are_not_signed() {
        let s = sign(
            &SignableRequest {
                method: "get",
                host: "h",
                path: "/p",
                query: &[],
                headers: &[("X_Under", "1"), ("Host", "other"), ("X-A", " v ")],
                body: b"",
            },
            "ak",
            "sk",
            "20200101T000000Z",
        );
        assert!(s.canonical_request.starts_with(
            "GET\n/p/\n\nhost:h\nx-a:v\nx-sdk-date:20200101T000000Z\n\nhost;x-a;x-sdk-date\n"
        ));
        assert!(s.authorization.starts_with(
            "SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-a;x-sdk-date, Signature="
        ));
    }
}
