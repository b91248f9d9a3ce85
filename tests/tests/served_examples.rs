//! Every documented response example, served by a local server, decodes through the
//! generated client exactly as it decodes on its own (`doc_examples.rs` checks that this
//! loses nothing).

mod common;

use common::services::{INSTANCE, Service, Window, build, config};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

common::per_service!(every_documented_example_decodes_when_served);

async fn every_documented_example_decodes_when_served(service: Service) {
    let examples = service.examples();
    assert!(!examples.is_empty(), "{service:?}: no examples");
    for example in examples {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(service.path(INSTANCE)))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(example.value.to_string(), "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let config = build(config(&server));
        let page = service
            .send(&config, INSTANCE, Window::default())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", example.pointer));
        assert_eq!(page, service.decode(&example.value), "{}", example.pointer);
    }
}
