//! Keeping credentials out of `Debug` output.

/// Headers whose values are credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-subject-token",
    "x-security-token",
    "cookie",
    "set-cookie",
];

/// The value to show for a header: a placeholder for credentials.
pub(crate) fn header_value<'a>(name: &str, value: &'a str) -> &'a str {
    if SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        "<redacted>"
    } else {
        value
    }
}
