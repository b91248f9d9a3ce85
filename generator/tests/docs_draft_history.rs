//! History pairs of `../shared/docs/otc/history/` (INDEX.tsv: a `history-old` row followed by
//! the `history-new` row with the same note): a draft of the old page, checked against the
//! new page, reports exactly what changed between the two versions.
//!
//! The expected differences below were derived by reading each pair's note and the two
//! pages side by side: the table changes the note names, plus the changes of the pages that
//! the notes leave out because they are not table rows (a status code section that gained
//! a code, example bodies edited along with the tables). A field the new page adds with a
//! table of its own is one `field-missing` (its table comes with it).

use std::path::Path;

use hwc_codegen::pages::check::{DifferenceKind, check};
use hwc_codegen::pages::draft::draft;
use hwc_codegen::pages::read::read_page;

use DifferenceKind::{
    ExampleDiffers, FieldMissing, RangeDiffers, RequiredDiffers, StatusMissing, ValueExtra,
    ValueMissing,
};

/// One expected difference: kind, subject and item as `docs check` names them.
type Expected = (DifferenceKind, &'static str, Option<&'static str>);

/// Old file, new file (in `history/`, without the common prefix), and what must differ.
struct Pair {
    service_page: &'static str,
    old: &'static str,
    new: &'static str,
    expected: &'static [Expected],
}

const RESTORE: &str = "relational-database-service__restoring_data_to_a_new_db_instance__";
const DOWNLOAD: &str =
    "relational-database-service__obtaining_the_link_for_downloading_a_backup_file__";
const INSTANCES: &str = "relational-database-service__querying_db_instances__";
const DCS_LIST: &str = "distributed-cache-service__listing_dcs_instance_backup_records__";

const PAIRS: &[Pair] = &[
    Pair {
        service_page: RESTORE,
        old: "0bc0d67c",
        new: "e263c563",
        expected: &[
            // Note: request rows data_vip and collation, response instance row collation.
            (FieldMissing, "data_vip", Some("data_vip")),
            (FieldMissing, "collation", Some("collation")),
            (FieldMissing, "instance.collation", Some("collation")),
            // Not in the note: the Status Code section gained "Normal: 200".
            (StatusMissing, "200", Some("200")),
            // keep_days "gains a SQL Server note": prose only, no difference.
        ],
    },
    Pair {
        service_page: RESTORE,
        old: "e263c563",
        new: "d53c79f0",
        expected: &[
            // Note: restore_point.type Mandatory Yes -> No. The password and volume.type
            // rewordings change descriptions only (same lengths, same values).
            (RequiredDiffers, "restore_point.type", None),
            // Not in the note: the normal status changed from 200 to 202.
            (StatusMissing, "202", Some("202")),
        ],
    },
    Pair {
        service_page: RESTORE,
        old: "d53c79f0",
        new: "2666e962",
        expected: &[
            // Note: volume.type gains CLOUDSSD and ESSD, request and response tables.
            (ValueMissing, "volume.type", Some("CLOUDSSD")),
            (ValueMissing, "volume.type", Some("ESSD")),
            (ValueMissing, "instance.volume.type", Some("CLOUDSSD")),
            (ValueMissing, "instance.volume.type", Some("ESSD")),
            // Not in the note: flavor_ref rds.mysql.s1.large -> rds.mysql.n1.large in both
            // request examples and the response example.
            (ExampleDiffers, "example 1", None),
            (ExampleDiffers, "example 2", None),
            (ExampleDiffers, "example 1", None),
        ],
    },
    Pair {
        service_page: RESTORE,
        old: "38b5d81f",
        new: "9bf69372",
        expected: &[
            // Note: volume.type drops COMMON and ULTRAHIGH (request + response) ...
            (ValueExtra, "volume.type", Some("COMMON")),
            (ValueExtra, "volume.type", Some("ULTRAHIGH")),
            (ValueExtra, "instance.volume.type", Some("COMMON")),
            (ValueExtra, "instance.volume.type", Some("ULTRAHIGH")),
            // ... and keep_days 0-732 -> 1-732, in the request's and the response's
            // backup_strategy table.
            (RangeDiffers, "backup_strategy.keep_days", None),
            (RangeDiffers, "instance.backup_strategy.keep_days", None),
            // Not in the note: volume type ULTRAHIGH -> CLOUDSSD in both request examples
            // and the response example.
            (ExampleDiffers, "example 1", None),
            (ExampleDiffers, "example 2", None),
            (ExampleDiffers, "example 1", None),
        ],
    },
    Pair {
        service_page: DOWNLOAD,
        old: "0bc0d67c",
        new: "e263c563",
        expected: &[
            // Note: files gains database_name.
            (FieldMissing, "files.database_name", Some("database_name")),
            // Not in the note: the Status Code section gained "Normal: 200".
            (StatusMissing, "200", Some("200")),
        ],
    },
    Pair {
        service_page: INSTANCES,
        old: "13405fad",
        new: "e263c563",
        expected: &[
            // Note: instances gains seven rows (charge_info and tags with their new tables),
            // datastore gains complete_version, status gains SHUTDOWN.
            (FieldMissing, "instances.alias", Some("alias")),
            (FieldMissing, "instances.cpu", Some("cpu")),
            (FieldMissing, "instances.mem", Some("mem")),
            (
                FieldMissing,
                "instances.enterprise_project_id",
                Some("enterprise_project_id"),
            ),
            (FieldMissing, "instances.charge_info", Some("charge_info")),
            (FieldMissing, "instances.tags", Some("tags")),
            (
                FieldMissing,
                "instances.associated_with_ddm",
                Some("associated_with_ddm"),
            ),
            (
                FieldMissing,
                "instances.datastore.complete_version",
                Some("complete_version"),
            ),
            (ValueMissing, "instances.status", Some("SHUTDOWN")),
            // Not in the note: the Status Code section gained "Normal: 200".
            (StatusMissing, "200", Some("200")),
        ],
    },
    Pair {
        service_page: INSTANCES,
        old: "2666e962",
        new: "41d07235",
        // Note: status gains 'CREATE FAIL'; nothing else changed.
        expected: &[(ValueMissing, "instances.status", Some("CREATE FAIL"))],
    },
    Pair {
        service_page: INSTANCES,
        old: "41d07235",
        new: "38b5d81f",
        expected: &[
            // Note: instances gains 11 rows (the rename changes no table).
            (
                FieldMissing,
                "instances.private_dns_names",
                Some("private_dns_names"),
            ),
            (
                FieldMissing,
                "instances.public_dns_names",
                Some("public_dns_names"),
            ),
            (FieldMissing, "instances.enable_ssl", Some("enable_ssl")),
            (
                FieldMissing,
                "instances.read_only_by_user",
                Some("read_only_by_user"),
            ),
            (
                FieldMissing,
                "instances.private_read_only_ips",
                Some("private_read_only_ips"),
            ),
            (
                FieldMissing,
                "instances.private_read_only_dns_names",
                Some("private_read_only_dns_names"),
            ),
            (FieldMissing, "instances.collation", Some("collation")),
            (
                FieldMissing,
                "instances.backup_used_space",
                Some("backup_used_space"),
            ),
            (
                FieldMissing,
                "instances.storage_used_space",
                Some("storage_used_space"),
            ),
            (FieldMissing, "instances.order_id", Some("order_id")),
            (FieldMissing, "instances.max_iops", Some("max_iops")),
            // Not in the note: the first response example gained tags, private_dns_names,
            // public_dns_names and enable_ssl; the second says MySQL 5.7 instead of 5.6.
            (ExampleDiffers, "example 1", None),
            (ExampleDiffers, "example 2", None),
        ],
    },
    Pair {
        service_page: DCS_LIST,
        old: "5cb869fb",
        new: "cee12d15",
        expected: &[
            // Note: backup_format loses its only enum (aof, rdb); backup_type and status keep
            // their values in prose ...
            (
                ValueExtra,
                "backup_record_response.backup_format",
                Some("aof"),
            ),
            (
                ValueExtra,
                "backup_record_response.backup_format",
                Some("rdb"),
            ),
            // ... and "Maximum: 1024/9" goes from the three rows of each error table
            // (status 400 and 500).
            (RangeDiffers, "error_msg", None),
            (RangeDiffers, "error_code", None),
            (RangeDiffers, "error_ext_msg", None),
            (RangeDiffers, "error_msg", None),
            (RangeDiffers, "error_code", None),
            (RangeDiffers, "error_ext_msg", None),
        ],
    },
];

#[test]
fn a_draft_of_the_old_page_checked_against_the_new_one_reports_what_changed() {
    let otc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs/otc");
    let index_pairs = index_pairs(&otc.join("INDEX.tsv"));
    let listed: Vec<(String, String)> = PAIRS
        .iter()
        .map(|pair| {
            (
                format!("history/{}{}.rst", pair.service_page, pair.old),
                format!("history/{}{}.rst", pair.service_page, pair.new),
            )
        })
        .collect();
    assert_eq!(
        sorted(index_pairs),
        sorted(listed),
        "this test covers exactly the pairs of INDEX.tsv"
    );

    let scratch = tempfile::tempdir().expect("a temporary directory");
    let mut report = String::from("pair | expected | found | false\n");
    let mut problems = Vec::new();
    let (mut total_expected, mut total_found, mut total_false) = (0, 0, 0);
    for pair in PAIRS {
        let old = otc.join(format!("history/{}{}.rst", pair.service_page, pair.old));
        let new = otc.join(format!("history/{}{}.rst", pair.service_page, pair.new));
        let spec = scratch
            .path()
            .join(format!("{}{}.yaml", pair.service_page, pair.old));
        let old_page = read_page(&old).expect("the old page reads");
        std::fs::write(&spec, draft(&[old_page]).expect("a draft")).expect("write the draft");
        let new_page = read_page(&new).expect("the new page reads");
        let differences = check(&spec, &[new_page]).expect("the draft checks");

        let mut unmatched: Vec<Expected> = pair.expected.to_vec();
        let mut false_reports = Vec::new();
        for difference in &differences {
            let position = unmatched.iter().position(|(kind, subject, item)| {
                *kind == difference.kind
                    && *subject == difference.subject
                    && item.map(str::to_owned) == difference.item
            });
            match position {
                Some(index) => {
                    unmatched.remove(index);
                }
                None => false_reports.push(difference.to_string()),
            }
        }
        let found = pair.expected.len() - unmatched.len();
        let name = format!("{}{} -> {}", pair.service_page, pair.old, pair.new);
        report.push_str(&format!(
            "{name} | {} | {found} | {}\n",
            pair.expected.len(),
            false_reports.len()
        ));
        total_expected += pair.expected.len();
        total_found += found;
        total_false += false_reports.len();
        if !unmatched.is_empty() || !false_reports.is_empty() {
            problems.push(format!(
                "{name}:\n  not reported: {unmatched:?}\n  reported, not expected:\n    {}",
                false_reports.join("\n    ")
            ));
        }
    }
    report.push_str(&format!(
        "all {} pairs | {total_expected} | {total_found} | {total_false}\n",
        PAIRS.len()
    ));
    println!("{report}");
    assert!(problems.is_empty(), "{}\n\n{report}", problems.join("\n\n"));
}

/// The (old, new) file pairs of INDEX.tsv: a `history-old` row and the next `history-new`
/// row with the same note.
fn index_pairs(index: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(index).expect("INDEX.tsv");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|line| line.split('\t').collect())
        .collect();
    let mut pairs = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.get(4) != Some(&"history-old") {
            continue;
        }
        let new = rows
            .iter()
            .skip(index + 1)
            .find(|other| other.get(4) == Some(&"history-new") && other.get(6) == row.get(6))
            .expect("every history-old row has its history-new row");
        pairs.push((row[0].to_owned(), new[0].to_owned()));
    }
    pairs
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}
