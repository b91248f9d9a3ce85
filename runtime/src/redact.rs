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

/// Whether the header `name` carries credentials.
pub(crate) fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// The value to show for a header: a placeholder for credentials.
pub(crate) fn header_value<'a>(name: &str, value: &'a str) -> &'a str {
    if is_secret_header(name) {
        "<redacted>"
    } else {
        value
    }
}

/// Headers given by the user (name, value): `Debug` shows the names, and the values of
/// those that are not credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct HeaderList(pub(crate) Vec<(String, String)>);

impl HeaderList {
    /// Sets `name`, replacing an earlier value of the same name.
    pub(crate) fn set(&mut self, name: String, value: String) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.0.push((name, value));
    }
}

impl std::fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(name, value)| (name, header_value(name, value))),
            )
            .finish()
    }
}
