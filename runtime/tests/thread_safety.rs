//! Generated clients are shared between tasks and their futures spawned on multi-threaded
//! runtimes: the types and futures must be `Send` (and the shared ones `Sync`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hwc_runtime::paging::{self, Listing, OffsetUnit};
use hwc_runtime::{Client, Config, Credentials, Error, Method, Request, Response, ServiceError};

fn send_sync<T: Send + Sync + 'static>() {}
fn send<T: Send>(_: &T) {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Client>();
    send_sync::<Config>();
    send_sync::<Credentials>();
    send_sync::<Error>();
    send_sync::<ServiceError>();
    send_sync::<Request>();
    send_sync::<Response>();
}

#[tokio::test]
async fn execute_and_paging_futures_are_send() {
    let config = Config::builder()
        .endpoint("http://127.0.0.1:9")
        .build()
        .unwrap();
    let client = Client::new(&config, &[]);
    let execute = client.execute(Request::new(Method::GET, "/"));
    send(&execute);
    drop(execute);

    // `Pages` is a boxed `Send` stream: this only compiles if a listing over the executor
    // can be sent between threads.
    let listing = Listing {
        offset: "offset",
        start: 0,
        unit: OffsetUnit::Item,
        items: |page: &Vec<u32>| page.as_slice(),
        total: |_: &Vec<u32>| None,
    };
    let pages = paging::pages(listing, None::<u64>, Some(10), move |offset: u64| {
        let client = client.clone();
        async move {
            let mut r = Request::new(Method::GET, "/items");
            r.query("offset", offset);
            let _response = client.execute(r).await?;
            Ok::<_, Error>(Vec::<u32>::new())
        }
    });
    send(&pages);
}
