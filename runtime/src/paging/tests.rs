#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Mutex};

use futures::executor::block_on;
use futures::{StreamExt, TryStreamExt};

use super::*;

/// A page as a server would send it.
#[derive(Clone, Debug, PartialEq)]
struct Page {
    items: Vec<u64>,
    total: Option<u64>,
}

fn listing(start: u64, unit: OffsetUnit) -> Listing<Page, u64> {
    Listing {
        offset: "offset",
        start,
        unit,
        items: |page| &page.items,
        total: |page| page.total,
    }
}

/// Items `offset..offset+size` of `0..n`.
fn slice(offset: u64, size: u64, n: u64, total: Option<u64>) -> Result<Page> {
    Ok(Page {
        items: (offset..n.min(offset + size)).collect(),
        total,
    })
}

type Respond = fn(u64) -> Result<Page>;

/// Runs a listing to its end: every page or error yielded, and the offsets fetched.
fn run<O: Offset + Send + 'static>(
    listing: Listing<Page, u64>,
    offset: Option<O>,
    limit: Option<u64>,
    respond: Respond,
) -> (Vec<Result<Page>>, Vec<u64>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let stream = pages(listing, offset, limit, move |offset: O| {
        let position = offset.position().unwrap();
        log.lock().unwrap().push(position);
        let page = respond(position);
        async move { page }
    });
    let yielded = block_on(stream.collect::<Vec<_>>());
    let asked = asked.lock().unwrap().clone();
    (yielded, asked)
}

fn ids(yielded: &[Result<Page>]) -> Vec<u64> {
    yielded
        .iter()
        .filter_map(|page| page.as_ref().ok())
        .flat_map(|page| page.items.iter().copied())
        .collect()
}

#[test]
fn stops_at_total_without_an_extra_request() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(10), |o| {
        slice(o, 10, 25, Some(25))
    });
    assert_eq!(ids(&yielded), (0..25).collect::<Vec<_>>());
    assert_eq!(asked, vec![0, 10, 20]);
}

#[test]
fn advances_by_items_received_when_the_server_caps_the_limit() {
    // Asked for 100 per page, the server gives 10: keep going until the total.
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(100), |o| {
        slice(o, 10, 30, Some(30))
    });
    assert_eq!(ids(&yielded).len(), 30);
    assert_eq!(asked, vec![0, 10, 20]);
}

#[test]
fn without_total_stops_at_a_short_or_empty_page() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(10), |o| {
        slice(o, 10, 25, None)
    });
    assert_eq!(ids(&yielded).len(), 25);
    assert_eq!(asked, vec![0, 10, 20]);
    // No page size known: only the empty page says it is over, and it is not yielded.
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, None, |o| {
        slice(o, 10, 20, None)
    });
    assert_eq!(ids(&yielded).len(), 20);
    assert_eq!(yielded.len(), 2);
    assert_eq!(asked, vec![0, 10, 20]);
}

#[test]
fn an_empty_listing_is_one_empty_page() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(10), |o| {
        slice(o, 10, 0, Some(0))
    });
    assert_eq!(
        yielded.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
        vec![Page {
            items: vec![],
            total: Some(0)
        }]
    );
    assert_eq!(asked, vec![0]);
}

#[test]
fn total_larger_than_reality_ends_at_the_empty_page() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(10), |o| {
        slice(o, 10, 15, Some(1000))
    });
    assert_eq!(ids(&yielded).len(), 15);
    assert!(yielded.iter().all(Result::is_ok));
    assert_eq!(asked, vec![0, 10, 15]);
}

#[test]
fn item_offsets_from_one() {
    // DCS `start`: the first item is 1.
    let (yielded, asked) = run::<i32>(listing(1, OffsetUnit::Item), None, Some(10), |o| {
        slice(o - 1, 10, 25, Some(25))
    });
    assert_eq!(ids(&yielded), (0..25).collect::<Vec<_>>());
    assert_eq!(asked, vec![1, 11, 21]);
}

#[test]
fn page_numbers_from_one() {
    let (yielded, asked) = run::<i32>(listing(1, OffsetUnit::Page), None, Some(10), |p| {
        slice((p - 1) * 10, 10, 25, Some(25))
    });
    assert_eq!(ids(&yielded).len(), 25);
    assert_eq!(asked, vec![1, 2, 3]);
}

#[test]
fn the_callers_offset_is_the_starting_point_and_counts_towards_the_total() {
    let (yielded, asked) = run(listing(0, OffsetUnit::Item), Some(20i64), Some(10), |o| {
        slice(o, 10, 45, Some(45))
    });
    assert_eq!(ids(&yielded), (20..45).collect::<Vec<_>>());
    assert_eq!(asked, vec![20, 30, 40]);
    // Page numbers: starting at page 3 of 10 skips 20 items.
    let (yielded, asked) = run(listing(1, OffsetUnit::Page), Some(3u32), Some(10), |p| {
        slice((p - 1) * 10, 10, 45, Some(45))
    });
    assert_eq!(ids(&yielded), (20..45).collect::<Vec<_>>());
    assert_eq!(asked, vec![3, 4, 5]);
}

#[test]
fn string_offsets() {
    let (yielded, asked) = run(
        listing(0, OffsetUnit::Item),
        Some("5".to_owned()),
        Some(10),
        |o| slice(o, 10, 30, Some(30)),
    );
    assert_eq!(ids(&yielded), (5..30).collect::<Vec<_>>());
    assert_eq!(asked, vec![5, 15, 25]);
}

#[test]
fn an_offset_that_is_not_a_number_is_refused_before_sending() {
    let (yielded, asked) = run(
        listing(0, OffsetUnit::Item),
        Some("ten".to_owned()),
        None,
        |o| slice(o, 10, 30, None),
    );
    assert!(asked.is_empty());
    let [Err(Error::InvalidRequest { message })] = yielded.as_slice() else {
        panic!("expected one invalid-request error, got {yielded:?}");
    };
    assert!(message.contains("offset \"ten\""), "{message}");
}

#[test]
fn an_offset_beyond_the_parameter_type_ends_with_an_error() {
    let (yielded, asked) = run(
        listing(0, OffsetUnit::Item),
        Some(i32::MAX - 5),
        Some(10),
        |_| slice(0, 10, 100, None),
    );
    assert_eq!(asked.len(), 1);
    assert!(matches!(
        yielded.as_slice(),
        [Ok(_), Err(Error::Pagination { .. })]
    ));
}

#[test]
fn a_server_ignoring_the_offset_is_stopped_at_the_second_page() {
    // With a total, the listing is known to be incomplete: an error ends it.
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(10), |_| {
        slice(0, 10, 100, Some(100))
    });
    assert_eq!(asked, vec![0, 10]);
    assert_eq!(ids(&yielded), (0..10).collect::<Vec<_>>());
    let Some(Err(Error::Pagination { message })) = yielded.last() else {
        panic!("expected a pagination error, got {yielded:?}");
    };
    assert!(
        message.contains("10 of 100 items") && message.contains("ignore `offset`"),
        "{message}"
    );
    // Without a total or page size it may be complete: the stream just ends.
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, None, |_| {
        slice(0, 10, 100, None)
    });
    assert_eq!(asked, vec![0, 10]);
    assert_eq!(yielded.len(), 1);
    assert!(yielded[0].is_ok());
}

#[test]
fn a_page_of_already_seen_items_in_another_order_is_no_progress() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, None, |o| {
        let mut page = slice(0, 3, 100, None)?;
        if o > 0 {
            page.items.reverse();
        }
        Ok(page)
    });
    assert_eq!(asked, vec![0, 3]);
    assert_eq!(ids(&yielded), vec![0, 1, 2]);
}

#[test]
fn a_server_inventing_items_forever_is_stopped_after_max_pages() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, None, |o| {
        slice(o, 1, u64::MAX, None)
    });
    assert_eq!(asked.len(), MAX_PAGES as usize);
    let Some(Err(Error::Pagination { message })) = yielded.last() else {
        panic!("expected a pagination error");
    };
    assert!(message.contains("after 10000 pages"), "{message}");
}

#[test]
fn errors_end_the_stream_after_the_pages_so_far() {
    let (yielded, asked) = run::<u64>(listing(0, OffsetUnit::Item), None, Some(2), |o| {
        if o == 0 {
            slice(0, 2, 10, None)
        } else {
            Err(Error::invalid("boom"))
        }
    });
    assert_eq!(asked, vec![0, 2]);
    assert!(matches!(
        yielded.as_slice(),
        [Ok(_), Err(Error::InvalidRequest { .. })]
    ));
}

#[test]
fn items_flattens_pages_lazily() {
    let asked = Arc::new(Mutex::new(0));
    let log = Arc::clone(&asked);
    let pages = pages(
        listing(0, OffsetUnit::Item),
        None::<u64>,
        Some(10),
        move |o: u64| {
            *log.lock().unwrap() += 1;
            let page = slice(o, 10, 100, Some(100));
            async move { page }
        },
    );
    let mut all = items(pages, |page| page.items);
    let first_three: Vec<u64> = block_on(async {
        let mut out = Vec::new();
        for _ in 0..3 {
            out.push(all.try_next().await.unwrap().unwrap());
        }
        out
    });
    assert_eq!(first_three, vec![0, 1, 2]);
    assert_eq!(*asked.lock().unwrap(), 1);
    let rest: Vec<u64> = block_on(all.try_collect()).unwrap();
    assert_eq!(rest.len(), 97);
    assert_eq!(*asked.lock().unwrap(), 10);
}
