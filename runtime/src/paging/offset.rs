//! The types an offset or page-size parameter can have on the wire.
//!
//! Most APIs declare `offset` and `limit` as integers; TaurusDB documents both as strings
//! (`offset=0`, `limit` one of `"10"`, `"20"`, `"50"`), so positions travel through this
//! trait instead of a fixed integer type.

use std::fmt;

/// A type the offset parameter of a paged operation can have: an integer, or a string
/// holding one.
pub trait Offset: Sized + fmt::Display {
    /// The parameter value for `position`, or `None` if this type cannot hold it.
    fn from_position(position: u64) -> Option<Self>;

    /// The position this value stands for, or `None` if it is not a whole number of at
    /// least 0.
    fn position(&self) -> Option<u64>;
}

macro_rules! integer_offset {
    ($($ty:ty),*) => {$(
        impl Offset for $ty {
            fn from_position(position: u64) -> Option<Self> {
                <$ty>::try_from(position).ok()
            }

            fn position(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
        }
    )*};
}

integer_offset!(i32, i64, u32, u64);

impl Offset for String {
    fn from_position(position: u64) -> Option<Self> {
        Some(position.to_string())
    }

    fn position(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
}

/// The page size a `limit` value asks for, whatever its type (an integer, a string, or a
/// string enum such as TaurusDB's `"10" | "20" | "50"`); `None` if it is not a whole
/// number.
pub fn page_size<L: fmt::Display + ?Sized>(limit: &L) -> Option<u64> {
    limit.to_string().trim().parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip_within_their_range() {
        assert_eq!(i32::from_position(20), Some(20));
        assert_eq!(i32::from_position(u64::from(u32::MAX)), None);
        assert_eq!(u64::from_position(u64::MAX), Some(u64::MAX));
        assert_eq!(7i64.position(), Some(7));
        assert_eq!((-1i32).position(), None);
    }

    #[test]
    fn strings_hold_decimal_positions() {
        assert_eq!(String::from_position(30).as_deref(), Some("30"));
        assert_eq!(" 12 ".to_owned().position(), Some(12));
        assert_eq!("-3".to_owned().position(), None);
        assert_eq!("ten".to_owned().position(), None);
    }

    #[test]
    fn page_size_of_any_displayable_limit() {
        assert_eq!(page_size(&10i32), Some(10));
        assert_eq!(page_size("50"), Some(50));
        assert_eq!(page_size(&-5i64), None);
        assert_eq!(page_size("all"), None);
    }
}
