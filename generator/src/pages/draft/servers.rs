//! `servers` from the endpoint hosts of the pages' examples (specs/README.md "Servers"):
//! one entry per cloud, the region as a variable whose default is the region seen.

use serde_json::{Map, Value, json};

/// Host suffixes of the two clouds and their `x-hwc-cloud` names.
const CLOUDS: &[(&str, &str)] = &[
    (".myhuaweicloud.com", "huaweicloud"),
    (".otc.t-systems.com", "otc"),
];

/// The servers for `hosts` (page order, first region seen per cloud), and notes for what the
/// hosts leave open.
pub(crate) fn servers(hosts: &[&str]) -> (Vec<Value>, Vec<String>) {
    let mut servers: Vec<Value> = Vec::new();
    let mut notes = Vec::new();
    let mut clouds_seen: Vec<&str> = Vec::new();
    for host in hosts {
        let host = host.trim().trim_end_matches('/');
        if host.is_empty() || host.contains('{') {
            continue;
        }
        let server = match CLOUDS
            .iter()
            .find_map(|(suffix, cloud)| host.strip_suffix(suffix).map(|head| (head, *cloud)))
        {
            Some((head, cloud)) => {
                if clouds_seen.contains(&cloud) {
                    continue;
                }
                clouds_seen.push(cloud);
                let suffix = host.get(head.len()..).unwrap_or_default();
                cloud_server(head, suffix, cloud)
            }
            None => {
                let mut server = Map::new();
                server.insert("url".into(), json!(format!("https://{host}")));
                super::todo(
                    &mut server,
                    format!(
                        "{host} is not a Huawei Cloud or OTC host: say which cloud it belongs \
                         to (`x-hwc-cloud`) or keep it for any cloud"
                    ),
                );
                Value::Object(server)
            }
        };
        if !servers.contains(&server) {
            servers.push(server);
        }
    }
    if servers.is_empty() {
        notes.push(
            "the page names no endpoint host (only a placeholder such as {Endpoint}): add \
             `servers`, one per cloud, as specs/README.md \"Servers\" says"
                .to_owned(),
        );
    }
    (servers, notes)
}

/// `rds.eu-de` + `.otc.t-systems.com` -> `https://rds.{region}.otc.t-systems.com` with the
/// region `eu-de` as the default; a host without a region label is kept as it is.
fn cloud_server(head: &str, suffix: &str, cloud: &str) -> Value {
    let mut server = Map::new();
    match head.rsplit_once('.') {
        Some((service, region)) if !region.is_empty() => {
            server.insert(
                "url".into(),
                json!(format!("https://{service}.{{region}}{suffix}")),
            );
            server.insert("x-hwc-cloud".into(), json!(cloud));
            server.insert(
                "variables".into(),
                json!({ "region": { "default": region } }),
            );
        }
        _ => {
            server.insert("url".into(), json!(format!("https://{head}{suffix}")));
            server.insert("x-hwc-cloud".into(), json!(cloud));
        }
    }
    Value::Object(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_become_one_server_per_cloud_with_the_region_as_variable() {
        let (servers, notes) = servers(&[
            "rds.eu-de.otc.t-systems.com",
            "rds.eu-nl.otc.t-systems.com",
            "rds.ap-southeast-1.myhuaweicloud.com",
        ]);
        assert!(notes.is_empty());
        assert_eq!(
            servers,
            vec![
                json!({
                    "url": "https://rds.{region}.otc.t-systems.com",
                    "x-hwc-cloud": "otc",
                    "variables": { "region": { "default": "eu-de" } }
                }),
                json!({
                    "url": "https://rds.{region}.myhuaweicloud.com",
                    "x-hwc-cloud": "huaweicloud",
                    "variables": { "region": { "default": "ap-southeast-1" } }
                }),
            ]
        );
    }

    #[test]
    fn placeholders_give_no_server_and_a_note() {
        let (servers, notes) = servers(&["{Endpoint}", "{dcs_endpoint}"]);
        assert!(servers.is_empty());
        assert_eq!(notes.len(), 1);
    }
}
