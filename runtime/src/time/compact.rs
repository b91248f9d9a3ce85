//! `20170718235959`: the compact form of DCS and older APIs.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};

use super::{ParseError, string_serde};

/// A date and time without a zone, on the wire as `20170718235959` (`yyyyMMddHHmmss`).
///
/// The docs do not say which zone these values are in, so none is assumed: the value is a
/// wall-clock reading. Converting from a `DateTime<Tz>` takes the reading in that
/// date-time's own zone; convert first (`dt.with_timezone(&Utc)`) to send UTC.
///
/// Parsing accepts exactly 14 digits, and also `2017-07-18T23:59:59`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompactDateTime(NaiveDateTime);

impl CompactDateTime {
    /// The wall-clock reading as chrono's type.
    pub fn as_naive(&self) -> &NaiveDateTime {
        &self.0
    }

    /// The wall-clock reading as chrono's type.
    pub fn into_naive(self) -> NaiveDateTime {
        self.0
    }
}

impl From<NaiveDateTime> for CompactDateTime {
    fn from(dt: NaiveDateTime) -> Self {
        CompactDateTime(dt)
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for CompactDateTime {
    fn from(dt: DateTime<Tz>) -> Self {
        CompactDateTime(dt.naive_local())
    }
}

impl From<CompactDateTime> for NaiveDateTime {
    fn from(t: CompactDateTime) -> Self {
        t.0
    }
}

impl fmt::Display for CompactDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y%m%d%H%M%S"))
    }
}

impl FromStr for CompactDateTime {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        parse_digits(trimmed)
            .or_else(|| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S").ok())
            .map(CompactDateTime)
            .ok_or_else(|| ParseError::new(s, "20170718235959"))
    }
}

/// `yyyyMMddHHmmss` by hand: chrono's `%Y` is greedy on a run of digits.
fn parse_digits(s: &str) -> Option<NaiveDateTime> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All ASCII digits, so every byte range is on a character boundary.
    let field = |range: std::ops::Range<usize>| s.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(field(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, field(4..6)?, field(6..8)?)?.and_hms_opt(
        field(8..10)?,
        field(10..12)?,
        field(12..14)?,
    )
}

string_serde!(CompactDateTime, "a date-time like 20170718235959");
