//! The command line as a user runs it: exit codes, summaries and diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hwc-codegen"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run hwc-codegen: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// A scratch copy of `specs/` and the generated crate's manifest and sources.
fn scratch() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&repo().join("specs"), &dir.path().join("specs"));
    copy_dir(
        &repo().join("generated/src"),
        &dir.path().join("generated/src"),
    );
    std::fs::copy(
        repo().join("generated/Cargo.toml"),
        dir.path().join("generated/Cargo.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let specs = dir.path().join("specs").display().to_string();
    let out = dir.path().join("generated").display().to_string();
    (dir, specs, out)
}

#[test]
fn committed_crate_is_up_to_date() {
    let specs = repo().join("specs").display().to_string();
    let out = repo().join("generated").display().to_string();
    let result = codegen(&["check", "--specs", &specs, "--out", &out]);
    assert!(result.status.success(), "{}", text(&result.stderr));
}

#[test]
fn check_names_the_stale_file_after_a_description_edit() {
    let (dir, specs, out) = scratch();
    let spec = dir.path().join("specs/rds.yaml");
    let original = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{e}"));
    let edited = original.replacen("Indicates the backup ID.", "Indicates the backup's ID.", 1);
    assert_ne!(original, edited, "the description to edit is in the spec");
    std::fs::write(&spec, edited).unwrap_or_else(|e| panic!("{e}"));

    let result = codegen(&["check", "--specs", &specs, "--out", &out]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("rds.rs"), "{stderr}");
    assert!(
        !stderr.contains("dcs.rs"),
        "only the edited spec's module is stale: {stderr}"
    );

    let result = codegen(&["generate", "--specs", &specs, "--out", &out]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let summary = text(&result.stdout);
    assert!(summary.starts_with("5 specs, 15 operations, "), "{summary}");
    assert!(
        summary
            .trim_end()
            .ends_with(": 1 of 7 files written or removed"),
        "{summary}"
    );
    let result = codegen(&["check", "--specs", &specs, "--out", &out]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
}

#[test]
fn generate_removes_modules_whose_spec_is_gone() {
    let (dir, specs, out) = scratch();
    std::fs::remove_file(dir.path().join("specs/dcs.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let result = codegen(&["generate", "--specs", &specs, "--out", &out]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(!dir.path().join("generated/src/dcs.rs").exists());
    let manifest =
        std::fs::read_to_string(dir.path().join("generated/Cargo.toml")).unwrap_or_default();
    assert!(!manifest.contains("dcs = []"), "{manifest}");
    assert!(manifest.contains("rds = []"), "{manifest}");
}

#[test]
fn dangling_ref_exits_2_naming_the_pointer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let result = codegen(&["render", &spec.display().to_string()]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains(
            "broken.yaml at #/paths/~1a~1{id}/get/responses/200/content/application~1json/schema"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"#/components/schemas/Nope\" points nowhere"),
        "{stderr}"
    );
    assert!(result.stdout.is_empty(), "nothing is rendered");
}

#[test]
fn several_problems_are_reported_together() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("two.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/X'}\n    B: {type: object, properties: {y: {$ref: '#/components/schemas/Y'}}}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let result = codegen(&["render", &spec.display().to_string()]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("#/components/schemas/A: `$ref` \"#/components/schemas/X\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("#/components/schemas/B/properties/y: `$ref` \"#/components/schemas/Y\""),
        "{stderr}"
    );
    assert!(stderr.contains("2 problems found"), "{stderr}");
}

#[test]
fn render_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = dir.path().join("rds.rs");
    let spec = repo().join("specs/rds.yaml").display().to_string();
    let result = codegen(&["render", &spec, "-o", &output.display().to_string()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let written = std::fs::read_to_string(&output).unwrap_or_default();
    let committed =
        std::fs::read_to_string(repo().join("generated/src/rds.rs")).unwrap_or_default();
    assert_eq!(written, committed);
}

fn seed_page(name: &str) -> String {
    repo()
        .join("../shared/docs")
        .join(name)
        .display()
        .to_string()
}

const RDS_PAGE: &str = "001_ef034accc86fd640.txt";

#[test]
fn docs_check_exits_0_when_the_page_and_spec_agree() {
    let spec = repo().join("specs/rds.yaml").display().to_string();
    let result = codegen(&["docs", "check", &spec, &seed_page(RDS_PAGE)]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stdout));
    assert_eq!(
        text(&result.stdout),
        "no differences: the pages and the spec agree\n"
    );
}

/// rds.yaml with the `backup_id` parameter renamed: the page's `backup_id` is missing
/// from the spec, and the spec's `backup_ref` is not on the page.
fn renamed_parameter_spec(dir: &Path) -> String {
    let spec = dir.join("rds.yaml");
    let original = std::fs::read_to_string(repo().join("specs/rds.yaml")).unwrap_or_default();
    let edited = original.replacen("- name: backup_id", "- name: backup_ref", 1);
    assert_ne!(original, edited, "the parameter to rename is in the spec");
    std::fs::write(&spec, edited).unwrap_or_else(|e| panic!("{e}"));
    spec.display().to_string()
}

#[test]
fn docs_check_exits_1_with_one_line_per_difference() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = renamed_parameter_spec(dir.path());
    let page = seed_page(RDS_PAGE);
    let result = codegen(&["docs", "check", &spec, &page]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let operation = "#/paths/~1v3~1{project_id}~1backups/get";
    // The page's backup_id row is on line 45; its URI line is 19.
    assert_eq!(
        lines,
        [
            format!(
                "{page}:45: parameter-missing: the page documents the query parameter `backup_id`; the spec does not have it ({operation})"
            )
            .as_str(),
            format!(
                "{page}:19: parameter-extra: the spec has the query parameter `backup_ref`; the page does not document it ({operation})"
            )
            .as_str(),
            "2 differences: 1 parameter-missing, 1 parameter-extra",
        ]
    );
}

#[test]
fn docs_check_json_lists_the_differences_for_tools() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = renamed_parameter_spec(dir.path());
    let page = seed_page(RDS_PAGE);
    let result = codegen(&["docs", "check", &spec, &page, "--format", "json"]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&result.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["clean"], false);
    assert_eq!(json["count"], 2);
    assert_eq!(
        json["counts"],
        serde_json::json!({"parameter-missing": 1, "parameter-extra": 1})
    );
    assert_eq!(
        json["differences"][0],
        serde_json::json!({
            "kind": "parameter-missing",
            "page": page,
            "line": 45,
            "subject": "backup_id",
            "item": "backup_id",
            "pointer": "#/paths/~1v3~1{project_id}~1backups/get",
            "message": "the page documents the query parameter `backup_id`; the spec does not have it",
        })
    );
    assert_eq!(json["differences"][1]["kind"], "parameter-extra");
}

#[test]
fn docs_check_exits_2_on_a_page_it_cannot_read() {
    let spec = repo().join("specs/rds.yaml").display().to_string();
    let result = codegen(&["docs", "check", &spec, "no-such-page.txt"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("no-such-page.txt at #: cannot read the page"),
        "{stderr}"
    );
    assert!(result.stdout.is_empty());
}

/// `docs check` of the RDS seed page against specs/rds.yaml with `from` replaced by `to`
/// (once): asserts exit code 2 and returns standard error.
fn docs_check_edited_rds(from: &str, to: &str) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("rds.yaml");
    let original = std::fs::read_to_string(repo().join("specs/rds.yaml")).unwrap_or_default();
    let edited = original.replacen(from, to, 1);
    assert_ne!(
        original, edited,
        "the acknowledgement to break is in the spec"
    );
    std::fs::write(&spec, edited).unwrap_or_else(|e| panic!("{e}"));
    let result = codegen(&[
        "docs",
        "check",
        &spec.display().to_string(),
        &seed_page(RDS_PAGE),
    ]);
    assert_eq!(result.status.code(), Some(2));
    text(&result.stderr)
}

#[test]
fn docs_check_exits_2_on_an_acknowledgement_without_a_reason() {
    let stderr = docs_check_edited_rds(
        "          x-hwc-doc-differs:\n            range-differs: >-\n",
        "          x-hwc-doc-differs:\n            range-differs: ' '\n            type-differs: >-\n",
    );
    let offset = "#/paths/~1v3~1{project_id}~1backups/get/parameters/4/x-hwc-doc-differs";
    assert!(
        stderr.contains(&format!(
            "{offset}/range-differs: an acknowledgement needs a reason"
        )),
        "{stderr}"
    );
}

#[test]
fn docs_check_exits_2_on_an_acknowledgement_for_a_page_without_its_page() {
    let stderr = docs_check_edited_rds(
        "          associated_with_ddm:\n            page: ",
        "          associated_with_ddm:\n            pages: ",
    );
    let at = "#/components/schemas/Backup/x-hwc-doc-differs/field-extra/associated_with_ddm/pages";
    assert!(
        stderr.contains(&format!(
            "{at}: a reason for one page has only `page` and `reason`"
        )),
        "{stderr}"
    );
}

#[test]
fn docs_draft_writes_a_spec_that_renders() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = dir.path().join("draft.yaml");
    let output_text = output.display().to_string();
    let result = codegen(&["docs", "draft", &seed_page(RDS_PAGE), "-o", &output_text]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(result.stdout.is_empty(), "-o writes the file, not stdout");
    let draft = std::fs::read_to_string(&output).unwrap_or_default();
    assert!(draft.starts_with("openapi: 3.0.3\n"), "{draft}");
    let result = codegen(&["render", &output_text]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let to_stdout = codegen(&["docs", "draft", &seed_page(RDS_PAGE)]);
    assert_eq!(text(&to_stdout.stdout), draft);
}

#[test]
fn render_selects_operations_by_name_and_tag() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("pets.yaml");
    std::fs::write(
        &spec,
        r#"
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
  /owners:
    get:
      operationId: listOwners
      tags: [owners]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Owner'}}
  /shops:
    get:
      operationId: listShops
      responses:
        '204': {description: none}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let spec = spec.display().to_string();
    let result = codegen(&[
        "render",
        &spec,
        "--tags",
        "owners",
        "--operations",
        "listShops",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let source = text(&result.stdout);
    assert!(source.contains("pub fn list_owners(&self)"), "{source}");
    assert!(source.contains("pub fn list_shops(&self)"), "{source}");
    assert!(!source.contains("list_pets"), "{source}");
    assert!(source.contains("pub struct Owner "), "{source}");
    assert!(!source.contains("pub struct Pet "), "{source}");

    let result = codegen(&["render", &spec, "--tags", "vets"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr)
            .contains("no operation is tagged `vets`; the spec's tags: `owners`, `pets`"),
        "{}",
        text(&result.stderr)
    );
}

#[test]
fn generate_refuses_a_tag_no_spec_has() {
    let (_dir, specs, out) = scratch();
    let result = codegen(&[
        "generate", "--specs", &specs, "--out", &out, "--tags", "nope",
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("no spec has an operation tagged `nope`"),
        "{}",
        text(&result.stderr)
    );
}
