//! Helpers shared by the integration tests: reading examples out of the specs, the five
//! operations behind one interface ([`services`]), a paged listing server ([`listing`]),
//! signature checks ([`signature`]) and log capture ([`logs`]).

#![allow(
    dead_code,
    reason = "each test file uses a different subset of these helpers"
)]

pub mod listing;
pub mod logs;
pub mod services;
pub mod signature;

use std::path::Path;

use serde_json::Value;

/// A response example: where it is in the spec, its status, and its value.
pub struct Example {
    pub pointer: String,
    pub status: String,
    pub value: Value,
}

/// Every example under `paths/*/*/responses/*/content/*` (`examples` and `example`).
pub fn examples(spec: &str) -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(spec);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let doc: Value = serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (route, item) in &paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let at = format!("{route} {method} {status} {media}");
                    if let Some(value) = content.get("example") {
                        out.push(Example {
                            pointer: at.clone(),
                            status: status.clone(),
                            value: value.clone(),
                        });
                    }
                    for (name, example) in content["examples"].as_object().into_iter().flatten() {
                        out.push(Example {
                            pointer: format!("{at} examples/{name}"),
                            status: status.clone(),
                            value: example["value"].clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// The example of `spec` whose pointer ends with `name`.
pub fn example(spec: &str, name: &str) -> Value {
    examples(spec)
        .into_iter()
        .find(|example| example.pointer.ends_with(name))
        .unwrap_or_else(|| panic!("{spec}: no example named {name}"))
        .value
}

/// Turns test functions `async fn name(service: Service)` into one `#[tokio::test]` per
/// service, named `SERVICE::name`, so that each runs (and fails) on its own.
#[allow(unused_macros, reason = "not every test file has per-service tests")]
macro_rules! per_service {
    ($($test:ident),* $(,)?) => {
        $crate::common::per_service!(@module gaussdb_nosql GaussdbNosql $($test)*);
        $crate::common::per_service!(@module rds Rds $($test)*);
        $crate::common::per_service!(@module dcs Dcs $($test)*);
        $crate::common::per_service!(@module gaussdb_opengauss GaussdbOpengauss $($test)*);
        $crate::common::per_service!(@module taurusdb Taurusdb $($test)*);
    };
    (@module $module:ident $service:ident $($test:ident)*) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test($crate::common::services::Service::$service).await;
                }
            )*
        }
    };
}
#[allow(unused_imports, reason = "not every test file has per-service tests")]
pub(crate) use per_service;
