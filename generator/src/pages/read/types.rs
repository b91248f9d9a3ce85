//! Type cells: the docs' type words (`String`, `Array of objects`, `List<String>`,
//! `Array of BackupRecordResponse objects`) -> [`DocType`].

use crate::pages::model::{DocType, TypeKind};

/// Reads a type cell (markup already removed). Also returns the object name of
/// `Array of X objects` / `X object`, which names the table holding its fields.
pub(super) fn read_type(cell: &str) -> (DocType, Option<String>) {
    let raw = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    let (kind, name) = kind(&raw);
    (DocType { raw, kind }, name)
}

/// Whether a cell holds a type word (how the HTML reader tells a Type cell from prose).
pub(super) fn is_type(cell: &str) -> bool {
    !matches!(read_type(cell).0.kind, TypeKind::Unknown(_)) && cell.split_whitespace().count() <= 4
}

fn kind(raw: &str) -> (TypeKind, Option<String>) {
    let lower = raw.to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("list<")
        .or_else(|| lower.strip_prefix("array<"))
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let (item, _) = kind(inner);
        return (TypeKind::Array(Some(Box::new(item))), None);
    }
    if lower == "array" || lower == "list" {
        return (TypeKind::Array(None), None);
    }
    if let Some(rest) = raw
        .strip_prefix("Array of ")
        .or_else(|| raw.strip_prefix("array of "))
    {
        let words: Vec<&str> = rest.split_whitespace().collect();
        return match words.as_slice() {
            [single] => (TypeKind::Array(Some(Box::new(item_kind(single)))), None),
            [name, last]
                if last.eq_ignore_ascii_case("objects") || last.eq_ignore_ascii_case("object") =>
            {
                (
                    TypeKind::Array(Some(Box::new(TypeKind::Object))),
                    Some((*name).to_owned()),
                )
            }
            _ => (TypeKind::Unknown(raw.to_owned()), None),
        };
    }
    if let [name, last] = raw.split_whitespace().collect::<Vec<_>>().as_slice() {
        if last.eq_ignore_ascii_case("object") {
            return (TypeKind::Object, Some((*name).to_owned()));
        }
    }
    (
        scalar(&lower).unwrap_or_else(|| TypeKind::Unknown(raw.to_owned())),
        None,
    )
}

/// `objects`, `strings`, `String`, `integers` -> the item kind.
fn item_kind(word: &str) -> TypeKind {
    let lower = word.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    scalar(&lower)
        .or_else(|| scalar(singular))
        .unwrap_or_else(|| TypeKind::Unknown(word.to_owned()))
}

fn scalar(lower: &str) -> Option<TypeKind> {
    Some(match lower {
        "string" => TypeKind::String,
        "integer" | "int" | "int32" => TypeKind::Integer,
        "long" | "int64" => TypeKind::Long,
        "float" => TypeKind::Float,
        "double" => TypeKind::Double,
        "number" | "bigdecimal" => TypeKind::Number,
        "boolean" | "bool" => TypeKind::Boolean,
        "object" => TypeKind::Object,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{TypeKind, read_type};

    fn kind(cell: &str) -> TypeKind {
        read_type(cell).0.kind
    }

    #[test]
    fn the_docs_type_words() {
        let object = || Some(Box::new(TypeKind::Object));
        assert_eq!(kind("Array of objects"), TypeKind::Array(object()));
        assert_eq!(
            kind("Array of strings"),
            TypeKind::Array(Some(Box::new(TypeKind::String)))
        );
        assert_eq!(
            kind("List<String>"),
            TypeKind::Array(Some(Box::new(TypeKind::String)))
        );
        assert_eq!(kind("Array"), TypeKind::Array(None));
        assert_eq!(kind("object"), TypeKind::Object);
        assert_eq!(kind("Long"), TypeKind::Long);
        assert_eq!(kind("Pets"), TypeKind::Unknown("Pets".into()));
        let (ty, name) = read_type("Array of BackupRecordResponse  objects");
        assert_eq!(ty.raw, "Array of BackupRecordResponse objects");
        assert_eq!(ty.kind, TypeKind::Array(object()));
        assert_eq!(name.as_deref(), Some("BackupRecordResponse"));
    }
}
