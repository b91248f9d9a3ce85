//! The same listing through the generated `hwc_clients::rds` client.

use futures::TryStreamExt as _;
use hwc_clients::rds;
use hwc_runtime::{Config, Credentials};

/// A generated RDS client for the server at `base_url`, with `credentials`.
pub fn client(base_url: &str, credentials: Credentials) -> hwc_runtime::Result<rds::Client> {
    let config = Config::builder()
        .endpoint(base_url)
        .project_id(crate::PROJECT_ID)
        .credentials(credentials)
        .build()?;
    Ok(rds::Client::new(&config))
}

/// Every backup of the listing, `limit` per page, through the generated builder's
/// `into_items()` stream: what a user of the generated client writes.
pub async fn list_all(client: &rds::Client, limit: i32) -> hwc_runtime::Result<Vec<rds::Backup>> {
    client
        .list_backups(crate::INSTANCE_ID)
        .limit(limit)
        .into_items()
        .try_collect()
        .await
}

/// One small request (`limit=1`): the cost of a round trip and its authentication.
pub async fn one_request(client: &rds::Client) -> hwc_runtime::Result<rds::ListBackupsResponse> {
    client
        .list_backups(crate::INSTANCE_ID)
        .limit(1)
        .send()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::ListingServer;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// Both clients fetch the same 10,000 backups in 100 requests: the paging benchmark
    /// compares equal work.
    #[test]
    fn both_clients_page_through_the_same_items() {
        let server = ListingServer::start(10_000).unwrap();
        let rt = runtime();
        let client = client(&server.base_url(), Credentials::token("t")).unwrap();
        let ours = rt.block_on(list_all(&client, 100)).unwrap();
        assert_eq!(server.requests(), 100);
        let http = reqwest::Client::new();
        let theirs = rt
            .block_on(crate::handwritten::list_all(
                &http,
                &server.base_url(),
                "t",
                100,
            ))
            .unwrap();
        assert_eq!(server.requests(), 200);
        assert_eq!(ours.len(), 10_000);
        assert_eq!(theirs.len(), 10_000);
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            assert_eq!(a.id.as_deref(), Some(format!("{i:032x}br01").as_str()));
            assert_eq!(a.id, b.id);
        }
    }

    #[test]
    fn signed_and_token_requests_reach_the_server() {
        let server = ListingServer::start(5).unwrap();
        let rt = runtime();
        for credentials in [Credentials::token("t"), Credentials::aksk("AK", "SK")] {
            let client = client(&server.base_url(), credentials).unwrap();
            let page = rt.block_on(one_request(&client)).unwrap();
            assert_eq!(page.backups.unwrap().len(), 1);
            assert_eq!(page.total_count, Some(5));
        }
        assert_eq!(server.requests(), 2);
    }
}
