//! The macros generated code calls instead of repeating code per type: what they decode,
//! what they refuse, and that enums round-trip values they do not know.

use std::collections::BTreeMap;

use serde_json::json;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
struct Volume {
    id: String,
    size: i64,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    r#type: Option<Kind>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}
hwc_runtime::deserialize_struct!(Volume { id = "id", size = "size" } optional { r#type = "type" } rest extra);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Ssd,
    Unknown(String),
}
hwc_runtime::string_enum!(Kind, Unknown, { Ssd => "SSD" });

#[derive(Clone, Debug, PartialEq)]
struct Empty {}
hwc_runtime::deserialize_struct!(Empty {});

#[test]
fn fields_by_wire_name_unknown_ones_kept_in_the_rest_map() {
    let volume: Volume =
        serde_json::from_str(r#"{"size": 10, "type": "SSD", "id": "v1", "zone": "az1"}"#)
            .expect("decodes");
    assert_eq!(volume.id, "v1");
    assert_eq!(volume.size, 10);
    assert_eq!(volume.r#type, Some(Kind::Ssd));
    assert_eq!(volume.extra.get("zone"), Some(&json!("az1")));
    assert_eq!(volume.extra.len(), 1);
    // And back: the rest map is flattened into the object again.
    assert_eq!(
        serde_json::to_value(&volume).expect("encodes"),
        json!({"id": "v1", "size": 10, "type": "SSD", "zone": "az1"})
    );
}

#[test]
fn optional_fields_absent_or_null_are_none() {
    for text in [
        r#"{"id": "v1", "size": 1}"#,
        r#"{"id": "v1", "size": 1, "type": null}"#,
    ] {
        let volume: Volume = serde_json::from_str(text).expect("decodes");
        assert_eq!(volume.r#type, None, "{text}");
    }
}

#[test]
fn a_missing_or_null_required_field_and_a_non_object_are_errors() {
    let missing = serde_json::from_str::<Volume>(r#"{"id": "v1"}"#).expect_err("size is required");
    assert_eq!(
        missing.to_string(),
        "missing field `size` at line 1 column 12"
    );
    let null = serde_json::from_str::<Volume>(r#"{"id": "v1", "size": null}"#).expect_err("null");
    assert!(
        null.to_string()
            .starts_with("invalid type: null, expected i64"),
        "{null}"
    );
    let array = serde_json::from_str::<Volume>("[1]").expect_err("not an object");
    assert!(
        array.to_string().contains("expected struct Volume"),
        "{array}"
    );
}

#[test]
fn escaped_keys_and_values_from_a_json_value_decode_too() {
    let volume: Volume =
        serde_json::from_str(r#"{"i\u0064": "v1", "size": 2}"#).expect("escaped key");
    assert_eq!(volume.id, "v1");
    let volume: Volume =
        serde_json::from_value(json!({"id": "v2", "size": 3, "type": "NVME"})).expect("value");
    assert_eq!(volume.r#type, Some(Kind::Unknown("NVME".to_owned())));
    let empty: Empty = serde_json::from_str(r#"{"anything": [1, {"a": 2}]}"#).expect("ignored");
    assert_eq!(empty, Empty {});
}

#[test]
fn string_enums_keep_and_write_back_unknown_values() {
    assert_eq!("SSD".parse::<Kind>(), Ok(Kind::Ssd));
    assert_eq!(Kind::from("NVME").to_string(), "NVME");
    let kind: Kind = serde_json::from_str(r#""NVME""#).expect("decodes");
    assert_eq!(serde_json::to_string(&kind).expect("encodes"), r#""NVME""#);
    assert!(serde_json::from_str::<Kind>("1").is_err());
}
