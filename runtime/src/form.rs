//! Form bodies: `application/x-www-form-urlencoded` and `multipart/form-data`, written from
//! any `Serialize` struct (a generated request body).
//!
//! Each field of the struct is one form field: a string, number or boolean is its text; a
//! list repeats the field once per item; `None` (or `null`) leaves the field out. An
//! object is, in multipart, an `application/json` part (the OpenAPI default); urlencoded,
//! its fields in the bracket notation of OpenAPI's `deepObject` (`meta[color]=red`,
//! `items[0][price]=p1`: what form APIs such as Stripe's read). Bytes (`bytes::Bytes`, a
//! spec's `format: binary`) are a file part in multipart and cannot be sent urlencoded.

use std::fmt::{self, Display, Write as _};

use bytes::{BufMut as _, Bytes, BytesMut};
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeMap, SerializeStruct};
use serde_json::Value;

use crate::signer::encode_component;

/// Why a body cannot be written as a form.
#[derive(Debug)]
pub(crate) struct FormError(String);

impl Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: Display>(message: T) -> Self {
        FormError(message.to_string())
    }
}

/// One field's value.
enum Field {
    /// Raw bytes: a file.
    File(Bytes),
    /// Anything else, as JSON.
    Value(Value),
}

/// The body's fields in order, `None`s left out.
fn fields<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, Field)>, FormError> {
    body.serialize(Top)
}

/// `application/x-www-form-urlencoded` text of `body`.
pub(crate) fn urlencoded<T: Serialize + ?Sized>(body: &T) -> Result<String, FormError> {
    let mut out = String::new();
    for (name, field) in fields(body)? {
        let Field::Value(value) = field else {
            return Err(FormError(format!(
                "the field `{name}` holds bytes (a file), which a form-urlencoded body cannot carry"
            )));
        };
        for (name, text) in flatten(name, &value, true) {
            if !out.is_empty() {
                out.push('&');
            }
            // RFC 3986 unreserved characters stay, everything else is percent-encoded
            // (a space as %20, which every form decoder reads).
            let _ = write!(
                out,
                "{}={}",
                encode_component(&name),
                encode_component(&text)
            );
        }
    }
    Ok(out)
}

/// `multipart/form-data` body of `body`, its parts separated by `boundary`.
pub(crate) fn multipart<T: Serialize + ?Sized>(
    body: &T,
    boundary: &str,
) -> Result<Bytes, FormError> {
    let mut out = BytesMut::new();
    let mut part = |headers: String, content: &[u8]| {
        out.put_slice(format!("--{boundary}\r\n{headers}\r\n").as_bytes());
        out.put_slice(content);
        out.put_slice(b"\r\n");
    };
    for (name, field) in fields(body)? {
        // Quotes and line breaks in a name would break the header; field names come from
        // the spec, so this only guards against odd specs.
        let name = name.replace(['"', '\r', '\n'], "_");
        match field {
            Field::File(bytes) => part(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n\
                     Content-Type: application/octet-stream\r\n"
                ),
                &bytes,
            ),
            Field::Value(value @ Value::Object(_)) => part(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\
                     Content-Type: application/json\r\n"
                ),
                value.to_string().as_bytes(),
            ),
            Field::Value(value) => {
                for text in texts(&value) {
                    part(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
                        text.as_bytes(),
                    );
                }
            }
        }
    }
    out.put_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok(out.freeze())
}

/// The urlencoded pairs of the field `name`: a scalar is one pair, `null` none; a list
/// repeats the field at the top level (`tags=a&tags=b`) and numbers its items below it
/// (`a[tags][0]=x`); an object's fields are `name[field]`.
fn flatten(name: String, value: &Value, top: bool) -> Vec<(String, String)> {
    match value {
        Value::Null => Vec::new(),
        Value::String(text) => vec![(name, text.clone())],
        Value::Array(items) if top => items
            .iter()
            .enumerate()
            .flat_map(|(index, item)| match item {
                Value::Object(_) | Value::Array(_) => {
                    flatten(format!("{name}[{index}]"), item, false)
                }
                _ => flatten(name.clone(), item, false),
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .flat_map(|(index, item)| flatten(format!("{name}[{index}]"), item, false))
            .collect(),
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(field, item)| flatten(format!("{name}[{field}]"), item, false))
            .collect(),
        other => vec![(name, other.to_string())],
    }
}

/// The query pairs of a `deepObject` parameter `name` holding `value` (see
/// [`crate::Request::query_deep`]): brackets all the way down, lists numbered.
pub(crate) fn deep_pairs(name: &str, value: &Value) -> Vec<(String, String)> {
    flatten(name.to_owned(), value, false)
}

/// The texts a multipart field sends: one per scalar, one per item of a list, none for
/// `null`.
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        other => vec![other.to_string()],
    }
}

/// Serializes the body itself: a struct or a map, whose entries are the fields.
struct Top;

/// Collects the fields of the body.
#[derive(Default)]
struct Collect {
    fields: Vec<(String, Field)>,
    key: Option<String>,
}

impl Collect {
    fn push<T: Serialize + ?Sized>(&mut self, name: String, value: &T) -> Result<(), FormError> {
        let field = match value.serialize(BytesProbe) {
            Ok(Some(bytes)) => Field::File(bytes),
            // `None`: the field is left out.
            Ok(None) => return Ok(()),
            Err(_) => Field::Value(serde_json::to_value(value).map_err(ser::Error::custom)?),
        };
        if !matches!(field, Field::Value(Value::Null)) {
            self.fields.push((name, field));
        }
        Ok(())
    }
}

impl SerializeStruct for Collect {
    type Ok = Vec<(String, Field)>;
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.push(key.to_owned(), value)
    }

    fn end(self) -> Result<Self::Ok, FormError> {
        Ok(self.fields)
    }
}

impl SerializeMap for Collect {
    type Ok = Vec<(String, Field)>;
    type Error = FormError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        let key = match serde_json::to_value(key).map_err(ser::Error::custom)? {
            Value::String(key) => key,
            other => other.to_string(),
        };
        self.key = Some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self.key.take().unwrap_or_default();
        self.push(key, value)
    }

    fn end(self) -> Result<Self::Ok, FormError> {
        Ok(self.fields)
    }
}

/// What the top level refuses: a form is a set of named fields.
fn not_an_object<T>() -> Result<T, FormError> {
    Err(FormError(
        "a form body must be an object (a struct or a map of fields)".to_owned(),
    ))
}

/// Forwards `None`, `Some` and newtypes, and refuses every other shape with `$refuse`.
macro_rules! refuse_scalars {
    ($refuse:expr) => {
        fn serialize_bool(self, _: bool) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_i8(self, _: i8) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_i16(self, _: i16) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_i32(self, _: i32) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_i64(self, _: i64) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_u8(self, _: u8) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_u16(self, _: u16) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_u32(self, _: u32) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_u64(self, _: u64) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_f32(self, _: f32) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_f64(self, _: f64) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_char(self, _: char) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_str(self, _: &str) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_unit(self) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<Self::Ok, FormError> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, FormError> {
            $refuse
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, FormError> {
            value.serialize(self)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
            $refuse
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
            $refuse
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, FormError> {
            $refuse
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, FormError> {
            $refuse
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, FormError> {
            $refuse
        }
    };
}

impl ser::Serializer for Top {
    type Ok = Vec<(String, Field)>;
    type Error = FormError;
    type SerializeSeq = Impossible<Self::Ok, FormError>;
    type SerializeTuple = Impossible<Self::Ok, FormError>;
    type SerializeTupleStruct = Impossible<Self::Ok, FormError>;
    type SerializeTupleVariant = Impossible<Self::Ok, FormError>;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Impossible<Self::Ok, FormError>;

    refuse_scalars!(not_an_object());

    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, FormError> {
        not_an_object()
    }

    fn serialize_none(self) -> Result<Self::Ok, FormError> {
        Ok(Vec::new())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, FormError> {
        Ok(Collect::default())
    }
}

/// Tells a field of raw bytes (`Ok(Some)`) and an absent field (`Ok(None)`) from any
/// other value (`Err`, which is then serialized as JSON).
struct BytesProbe;

/// Not bytes: the value is written as JSON instead.
fn not_bytes<T>() -> Result<T, FormError> {
    Err(FormError(String::new()))
}

impl ser::Serializer for BytesProbe {
    type Ok = Option<Bytes>;
    type Error = FormError;
    type SerializeSeq = Impossible<Self::Ok, FormError>;
    type SerializeTuple = Impossible<Self::Ok, FormError>;
    type SerializeTupleStruct = Impossible<Self::Ok, FormError>;
    type SerializeTupleVariant = Impossible<Self::Ok, FormError>;
    type SerializeMap = Impossible<Self::Ok, FormError>;
    type SerializeStruct = Impossible<Self::Ok, FormError>;
    type SerializeStructVariant = Impossible<Self::Ok, FormError>;

    refuse_scalars!(not_bytes());

    fn serialize_bytes(self, bytes: &[u8]) -> Result<Self::Ok, FormError> {
        Ok(Some(Bytes::copy_from_slice(bytes)))
    }

    fn serialize_none(self) -> Result<Self::Ok, FormError> {
        Ok(None)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        not_bytes()
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        not_bytes()
    }
}

// Compiled only for `cargo test`: the allowed panics report a failed test on fixed values
// and are unreachable from any input.
#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Upload {
        caption: Option<String>,
        tags: Vec<String>,
        size: u32,
        meta: Option<serde_json::Value>,
        file: Bytes,
    }

    #[derive(Serialize)]
    struct Rename {
        name: String,
        note: Option<String>,
        ids: Vec<i64>,
        enabled: bool,
    }

    #[test]
    fn urlencoded_fields_in_order_lists_repeated_none_left_out() {
        let body = Rename {
            name: "Tom & Jerry/2".into(),
            note: None,
            ids: vec![1, 2],
            enabled: true,
        };
        assert_eq!(
            urlencoded(&body).unwrap(),
            "name=Tom%20%26%20Jerry%2F2&ids=1&ids=2&enabled=true"
        );
    }

    #[derive(Serialize)]
    struct Item {
        price: &'static str,
        quantity: Option<u32>,
    }

    #[derive(Serialize)]
    struct Checkout {
        expand: Vec<&'static str>,
        items: Vec<Item>,
        metadata: std::collections::BTreeMap<&'static str, Option<&'static str>>,
    }

    #[test]
    fn urlencoded_objects_in_brackets() {
        let body = Checkout {
            expand: vec!["a", "b"],
            items: vec![
                Item {
                    price: "p1",
                    quantity: Some(2),
                },
                Item {
                    price: "p2",
                    quantity: None,
                },
            ],
            metadata: [("color", Some("red")), ("size", None)].into(),
        };
        assert_eq!(
            urlencoded(&body).unwrap(),
            "expand=a&expand=b\
             &items%5B0%5D%5Bprice%5D=p1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p2\
             &metadata%5Bcolor%5D=red"
        );
        // Lists below the top level are numbered.
        let nested = std::collections::BTreeMap::from([(
            "nested",
            Checkout {
                expand: vec!["x"],
                items: Vec::new(),
                metadata: Default::default(),
            },
        )]);
        assert_eq!(urlencoded(&nested).unwrap(), "nested%5Bexpand%5D%5B0%5D=x");
    }

    #[test]
    fn urlencoded_refuses_files_and_non_objects() {
        let upload = Upload {
            caption: None,
            tags: vec![],
            size: 1,
            meta: None,
            file: Bytes::from_static(b"x"),
        };
        let e = urlencoded(&upload).unwrap_err().to_string();
        assert!(e.contains("`file` holds bytes"), "{e}");
        assert!(
            urlencoded(&"text")
                .unwrap_err()
                .to_string()
                .contains("must be an object")
        );
        assert!(urlencoded(&vec![1]).is_err());
    }

    #[test]
    fn multipart_parts_as_rfc_7578_writes_them() {
        let body = Upload {
            caption: Some("Rex \u{1F415}".into()),
            tags: vec!["a".into(), "b".into()],
            size: 3,
            meta: Some(serde_json::json!({"k": 1})),
            file: Bytes::from_static(b"\x89PNG\r\n"),
        };
        let got = multipart(&body, "XyZ").unwrap();
        let expected: &[u8] = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex \xF0\x9F\x90\x95\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"size\"\r\n\r\n3\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n\x89PNG\r\n\r\n\
--XyZ--\r\n";
        assert_eq!(got.as_ref(), expected, "{}", String::from_utf8_lossy(&got));
    }

    #[test]
    fn a_map_body_is_a_form_too() {
        let mut body = std::collections::BTreeMap::new();
        body.insert("b", "2");
        body.insert("a", "1");
        assert_eq!(urlencoded(&body).unwrap(), "a=1&b=2");
    }
}
