//! A minimal `ListBackups` server on 127.0.0.1 for the paging and request benchmarks.
//!
//! hyper's HTTP/1.1 server on its own thread and single-threaded runtime, so its work is
//! the same whichever client the benchmark drives. The backups are encoded once at start;
//! a request only joins the slice `offset..offset + limit` into a body. It answers on
//! loopback only and stops when dropped.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

/// The page size when a request does not say (the RDS API's default).
const DEFAULT_LIMIT: usize = 100;

/// A running listing server; dropping it stops it.
#[derive(Debug)]
pub struct ListingServer {
    addr: SocketAddr,
    requests: Arc<AtomicU64>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

struct Listing {
    items: Vec<String>,
    requests: Arc<AtomicU64>,
}

impl ListingServer {
    /// Starts a server listing backups `0..total` (see [`crate::data::backup`]) at
    /// `GET /v3/{project_id}/backups?offset=N&limit=M`, with `total_count` = `total`.
    pub fn start(total: usize) -> std::io::Result<ListingServer> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(AtomicU64::new(0));
        let listing = Arc::new(Listing {
            items: (0..total).map(crate::data::backup).collect(),
            requests: Arc::clone(&requests),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let (shutdown, stop) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("listing-server".into())
            .spawn(move || runtime.block_on(serve(listener, listing, stop)))?;
        Ok(ListingServer {
            addr,
            requests,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, the endpoint to configure a client with.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests the server has answered so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

impl Drop for ListingServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    listing: Arc<Listing>,
    mut stop: oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        let _ = stream.set_nodelay(true);
        let listing = Arc::clone(&listing);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let listing = Arc::clone(&listing);
                async move { Ok::<_, Infallible>(listing.answer(&request)) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

impl Listing {
    fn answer(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if !request.uri().path().ends_with("/backups") {
            return respond(
                StatusCode::NOT_FOUND,
                r#"{"error_code":"APIGW.0101"}"#.into(),
            );
        }
        let mut offset = 0;
        let mut limit = DEFAULT_LIMIT;
        for pair in request.uri().query().unwrap_or("").split('&') {
            match pair.split_once('=') {
                Some(("offset", value)) => offset = value.parse().unwrap_or(0),
                Some(("limit", value)) => limit = value.parse().unwrap_or(DEFAULT_LIMIT),
                _ => {}
            }
        }
        let start = offset.min(self.items.len());
        let end = start.saturating_add(limit).min(self.items.len());
        let page = self.items.get(start..end).unwrap_or_default();
        let body = crate::data::list_body(page, self.items.len());
        respond(StatusCode::OK, body)
    }
}

fn respond(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}
