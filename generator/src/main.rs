//! The `hwc-codegen` command line: `generate`, `check`, `render`, `diff`, `docs check`,
//! `docs draft`.
//!
//! Exit codes: 0 success; 1 `check` found stale files, `diff` found a breaking change, or
//! `docs check` found a difference between a page and its spec; 2 invalid, unreadable or
//! unsupported input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hwc_codegen::pages::{check, draft, read};
use hwc_codegen::{Diagnostics, Selection, diff, project};

// The binary's only: a library must leave the allocator to the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hwc-codegen",
    version,
    about = "Typed Rust clients from OpenAPI 3.0 specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from every spec in a directory.
    Generate {
        /// Directory of specs (*.yaml, *.yml, *.json).
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The generated crate (its src/ and Cargo.toml features are rewritten).
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[command(flatten)]
        select: Select,
    },
    /// Exit 1 and name the files when the crate is not what `generate` would write.
    Check {
        /// Directory of specs.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The generated crate.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[command(flatten)]
        select: Select,
    },
    /// Render one spec to one Rust module.
    Render {
        /// The spec file.
        spec: PathBuf,
        /// Output file (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        select: Select,
        /// Refuse the spec's forgivable defects (printed as warnings otherwise).
        #[arg(long)]
        strict: bool,
    },
    /// List the changes from OLD to NEW to the generated Rust API, each breaking or
    /// compatible; exit 1 when one breaks users.
    Diff {
        /// The old version of the spec (`-` reads it from standard input).
        old: PathBuf,
        /// The new version of the spec.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Read API reference pages (HTML text, reStructuredText or pipe cells).
    Docs {
        #[command(subcommand)]
        command: DocsCommand,
    },
}

#[derive(Subcommand)]
enum DocsCommand {
    /// Compare pages with the spec that transcribes them: one line per difference the spec
    /// does not acknowledge (`x-hwc-doc-differs`); exit 1 when there is one.
    Check {
        /// The spec.
        spec: PathBuf,
        /// The pages (each operation is matched by method and path).
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Draft an OpenAPI 3.0 spec of the pages' operations, following specs/README.md, with
    /// `x-hwc-todo` wherever a page leaves a decision open.
    Draft {
        /// The pages.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// Output file (stdout when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Which operations to generate (default: all); only the types they use are kept.
#[derive(Args)]
struct Select {
    /// Only these operations, by operationId or client method name (comma-separated).
    #[arg(long, value_delimiter = ',')]
    operations: Option<Vec<String>>,
    /// Only the operations with one of these tags (comma-separated); with --operations,
    /// those too.
    #[arg(long, value_delimiter = ',')]
    tags: Option<Vec<String>>,
}

impl Select {
    fn selection(self) -> Selection {
        Selection::new(self.operations, self.tags)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One line per change or difference, then a summary.
    Human,
    /// One JSON object: `diff` gives `breaking`, `counts` and `changes`; `docs check`
    /// gives `clean`, `count`, `counts` and `differences`.
    Json,
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            let count = diagnostics.0.len();
            eprintln!(
                "{count} problem{} found; nothing was written",
                if count == 1 { "" } else { "s" }
            );
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Diagnostics> {
    match command {
        Command::Generate { specs, out, select } => {
            let plan = project::plan(&specs, &out, &select.selection())?;
            let changed = project::apply(&plan)?;
            println!(
                "{} specs, {} operations, {} types: {changed} of {} files written or removed",
                plan.specs,
                plan.operations,
                plan.types,
                plan.files.len() + plan.stale.len(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { specs, out, select } => {
            let plan = project::plan(&specs, &out, &select.selection())?;
            let outdated = project::outdated(&plan);
            if outdated.is_empty() {
                println!("{} is up to date with {}", out.display(), specs.display());
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("these files are not what `hwc-codegen generate` would write:");
            for path in &outdated {
                eprintln!("  {}", path.display());
            }
            eprintln!("run `cargo run -p hwc-codegen -- generate` and commit the result");
            Ok(ExitCode::from(1))
        }
        Command::Render {
            spec,
            output,
            select,
            strict,
        } => {
            let Select { operations, tags } = select;
            let mut config = hwc_codegen::Config::new(&spec).strict(strict);
            if let Some(operations) = operations {
                config = config.operations(operations);
            }
            if let Some(tags) = tags {
                config = config.tags(tags);
            }
            let rendered = config.render()?;
            for warning in &rendered.warnings {
                eprintln!("{warning}");
            }
            write_output(output.as_deref(), &rendered.source)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { old, new, format } => {
            let changes = diff::compare_files(&old, &new)?;
            match format {
                Format::Human => print!("{}", diff::human(&changes)),
                Format::Json => println!("{}", diff::json(&changes)),
            }
            Ok(if diff::is_breaking(&changes) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Docs { command } => run_docs(command),
    }
}

fn run_docs(command: DocsCommand) -> Result<ExitCode, Diagnostics> {
    match command {
        DocsCommand::Check {
            spec,
            pages,
            format,
        } => {
            let pages = read_pages(&pages)?;
            let differences = check::check(&spec, &pages)?;
            match format {
                Format::Human => print!("{}", check::human(&differences)),
                Format::Json => println!("{}", check::json(&differences)),
            }
            Ok(if differences.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        DocsCommand::Draft { pages, output } => {
            let pages = read_pages(&pages)?;
            write_output(output.as_deref(), &draft::draft(&pages)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes `text` to `output`, or to stdout when there is none.
fn write_output(output: Option<&std::path::Path>, text: &str) -> Result<(), Diagnostics> {
    match output {
        Some(path) => {
            hwc_codegen::write_if_changed(path, text).map_err(|error| {
                hwc_codegen::Diagnostic::new(path, "#", format!("cannot write the output: {error}"))
            })?;
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Reads every page, reporting the problems of all unreadable ones at once.
fn read_pages(paths: &[PathBuf]) -> Result<Vec<hwc_codegen::pages::model::Page>, Diagnostics> {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read::read_page(path) {
            Ok(page) => pages.push(page),
            Err(diagnostics) => problems.extend(diagnostics.0),
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(Diagnostics(problems))
    }
}
