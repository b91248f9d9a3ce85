//! Runs the built `backup` example against a local server: the backup is created, the
//! listing is polled through `BUILDING` to `COMPLETED` (or `FAILED`), the finished backup
//! is printed as one JSON line and, with `--delete`, deleted; a timeout and a service error
//! end with a message on stderr and exit code 1. Every request is checked as it arrived:
//! method, path, query, JSON body and AK/SK signature.
//!
//! The bodies the server answers with are the examples of the RDS pages:
//! `../shared/docs/otc/relational-database-service/creating_a_manual_backup.rst` (request
//! and response) and the MySQL example of "Obtaining Details About Backups" (the Huawei
//! seed page `../shared/docs/001_ef034accc86fd640.txt` and its OTC version
//! `obtaining_details_about_backups.rst`), with the id, name, type and status of the backup
//! the create page's example makes.

mod common;
#[path = "../../tests/tests/common/signature.rs"]
mod signature;

use common::{stderr, stdout_lines};
use serde_json::{Value, json};
use signature::{expected_authorization, header};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The project, instance and backup of the create page's examples.
const PROJECT: &str = "0483b6b16e954cb88930a360d2c4e663";
const INSTANCE: &str = "d8e6ca5a624745bcb546a227aa3ae1cfin01";
const BACKUP: &str = "2f4ddb93-b901-4b08-93d8-1d2e472f30fe";

const AK: &str = "HPUAEXAMPLEACCESSKEY";
const SK: &str = "SKsecretEXAMPLEsecretKEY0123456789";

/// The create page's request example.
fn create_request() -> Value {
    json!({
        "instance_id": "d8e6ca5a624745bcb546a227aa3ae1cfin01",
        "name": "backup",
        "description": "manual backup"
    })
}

/// The create page's response example, except `begin_time`: the page prints
/// "2016-09-12T01:17:05", without the offset its own table requires
/// ("yyyy-mm-ddThh:mm:ssZ", recorded in specs/rds.yaml), which no client typed after the
/// table decodes; the server here sends it with one.
fn create_response() -> Value {
    json!({
        "backup": {
            "id": "2f4ddb93-b901-4b08-93d8-1d2e472f30fe",
            "name": "backupDemo",
            "description": "This is a description",
            "begin_time": "2016-09-12T01:17:05+0800",
            "status": "BUILDING",
            "type": "manual",
            "instance_id": "d8e6ca5a624745bcb546a227aa3ae1cfin01"
        }
    })
}

/// The listing pages' MySQL example, showing the created backup with `status`.
fn listed(status: &str) -> Value {
    json!({
        "id": BACKUP,
        "name": "backup",
        "type": "manual",
        "size": 2803,
        "status": status,
        "begin_time": "2018-08-06T12:41:14+0800",
        "end_time": "2018-08-06T12:43:14+0800",
        "datastore": {
            "type": "MySQL",
            "version": "5.6"
        },
        "instance_id": INSTANCE,
        "associated_with_ddm": false
    })
}

fn listing(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "backups": [listed(status)],
        "total_count": 1
    }))
}

fn backups_path() -> String {
    format!("/v3/{PROJECT}/backups")
}

fn backup_path() -> String {
    format!("/v3/{PROJECT}/backups/{BACKUP}")
}

/// The query of every look at the listing (the client sends parameters in name order).
fn listing_query() -> String {
    format!("backup_id={BACKUP}&instance_id={INSTANCE}")
}

/// A server that creates the backup, lists it with each status of `statuses` in turn (the
/// last one from then on) and deletes it.
async fn serve(statuses: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(backups_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(create_response()))
        .mount(&server)
        .await;
    // Mounted first, matched first: each answers once, then gives way to the next.
    let (last, before) = statuses.split_last().expect("at least one status");
    for status in before {
        Mock::given(method("GET"))
            .and(path(backups_path()))
            .respond_with(listing(status))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(backups_path()))
        .respond_with(listing(last))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(backup_path()))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

/// Runs the example against `server`, signing with the AK/SK from the environment.
async fn run(server: &MockServer, extra: &[&str]) -> std::process::Output {
    let uri = server.uri();
    let mut args = vec![
        "--endpoint",
        uri.as_str(),
        "--project-id",
        PROJECT,
        "--instance-id",
        INSTANCE,
        "--name",
        "backup",
        "--description",
        "manual backup",
        "--poll-interval",
        "0.01",
    ];
    args.extend_from_slice(extra);
    common::run(
        "backup",
        &args,
        &[("HUAWEICLOUD_SDK_AK", AK), ("HUAWEICLOUD_SDK_SK", SK)],
    )
    .await
}

/// A request as the server received it: method, path, query, and the body as JSON.
fn requests(received: &[wiremock::Request]) -> Vec<(String, String, String, Option<Value>)> {
    received
        .iter()
        .map(|request| {
            let body = (!request.body.is_empty()).then(|| {
                serde_json::from_slice(&request.body)
                    .unwrap_or_else(|e| panic!("the body is not JSON ({e})"))
            });
            (
                request.method.to_string(),
                request.url.path().to_owned(),
                request.url.query().unwrap_or_default().to_owned(),
                body,
            )
        })
        .collect()
}

/// What the example must send to create the backup, look at the listing `looks` times
/// and, if `deleted`, delete the backup.
fn expected(looks: usize, deleted: bool) -> Vec<(String, String, String, Option<Value>)> {
    let mut all = vec![(
        "POST".to_owned(),
        backups_path(),
        String::new(),
        Some(create_request()),
    )];
    all.extend((0..looks).map(|_| ("GET".to_owned(), backups_path(), listing_query(), None)));
    if deleted {
        all.push(("DELETE".to_owned(), backup_path(), String::new(), None));
    }
    all
}

/// Every request arrived signed with the AK/SK: the signature recomputed from what
/// arrived (the body's hash included) is the one sent, over the headers the API needs.
fn assert_signed(received: &[wiremock::Request]) {
    for request in received {
        let (authorization, signed_headers) = expected_authorization(request, AK, SK);
        assert_eq!(
            header(request, "authorization"),
            Some(authorization.as_str())
        );
        let mut wanted = vec!["host", "x-project-id", "x-sdk-date"];
        if !request.body.is_empty() {
            assert_eq!(header(request, "content-type"), Some("application/json"));
            wanted.insert(0, "content-type");
        }
        assert_eq!(signed_headers, wanted, "{} {}", request.method, request.url);
    }
}

#[tokio::test]
async fn creates_polls_through_building_to_completed_and_deletes() {
    let server = serve(&["BUILDING", "BUILDING", "COMPLETED"]).await;
    let output = run(&server, &["--delete"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert_eq!(stdout_lines(&output), [listed("COMPLETED")]);
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests(&received), expected(3, true));
    assert_signed(&received);
}

#[tokio::test]
async fn without_delete_the_finished_backup_is_kept() {
    let server = serve(&["COMPLETED"]).await;
    let output = run(&server, &[]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_lines(&output), [listed("COMPLETED")]);
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests(&received), expected(1, false));
}

#[tokio::test]
async fn a_failed_backup_is_printed_deleted_on_request_and_exits_1() {
    let server = serve(&["BUILDING", "FAILED"]).await;
    let output = run(&server, &["--delete"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout_lines(&output), [listed("FAILED")]);
    assert_eq!(stderr(&output), format!("backup: backup {BACKUP} failed\n"));
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests(&received), expected(2, true));
}

#[tokio::test]
async fn past_the_timeout_the_backup_is_left_as_it_is_and_exits_1() {
    // With no time to wait, the listing is looked at once.
    let server = serve(&["BUILDING"]).await;
    let output = run(&server, &["--timeout", "0", "--delete"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        format!("backup: backup {BACKUP} is still BUILDING after 0s; it is left as it is\n")
    );
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests(&received), expected(1, false));

    // A backup the listing does not show yet is said to be so.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(create_response()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"backups": [], "total_count": 0})),
        )
        .mount(&server)
        .await;
    let output = run(&server, &["--timeout", "0"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("backup: backup {BACKUP} is still not listed after 0s; it is left as it is\n")
    );
}

#[tokio::test]
async fn a_service_error_is_printed_typed_and_exits_1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-400")
                .set_body_json(
                    json!({"error_code": "DBS.280011", "error_msg": "The backup name already exists."}),
                ),
        )
        .mount(&server)
        .await;
    let output = run(&server, &["--delete"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        "backup: the service answered 400 Bad Request (error_code DBS.280011, request id \
         req-400): The backup name already exists.\n"
    );
    let received = server.received_requests().await.unwrap_or_default();
    // A write is not retried after a 4xx, and nothing follows a failed create.
    assert_eq!(requests(&received), expected(0, false));
}

#[tokio::test]
async fn bad_durations_are_usage_errors() {
    let server = MockServer::start().await;
    for (args, value) in [
        (&["--timeout=-1"][..], "-1"),
        (&["--timeout", "soon"], "soon"),
    ] {
        let output = run(&server, args).await;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(&format!("invalid value '{value}' for '--timeout")),
            "{}",
            stderr(&output)
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
