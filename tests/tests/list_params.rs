//! List and object parameters reach the server as their `style`/`explode` (OpenAPI 3.x)
//! or `collectionFormat` (Swagger 2.0) say: one pair per item, one value joined by commas,
//! spaces or pipes, or (`deepObject`) one pair per member in brackets. The expected query strings are the spec's own examples (OpenAPI 3.0.3,
//! "Style Examples"; Swagger 2.0, "collectionFormat"), percent-encoded as the runtime
//! encodes every query (RFC 3986: space `%20`, `|` `%7C`).

use hwc_runtime::{Config, Credentials};
use hwc_tests::fixtures::{openapi31, swagger2};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A server answering every GET with `body`.
async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    match requests.pop() {
        Some(request) if requests.is_empty() => request,
        _ => panic!("expected one request, got {}", requests.len() + 1),
    }
}

#[tokio::test]
async fn swagger_2_collection_formats() {
    let server = answering(serde_json::json!([])).await;
    let config = Config::builder()
        .endpoint(server.uri())
        .auth("basicAuth", Credentials::basic("alice", "s3cret"))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    swagger2::Client::new(&config)
        .list_cats()
        .tags(strings(&["a", "b"]))
        .ids(vec![1, 2, 3])
        .colors(strings(&["blue", "black"]))
        .sizes(strings(&["s", "m"]))
        .x_breeds(strings(&["tabby", "siamese"]))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let request = the_request(&server).await;
    // multi repeats the name; csv (the default), ssv and pipes join into one value. The
    // runtime sorts the query by name (Huawei's signature needs it).
    assert_eq!(
        request.url.query(),
        Some("colors=blue%20black&ids=1%2C2%2C3&sizes=s%7Cm&tags=a&tags=b")
    );
    let breeds = request.headers.get("x-breeds").map(|v| v.to_str().ok());
    assert_eq!(breeds, Some(Some("tabby,siamese")));
}

/// A server answering `getDog`, and a client of `openapi31.yaml` calling it.
async fn dogs() -> (MockServer, openapi31::Client) {
    let server = answering(serde_json::json!({"id": 7, "kind": "dog", "name": "Rex"})).await;
    let config = Config::builder()
        .endpoint(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    (server, openapi31::Client::new(&config))
}

#[tokio::test]
async fn openapi_3_styles_and_explode() {
    let (server, client) = dogs().await;
    client
        .get_dog(7)
        .tags(strings(&["a", "b"]))
        .colors(strings(&["blue", "black"]))
        .sizes(strings(&["s", "m"]))
        .marks(strings(&["x", "y"]))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let request = the_request(&server).await;
    // `form` explodes by default; `explode: false` joins with commas; spaceDelimited and
    // pipeDelimited join with their separator.
    assert_eq!(
        request.url.query(),
        Some("colors=blue%2Cblack&marks=x%7Cy&sizes=s%20m&tags=a&tags=b")
    );
}

#[tokio::test]
async fn an_empty_list_is_an_empty_value_or_no_pair() {
    let (server, client) = dogs().await;
    client
        .get_dog(7)
        .tags(Vec::new())
        .colors(Vec::new())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // An exploded empty list has no pair to write; a joined one is the empty value
    // (OpenAPI 3.0.3's "empty" row writes `color=` for `form`).
    assert_eq!(the_request(&server).await.url.query(), Some("colors="));
}

#[tokio::test]
async fn deep_objects_are_written_member_by_member_in_brackets() {
    let (server, client) = dogs().await;
    client
        .get_dog(7)
        .filter(serde_json::json!({"age": {"gt": 2}, "name": "Rex", "gone": null}))
        .expand(strings(&["owner", "vet"]))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // OpenAPI 3.0.3's deepObject example is `color[R]=100&color[G]=200`; nested objects
    // add brackets and list items are numbered, as Stripe reads them. Brackets are
    // percent-encoded like every reserved character of a query.
    assert_eq!(
        the_request(&server).await.url.query(),
        Some(
            "expand%5B0%5D=owner&expand%5B1%5D=vet&filter%5Bage%5D%5Bgt%5D=2&filter%5Bname%5D=Rex"
        )
    );
}
