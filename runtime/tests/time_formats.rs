//! The wire date-time formats: exact output, lenient input, serde as strings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hwc_runtime::chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use hwc_runtime::serde_json::{self, json};
use hwc_runtime::time::{CompactDateTime, HwcDateTime, Rfc3339};

fn offset(hours: i32) -> FixedOffset {
    FixedOffset::east_opt(hours * 3600).unwrap()
}

#[test]
fn hwc_date_time_round_trips_the_wire_form() {
    let t: HwcDateTime = "2018-08-06T10:41:14+0800".parse().unwrap();
    assert_eq!(
        *t.as_datetime(),
        offset(8).with_ymd_and_hms(2018, 8, 6, 10, 41, 14).unwrap()
    );
    assert_eq!(t.to_string(), "2018-08-06T10:41:14+0800");
    assert_eq!(
        t.to_utc(),
        Utc.with_ymd_and_hms(2018, 8, 6, 2, 41, 14).unwrap()
    );
    let json = serde_json::to_value(t).unwrap();
    assert_eq!(json, json!("2018-08-06T10:41:14+0800"));
    assert_eq!(serde_json::from_value::<HwcDateTime>(json).unwrap(), t);
}

#[test]
fn hwc_date_time_parses_leniently() {
    let expected: HwcDateTime = "2018-08-06T10:41:14+0800".parse().unwrap();
    for input in [
        "2018-08-06T10:41:14+08:00",
        "2018-08-06T02:41:14Z",
        "2018-08-06T02:41:14+0000",
        "2018-08-06 10:41:14+0800",
        " 2018-08-06T10:41:14+0800 ",
    ] {
        let t: HwcDateTime = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(t, expected, "{input}");
    }
    let t: HwcDateTime = "2018-08-06T10:41:14.123+0800".parse().unwrap();
    assert_eq!(t.as_datetime().timestamp_subsec_millis(), 123);
    assert_eq!(
        t.to_string(),
        "2018-08-06T10:41:14+0800",
        "the wire form has no fraction"
    );
    let utc: HwcDateTime = "2018-08-06T02:41:14Z".parse().unwrap();
    assert_eq!(utc.to_string(), "2018-08-06T02:41:14+0000");

    for bad in [
        "",
        "2018-08-06",
        "2018-08-06T10:41:14",
        "20180806104114",
        "2018-13-06T10:41:14+0800",
    ] {
        let e = bad.parse::<HwcDateTime>().unwrap_err();
        assert!(
            e.to_string().contains("2018-08-06T10:41:14+0800"),
            "{bad}: {e}"
        );
    }
    let e = serde_json::from_value::<HwcDateTime>(json!("yesterday")).unwrap_err();
    assert!(
        e.to_string().contains("\"yesterday\" is not a date-time"),
        "{e}"
    );
    assert!(serde_json::from_value::<HwcDateTime>(json!(12)).is_err());
}

#[test]
fn compact_date_time_round_trips_and_is_zoneless() {
    let t: CompactDateTime = "20170718235959".parse().unwrap();
    let naive = NaiveDate::from_ymd_opt(2017, 7, 18)
        .unwrap()
        .and_hms_opt(23, 59, 59)
        .unwrap();
    assert_eq!(*t.as_naive(), naive);
    assert_eq!(t.to_string(), "20170718235959");
    assert_eq!(serde_json::to_value(t).unwrap(), json!("20170718235959"));
    assert_eq!(
        serde_json::from_value::<CompactDateTime>(json!("20170718235959")).unwrap(),
        t
    );
    assert_eq!("2017-07-18T23:59:59".parse::<CompactDateTime>().unwrap(), t);

    // From a zoned date-time, the wall-clock reading in that zone.
    let zoned = offset(8).with_ymd_and_hms(2017, 7, 18, 23, 59, 59).unwrap();
    assert_eq!(CompactDateTime::from(zoned).to_string(), "20170718235959");
    assert_eq!(
        CompactDateTime::from(zoned.with_timezone(&Utc)).to_string(),
        "20170718155959"
    );

    for bad in [
        "2017071823595",
        "201707182359590",
        "20171318235959",
        "20170718245959",
        "2017071823595x",
        "２０17071823595",
    ] {
        assert!(bad.parse::<CompactDateTime>().is_err(), "{bad}");
    }
}

#[test]
fn rfc3339_keeps_millis_and_uses_z() {
    let t: Rfc3339 = "2019-05-10T08:31:16.166Z".parse().unwrap();
    assert_eq!(t.to_string(), "2019-05-10T08:31:16.166Z");
    assert_eq!(t.as_datetime().timestamp_subsec_millis(), 166);
    assert_eq!(
        serde_json::to_value(t).unwrap(),
        json!("2019-05-10T08:31:16.166Z")
    );
    assert_eq!(
        serde_json::from_value::<Rfc3339>(json!("2019-05-10T08:31:16.166Z")).unwrap(),
        t
    );

    let whole: Rfc3339 = "2019-05-10T08:31:16Z".parse().unwrap();
    assert_eq!(whole.to_string(), "2019-05-10T08:31:16Z");
    let zoned: Rfc3339 = "2019-05-10T16:31:16+08:00".parse().unwrap();
    assert_eq!(zoned.to_string(), "2019-05-10T16:31:16+08:00");
    assert_eq!(zoned, whole, "equal instants are equal");
    let lenient: Rfc3339 = "2019-05-10T16:31:16+0800".parse().unwrap();
    assert_eq!(lenient.to_string(), "2019-05-10T16:31:16+08:00");
    assert!("2019-05-10".parse::<Rfc3339>().is_err());
}

#[test]
fn conversions_from_chrono_and_ordering() {
    let utc: DateTime<Utc> = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    assert_eq!(
        HwcDateTime::from(utc).to_string(),
        "2024-01-02T03:04:05+0000"
    );
    assert_eq!(Rfc3339::from(utc).to_string(), "2024-01-02T03:04:05Z");
    let later = HwcDateTime::from(utc + hwc_runtime::chrono::Duration::seconds(1));
    assert!(HwcDateTime::from(utc) < later);
    let back: DateTime<FixedOffset> = later.into();
    assert_eq!(back, utc + hwc_runtime::chrono::Duration::seconds(1));
}

#[test]
fn optional_fields_decode_null_and_absent() {
    #[derive(hwc_runtime::serde::Deserialize)]
    #[serde(crate = "hwc_runtime::serde")]
    struct Backup {
        begin_time: Option<HwcDateTime>,
        end_time: Option<HwcDateTime>,
    }
    let b: Backup = serde_json::from_value(json!({"begin_time": null})).unwrap();
    assert!(b.begin_time.is_none() && b.end_time.is_none());
}
