//! Rust identifiers from arbitrary spec names, and collision-free namespaces.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that would shadow the prelude or what generated code refers to unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Client", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Self",
    "Default", "Clone", "Copy", "Send", "Sync", "Sized", "Debug", "Display",
];

/// Names of the items every generated module's crate offers beside it (`hwc_clients::Error`,
/// re-exported from `hwc_runtime`), each with the name a spec type takes instead, so that a
/// schema named `Error` does not shadow the error type users match on.
const CRATE_ITEMS: &[(&str, &str)] = &[("Error", "ErrorBody")];

/// A type name that does not shadow the crate's own items (`Error` -> `ErrorBody`).
pub fn unshadowed(name: String) -> String {
    match CRATE_ITEMS.iter().find(|(item, _)| *item == name) {
        Some((_, instead)) => (*instead).to_owned(),
        None => name,
    }
}

/// snake_case identifier for a field, parameter or method (`"id "` -> `id`, `2fa` -> `_2fa`,
/// `type` -> `r#type`).
pub fn snake(name: &str) -> String {
    let mut out = ascii_words(name).to_snake_case();
    if out.is_empty() {
        out = "value".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    keyword_safe(out)
}

/// PascalCase identifier for a type or variant (`backup-type` -> `BackupType`, `1` -> `V1`).
pub fn pascal(name: &str) -> String {
    let mut out = ascii_words(name).to_pascal_case();
    if out.is_empty() {
        out = "Value".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    keyword_safe(out)
}

/// Replaces everything heck would drop silently by word breaks, and spells out the symbols
/// that carry meaning in enum values (`+1` and `-1` must not both become `1`).
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (index, c) in name.chars().enumerate() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '+' if index == 0 => out.push_str("plus "),
            '-' if index == 0 && name.len() > 1 => out.push_str("minus "),
            '*' if name.len() == 1 => out.push_str("star"),
            _ => out.push(' '),
        }
    }
    out
}

fn keyword_safe(name: String) -> String {
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A set of names in one scope; `claim` returns a name no other claim got.
///
/// Collisions get a numeric suffix in claim order, so the result depends only on the order
/// of the spec, never on hashing.
#[derive(Clone, Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with `reserved` names already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// A namespace for type names, with the prelude names reserved.
    pub fn for_types() -> Self {
        Self::with_reserved(RESERVED_TYPES)
    }

    /// Takes `wanted`, or `wanted2`, `wanted3`, ... when taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // A raw identifier cannot take a suffix inside the `r#`.
        let base = wanted.strip_prefix("r#").unwrap_or(wanted);
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut counter = 2u32;
        loop {
            let candidate = format!("{base}{separator}{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("id "), "id");
        assert_eq!(snake("backupType"), "backup_type");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("@odata.id"), "odata_id");
        assert_eq!(snake(""), "value");
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("auto"), "Auto");
        assert_eq!(pascal("BUILDING"), "Building");
        assert_eq!(pascal("SQLServer"), "SqlServer");
        assert_eq!(pascal("2014_WEB"), "V2014Web");
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
        assert_eq!(pascal("*"), "Star");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(pascal(""), "Value");
    }

    #[test]
    fn type_names_do_not_shadow_the_crate_error() {
        assert_eq!(unshadowed(pascal("error")), "ErrorBody");
        assert_eq!(unshadowed(pascal("errors")), "Errors");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut names = Namespace::for_types();
        assert_eq!(names.claim("Backup"), "Backup");
        assert_eq!(names.claim("Backup"), "Backup2");
        assert_eq!(names.claim("Backup"), "Backup3");
        assert_eq!(names.claim("Client"), "Client2");
        assert_eq!(names.claim("V1"), "V1");
        assert_eq!(names.claim("V1"), "V1_2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type2");
    }
}
