//! A paged listing over the executor: pages are fetched by offset until the total.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{builder, client};
use hwc_runtime::futures::TryStreamExt;
use hwc_runtime::paging::{self, Listing, OffsetUnit};
use hwc_runtime::serde_json::{Value, json};
use hwc_runtime::{Method, Request};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn listing_fetches_every_page_once_and_stops_at_total() {
    let server = MockServer::start().await;
    for (offset, ids) in [("0", vec![1, 2]), ("2", vec![3, 4]), ("4", vec![5])] {
        Mock::given(method("GET"))
            .and(path("/v3/p1/backups"))
            .and(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "backups": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
                "total_count": 5,
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(builder(&server));
    let listing = Listing {
        offset: "offset",
        start: 0,
        unit: OffsetUnit::Item,
        items: |page: &Value| page["backups"].as_array().map_or(&[], Vec::as_slice),
        total: |page: &Value| page["total_count"].as_u64(),
    };
    let pages = paging::pages(listing, None::<u64>, Some(2), move |offset: u64| {
        let c = c.clone();
        async move {
            let mut r = Request::new(Method::GET, "/v3/{project_id}/backups");
            r.path_param("project_id", c.project_id()?);
            r.query("offset", offset);
            r.query("limit", 2);
            let response = c.execute(r).await?;
            if !response.is_success() {
                return Err(response.into_error());
            }
            response.json::<Value>()
        }
    });
    let items = paging::items(pages, |mut page: Value| match page["backups"].take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    });
    let all: Vec<Value> = items.try_collect().await.unwrap();
    let ids: Vec<u64> = all.iter().map(|b| b["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
}
