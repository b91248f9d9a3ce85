//! `into_pages` and `into_items` of each operation's generated builder against a listing
//! server: offsets (DCS: `start` from 1, TaurusDB: strings) across pages, the caller's own
//! offset and limit, the stops (total, short page, empty listing) and a server that
//! ignores the offset.

mod common;

use common::listing::{Listing, offsets_asked};
use common::services::{INSTANCE, Service, Window, build, config, ids};
use hwc_clients::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

common::per_service!(
    items_span_three_pages_and_stop_at_the_total,
    pages_are_the_typed_responses,
    callers_offset_and_limit_are_the_starting_point_and_page_size,
    without_a_total_a_short_page_ends_the_listing,
    an_empty_listing_is_one_empty_page,
    items_are_fetched_only_as_the_stream_is_polled,
    a_server_ignoring_the_offset_ends_the_listing,
);

/// Serves `listing` for the operation's path.
async fn serve(listing: Listing) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(listing.service.path(INSTANCE)))
        .respond_with(listing)
        .mount(&server)
        .await;
    server
}

/// The offset values of `positions` (0 = first item) as the service writes them.
fn offsets(service: Service, positions: &[u64]) -> Vec<String> {
    let (_, first) = service.offset_param();
    positions.iter().map(|p| (p + first).to_string()).collect()
}

/// The `limit` of every request the server received.
async fn limits_asked(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(n, _)| n == "limit")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .collect()
}

const TEN: Window = Window {
    offset: None,
    limit: Some(10),
    timeout: None,
    max_attempts: None,
};

async fn items_span_three_pages_and_stop_at_the_total(service: Service) {
    let server = serve(Listing::new(service, 25)).await;
    let items = service.items(&build(config(&server)), INSTANCE, TEN).await;
    assert_eq!(ids(service, &items), Listing::ids(0..25));
    // No fourth request: the total was reached.
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[0, 10, 20])
    );
    assert_eq!(limits_asked(&server).await, ["10", "10", "10"]);
}

async fn pages_are_the_typed_responses(service: Service) {
    let server = serve(Listing::new(service, 25)).await;
    let pages = service.pages(&build(config(&server)), INSTANCE, TEN).await;
    let sizes: Vec<usize> = pages
        .iter()
        .map(|page| match page {
            Ok(page) => page[service.items_key()].as_array().map_or(0, Vec::len),
            Err(e) => panic!("{service:?}: {e}"),
        })
        .collect();
    assert_eq!(sizes, [10, 10, 5]);
    for page in pages.iter().flatten() {
        assert_eq!(page[service.total_key()], 25);
        // Decoded as the operation's response type: the documented fields survive.
        assert_eq!(page, &service.decode(page));
    }
}

async fn callers_offset_and_limit_are_the_starting_point_and_page_size(service: Service) {
    let server = serve(Listing::new(service, 25)).await;
    let (_, first) = service.offset_param();
    let window = Window {
        offset: Some(5 + first as u32),
        limit: Some(10),
        ..Window::default()
    };
    let items = service
        .items(&build(config(&server)), INSTANCE, window)
        .await;
    assert_eq!(ids(service, &items), Listing::ids(5..25));
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[5, 15])
    );
    assert_eq!(limits_asked(&server).await, ["10", "10"]);
}

async fn without_a_total_a_short_page_ends_the_listing(service: Service) {
    let mut listing = Listing::new(service, 25);
    listing.total = None;
    let server = serve(listing).await;
    let items = service.items(&build(config(&server)), INSTANCE, TEN).await;
    assert_eq!(ids(service, &items), Listing::ids(0..25));
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[0, 10, 20])
    );
}

async fn an_empty_listing_is_one_empty_page(service: Service) {
    let server = serve(Listing::new(service, 0)).await;
    let config = build(config(&server));
    let pages = service.pages(&config, INSTANCE, Window::default()).await;
    assert_eq!(pages.len(), 1, "{service:?}: {pages:?}");
    let page = pages[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page[service.items_key()], serde_json::json!([]));
    assert_eq!(page[service.total_key()], 0);
    let items = service.items(&config, INSTANCE, Window::default()).await;
    assert!(items.is_empty());
    // Without a limit the first request carries only the first offset.
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[0, 0])
    );
    assert_eq!(limits_asked(&server).await, ["", ""]);
}

async fn items_are_fetched_only_as_the_stream_is_polled(service: Service) {
    let server = serve(Listing::new(service, 25)).await;
    let first = service.first_items(&build(config(&server)), TEN, 3).await;
    let ids: Vec<&str> = first
        .iter()
        .filter_map(|item| item[service.id_key()].as_str())
        .collect();
    assert_eq!(ids, ["b0", "b1", "b2"]);
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[0])
    );
}

async fn a_server_ignoring_the_offset_ends_the_listing(service: Service) {
    // With a total, the listing is known to be incomplete: it ends with an error after
    // the items of the first page, and the repeated page is not yielded.
    let mut listing = Listing::new(service, 25);
    listing.ignore_offset = true;
    let server = serve(listing).await;
    let mut items = service.items(&build(config(&server)), INSTANCE, TEN).await;
    let Some(Err(Error::Pagination { message })) = items.pop() else {
        panic!("{service:?}: expected the listing to end with a pagination error");
    };
    let (name, _) = service.offset_param();
    assert!(
        message.contains(&format!("the server seems to ignore `{name}`")),
        "{message}"
    );
    assert!(message.contains("10 of 25 items"), "{message}");
    assert_eq!(ids(service, &items), Listing::ids(0..10));
    assert_eq!(
        offsets_asked(&server, service).await,
        offsets(service, &[0, 10])
    );

    // Without a total it may be complete: the listing just ends.
    let mut listing = Listing::new(service, 25);
    listing.ignore_offset = true;
    listing.total = None;
    let server = serve(listing).await;
    let items = service
        .items(&build(config(&server)), INSTANCE, Window::default())
        .await;
    assert_eq!(ids(service, &items), Listing::ids(0..10));
    assert_eq!(offsets_asked(&server, service).await.len(), 2);
}
