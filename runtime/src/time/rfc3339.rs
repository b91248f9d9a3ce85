//! `2019-05-10T08:31:16.166Z`: RFC 3339, as the newer APIs use it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone, Utc};

use super::{ParseError, parse_offset_date_time, string_serde};

/// A date-time on the wire in RFC 3339 form: `2019-05-10T08:31:16.166Z`. Fractional
/// seconds are written when present (3, 6 or 9 digits), a zero offset as `Z`.
///
/// Parsing also accepts offsets written `+0800` and a space instead of `T`. Comparison and
/// equality are by instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rfc3339(DateTime<FixedOffset>);

impl Rfc3339 {
    /// The date-time as chrono's type.
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.0
    }

    /// The date-time as chrono's type.
    pub fn into_datetime(self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Rfc3339 {
    fn from(dt: DateTime<Tz>) -> Self {
        Rfc3339(dt.fixed_offset())
    }
}

impl From<Rfc3339> for DateTime<FixedOffset> {
    fn from(t: Rfc3339) -> Self {
        t.0
    }
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl FromStr for Rfc3339 {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_offset_date_time(s)
            .map(Rfc3339)
            .ok_or_else(|| ParseError::new(s, "2019-05-10T08:31:16.166Z"))
    }
}

string_serde!(
    Rfc3339,
    "an RFC 3339 date-time like 2019-05-10T08:31:16.166Z"
);
