//! Deterministic RDS backups, as the JSON the `ListBackups` API returns.
//!
//! The shape and values follow the examples of `specs/rds.yaml` (MySQL, PostgreSQL and
//! SQL Server backups, `+0800` timestamps); only the ids, sizes and times vary.

use std::fmt::Write as _;

use chrono::{DateTime, Duration};

/// The JSON object of backup number `index`.
pub fn backup(index: usize) -> String {
    const TYPES: [&str; 4] = ["auto", "manual", "incremental", "fragment"];
    const ENGINES: [(&str, &str); 3] = [
        ("MySQL", "5.7"),
        ("PostgreSQL", "9.6"),
        ("SQLServer", "2014_WEB"),
    ];
    let kind = TYPES[index % TYPES.len()];
    let (engine, version) = ENGINES[index % ENGINES.len()];
    let status = if index % 97 == 0 {
        "BUILDING"
    } else {
        "COMPLETED"
    };
    let minutes = i64::try_from(index).unwrap_or(i64::MAX);
    let begin = time(minutes);
    let end = time(minutes.saturating_add(2));
    let mut out = format!(
        r#"{{"id":"{index:032x}br01","name":"backup-{index}","type":"{kind}","size":{size},"status":"{status}","begin_time":"{begin}","end_time":"{end}","datastore":{{"type":"{engine}","version":"{version}"}},"#,
        size = 2803 + index * 17,
    );
    if engine == "SQLServer" {
        out.push_str(r#""databases":[{"name":"user01"},{"name":"user02"}],"#);
    }
    let _ = write!(
        out,
        r#""instance_id":"a48e43ff268f4c0e879652d65e63d0fbin01","associated_with_ddm":false}}"#
    );
    out
}

/// `2018-08-06T12:41:14+0800` plus `minutes`, in the wire format of the docs.
fn time(minutes: i64) -> String {
    // A constant that parses; the fallback keeps this free of panics all the same.
    DateTime::parse_from_str("2018-08-06T12:41:14+0800", "%Y-%m-%dT%H:%M:%S%z")
        .map(|base| {
            (base + Duration::minutes(minutes))
                .format("%Y-%m-%dT%H:%M:%S%z")
                .to_string()
        })
        .unwrap_or_default()
}

/// A `ListBackups` response body holding `items`, announcing `total_count`.
pub fn list_body<S: AsRef<str>>(items: &[S], total_count: usize) -> String {
    let size: usize = items.iter().map(|item| item.as_ref().len() + 1).sum();
    let mut out = String::with_capacity(size + 48);
    out.push_str(r#"{"backups":["#);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item.as_ref());
    }
    let _ = write!(out, r#"],"total_count":{total_count}}}"#);
    out
}

/// A response body with backups `0..count` and `total_count` = `count`.
pub fn backups_body(count: usize) -> String {
    let items: Vec<String> = (0..count).map(backup).collect();
    list_body(&items, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_with_the_items_asked_for() {
        let body: serde_json::Value = serde_json::from_str(&backups_body(100)).unwrap();
        assert_eq!(body["total_count"], 100);
        let backups = body["backups"].as_array().unwrap();
        assert_eq!(backups.len(), 100);
        assert_eq!(backups[1]["id"], "00000000000000000000000000000001br01");
        assert_eq!(backups[1]["begin_time"], "2018-08-06T12:42:14+0800");
        assert_eq!(backups[2]["databases"][1]["name"], "user02");
        assert!(backups[0].get("databases").is_none());
    }
}
