//! A paged listing served the way the documented APIs page: the offset parameter picks the
//! first item, `limit` the page size.

use std::collections::HashMap;

use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

use super::services::Service;

/// Serves `items` of `service` page by page, announcing `total` (`None`: no total field).
pub struct Listing {
    pub service: Service,
    pub items: Vec<Value>,
    pub total: Option<u64>,
    /// Serve the first page whatever the offset, as a server that ignores it would.
    pub ignore_offset: bool,
}

/// The server's page size when the request has no `limit`.
pub const DEFAULT_LIMIT: usize = 10;

impl Listing {
    /// `n` items with ids `b0`, `b1`, ... and their count as the total.
    pub fn new(service: Service, n: usize) -> Listing {
        let items = (0..n).map(|i| service.item(&format!("b{i}"))).collect();
        Listing {
            service,
            items,
            total: Some(n as u64),
            ignore_offset: false,
        }
    }

    /// The ids `b{range}`.
    pub fn ids(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("b{i}")).collect()
    }
}

impl Respond for Listing {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let (offset_name, first) = self.service.offset_param();
        let position = |name: &str| query.get(name).and_then(|v| v.parse::<u64>().ok());
        let skip = match position(offset_name) {
            Some(offset) if !self.ignore_offset => offset.saturating_sub(first) as usize,
            _ => 0,
        };
        let limit = position("limit").map_or(DEFAULT_LIMIT, |limit| limit as usize);
        let page: Vec<Value> = self.items.iter().skip(skip).take(limit).cloned().collect();
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "req-listing")
            .set_body_json(self.service.page(&page, self.total))
    }
}

/// The offsets the server was asked for, in order (as sent, so TaurusDB's are strings too).
pub async fn offsets_asked(server: &wiremock::MockServer, service: Service) -> Vec<String> {
    let (name, _) = service.offset_param();
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .collect()
}
