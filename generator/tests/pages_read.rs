//! The page reader against the pages in ../shared/docs.

use std::fmt::Write as _;
use std::path::PathBuf;

use hwc_codegen::pages::model::{Constraints, Field, Page};
use hwc_codegen::pages::read::read_page;

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs")
}

fn constraints(c: &Constraints) -> String {
    let mut out = String::new();
    if !c.values.is_empty() {
        let values: Vec<&str> = c.values.iter().map(|v| v.value.as_str()).collect();
        let _ = write!(out, " values={values:?}");
    }
    if let Some(m) = &c.minimum {
        let _ = write!(out, " min={}", m.value);
    }
    if let Some(m) = &c.maximum {
        let _ = write!(out, " max={}", m.value);
    }
    if let Some(m) = &c.min_length {
        let _ = write!(out, " minlen={}", m.value);
    }
    if let Some(m) = &c.max_length {
        let _ = write!(out, " maxlen={}", m.value);
    }
    if let Some(m) = &c.default {
        let _ = write!(out, " default={:?}", m.value);
    }
    out
}

fn fields(out: &mut String, fields: &[Field], depth: usize) {
    for f in fields {
        let _ = writeln!(
            out,
            "{:indent$}{} L{} {:?} {:?} req={:?}{}",
            "",
            f.name,
            f.line,
            f.ty.raw,
            f.ty.kind,
            f.required,
            constraints(&f.constraints),
            indent = depth * 2
        );
        self::fields(out, &f.fields, depth + 1);
    }
}

/// A compact outline of a page (for reading a page's result by eye).
fn outline(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:?} {:?}", page.format, page.title);
    for op in &page.operations {
        let _ = writeln!(out, "{} {} L{}", op.method, op.path, op.line);
        let hosts: Vec<&str> = op.hosts.iter().map(|h| h.value.as_str()).collect();
        let _ = writeln!(
            out,
            "hosts {hosts:?} request_lines {}",
            op.request_lines.len()
        );
        for p in &op.parameters {
            let ty = p.ty.as_ref().map(|t| t.raw.as_str());
            let _ = writeln!(
                out,
                "param {} {:?} L{} {:?} req={:?}{}",
                p.name,
                p.location,
                p.line,
                ty,
                p.required,
                constraints(&p.constraints)
            );
        }
        let _ = writeln!(out, "body:");
        fields(&mut out, &op.request_body, 1);
        for r in &op.responses {
            let _ = writeln!(out, "response {:?} L{}", r.status, r.line);
            fields(&mut out, &r.fields, 1);
        }
        let codes: Vec<u16> = op.status_codes.iter().map(|s| s.code).collect();
        let _ = writeln!(out, "status codes {codes:?}");
        for e in &op.examples {
            let _ = writeln!(
                out,
                "example {:?} {:?} L{} {:?} json={}",
                e.kind,
                e.status,
                e.line,
                e.caption,
                e.value.is_some()
            );
        }
    }
    out
}

#[test]
#[ignore = "prints a page: PAGE=path cargo test --test pages_read dump -- --ignored --nocapture"]
fn dump() {
    let page = std::env::var("PAGE").unwrap_or_default();
    let page = read_page(&docs().join(page)).unwrap();
    println!("{}", outline(&page));
}
