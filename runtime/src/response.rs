//! A received response, whatever its status; generated code decides what each status means.

use std::fmt;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result, ServiceError};
use crate::text::excerpt_bytes;

/// The header in which Huawei's gateways return the id of a request.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// A complete response: status, headers and the whole body.
///
/// `Debug` shows the body's size, not its content, and hides the values of headers that
/// carry credentials (`X-Subject-Token`, ...).
#[derive(Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl Response {
    /// A response from its parts (for tests of code that consumes responses).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Response {
        Response {
            status,
            headers,
            body: body.into(),
            attempts: 1,
        }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Response {
        self.attempts = attempts;
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The response itself when its status is 2xx, else the error it stands for
    /// ([`Response::into_error`]): what a generated `send` does before decoding.
    pub fn success(self) -> Result<Self> {
        if self.is_success() {
            Ok(self)
        } else {
            Err(self.into_error())
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header, which identifies the request to Huawei's support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many attempts it took to get this response (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Decodes the JSON body; an empty body decodes as `null` (so into `()` or an
    /// `Option`). Fails with [`Error::Decode`], which keeps the start of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|e| self.decode_error(e.to_string()))
    }

    /// The body as text; fails with [`Error::Decode`] if it is not UTF-8.
    pub fn text(&self) -> Result<String> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| self.decode_error(format!("the body is not UTF-8 ({e})")))
    }

    /// The body, consuming the response.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The error this response stands for, as [`Error::Service`]. The body is read
    /// leniently: `{"error_code", "error_msg"}`, `{"code", "message"}`,
    /// `{"error": {"code", "message"}}` (and their camelCase variants); anything else is
    /// kept as an excerpt. The request id comes from `X-Request-Id`, else from the body.
    pub fn into_error(self) -> Error {
        let parsed = serde_json::from_slice::<Value>(&self.body)
            .ok()
            .map(|v| ErrorBody::from_json(&v))
            .unwrap_or_default();
        let request_id = self.request_id().map(str::to_owned).or(parsed.request_id);
        Error::Service(ServiceError::new(
            self.status,
            parsed.code,
            parsed.message,
            request_id,
            &excerpt_bytes(&self.body),
        ))
    }

    /// An [`Error::Decode`] about this response, for decoding done outside this type
    /// (a header, a nested format); it carries the status, request id and body excerpt.
    pub fn decode_error(&self, message: impl Into<String>) -> Error {
        let message = message.into();
        Error::Decode {
            status: self.status,
            message,
            excerpt: excerpt_bytes(&self.body),
            request_id: self.request_id().map(str::to_owned),
        }
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let value = value.to_str().unwrap_or("<non-ASCII>");
                (
                    name.as_str(),
                    crate::redact::header_value(name.as_str(), value),
                )
            })
            .collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// The fields found in an error body, whatever its shape.
#[derive(Default)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

const CODE_FIELDS: &[&str] = &["error_code", "errorCode", "errCode", "code"];
const MESSAGE_FIELDS: &[&str] = &[
    "error_msg",
    "errorMsg",
    "error_message",
    "errorMessage",
    "errMsg",
    "message",
    "externalMessage",
];
const REQUEST_ID_FIELDS: &[&str] = &["request_id", "requestId"];

impl ErrorBody {
    fn from_json(value: &Value) -> ErrorBody {
        // `{"error": {...}}` (Keystone, some gateways) nests the same fields.
        let nested = value.get("error").filter(|v| v.is_object());
        let field = |names: &[&str]| {
            nested
                .and_then(|n| first_text(n, names))
                .or_else(|| first_text(value, names))
        };
        ErrorBody {
            code: field(CODE_FIELDS),
            message: field(MESSAGE_FIELDS),
            request_id: field(REQUEST_ID_FIELDS),
        }
    }
}

/// The first of `names` that holds a non-empty string or a number (codes are sometimes
/// numeric).
fn first_text(object: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match object.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
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

    fn response(status: u16, request_id: Option<&str>, body: &str) -> Response {
        let mut headers = HeaderMap::new();
        if let Some(id) = request_id {
            headers.insert(REQUEST_ID_HEADER, id.parse().unwrap());
        }
        Response::new(status, headers, body.to_owned())
    }

    fn service(e: Error) -> ServiceError {
        match e {
            Error::Service(s) => s,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn success_passes_2xx_and_turns_anything_else_into_its_error() {
        let ok = response(204, None, "").success().map(|r| r.status());
        assert_eq!(ok.ok(), Some(204));
        let error = response(
            404,
            Some("req-1"),
            r#"{"error_code": "X.1", "error_msg": "gone"}"#,
        )
        .success()
        .map(|r| r.status());
        let error = service(error.expect_err("404 is not a success"));
        assert_eq!(error.status(), 404);
        assert_eq!(error.error_code(), Some("X.1"));
        assert_eq!(error.request_id(), Some("req-1"));
    }

    #[test]
    fn error_shapes() {
        let cases = [
            (
                r#"{"error_code":"DBS.200823","error_msg":"The instance does not exist."}"#,
                Some("DBS.200823"),
                Some("The instance does not exist."),
            ),
            (
                r#"{"code":"DCS.4001","message":"Invalid parameter."}"#,
                Some("DCS.4001"),
                Some("Invalid parameter."),
            ),
            (
                r#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information."}}"#,
                Some("APIGW.0301"),
                Some("Incorrect IAM authentication information."),
            ),
            (
                r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
                Some("401"),
                Some("The request you have made requires authentication."),
            ),
            ("<html>bad gateway</html>", None, None),
            ("", None, None),
        ];
        for (body, code, msg) in cases {
            let e = service(response(400, Some("rid-1"), body).into_error());
            assert_eq!(e.error_code(), code, "{body}");
            assert_eq!(e.error_msg(), msg, "{body}");
            assert_eq!(e.request_id(), Some("rid-1"));
            assert_eq!(e.body_excerpt(), body);
        }
    }

    #[test]
    fn request_id_falls_back_to_body() {
        let e = service(
            response(
                500,
                None,
                r#"{"error_code":"X","error_msg":"m","request_id":"body-rid"}"#,
            )
            .into_error(),
        );
        assert_eq!(e.request_id(), Some("body-rid"));
    }

    #[test]
    fn decode_error_keeps_excerpt() {
        let long = format!("{{\"backups\": \"{}\"", "x".repeat(1000));
        let r = response(200, Some("rid-2"), &long);
        match r.json::<serde_json::Map<String, Value>>() {
            Err(Error::Decode {
                status,
                excerpt,
                request_id,
                ..
            }) => {
                assert_eq!(status, 200);
                assert_eq!(excerpt.chars().count(), 301);
                assert!(excerpt.starts_with("{\"backups\": \"xxx"));
                assert_eq!(request_id.as_deref(), Some("rid-2"));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn empty_body_is_null() {
        let r = response(204, None, "");
        assert_eq!(r.json::<Option<u32>>().unwrap(), None);
        r.json::<()>().unwrap();
        assert_eq!(r.text().unwrap(), "");
    }
}
