//! Lazily fetching every page, or every item, of an offset/limit paged listing, as a
//! `Stream`.
//!
//! A generated request builder describes its listing in a [`Listing`] (the offset of the
//! first item, what the offset counts, where a page keeps its items and its total) and
//! says how to fetch the page at an offset; this module decides what to ask for next and
//! when to stop, so that a misbehaving server (a wrong total, an ignored offset) cannot
//! make a listing loop forever.
//!
//! A listing ends:
//! - after the page that brings the items received up to the announced total (no request
//!   is made for a page that cannot exist);
//! - at an empty page (which is not yielded, unless it is the first: an empty listing is
//!   one empty page);
//! - when the response has no total, after a page shorter than the page size asked for;
//! - at a page that brings nothing new, every item of it having been on the previous page:
//!   the server ignores the offset. This page is not yielded. If the total says items are
//!   missing, the stream ends with [`Error::Pagination`] so that an incomplete listing is
//!   never taken for a complete one; without a total it just ends (the listing may well be
//!   complete), with a warning in the logs;
//! - after [`MAX_PAGES`] pages, with [`Error::Pagination`];
//! - after a failed request, with its error.

mod offset;
#[cfg(test)]
mod tests;

use std::future::Future;
use std::marker::PhantomData;

use futures::stream::{self, BoxStream, StreamExt as _, TryStreamExt as _};

use crate::error::{Error, Result};

pub use offset::{Offset, page_size};

/// The most pages one listing fetches. It is a last resort: a server ignoring the offset is
/// noticed on the second page; this stops one that keeps inventing new items.
pub const MAX_PAGES: u32 = 10_000;

/// The pages of a listing, fetched as the stream is polled.
pub type Pages<P> = BoxStream<'static, Result<P>>;

/// The items of a listing, page after page, fetched as the stream is polled.
pub type Items<T> = BoxStream<'static, Result<T>>;

/// What the offset parameter counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OffsetUnit {
    /// Items: the next page starts after the items received.
    Item,
    /// Pages: the next page is the next number.
    Page,
}

/// How a listing pages (from the spec's `x-hwc-pagination`) and where a page (the typed
/// response `P`) keeps its items `T` and the total.
pub struct Listing<P, T> {
    /// Wire name of the offset parameter, for messages.
    pub offset: &'static str,
    /// The offset of the first item or page (`0`, or `1` for DCS `start`).
    pub start: u64,
    /// What the offset counts.
    pub unit: OffsetUnit,
    /// The items of a page.
    pub items: fn(&P) -> &[T],
    /// The total number of items the page announces, if it does.
    pub total: fn(&P) -> Option<u64>,
}

/// The pages of a listing, fetching each only when the stream is polled.
///
/// `offset` is where the caller asked the listing to start (`None`: at
/// [`Listing::start`]); `limit` is the page size the caller asked for, if any (see
/// [`page_size`]). `fetch(offset)` gets the page at an offset. An `offset` that is not a
/// whole number makes the stream yield [`Error::InvalidRequest`] without sending anything.
/// See the [module documentation](self) for when the stream ends.
pub fn pages<P, T, O, F, Fut>(
    listing: Listing<P, T>,
    offset: Option<O>,
    limit: Option<u64>,
    fetch: F,
) -> Pages<P>
where
    P: Send + 'static,
    T: PartialEq + Clone + Send + 'static,
    O: Offset + Send + 'static,
    F: FnMut(O) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P>> + Send + 'static,
{
    let first = match offset {
        None => listing.start,
        Some(value) => match value.position() {
            Some(position) => position,
            None => {
                let error = Error::invalid(format!(
                    "a listing cannot start at {} {:?}: it must be a whole number of at least 0",
                    listing.offset,
                    value.to_string(),
                ));
                return stream::once(async move { Err(error) }).boxed();
            }
        },
    };
    let cursor = Cursor {
        listing,
        fetch,
        limit,
        first,
        next: first,
        skipped: 0,
        received: 0,
        pages: 0,
        previous: Vec::new(),
        done: false,
        offset_type: PhantomData,
    };
    stream::unfold(cursor, |mut cursor| async move {
        let page = cursor.next_page().await?;
        Some((page, cursor))
    })
    .boxed()
}

/// The items of `pages`, in order; `into_items` takes a page apart.
pub fn items<P, T>(pages: Pages<P>, into_items: fn(P) -> Vec<T>) -> Items<T>
where
    P: Send + 'static,
    T: Send + 'static,
{
    pages
        .map_ok(move |page| stream::iter(into_items(page).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Where a listing is, and what it has seen.
struct Cursor<P, T, F, O> {
    listing: Listing<P, T>,
    fetch: F,
    limit: Option<u64>,
    /// The offset of the first page fetched.
    first: u64,
    /// The offset of the next page.
    next: u64,
    /// Items of the listing before the first page fetched (the caller started further on).
    skipped: u64,
    received: u64,
    pages: u32,
    /// The items of the last page, to notice a server that returns it again.
    previous: Vec<T>,
    done: bool,
    offset_type: PhantomData<fn() -> O>,
}

impl<P, T, F, O, Fut> Cursor<P, T, F, O>
where
    T: PartialEq + Clone,
    O: Offset,
    F: FnMut(O) -> Fut,
    Fut: Future<Output = Result<P>>,
{
    /// Fetches the next page and decides whether there is one after it; `None` when the
    /// listing is over.
    async fn next_page(&mut self) -> Option<Result<P>> {
        if self.done {
            return None;
        }
        if self.pages >= MAX_PAGES {
            self.done = true;
            return Some(Err(Error::Pagination {
                message: format!(
                    "after {MAX_PAGES} pages the server was still returning new items"
                ),
            }));
        }
        let Some(offset) = O::from_position(self.next) else {
            self.done = true;
            return Some(Err(Error::Pagination {
                message: format!(
                    "the next page would start at {} {}, more than the parameter can hold",
                    self.listing.offset, self.next
                ),
            }));
        };
        let page = match (self.fetch)(offset).await {
            Ok(page) => page,
            Err(error) => {
                self.done = true;
                return Some(Err(error));
            }
        };
        self.pages = self.pages.saturating_add(1);
        let items = (self.listing.items)(&page);
        let total = (self.listing.total)(&page);
        let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
        if count == 0 {
            self.done = true;
            return (self.pages == 1).then_some(Ok(page));
        }
        if self.pages > 1 && items.iter().all(|item| self.previous.contains(item)) {
            self.done = true;
            return self.stalled(total).map(Err);
        }
        if self.pages == 1 {
            self.skipped = self.items_before_first(count);
        }
        self.previous.clear();
        self.previous.extend_from_slice(items);
        self.received = self.received.saturating_add(count);
        self.next = match self.listing.unit {
            OffsetUnit::Item => self.next.saturating_add(count),
            OffsetUnit::Page => self.next.saturating_add(1),
        };
        self.done = match total {
            Some(total) => self.covered() >= total,
            None => self.limit.is_some_and(|limit| count < limit),
        };
        Some(Ok(page))
    }

    /// How many items come before the first page fetched; for page numbers, with the
    /// page size asked for or else the size of the first page.
    fn items_before_first(&self, first_page_size: u64) -> u64 {
        let before = self.first.saturating_sub(self.listing.start);
        match self.listing.unit {
            OffsetUnit::Item => before,
            OffsetUnit::Page => before.saturating_mul(self.limit.unwrap_or(first_page_size)),
        }
    }

    /// Items of the listing up to the end of the last page received.
    fn covered(&self) -> u64 {
        self.skipped.saturating_add(self.received)
    }

    /// The error that ends a listing whose server returned the previous page again, when
    /// the total shows that items are missing; otherwise the listing just ends.
    fn stalled(&self, total: Option<u64>) -> Option<Error> {
        let name = self.listing.offset;
        let (at, covered) = (self.next, self.covered());
        match total {
            Some(total) if covered < total => Some(Error::Pagination {
                message: format!(
                    "the page at {name} {at} only repeated items of the previous page although \
                     {covered} of {total} items were received; the server seems to ignore `{name}`"
                ),
            }),
            _ => {
                tracing::warn!(
                    offset = name,
                    at,
                    received = covered,
                    "the page only repeated items of the previous one; the listing ends there"
                );
                None
            }
        }
    }
}
