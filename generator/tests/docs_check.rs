//! `docs check` on the pages of ../shared/docs: every page a spec names in
//! `x-hwc-doc-source` (seed pages and OTC pages) checks clean against it, and each
//! mutation of a seed page (one edit, written out below) gives exactly the difference it
//! should, and nothing else.

use std::path::{Path, PathBuf};

use hwc_codegen::pages::check::{Difference, DifferenceKind, check};
use hwc_codegen::pages::read::{parse_page, read_page};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn docs() -> PathBuf {
    repo().join("../shared/docs")
}

/// The five specs and the pages they name in `x-hwc-doc-source`.
const SEEDS: [(&str, &str); 5] = [
    ("gaussdb-nosql.yaml", "000_0d28428f87c6c0af.txt"),
    ("rds.yaml", "001_ef034accc86fd640.txt"),
    ("dcs.yaml", "002_40915adfba76e712.txt"),
    ("gaussdb-opengauss.yaml", "003_d7ee64864c42ec0e.txt"),
    ("taurusdb.yaml", "004_eb2511f54be85daa.txt"),
];

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks page `text` (read as if it were `page`) against `spec`.
fn check_text(spec: &str, page: &str, text: &str) -> Vec<Difference> {
    let page = parse_page(&docs().join(page), text).unwrap_or_else(|e| panic!("{page}: {e}"));
    check(&repo().join("specs").join(spec), &[page]).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn lines(differences: &[Difference]) -> String {
    differences.iter().map(|d| format!("\n  {d}")).collect()
}

#[test]
fn every_seed_page_checks_clean() {
    for (spec, page) in SEEDS {
        let differences = check_text(spec, page, &read(&docs().join(page)));
        assert!(
            differences.is_empty(),
            "{spec} vs {page}:{}",
            lines(&differences)
        );
    }
}

/// Every spec of `specs/`, by file name.
fn specs() -> Vec<String> {
    let dir = repo().join("specs");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    specs.sort();
    specs
}

/// The pages a spec names in `x-hwc-doc-source` (a page, or a list of pages): its own
/// (top level) first, then its operations', each once.
fn named_pages(spec: &str) -> Vec<String> {
    let text = read(&repo().join("specs").join(spec));
    let document: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let mut pages = Vec::new();
    let mut add = |source: &serde_yaml::Value| {
        let names = match source {
            serde_yaml::Value::Null => Vec::new(),
            serde_yaml::Value::String(page) => vec![page.as_str()],
            serde_yaml::Value::Sequence(list) => list
                .iter()
                .map(|page| {
                    page.as_str()
                        .unwrap_or_else(|| panic!("{spec}: a page name is a string: {page:?}"))
                })
                .collect(),
            other => panic!("{spec}: `x-hwc-doc-source` is a page or a list: {other:?}"),
        };
        for name in names {
            if !pages.iter().any(|known: &String| known == name) {
                pages.push(name.to_owned());
            }
        }
    };
    add(&document["x-hwc-doc-source"]);
    for item in document["paths"].as_mapping().into_iter().flatten() {
        for operation in item.1.as_mapping().into_iter().flatten() {
            add(&operation.1["x-hwc-doc-source"]);
        }
    }
    pages
}

/// Every page any spec names checks clean against it: alone (`docs check SPEC PAGE`, so
/// an acknowledgement that only another page uses shows as unused) and together with the
/// spec's other pages. Prints one line per page.
#[test]
fn every_page_a_spec_names_checks_clean() {
    let mut failures = String::new();
    let mut covered = Vec::new();
    for spec in specs() {
        let spec_file = repo().join("specs").join(&spec);
        let named = named_pages(&spec);
        if let Some((_, seed)) = SEEDS.iter().find(|(name, _)| *name == spec) {
            assert_eq!(named.first().map(String::as_str), Some(*seed), "{spec}");
        }
        let pages: Vec<_> = named
            .iter()
            .map(|page| read_page(&docs().join(page)).unwrap_or_else(|e| panic!("{page}: {e}")))
            .collect();
        for (name, page) in named.iter().zip(&pages) {
            let differences = check(&spec_file, std::slice::from_ref(page))
                .unwrap_or_else(|e| panic!("{spec}: {e}"));
            println!(
                "{spec} {name}: {}",
                if differences.is_empty() {
                    "clean".to_owned()
                } else {
                    format!("{} differences", differences.len())
                }
            );
            if !differences.is_empty() {
                failures.push_str(&format!("\n{spec} vs {name}:{}", lines(&differences)));
            }
            covered.push(name.clone());
        }
        let differences = check(&spec_file, &pages).unwrap_or_else(|e| panic!("{spec}: {e}"));
        if !differences.is_empty() {
            failures.push_str(&format!("\n{spec} vs {named:?}:{}", lines(&differences)));
        }
    }
    assert!(failures.is_empty(), "{failures}");
    // The seed pages and the OTC pages of the lifecycle, the RDS listing's included.
    for page in SEEDS.map(|(_, page)| page).iter().chain(&[
        "otc/relational-database-service/obtaining_details_about_backups.rst",
        "otc/relational-database-service/creating_a_manual_backup.rst",
        "otc/distributed-cache-service/listing_dcs_instance_backup_records.rst",
        "otc/gaussdb-opengauss/restoring_data_to_a_new_db_instance.rst",
    ]) {
        assert!(
            covered.iter().any(|name| name == page),
            "{page} is not checked"
        );
    }
}

/// One edit of a page. `at` is text that occurs exactly once in the page; line edits act
/// on the line where it starts.
enum Edit {
    /// Replace `at` with the text.
    Replace(&'static str, &'static str),
    /// Remove `lines` lines, starting with the line of `at`.
    RemoveLines(&'static str, usize),
    /// Insert, before the line of `at`, a copy of its `lines` lines whose first line has
    /// `from` renamed to `to` (a new row shaped like an existing one).
    CopyLines(&'static str, usize, &'static str, &'static str),
}

struct Mutation {
    page: &'static str,
    what: &'static str,
    edits: &'static [Edit],
    /// The one difference expected: kind, subject, item.
    kind: DifferenceKind,
    subject: &'static str,
    item: Option<&'static str>,
}

fn apply(text: &str, edit: &Edit, what: &str) -> String {
    let at = match edit {
        Edit::Replace(at, _) | Edit::RemoveLines(at, _) | Edit::CopyLines(at, ..) => *at,
    };
    assert_eq!(
        text.matches(at).count(),
        1,
        "{what}: {at:?} is not in the page exactly once"
    );
    let start = text.find(at).unwrap_or_default();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let span_end = |count: usize| {
        let mut end = line_start;
        for _ in 0..count {
            end += text[end..].find('\n').map_or(text.len() - end, |i| i + 1);
        }
        end
    };
    match edit {
        Edit::Replace(at, with) => text.replacen(at, with, 1),
        Edit::RemoveLines(_, count) => {
            format!("{}{}", &text[..line_start], &text[span_end(*count)..])
        }
        Edit::CopyLines(_, count, from, to) => {
            let copied = &text[line_start..span_end(*count)];
            assert!(
                copied.lines().next().is_some_and(|l| l.contains(from)),
                "{what}"
            );
            let renamed = copied.replacen(from, to, 1);
            format!("{}{renamed}{}", &text[..line_start], &text[line_start..])
        }
    }
}

use DifferenceKind::{
    FieldExtra, FieldMissing, ParameterExtra, ParameterMissing, RangeDiffers, TypeDiffers,
    ValueMissing,
};
use Edit::{CopyLines, RemoveLines, Replace};

const GEMINIDB: &str = "000_0d28428f87c6c0af.txt";
const RDS: &str = "001_ef034accc86fd640.txt";
const DCS: &str = "002_40915adfba76e712.txt";
const OPENGAUSS: &str = "003_d7ee64864c42ec0e.txt";
const TAURUSDB: &str = "004_eb2511f54be85daa.txt";

const MUTATIONS: &[Mutation] = &[
    // GeminiDB: text of an HTML page, one cell per line.
    Mutation {
        page: GEMINIDB,
        what: "parameter row removed",
        edits: &[Replace(
            "backup_id\n\nNo\n\nString\n\nExplanation:\n\nBackup ID.\n\nConstraints:\n\nN/A\n\nValues:\n\nN/A\n\nDefault value:\n\nN/A\n\n",
            "",
        )],
        kind: ParameterExtra,
        subject: "backup_id",
        item: Some("backup_id"),
    },
    Mutation {
        page: GEMINIDB,
        what: "parameter row added",
        edits: &[Replace(
            "backup_type\n\nNo\n\nString\n\nExplanation:\n\nBackup type\n\n",
            "marker\n\nNo\n\nString\n\nExplanation:\n\nMarker.\n\nConstraints:\n\nN/A\n\nValues:\n\nN/A\n\nDefault value:\n\nN/A\n\nbackup_type\n\nNo\n\nString\n\nExplanation:\n\nBackup type\n\n",
        )],
        kind: ParameterMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: GEMINIDB,
        what: "type changed",
        edits: &[Replace("limit\n\nNo\n\nInteger", "limit\n\nNo\n\nLong")],
        kind: TypeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: GEMINIDB,
        what: "enum value added",
        edits: &[Replace(
            "  • Manual, indicating that this backup is a manual full backup.\n",
            "  • Manual, indicating that this backup is a manual full backup.\n  • Snapshot, indicating that this backup is a snapshot.\n",
        )],
        kind: ValueMissing,
        subject: "backup_type",
        item: Some("Snapshot"),
    },
    Mutation {
        page: GEMINIDB,
        what: "range changed",
        edits: &[Replace("1 to 100", "1 to 50")],
        kind: RangeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: GEMINIDB,
        what: "response field added",
        edits: &[Replace(
            "backups\n\nArray of objects",
            "marker\n\nString\n\nExplanation:\n\nMarker.\n\nValues:\n\nN/A\n\nbackups\n\nArray of objects",
        )],
        kind: FieldMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: GEMINIDB,
        what: "nested table's field removed",
        edits: &[Replace(
            "version\n\nString\n\nExplanation:\n\nDatabase version\n\nValues:\n\nN/A\n\n",
            "",
        )],
        kind: FieldExtra,
        subject: "backups.datastore.version",
        item: Some("version"),
    },
    // RDS: text of an HTML page, indented, no Type column in the parameter table.
    Mutation {
        page: RDS,
        what: "parameter row removed",
        edits: &[Replace(
            "    backup_id\n\n    No\n\n    Specifies the backup ID.\n\n",
            "",
        )],
        kind: ParameterExtra,
        subject: "backup_id",
        item: Some("backup_id"),
    },
    Mutation {
        page: RDS,
        what: "parameter row added",
        edits: &[Replace(
            "    backup_type\n\n    No",
            "    marker\n\n    No\n\n    Specifies a marker.\n\n    backup_type\n\n    No",
        )],
        kind: ParameterMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: RDS,
        what: "type changed",
        edits: &[Replace("    size\n\n    Long", "    size\n\n    Integer")],
        kind: TypeDiffers,
        subject: "backups.size",
        item: None,
    },
    Mutation {
        page: RDS,
        what: "enum value added",
        edits: &[Replace(
            "    • incremental: automated incremental backup\n\n    offset",
            "    • incremental: automated incremental backup\n\n    • snapshot: snapshot backup\n\n    offset",
        )],
        kind: ValueMissing,
        subject: "backup_type",
        item: Some("snapshot"),
    },
    Mutation {
        page: RDS,
        what: "range changed",
        edits: &[Replace(
            "The minimum value is 1 and the maximum value is 100.",
            "The minimum value is 1 and the maximum value is 50.",
        )],
        kind: RangeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: RDS,
        what: "response field added",
        edits: &[Replace(
            "    total_count\n\n    Integer",
            "    marker\n\n    String\n\n    Indicates a marker.\n\n    total_count\n\n    Integer",
        )],
        kind: FieldMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: RDS,
        what: "nested table's field removed",
        edits: &[Replace(
            "    version\n\n    String\n\n    Indicates the database version.\n\n",
            "",
        )],
        kind: FieldExtra,
        subject: "backups.datastore.version",
        item: Some("version"),
    },
    // DCS: text of an HTML page, Type before Mandatory.
    Mutation {
        page: DCS,
        what: "parameter row removed",
        edits: &[Replace(
            "beginTime\n\nString\n\nNo\n\nStart time of the period to be queried. Format: yyyyMMddHHmmss, for example, 20170718235959.\n\n",
            "",
        )],
        kind: ParameterExtra,
        subject: "beginTime",
        item: Some("beginTime"),
    },
    Mutation {
        page: DCS,
        what: "parameter row added",
        edits: &[Replace(
            "limit\n\nInteger\n\nNo",
            "marker\n\nString\n\nNo\n\nA marker.\n\nlimit\n\nInteger\n\nNo",
        )],
        kind: ParameterMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: DCS,
        what: "type changed",
        edits: &[Replace("start\n\nInteger", "start\n\nLong")],
        kind: TypeDiffers,
        subject: "start",
        item: None,
    },
    Mutation {
        page: DCS,
        what: "enum value added",
        edits: &[Replace(
            "  • deleted: The backup file has been deleted manually.\n",
            "  • deleted: The backup file has been deleted manually.\n  • frozen: The backup file is frozen.\n",
        )],
        kind: ValueMissing,
        subject: "backup_record_response.status",
        item: Some("frozen"),
    },
    Mutation {
        page: DCS,
        what: "range changed",
        edits: &[Replace(
            "The minimum value of this parameter is 1.",
            "The minimum value of this parameter is 2.",
        )],
        kind: RangeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: DCS,
        what: "response field added",
        edits: &[Replace(
            "total_num\n\nInteger",
            "marker\n\nString\n\nA marker.\n\ntotal_num\n\nInteger",
        )],
        kind: FieldMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: DCS,
        what: "nested table's field removed",
        edits: &[Replace(
            "remark\n\nString\n\nDescription of DCS instance backup\n\n",
            "",
        )],
        kind: FieldExtra,
        subject: "backup_record_response.remark",
        item: Some("remark"),
    },
    // GaussDB openGauss: reStructuredText grid tables.
    Mutation {
        page: OPENGAUSS,
        what: "parameter row removed",
        edits: &[RemoveLines("| backup_id       | No ", 2)],
        kind: ParameterExtra,
        subject: "backup_id",
        item: Some("backup_id"),
    },
    Mutation {
        page: OPENGAUSS,
        what: "parameter row added",
        edits: &[CopyLines(
            "| backup_id       | No ",
            2,
            "backup_id",
            "marker_id",
        )],
        kind: ParameterMissing,
        subject: "marker_id",
        item: Some("marker_id"),
    },
    Mutation {
        page: OPENGAUSS,
        what: "type changed",
        edits: &[Replace(
            "| limit           | No              | Integer         |",
            "| limit           | No              | Long            |",
        )],
        kind: TypeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: OPENGAUSS,
        what: "enum value added",
        edits: &[CopyLines(
            "|                 |                 |                 | -  **manual**",
            1,
            "**manual**: manual",
            "**hourly**: manual",
        )],
        kind: ValueMissing,
        subject: "backup_type",
        item: Some("hourly"),
    },
    Mutation {
        page: OPENGAUSS,
        what: "range changed",
        edits: &[
            Replace(
                "the maximum value is **100**.",
                "the maximum value is **50**. ",
            ),
            Replace("Maximum value: **100**", "Maximum value: **50** "),
        ],
        kind: RangeDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: OPENGAUSS,
        what: "response field added",
        edits: &[CopyLines(
            "| total_count           | Long ",
            2,
            "total_count",
            "total_pages",
        )],
        kind: FieldMissing,
        subject: "total_pages",
        item: Some("total_pages"),
    },
    Mutation {
        page: OPENGAUSS,
        what: "nested table's field removed",
        edits: &[RemoveLines("| version               | String ", 2)],
        kind: FieldExtra,
        subject: "backups.datastore.version",
        item: Some("version"),
    },
    // TaurusDB: pipe-separated cells.
    Mutation {
        page: TAURUSDB,
        what: "parameter row removed",
        edits: &[RemoveLines("begin_time |\nNo |", 4)],
        kind: ParameterExtra,
        subject: "begin_time",
        item: Some("begin_time"),
    },
    Mutation {
        page: TAURUSDB,
        what: "parameter row added",
        edits: &[CopyLines("end_time |\nNo |", 4, "end_time", "marker")],
        kind: ParameterMissing,
        subject: "marker",
        item: Some("marker"),
    },
    Mutation {
        page: TAURUSDB,
        what: "type changed",
        edits: &[Replace(
            "instance_id |\nYes |\nString |",
            "instance_id |\nYes |\nInteger |",
        )],
        kind: TypeDiffers,
        subject: "instance_id",
        item: None,
    },
    Mutation {
        page: TAURUSDB,
        what: "enum value added",
        edits: &[Replace(
            "Value: 10 (default value), 20, or 50.",
            "Value: 10 (default value), 20, 50, or 100.",
        )],
        kind: ValueMissing,
        subject: "limit",
        item: Some("100"),
    },
    Mutation {
        page: TAURUSDB,
        what: "range changed",
        edits: &[Replace(
            "The value cannot be a negative number.",
            "The value ranges from 0 to 1000.",
        )],
        kind: RangeDiffers,
        subject: "offset",
        item: None,
    },
    Mutation {
        page: TAURUSDB,
        what: "response field added",
        edits: &[CopyLines("total_count |", 3, "total_count", "total_pages")],
        kind: FieldMissing,
        subject: "total_pages",
        item: Some("total_pages"),
    },
    Mutation {
        page: TAURUSDB,
        what: "nested table's field removed",
        edits: &[Replace("instance_id |\nString |\nInstance ID. |\n", "")],
        kind: FieldExtra,
        subject: "backups.instance_id",
        item: Some("instance_id"),
    },
];

fn spec_of(page: &str) -> &'static str {
    SEEDS
        .iter()
        .find(|(_, seed)| *seed == page)
        .map_or_else(|| panic!("{page} is no seed page"), |(spec, _)| *spec)
}

/// Applies each mutation and checks its page: how many gave their difference, how many
/// other differences came with them, and what went wrong.
fn run(mutations: &[Mutation]) -> (usize, usize, String) {
    let mut found = 0;
    let mut false_ones = 0;
    let mut failures = String::new();
    for mutation in mutations {
        let original = read(&docs().join(mutation.page));
        let text = mutation.edits.iter().fold(original.clone(), |text, edit| {
            apply(&text, edit, mutation.what)
        });
        assert_ne!(
            text, original,
            "{}: {} changes nothing",
            mutation.page, mutation.what
        );
        let differences = check_text(spec_of(mutation.page), mutation.page, &text);
        let (expected, other): (Vec<&Difference>, Vec<&Difference>) =
            differences.iter().partition(|d| {
                d.kind == mutation.kind
                    && d.subject == mutation.subject
                    && d.item.as_deref() == mutation.item
            });
        found += usize::from(expected.len() == 1);
        false_ones += other.len() + expected.len().saturating_sub(1);
        if expected.len() != 1 || !other.is_empty() {
            failures.push_str(&format!(
                "\n{} ({}): expected one {} of {}, found:{}",
                mutation.page,
                mutation.what,
                mutation.kind,
                mutation.subject,
                lines(&differences)
            ));
        }
    }
    (found, false_ones, failures)
}

#[test]
fn each_mutation_gives_exactly_its_difference() {
    let (found, false_ones, failures) = run(MUTATIONS);
    println!(
        "mutations: expected {}, found {found}, false {false_ones}",
        MUTATIONS.len()
    );
    assert!(failures.is_empty(), "{failures}");
}

/// One value changed in one example body of each page, or in an example request line.
const EXAMPLE_MUTATIONS: &[Mutation] = &[
    Mutation {
        page: GEMINIDB,
        what: "example value changed",
        edits: &[Replace("\"total_count\" : 4,", "\"total_count\" : 5,")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "example 1",
        item: None,
    },
    Mutation {
        page: RDS,
        what: "third example's value changed",
        edits: &[Replace("\"2014_WEB\"", "\"2016_WEB\"")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "example 3",
        item: None,
    },
    Mutation {
        page: DCS,
        what: "example value changed",
        edits: &[Replace("\"total_num\": 1", "\"total_num\": 2")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "example 1",
        item: None,
    },
    Mutation {
        page: OPENGAUSS,
        what: "example value changed",
        edits: &[Replace("\"total_count\": 167", "\"total_count\": 168")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "example 1",
        item: None,
    },
    Mutation {
        page: TAURUSDB,
        what: "example value changed",
        edits: &[Replace("\"size\" : 0.109375", "\"size\" : 0.2")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "example 1",
        item: None,
    },
    Mutation {
        page: GEMINIDB,
        what: "example request's limit changed",
        edits: &[Replace("&offset=2&limit=2&", "&offset=2&limit=3&")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "limit",
        item: None,
    },
    Mutation {
        page: RDS,
        what: "example request's project_id changed",
        edits: &[Replace(
            "/v3/0483b6b16e954cb88930a360d2c4e663/backups?",
            "/v3/1483b6b16e954cb88930a360d2c4e663/backups?",
        )],
        kind: DifferenceKind::ExampleDiffers,
        subject: "project_id",
        item: None,
    },
    Mutation {
        page: OPENGAUSS,
        what: "example request's offset changed",
        edits: &[Replace("&limit=1&offset=1", "&limit=1&offset=7")],
        kind: DifferenceKind::ExampleDiffers,
        subject: "offset",
        item: None,
    },
    Mutation {
        page: TAURUSDB,
        what: "example request's begin_time changed",
        edits: &[Replace(
            "begin_time=2022-07-06T10:41:14+0800",
            "begin_time=2022-07-05T10:41:14+0800",
        )],
        kind: DifferenceKind::ExampleDiffers,
        subject: "begin_time",
        item: None,
    },
];

#[test]
fn a_changed_example_value_differs() {
    let (found, false_ones, failures) = run(EXAMPLE_MUTATIONS);
    println!(
        "example mutations: expected {}, found {found}, false {false_ones}",
        EXAMPLE_MUTATIONS.len()
    );
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn every_seed_page_has_the_seven_mutations() {
    for (_, page) in SEEDS {
        let count = MUTATIONS.iter().filter(|m| m.page == page).count();
        assert_eq!(count, 7, "{page}");
    }
}
