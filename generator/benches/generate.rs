//! In-process generation time: every spec in `specs/` through the whole pipeline
//! (`render_str`: load -> lower -> emit -> format), then the same split by stage, so
//! BENCHMARKS.md can say where the time goes. The three large corpus specs of the
//! cargo-progenitor comparison (`bench/compare.sh`) are included when `../shared/corpus`
//! is present and the generator supports them; one it rejects is reported and skipped,
//! never timed.
//!
//! `cargo bench -p hwc-codegen --bench generate`

#![allow(missing_docs)] // criterion_main! generates an undocumented `main`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hwc_codegen::render_str;
use hwc_codegen::stages::{emit, format_file, load_str, lower};

/// The corpus specs `bench/compare.sh` also runs cargo-progenitor on.
const CORPUS: &[&str] = &[
    "progenitor-oxide-nexus.json",
    "progenitor-github-api-older.json",
    "stripe-spec3-2023-09.yaml",
];

struct Spec {
    name: String,
    path: PathBuf,
    text: String,
}

fn read(path: PathBuf) -> Option<Spec> {
    let text = std::fs::read_to_string(&path).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(Spec { name, path, text })
}

fn our_specs() -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("specs/ is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths.into_iter().filter_map(read).collect()
}

/// The corpus specs that exist here and that the generator renders.
fn corpus_specs() -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    CORPUS
        .iter()
        .filter_map(|name| {
            let spec = read(dir.join(name));
            if spec.is_none() {
                eprintln!("skipping {name}: not found in {}", dir.display());
            }
            spec
        })
        .filter(|spec| match render_str(&spec.path, &spec.text) {
            Ok(_) => true,
            Err(diagnostics) => {
                let first = diagnostics.to_string();
                let first = first.lines().next().unwrap_or("");
                eprintln!("skipping {}: the generator rejects it: {first}", spec.name);
                false
            }
        })
        .collect()
}

/// Whole pipeline, spec text in memory -> formatted source.
fn whole(c: &mut Criterion, group_name: &str, specs: &[Spec], slow: bool) {
    let mut group = c.benchmark_group(group_name);
    if slow {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(20));
    }
    for spec in specs {
        let source = render_str(&spec.path, &spec.text).expect("renders").source;
        assert!(source.contains("pub struct Client"), "{}", spec.name);
        group.bench_function(&spec.name, |b| {
            b.iter(|| {
                render_str(black_box(&spec.path), black_box(&spec.text))
                    .expect("renders")
                    .source
            })
        });
    }
    group.finish();
}

/// Each stage alone, on its real input: load (parse + `openapiv3`), lower (-> IR),
/// emit (-> tokens), format (`syn` parse + prettyplease).
fn stages(c: &mut Criterion, specs: &[Spec], slow: bool) {
    for spec in specs {
        let loaded = load_str(&spec.path, &spec.text).expect("loads");
        let api = lower(&loaded).expect("lowers");
        let tokens = emit(&api, &[]);
        let mut group = c.benchmark_group(format!("stages/{}", spec.name));
        if slow {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(15));
        }
        group.bench_function("load", |b| {
            b.iter(|| load_str(black_box(&spec.path), black_box(&spec.text)).expect("loads"))
        });
        group.bench_function("lower", |b| {
            b.iter(|| lower(black_box(&loaded)).expect("lowers"))
        });
        group.bench_function("emit", |b| b.iter(|| emit(black_box(&api), &[])));
        group.bench_function("format", |b| {
            b.iter_batched(
                || tokens.clone(),
                |tokens| format_file(&spec.path, "header", tokens).expect("formats"),
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

fn generate(c: &mut Criterion) {
    let ours = our_specs();
    assert!(!ours.is_empty(), "no specs found in specs/");
    whole(c, "render", &ours, false);
    // The stage split of the largest of our specs; the small ones split alike.
    if let Some(largest) = ours.iter().max_by_key(|spec| spec.text.len()) {
        stages(c, std::slice::from_ref(largest), false);
    }
    let corpus = corpus_specs();
    whole(c, "render_corpus", &corpus, true);
    stages(c, &corpus, true);
}

criterion_group!(benches, generate);
criterion_main!(benches);
