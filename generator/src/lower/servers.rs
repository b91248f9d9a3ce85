//! `servers` -> endpoint templates per cloud.

use super::Lowerer;
use crate::diagnostic::pointer;
use crate::ir::{Cloud, Server};

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
        let cloud = match server.extensions.get("x-hwc-cloud").map(|v| v.as_str()) {
            None => None,
            Some(Some("huaweicloud")) => Some(Cloud::HuaweiCloud),
            Some(Some("otc")) => Some(Cloud::Otc),
            Some(other) => {
                lowerer.error(
                    &pointer(&at, &["x-hwc-cloud"]),
                    format!("unknown cloud {other:?}: expected \"huaweicloud\" or \"otc\""),
                );
                None
            }
        };
        servers.push(Server { url, cloud });
    }
    servers
}
