//! `2018-08-06T10:41:14+0800`: the offset date-time most Huawei APIs use.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

use super::{ParseError, parse_offset_date_time, string_serde};

/// A date-time with an offset, on the wire as `2018-08-06T10:41:14+0800` (the docs'
/// `yyyy-MM-ddTHH:mm:ssZ`, offset without a colon, no fractional seconds).
///
/// Parsing also accepts `+08:00`, `Z`, a space instead of `T`, and fractional seconds.
/// Fractional seconds are kept in the value but not written: the wire format has none.
/// Comparison and equality are by instant (`10:00+0800` equals `02:00+0000`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HwcDateTime(DateTime<FixedOffset>);

impl HwcDateTime {
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

impl<Tz: TimeZone> From<DateTime<Tz>> for HwcDateTime {
    fn from(dt: DateTime<Tz>) -> Self {
        HwcDateTime(dt.fixed_offset())
    }
}

impl From<HwcDateTime> for DateTime<FixedOffset> {
    fn from(t: HwcDateTime) -> Self {
        t.0
    }
}

impl fmt::Display for HwcDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%z"))
    }
}

impl FromStr for HwcDateTime {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // The documented form first: it is what the servers send, and trying the lenient
        // forms before it made decoding a page of backups ~10% slower.
        DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z")
            .ok()
            .or_else(|| parse_offset_date_time(s))
            .map(HwcDateTime)
            .ok_or_else(|| ParseError::new(s, "2018-08-06T10:41:14+0800"))
    }
}

string_serde!(HwcDateTime, "a date-time like 2018-08-06T10:41:14+0800");
