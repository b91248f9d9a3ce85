//! The ten backup-lifecycle operations (RDS create/delete/restore, DCS v2
//! list/backup/delete/restore, GaussDB openGauss create/delete/restore) through their
//! generated clients, against a local server: the exact method, path, query and headers
//! sent, the JSON body compared field by field with the page's request example, the AK/SK
//! signature recomputed from what arrived (body included), the documented response
//! decoded into typed ids, error bodies typed, and the retry rule for writes.

mod common;

use common::services::{INSTANCE, PROJECT, config};
use common::signature::{expected_authorization, header};
use hwc_clients::{Config, Credentials, Error, dcs, gaussdb_opengauss, rds};
use hwc_runtime::futures::TryStreamExt as _;
use hwc_runtime::time::CompactDateTime;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "HPUAEXAMPLEACCESSKEY";
const SK: &str = "SKsecretEXAMPLEsecretKEY0123456789";

fn signed(server: &MockServer) -> Config {
    config(server)
        .credentials(Credentials::aksk(AK, SK))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The spec as JSON.
fn spec(name: &str) -> Value {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(name);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The operation object of `spec` at `route` and `verb` (lower case).
fn operation(spec_name: &str, route: &str, verb: &str) -> Value {
    spec(spec_name)["paths"][route][verb].clone()
}

/// The value of the request example `name` of an operation.
fn request_example(spec_name: &str, route: &str, verb: &str, name: &str) -> Value {
    let example =
        operation(spec_name, route, verb)["requestBody"]["content"]["application/json"]["examples"]
            [name]["value"]
            .clone();
    assert!(
        example.is_object(),
        "{spec_name} {verb} {route}: no request example {name}"
    );
    example
}

/// The value of the first response example for `status` of an operation.
fn response_example(spec_name: &str, route: &str, verb: &str, status: &str) -> Value {
    let examples = &operation(spec_name, route, verb)["responses"][status]["content"]["application/json"]
        ["examples"];
    let first = examples
        .as_object()
        .and_then(|all| all.values().next())
        .unwrap_or_else(|| panic!("{spec_name} {verb} {route} {status}: no example"));
    first["value"].clone()
}

/// `value` with the member at `pointer` replaced by `with` (a doc defect corrected).
fn corrected(mut value: Value, pointer: &str, with: Value) -> Value {
    match value.pointer_mut(pointer) {
        Some(slot) => *slot = with,
        None => panic!("no {pointer} in the example"),
    }
    value
}

fn typed<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"))
}

/// A server that answers `verb` on `route_path` with `status` and `body`, once.
async fn serve(verb: &str, route_path: &str, status: u16, body: Option<Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status).insert_header("X-Request-Id", "rid-1");
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(method(verb))
        .and(path(route_path))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Checks the one request `server` received: method, path, raw query, the JSON body
/// (field by field, then as a whole) or no body, and the AK/SK signature recomputed from
/// what arrived, the body's hash included.
async fn assert_sent(
    server: &MockServer,
    verb: &str,
    route_path: &str,
    query: &str,
    body: Option<&Value>,
) {
    let received = server.received_requests().await.unwrap_or_default();
    let [request] = received.as_slice() else {
        panic!("expected one request, got {}", received.len());
    };
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(request.url.path(), route_path);
    assert_eq!(request.url.query().unwrap_or_default(), query);
    assert_eq!(header(request, "x-project-id"), Some(PROJECT));
    assert_eq!(header(request, "x-auth-token"), None);
    match body {
        Some(expected) => {
            assert_eq!(header(request, "content-type"), Some("application/json"));
            let sent: Value = serde_json::from_slice(&request.body)
                .unwrap_or_else(|e| panic!("the body is not JSON ({e})"));
            let (Some(sent_fields), Some(expected_fields)) =
                (sent.as_object(), expected.as_object())
            else {
                panic!("bodies are JSON objects: sent {sent}, expected {expected}");
            };
            for (key, value) in expected_fields {
                assert_eq!(sent_fields.get(key), Some(value), "body field {key}");
            }
            for key in sent_fields.keys() {
                assert!(
                    expected_fields.contains_key(key),
                    "undocumented field {key}"
                );
            }
            assert_eq!(&sent, expected);
        }
        None => assert!(request.body.is_empty(), "no body expected"),
    }
    let (expected, signed_headers) = expected_authorization(request, AK, SK);
    assert_eq!(header(request, "authorization"), Some(expected.as_str()));
    let mut wanted = vec!["host", "x-project-id", "x-sdk-date"];
    if body.is_some() {
        wanted.insert(0, "content-type");
    }
    assert_eq!(signed_headers, wanted);
}

/// A service error as the generated call returns it.
fn service_error(error: &Error) -> (u16, Option<&str>, Option<&str>) {
    let service = error
        .as_service()
        .unwrap_or_else(|| panic!("expected a service error, got {error:?}"));
    (service.status(), service.error_code(), service.request_id())
}

const RDS_BACKUPS: &str = "/v3/{project_id}/backups";
const RDS_BACKUP: &str = "/v3/{project_id}/backups/{backup_id}";
const INSTANCES: &str = "/v3/{project_id}/instances";
const DCS_BACKUPS: &str = "/v2/{project_id}/instances/{instance_id}/backups";
const DCS_RESTORES: &str = "/v2/{project_id}/instances/{instance_id}/restores";

// --- RDS ---------------------------------------------------------------------------------

#[tokio::test]
async fn rds_create_backup_sends_the_documented_body_and_types_the_new_backup() {
    // The response example's begin_time lacks the offset its table requires (recorded in
    // the spec); the server here sends it with one.
    let answer = corrected(
        response_example("rds.yaml", RDS_BACKUPS, "post", "200"),
        "/backup/begin_time",
        json!("2016-09-12T01:17:05+0800"),
    );
    let route = format!("/v3/{PROJECT}/backups");
    let server = serve("POST", &route, 200, Some(answer)).await;
    // Required fields are the constructor's arguments: a body without them does not
    // compile; the optional ones start as `None`.
    let body = rds::CreateBackupRequest {
        description: Some("manual backup".into()),
        ..rds::CreateBackupRequest::new("d8e6ca5a624745bcb546a227aa3ae1cfin01", "backup")
    };
    let created = rds::Client::new(&signed(&server))
        .create_backup(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let documented = request_example("rds.yaml", RDS_BACKUPS, "post", "request_example");
    assert_sent(&server, "POST", &route, "", Some(&documented)).await;

    let backup = created.backup.unwrap_or_else(|| panic!("no backup"));
    assert_eq!(
        backup.id.as_deref(),
        Some("2f4ddb93-b901-4b08-93d8-1d2e472f30fe")
    );
    assert_eq!(backup.status, Some(rds::CreatedBackupStatus::Building));
    assert_eq!(backup.r#type, Some(rds::CreatedBackupType::Manual));
    assert_eq!(
        backup.begin_time.map(|t| t.to_string()).as_deref(),
        Some("2016-09-12T01:17:05+0800")
    );
}

#[tokio::test]
async fn rds_delete_backup_sends_a_bare_delete() {
    let backup = "2f4ddb93-b901-4b08-93d8-1d2e472f30fe";
    let route = format!("/v3/{PROJECT}/backups/{backup}");
    let server = serve("DELETE", &route, 200, None).await;
    rds::Client::new(&signed(&server))
        .delete_backup(backup)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "DELETE", &route, "", None).await;
}

#[tokio::test]
async fn rds_restore_sends_each_documented_body_and_types_the_job_and_instance() {
    // The response example types volume.size and keep_days as strings against its tables
    // (recorded in the spec); the server here sends numbers.
    let answer = corrected(
        corrected(
            response_example("rds.yaml", INSTANCES, "post", "202"),
            "/instance/volume/size",
            json!(40),
        ),
        "/instance/backup_strategy/keep_days",
        json!(7),
    );
    for example in [
        "use_backup_files_for_restoration",
        "use_pitr_for_restoration",
    ] {
        let documented = request_example("rds.yaml", INSTANCES, "post", example);
        let route = format!("/v3/{PROJECT}/instances");
        let server = serve("POST", &route, 202, Some(answer.clone())).await;
        let restored = rds::Client::new(&signed(&server))
            .restore_to_new_instance(typed(&documented))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{example}: {e}"));
        assert_sent(&server, "POST", &route, "", Some(&documented)).await;
        assert_eq!(
            restored.job_id.as_deref(),
            Some("bf003379-afea-4aa5-aa83-4543542070bc")
        );
        let instance = restored.instance.unwrap_or_else(|| panic!("no instance"));
        assert_eq!(
            instance.id.as_deref(),
            Some("f5ffdd8b1c98434385eb001904209eacin01")
        );
        assert_eq!(instance.status.as_deref(), Some("BUILD"));
    }
}

/// The volume of the page's restore examples: every field is required, so it is built
/// with a struct literal.
fn volume() -> rds::Volume {
    rds::Volume {
        r#type: rds::VolumeType::Cloudssd,
        size: 40,
    }
}

/// The page's first restore example, written with the constructors: the required fields
/// as arguments, the optional ones set by name, nothing else.
#[test]
fn rds_restore_bodies_are_built_from_their_required_fields() {
    let restore_point = rds::RestorePoint {
        r#type: Some(rds::RestorePointType::Backup),
        backup_id: Some("2f4ddb93-b901-4b08-93d8-1d2e472f30fe".into()),
        ..rds::RestorePoint::new("d8e6ca5a624745bcb546a227aa3ae1cfin01")
    };
    let body = rds::RestoreInstanceRequest {
        ha: Some(rds::Ha {
            mode: "ha".into(),
            replication_mode: rds::HaReplicationMode::Async,
        }),
        disk_encryption_id: Some("2gfdsh-844a-4023-a776-fc5c5fb71fb4".into()),
        security_group_id: Some("2a1f7fc8-3307-42a7-aa6f-42c8b9b8f8c5".into()),
        backup_strategy: Some(rds::BackupStrategy {
            keep_days: Some(2),
            ..rds::BackupStrategy::new("19:00-20:00")
        }),
        configuration_id: Some("52e86e87445847a79bf807ceda213165pr01".into()),
        ..rds::RestoreInstanceRequest::new(
            "targetInst",
            "Demo@12345678",
            "rds.mysql.n1.large",
            volume(),
            "eu-de-01,eu-de-02",
            "490a4a08-ef4b-44c5-94be-3051ef9e4fce",
            "0e2eda62-1d42-4d64-a9d1-4e9aa9cd994f",
            restore_point,
        )
    };
    let documented = request_example(
        "rds.yaml",
        INSTANCES,
        "post",
        "use_backup_files_for_restoration",
    );
    assert_eq!(serde_json::to_value(&body).ok(), Some(documented));
    // Without the optional fields, only the required ones are sent.
    let bare = rds::RestoreInstanceRequest::new(
        "targetInst",
        "Demo@12345678",
        "rds.mysql.n1.large",
        volume(),
        "eu-de-01",
        "vpc",
        "subnet",
        rds::RestorePoint::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    let sent = serde_json::to_value(&bare).unwrap_or_else(|e| panic!("{e}"));
    let mut keys: Vec<&str> = sent
        .as_object()
        .map(|fields| fields.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "availability_zone",
            "flavor_ref",
            "name",
            "password",
            "restore_point",
            "subnet_id",
            "volume",
            "vpc_id"
        ]
    );
    assert_eq!(
        sent["restore_point"],
        json!({"instance_id": "d8e6ca5a624745bcb546a227aa3ae1cfin01"})
    );
}

#[tokio::test]
async fn rds_restore_to_a_point_in_time_sends_a_64_bit_millisecond_time() {
    // The page types restore_time as Integer; 1532001446987 needs 64 bits (spec: int64).
    let documented = request_example("rds.yaml", INSTANCES, "post", "use_pitr_for_restoration");
    let body: rds::RestoreInstanceRequest = typed(&documented);
    assert_eq!(body.restore_point.restore_time, Some(1_532_001_446_987));
    assert_eq!(
        body.restore_point.r#type,
        Some(rds::RestorePointType::Timestamp)
    );
}

// --- DCS v2 ------------------------------------------------------------------------------

#[tokio::test]
async fn dcs_list_v2_sends_its_query_and_types_the_records() {
    // The example's period and error_code are `{}` against String (recorded in the spec).
    let answer = corrected(
        corrected(
            response_example("dcs.yaml", DCS_BACKUPS, "get", "200"),
            "/backup_record_response/0/period",
            Value::Null,
        ),
        "/backup_record_response/0/error_code",
        Value::Null,
    );
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups");
    let server = serve("GET", &route, 200, Some(answer)).await;
    let begin: CompactDateTime = "20190510000000".parse().unwrap_or_else(|e| panic!("{e:?}"));
    let end: CompactDateTime = "20190511000000".parse().unwrap_or_else(|e| panic!("{e:?}"));
    let listed = dcs::Client::new(&signed(&server))
        .list_backups_v2(INSTANCE)
        .begin_time(begin)
        .end_time(end)
        .offset(0)
        .limit(10)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(
        &server,
        "GET",
        &route,
        "begin_time=20190510000000&end_time=20190511000000&limit=10&offset=0",
        None,
    )
    .await;
    let dcs::ListBackupsV2Success::Ok(page) = listed else {
        panic!("expected the 200 page, got {listed:?}");
    };
    assert_eq!(page.total_num, Some(1));
    let record = page
        .backup_record_response
        .as_deref()
        .and_then(<[_]>::first)
        .unwrap_or_else(|| panic!("no record"));
    assert_eq!(
        record.backup_id.as_deref(),
        Some("4631832a-14c6-45b0-a0b3-3abd8f591ad1")
    );
    assert_eq!(record.status, Some(dcs::BackupRecordV2Status::Succeed));
}

#[tokio::test]
async fn dcs_list_v2_with_no_record_is_the_204_variant() {
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups");
    let server = serve("GET", &route, 204, None).await;
    let listed = dcs::Client::new(&signed(&server))
        .list_backups_v2(INSTANCE)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed, dcs::ListBackupsV2Success::NoContent);
}

/// The documented record as the `i`-th record of a listing (its own `backup_id`), with
/// the example's `{}` values (recorded in the spec) left out.
fn dcs_record(i: usize) -> Value {
    let mut record =
        response_example("dcs.yaml", DCS_BACKUPS, "get", "200")["backup_record_response"][0]
            .clone();
    if let Some(fields) = record.as_object_mut() {
        fields.remove("period");
        fields.remove("error_code");
        fields.insert("backup_id".into(), json!(format!("backup-{i}")));
    }
    record
}

#[tokio::test]
async fn dcs_list_v2_pages_by_offset_until_a_204() {
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups");
    let server = MockServer::start().await;
    // Two records at offset 0, then "no record" at offset 2, though the total says 5.
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total_num": 5,
            "backup_record_response": [dcs_record(0), dcs_record(1)],
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let ids: Vec<Option<String>> = dcs::Client::new(&signed(&server))
        .list_backups_v2(INSTANCE)
        .limit(2)
        .into_items()
        .map_ok(|record| record.backup_id)
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        ids,
        [Some("backup-0".to_owned()), Some("backup-1".to_owned())]
    );
    let received = server.received_requests().await.unwrap_or_default();
    let queries: Vec<&str> = received
        .iter()
        .map(|request| request.url.query().unwrap_or_default())
        .collect();
    assert_eq!(queries, ["limit=2&offset=0", "limit=2&offset=2"]);
}

#[tokio::test]
async fn dcs_list_v2_with_no_record_at_all_is_one_empty_page() {
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups");
    let server = serve("GET", &route, 204, None).await;
    let client = dcs::Client::new(&signed(&server));
    let pages: Vec<dcs::ListBackupsV2Success> = client
        .list_backups_v2(INSTANCE)
        .into_pages()
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages, [dcs::ListBackupsV2Success::NoContent]);
    assert_sent(&server, "GET", &route, "offset=0", None).await;
}

#[tokio::test]
async fn dcs_backup_sends_the_documented_body_and_types_the_backup_id() {
    let documented = request_example(
        "dcs.yaml",
        DCS_BACKUPS,
        "post",
        "backing_up_a_specified_dcs_instance",
    );
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups");
    let answer = response_example("dcs.yaml", DCS_BACKUPS, "post", "200");
    let server = serve("POST", &route, 200, Some(answer)).await;
    let body = dcs::CreateBackupRequest {
        remark: Some("Backup instances".into()),
        backup_format: Some(dcs::CreateBackupRequestBackupFormat::Aof),
    };
    let created = dcs::Client::new(&signed(&server))
        .create_backup(INSTANCE, body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "POST", &route, "", Some(&documented)).await;
    assert_eq!(
        created.backup_id.as_deref(),
        Some("548ceeff-2cbb-47ab-9a1c-7b085a8c08d7")
    );
}

#[tokio::test]
async fn dcs_delete_backup_sends_a_bare_delete() {
    let backup = "4631832a-14c6-45b0-a0b3-3abd8f591ad1";
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/backups/{backup}");
    let server = serve("DELETE", &route, 204, None).await;
    dcs::Client::new(&signed(&server))
        .delete_backup(INSTANCE, backup)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "DELETE", &route, "", None).await;
}

#[tokio::test]
async fn dcs_restore_sends_the_documented_body_and_types_the_restore_id() {
    let documented = request_example(
        "dcs.yaml",
        DCS_RESTORES,
        "post",
        "restoring_the_backup_files_of_the",
    );
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/restores");
    let answer = response_example("dcs.yaml", DCS_RESTORES, "post", "200");
    let server = serve("POST", &route, 200, Some(answer)).await;
    let restored = dcs::Client::new(&signed(&server))
        .restore_instance(INSTANCE, typed(&documented))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "POST", &route, "", Some(&documented)).await;
    assert_eq!(
        restored.restore_id.as_deref(),
        Some("a6155972-800c-4170-a479-3231e907d2f6")
    );
}

#[tokio::test]
async fn dcs_v2_errors_are_typed_service_errors() {
    let route = format!("/v2/{PROJECT}/instances/{INSTANCE}/restores");
    let server = serve(
        "POST",
        &route,
        400,
        Some(json!({
            "error_msg": "The backup does not exist.",
            "error_code": "DCS.4133",
            "error_ext_msg": null
        })),
    )
    .await;
    let body = dcs::RestoreInstanceRequest::new("8ba256cb-e5ac-44f6-a3da-c03d8f0e5029");
    let error = dcs::Client::new(&signed(&server))
        .restore_instance(INSTANCE, body)
        .send()
        .await
        .expect_err("a 400 is an error");
    assert_eq!(
        service_error(&error),
        (400, Some("DCS.4133"), Some("rid-1"))
    );
    let service = error.as_service().unwrap_or_else(|| panic!("{error:?}"));
    let typed: dcs::ErrorV2 = serde_json::from_str(service.body_excerpt())
        .unwrap_or_else(|e| panic!("the error body decodes as ErrorV2: {e}"));
    assert_eq!(
        typed.error_msg.as_deref(),
        Some("The backup does not exist.")
    );
}

// --- GaussDB openGauss -------------------------------------------------------------------

#[tokio::test]
async fn gaussdb_create_backup_sends_the_documented_body_and_types_the_new_backup() {
    let operation = operation("gaussdb-opengauss.yaml", RDS_BACKUPS, "post");
    let example_name = operation["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .and_then(|all| all.keys().next().cloned())
        .unwrap_or_else(|| panic!("no request example"));
    let documented = request_example("gaussdb-opengauss.yaml", RDS_BACKUPS, "post", &example_name);
    let answer = response_example("gaussdb-opengauss.yaml", RDS_BACKUPS, "post", "202");
    let route = format!("/v3/{PROJECT}/backups");
    let server = serve("POST", &route, 202, Some(answer)).await;
    let created = gaussdb_opengauss::Client::new(&signed(&server))
        .create_backup(typed(&documented))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "POST", &route, "", Some(&documented)).await;
    assert_eq!(
        created.job_id.as_deref(),
        Some("e4733090-b2c8-4ea7-a33a-f55f65723fb3")
    );
    let backup = created.backup.unwrap_or_else(|| panic!("no backup"));
    assert_eq!(
        backup.id.as_deref(),
        Some("e76112bfb2074871bf54cb8df5af7f64br14")
    );
    assert_eq!(
        backup.status,
        Some(gaussdb_opengauss::CreatedBackupStatus::Building)
    );
}

#[tokio::test]
async fn gaussdb_delete_backup_answers_an_empty_object() {
    let backup = "e28d08754b1a490fb2b3540ed013a7fbbr14";
    let route = format!("/v3/{PROJECT}/backups/{backup}");
    let server = serve("DELETE", &route, 202, Some(json!({}))).await;
    let answer = gaussdb_opengauss::Client::new(&signed(&server))
        .delete_backup(backup)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "DELETE", &route, "", None).await;
    assert!(answer.is_empty());
}

#[tokio::test]
async fn gaussdb_restore_sends_the_documented_body_and_types_the_job_and_instance() {
    // The request example sends port as the number 8000; the table types it String
    // (recorded in the spec): the typed body sends "8000".
    let documented = request_example(
        "gaussdb-opengauss.yaml",
        INSTANCES,
        "post",
        "restoring_data_to_a_new_db",
    );
    assert_eq!(documented["port"], json!(8000));
    let expected = corrected(documented, "/port", json!("8000"));
    let answer = response_example("gaussdb-opengauss.yaml", INSTANCES, "post", "202");
    let route = format!("/v3/{PROJECT}/instances");
    let server = serve("POST", &route, 202, Some(answer)).await;
    let restored = gaussdb_opengauss::Client::new(&signed(&server))
        .restore_to_new_instance(typed(&expected))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_sent(&server, "POST", &route, "", Some(&expected)).await;
    assert_eq!(
        restored.job_id.as_deref(),
        Some("dff1d289-4d03-4942-8b9f-463ea07c000d")
    );
    let instance = restored.instance.unwrap_or_else(|| panic!("no instance"));
    assert_eq!(
        instance.id.as_deref(),
        Some("2gfdsh844a4023a776fc5c5fb71fb4in14")
    );
}

#[tokio::test]
async fn rds_and_gaussdb_errors_are_typed_service_errors() {
    let route = format!("/v3/{PROJECT}/backups");
    for service in ["rds", "gaussdb"] {
        let server = serve(
            "POST",
            &route,
            400,
            Some(
                json!({"error_code": "DBS.280011", "error_msg": "The backup name already exists."}),
            ),
        )
        .await;
        let config = signed(&server);
        let error = if service == "rds" {
            rds::Client::new(&config)
                .create_backup(rds::CreateBackupRequest::new(INSTANCE, "backup"))
                .send()
                .await
                .map(|_| ())
        } else {
            gaussdb_opengauss::Client::new(&config)
                .create_backup(gaussdb_opengauss::CreateBackupRequest::new(
                    INSTANCE, "backup",
                ))
                .send()
                .await
                .map(|_| ())
        }
        .expect_err("a 400 is an error");
        assert_eq!(
            service_error(&error),
            (400, Some("DBS.280011"), Some("rid-1")),
            "{service}"
        );
    }
}

// --- The retry rule through a generated builder -----------------------------------------

/// A server answering every request with 500.
async fn failing() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    server
}

fn backup_body() -> rds::CreateBackupRequest {
    rds::CreateBackupRequest::new(INSTANCE, "backup")
}

#[tokio::test]
async fn a_500_on_create_backup_is_sent_once_unless_the_call_opts_in() {
    let server = failing().await;
    let config = signed(&server);
    let client = rds::Client::new(&config);
    let error = client
        .create_backup(backup_body())
        .send()
        .await
        .expect_err("500");
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));

    client
        .create_backup(backup_body())
        .retry_writes(true)
        .max_attempts(3)
        .send()
        .await
        .expect_err("500");
    assert_eq!(
        server.received_requests().await.map(|r| r.len()),
        Some(1 + 3),
        "the opt-in retried the POST"
    );

    // A DELETE is idempotent: retried without opting in.
    let route = format!("/v3/{PROJECT}/backups/b1");
    let deleting = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(500))
        .mount(&deleting)
        .await;
    rds::Client::new(&signed(&deleting))
        .delete_backup("b1")
        .max_attempts(3)
        .send()
        .await
        .expect_err("500");
    assert_eq!(deleting.received_requests().await.map(|r| r.len()), Some(3));
}

// --- Every documented example of the new operations -------------------------------------

/// Decodes `value` as `T` and checks that encoding it again gives back every non-null
/// value of the example.
fn round_trips<T: DeserializeOwned + serde::Serialize>(what: &str, value: &Value) {
    let decoded: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        without_nulls(&encoded),
        without_nulls(value),
        "{what}: lost or changed something"
    );
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The verbatim example does not decode, and the reason names the defective value the
/// spec records; corrected, it decodes.
fn defect<T: DeserializeOwned + serde::Serialize>(
    what: &str,
    value: &Value,
    fixes: &[(&str, Value)],
    message: &str,
) {
    let error = serde_json::from_value::<T>(value.clone())
        .err()
        .unwrap_or_else(|| panic!("{what}: the recorded defect no longer fails to decode"));
    assert!(error.to_string().contains(message), "{what}: {error}");
    let fixed = fixes.iter().fold(value.clone(), |v, (pointer, with)| {
        corrected(v, pointer, with.clone())
    });
    round_trips::<T>(what, &fixed);
}

#[test]
fn every_documented_example_of_the_new_operations_decodes() {
    // Requests: the documented bodies are what the typed request structs hold.
    for name in [
        "use_backup_files_for_restoration",
        "use_pitr_for_restoration",
    ] {
        round_trips::<rds::RestoreInstanceRequest>(
            name,
            &request_example("rds.yaml", INSTANCES, "post", name),
        );
    }
    round_trips::<rds::CreateBackupRequest>(
        "rds create",
        &request_example("rds.yaml", RDS_BACKUPS, "post", "request_example"),
    );
    round_trips::<dcs::CreateBackupRequest>(
        "dcs backup",
        &request_example(
            "dcs.yaml",
            DCS_BACKUPS,
            "post",
            "backing_up_a_specified_dcs_instance",
        ),
    );
    round_trips::<dcs::RestoreInstanceRequest>(
        "dcs restore",
        &request_example(
            "dcs.yaml",
            DCS_RESTORES,
            "post",
            "restoring_the_backup_files_of_the",
        ),
    );
    defect::<gaussdb_opengauss::RestoreInstanceRequest>(
        "gaussdb restore request",
        &request_example(
            "gaussdb-opengauss.yaml",
            INSTANCES,
            "post",
            "restoring_data_to_a_new_db",
        ),
        &[("/port", json!("8000"))],
        "invalid type: integer `8000`, expected a string",
    );

    // Responses.
    defect::<rds::CreateBackupResponse>(
        "rds create response",
        &response_example("rds.yaml", RDS_BACKUPS, "post", "200"),
        &[("/backup/begin_time", json!("2016-09-12T01:17:05+0800"))],
        "2016-09-12T01:17:05",
    );
    defect::<rds::RestoreInstanceResponse>(
        "rds restore response",
        &response_example("rds.yaml", INSTANCES, "post", "202"),
        &[
            ("/instance/volume/size", json!(40)),
            ("/instance/backup_strategy/keep_days", json!(7)),
        ],
        "invalid type: string \"40\", expected i32",
    );
    defect::<dcs::ListBackupsV2Response>(
        "dcs list v2 response",
        &response_example("dcs.yaml", DCS_BACKUPS, "get", "200"),
        &[
            ("/backup_record_response/0/period", Value::Null),
            ("/backup_record_response/0/error_code", Value::Null),
        ],
        "invalid type: map, expected a string",
    );
    round_trips::<dcs::CreateBackupResponse>(
        "dcs backup response",
        &response_example("dcs.yaml", DCS_BACKUPS, "post", "200"),
    );
    round_trips::<dcs::RestoreInstanceResponse>(
        "dcs restore response",
        &response_example("dcs.yaml", DCS_RESTORES, "post", "200"),
    );
    round_trips::<gaussdb_opengauss::CreateBackupResponse>(
        "gaussdb create response",
        &response_example("gaussdb-opengauss.yaml", RDS_BACKUPS, "post", "202"),
    );
    round_trips::<gaussdb_opengauss::DeleteBackupResponse>(
        "gaussdb delete response",
        &response_example("gaussdb-opengauss.yaml", RDS_BACKUP, "delete", "202"),
    );
    round_trips::<gaussdb_opengauss::RestoreInstanceResponse>(
        "gaussdb restore response",
        &response_example("gaussdb-opengauss.yaml", INSTANCES, "post", "202"),
    );
}
