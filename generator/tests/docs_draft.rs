//! `pages::draft`: an OpenAPI draft of API reference pages follows specs/README.md and
//! renders with the generator.

use std::path::{Path, PathBuf};

use hwc_codegen::pages::draft::draft;
use hwc_codegen::pages::model::{
    Constraints, DocType, EnumValue, Example, ExampleKind, Field, Located, Operation, Page,
    PageFormat, Parameter, ParameterIn, Response, StatusCode, TypeKind,
};
use serde_json::{Value, json};

fn ty(raw: &str, kind: TypeKind) -> Option<DocType> {
    Some(DocType {
        raw: raw.into(),
        kind,
    })
}

fn parameter(name: &str, location: ParameterIn, required: bool, description: &str) -> Parameter {
    Parameter {
        name: name.into(),
        location,
        required: Some(required),
        ty: ty("String", TypeKind::String),
        description: description.into(),
        constraints: Constraints::default(),
        line: 1,
    }
}

fn field(name: &str, raw: &str, kind: TypeKind, description: &str) -> Field {
    Field {
        name: name.into(),
        required: None,
        ty: DocType {
            raw: raw.into(),
            kind,
        },
        description: description.into(),
        constraints: Constraints::default(),
        fields: Vec::new(),
        line: 1,
    }
}

fn located<T>(value: T) -> Option<Located<T>> {
    Some(Located { value, line: 1 })
}

/// A list page shaped like the RDS page (`001_ef034accc86fd640.txt`), written by hand: the
/// values below are the page's.
fn list_page() -> Page {
    let mut offset = parameter(
        "offset",
        ParameterIn::Query,
        false,
        "Specifies the index position.",
    );
    offset.ty = None;
    offset.constraints.default = located("0".into());
    let mut limit = parameter(
        "limit",
        ParameterIn::Query,
        false,
        "The minimum value is 1 and the maximum value is 100.",
    );
    limit.ty = None;
    limit.constraints.minimum = located(1.0);
    limit.constraints.maximum = located(100.0);
    limit.constraints.default = located("100".into());
    let mut backup_type = parameter(
        "backup_type",
        ParameterIn::Query,
        false,
        "Specifies the backup type.",
    );
    backup_type.ty = None;
    backup_type.constraints.values = ["auto", "manual"]
        .iter()
        .map(|value| EnumValue {
            value: (*value).into(),
            meaning: None,
            line: 1,
        })
        .collect();
    let mut begin_time = parameter(
        "begin_time",
        ParameterIn::Query,
        false,
        "The format of the start time is \"yyyy-mm-ddThh:mm:ssZ\". When begin_time is not empty, end_time is mandatory.",
    );
    begin_time.ty = None;
    let mut end_time = parameter(
        "end_time",
        ParameterIn::Query,
        false,
        "The format of the end time is \"yyyy-mm-ddThh:mm:ssZ\". When end_time is not empty, begin_time is mandatory.",
    );
    end_time.ty = None;
    let mut datastore = field(
        "datastore",
        "Object",
        TypeKind::Object,
        "Indicates the database version.",
    );
    datastore.fields = vec![field(
        "type",
        "String",
        TypeKind::String,
        "Indicates the DB engine.",
    )];
    let mut backups = field(
        "backups",
        "Array of objects",
        TypeKind::Array(Some(Box::new(TypeKind::Object))),
        "Indicates the backup list.",
    );
    backups.fields = vec![
        field("id", "String", TypeKind::String, "Indicates the backup ID."),
        field(
            "size",
            "Long",
            TypeKind::Long,
            "Indicates the backup size in KB.",
        ),
        field(
            "begin_time",
            "String",
            TypeKind::String,
            "Indicates the backup start time.",
        ),
        datastore,
        field(
            "extra",
            "Whatever",
            TypeKind::Unknown("Whatever".into()),
            "A type word nobody knows.",
        ),
    ];
    let example = json!({
        "backups": [{
            "id ": "43e4feaab48f11e89039fa163ebaa7e4br04",
            "size": 2803,
            "begin_time": "2018-08-06T12:41:14+0800",
            "datastore": { "type": "MySQL" }
        }],
        "total_count": 1
    });
    Page {
        file: PathBuf::from("../shared/docs/001_ef034accc86fd640.txt"),
        format: PageFormat::Html,
        title: Some("Obtaining Details About Backups".into()),
        operations: vec![Operation {
            method: "GET".into(),
            path: "/v3/{project_id}/backups".into(),
            title: Some("Obtaining Details About Backups".into()),
            line: 1,
            hosts: vec![Located {
                value: "rds.eu-de.otc.t-systems.com".into(),
                line: 1,
            }],
            parameters: vec![
                parameter("project_id", ParameterIn::Path, true, "Specifies the project ID."),
                parameter("instance_id", ParameterIn::Query, true, "Specifies the DB instance ID."),
                backup_type,
                offset,
                limit,
                begin_time,
                end_time,
                parameter("X-Auth-Token", ParameterIn::Header, true, "User token."),
            ],
            request_body: Vec::new(),
            responses: vec![Response {
                status: None,
                fields: vec![
                    backups,
                    field("total_count", "Integer", TypeKind::Integer, "Indicates the total number of records."),
                ],
                line: 1,
            }],
            status_codes: Vec::new(),
            examples: vec![Example {
                kind: ExampleKind::Response,
                status: None,
                caption: Some("Obtaining a backup list of a MySQL DB instance".into()),
                text: example.to_string(),
                value: Some(example),
                line: 1,
            }],
            request_lines: vec![Located {
                value: "GET https://{Endpoint}/v3/0483b6b16e954cb88930a360d2c4e663/backups?instance_id=43e4&offset=0&limit=10&begin_time=2018-08-06T10:41:14+0800".into(),
                line: 1,
            }],
        }],
    }
}

fn drafted(pages: &[Page]) -> (String, Value) {
    let yaml = draft(pages).expect("a draft");
    let value: Value = serde_yaml::from_str(&yaml).expect("the draft is YAML");
    (yaml, value)
}

#[test]
fn a_list_page_drafts_into_the_conventions_of_specs_readme() {
    let (yaml, spec) = drafted(&[list_page()]);
    let operation = &spec["paths"]["/v3/{project_id}/backups"]["get"];
    assert_eq!(spec["x-hwc-doc-source"], "001_ef034accc86fd640.txt");
    assert_eq!(
        spec["servers"],
        json!([{
            "url": "https://rds.{region}.otc.t-systems.com",
            "x-hwc-cloud": "otc",
            "variables": { "region": { "default": "eu-de" } }
        }])
    );
    assert_eq!(spec["security"], json!([{ "iam_token": [] }]));
    assert_eq!(
        spec["components"]["securitySchemes"]["iam_token"],
        json!({ "type": "apiKey", "in": "header", "name": "X-Auth-Token" })
    );
    assert_eq!(operation["operationId"], "list_backups");
    let parameters = operation["parameters"].as_array().expect("parameters");
    let names: Vec<&str> = parameters
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "project_id",
            "instance_id",
            "backup_type",
            "offset",
            "limit",
            "begin_time",
            "end_time"
        ],
        "X-Auth-Token is the security scheme, not a parameter"
    );
    let by_name = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .expect("the parameter")
    };
    assert_eq!(
        by_name("project_id")["example"],
        "0483b6b16e954cb88930a360d2c4e663"
    );
    assert_eq!(
        by_name("backup_type")["schema"],
        json!({ "type": "string", "enum": ["auto", "manual"] })
    );
    assert_eq!(
        by_name("limit")["schema"],
        json!({ "type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 100 })
    );
    assert_eq!(by_name("limit")["example"], 10);
    assert_eq!(
        by_name("offset")["schema"],
        json!({ "type": "integer", "format": "int32", "default": 0 })
    );
    assert_eq!(
        by_name("begin_time")["schema"],
        json!({ "type": "string", "format": "hwc-date-time" })
    );
    assert_eq!(by_name("begin_time")["example"], "2018-08-06T10:41:14+0800");
    assert_eq!(by_name("begin_time")["x-hwc-requires"], json!(["end_time"]));
    assert_eq!(by_name("end_time")["x-hwc-requires"], json!(["begin_time"]));
    assert!(
        by_name("offset")["x-hwc-todo"].is_string(),
        "the inferred type is marked"
    );
    assert_eq!(
        operation["x-hwc-pagination"],
        json!({ "offset": "offset", "limit": "limit", "items": "backups", "total": "total_count", "start": 0, "unit": "item" })
    );
    let normal = &operation["responses"]["2XX"];
    assert!(
        normal["x-hwc-todo"].is_string(),
        "no status code on the page is marked"
    );
    let media = &normal["content"]["application/json"];
    assert_eq!(
        media["schema"],
        json!({ "$ref": "#/components/schemas/ListBackupsResponse" })
    );
    assert_eq!(
        media["examples"]["obtaining_a_backup_list_of_a"]["summary"],
        "Obtaining a backup list of a MySQL DB instance"
    );
    assert_eq!(
        media["examples"]["obtaining_a_backup_list_of_a"]["value"]["backups"][0]["id "],
        "43e4feaab48f11e89039fa163ebaa7e4br04",
        "examples are verbatim, defects included"
    );
    assert_eq!(
        operation["responses"]["default"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Error" })
    );
    let schemas = &spec["components"]["schemas"];
    let backup = &schemas["Backup"];
    assert_eq!(
        schemas["ListBackupsResponse"]["properties"]["backups"]["items"],
        json!({ "$ref": "#/components/schemas/Backup" })
    );
    assert_eq!(backup["properties"]["size"]["format"], "int64");
    assert_eq!(
        backup["properties"]["begin_time"]["format"], "hwc-date-time",
        "no pattern in the description: the example values' shape"
    );
    assert_eq!(
        backup["properties"]["datastore"],
        json!({ "$ref": "#/components/schemas/Datastore" })
    );
    assert!(
        backup["properties"]["extra"]["x-hwc-todo"].is_string(),
        "an unknown type word is marked"
    );
    assert!(
        backup["x-hwc-todo"]
            .as_str()
            .is_some_and(|note| note.contains("\"id \"")),
        "a field of the example that no table lists is marked"
    );
    assert_eq!(
        yaml,
        draft(&[list_page()]).expect("a draft"),
        "the draft is deterministic"
    );
    hwc_codegen::render_str(Path::new("draft.yaml"), &yaml).expect("the draft renders");
}

#[test]
fn a_page_without_operations_is_an_error() {
    let page = Page {
        file: PathBuf::from("empty.txt"),
        format: PageFormat::Html,
        title: None,
        operations: Vec::new(),
    };
    let diagnostics = draft(std::slice::from_ref(&page)).expect_err("nothing to draft");
    assert!(diagnostics.to_string().contains("empty.txt"));
    // Beside a page with operations, it is a note in the draft.
    let (_, spec) = drafted(&[list_page(), page]);
    assert!(
        spec["x-hwc-todo"]
            .to_string()
            .contains("empty.txt: the page documents no operation")
    );
}

#[test]
fn error_tables_become_the_shared_error_schema_and_listed_codes_responses() {
    let mut page = list_page();
    let operation = &mut page.operations[0];
    let error_fields = vec![
        field("error_msg", "String", TypeKind::String, "Error message."),
        field("error_code", "String", TypeKind::String, "Error code."),
    ];
    for status in [400, 500] {
        operation.responses.push(Response {
            status: Some(status),
            fields: error_fields.clone(),
            line: 1,
        });
    }
    operation.status_codes = vec![
        StatusCode {
            code: 200,
            description: Some("OK".into()),
            line: 1,
        },
        StatusCode {
            code: 400,
            description: Some("Invalid request.".into()),
            line: 1,
        },
        StatusCode {
            code: 404,
            description: None,
            line: 1,
        },
    ];
    let (yaml, spec) = drafted(&[page]);
    let responses = &spec["paths"]["/v3/{project_id}/backups"]["get"]["responses"];
    let keys: Vec<&String> = responses.as_object().expect("responses").keys().collect();
    assert_eq!(
        keys,
        ["200", "400", "404", "500"],
        "the normal response takes the listed 2xx code"
    );
    assert_eq!(responses["200"]["description"], "OK");
    assert_eq!(responses["400"]["description"], "Invalid request.");
    for status in ["400", "404", "500"] {
        assert_eq!(
            responses[status]["content"]["application/json"]["schema"],
            json!({ "$ref": "#/components/schemas/Error" })
        );
    }
    let error = &spec["components"]["schemas"]["Error"]["properties"];
    let names: Vec<&String> = error.as_object().expect("properties").keys().collect();
    assert_eq!(
        names,
        ["error_msg", "error_code"],
        "the page's error table, in its order"
    );
    hwc_codegen::render_str(Path::new("draft.yaml"), &yaml).expect("the draft renders");
}

/// The listing page with the success statuses `codes` (200 keeps its table).
fn list_page_answering(codes: &[u16]) -> Page {
    let mut page = list_page();
    page.operations[0].status_codes = codes
        .iter()
        .map(|&code| StatusCode {
            code,
            description: None,
            line: 1,
        })
        .collect();
    page
}

#[test]
fn a_paged_operation_with_a_bodiless_204_is_paged() {
    // As the DCS v2 list page: 200 with the records, 204 "No backup record is found".
    let (yaml, spec) = drafted(&[list_page_answering(&[200, 204])]);
    let operation = &spec["paths"]["/v3/{project_id}/backups"]["get"];
    assert_eq!(operation["x-hwc-pagination"]["items"], "backups");
    assert!(operation.get("x-hwc-todo").is_none(), "{operation}");
    let rendered = hwc_codegen::render_str(Path::new("draft.yaml"), &yaml).expect("it renders");
    assert!(
        rendered.source.contains("Pages<ListBackupsSuccess>"),
        "the 204 is an empty page of the listing"
    );
}

#[test]
fn a_paged_operation_with_two_success_bodies_gets_a_note_not_pagination() {
    // 200 with the table, 201 with an example body of its own.
    let mut page = list_page_answering(&[200, 201]);
    let operation = &mut page.operations[0];
    let mut created = operation.examples[0].clone();
    created.status = Some(201);
    operation.examples.push(created);
    let (yaml, spec) = drafted(&[page]);
    let operation = &spec["paths"]["/v3/{project_id}/backups"]["get"];
    assert!(operation.get("x-hwc-pagination").is_none());
    let notes = operation["x-hwc-todo"].to_string();
    assert!(
        notes.contains("several success statuses with a body"),
        "{notes}"
    );
    hwc_codegen::render_str(Path::new("draft.yaml"), &yaml).expect("the draft renders");
}

/// One draft of a service's four OTC pages (list, create, delete, restore) is one spec: the
/// first page is its `x-hwc-doc-source`, each other operation names its own page, and it
/// renders and checks clean against all four pages.
#[test]
fn a_draft_of_several_pages_is_one_spec_naming_each_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/docs/otc/relational-database-service");
    let files = [
        "obtaining_details_about_backups.rst",
        "creating_a_manual_backup.rst",
        "deleting_a_manual_backup.rst",
        "restoring_data_to_a_new_db_instance.rst",
    ];
    let pages: Vec<Page> = files
        .iter()
        .map(|file| hwc_codegen::pages::read::read_page(&dir.join(file)).expect("the page reads"))
        .collect();
    let (yaml, spec) = drafted(&pages);
    let source = |method: &str, path: &str| spec["paths"][path][method]["x-hwc-doc-source"].clone();
    assert_eq!(
        spec["x-hwc-doc-source"],
        "otc/relational-database-service/obtaining_details_about_backups.rst"
    );
    assert_eq!(source("get", "/v3/{project_id}/backups"), Value::Null);
    assert_eq!(
        source("post", "/v3/{project_id}/backups"),
        "otc/relational-database-service/creating_a_manual_backup.rst"
    );
    assert_eq!(
        source("delete", "/v3/{project_id}/backups/{backup_id}"),
        "otc/relational-database-service/deleting_a_manual_backup.rst"
    );
    assert_eq!(
        source("post", "/v3/{project_id}/instances"),
        "otc/relational-database-service/restoring_data_to_a_new_db_instance.rst"
    );
    let servers = spec["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 1, "one cloud (OTC), named once: {servers:?}");
    let rendered = hwc_codegen::render_str(Path::new("rds-otc.yaml"), &yaml).expect("it renders");
    assert_eq!(rendered.operations(), 4);

    let scratch = tempfile::tempdir().expect("a temporary directory");
    let file = scratch.path().join("rds-otc.yaml");
    std::fs::write(&file, &yaml).expect("write the draft");
    let differences = hwc_codegen::pages::check::check(&file, &pages).expect("it checks");
    assert!(
        differences.is_empty(),
        "{}",
        hwc_codegen::pages::check::human(&differences)
    );
}
