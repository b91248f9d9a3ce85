//! Each operation against a local mock server: the exact path and query sent, the token
//! header, and the decoded response (the spec's own example as the body).

mod common;

use hwc_clients::{Config, Credentials, dcs, gaussdb_nosql, gaussdb_opengauss, rds, taurusdb};
use hwc_runtime::time::{CompactDateTime, HwcDateTime};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "0483b6b16e954cb88930a360d2c4e663";
const TOKEN: &str = "MIIEXAMPLETOKEN";

fn config(server: &MockServer) -> Config {
    Config::builder()
        .endpoint(server.uri())
        .project_id(PROJECT)
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap_or_else(|e| panic!("config: {e}"))
}

/// Serves `body` for `GET route` (with the token) and returns the server.
async fn serve(route: String, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The raw query string of the one request the server received.
async fn sent_query(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests[0].url.query().unwrap_or_default().to_owned()
}

fn hwc_time(text: &str) -> HwcDateTime {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

#[tokio::test]
async fn rds_list_backups() {
    let body = common::example("rds.yaml", "mysql");
    let server = serve(format!("/v3/{PROJECT}/backups"), body).await;
    let client = rds::Client::new(&config(&server));
    let page = client
        .list_backups("43e4feaab48f11e89039fa163ebaa7e4br01")
        .backup_id("c0c9f155c7b7423a9d30f0175998b63bbr01")
        .backup_type(rds::BackupType::Auto)
        .offset(0)
        .limit(10)
        .begin_time(hwc_time("2018-08-06T10:41:14+0800"))
        .end_time(hwc_time("2018-08-16T10:41:14+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sent_query(&server).await,
        "backup_id=c0c9f155c7b7423a9d30f0175998b63bbr01&backup_type=auto\
         &begin_time=2018-08-06T10%3A41%3A14%2B0800&end_time=2018-08-16T10%3A41%3A14%2B0800\
         &instance_id=43e4feaab48f11e89039fa163ebaa7e4br01&limit=10&offset=0"
    );
    assert_eq!(page.total_count, Some(1));
    let backup = &page.backups.as_deref().unwrap_or_default()[0];
    assert_eq!(
        backup.id.as_deref(),
        Some("43e4feaab48f11e89039fa163ebaa7e4br01")
    );
    assert_eq!(backup.status, Some(rds::BackupStatus::Completed));
    assert_eq!(backup.size, Some(2803));
    assert_eq!(
        backup.begin_time,
        Some(hwc_time("2018-08-06T12:41:14+0800"))
    );
    let datastore = backup
        .datastore
        .as_ref()
        .map(|d| (d.r#type.clone(), d.version.as_deref()));
    assert_eq!(
        datastore,
        Some((Some(rds::DatastoreType::MySql), Some("5.6")))
    );
}

#[tokio::test]
async fn gaussdb_nosql_list_backups() {
    let body = common::example("gaussdb-nosql.yaml", "success");
    let server = serve(format!("/v3.1/{PROJECT}/backups"), body.clone()).await;
    let client = gaussdb_nosql::Client::new(&config(&server));
    let page = client
        .list_backups()
        .instance_id("c0c9f155c7b7423a9d30f0175998b63bin06")
        .datastore_type(gaussdb_nosql::DatastoreType::Cassandra)
        .offset(0)
        .limit(10)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sent_query(&server).await,
        "datastore_type=cassandra&instance_id=c0c9f155c7b7423a9d30f0175998b63bin06&limit=10&offset=0"
    );
    assert_eq!(
        page.total_count,
        body["total_count"].as_i64().map(|n| n as _)
    );
    let sent_ids: Vec<&str> = body["backups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["id"].as_str())
        .collect();
    let ids: Vec<&str> = page
        .backups
        .iter()
        .flatten()
        .filter_map(|b| b.id.as_deref())
        .collect();
    assert_eq!(ids, sent_ids);
    assert!(!ids.is_empty());
}

#[tokio::test]
async fn dcs_list_backups() {
    let body = common::example("dcs.yaml", "example_response");
    let server = serve(
        format!("/v1.0/{PROJECT}/instances/dcs-instance-1/backups"),
        body.clone(),
    )
    .await;
    let client = dcs::Client::new(&config(&server));
    let begin: CompactDateTime = "20170718000000".parse().unwrap_or_else(|e| panic!("{e:?}"));
    let end: CompactDateTime = "20170718235959".parse().unwrap_or_else(|e| panic!("{e:?}"));
    let page = client
        .list_backups("dcs-instance-1")
        .start(1)
        .limit(10)
        .begin_time(begin)
        .end_time(end)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sent_query(&server).await,
        "beginTime=20170718000000&endTime=20170718235959&limit=10&start=1"
    );
    assert_eq!(page.total_num, body["total_num"].as_i64().map(|n| n as _));
    let records = page.backup_record_response.as_deref().unwrap_or_default();
    assert_eq!(
        records.len(),
        body["backup_record_response"]
            .as_array()
            .map_or(0, Vec::len)
    );
    assert!(!records.is_empty());
}

#[tokio::test]
async fn gaussdb_opengauss_list_backups() {
    let body = common::example("gaussdb-opengauss.yaml", "normal");
    let server = serve(format!("/v3/{PROJECT}/backups"), body.clone()).await;
    let client = gaussdb_opengauss::Client::new(&config(&server));
    let page = client
        .list_backups()
        .instance_id("d8e6ca5a624745bcb546a227aa3ae1cfin14")
        .backup_type(gaussdb_opengauss::BackupType::Manual)
        .offset(0)
        .limit(10)
        .begin_time(hwc_time("2022-05-09T16:00:00+0800"))
        .end_time(hwc_time("2022-05-10T16:00:00+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sent_query(&server).await,
        "backup_type=manual&begin_time=2022-05-09T16%3A00%3A00%2B0800&end_time=2022-05-10T16%3A00%3A00%2B0800\
         &instance_id=d8e6ca5a624745bcb546a227aa3ae1cfin14&limit=10&offset=0"
    );
    assert_eq!(
        page.total_count,
        body["total_count"].as_i64().map(|n| n as _)
    );
    let ids: Vec<&str> = page
        .backups
        .iter()
        .flatten()
        .filter_map(|b| b.id.as_deref())
        .collect();
    let sent_ids: Vec<&str> = body["backups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["id"].as_str())
        .collect();
    assert_eq!(ids, sent_ids);
}

#[tokio::test]
async fn taurusdb_list_incremental_backups() {
    let body = common::example("taurusdb.yaml", "success");
    let instance = "61a4ea66210545909d74a05c27a7179ein07";
    let server = serve(
        format!("/v3/{PROJECT}/instances/{instance}/incremental-backups"),
        body.clone(),
    )
    .await;
    let client = taurusdb::Client::new(&config(&server));
    let page = client
        .list_incremental_backups(instance)
        .offset("0")
        .limit(taurusdb::Limit::V10)
        .begin_time(hwc_time("2022-07-28T16:00:00+0800"))
        .end_time(hwc_time("2022-07-29T16:00:00+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sent_query(&server).await,
        "begin_time=2022-07-28T16%3A00%3A00%2B0800&end_time=2022-07-29T16%3A00%3A00%2B0800&limit=10&offset=0"
    );
    assert_eq!(
        page.total_count,
        body["total_count"].as_i64().map(|n| n as _)
    );
    let sent_ids: Vec<&str> = body["backups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["id"].as_str())
        .collect();
    let ids: Vec<&str> = page
        .backups
        .iter()
        .flatten()
        .filter_map(|b| b.id.as_deref())
        .collect();
    assert_eq!(ids, sent_ids);
    assert!(!ids.is_empty());
}
