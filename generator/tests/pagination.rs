//! `x-hwc-pagination`: what it generates, and the located diagnostics for what the runtime
//! cannot page with.

use std::path::Path;

/// A spec with one paged operation; `extension` is the `x-hwc-pagination` value and
/// `offset`/`limit` the schemas of those parameters.
fn spec(extension: &str, offset: &str, limit: &str) -> String {
    format!(
        r#"
openapi: 3.0.3
info: {{title: Paged, version: "1"}}
paths:
  /things:
    get:
      operationId: list_things
      x-hwc-pagination: {extension}
      parameters:
        - {{name: offset, in: query, schema: {offset}}}
        - {{name: limit, in: query, schema: {limit}}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: {{type: array, items: {{type: string}}}}
                  total: {{type: integer}}
"#
    )
}

const INT: &str = "{type: integer, format: int32}";

fn errors(text: &str) -> String {
    match hwc_codegen::render_str(Path::new("paged.yaml"), text) {
        Ok(_) => panic!("the spec was accepted"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn page_numbers_and_the_note_reach_the_generated_code() {
    let text = spec(
        "{offset: offset, limit: limit, items: things, total: total, start: 1, unit: page, note: Counted from one because the docs say so.}",
        "{type: string}",
        INT,
    );
    let rendered =
        hwc_codegen::render_str(Path::new("paged.yaml"), &text).unwrap_or_else(|e| panic!("{e}"));
    let source = rendered.source;
    for expected in [
        "pub fn into_pages(mut self) -> ::hwc_runtime::paging::Pages<ListThingsResponse>",
        "pub fn into_items(self) -> ::hwc_runtime::paging::Items<String>",
        "start: 1,",
        "::hwc_runtime::paging::OffsetUnit::Page",
        "`offset` counts pages",
        "/// Counted from one because the docs say so.",
    ] {
        assert!(
            source.contains(expected),
            "missing {expected:?} in:\n{source}"
        );
    }
}

#[test]
fn an_offset_that_is_not_a_number_is_a_located_error() {
    let message = errors(&spec(
        "{offset: offset, limit: limit, items: things}",
        "{type: boolean}",
        INT,
    ));
    assert!(
        message.contains("#/paths/~1things/get/x-hwc-pagination")
            && message.contains("the offset parameter \"offset\" must be an integer or a string"),
        "{message}"
    );
}

#[test]
fn a_limit_that_is_a_list_is_a_located_error() {
    let message = errors(&spec(
        "{offset: offset, limit: limit, items: things}",
        INT,
        "{type: array, items: {type: integer}}",
    ));
    assert!(
        message.contains("the limit parameter \"limit\" must be a single value"),
        "{message}"
    );
}

#[test]
fn a_negative_start_is_refused() {
    let message = errors(&spec(
        "{offset: offset, limit: limit, items: things, start: -1}",
        INT,
        INT,
    ));
    assert!(
        message.contains("x-hwc-pagination") && message.contains("invalid pagination extension"),
        "{message}"
    );
}

/// `spec` with another success response beside the page's 200.
fn with_success(extension: &str, other: &str) -> String {
    spec(extension, INT, INT).replace("      responses:\n", &format!("      responses:\n{other}"))
}

const PAGED: &str = "{offset: offset, limit: limit, items: things, total: total}";

#[test]
fn a_bodiless_success_beside_the_page_is_an_empty_page() {
    let text = with_success(PAGED, "        \"204\": {description: Nothing found.}\n");
    let rendered =
        hwc_codegen::render_str(Path::new("paged.yaml"), &text).unwrap_or_else(|e| panic!("{e}"));
    let source = rendered.source;
    for expected in [
        "pub fn into_pages(mut self) -> ::hwc_runtime::paging::Pages<ListThingsSuccess>",
        "pub fn into_items(self) -> ::hwc_runtime::paging::Items<String>",
        "ListThingsSuccess::Ok(page) => page.things.as_deref().unwrap_or_default(),",
        "_ => &[],",
        "A success without a page (any but `Ok`, such as 204 No Content) is an empty page.",
    ] {
        assert!(
            source.contains(expected),
            "missing {expected:?} in:\n{source}"
        );
    }
}

#[test]
fn two_success_bodies_are_a_located_error() {
    let message = errors(&with_success(
        PAGED,
        "        \"201\":\n          description: Also a body.\n          content:\n            application/json:\n              schema: {type: object}\n",
    ));
    assert!(
        message.contains("#/paths/~1things/get/x-hwc-pagination")
            && message.contains("a paged operation must return one JSON object type"),
        "{message}"
    );
}
