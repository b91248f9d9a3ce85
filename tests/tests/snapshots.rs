//! The generated code of every fixture in `fixtures/` is a snapshot: a change to the
//! generator shows up as a reviewable diff (`cargo insta review`). The specs in `specs/`
//! have theirs in one place only, `generated/src/` (`hwc-codegen check` fails when it is not
//! what `generate` writes, and `git diff` reviews it).

use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn snapshot_all(dir: &Path, prefix: &str, expected_at_least: usize) {
    let files = yaml_files(dir);
    assert!(
        files.len() >= expected_at_least,
        "expected at least {expected_at_least} specs in {}",
        dir.display()
    );
    for spec in files {
        let rendered = hwc_codegen::render(&spec).unwrap_or_else(|d| panic!("{d}"));
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        insta::assert_snapshot!(format!("{prefix}{stem}"), rendered.source);
    }
}

#[test]
fn fixtures() {
    snapshot_all(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        "fixture-",
        8,
    );
}

#[test]
fn rendering_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/rds.yaml");
    let first = hwc_codegen::render(&spec).unwrap_or_else(|d| panic!("{d}"));
    let second = hwc_codegen::render(&spec).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(first.source, second.source);
}
