//! What a user writes by hand without the generator: serde structs of the same shape as
//! the generated `hwc_clients::rds` models, and a reqwest loop over the pages.
//!
//! Same shape means the same fields, all `Option` (the spec requires none), enums for the
//! documented values with a catch-all, and timestamps parsed into chrono's
//! `DateTime<FixedOffset>` from the docs' `2018-08-06T10:41:14+0800`. It is written the
//! way a careful hand would: derived enums (no allocation for known values) and one parse
//! per timestamp with the exact format.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A page of the `ListBackups` listing.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ListBackupsResponse {
    /// The backups of this page.
    pub backups: Option<Vec<Backup>>,
    /// How many backups the listing has in all.
    pub total_count: Option<i32>,
}

/// One backup.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Backup {
    /// Backup id.
    pub id: Option<String>,
    /// Backup name.
    pub name: Option<String>,
    /// Full, incremental, …
    #[serde(rename = "type")]
    pub kind: Option<BackupType>,
    /// Size in KB.
    pub size: Option<i64>,
    /// Building, completed, …
    pub status: Option<BackupStatus>,
    /// When the backup started.
    #[serde(default, deserialize_with = "offset_date_time")]
    pub begin_time: Option<DateTime<FixedOffset>>,
    /// When the backup ended.
    #[serde(default, deserialize_with = "offset_date_time")]
    pub end_time: Option<DateTime<FixedOffset>>,
    /// Engine and version.
    pub datastore: Option<Datastore>,
    /// SQL Server databases in the backup.
    pub databases: Option<Vec<Database>>,
    /// The instance the backup is of.
    pub instance_id: Option<String>,
    /// Whether a DDM instance is associated.
    pub associated_with_ddm: Option<bool>,
}

/// The documented backup types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackupType {
    /// `auto`
    Auto,
    /// `manual`
    Manual,
    /// `fragment`
    Fragment,
    /// `incremental`
    Incremental,
    /// Anything else.
    #[serde(other)]
    Other,
}

/// The documented backup statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum BackupStatus {
    /// `BUILDING`
    Building,
    /// `COMPLETED`
    Completed,
    /// `FAILED`
    Failed,
    /// `DELETING`
    Deleting,
    /// Anything else.
    #[serde(other)]
    Other,
}

/// Engine and version.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Datastore {
    /// The engine.
    #[serde(rename = "type")]
    pub kind: Option<DatastoreType>,
    /// The engine version.
    pub version: Option<String>,
}

/// The documented engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum DatastoreType {
    /// `MySQL`
    #[serde(rename = "MySQL")]
    MySql,
    /// `PostgreSQL`
    #[serde(rename = "PostgreSQL")]
    PostgreSql,
    /// `SQLServer`
    #[serde(rename = "SQLServer")]
    SqlServer,
    /// Anything else.
    #[serde(other)]
    Other,
}

/// A SQL Server database in a backup.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Database {
    /// Its name.
    pub name: Option<String>,
}

/// The docs' time format, `2018-08-06T10:41:14+0800`.
pub const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%z";

/// `null`, absent (with `#[serde(default)]`) or a `+0800` time.
fn offset_date_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    struct Time;
    impl<'de> Visitor<'de> for Time {
        type Value = Option<DateTime<FixedOffset>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a time like 2018-08-06T10:41:14+0800")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            DateTime::parse_from_str(v, TIME_FORMAT)
                .map(Some)
                .map_err(E::custom)
        }
    }
    deserializer.deserialize_option(Time)
}

/// Fetches every backup of the listing at `base` (`http://127.0.0.1:PORT`), `limit` per
/// page, authenticated with an IAM token: the loop a user writes with reqwest and serde.
///
/// It stops at an empty page or once `total_count` backups have arrived.
pub async fn list_all(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    limit: u32,
) -> Result<Vec<Backup>, Box<dyn std::error::Error + Send + Sync>> {
    let endpoint = reqwest::Url::parse(&format!("{base}/v3/{}/backups", crate::PROJECT_ID))?;
    let mut all = Vec::new();
    loop {
        let mut url = endpoint.clone();
        url.query_pairs_mut()
            .append_pair("instance_id", crate::INSTANCE_ID)
            .append_pair("offset", &all.len().to_string())
            .append_pair("limit", &limit.to_string());
        let page: ListBackupsResponse = http
            .get(url)
            .header("X-Auth-Token", token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let items = page.backups.unwrap_or_default();
        if items.is_empty() {
            break;
        }
        all.extend(items);
        let total = page.total_count.and_then(|t| usize::try_from(t).ok());
        if total.is_some_and(|total| all.len() >= total) {
            break;
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_clients::rds;

    /// Both decoders read the same values from the same body: the decode benchmark
    /// compares equal work.
    #[test]
    fn same_values_as_the_generated_models() {
        let body = crate::data::backups_body(100);
        let ours: ListBackupsResponse = serde_json::from_str(&body).unwrap();
        let generated: rds::ListBackupsResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(ours.total_count, generated.total_count);
        let (ours, generated) = (ours.backups.unwrap(), generated.backups.unwrap());
        assert_eq!(ours.len(), 100);
        assert_eq!(ours.len(), generated.len());
        for (a, b) in ours.iter().zip(&generated) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.name, b.name);
            assert_eq!(a.size, b.size);
            assert_eq!(a.instance_id, b.instance_id);
            assert_eq!(a.associated_with_ddm, b.associated_with_ddm);
            assert_eq!(
                a.begin_time,
                b.begin_time.map(|t| t.into_datetime()),
                "begin_time of {:?}",
                a.id
            );
            assert_eq!(a.end_time, b.end_time.map(|t| t.into_datetime()));
            let kind = b.r#type.as_ref().map(|t| t.as_str().to_owned());
            assert_eq!(a.kind.map(|k| format!("{k:?}").to_lowercase()), kind);
            let status = b.status.as_ref().map(|s| s.as_str().to_owned());
            assert_eq!(a.status.map(|s| format!("{s:?}").to_uppercase()), status);
            let (da, db) = (a.datastore.as_ref().unwrap(), b.datastore.as_ref().unwrap());
            assert_eq!(da.version, db.version);
            let engine = db.r#type.as_ref().unwrap().as_str();
            let expected = match engine {
                "MySQL" => DatastoreType::MySql,
                "PostgreSQL" => DatastoreType::PostgreSql,
                "SQLServer" => DatastoreType::SqlServer,
                other => panic!("unexpected engine {other}"),
            };
            assert_eq!(da.kind, Some(expected));
            let names = |d: Option<Vec<Option<String>>>| d.unwrap_or_default();
            assert_eq!(
                names(
                    a.databases
                        .as_ref()
                        .map(|d| d.iter().map(|x| x.name.clone()).collect())
                ),
                names(
                    b.databases
                        .as_ref()
                        .map(|d| d.iter().map(|x| x.name.clone()).collect())
                ),
            );
        }
    }

    #[test]
    fn null_and_absent_times_decode_as_none() {
        let page: ListBackupsResponse =
            serde_json::from_str(r#"{"backups":[{"begin_time":null}],"total_count":null}"#)
                .unwrap();
        let backup = &page.backups.unwrap()[0];
        assert_eq!(backup.begin_time, None);
        assert_eq!(backup.end_time, None);
        assert_eq!(page.total_count, None);
    }
}
