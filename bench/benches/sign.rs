//! AK/SK signing (SDK-HMAC-SHA256) of one request.
//!
//! Two comparisons, each in one run:
//! - `sign/sign_one_request` vs `sign/crypto_floor`: the whole signature vs only the
//!   hashing and HMAC it cannot avoid (SHA-256 of the body and of a canonical request of
//!   the same length, HMAC-SHA256 of a string to sign of the same length). The ratio is
//!   the cost of building the canonical request.
//! - `request/token` vs `request/aksk`: one small request through the generated client to
//!   a local server, authenticated with an IAM token vs signed: what signing adds to a
//!   request.
//!
//! `cargo bench -p hwc-bench --bench sign`

#![allow(missing_docs)] // criterion_main! generates an undocumented `main`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use hwc_bench::{PROJECT_ID, generated, server::ListingServer};
use hwc_runtime::Credentials;
use hwc_runtime::signer::{self, SignableRequest};
use sha2::{Digest, Sha256};

const AK: &str = "HPUABEXAMPLEAKVALUE1";
const SK: &str = "tUy8JkEXAMPLEsecretKEYvalue0123456789abcd";
const DATE: &str = "20240305T101112Z";

fn sign(c: &mut Criterion) {
    // The request the generated `list_backups(...).limit(100).offset(200).send()` signs.
    let path = format!("/v3/{PROJECT_ID}/backups");
    let query = [
        ("instance_id", hwc_bench::INSTANCE_ID),
        ("offset", "200"),
        ("limit", "100"),
        ("backup_type", "auto"),
        ("begin_time", "2018-08-06T10:41:14+0800"),
        ("end_time", "2018-08-16T10:41:14+0800"),
    ];
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Sdk-Date", DATE),
        ("X-Project-Id", PROJECT_ID),
    ];
    let request = SignableRequest {
        method: "GET",
        host: "rds.ap-southeast-1.myhuaweicloud.com",
        path: &path,
        query: &query,
        headers: &headers,
        body: b"",
    };
    let signature = signer::sign(&request, AK, SK, DATE);
    assert!(
        signature
            .authorization
            .starts_with("SDK-HMAC-SHA256 Access=")
    );
    let canonical = signature.canonical_request.clone();
    let to_sign = signature.string_to_sign.clone();

    let mut group = c.benchmark_group("sign");
    group.bench_function("sign_one_request", |b| {
        b.iter(|| signer::sign(black_box(&request), AK, black_box(SK), DATE))
    });
    group.bench_function("crypto_floor", |b| {
        b.iter(|| {
            let body = Sha256::digest(black_box(b""));
            let canonical = Sha256::digest(black_box(canonical.as_bytes()));
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(black_box(SK.as_bytes()))
                .expect("any key length");
            mac.update(black_box(to_sign.as_bytes()));
            (body, canonical, mac.finalize().into_bytes())
        })
    });
    group.finish();
}

fn request(c: &mut Criterion) {
    let server = ListingServer::start(10).expect("server");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let token = generated::client(&server.base_url(), Credentials::token("an-iam-token"))
        .expect("token client");
    let aksk = generated::client(&server.base_url(), Credentials::aksk(AK, SK)).expect("client");
    for client in [&token, &aksk] {
        let page = rt
            .block_on(generated::one_request(client))
            .expect("request");
        assert_eq!(page.total_count, Some(10));
    }

    let mut group = c.benchmark_group("request");
    group.bench_function("token", |b| {
        b.iter(|| {
            rt.block_on(generated::one_request(&token))
                .expect("request")
        })
    });
    group.bench_function("aksk", |b| {
        b.iter(|| rt.block_on(generated::one_request(&aksk)).expect("request"))
    });
    group.finish();
}

criterion_group!(benches, sign, request);
criterion_main!(benches);
