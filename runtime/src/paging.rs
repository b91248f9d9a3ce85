//! Lazily fetching every item of an offset/limit paged listing, as a `Stream`.
//!
//! Generated code supplies how to fetch the page at an offset and where the items and
//! total are; this module decides when to stop, so that a misbehaving server (a wrong
//! total, an ignored offset) cannot make a listing loop forever.

use std::collections::VecDeque;
use std::future::Future;

use futures::Stream;

use crate::error::{Error, Result};

/// The most pages one listing fetches; beyond it the stream ends with an error rather
/// than looping forever on a server that ignores the offset.
pub const MAX_PAGES: u32 = 10_000;

/// What the offset parameter counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OffsetUnit {
    /// The offset is an item index: the next page starts after the items received.
    Item,
    /// The offset is a page number: the next page is the next number.
    Page,
}

/// How a listing pages (from the spec's `x-hwc-pagination`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// The offset of the first page (`0`, or `1` for DCS `start`).
    pub start: u64,
    /// What the offset counts.
    pub unit: OffsetUnit,
    /// The page size requested, if the caller set one. A page shorter than this ends a
    /// listing whose total is unknown.
    pub limit: Option<u64>,
}

/// One fetched page: its items and, if the response says, the total number of items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// The total the response announced (`total_count`), if any.
    pub total: Option<u64>,
}

struct State<F, T> {
    fetch: F,
    paging: Paging,
    offset: u64,
    seen: u64,
    pages: u32,
    buffer: VecDeque<T>,
    done: bool,
}

/// Every item of a listing, fetching pages only as the stream is polled.
///
/// `fetch(offset)` gets one page. The stream ends after an empty page, once the announced
/// total has been reached, after a page shorter than the requested limit when there is no
/// total, or after [`MAX_PAGES`] pages (with an error). A failed fetch is yielded as the
/// stream's last item.
pub fn items<T, F, Fut>(paging: Paging, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let state = State {
        fetch,
        offset: paging.start,
        paging,
        seen: 0,
        pages: 0,
        buffer: VecDeque::new(),
        done: false,
    };
    futures::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            if state.pages >= MAX_PAGES {
                state.done = true;
                return Some((Err(too_many_pages()), state));
            }
            let page = match (state.fetch)(state.offset).await {
                Ok(page) => page,
                Err(e) => {
                    state.done = true;
                    return Some((Err(e), state));
                }
            };
            state.advance(&page);
            state.buffer.extend(page.items);
        }
    })
}

impl<F, T> State<F, T> {
    /// Moves to the next page and decides whether there is one.
    fn advance(&mut self, page: &Page<T>) {
        self.pages = self.pages.saturating_add(1);
        let received = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
        self.seen = self.seen.saturating_add(received);
        self.offset = match self.paging.unit {
            OffsetUnit::Item => self.offset.saturating_add(received),
            OffsetUnit::Page => self.offset.saturating_add(1),
        };
        let short = self.paging.limit.is_some_and(|limit| received < limit);
        self.done = received == 0
            || match page.total {
                Some(total) => self.seen >= total,
                None => short,
            };
    }
}

fn too_many_pages() -> Error {
    Error::Pagination {
        message: format!(
            "after {MAX_PAGES} pages the server was still returning items (does it ignore the offset?)"
        ),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use futures::{StreamExt, TryStreamExt, executor::block_on};
    use std::cell::RefCell;

    /// A server listing `0..n` with page size `size`, recording the offsets asked for.
    fn collect(
        paging: Paging,
        respond: impl Fn(u64) -> Result<Page<u64>>,
    ) -> (Result<Vec<u64>>, Vec<u64>) {
        let asked = RefCell::new(Vec::new());
        let result = block_on(
            items(paging, |offset| {
                asked.borrow_mut().push(offset);
                let page = respond(offset);
                async move { page }
            })
            .try_collect::<Vec<_>>(),
        );
        (result, asked.into_inner())
    }

    fn by_item(limit: Option<u64>) -> Paging {
        Paging {
            start: 0,
            unit: OffsetUnit::Item,
            limit,
        }
    }

    fn slice(offset: u64, size: u64, n: u64, total: Option<u64>) -> Result<Page<u64>> {
        Ok(Page {
            items: (offset..n.min(offset + size)).collect(),
            total,
        })
    }

    #[test]
    fn stops_at_total_without_an_extra_request() {
        let (items, asked) = collect(by_item(Some(10)), |o| slice(o, 10, 25, Some(25)));
        assert_eq!(items.unwrap(), (0..25).collect::<Vec<_>>());
        assert_eq!(asked, vec![0, 10, 20]);
    }

    #[test]
    fn advances_by_items_received_when_the_server_caps_the_limit() {
        // Asked for 100 per page, the server gives 10: keep going until the total.
        let (items, asked) = collect(by_item(Some(100)), |o| slice(o, 10, 30, Some(30)));
        assert_eq!(items.unwrap().len(), 30);
        assert_eq!(asked, vec![0, 10, 20]);
    }

    #[test]
    fn without_total_stops_at_short_or_empty_page() {
        let (items, asked) = collect(by_item(Some(10)), |o| slice(o, 10, 25, None));
        assert_eq!(items.unwrap().len(), 25);
        assert_eq!(asked, vec![0, 10, 20]);
        let (items, asked) = collect(by_item(None), |o| slice(o, 10, 20, None));
        assert_eq!(items.unwrap().len(), 20);
        assert_eq!(asked, vec![0, 10, 20]);
    }

    #[test]
    fn total_larger_than_reality_ends_at_empty_page() {
        let (items, asked) = collect(by_item(Some(10)), |o| slice(o, 10, 15, Some(1000)));
        assert_eq!(items.unwrap().len(), 15);
        assert_eq!(asked, vec![0, 10, 15]);
    }

    #[test]
    fn page_numbers_from_one() {
        let paging = Paging {
            start: 1,
            unit: OffsetUnit::Page,
            limit: Some(10),
        };
        let (items, asked) = collect(paging, |p| slice((p - 1) * 10, 10, 25, Some(25)));
        assert_eq!(items.unwrap().len(), 25);
        assert_eq!(asked, vec![1, 2, 3]);
    }

    #[test]
    fn server_ignoring_the_offset_is_stopped() {
        let (items, asked) = collect(by_item(None), |_| slice(0, 10, 100, None));
        assert!(
            items
                .unwrap_err()
                .to_string()
                .contains("stopped: after 10000 pages")
        );
        assert_eq!(asked.len(), MAX_PAGES as usize);
    }

    #[test]
    fn errors_end_the_stream_after_the_items_so_far() {
        let stream = items(by_item(Some(2)), |offset| async move {
            if offset == 0 {
                Ok(Page {
                    items: vec![1, 2],
                    total: None,
                })
            } else {
                Err(Error::InvalidRequest {
                    message: "boom".into(),
                })
            }
        });
        let all: Vec<Result<u64>> = block_on(stream.collect());
        assert_eq!(all.len(), 3);
        assert!(matches!(all[0], Ok(1)) && matches!(all[1], Ok(2)) && all[2].is_err());
    }

    #[test]
    fn lazy_until_polled() {
        let asked = RefCell::new(0);
        let stream = items(by_item(Some(10)), |o| {
            *asked.borrow_mut() += 1;
            let page = slice(o, 10, 100, Some(100));
            async move { page }
        });
        let first_three: Vec<_> = block_on(stream.take(3).collect());
        assert_eq!(first_three.len(), 3);
        assert_eq!(*asked.borrow(), 1);
    }
}
