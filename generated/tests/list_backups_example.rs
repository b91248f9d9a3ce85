//! Runs the built `list-backups` example against a local server for each of the five
//! services: one JSON object per line on stdout, every page with `--all`, the credentials
//! from the environment or `--token`, and errors on stderr with a non-zero exit.

mod common;

use common::{stderr, stdout_lines};
use serde_json::{Value, json};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "0483b6b16e954cb88930a360d2c4e663";
const INSTANCE: &str = "43e4feaab48f11e89039fa163ebaa7e4in01";

/// Runs the `list-backups` example.
async fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    common::run("list-backups", args, env).await
}

/// A service as the example names it, where its listing is, and how it pages.
struct Case {
    service: &'static str,
    path: String,
    items: &'static str,
    total: &'static str,
    id: &'static str,
    /// The offset parameter and its value for the first item.
    offset: (&'static str, u64),
    limit: u64,
}

fn cases() -> Vec<Case> {
    let case = |service, path: String, items, total, id, offset, limit| Case {
        service,
        path,
        items,
        total,
        id,
        offset,
        limit,
    };
    vec![
        case(
            "gaussdb-nosql",
            format!("/v3.1/{PROJECT}/backups"),
            "backups",
            "total_count",
            "id",
            ("offset", 0),
            2,
        ),
        case(
            "rds",
            format!("/v3/{PROJECT}/backups"),
            "backups",
            "total_count",
            "id",
            ("offset", 0),
            2,
        ),
        case(
            "dcs",
            format!("/v1.0/{PROJECT}/instances/{INSTANCE}/backups"),
            "backup_record_response",
            "total_num",
            "backup_id",
            ("start", 1),
            2,
        ),
        case(
            "gaussdb-opengauss",
            format!("/v3/{PROJECT}/backups"),
            "backups",
            "total_count",
            "id",
            ("offset", 0),
            2,
        ),
        // TaurusDB only takes page sizes of 10, 20 or 50.
        case(
            "taurusdb",
            format!("/v3/{PROJECT}/instances/{INSTANCE}/incremental-backups"),
            "backups",
            "total_count",
            "id",
            ("offset", 0),
            10,
        ),
    ]
}

/// Serves `n` items page by page (`limit` per page) for `case`, only with the IAM token.
async fn serve(case: &Case, n: u64) -> MockServer {
    let server = MockServer::start().await;
    let (offset, first) = case.offset;
    let mut position = 0;
    while position < n {
        let page: Vec<Value> = (position..n.min(position + case.limit))
            .map(|i| json!({ case.id: format!("b{i}") }))
            .collect();
        Mock::given(method("GET"))
            .and(path(case.path.as_str()))
            .and(query_param(offset, (position + first).to_string()))
            .and(query_param("limit", case.limit.to_string()))
            .and(header("X-Auth-Token", "example-token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                case.items: page,
                case.total: n,
            })))
            .expect(1)
            .mount(&server)
            .await;
        position += case.limit;
    }
    server
}

fn args<'a>(case: &'a Case, server: &'a str, limit: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--service",
        case.service,
        "--endpoint",
        server,
        "--project-id",
        PROJECT,
        "--instance-id",
        INSTANCE,
        "--limit",
        limit,
        "--token",
        "example-token",
    ];
    args.extend_from_slice(extra);
    args
}

#[tokio::test]
async fn all_prints_every_backup_of_every_page_for_each_service() {
    for case in cases() {
        let n = 2 * case.limit + 1; // three pages
        let server = serve(&case, n).await;
        let limit = case.limit.to_string();
        let output = run(&args(&case, &server.uri(), &limit, &["--all"]), &[]).await;
        assert!(
            output.status.success(),
            "{}: {}",
            case.service,
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{}", case.service);
        let ids: Vec<String> = stdout_lines(&output)
            .iter()
            .map(|line| line[case.id].as_str().unwrap_or_default().to_owned())
            .collect();
        let expected: Vec<String> = (0..n).map(|i| format!("b{i}")).collect();
        assert_eq!(ids, expected, "{}", case.service);
        server.verify().await;
    }
}

#[tokio::test]
async fn without_all_prints_the_first_page_only() {
    for case in cases() {
        let server = MockServer::start().await;
        let (offset, _) = case.offset;
        Mock::given(method("GET"))
            .and(path(case.path.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                case.items: [{ case.id: "b0" }, { case.id: "b1" }],
                case.total: 40,
            })))
            .expect(1)
            .mount(&server)
            .await;
        let limit = case.limit.to_string();
        let output = run(&args(&case, &server.uri(), &limit, &[]), &[]).await;
        assert!(
            output.status.success(),
            "{}: {}",
            case.service,
            stderr(&output)
        );
        let lines = stdout_lines(&output);
        assert_eq!(lines.len(), 2, "{}", case.service);
        assert_eq!(lines[1][case.id], "b1");
        let received = server.received_requests().await.unwrap_or_default();
        // The first page is asked for as the server sends it: no offset unless given.
        assert!(
            !received[0]
                .url
                .query_pairs()
                .any(|(name, _)| name == offset),
            "{}: {}",
            case.service,
            received[0].url
        );
    }
}

#[tokio::test]
async fn credentials_come_from_the_environment_and_sign_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/{PROJECT}/backups")))
        .and(header_exists("X-Sdk-Date"))
        .and(header("X-Security-Token", "env-security-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"backups": [{"id": "b0"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = run(
        &[
            "--service",
            "rds",
            "--endpoint",
            &uri,
            "--project-id",
            PROJECT,
            "--instance-id",
            INSTANCE,
        ],
        &[
            ("HUAWEICLOUD_SDK_AK", "ENVACCESSKEY"),
            ("HUAWEICLOUD_SDK_SK", "env-secret-key"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-security-token"),
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_lines(&output), [json!({"id": "b0"})]);
    let received = server.received_requests().await.unwrap_or_default();
    let authorization = received[0]
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=ENVACCESSKEY, SignedHeaders="),
        "{authorization}"
    );
}

#[tokio::test]
async fn errors_go_to_stderr_with_a_failing_exit_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", "req-404")
                .set_body_json(json!({"error_code": "DBS.200823", "error_msg": "The instance does not exist."})),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let base = [
        "--endpoint",
        uri.as_str(),
        "--project-id",
        PROJECT,
        "--token",
        "t",
    ];

    // The service says no.
    let output = run(
        &[&["--service", "dcs", "--instance-id", "gone"], &base[..]].concat(),
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        "list-backups: the service answered 404 Not Found (error_code DBS.200823, request id \
         req-404): The instance does not exist.\n"
    );

    // Refused before anything is sent.
    let output = run(&[&["--service", "rds"], &base[..]].concat(), &[]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "list-backups: --service rds needs --instance-id\n"
    );
    let output = run(
        &[&["--service", "gaussdb-nosql", "--limit", "0"], &base[..]].concat(),
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("limit must be between 1 and 100 (it is 0)"),
        "{}",
        stderr(&output)
    );

    // No credentials at all.
    let output = run(
        &[&["--service", "gaussdb-opengauss"], &base[..4]].concat(),
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("HUAWEICLOUD_SDK_AK is not set"),
        "{}",
        stderr(&output)
    );

    // A service the example does not know is a usage error.
    let output = run(&[&["--service", "ecs"], &base[..]].concat(), &[]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid value 'ecs'"),
        "{}",
        stderr(&output)
    );

    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "only the dcs call reached the server");
}
