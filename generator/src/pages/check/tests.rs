//! The comparison against hand-built pages: each kind of difference, and acknowledgements.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::spec::Spec;
use super::{Difference, DifferenceKind, compare};
use crate::diagnostic::Diagnostics;
use crate::pages::model::{
    Constraints, DocType, EnumValue, Example, ExampleKind, Field, Located, Operation, Page,
    PageFormat, Parameter, ParameterIn, Response, StatusCode, TypeKind,
};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /v3/{project_id}/backups:
    get:
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: string}}
        - name: limit
          in: query
          schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 10}
        - name: backup_type
          in: query
          schema: {type: string, enum: [auto, manual]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/List'}
              examples:
                one:
                  value: {backups: [{id: a, size: 1}], total_count: 1}
components:
  securitySchemes:
    iam_token: {type: apiKey, in: header, name: X-Auth-Token}
  schemas:
    List:
      type: object
      properties:
        backups: {type: array, items: {$ref: '#/components/schemas/Backup'}}
        total_count: {type: integer, format: int32}
    Backup:
      type: object
      properties:
        id: {type: string}
        size: {type: integer, format: int64}
        datastore:
          type: object
          properties:
            type: {type: string}
            version: {type: string}
"#;

const OPERATION: &str = "#/paths/~1v3~1{project_id}~1backups/get";

fn ty(kind: TypeKind) -> DocType {
    let raw = match &kind {
        TypeKind::String => "String",
        TypeKind::Integer => "Integer",
        TypeKind::Long => "Long",
        TypeKind::Object => "Object",
        TypeKind::Array(_) => "Array of objects",
        _ => "Other",
    };
    DocType {
        raw: raw.to_owned(),
        kind,
    }
}

fn parameter(name: &str, location: ParameterIn, line: usize, kind: TypeKind) -> Parameter {
    Parameter {
        name: name.to_owned(),
        location,
        required: Some(location == ParameterIn::Path),
        ty: Some(ty(kind)),
        description: String::new(),
        constraints: Constraints::default(),
        line,
    }
}

fn field(name: &str, line: usize, kind: TypeKind, fields: Vec<Field>) -> Field {
    Field {
        name: name.to_owned(),
        required: None,
        ty: ty(kind),
        description: String::new(),
        constraints: Constraints::default(),
        fields,
        line,
    }
}

fn at<T>(value: T, line: usize) -> Option<Located<T>> {
    Some(Located { value, line })
}

fn value(value: &str, line: usize) -> EnumValue {
    EnumValue {
        value: value.to_owned(),
        meaning: None,
        line,
    }
}

/// The page the spec above transcribes.
fn page() -> Page {
    let mut limit = parameter("limit", ParameterIn::Query, 12, TypeKind::Integer);
    limit.required = Some(false);
    limit.constraints = Constraints {
        minimum: at(1.0, 13),
        maximum: at(100.0, 13),
        default: at("10".to_owned(), 13),
        ..Constraints::default()
    };
    let mut backup_type = parameter("backup_type", ParameterIn::Query, 14, TypeKind::String);
    backup_type.required = Some(false);
    backup_type.constraints.values = vec![value("auto", 15), value("manual", 16)];
    let datastore = field(
        "datastore",
        33,
        TypeKind::Object,
        vec![
            field("type", 40, TypeKind::String, Vec::new()),
            field("version", 41, TypeKind::String, Vec::new()),
        ],
    );
    let backup = vec![
        field("id", 30, TypeKind::String, Vec::new()),
        field("size", 31, TypeKind::Long, Vec::new()),
        datastore,
    ];
    Page {
        file: PathBuf::from("page.txt"),
        format: PageFormat::Pipe,
        title: None,
        operations: vec![Operation {
            method: "GET".to_owned(),
            path: "/v3/{project_id}/backups".to_owned(),
            title: None,
            line: 5,
            hosts: Vec::new(),
            request_lines: Vec::new(),
            parameters: vec![
                parameter("project_id", ParameterIn::Path, 10, TypeKind::String),
                limit,
                backup_type,
                parameter("X-Auth-Token", ParameterIn::Header, 18, TypeKind::String),
            ],
            request_body: Vec::new(),
            responses: vec![Response {
                status: Some(200),
                fields: vec![
                    field(
                        "backups",
                        21,
                        TypeKind::Array(Some(Box::new(TypeKind::Object))),
                        backup,
                    ),
                    field("total_count", 22, TypeKind::Integer, Vec::new()),
                ],
                line: 20,
            }],
            status_codes: vec![StatusCode {
                code: 200,
                description: None,
                line: 50,
            }],
            examples: vec![Example {
                kind: ExampleKind::Response,
                status: Some(200),
                caption: None,
                value: Some(json!({"total_count": 1, "backups": [{"size": 1, "id": "a"}]})),
                text: String::new(),
                line: 45,
            }],
        }],
    }
}

fn run(spec: &str, page: &Page) -> Result<Vec<Difference>, Diagnostics> {
    let spec = Spec::parse(Path::new("spec.yaml"), spec)?;
    compare(&spec, std::slice::from_ref(page))
}

/// (kind, subject, item) of each difference.
fn found(spec: &str, page: &Page) -> Vec<(DifferenceKind, String, Option<String>)> {
    let differences = run(spec, page).unwrap_or_else(|problems| panic!("{problems}"));
    differences
        .into_iter()
        .map(|d| (d.kind, d.subject, d.item))
        .collect()
}

fn one(
    kind: DifferenceKind,
    subject: &str,
    item: Option<&str>,
) -> Vec<(DifferenceKind, String, Option<String>)> {
    vec![(kind, subject.to_owned(), item.map(str::to_owned))]
}

fn operation(page: &mut Page) -> &mut Operation {
    &mut page.operations[0]
}

#[test]
fn the_transcribed_page_is_clean() {
    assert_eq!(found(SPEC, &page()), Vec::new());
}

#[test]
fn a_removed_parameter_is_extra_in_the_spec() {
    let mut page = page();
    operation(&mut page).parameters.remove(2);
    assert_eq!(
        found(SPEC, &page),
        one(
            DifferenceKind::ParameterExtra,
            "backup_type",
            Some("backup_type")
        )
    );
}

#[test]
fn an_added_parameter_is_missing_from_the_spec() {
    let mut page = page();
    let added = parameter("marker", ParameterIn::Query, 17, TypeKind::String);
    operation(&mut page).parameters.push(added);
    let differences = run(SPEC, &page).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].kind, DifferenceKind::ParameterMissing);
    assert_eq!(differences[0].line, 17);
    assert_eq!(differences[0].pointer, OPERATION);
}

#[test]
fn a_changed_type_differs() {
    let mut page = page();
    operation(&mut page).parameters[1].ty = Some(ty(TypeKind::Long));
    let differences = run(SPEC, &page).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].kind, DifferenceKind::TypeDiffers);
    assert_eq!(differences[0].pointer, format!("{OPERATION}/parameters/1"));
    assert_eq!(
        differences[0].to_string(),
        format!(
            "page.txt:12: type-differs: `limit`: the page says Long, the spec has integer (int32) ({OPERATION}/parameters/1)"
        )
    );
}

#[test]
fn an_added_value_is_missing_from_the_enum() {
    let mut page = page();
    let values = &mut operation(&mut page).parameters[2].constraints.values;
    values.push(value("snapshot", 17));
    assert_eq!(
        found(SPEC, &page),
        one(
            DifferenceKind::ValueMissing,
            "backup_type",
            Some("snapshot")
        )
    );
}

#[test]
fn a_changed_range_differs_once() {
    let mut page = page();
    let limit = &mut operation(&mut page).parameters[1].constraints;
    limit.maximum = at(50.0, 13);
    limit.minimum = at(0.0, 13);
    assert_eq!(
        found(SPEC, &page),
        one(DifferenceKind::RangeDiffers, "limit", None)
    );
}

#[test]
fn a_changed_default_differs() {
    let mut page = page();
    operation(&mut page).parameters[1].constraints.default = at("20".to_owned(), 13);
    assert_eq!(
        found(SPEC, &page),
        one(DifferenceKind::DefaultDiffers, "limit", None)
    );
}

#[test]
fn a_changed_mandatory_flag_differs() {
    let mut page = page();
    operation(&mut page).parameters[1].required = Some(true);
    assert_eq!(
        found(SPEC, &page),
        one(DifferenceKind::RequiredDiffers, "limit", None)
    );
}

#[test]
fn an_added_response_field_is_missing_from_the_spec() {
    let mut page = page();
    let response = &mut operation(&mut page).responses[0];
    response
        .fields
        .push(field("marker", 23, TypeKind::String, Vec::new()));
    let differences = run(SPEC, &page).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].kind, DifferenceKind::FieldMissing);
    assert_eq!(differences[0].pointer, "#/components/schemas/List");
}

#[test]
fn a_nested_field_removed_is_extra_in_the_spec() {
    let mut page = page();
    let backups = &mut operation(&mut page).responses[0].fields[0];
    backups.fields[2].fields.remove(1);
    let differences = run(SPEC, &page).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].kind, DifferenceKind::FieldExtra);
    assert_eq!(differences[0].subject, "backups.datastore.version");
    assert_eq!(
        differences[0].pointer,
        "#/components/schemas/Backup/properties/datastore"
    );
}

#[test]
fn an_unknown_operation_is_missing() {
    let mut page = page();
    operation(&mut page).path = "/v3/{project_id}/instances".to_owned();
    assert_eq!(
        found(SPEC, &page),
        one(
            DifferenceKind::OperationMissing,
            "GET /v3/{project_id}/instances",
            Some("GET /v3/{project_id}/instances")
        )
    );
}

#[test]
fn placeholder_names_do_not_decide_the_operation() {
    let mut page = page();
    operation(&mut page).path = "/v3/{tenant}/backups".to_owned();
    operation(&mut page).parameters.remove(0);
    let differences = found(SPEC, &page);
    assert_eq!(
        differences,
        one(
            DifferenceKind::ParameterExtra,
            "project_id",
            Some("project_id")
        )
    );
}

#[test]
fn an_unlisted_status_is_missing() {
    let mut page = page();
    operation(&mut page).status_codes.push(StatusCode {
        code: 400,
        description: None,
        line: 51,
    });
    assert_eq!(
        found(SPEC, &page),
        one(DifferenceKind::StatusMissing, "400", Some("400"))
    );
}

#[test]
fn examples_compare_as_json() {
    let mut page = page();
    operation(&mut page).examples[0].value =
        Some(json!({"backups": [{"id": "a", "size": 2}], "total_count": 1}));
    let differences = run(SPEC, &page).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].kind, DifferenceKind::ExampleDiffers);
    assert!(
        differences[0]
            .message
            .contains("/backups/0/size: 2 on the page, 1 in the spec"),
        "{}",
        differences[0].message
    );
}

fn acknowledged(marker: &str) -> String {
    SPEC.replace(
        "        - name: backup_type\n",
        &format!("        - name: backup_type\n          x-hwc-doc-differs: {marker}\n"),
    )
}

#[test]
fn an_acknowledged_difference_is_not_reported() {
    let mut page = page();
    let values = &mut operation(&mut page).parameters[2].constraints.values;
    values.push(value("snapshot", 17));
    let spec =
        acknowledged("{value-missing: {snapshot: 'The page lists it; the service refuses it.'}}");
    assert_eq!(found(&spec, &page), Vec::new());
}

#[test]
fn an_acknowledgement_matches_only_its_item() {
    let mut page = page();
    let values = &mut operation(&mut page).parameters[2].constraints.values;
    values.push(value("snapshot", 17));
    values.push(value("fragment", 18));
    let spec =
        acknowledged("{value-missing: {snapshot: 'The page lists it; the service refuses it.'}}");
    assert_eq!(
        found(&spec, &page),
        one(
            DifferenceKind::ValueMissing,
            "backup_type",
            Some("fragment")
        )
    );
}

#[test]
fn an_unused_acknowledgement_is_reported() {
    let spec = acknowledged("{type-differs: 'The page says Integer.'}");
    assert_eq!(
        found(&spec, &page()),
        one(
            DifferenceKind::AcknowledgementUnused,
            &format!("{OPERATION}/parameters/2"),
            Some("type-differs")
        )
    );
}

#[test]
fn malformed_acknowledgements_are_refused() {
    for marker in [
        "{type-differs: ''}",
        "{no-such-kind: 'reason'}",
        "{value-missing: 'a blanket without the value'}",
        "{type-differs: {auto: 'an item for a kind that has none'}}",
        "[value-missing]",
    ] {
        let result = run(&acknowledged(marker), &page());
        let Err(problems) = result else {
            panic!("accepted {marker}");
        };
        assert!(
            problems
                .iter()
                .all(|problem| problem.pointer.contains("x-hwc-doc-differs")),
            "{marker}: {problems}"
        );
    }
}

/// The page with `snapshot` added to `backup_type`'s values, or not, read from `file`.
fn page_at(file: &str, snapshot: bool) -> Page {
    let mut page = page();
    page.file = PathBuf::from(file);
    if snapshot {
        let values = &mut operation(&mut page).parameters[2].constraints.values;
        values.push(value("snapshot", 17));
    }
    page
}

fn run_pages(spec: &str, pages: &[Page]) -> Vec<(DifferenceKind, PathBuf, Option<String>)> {
    let spec = Spec::parse(Path::new("spec.yaml"), spec).unwrap_or_else(|e| panic!("{e}"));
    compare(&spec, pages)
        .unwrap_or_else(|problems| panic!("{problems}"))
        .into_iter()
        .map(|d| (d.kind, d.page, d.item))
        .collect()
}

const FOR_OTC: &str = "{value-missing: {snapshot: {page: otc/list.rst, reason: 'Only the OTC \
                       page lists it.'}}}";

#[test]
fn an_acknowledgement_for_one_page_is_used_on_that_page_only() {
    let spec = acknowledged(FOR_OTC);
    let otc = "../docs/otc/list.rst";
    assert_eq!(run_pages(&spec, &[page_at(otc, true)]), Vec::new());
    // Another page with the same difference: not acknowledged there.
    let other = "../docs/list.txt";
    assert_eq!(
        run_pages(&spec, &[page_at(other, true)]),
        [(
            DifferenceKind::ValueMissing,
            PathBuf::from(other),
            Some("snapshot".to_owned())
        )]
    );
    // The page name matches whole path components: `otc/list.rst` is not `xotc/list.rst`.
    let lookalike = "../docs/xotc/list.rst";
    assert_eq!(run_pages(&spec, &[page_at(lookalike, true)]).len(), 1);
    // Another page without the difference neither uses the entry nor reports it unused,
    // alone or checked with the page it is for.
    assert_eq!(run_pages(&spec, &[page_at(other, false)]), Vec::new());
    assert_eq!(
        run_pages(&spec, &[page_at(other, false), page_at(otc, true)]),
        Vec::new()
    );
}

#[test]
fn an_acknowledgement_for_one_page_is_unused_when_that_page_agrees() {
    let spec = Spec::parse(Path::new("spec.yaml"), &acknowledged(FOR_OTC))
        .unwrap_or_else(|e| panic!("{e}"));
    let pages = [
        page_at("../docs/list.txt", false),
        page_at("../docs/otc/list.rst", false),
    ];
    let differences = compare(&spec, &pages).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(differences.len(), 1, "{differences:?}");
    let unused = &differences[0];
    assert_eq!(unused.kind, DifferenceKind::AcknowledgementUnused);
    // Reported on the page it is for, not on the first page that compared the object.
    assert_eq!(unused.page, PathBuf::from("../docs/otc/list.rst"));
    assert!(
        unused
            .message
            .contains("value-missing of \"snapshot\" for otc/list.rst"),
        "{}",
        unused.message
    );
}

#[test]
fn a_list_gives_each_page_its_own_reason() {
    let spec = acknowledged(
        "{value-missing: {snapshot: [{page: otc/list.rst, reason: 'The OTC page lists it.'}, \
         {page: list.txt, reason: 'The Huawei page lists it.'}]}}",
    );
    let (otc, huawei) = ("../docs/otc/list.rst", "../docs/list.txt");
    assert_eq!(
        run_pages(&spec, &[page_at(huawei, true), page_at(otc, true)]),
        Vec::new()
    );
    assert_eq!(
        run_pages(&spec, &[page_at(huawei, true), page_at(otc, false)]),
        [(
            DifferenceKind::AcknowledgementUnused,
            PathBuf::from(otc),
            Some("value-missing of \"snapshot\"".to_owned())
        )]
    );
}

#[test]
fn a_malformed_page_scope_is_refused_at_its_pointer() {
    let marker = format!("{OPERATION}/parameters/2/x-hwc-doc-differs");
    for (written, at) in [
        ("{type-differs: {page: 3, reason: r}}", "/type-differs/page"),
        (
            "{type-differs: {page: ' ', reason: r}}",
            "/type-differs/page",
        ),
        ("{type-differs: {page: a.txt}}", "/type-differs"),
        ("{type-differs: {reason: r}}", "/type-differs"),
        (
            "{type-differs: {page: a.txt, reason: ''}}",
            "/type-differs/reason",
        ),
        (
            "{type-differs: {page: a.txt, reason: [r]}}",
            "/type-differs/reason",
        ),
        (
            "{value-missing: {snapshot: {page: a.txt, reason: r, note: n}}}",
            "/value-missing/snapshot/note",
        ),
        ("{type-differs: []}", "/type-differs"),
        ("{type-differs: [r]}", "/type-differs/0"),
        ("{value-missing: {snapshot: 3}}", "/value-missing/snapshot"),
    ] {
        let Err(problems) = run(&acknowledged(written), &page()) else {
            panic!("accepted {written}");
        };
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, [format!("{marker}{at}")], "{written}: {problems}");
    }
}

#[test]
fn the_security_scheme_header_is_no_parameter_but_others_are() {
    let mut page = page();
    let language = parameter("X-Language", ParameterIn::Header, 19, TypeKind::String);
    operation(&mut page).parameters.push(language);
    assert_eq!(
        found(SPEC, &page),
        one(
            DifferenceKind::ParameterMissing,
            "X-Language",
            Some("X-Language")
        )
    );
}

#[test]
fn an_example_request_value_must_be_the_parameters_example() {
    let spec = SPEC.replace(
        "          schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 10}\n",
        "          schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 10}\n          example: 10\n",
    );
    let mut page = page();
    let request = |query: &str| Located {
        value: format!("GET https://{{Endpoint}}/v3/{{project_id}}/backups?{query}"),
        line: 44,
    };
    operation(&mut page).request_lines = vec![request("limit={limit}"), request("limit=10")];
    assert_eq!(found(&spec, &page), Vec::new());
    operation(&mut page).request_lines = vec![request("limit=20")];
    assert_eq!(
        found(&spec, &page),
        one(DifferenceKind::ExampleDiffers, "limit", None)
    );
    // A value sent where the spec gives no example is a difference too.
    operation(&mut page).request_lines = vec![request("backup_type=auto")];
    assert_eq!(
        found(&spec, &page),
        one(DifferenceKind::ExampleDiffers, "backup_type", None)
    );
}
