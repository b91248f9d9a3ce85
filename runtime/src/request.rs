//! A request as generated code builds it, before endpoint, auth and encoding are applied.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Display};
use std::time::Duration;

use bytes::Bytes;
use http::Method;

use crate::auth::Requirements;
use crate::error::{Error, Result};
use crate::options::CallOptions;
use crate::signer::encode_component;

/// One API call: method, path template with its parameters, query, headers and body.
///
/// Every method is infallible so generated code stays simple; problems (a path parameter
/// that is missing or unused, a header value with a line break, a body that does not
/// serialize, a failed constraint recorded with [`Request::invalid`]) are kept and reported
/// by [`crate::Client::execute`] as [`Error::InvalidRequest`] before anything is sent.
///
/// `Debug` shows the body's size, not its content (it may hold a password), and hides the
/// values of headers that carry credentials.
#[derive(Clone)]
pub struct Request {
    method: Method,
    path_template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(Cow<'static, str>, Bytes)>,
    options: CallOptions,
    security: Option<Requirements>,
    problems: Vec<String>,
}

impl Request {
    /// A request for `path_template`, such as `/v3/{project_id}/backups`.
    pub fn new(method: Method, path_template: &'static str) -> Request {
        Request {
            method,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            options: CallOptions::default(),
            security: None,
            problems: Vec::new(),
        }
    }

    /// Sets the value of `{name}` in the path template. The value is percent-encoded as
    /// one path segment: `a/../b` becomes `a%2F..%2Fb`. Setting a name twice keeps the
    /// last value.
    pub fn path_param(&mut self, name: &'static str, value: impl Display) {
        let value = value.to_string();
        match self.path_params.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.path_params.push((name, value)),
        }
    }

    /// Adds a query parameter; repeating a name adds another value (arrays, `explode`).
    pub fn query(&mut self, name: &'static str, value: impl Display) {
        self.query.push((Cow::Borrowed(name), value.to_string()));
    }

    /// Adds a query parameter of `style: deepObject`: each member of an object is a pair
    /// `name[member]=value`, nested objects add brackets, list items are numbered
    /// (`name[0]=a`, the convention of form APIs such as Stripe's), `null` is left out. A
    /// value that cannot be serialized is a problem reported before sending.
    pub fn query_deep<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => {
                let pairs = crate::form::deep_pairs(name, &value);
                self.query
                    .extend(pairs.into_iter().map(|(n, v)| (Cow::Owned(n), v)));
            }
            Err(e) => self.problems.push(format!(
                "the query parameter `{name}` could not be serialized ({e})"
            )),
        }
    }

    /// Sets a header, replacing an earlier value of the same name. A value containing CR
    /// or LF is refused when the request is executed (it could inject headers).
    pub fn header(&mut self, name: &'static str, value: impl Display) {
        let value = value.to_string();
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(slot) => *slot = (name, value),
            None => self.headers.push((name, value)),
        }
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((Cow::Borrowed("application/json"), Bytes::from(bytes))),
            Err(e) => self
                .problems
                .push(format!("the body could not be serialized to JSON ({e})")),
        }
    }

    /// Sets a raw body with its content type (`text/plain`, `application/octet-stream`).
    /// A `Content-Type` set with [`Request::header`] takes precedence.
    pub fn body(&mut self, content_type: &'static str, bytes: impl Into<Bytes>) {
        self.body = Some((Cow::Borrowed(content_type), bytes.into()));
    }

    /// Sets an `application/x-www-form-urlencoded` body: each field of `body` (a struct
    /// or a map) is one form field, a list repeats it, `None` leaves it out, an object
    /// is sent as JSON text. Bytes (a file) cannot be sent this way: that is a problem
    /// reported before sending, as is a body that is not an object.
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match crate::form::urlencoded(body) {
            Ok(text) => {
                self.body = Some((
                    Cow::Borrowed("application/x-www-form-urlencoded"),
                    Bytes::from(text),
                ));
            }
            Err(e) => self
                .problems
                .push(format!("the body could not be written as a form ({e})")),
        }
    }

    /// Sets a `multipart/form-data` body (RFC 7578): each field of `body` is one part,
    /// as for [`Request::form`], and a field of bytes (`bytes::Bytes`, a spec's
    /// `format: binary`) is a file part (`application/octet-stream`, named after the
    /// field). The body is built in memory, so retries and AK/SK signing see it whole.
    pub fn multipart<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        // 128 random bits: a part's content cannot contain the boundary by chance.
        let boundary = format!("hwc-{:032x}", rand::random::<u128>());
        match crate::form::multipart(body, &boundary) {
            Ok(bytes) => {
                let content_type = format!("multipart/form-data; boundary={boundary}");
                self.body = Some((Cow::Owned(content_type), bytes));
            }
            Err(e) => self
                .problems
                .push(format!("the body could not be written as multipart ({e})")),
        }
    }

    /// Declares the security schemes the operation accepts: any one alternative, each
    /// the schemes that are all applied, with the credentials registered by
    /// [`crate::ConfigBuilder::auth`] (none at all: nothing is sent). Without this call the
    /// configuration's [`crate::ConfigBuilder::credentials`] are used.
    pub fn security(&mut self, requirements: Requirements) {
        self.security = Some(requirements);
    }

    /// Records why the request must not be sent (a documented constraint it breaks);
    /// [`crate::Client::execute`] then fails with all recorded messages.
    pub fn invalid(&mut self, message: impl Into<String>) {
        self.problems.push(message.into());
    }

    /// Overrides the configured per-attempt timeout for this request.
    pub fn timeout(&mut self, timeout: Duration) {
        self.options.timeout(timeout);
    }

    /// Applies the overrides set in `options` (those that are `Some`) to this request.
    pub fn options(&mut self, options: CallOptions) {
        let own = &mut self.options;
        own.timeout = options.timeout.or(own.timeout);
        own.max_attempts = options.max_attempts.or(own.max_attempts);
        own.base_delay = options.base_delay.or(own.base_delay);
        own.retry_writes = options.retry_writes.or(own.retry_writes);
        for (name, value) in options.headers.0 {
            own.headers.set(name, value);
        }
    }

    /// Records a problem if `value` is set and outside `min..=max` (a documented
    /// `minimum`/`maximum`). A value that cannot be compared (NaN) is outside.
    pub fn check_range<T>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        min: Option<T>,
        max: Option<T>,
    ) where
        T: PartialOrd + Display,
    {
        let Some(value) = value else { return };
        let below = min.as_ref().is_some_and(|min| {
            !matches!(
                value.partial_cmp(min),
                Some(Ordering::Greater | Ordering::Equal)
            )
        });
        let above = max.as_ref().is_some_and(|max| {
            !matches!(
                value.partial_cmp(max),
                Some(Ordering::Less | Ordering::Equal)
            )
        });
        if below || above {
            self.problems.push(format!(
                "{name} must be {} (it is {value})",
                describe_bounds(min.as_ref(), max.as_ref())
            ));
        }
    }

    /// Records a problem if `value` is set and its length in characters is outside
    /// `min..=max` (a documented `minLength`/`maxLength`).
    pub fn check_length(
        &mut self,
        name: &'static str,
        value: Option<&str>,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        let Some(value) = value else { return };
        let length = u64::try_from(value.chars().count()).unwrap_or(u64::MAX);
        if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
            self.problems.push(format!(
                "{name} must be {} characters long (it has {length})",
                describe_bounds(min.as_ref(), max.as_ref())
            ));
        }
    }

    /// Records a problem if `name` is set but `other`, which the docs say must come with
    /// it, is not (`begin_time` only with `end_time`).
    pub fn check_requires(
        &mut self,
        name: &'static str,
        is_set: bool,
        other: &'static str,
        other_is_set: bool,
    ) {
        if is_set && !other_is_set {
            self.problems
                .push(format!("{name} is set, so {other} must be set too"));
        }
    }

    /// Records a problem if one of two parameters that the docs say go together is set
    /// and the other is not (`begin_time` and `end_time`): one check for the pair.
    pub fn check_together(
        &mut self,
        name: &'static str,
        is_set: bool,
        other: &'static str,
        other_is_set: bool,
    ) {
        self.check_requires(name, is_set, other, other_is_set);
        self.check_requires(other, other_is_set, name, is_set);
    }

    /// Records a problem if `value` is set and is not one of the documented `values` (a
    /// string parameter whose docs list what it accepts, such as an enum's catch-all
    /// variant holding a value the docs do not name).
    pub fn check_one_of(&mut self, name: &'static str, value: Option<&str>, values: &[&str]) {
        let Some(value) = value else { return };
        if !values.contains(&value) {
            let documented: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
            self.problems.push(format!(
                "{name} is {value:?}, but the documented values are {}",
                documented.join(", ")
            ));
        }
    }

    /// Whether sending the request twice has the effect of sending it once (GET, HEAD,
    /// PUT, DELETE, OPTIONS, TRACE), so that it may be retried after a server error.
    /// POST and PATCH are not, unless the call opts in with
    /// [`CallOptions::retry_writes`] (the retry policy takes that into account).
    pub fn idempotent(&self) -> bool {
        self.method.is_idempotent()
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, as given to [`Request::new`].
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// The value set for a path parameter.
    pub fn path_param_value(&self, name: &str) -> Option<&str> {
        self.path_params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query parameters, in the order they were added.
    pub fn query_pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// The headers set on the request (authentication is added when it is executed).
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The content type and bytes of the body, if any.
    pub fn body_bytes(&self) -> Option<(&str, &Bytes)> {
        self.body.as_ref().map(|(ct, b)| (ct.as_ref(), b))
    }

    /// The security schemes declared with [`Request::security`], if any.
    pub fn security_requirements(&self) -> Option<Requirements> {
        self.security
    }

    /// The per-request timeout override, if set.
    pub fn timeout_override(&self) -> Option<Duration> {
        self.options.timeout
    }

    /// The per-request overrides of the configuration.
    pub fn call_options(&self) -> &CallOptions {
        &self.options
    }

    /// Fails with every recorded problem.
    pub(crate) fn check(&self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(self.problems.join("; ")))
        }
    }

    /// The path with every `{name}` replaced by its encoded value.
    pub(crate) fn render_path(&self) -> Result<String> {
        let template = self.path_template;
        let mut out = String::with_capacity(template.len() + 32);
        let mut used: Vec<&str> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (literal, after_open) = rest.split_at(open);
            out.push_str(literal);
            let after_open = after_open.get(1..).unwrap_or_default();
            let close = after_open.find('}').ok_or_else(|| {
                Error::invalid(format!("the path template {template} has an unclosed '{{'"))
            })?;
            let (name, after_close) = after_open.split_at(close);
            let value = self.path_param_value(name).ok_or_else(|| {
                Error::invalid(format!(
                    "the path parameter `{name}` of {template} was not set"
                ))
            })?;
            out.push_str(&encode_segment(name, value)?);
            used.push(name);
            rest = after_close.get(1..).unwrap_or_default();
        }
        out.push_str(rest);
        if let Some((unused, _)) = self.path_params.iter().find(|(n, _)| !used.contains(n)) {
            return Err(Error::invalid(format!(
                "the path parameter `{unused}` is not part of the path template {template}"
            )));
        }
        Ok(out)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| (*name, crate::redact::header_value(name, value)))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
            .field("headers", &headers)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|(ct, bytes)| format!("{} bytes of {ct}", bytes.len())),
            )
            .field("options", &self.options)
            .field("problems", &self.problems)
            .finish()
    }
}

/// "between 1 and 100", "at least 1", "at most 100".
fn describe_bounds<T: Display>(min: Option<&T>, max: Option<&T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "anything".to_owned(),
    }
}

/// Encodes a path parameter as exactly one segment. Empty, `.` and `..` are refused: the
/// first changes which resource the path names, and URL parsers resolve the others (even
/// percent-encoded) as "this" and "parent" directory.
fn encode_segment(name: &str, value: &str) -> Result<String> {
    match value {
        "" => Err(Error::invalid(format!(
            "the path parameter `{name}` is empty"
        ))),
        "." | ".." => Err(Error::invalid(format!(
            "the path parameter `{name}` is {value:?}, which would change the path"
        ))),
        _ => Ok(encode_component(value)),
    }
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

    fn invalid_message(r: Result<String>) -> String {
        match r {
            Err(Error::InvalidRequest { message }) => message,
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn path_params_are_one_encoded_segment() {
        let mut r = Request::new(Method::GET, "/v3/{project_id}/instances/{id}/backups");
        r.path_param("project_id", "p1");
        r.path_param("id", "a/../b c");
        assert_eq!(
            r.render_path().unwrap(),
            "/v3/p1/instances/a%2F..%2Fb%20c/backups"
        );
        r.path_param("id", "x");
        assert_eq!(r.render_path().unwrap(), "/v3/p1/instances/x/backups");
    }

    #[test]
    fn path_param_problems() {
        let mut r = Request::new(Method::GET, "/v3/{project_id}/x");
        assert!(
            invalid_message(r.render_path())
                .contains("`project_id` of /v3/{project_id}/x was not set")
        );
        r.path_param("project_id", "p");
        r.path_param("other", 1);
        assert!(invalid_message(r.render_path()).contains("`other` is not part"));

        for bad in ["", ".", ".."] {
            let mut r = Request::new(Method::GET, "/v3/{id}");
            r.path_param("id", bad);
            assert!(r.render_path().is_err(), "{bad:?}");
        }
        let mut r = Request::new(Method::GET, "/v3/{id");
        r.path_param("id", "x");
        assert!(invalid_message(r.render_path()).contains("unclosed"));
    }

    #[test]
    fn query_appends_and_header_replaces() {
        let mut r = Request::new(Method::GET, "/");
        r.query("tag", "a");
        r.query("tag", "b");
        r.header("X-Language", "en-us");
        r.header("x-language", "zh-cn");
        assert_eq!(
            r.query_pairs(),
            &[
                ("tag".into(), "a".to_owned()),
                ("tag".into(), "b".to_owned())
            ]
        );
        assert_eq!(r.headers(), &[("x-language", "zh-cn".to_owned())]);
    }

    #[test]
    fn a_deep_object_is_one_pair_per_member() {
        let mut r = Request::new(Method::GET, "/");
        r.query_deep(
            "created",
            &serde_json::json!({"gt": 1, "lt": {"x": [true]}}),
        );
        r.query_deep("expand", &["a", "b"]);
        let pairs: Vec<(&str, &str)> = r
            .query_pairs()
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("created[gt]", "1"),
                ("created[lt][x][0]", "true"),
                ("expand[0]", "a"),
                ("expand[1]", "b"),
            ]
        );
    }

    #[test]
    fn problems_are_reported_together() {
        let mut r = Request::new(Method::POST, "/");
        assert!(r.check().is_ok());
        r.invalid("limit must be between 1 and 100, not 0");
        r.invalid("begin_time requires end_time");
        assert_eq!(
            r.check().unwrap_err().to_string(),
            "the request was not sent: limit must be between 1 and 100, not 0; begin_time requires end_time."
        );
    }

    #[test]
    fn json_body_and_idempotency() {
        let mut r = Request::new(Method::POST, "/");
        r.json(&serde_json::json!({"a": 1}));
        let (ct, body) = r.body_bytes().unwrap();
        assert_eq!(ct, "application/json");
        assert_eq!(body.as_ref(), br#"{"a":1}"#);
        assert!(!r.idempotent());
        assert!(Request::new(Method::PUT, "/").idempotent());
        assert!(Request::new(Method::GET, "/").idempotent());
        assert!(Request::new(Method::DELETE, "/").idempotent());

        // A map with non-string keys cannot be JSON: recorded, not panicking.
        let mut r = Request::new(Method::POST, "/");
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1);
        r.json(&bad);
        assert!(r.check().unwrap_err().to_string().contains("JSON"));
    }

    #[test]
    fn form_bodies_and_their_content_types() {
        let mut r = Request::new(Method::POST, "/");
        r.form(&std::collections::BTreeMap::from([
            ("name", "a b"),
            ("n", "2"),
        ]));
        let (ct, body) = r.body_bytes().unwrap();
        assert_eq!(ct, "application/x-www-form-urlencoded");
        assert_eq!(body.as_ref(), b"n=2&name=a%20b");

        let mut r = Request::new(Method::POST, "/");
        r.multipart(&std::collections::BTreeMap::from([("name", "x")]));
        let (ct, body) = r.body_bytes().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(boundary.len(), 36, "{boundary}");
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--{boundary}--\r\n"
        );
        assert_eq!(body.as_ref(), expected.as_bytes());

        let mut r = Request::new(Method::POST, "/");
        r.form(&[1, 2]);
        assert!(
            r.check()
                .unwrap_err()
                .to_string()
                .contains("written as a form")
        );
    }

    fn problems(r: &Request) -> String {
        r.check()
            .map(|()| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn range_checks() {
        let mut r = Request::new(Method::GET, "/");
        r.check_range("limit", Some(&50), Some(1), Some(100));
        r.check_range("limit", Some(&1), Some(1), Some(100));
        r.check_range("limit", Some(&100), Some(1), Some(100));
        r.check_range("limit", None::<&i32>, Some(1), Some(100));
        assert_eq!(problems(&r), "");

        r.check_range("limit", Some(&0), Some(1), Some(100));
        assert!(problems(&r).contains("limit must be between 1 and 100 (it is 0)"));
        let mut r = Request::new(Method::GET, "/");
        r.check_range("offset", Some(&-1i64), Some(0), None);
        assert!(problems(&r).contains("offset must be at least 0 (it is -1)"));
        let mut r = Request::new(Method::GET, "/");
        r.check_range("ratio", Some(&1.5f64), None, Some(1.0));
        r.check_range("ratio", Some(&f64::NAN), Some(0.0), None);
        let p = problems(&r);
        assert!(p.contains("ratio must be at most 1 (it is 1.5)"), "{p}");
        assert!(p.contains("ratio must be at least 0 (it is NaN)"), "{p}");
    }

    #[test]
    fn length_and_requires_checks() {
        let mut r = Request::new(Method::GET, "/");
        r.check_length("name", Some("ééé"), Some(1), Some(3));
        r.check_length("name", None, Some(1), Some(3));
        r.check_requires("begin_time", false, "end_time", false);
        r.check_requires("begin_time", true, "end_time", true);
        assert_eq!(problems(&r), "");

        r.check_length("name", Some("abcd"), Some(1), Some(3));
        r.check_length("name", Some(""), Some(1), None);
        r.check_requires("begin_time", true, "end_time", false);
        assert_eq!(
            problems(&r),
            "the request was not sent: name must be between 1 and 3 characters long (it has 4); \
             name must be at least 1 characters long (it has 0); \
             begin_time is set, so end_time must be set too."
        );
    }
}
