//! OpenAPI 3.1, Swagger 2.0 and the defects of published specs: what the loader says about
//! each fixture (`fixtures/openapi31.yaml`, `swagger2.yaml`, `defects.yaml`), where, and
//! how `strict` turns the warnings into errors. The generated code itself is a snapshot
//! (`snapshots.rs`) and is compiled (`src/lib.rs`).

use std::path::{Path, PathBuf};

use hwc_codegen::diagnostic::{Severity, refuse_warnings};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// (severity, pointer, message) of each warning and note of a fixture.
fn warnings(name: &str) -> Vec<(Severity, String, String)> {
    let rendered = hwc_codegen::render(&fixture(name)).unwrap_or_else(|d| panic!("{d}"));
    rendered
        .warnings
        .into_iter()
        .map(|d| (d.severity, d.pointer, d.message))
        .collect()
}

#[test]
fn each_defect_is_a_warning_at_its_place_with_its_reason() {
    let found = warnings("defects.yaml");
    let expected = [
        (
            "#/paths/~1items/get/responses/200",
            "1 response code(s) are YAML integers (here and elsewhere); read as strings, \
             which is what OpenAPI requires (quote them: '200':)",
        ),
        (
            "#/paths/~1items/get/parameters/0",
            "parameter \"X-Trace\" has neither `schema` nor `content`: it is sent as a string",
        ),
        (
            "#/paths/~1items~1{id}/put/responses",
            "the operation has `responses: null`: it returns the raw response body \
             (`bytes::Bytes`)",
        ),
        (
            "#/paths/~1items~1{id}/delete",
            "the operation has no `responses`: it returns the raw response body \
             (`bytes::Bytes`)",
        ),
        (
            "#/paths/~1status/get/responses/200",
            "the response has no `description`",
        ),
    ];
    let expected: Vec<(Severity, String, String)> = expected
        .iter()
        .map(|(at, message)| (Severity::Warning, (*at).to_owned(), (*message).to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn strict_refuses_each_defect_as_an_error() {
    let rendered = hwc_codegen::render(&fixture("defects.yaml")).unwrap_or_else(|d| panic!("{d}"));
    let Err(errors) = refuse_warnings(&rendered.warnings) else {
        panic!("strict accepted the defects");
    };
    assert_eq!(errors.0.len(), 5);
    assert!(errors.iter().all(|d| d.severity == Severity::Error));
    assert!(errors.to_string().starts_with("error: "), "{errors}");

    let out = tempfile_dir("strict");
    let result = hwc_codegen::Config::new(fixture("defects.yaml"))
        .out_dir(&out)
        .rerun_if_changed(false)
        .strict(true)
        .generate();
    let Err(errors) = result else {
        panic!("Config::strict(true) accepted the defects");
    };
    assert_eq!(errors.0[1].pointer, "#/paths/~1items/get/parameters/0");
    // Notes are not defects: a 3.1 spec with only notes passes strict.
    let notes = hwc_codegen::render(&fixture("openapi31.yaml")).unwrap_or_else(|d| panic!("{d}"));
    assert!(refuse_warnings(&notes.warnings).is_ok());
}

fn tempfile_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hwc-versions-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn openapi_3_1_loosenings_are_notes_where_written() {
    let found = warnings("openapi31.yaml");
    let at: Vec<(Severity, &str)> = found
        .iter()
        .map(|(severity, pointer, _)| (*severity, pointer.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (Severity::Note, "#/webhooks"),
            (Severity::Note, "#/components/securitySchemes/clientCert"),
            (
                Severity::Note,
                "#/components/schemas/Dog/unevaluatedProperties"
            ),
            (
                Severity::Note,
                "#/components/schemas/Dog/properties/position/prefixItems"
            ),
            (
                Severity::Note,
                "#/components/schemas/Dog/properties/collar/if"
            ),
            (
                Severity::Note,
                "#/components/schemas/Dog/properties/collar/then"
            ),
            (Severity::Note, "#/paths/~1health/get"),
        ]
    );
    assert!(found[0].2.starts_with("1 webhook(s) skipped"));
}

#[test]
fn swagger_2_converts_without_a_word() {
    assert_eq!(warnings("swagger2.yaml"), []);
}

/// A spec in each version with one error deep inside: the diagnostic names the place in
/// the document as written, not in the converted one.
#[test]
fn errors_point_into_the_document_as_written() {
    let cases = [
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: q, in: query, type: string}\n        - {name: b, in: body, schema: {$ref: '#/definitions/Nope'}}\n      responses: {'200': {description: ok}}\ndefinitions:\n  A: {properties: {b: {$ref: '#/definitions/Gone'}}}\n",
            vec![
                "#/definitions/A/properties/b",
                "#/paths/~1a/post/parameters/1/schema",
            ],
        ),
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, type: string}\n        - {name: r, in: nowhere, type: string}\n      responses: {'200': {description: ok}}\n",
            vec!["#/paths/~1a/get/parameters/1"],
        ),
        (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      $defs:\n        B: {properties: {c: {$ref: '#/components/schemas/Gone'}}}\n",
            vec!["#/components/schemas/A/$defs/B/properties/c"],
        ),
    ];
    for (text, pointers) in cases {
        let Err(errors) = hwc_codegen::render_str(Path::new("spec.yaml"), text) else {
            panic!("rendered a broken spec:\n{text}");
        };
        let mut found: Vec<&str> = errors.iter().map(|d| d.pointer.as_str()).collect();
        found.sort_unstable();
        assert_eq!(found, pointers, "{errors}");
    }
}

/// A security scheme the client cannot send is a warning where it is declared, and an
/// error under `strict`.
#[test]
fn an_unsupported_security_scheme_is_a_warning_and_strict_refuses_it() {
    let spec = tempfile_dir("digest").join("digest.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{digestAuth: []}]\n\
         paths:\n  /a:\n    get: {responses: {'204': {description: ok}}}\n\
         components:\n  securitySchemes:\n    digestAuth: {type: http, scheme: digest}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let rendered = hwc_codegen::Config::new(&spec)
        .render()
        .unwrap_or_else(|d| panic!("{d}"));
    let found: Vec<(Severity, &str)> = rendered
        .warnings
        .iter()
        .map(|d| (d.severity, d.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [(Severity::Warning, "#/components/securitySchemes/digestAuth")]
    );
    assert!(rendered.source.contains("Sends no credentials."));
    let Err(errors) = hwc_codegen::Config::new(&spec).strict(true).render() else {
        panic!("strict accepted a scheme the client cannot send");
    };
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].severity, Severity::Error);
    assert_eq!(
        errors.0[0].pointer,
        "#/components/securitySchemes/digestAuth"
    );
}
