//! Which base URL a service client sends to: explicit endpoint, or the service's template
//! for the configured cloud with the region filled in.

use reqwest::Url;

use crate::client::ServerTemplate;
use crate::config::{Cloud, Config, parse_endpoint};
use crate::error::{Error, Result};

/// Resolves the endpoint: the configured endpoint, else the first template for the
/// configured cloud, else the first template for any cloud; `{region}` is substituted.
pub(crate) fn resolve(config: &Config, servers: &[ServerTemplate]) -> Result<Url> {
    if let Some(url) = config.endpoint_url() {
        return Ok(url.clone());
    }
    let cloud = config.cloud();
    let template = servers
        .iter()
        .find(|s| s.cloud == Some(cloud))
        .or_else(|| servers.iter().find(|s| s.cloud.is_none()))
        .ok_or_else(|| no_template(cloud, servers))?;

    let mut url = template.url.to_owned();
    if url.contains("{region}") {
        let region = config.region().ok_or_else(|| {
            Error::config(format!(
                "no region configured: set ConfigBuilder::region (for example \"{}\") or ConfigBuilder::endpoint, to fill the endpoint template {}",
                example_region(cloud),
                template.url
            ))
        })?;
        url = url.replace("{region}", region);
    }
    if url.contains('{') {
        return Err(Error::config(format!(
            "the endpoint template {} has a variable other than {{region}}, which cannot be filled; set ConfigBuilder::endpoint",
            template.url
        )));
    }
    parse_endpoint(&url)
}

fn no_template(cloud: Cloud, servers: &[ServerTemplate]) -> Error {
    if servers.is_empty() {
        Error::config("this service declares no endpoint; set ConfigBuilder::endpoint")
    } else {
        Error::config(format!(
            "this service has no endpoint for {cloud}; set ConfigBuilder::endpoint, or ConfigBuilder::cloud to a cloud the service runs in"
        ))
    }
}

fn example_region(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::HuaweiCloud => "ap-southeast-1",
        Cloud::Otc => "eu-de",
    }
}
