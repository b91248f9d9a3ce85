//! A multipart body given as a component (`$ref`, FastAPI's shape for every upload) sends
//! its `format: binary` properties as file parts, exactly like a body whose schema is
//! written inline (RFC 7578).

use hwc_runtime::Config;
use hwc_runtime::bytes::Bytes;
use hwc_tests::fixtures::openapi31;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_component_multipart_body_sends_its_binary_field_as_a_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/dogs/7/photo"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let config = Config::builder()
        .endpoint(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let body = openapi31::BodyUploadDogPhoto {
        file: Bytes::from_static(b"\x89PNG\r\n\x1a\n"),
        caption: Some("Rex".to_owned()),
    };
    openapi31::Client::new(&config)
        .upload_dog_photo(7, body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else {
        panic!("expected one request, got {}", requests.len());
    };
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let expected = [
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
        b"\x89PNG\r\n\x1a\n\r\n".to_vec(),
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nRex\r\n").into_bytes(),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(
        request.body,
        expected,
        "{}",
        String::from_utf8_lossy(&request.body)
    );
}
