//! Every response example in every spec decodes into its generated type, and nothing in it
//! is lost: re-encoding the decoded value gives back every non-null value of the example,
//! except the keys the docs get wrong (listed here, each with the defect it is).

mod common;

use common::{Example, examples};
use hwc_clients::{dcs, gaussdb_nosql, gaussdb_opengauss, rds, taurusdb};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// `value` without nulls and without the keys at `drop` (JSON pointers of doc defects);
/// numbers compare by value (`2803` in an example of a Double field is `2803.0`).
fn without(value: &Value, drop: &[&str], at: &str) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, item)| {
                    !item.is_null() && !drop.contains(&format!("{at}/{key}").as_str())
                })
                .map(|(key, item)| (key.clone(), without(item, drop, &format!("{at}/{key}"))))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| without(item, drop, &format!("{at}/{i}")))
                .collect(),
        ),
        Value::Number(number) => number.as_f64().map_or_else(|| value.clone(), Value::from),
        other => other.clone(),
    }
}

/// Decodes `example` as `T` and checks the round trip; returns the decoded value.
fn round_trip<T: DeserializeOwned + Serialize>(example: &Example, defects: &[&str]) -> T {
    let decoded: T = serde_json::from_value(example.value.clone())
        .unwrap_or_else(|e| panic!("{}: does not decode: {e}", example.pointer));
    let encoded =
        serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{}: {e}", example.pointer));
    assert_eq!(
        without(&encoded, &[], ""),
        without(&example.value, defects, ""),
        "{}: the decoded value lost or changed something",
        example.pointer
    );
    decoded
}

/// Checks every example of the listing of `spec` (its GET on `route`); success examples
/// as `S`, error examples as `E`. Returns the decoded success values for further
/// assertions. (The lifecycle operations' examples: `lifecycle_examples.rs`.)
fn check_spec<S, E>(spec: &str, route: &str, expected: usize, defects: &[(&str, &str)]) -> Vec<S>
where
    S: DeserializeOwned + Serialize,
    E: DeserializeOwned + Serialize,
{
    let listing = format!("{route} get ");
    let all: Vec<Example> = examples(spec)
        .into_iter()
        .filter(|example| example.pointer.starts_with(&listing))
        .collect();
    assert_eq!(all.len(), expected, "{spec}: number of response examples");
    let mut decoded = Vec::new();
    for example in &all {
        let drop: Vec<&str> = defects
            .iter()
            .filter(|(name, _)| example.pointer.ends_with(name))
            .map(|(_, pointer)| *pointer)
            .collect();
        if example.status.starts_with('2') {
            decoded.push(round_trip::<S>(example, &drop));
        } else {
            round_trip::<E>(example, &drop);
        }
    }
    decoded
}

#[test]
fn rds_examples() {
    // The SQL Server example's key "id " (trailing space) is a doc defect: no such field.
    let decoded = check_spec::<rds::ListBackupsResponse, rds::ErrorBody>(
        "rds.yaml",
        "/v3/{project_id}/backups",
        3,
        &[("sqlserver", "/backups/0/id ")],
    );
    let ids: Vec<Option<&str>> = decoded
        .iter()
        .flat_map(|page| page.backups.iter().flatten())
        .map(|backup| backup.id.as_deref())
        .collect();
    assert_eq!(
        ids,
        [
            Some("43e4feaab48f11e89039fa163ebaa7e4br01"),
            Some("43e4feaab48f11e89039fa163ebaa7e4br03"),
            None
        ]
    );
    let types: Vec<_> = decoded
        .iter()
        .flat_map(|page| page.backups.iter().flatten())
        .filter_map(|backup| backup.r#type.clone())
        .collect();
    assert_eq!(
        types,
        [
            rds::BackupType::Auto,
            rds::BackupType::Incremental,
            rds::BackupType::Manual
        ]
    );
}

#[test]
fn gaussdb_nosql_examples() {
    let decoded = check_spec::<gaussdb_nosql::ListBackupsResponse, gaussdb_nosql::ErrorBody>(
        "gaussdb-nosql.yaml",
        "/v3.1/{project_id}/backups",
        1,
        &[],
    );
    assert!(decoded.iter().all(|page| page.total_count.is_some()));
}

#[test]
fn dcs_examples() {
    let decoded = check_spec::<dcs::ListBackupsResponse, dcs::ErrorBody>(
        "dcs.yaml",
        "/v1.0/{project_id}/instances/{instance_id}/backups",
        1,
        &[],
    );
    assert!(decoded.iter().all(|page| page.total_num.is_some()));
}

#[test]
fn gaussdb_opengauss_examples() {
    let decoded = check_spec::<gaussdb_opengauss::ListBackupsResponse, gaussdb_opengauss::ErrorBody>(
        "gaussdb-opengauss.yaml",
        "/v3/{project_id}/backups",
        1,
        &[],
    );
    assert!(decoded.iter().all(|page| page.total_count.is_some()));
}

#[test]
fn taurusdb_examples() {
    let decoded = check_spec::<taurusdb::ListIncrementalBackupsResponse, taurusdb::ErrorBody>(
        "taurusdb.yaml",
        "/v3/{project_id}/instances/{instance_id}/incremental-backups",
        1,
        &[],
    );
    assert!(decoded.iter().all(|page| page.total_count.is_some()));
}
