//! Located problems with a spec: what every stage reports instead of panicking.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was left out or read more loosely than written, as documented (a webhook
    /// skipped, a JSON Schema keyword with no Rust counterpart): never an error.
    Note,
    /// A defect of the spec that was forgiven (an operation without `responses`); an error
    /// under `--strict` / [`crate::Config::strict`].
    Warning,
    /// The spec cannot be generated.
    #[default]
    Error,
}

impl Severity {
    /// The word printed before the diagnostic.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One problem with a spec, located by file, JSON pointer and (where the parser knows it)
/// line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// JSON pointer into the spec (`#/paths/~1pets/get`), `#` for the whole document.
    pub pointer: String,
    /// 1-based line and column, when the parser reported them.
    pub location: Option<(u32, u32)>,
    /// What is wrong or unsupported.
    pub message: String,
    /// How to fix it, when there is a useful thing to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at `pointer` in `file`.
    pub fn new(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A forgiven defect at `pointer` in `file` (see [`Severity::Warning`]).
    pub fn warning(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::new(file, pointer, message)
        }
    }

    /// A note at `pointer` in `file` (see [`Severity::Note`]).
    pub fn note(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::new(file, pointer, message)
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a 1-based line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        // Lines past 4 billion are clamped rather than wrapped (u32 keeps a diagnostic
        // small enough to be returned by value).
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.location = Some((clamp(line), clamp(column)));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.file.display())?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, " at {}: {}", self.pointer, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run; never empty when returned as an error.
///
/// `Debug` prints the same text as `Display` (`{:#?}` shows the fields): a build script's
/// `fn main() -> Result<(), Diagnostics>` reports an error with `Debug`, and its user should
/// read the located diagnostics the command line prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_tuple("Diagnostics").field(&self.0).finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for Diagnostics {}

/// Under strict reading, the warnings among `diagnostics` made errors: `Err` with them
/// when there is one, `Ok` when there are only notes (or nothing).
pub fn refuse_warnings(diagnostics: &[Diagnostic]) -> Result<(), Diagnostics> {
    let refused: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| Diagnostic {
            severity: Severity::Error,
            ..d.clone()
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(refused))
    }
}

/// Escapes one JSON pointer segment (RFC 6901): `~` -> `~0`, `/` -> `~1`.
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends segments to a pointer, escaping each.
pub fn pointer(base: &str, segments: &[&str]) -> String {
    let mut out = base.to_owned();
    for segment in segments {
        out.push('/');
        out.push_str(&escape_segment(segment));
    }
    out
}
