//! Decoding a 100-backup `ListBackups` response: the generated `hwc_clients::rds` model
//! vs hand-written serde structs of the same shape (`hwc_bench::handwritten`).
//!
//! `cargo bench -p hwc-bench --bench decode`; the ratio generated / hand-written is the
//! figure BENCHMARKS.md reports (target: at most 1.1).

#![allow(missing_docs)] // criterion_main! generates an undocumented `main`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hwc_bench::{data, handwritten, interleaved};
use hwc_clients::rds;

fn decode(c: &mut Criterion) {
    let body = data::backups_body(100);
    let bytes = body.as_bytes();
    // Both sides decode all 100 backups (the unit tests compare every value).
    let generated: rds::ListBackupsResponse = serde_json::from_slice(bytes).expect("generated");
    let hand: handwritten::ListBackupsResponse = serde_json::from_slice(bytes).expect("hand");
    assert_eq!(generated.backups.map(|b| b.len()), Some(100));
    assert_eq!(hand.backups.map(|b| b.len()), Some(100));
    let response = hwc_runtime::Response::new(200, Default::default(), body.clone());

    let mut group = c.benchmark_group("decode_100_backups");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<handwritten::ListBackupsResponse>(black_box(bytes))
                .expect("decodes")
        })
    });
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<rds::ListBackupsResponse>(black_box(bytes)).expect("decodes")
        })
    });
    // What the generated `send()` does with the body: `Response::json`.
    group.bench_function("generated_via_response_json", |b| {
        b.iter(|| {
            black_box(&response)
                .json::<rds::ListBackupsResponse>()
                .expect("decodes")
        })
    });
    group.finish();

    // 100 decodes per side per round: a round (~20 ms) is long enough to time reliably.
    let comparison = interleaved::compare(
        100,
        || {
            for _ in 0..100 {
                black_box(
                    serde_json::from_slice::<handwritten::ListBackupsResponse>(black_box(bytes))
                        .expect("decodes"),
                );
            }
        },
        || {
            for _ in 0..100 {
                black_box(
                    serde_json::from_slice::<rds::ListBackupsResponse>(black_box(bytes))
                        .expect("decodes"),
                );
            }
        },
    );
    println!(
        "{}",
        comparison.report("decode_100_backups (x100)", "handwritten", "generated")
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
