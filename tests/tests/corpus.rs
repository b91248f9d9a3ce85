//! Every spec in `../shared/corpus/` (49 real OpenAPI 3.0 specs written by others, and the 14
//! OpenAPI 3.1 and Swagger 2.0 specs of its `v31-v20/`) either generates code
//! that compiles, or fails with the located diagnostics listed in [`EXPECTED_FAILURES`].
//! Never a panic, never a hang. GitHub's spec is also rendered with two tags selected
//! ([`SELECTED`]): that module must compile too, and keep fewer operations and types.
//!
//! The generated modules are checked by `cargo check` in one scratch project kept under the
//! target directory (`corpus-check/`): files are only rewritten when their content changes,
//! so a rerun with an unchanged generator costs seconds, not minutes.
//!
//! The same check compiles the drafts `hwc-codegen docs draft` writes of every API reference
//! page in `../shared/docs/` (a second scratch project, `drafts-check/`, sharing the first's
//! build directory so the runtime's dependencies are built once); each draft must also check
//! clean against its own page.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hwc_codegen::{Diagnostics, Rendered};

/// Specs that must fail, each with the diagnostics it must give: (pointer, part of the
/// message). Every other spec must generate code that compiles.
const EXPECTED_FAILURES: &[(&str, &[(&str, &str)])] = &[(
    // Its `$ref`s are broken on purpose (the corpus README says so): all six are reported.
    "libopenapi-fixture-badref-burgershop.yaml",
    &[
        (
            "#/components/schemas/Fries/properties/favoriteDressings/items",
            "`$ref` \"#/components/schemas/NotHere\" points nowhere",
        ),
        (
            "#/paths/~1burgers/post/requestBody/content/application~1json/schema",
            "`$ref` \"#/components/schemas/Burgers\" points nowhere",
        ),
        (
            "#/paths/~1burgers/post/responses/200/content/application~1json/schema",
            "`$ref` is empty",
        ),
        (
            "#/paths/~1burgers/post/responses/422/content/application~1json/schema",
            "`$ref` \"http://go#/components/schemas/Error\" points into another file",
        ),
        (
            "#/paths/~1burgers~1{burgerId}/get/responses/500/content/application~1json/schema",
            "`$ref` is empty",
        ),
        (
            "#/paths/~1dressings~1{dressingId}/get/responses/500/content/application~1json/schema",
            "`$ref` \"#/components/schemas/Errors\" points nowhere",
        ),
    ],
)];

/// The bar: at least this many of the 49 specs generate compiling code.
const MIN_COMPILING: usize = 45;

/// The OpenAPI 3.1 and Swagger 2.0 specs, in this folder of the corpus.
const NEWER_AND_OLDER: &str = "v31-v20";

/// How many of them the corpus README promises, and the bar (80%) for those that compile.
const NEWER_AND_OLDER_SPECS: usize = 14;
const MIN_COMPILING_NEWER_AND_OLDER: usize = 12;

/// A spec whose rendering takes longer than this is a hang (the largest, 4 MB, renders in
/// seconds even in a debug build).
const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// Crates the generated modules are split into, so `cargo check` uses both cores of CI:
/// rustc checks one crate on one core.
const SHARDS: usize = 2;

/// A spec rendered with a selection of tags (`hwc-codegen render --tags`), which must
/// compile like the rest.
const SELECTED: (&str, &[&str]) = ("progenitor-github-api-older.json", &["repos", "issues"]);

/// The module of [`SELECTED`] in the scratch project.
const SELECTED_MODULE: &str = "selected_github_repos_issues";

fn render_selected() -> Rendered {
    let spec = corpus_dir().join(SELECTED.0);
    hwc_codegen::Config::new(&spec)
        .tags(SELECTED.1.iter().copied())
        .render()
        .unwrap_or_else(|d| panic!("{d}"))
}

/// A scratch project the generated modules are checked in.
struct Scratch {
    /// Its directory under the target directory.
    dir: &'static str,
    /// Its crates are named `{prefix}-{shard}`.
    prefix: &'static str,
    /// The first lines of each crate's `lib.rs`.
    header: &'static str,
}

/// The corpus specs' modules.
const CORPUS: Scratch = Scratch {
    dir: "corpus-check",
    prefix: "corpus",
    header: "//! Generated from the corpus specs by tests/tests/corpus.rs.\n\
             // Corpus code only has to compile; lints are for our own specs.\n\
             #![allow(warnings)]\n",
};

/// The modules of the docs pages' drafts.
const DRAFTS: Scratch = Scratch {
    dir: "drafts-check",
    prefix: "drafts",
    header: "//! Generated from drafts of the pages in ../shared/docs by tests/tests/corpus.rs.\n\
             // Drafts become our specs: their code must be as clean as the specs' code.\n\
             #![deny(warnings)]\n",
};

/// What rendering one spec gave.
enum Outcome {
    Rendered(Box<Rendered>),
    Failed(Diagnostics),
    Panicked(String),
}

#[test]
fn every_corpus_spec_compiles_or_fails_with_located_diagnostics() {
    let specs = corpus_specs(&corpus_dir());
    assert_eq!(specs.len(), 49, "the corpus README promises 49 specs");
    let newer_and_older = corpus_specs(&corpus_dir().join(NEWER_AND_OLDER));
    assert_eq!(
        newer_and_older.len(),
        NEWER_AND_OLDER_SPECS,
        "see {NEWER_AND_OLDER}/README.md"
    );
    let specs: Vec<PathBuf> = specs.into_iter().chain(newer_and_older).collect();
    let outcomes = render_all(&specs);

    let selected = render_selected();
    let mut modules: Vec<(String, &Rendered)> = outcomes
        .iter()
        .filter_map(|(spec, outcome)| match outcome {
            Outcome::Rendered(rendered) => Some((module_name(spec), rendered.as_ref())),
            _ => None,
        })
        .collect();
    modules.push((SELECTED_MODULE.to_owned(), &selected));
    let compile_errors = check_modules(&CORPUS, &modules);
    let modules_rendered: Vec<&String> = modules.iter().map(|(name, _)| name).collect();
    let full = outcomes.iter().find_map(|(spec, outcome)| match outcome {
        Outcome::Rendered(rendered) if file_name(spec) == SELECTED.0 => Some(rendered),
        _ => None,
    });
    let full = full.expect("the spec of the selection renders in full");
    println!(
        "{} with tags {:?}: {} of {} operations, {} of {} types, {} of {} lines; {}",
        SELECTED.0,
        SELECTED.1,
        selected.operations(),
        full.operations(),
        selected.types(),
        full.types(),
        selected.source.lines().count(),
        full.source.lines().count(),
        if compile_errors.contains_key(SELECTED_MODULE) {
            "DOES NOT COMPILE"
        } else {
            "compiles"
        }
    );
    assert!(
        0 < selected.operations() && selected.operations() < full.operations(),
        "the selection keeps some operations, not all"
    );
    assert!(
        selected.types() < full.types(),
        "the selection drops the types no kept operation reaches"
    );

    let mut problems = Vec::new();
    if let Some(errors) = compile_errors.get(SELECTED_MODULE) {
        problems.push(format!(
            "{SELECTED_MODULE}: generated code does not compile:\n{}",
            errors.join("\n")
        ));
    }
    let mut table = String::from(
        "spec | version | operations | types | outcome\n--- | --- | ---: | ---: | ---\n",
    );
    let (mut compiling, mut compiling_newer_and_older) = (0, 0);
    for (spec, outcome) in &outcomes {
        let name = file_name(spec);
        let expected = EXPECTED_FAILURES
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, diagnostics)| *diagnostics);
        let (operations, types, result) = match outcome {
            Outcome::Rendered(rendered) => {
                let errors = compile_errors.get(&module_name(spec));
                let result = match (errors, expected) {
                    (None, None) => {
                        if is_newer_or_older(spec) {
                            compiling_newer_and_older += 1;
                        } else {
                            compiling += 1;
                        }
                        "compiles".to_owned()
                    }
                    (None, Some(_)) => {
                        problems.push(format!("{name}: expected diagnostics, but it rendered"));
                        "rendered, but diagnostics were expected".to_owned()
                    }
                    (Some(errors), _) => {
                        problems.push(format!(
                            "{name}: generated code does not compile:\n{}",
                            errors.join("\n")
                        ));
                        format!("DOES NOT COMPILE ({} errors)", errors.len())
                    }
                };
                (
                    rendered.operations().to_string(),
                    rendered.types().to_string(),
                    result,
                )
            }
            Outcome::Failed(diagnostics) => {
                check_diagnostics(name, spec, diagnostics, expected, &mut problems);
                let first = diagnostics
                    .iter()
                    .next()
                    .map(|d| format!("{}: {}", d.pointer, d.message))
                    .unwrap_or_default();
                let count = diagnostics.0.len();
                (
                    "-".into(),
                    "-".into(),
                    format!("{count} diagnostics, first: {first}"),
                )
            }
            Outcome::Panicked(message) => {
                problems.push(format!("{name}: the generator panicked: {message}"));
                ("-".into(), "-".into(), format!("PANIC: {message}"))
            }
        };
        let version = version_of(spec);
        let _ = writeln!(
            table,
            "{name} | {version} | {operations} | {types} | {result}"
        );
    }
    for (module, errors) in &compile_errors {
        if !modules_rendered.contains(&module) {
            problems.push(format!(
                "{module}: does not compile:\n{}",
                errors.join("\n")
            ));
        }
    }
    println!("{table}");
    println!(
        "{compiling} of 49 OpenAPI 3.0 specs and {compiling_newer_and_older} of \
         {NEWER_AND_OLDER_SPECS} OpenAPI 3.1 / Swagger 2.0 specs generate compiling code",
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(
        compiling >= MIN_COMPILING,
        "only {compiling} specs generate compiling code; at least {MIN_COMPILING} must"
    );
    assert!(
        compiling_newer_and_older >= MIN_COMPILING_NEWER_AND_OLDER,
        "only {compiling_newer_and_older} 3.1/2.0 specs generate compiling code; \
         at least {MIN_COMPILING_NEWER_AND_OLDER} must"
    );
}

/// A draft (`hwc-codegen docs draft`) of every page in `../shared/docs/` (the five seed pages
/// and the OTC pages under `otc/`) loads, renders, generates code that compiles, and checks
/// clean against its own page (`docs check`). The drafts are kept in `drafts-check/specs/`.
#[test]
fn every_docs_page_draft_compiles_and_checks_clean() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs");
    let pages = docs_pages(&docs);
    // INDEX.md lists five pages; otc/INDEX.tsv 12 current pages and 15 history versions.
    assert_eq!(
        pages.len(),
        5 + 12 + 15,
        "the pages of ../shared/docs: {pages:#?}"
    );
    let specs = scratch_base().join(DRAFTS.dir).join("specs");
    let mut problems = Vec::new();
    let mut rendered = Vec::new();
    let mut clean = 0;
    for page in &pages {
        let relative = page.strip_prefix(&docs).unwrap_or(page).with_extension("");
        let name = identifier("draft", &relative.to_string_lossy());
        let spec = specs.join(format!("{name}.yaml"));
        let page = match hwc_codegen::pages::read::read_page(page) {
            Ok(page) => page,
            Err(diagnostics) => {
                problems.push(format!(
                    "{}: unreadable:\n{diagnostics}",
                    relative.display()
                ));
                continue;
            }
        };
        let result =
            hwc_codegen::pages::draft::draft(std::slice::from_ref(&page)).and_then(|yaml| {
                hwc_codegen::write_if_changed(&spec, &yaml)
                    .unwrap_or_else(|error| panic!("cannot write {}: {error}", spec.display()));
                hwc_codegen::render_str(&spec, &yaml)
            });
        match result {
            Ok(module) => {
                // A draft must not lean on the loader's forgiveness of real specs' defects.
                for warning in &module.warnings {
                    problems.push(format!(
                        "{}: the draft loads with {warning}",
                        relative.display()
                    ));
                }
                rendered.push((name, module));
            }
            Err(diagnostics) => {
                problems.push(format!("{}: no module:\n{diagnostics}", relative.display()));
                continue;
            }
        }
        match hwc_codegen::pages::check::check(&spec, &[page]) {
            Ok(differences) if differences.is_empty() => clean += 1,
            Ok(differences) => problems.push(format!(
                "{}: the draft differs from its page:\n{}",
                relative.display(),
                hwc_codegen::pages::check::human(&differences)
            )),
            Err(diagnostics) => problems.push(format!(
                "{}: the draft cannot be checked:\n{diagnostics}",
                relative.display()
            )),
        }
    }
    let modules: Vec<(String, &Rendered)> = rendered
        .iter()
        .map(|(name, module)| (name.clone(), module))
        .collect();
    let compile_errors = check_modules(&DRAFTS, &modules);
    for (module, errors) in &compile_errors {
        problems.push(format!(
            "{module}: does not compile:\n{}",
            errors.join("\n")
        ));
    }
    println!(
        "{} of {} page drafts generate compiling code; {clean} check clean against their page",
        modules.len() - compile_errors.len(),
        pages.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The pages under `dir` (`.txt` and `.rst`, not the indexes), sorted.
fn docs_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "rst") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

/// The expected diagnostics are all there, and every diagnostic is located in this spec.
fn check_diagnostics(
    name: &str,
    spec: &Path,
    diagnostics: &Diagnostics,
    expected: Option<&[(&str, &str)]>,
    problems: &mut Vec<String>,
) {
    let Some(expected) = expected else {
        problems.push(format!("{name}: unexpected diagnostics:\n{diagnostics}"));
        return;
    };
    for diagnostic in diagnostics.iter() {
        if diagnostic.file != spec || !diagnostic.pointer.starts_with('#') {
            problems.push(format!(
                "{name}: diagnostic not located in the spec: {diagnostic}"
            ));
        }
    }
    if diagnostics.0.len() != expected.len() {
        problems.push(format!(
            "{name}: expected {} diagnostics, got {}:\n{diagnostics}",
            expected.len(),
            diagnostics.0.len()
        ));
    }
    for (pointer, message) in expected {
        let found = diagnostics
            .iter()
            .any(|d| d.pointer == *pointer && d.message.contains(message));
        if !found {
            problems.push(format!(
                "{name}: missing the diagnostic at {pointer} saying {message:?}; got:\n{diagnostics}"
            ));
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// True for the specs of [`NEWER_AND_OLDER`].
fn is_newer_or_older(spec: &Path) -> bool {
    spec.parent()
        .is_some_and(|dir| dir.ends_with(NEWER_AND_OLDER))
}

/// The version of `spec` as its folder's MANIFEST.tsv gives it (`openapi 3.1.0`,
/// `swagger 2.0`, `3.0.1`), or `?`.
fn version_of(spec: &Path) -> String {
    let manifest = spec.with_file_name("MANIFEST.tsv");
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let mut lines = text
        .lines()
        .map(|line| line.split('\t').collect::<Vec<_>>());
    let header = lines.next().unwrap_or_default();
    let column = header
        .iter()
        .position(|name| *name == "version" || *name == "openapi_version");
    let row = lines.find(|row| row.first() == Some(&file_name(spec)));
    match (column, row) {
        (Some(column), Some(row)) => row.get(column).copied().unwrap_or("?").to_owned(),
        _ => "?".to_owned(),
    }
}

/// The specs (YAML and JSON files) directly in `dir`, sorted.
fn corpus_specs(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read the corpus at {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

fn file_name(spec: &Path) -> &str {
    spec.file_name().and_then(|n| n.to_str()).unwrap_or("?")
}

/// `tpac-google-admin.yaml` -> `spec_tpac_google_admin`.
fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    identifier("spec", stem)
}

/// `prefix` and `text` as one snake_case Rust identifier: `otc/rds/creating` ->
/// `draft_otc_rds_creating`.
fn identifier(prefix: &str, text: &str) -> String {
    let mut name = format!("{prefix}_");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            // One `_` for a run (`a__b` is not snake case).
            name.push('_');
        }
    }
    name
}

/// Renders every spec on as many threads as there are cores, each under `catch_unwind`;
/// fails the test when one takes longer than [`RENDER_TIMEOUT`].
fn render_all(specs: &[PathBuf]) -> Vec<(PathBuf, Outcome)> {
    let queue = Arc::new(Mutex::new(
        specs.iter().cloned().enumerate().collect::<Vec<_>>(),
    ));
    let (events, received) = mpsc::channel::<(usize, Option<Outcome>)>();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    for _ in 0..workers {
        let queue = Arc::clone(&queue);
        let events = events.clone();
        std::thread::Builder::new()
            // The stack of a main thread, which is what the CLI and build scripts get.
            .stack_size(8 << 20)
            .spawn(move || {
                loop {
                    let Some((index, spec)) = queue.lock().expect("queue").pop() else {
                        break;
                    };
                    let _ = events.send((index, None));
                    let outcome =
                        match catch_unwind(AssertUnwindSafe(|| hwc_codegen::render(&spec))) {
                            Ok(Ok(rendered)) => Outcome::Rendered(Box::new(rendered)),
                            Ok(Err(diagnostics)) => Outcome::Failed(diagnostics),
                            Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
                        };
                    let _ = events.send((index, Some(outcome)));
                }
            })
            .expect("spawn a render thread");
    }
    drop(events);
    let mut started: BTreeMap<usize, Instant> = BTreeMap::new();
    let mut done: BTreeMap<usize, Outcome> = BTreeMap::new();
    while done.len() < specs.len() {
        match received.recv_timeout(Duration::from_secs(1)) {
            Ok((index, None)) => {
                started.insert(index, Instant::now());
            }
            Ok((index, Some(outcome))) => {
                started.remove(&index);
                done.insert(index, outcome);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        for (index, since) in &started {
            assert!(
                since.elapsed() < RENDER_TIMEOUT,
                "{}: rendering hangs (still running after {RENDER_TIMEOUT:?})",
                specs[*index].display()
            );
        }
    }
    specs
        .iter()
        .cloned()
        .enumerate()
        .map(|(index, spec)| {
            let outcome = done
                .remove(&index)
                .unwrap_or_else(|| Outcome::Panicked("the render thread died".into()));
            (spec, outcome)
        })
        .collect()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// The target directory the scratch projects live in: beside the build output of this test,
/// so they survive between runs (a fresh temporary directory would make every run a cold
/// `cargo check`).
fn scratch_base() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    // <target>/<profile>/deps/corpus-<hash>
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Writes the modules into the scratch project `scratch` depending on `hwc-runtime` (split
/// into [`SHARDS`] crates balanced by size), runs `cargo check`, and returns the compile
/// errors by module.
fn check_modules(
    scratch: &Scratch,
    modules: &[(String, &Rendered)],
) -> BTreeMap<String, Vec<String>> {
    let root = scratch_base().join(scratch.dir);
    // One build directory for every scratch project: the runtime's dependencies are built
    // once (cargo's lock on it runs the checks one after the other).
    let target = scratch_base().join(CORPUS.dir).join("target");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().expect("the runtime crate");

    // Largest first into the lightest shard: deterministic, and even enough.
    let mut by_size: Vec<&(String, &Rendered)> = modules.iter().collect();
    by_size
        .sort_by_key(|(name, rendered)| (std::cmp::Reverse(rendered.source.len()), name.clone()));
    let mut shards: Vec<(usize, Vec<&(String, &Rendered)>)> = vec![(0, Vec::new()); SHARDS];
    for module in by_size {
        let lightest = shards
            .iter_mut()
            .min_by_key(|(size, _)| *size)
            .expect("at least one shard");
        lightest.0 += module.1.source.len();
        lightest.1.push(module);
    }

    let mut members = Vec::new();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (index, (_, shard)) in shards.iter().enumerate() {
        let crate_name = format!("{}-{index}", scratch.prefix);
        let dir = root.join(&crate_name);
        let mut lib = String::from(scratch.header);
        let mut names: Vec<&String> = shard.iter().map(|(name, _)| name).collect();
        names.sort();
        for name in names {
            let _ = writeln!(lib, "pub mod {name};");
        }
        for (name, rendered) in shard {
            files.insert(
                dir.join("src").join(format!("{name}.rs")),
                rendered.source.clone(),
            );
        }
        files.insert(dir.join("src/lib.rs"), lib);
        files.insert(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nhwc-runtime = {{ path = {:?} }}\n",
                runtime.display().to_string()
            ),
        );
        members.push(format!("{crate_name:?}"));
    }
    files.insert(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // The workspace's lock file: the same dependency versions as our own build.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let lock = std::fs::read_to_string(&lock).expect("the workspace's Cargo.lock");
    files.insert(root.join("Cargo.lock"), lock);
    // Modules of specs that no longer render (or were renamed) must not linger.
    for shard in 0..SHARDS {
        let src = root.join(format!("{}-{shard}/src", scratch.prefix));
        for entry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
            if !files.contains_key(&entry.path()) {
                std::fs::remove_file(entry.path()).expect("remove a stale module");
            }
        }
    }
    for (path, content) in &files {
        hwc_codegen::write_if_changed(path, content)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["check", "--workspace", "--message-format", "json"])
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("run cargo check");
    println!(
        "cargo check of the generated code: {:.1?}",
        started.elapsed()
    );

    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let diagnostic = &message["message"];
        if message["reason"] != "compiler-message" || diagnostic["level"] != "error" {
            continue;
        }
        let module = diagnostic["spans"]
            .as_array()
            .and_then(|spans| spans.first())
            .and_then(|span| span["file_name"].as_str())
            .and_then(|file| Path::new(file).file_stem())
            .and_then(|stem| stem.to_str())
            .unwrap_or("lib")
            .to_owned();
        let rendered = diagnostic["rendered"].as_str().unwrap_or("?").to_owned();
        errors.entry(module).or_default().push(rendered);
    }
    if !output.status.success() && errors.is_empty() {
        panic!(
            "cargo check failed without compiler errors:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    errors
}
