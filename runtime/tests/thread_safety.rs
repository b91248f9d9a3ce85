//! Generated clients are shared between tasks and their futures spawned on multi-threaded
//! runtimes: the types and futures must be `Send` (and the shared ones `Sync`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hwc_runtime::paging::{self, OffsetUnit, Page, Paging};
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

    let pages = paging::items(
        Paging {
            start: 0,
            unit: OffsetUnit::Item,
            limit: Some(10),
        },
        move |offset| {
            let client = client.clone();
            async move {
                let mut r = Request::new(Method::GET, "/items");
                r.query("offset", offset);
                let _response = client.execute(r).await?;
                Ok::<_, Error>(Page {
                    items: Vec::<u32>::new(),
                    total: None,
                })
            }
        },
    );
    send(&pages);
}
