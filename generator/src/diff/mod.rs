//! What a spec change does to the generated Rust API, and whether it breaks its users.
//!
//! Both versions are lowered and their IRs compared, so a change is reported in the terms a
//! user of the generated crate sees (methods, arguments, setters, struct fields, enum
//! variants) and classified by whether code that compiled and worked against the old
//! module still does against the new one.

mod operations;
mod render;
mod types;

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, Cloud, Docs};

pub use render::{human, json};

/// Whether a change breaks users of the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Code written against the old module may stop compiling or stop working.
    Breaking,
    /// Code written against the old module keeps compiling and working.
    Compatible,
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A client method appeared.
    OperationAdded,
    /// A client method disappeared.
    OperationRemoved,
    /// An operation's HTTP method or path changed; its Rust signature did not.
    RouteChanged,
    /// A parameter (argument or setter) or request body appeared.
    ParameterAdded,
    /// A parameter or request body disappeared.
    ParameterRemoved,
    /// An optional parameter (a setter) became required (an argument).
    ParameterMadeRequired,
    /// A required parameter (an argument) became optional (a setter).
    ParameterMadeOptional,
    /// A parameter's or body's Rust type changed.
    ParameterTypeChanged,
    /// The required arguments of a method come in another order.
    ArgumentsReordered,
    /// The checks made on a parameter before sending changed.
    ConstraintsChanged,
    /// What a successful call returns changed.
    ResponseChanged,
    /// A success status (a variant of the method's response enum) appeared.
    ResponseStatusAdded,
    /// A success status disappeared.
    ResponseStatusRemoved,
    /// The declared error responses changed (they only document the operation).
    ErrorsChanged,
    /// Paging (`into_pages`, `into_items`) appeared.
    PaginationAdded,
    /// Paging disappeared.
    PaginationRemoved,
    /// How paging works changed.
    PaginationChanged,
    /// A named type appeared.
    TypeAdded,
    /// A named type disappeared.
    TypeRemoved,
    /// A named type became another kind of type, or an alias another target.
    TypeChanged,
    /// A struct became constructible by users, or stopped being.
    ExhaustivenessChanged,
    /// A struct field appeared.
    FieldAdded,
    /// A struct field disappeared.
    FieldRemoved,
    /// A struct field's Rust type changed.
    FieldTypeChanged,
    /// A field became required: `Option<T>` became `T`.
    FieldMadeRequired,
    /// A field became optional or nullable: `T` became `Option<T>`.
    FieldMadeOptional,
    /// An enum value appeared.
    EnumValueAdded,
    /// An enum value disappeared.
    EnumValueRemoved,
    /// An alternative of a union appeared.
    VariantAdded,
    /// An alternative of a union disappeared.
    VariantRemoved,
    /// The payload type of a union's alternative changed.
    VariantTypeChanged,
    /// A name or value on the wire changed while its Rust name stayed.
    WireNameChanged,
    /// A server (endpoint template) appeared.
    ServerAdded,
    /// A server disappeared.
    ServerRemoved,
    /// Documentation changed.
    DescriptionChanged,
}

/// One change to the generated API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking or compatible.
    pub severity: Severity,
    /// What changed.
    pub kind: ChangeKind,
    /// The Rust item: `Client::list_backups`, `Client::list_backups(limit)`,
    /// `Backup.size`, `BackupType::Incremental`, `Backup`, a server URL, or `module`.
    pub item: String,
    /// What it means, in a sentence fragment (`i32 -> i64`).
    pub detail: String,
}

/// Compares the specs at `old` and `new` (a path of `-` reads standard input).
pub fn compare_files(old: &Path, new: &Path) -> Result<Vec<Change>, Diagnostics> {
    let old = lowered(old);
    let new = lowered(new);
    match (old, new) {
        (Ok(old), Ok(new)) => Ok(compare(&old, &new)),
        (Err(mut problems), Err(more)) => {
            problems.0.extend(more.0);
            Err(problems)
        }
        (Err(problems), Ok(_)) | (Ok(_), Err(problems)) => Err(problems),
    }
}

fn lowered(path: &Path) -> Result<Api, Diagnostics> {
    let spec = if path == Path::new("-") {
        let text = std::io::read_to_string(std::io::stdin()).map_err(|error| {
            crate::Diagnostic::new(path, "#", format!("cannot read standard input: {error}"))
        })?;
        crate::load::load_str(Path::new("<stdin>"), &text)?
    } else {
        crate::load::load_file(path)?
    };
    crate::lower::lower(&spec)
}

/// Every change from `old` to `new`: the module's documentation and servers, then the
/// operations (in the old order, then added ones), then the types (likewise).
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Changes::default();
    changes.docs("module", &old.docs, &new.docs);
    servers(&mut changes, old, new);
    operations::compare(&mut changes, &old.operations, &new.operations);
    types::compare(&mut changes, &old.types, &new.types);
    changes.0
}

/// True when a change breaks users.
pub fn is_breaking(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.severity == Severity::Breaking)
}

fn servers(changes: &mut Changes, old: &Api, new: &Api) {
    for server in &old.servers {
        if new.servers.contains(server) {
            continue;
        }
        // Losing one endpoint is harmless while the cloud keeps another; losing the last
        // leaves configurations for that cloud without an endpoint.
        if new.servers.iter().any(|s| s.cloud == server.cloud) {
            changes.compatible(
                ChangeKind::ServerRemoved,
                &server.url,
                "another server remains for its cloud",
            );
        } else {
            changes.breaking(
                ChangeKind::ServerRemoved,
                &server.url,
                format!("no server is left for {}", cloud_name(server.cloud)),
            );
        }
    }
    for server in &new.servers {
        if !old.servers.contains(server) {
            changes.compatible(
                ChangeKind::ServerAdded,
                &server.url,
                format!("endpoint for {}", cloud_name(server.cloud)),
            );
        }
    }
}

fn cloud_name(cloud: Option<Cloud>) -> &'static str {
    match cloud {
        Some(Cloud::HuaweiCloud) => "Huawei Cloud",
        Some(Cloud::Otc) => "Open Telekom Cloud",
        None => "any cloud",
    }
}

/// The changes found so far, in the order found.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        severity: Severity,
        kind: ChangeKind,
        item: &str,
        detail: impl Into<String>,
    ) {
        self.0.push(Change {
            severity,
            kind,
            item: item.to_owned(),
            detail: detail.into(),
        });
    }

    fn breaking(&mut self, kind: ChangeKind, item: &str, detail: impl Into<String>) {
        self.push(Severity::Breaking, kind, item, detail);
    }

    fn compatible(&mut self, kind: ChangeKind, item: &str, detail: impl Into<String>) {
        self.push(Severity::Compatible, kind, item, detail);
    }

    fn docs(&mut self, item: &str, old: &Docs, new: &Docs) {
        if old != new {
            self.compatible(
                ChangeKind::DescriptionChanged,
                item,
                "documentation changed",
            );
        }
    }
}
