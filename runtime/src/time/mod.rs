//! Date-time types that serialize exactly the wire formats of Huawei's APIs.
//!
//! | wire form | spec `format` | type |
//! |---|---|---|
//! | `2018-08-06T10:41:14+0800` | `hwc-date-time` | [`HwcDateTime`] |
//! | `20170718235959` | `hwc-compact-date-time` | [`CompactDateTime`] |
//! | `2019-05-10T08:31:16.166Z` | `date-time` | [`Rfc3339`] |
//!
//! Each one prints (`Display`, serde) exactly its wire format and parses (`FromStr`,
//! serde) leniently, so a server that drifts to a neighbouring format does not fail a
//! whole response.

use std::fmt;

use chrono::{DateTime, FixedOffset};

mod compact;
mod hwc;
mod rfc3339;

pub use compact::CompactDateTime;
pub use hwc::HwcDateTime;
pub use rfc3339::Rfc3339;

/// A string that is not a date-time in the expected format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    input: String,
    expected: &'static str,
}

impl ParseError {
    fn new(input: &str, expected: &'static str) -> ParseError {
        // Enough to recognise the value; a date-time is never long.
        let input = input.chars().take(64).collect();
        ParseError { input, expected }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date-time in the expected format (like {}).",
            self.input, self.expected
        )
    }
}

impl std::error::Error for ParseError {}

/// An offset date-time in ISO 8601 form with `T` or a space, optional fractional seconds,
/// and an offset written `+0800`, `+08:00` or `Z`.
fn parse_offset_date_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%#z"))
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .ok()
}

/// Serialize as the `Display` string, deserialize with `FromStr`.
macro_rules! string_serde {
    ($ty:ty, $expecting:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
use string_serde;
