//! The exact request each operation sends with every parameter set and AK/SK credentials:
//! path, sorted and encoded query, headers, and a signature the test recomputes from what
//! the server received (with `hwc_runtime::signer`, the code the signing vectors check).

mod common;

use chrono::{NaiveDateTime, Utc};
use common::services::{INSTANCE, PROJECT, config};
use common::signature::{expected_authorization, header};
use hwc_clients::{Config, Credentials, dcs, gaussdb_nosql, gaussdb_opengauss, rds, taurusdb};
use hwc_runtime::time::{CompactDateTime, HwcDateTime};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "HPUAEXAMPLEACCESSKEY";
const SK: &str = "SKsecretEXAMPLEsecretKEY0123456789";
const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00SECURITYTOKEN";

/// A server that answers every request with an empty page.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

fn signed(server: &MockServer) -> Config {
    config(server)
        .credentials(Credentials::aksk(AK, SK).with_security_token(SECURITY_TOKEN))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn hwc(text: &str) -> HwcDateTime {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn compact(text: &str) -> CompactDateTime {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// Checks the one request `server` received: its path and raw query exactly, the signing
/// headers, the signature (recomputed), the headers signed, and that no token was sent.
async fn assert_signed_request(server: &MockServer, path: &str, query: &str, signed: &[&str]) {
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "one request");
    let request = &received[0];
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query().unwrap_or_default(), query);
    assert!(request.body.is_empty());

    let date = header(request, "x-sdk-date").expect("X-Sdk-Date");
    let sent_at = NaiveDateTime::parse_from_str(date, "%Y%m%dT%H%M%SZ")
        .unwrap_or_else(|e| panic!("X-Sdk-Date {date}: {e}"))
        .and_utc();
    let age = Utc::now() - sent_at;
    assert!(
        age >= chrono::Duration::seconds(-1) && age < chrono::Duration::seconds(60),
        "X-Sdk-Date {date} is not now"
    );
    assert_eq!(header(request, "x-project-id"), Some(PROJECT));
    assert_eq!(header(request, "x-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(
        header(request, "x-auth-token"),
        None,
        "no IAM token with AK/SK"
    );
    assert_eq!(header(request, "content-type"), None);
    assert_eq!(
        header(request, "user-agent"),
        Some(concat!("hwc-runtime/", env!("CARGO_PKG_VERSION")))
    );

    let (expected, signed_headers) = expected_authorization(request, AK, SK);
    assert_eq!(header(request, "authorization"), Some(expected.as_str()));
    assert!(expected.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")));
    assert_eq!(signed_headers, signed);
    // A wrong key gives another signature: the check above can fail.
    let (forged, _) = expected_authorization(request, AK, "not-the-secret-key");
    assert_ne!(header(request, "authorization"), Some(forged.as_str()));
}

const SIGNED: &[&str] = &["host", "x-project-id", "x-sdk-date", "x-security-token"];

#[tokio::test]
async fn gaussdb_nosql_request_is_exact_and_signed() {
    let server = server().await;
    gaussdb_nosql::Client::new(&signed(&server))
        .list_backups()
        .instance_id("c0c9f155c7b7423a9d30f0175998b63bin06")
        .datastore_type(gaussdb_nosql::DatastoreType::Cassandra)
        .backup_id("b0d9e2ab2e3e4a2ba6b1f0a6ab0b1a1bbr06")
        .backup_type(gaussdb_nosql::BackupType::Manual)
        .r#type(gaussdb_nosql::Type::Instance)
        .limit(10)
        .offset(20)
        .begin_time(hwc("2019-05-07T08:54:51+0800"))
        .end_time(hwc("2019-05-08T08:54:51+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_signed_request(
        &server,
        &format!("/v3.1/{PROJECT}/backups"),
        "backup_id=b0d9e2ab2e3e4a2ba6b1f0a6ab0b1a1bbr06&backup_type=Manual\
         &begin_time=2019-05-07T08%3A54%3A51%2B0800&datastore_type=cassandra\
         &end_time=2019-05-08T08%3A54%3A51%2B0800&instance_id=c0c9f155c7b7423a9d30f0175998b63bin06\
         &limit=10&offset=20&type=Instance",
        SIGNED,
    )
    .await;
}

#[tokio::test]
async fn rds_request_is_exact_and_signed() {
    let server = server().await;
    rds::Client::new(&signed(&server))
        .list_backups(INSTANCE)
        .backup_id("c0c9f155c7b7423a9d30f0175998b63bbr01")
        .backup_type(rds::BackupType::Auto)
        .offset(0)
        .limit(10)
        .begin_time(hwc("2018-08-06T10:41:14+0800"))
        .end_time(hwc("2018-08-16T10:41:14+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_signed_request(
        &server,
        &format!("/v3/{PROJECT}/backups"),
        &format!(
            "backup_id=c0c9f155c7b7423a9d30f0175998b63bbr01&backup_type=auto\
             &begin_time=2018-08-06T10%3A41%3A14%2B0800&end_time=2018-08-16T10%3A41%3A14%2B0800\
             &instance_id={INSTANCE}&limit=10&offset=0"
        ),
        SIGNED,
    )
    .await;
}

#[tokio::test]
async fn dcs_request_is_exact_and_signed() {
    let server = server().await;
    dcs::Client::new(&signed(&server))
        .list_backups("5560df16-cebf-4473-95c4-d1b573c16e79")
        .start(11)
        .limit(10)
        .begin_time(compact("20170718000000"))
        .end_time(compact("20170718235959"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_signed_request(
        &server,
        &format!("/v1.0/{PROJECT}/instances/5560df16-cebf-4473-95c4-d1b573c16e79/backups"),
        "beginTime=20170718000000&endTime=20170718235959&limit=10&start=11",
        SIGNED,
    )
    .await;
}

#[tokio::test]
async fn gaussdb_opengauss_request_is_exact_and_signed() {
    let server = server().await;
    gaussdb_opengauss::Client::new(&signed(&server))
        .list_backups()
        .instance_id("d8e6ca5a624745bcb546a227aa3ae1cfin14")
        .backup_id("2f4ddb93-b901-4b08-93d8-1d2e472f30fe")
        .backup_type(gaussdb_opengauss::BackupType::Manual)
        .offset(0)
        .limit(10)
        .begin_time(hwc("2022-05-09T16:00:00+0800"))
        .end_time(hwc("2022-05-10T16:00:00+0800"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_signed_request(
        &server,
        &format!("/v3/{PROJECT}/backups"),
        "backup_id=2f4ddb93-b901-4b08-93d8-1d2e472f30fe&backup_type=manual\
         &begin_time=2022-05-09T16%3A00%3A00%2B0800&end_time=2022-05-10T16%3A00%3A00%2B0800\
         &instance_id=d8e6ca5a624745bcb546a227aa3ae1cfin14&limit=10&offset=0",
        SIGNED,
    )
    .await;
}

#[tokio::test]
async fn taurusdb_request_is_exact_and_signed() {
    let server = server().await;
    taurusdb::Client::new(&signed(&server))
        .list_incremental_backups("61a4ea66210545909d74a05c27a7179ein07")
        .offset("0")
        .limit(taurusdb::Limit::V20)
        .begin_time(hwc("2022-07-06T10:41:14+0800"))
        .end_time(hwc("2022-07-16T10:41:14+0800"))
        .x_language("en-us")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_signed_request(
        &server,
        &format!(
            "/v3/{PROJECT}/instances/61a4ea66210545909d74a05c27a7179ein07/incremental-backups"
        ),
        "begin_time=2022-07-06T10%3A41%3A14%2B0800&end_time=2022-07-16T10%3A41%3A14%2B0800\
         &limit=20&offset=0",
        &[
            "host",
            "x-language",
            "x-project-id",
            "x-sdk-date",
            "x-security-token",
        ],
    )
    .await;
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&received[0], "x-language"), Some("en-us"));
}

#[tokio::test]
async fn the_call_project_id_overrides_the_configured_one_in_path_and_signature() {
    let server = server().await;
    let other = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    dcs::Client::new(&signed(&server))
        .list_backups("i1")
        .project_id(other)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let received = server.received_requests().await.unwrap_or_default();
    let request = &received[0];
    assert_eq!(
        request.url.path(),
        format!("/v1.0/{other}/instances/i1/backups")
    );
    assert_eq!(header(request, "x-project-id"), Some(other));
    let (expected, _) = expected_authorization(request, AK, SK);
    assert_eq!(header(request, "authorization"), Some(expected.as_str()));
}

#[tokio::test]
async fn token_credentials_send_the_token_and_no_signature() {
    let server = server().await;
    let config = config(&server).build().unwrap_or_else(|e| panic!("{e}"));
    rds::Client::new(&config)
        .list_backups(INSTANCE)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let received = server.received_requests().await.unwrap_or_default();
    let request = &received[0];
    assert_eq!(
        header(request, "x-auth-token"),
        Some(common::services::TOKEN)
    );
    assert_eq!(header(request, "authorization"), None);
    assert_eq!(header(request, "x-sdk-date"), None);
    assert_eq!(
        request.url.query(),
        Some(format!("instance_id={INSTANCE}").as_str())
    );
}
