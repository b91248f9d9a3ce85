//! Which endpoint a client uses: explicit endpoint, else the template for the cloud, with
//! the region filled in; and clear errors when that is impossible.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hwc_runtime::{Client, Cloud, Config, ConfigBuilder, Error, Method, Request, ServerTemplate};

static RDS: &[ServerTemplate] = &[
    ServerTemplate {
        url: "https://rds.{region}.myhuaweicloud.com",
        cloud: Some(Cloud::HuaweiCloud),
    },
    ServerTemplate {
        url: "https://rds.{region}.otc.t-systems.com",
        cloud: Some(Cloud::Otc),
    },
];

static GENERIC: &[ServerTemplate] = &[
    ServerTemplate {
        url: "https://api.example.com/v1",
        cloud: None,
    },
    ServerTemplate {
        url: "https://other.{region}.example.com",
        cloud: Some(Cloud::Otc),
    },
];

static HUAWEI_ONLY: &[ServerTemplate] = &[ServerTemplate {
    url: "https://dcs.{region}.myhuaweicloud.com",
    cloud: Some(Cloud::HuaweiCloud),
}];

fn endpoint(
    config: ConfigBuilder,
    servers: &'static [ServerTemplate],
) -> hwc_runtime::Result<String> {
    Client::new(&config.build().unwrap(), servers)
        .endpoint()
        .map(str::to_owned)
}

fn config_message(result: hwc_runtime::Result<String>) -> String {
    match result {
        Err(Error::Config { message, .. }) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn region_is_filled_into_the_template_of_the_cloud() {
    assert_eq!(
        endpoint(Config::builder().region("ap-southeast-1"), RDS).unwrap(),
        "https://rds.ap-southeast-1.myhuaweicloud.com/"
    );
    assert_eq!(
        endpoint(Config::builder().region("eu-de").cloud(Cloud::Otc), RDS).unwrap(),
        "https://rds.eu-de.otc.t-systems.com/"
    );
}

#[test]
fn explicit_endpoint_overrides_templates() {
    assert_eq!(
        endpoint(
            Config::builder()
                .region("eu-de")
                .endpoint("http://127.0.0.1:9/base"),
            RDS
        )
        .unwrap(),
        "http://127.0.0.1:9/base"
    );
    // No region is needed then.
    assert_eq!(
        endpoint(Config::builder().endpoint("https://x.example"), RDS).unwrap(),
        "https://x.example/"
    );
}

#[test]
fn template_for_the_cloud_wins_over_one_for_any_cloud() {
    assert_eq!(
        endpoint(Config::builder(), GENERIC).unwrap(),
        "https://api.example.com/v1"
    );
    assert_eq!(
        endpoint(Config::builder().cloud(Cloud::Otc).region("eu-nl"), GENERIC).unwrap(),
        "https://other.eu-nl.example.com/"
    );
}

#[test]
fn missing_region_names_the_option_to_set() {
    let message = config_message(endpoint(Config::builder(), RDS));
    assert!(
        message.starts_with("no region configured: set ConfigBuilder::region"),
        "{message}"
    );
    assert!(message.contains("ConfigBuilder::endpoint"), "{message}");
    let message = config_message(endpoint(Config::builder().cloud(Cloud::Otc), RDS));
    assert!(
        message.contains("\"eu-de\""),
        "the example fits the cloud: {message}"
    );
}

#[test]
fn no_template_for_the_cloud() {
    let message = config_message(endpoint(
        Config::builder().cloud(Cloud::Otc).region("eu-de"),
        HUAWEI_ONLY,
    ));
    assert!(
        message.contains("no endpoint for Open Telekom Cloud"),
        "{message}"
    );
    let message = config_message(endpoint(Config::builder(), &[]));
    assert!(message.contains("set ConfigBuilder::endpoint"), "{message}");
}

#[tokio::test]
async fn endpoint_errors_surface_when_sending() {
    let client = Client::new(&Config::builder().build().unwrap(), RDS);
    let e = client
        .execute(Request::new(Method::GET, "/v3/x"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Config { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("the configuration cannot be used: no region configured"),
        "{e}"
    );
}

#[test]
fn project_id_is_required_only_when_asked_for() {
    let client = Client::new(&Config::builder().region("eu-de").build().unwrap(), RDS);
    let e = client.project_id().unwrap_err();
    assert_eq!(
        e.to_string(),
        "the configuration cannot be used: no project id configured: set ConfigBuilder::project_id or HUAWEICLOUD_SDK_PROJECT_ID."
    );
    let client = Client::new(
        &Config::builder()
            .region("eu-de")
            .project_id("p9")
            .build()
            .unwrap(),
        RDS,
    );
    assert_eq!(client.project_id().unwrap(), "p9");
}
