//! Small text helpers: list parameters joined into one value, and error messages.

use std::fmt::{Display, Write};
use std::time::Duration;

/// The items of a list parameter as one value, joined by `separator`: `,` for `simple`
/// and unexploded `form` lists, ` ` for `spaceDelimited`, `|` for `pipeDelimited`.
///
/// ```
/// assert_eq!(hwc_runtime::join([1, 2, 3], ","), "1,2,3");
/// assert_eq!(hwc_runtime::join(["a b", "c"], "|"), "a b|c");
/// ```
pub fn join<T: Display>(items: impl IntoIterator<Item = T>, separator: &str) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{item}");
    }
    out
}

/// How many characters of a body an error message keeps.
pub(crate) const EXCERPT_CHARS: usize = 300;

/// The first [`EXCERPT_CHARS`] characters of `body` (cut at a character boundary), with
/// `…` appended when something was cut.
pub(crate) fn excerpt(body: &str) -> String {
    match body.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => {
            let mut out = body.get(..cut).unwrap_or_default().to_owned();
            out.push('…');
            out
        }
        None => body.to_owned(),
    }
}

/// [`excerpt`] of a body that may not be UTF-8.
pub(crate) fn excerpt_bytes(body: &[u8]) -> String {
    // Four bytes per character at most: this prefix holds every character the excerpt
    // keeps, plus one more if the body is longer, so the "…" marker stays right. A
    // character cut in two at the end becomes U+FFFD beyond the kept part.
    let prefix = body.get(..(EXCERPT_CHARS + 1) * 4).unwrap_or(body);
    excerpt(&String::from_utf8_lossy(prefix))
}

/// `30s`, `1.5s`, `250ms`: durations as people write them.
pub(crate) fn display_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d.as_secs() == 0 && d.subsec_nanos() % 1_000_000 == 0 {
        format!("{}ms", d.subsec_millis())
    } else {
        format!("{:?}", d)
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

    #[test]
    fn excerpt_cuts_at_char_boundary() {
        let body = "é".repeat(400);
        let e = excerpt(&body);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with("é…"));
        assert_eq!(excerpt("short"), "short");
        let exact = "a".repeat(EXCERPT_CHARS);
        assert_eq!(excerpt(&exact), exact);
    }

    #[test]
    fn excerpt_bytes_of_multibyte_body() {
        let body = "€".repeat(1000);
        let e = excerpt_bytes(body.as_bytes());
        assert_eq!(e, format!("{}…", "€".repeat(EXCERPT_CHARS)));
        assert_eq!(excerpt_bytes(b"\xff\xfeok"), "\u{fffd}\u{fffd}ok");
    }

    #[test]
    fn durations() {
        assert_eq!(display_duration(Duration::from_secs(30)), "30s");
        assert_eq!(display_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(display_duration(Duration::from_millis(1500)), "1.5s");
    }
}
