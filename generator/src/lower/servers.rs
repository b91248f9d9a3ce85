//! `servers` -> endpoint templates per cloud.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::diagnostic::pointer;
use crate::ir::{Cloud, Server};

/// The server extension naming the cloud.
const CLOUD: &str = "x-hwc-cloud";

/// The header of Huawei's IAM token.
const IAM_TOKEN_HEADER: &str = "X-Auth-Token";

/// Lowers the top-level `servers`. `{region}` stays for the runtime to fill from the
/// configuration; any other variable is replaced by its default.
pub(crate) fn lower_servers(lowerer: &mut Lowerer<'_>) -> Vec<Server> {
    let mut servers = Vec::new();
    for (index, server) in lowerer.spec.servers.iter().enumerate() {
        let at = pointer("#/servers", &[&index.to_string()]);
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            if name != "region" {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
        }
        let cloud = match server.extensions.get(CLOUD).map(|v| v.as_str()) {
            None => None,
            Some(Some("huaweicloud")) => Some(Cloud::HuaweiCloud),
            Some(Some("otc")) => Some(Cloud::Otc),
            Some(other) => {
                lowerer.error(
                    &pointer(&at, &[CLOUD]),
                    format!("unknown cloud {other:?}: expected \"huaweicloud\" or \"otc\""),
                );
                None
            }
        };
        servers.push(Server { url, cloud });
    }
    servers
}

/// Whether the spec is written to the Huawei conventions of `specs/README.md`: a server
/// names its cloud (`x-hwc-cloud`), or authentication is the IAM token header
/// (`X-Auth-Token`). Only such a spec meets them (a `project_id` from the configuration).
pub(crate) fn follows_hwc_conventions(spec: &OpenAPI) -> bool {
    let cloud = spec
        .servers
        .iter()
        .any(|server| server.extensions.contains_key(CLOUD));
    let iam_token = spec.components.iter().any(|components| {
        components.security_schemes.values().any(|scheme| {
            matches!(
                scheme,
                ReferenceOr::Item(SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    ..
                }) if name.eq_ignore_ascii_case(IAM_TOKEN_HEADER)
            )
        })
    });
    cloud || iam_token
}
