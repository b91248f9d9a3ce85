//! Paging through 10,000 backups (100 pages of 100) from a local server on 127.0.0.1:
//! the generated client vs a hand-written reqwest + serde loop, against the same server
//! in the same run.
//!
//! `cargo bench -p hwc-bench --bench paging`; the ratio generated / hand-written is the
//! figure BENCHMARKS.md reports (target: at most 1.1).

#![allow(missing_docs)] // criterion_main! generates an undocumented `main`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hwc_bench::{generated, handwritten, interleaved, server::ListingServer};
use hwc_runtime::Credentials;

const ITEMS: usize = 10_000;
const LIMIT: u32 = 100;
const TOKEN: &str = "an-iam-token";

fn paging(c: &mut Criterion) {
    let server = ListingServer::start(ITEMS).expect("server");
    let base = server.base_url();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = generated::client(&base, Credentials::token(TOKEN)).expect("client");
    let http = reqwest::Client::new();

    // Both fetch every item, in the same number of requests, before anything is timed.
    let ours = rt
        .block_on(generated::list_all(&client, LIMIT as i32))
        .expect("generated");
    let theirs = rt
        .block_on(handwritten::list_all(&http, &base, TOKEN, LIMIT))
        .expect("hand-written");
    assert_eq!((ours.len(), theirs.len()), (ITEMS, ITEMS));
    assert_eq!(server.requests(), 2 * (ITEMS as u64 / u64::from(LIMIT)));

    let mut group = c.benchmark_group("paging_10000_items");
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("handwritten_reqwest_loop", |b| {
        b.iter(|| {
            let all = rt
                .block_on(handwritten::list_all(&http, &base, TOKEN, LIMIT))
                .expect("pages");
            assert_eq!(all.len(), ITEMS);
            all
        })
    });
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            let all = rt
                .block_on(generated::list_all(&client, LIMIT as i32))
                .expect("pages");
            assert_eq!(all.len(), ITEMS);
            all
        })
    });
    group.finish();

    let comparison = interleaved::compare(
        30,
        || {
            let all = rt
                .block_on(handwritten::list_all(&http, &base, TOKEN, LIMIT))
                .expect("pages");
            assert_eq!(all.len(), ITEMS);
        },
        || {
            let all = rt
                .block_on(generated::list_all(&client, LIMIT as i32))
                .expect("pages");
            assert_eq!(all.len(), ITEMS);
        },
    );
    println!(
        "{}",
        comparison.report("paging_10000_items", "handwritten", "generated")
    );
}

criterion_group!(benches, paging);
criterion_main!(benches);
