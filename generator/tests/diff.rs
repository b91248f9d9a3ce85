//! `hwc-codegen diff`: the exact changes between `diff/base.yaml` and each other spec in
//! `diff/`, each breaking or compatible, and the command's output and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use hwc_codegen::diff::{ChangeKind as K, Severity};

use Severity::{Breaking as B, Compatible as C};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(format!("{name}.yaml"))
}

/// `(severity, kind, item, detail)` of each change from the base spec to `case`.
fn changes(case: &str) -> Vec<(Severity, K, String, String)> {
    hwc_codegen::diff::compare_files(&fixture("base"), &fixture(case))
        .unwrap_or_else(|d| panic!("{d}"))
        .into_iter()
        .map(|c| (c.severity, c.kind, c.item, c.detail))
        .collect()
}

fn change(severity: Severity, kind: K, item: &str, detail: &str) -> (Severity, K, String, String) {
    (severity, kind, item.to_owned(), detail.to_owned())
}

#[test]
fn unchanged_spec_has_no_changes() {
    assert_eq!(changes("base"), vec![]);
}

#[test]
fn field_removed_breaks() {
    assert_eq!(
        changes("field-removed"),
        vec![change(
            B,
            K::FieldRemoved,
            "Book.pages",
            "the field (Option<i32>) is gone"
        )]
    );
}

#[test]
fn optional_field_added_to_a_response_is_compatible() {
    assert_eq!(
        changes("field-added-to-response"),
        vec![change(
            C,
            K::FieldAdded,
            "Book.isbn",
            "new optional field (Option<String>)"
        )]
    );
}

#[test]
fn field_added_to_a_request_body_breaks_struct_literals() {
    assert_eq!(
        changes("field-added-to-request-body"),
        vec![change(
            B,
            K::FieldAdded,
            "NewBook.isbn",
            "new field (Option<String>): struct literals must set it"
        )]
    );
}

#[test]
fn required_field_added_to_a_response_breaks_decoding() {
    assert_eq!(
        changes("required-field-added-to-response"),
        vec![change(
            B,
            K::FieldAdded,
            "Book.isbn",
            "new required field (String): bodies without it no longer decode"
        )]
    );
}

#[test]
fn enum_value_added_is_compatible() {
    assert_eq!(
        changes("enum-value-added"),
        vec![change(
            C,
            K::EnumValueAdded,
            "Genre::Science",
            "new value \"science\""
        )]
    );
}

#[test]
fn enum_value_removed_breaks() {
    assert_eq!(
        changes("enum-value-removed"),
        vec![change(
            B,
            K::EnumValueRemoved,
            "Genre::History",
            "\"history\" is no longer a variant"
        )]
    );
}

#[test]
fn parameter_made_required_breaks() {
    assert_eq!(
        changes("parameter-made-required"),
        vec![change(
            B,
            K::ParameterMadeRequired,
            "Client::list_books(limit)",
            "the setter became an argument of the method"
        )]
    );
}

#[test]
fn optional_parameter_added_is_compatible() {
    assert_eq!(
        changes("optional-parameter-added"),
        vec![change(
            C,
            K::ParameterAdded,
            "Client::list_books(offset)",
            "new optional setter of type i32"
        )]
    );
}

#[test]
fn required_parameter_added_breaks() {
    assert_eq!(
        changes("required-parameter-added"),
        vec![change(
            B,
            K::ParameterAdded,
            "Client::list_books(shelf)",
            "new required argument of type String"
        )]
    );
}

#[test]
fn parameter_removed_breaks() {
    assert_eq!(
        changes("parameter-removed"),
        vec![change(
            B,
            K::ParameterRemoved,
            "Client::list_books(genre)",
            "the setter is gone"
        )]
    );
}

#[test]
fn int32_to_int64_breaks() {
    assert_eq!(
        changes("type-changed-int32-to-int64"),
        vec![change(
            B,
            K::FieldTypeChanged,
            "Book.pages",
            "Option<i32> -> Option<i64>"
        )]
    );
}

#[test]
fn parameter_type_changed_breaks() {
    assert_eq!(
        changes("parameter-type-changed"),
        vec![change(
            B,
            K::ParameterTypeChanged,
            "Client::list_books(limit)",
            "i32 -> String"
        )]
    );
}

#[test]
fn operation_removed_breaks() {
    // NewBook was only a request body of add_book: now nothing sends it, so it is generated
    // as a response-like type that users can no longer build.
    assert_eq!(
        changes("operation-removed"),
        vec![
            change(
                B,
                K::OperationRemoved,
                "Client::add_book",
                "the method is gone"
            ),
            change(
                B,
                K::ExhaustivenessChanged,
                "NewBook",
                "now `#[non_exhaustive]`: users can no longer build it with a struct literal"
            ),
        ]
    );
}

#[test]
fn operation_added_is_compatible() {
    assert_eq!(
        changes("operation-added"),
        vec![change(
            C,
            K::OperationAdded,
            "Client::delete_book",
            "new method for `DELETE /v1/{project_id}/books/{book_id}`"
        )]
    );
}

#[test]
fn description_only_changes_are_compatible() {
    let documentation = "documentation changed";
    assert_eq!(
        changes("description-only"),
        vec![
            change(
                C,
                K::DescriptionChanged,
                "Client::list_books",
                documentation
            ),
            change(C, K::DescriptionChanged, "Book", documentation),
            change(C, K::DescriptionChanged, "Book.title", documentation),
        ]
    );
}

#[test]
fn response_field_made_required_breaks() {
    assert_eq!(
        changes("response-field-made-required"),
        vec![change(
            B,
            K::FieldMadeRequired,
            "Book.id",
            "Option<String> -> String: absent or null values no longer decode"
        )]
    );
}

#[test]
fn required_field_made_nullable_breaks() {
    assert_eq!(
        changes("request-field-made-nullable"),
        vec![change(
            B,
            K::FieldMadeOptional,
            "NewBook.title",
            "String -> Option<String>"
        )]
    );
}

#[test]
fn response_type_changed_breaks() {
    assert_eq!(
        changes("response-type-changed"),
        vec![change(
            B,
            K::ResponseChanged,
            "Client::add_book",
            "returns Vec<Book> instead of Book"
        )]
    );
}

#[test]
fn narrower_checks_before_sending_break() {
    assert_eq!(
        changes("constraints-narrowed"),
        vec![change(
            B,
            K::ConstraintsChanged,
            "Client::list_books(limit)",
            "no checks -> >= 1, <= 50"
        )]
    );
}

fn codegen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hwc-codegen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run hwc-codegen: {e}"));
    let mut input = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    input
        .write_all(stdin.unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    drop(input);
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cli_exits_1_and_lists_breaking_changes() {
    let out = codegen(&["diff", &path("base"), &path("enum-value-removed")], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "breaking    enum-value-removed       Genre::History: \"history\" is no longer a variant\n\
         1 change to the generated API: 1 breaking, 0 compatible\n"
    );
}

#[test]
fn cli_exits_0_when_nothing_breaks() {
    let out = codegen(&["diff", &path("base"), &path("enum-value-added")], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("1 change to the generated API: 0 breaking, 1 compatible\n")
    );
    let same = codegen(&["diff", &path("base"), &path("base")], None);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(text(&same.stdout), "no changes to the generated API\n");
}

#[test]
fn cli_json_lists_changes_for_tools() {
    let out = codegen(
        &[
            "diff",
            "--format",
            "json",
            &path("base"),
            &path("field-removed"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json,
        serde_json::json!({
            "breaking": true,
            "counts": {"breaking": 1, "compatible": 0},
            "changes": [{
                "severity": "breaking",
                "kind": "field-removed",
                "item": "Book.pages",
                "detail": "the field (Option<i32>) is gone"
            }]
        })
    );
}

#[test]
fn cli_reads_the_old_spec_from_stdin() {
    let old = std::fs::read(fixture("base")).unwrap_or_else(|e| panic!("{e}"));
    let out = codegen(&["diff", "-", &path("operation-added")], Some(&old));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("operation-added"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn cli_exits_2_with_a_located_diagnostic_on_invalid_input() {
    let out = codegen(
        &["diff", "-", &path("base")],
        Some(b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .starts_with("error: <stdin> at #/openapi: openapi version \"4.0.0\" is not supported"),
        "{}",
        text(&out.stderr)
    );
    let missing = codegen(&["diff", &path("base"), "no-such-spec.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).starts_with("error: no-such-spec.yaml at #: cannot read the spec")
    );
}
