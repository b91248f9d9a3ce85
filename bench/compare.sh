#!/usr/bin/env bash
# hwc-codegen vs cargo-progenitor, side by side on this machine in one run:
#   1. whole-process generation time (median of RUNS runs, the two tools interleaved),
#   2. lines of generated code,
#   3. `cargo check` and `cargo build` (debug) time of each generated crate with its
#      dependencies already built (median of CHECK_RUNS runs, interleaved; the crate's
#      source is touched before each, so cargo's incremental cache of it is warm).
# for specs/*.yaml and three large corpus specs (Oxide nexus, Stripe, GitHub).
#
# Usage: bench/compare.sh [SPEC...]        (default: specs/*.yaml + the three corpus specs)
# Environment:
#   RUNS=5 CHECK_RUNS=5         runs per measurement (at least 5 for a median)
#   NO_CHECK=1                  skip the `cargo check` and `cargo build` part
#   INTERFACE=positional        cargo-progenitor's --interface (positional, its default, or
#                               builder, closer to hwc-codegen's request builders)
#   CORPUS=../shared/corpus     where the corpus specs are
#   WORK=/tmp/hwc-bench-compare scratch: generated code, check crates, results
#   TOOLS=bench/.tools          where the pinned cargo-progenitor is installed
#   CARGO_TARGET_DIR            where hwc-codegen is built (release profile)
#
# cargo-progenitor is installed from crates.io on first use (pinned version, --locked;
# it compiles for a few minutes). A tool that fails or panics on a spec is a result: it is
# reported in the tables, never hidden. Results: $WORK/results.md (tables) and
# $WORK/raw.tsv (every timed run).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROGENITOR_VERSION=0.15.1
RUNS=${RUNS:-5}
INTERFACE=${INTERFACE:-positional}
CHECK_RUNS=${CHECK_RUNS:-5}
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
WORK=${WORK:-/tmp/hwc-bench-compare}
TOOLS=${TOOLS:-$ROOT/bench/.tools}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CORPUS_SPECS=(progenitor-oxide-nexus.json stripe-spec3-2023-09.yaml progenitor-github-api-older.json)

# Both tools run as a user runs them: no backtrace capture (it slows error paths and
# anyhow errors; this environment may set it).
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
export LC_ALL=C

log() { printf '%s\n' "$*" >&2; }
die() { log "compare.sh: $*"; exit 1; }

if ((RUNS < 5 || CHECK_RUNS < 5)); then
  log "note: fewer than 5 runs; the median is less robust"
fi

# --- tools ---------------------------------------------------------------------------
PROGENITOR=$TOOLS/bin/cargo-progenitor
if ! { [[ -x $PROGENITOR ]] && grep -qF "cargo-progenitor $PROGENITOR_VERSION " "$TOOLS/.crates.toml" 2>/dev/null; }; then
  log "installing cargo-progenitor $PROGENITOR_VERSION into $TOOLS (compiles; takes minutes)"
  cargo install cargo-progenitor --version "$PROGENITOR_VERSION" --locked \
    --root "$TOOLS" --target-dir "$WORK/progenitor-build" >&2
fi
log "building hwc-codegen (release)"
(cd "$ROOT" && cargo build --release --locked -q -p hwc-codegen --bin hwc-codegen)
OURS=$TARGET/release/hwc-codegen
[[ -x $OURS ]] || die "no binary at $OURS"

# --- specs ---------------------------------------------------------------------------
SPECS=()
if (($# > 0)); then
  SPECS=("$@")
else
  SPECS=("$ROOT"/specs/*.yaml)
  for name in "${CORPUS_SPECS[@]}"; do
    if [[ -f $CORPUS/$name ]]; then SPECS+=("$CORPUS/$name"); else log "missing: $CORPUS/$name"; fi
  done
fi

rm -rf "$WORK/gen" "$WORK/check"
mkdir -p "$WORK/gen/ours" "$WORK/gen/progenitor" "$WORK/log"
RAW=$WORK/raw.tsv
printf 'measure\tspec\ttool\trun\tseconds\n' >"$RAW"

# A crate-name-safe short name for a spec file.
short() {
  local base
  base=$(basename "$1")
  base=${base%.*}
  printf '%s' "$base" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-'
}

# Prints the seconds (to the microsecond) one command takes, and exits with its status;
# the command's output goes to $LOG_FILE.
elapsed() {
  local start end status=0
  start=$EPOCHREALTIME
  "$@" >>"$LOG_FILE" 2>&1 || status=$?
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }'
  return "$status"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { [[ -n $1 ]] && awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }' || printf 'n/a'; }
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || printf 'n/a'; }

run_ours() { rm -f "$WORK/gen/ours/$2.rs"; "$OURS" render "$1" -o "$WORK/gen/ours/$2.rs"; }
run_progenitor() {
  rm -rf "$WORK/gen/progenitor/$2"
  "$PROGENITOR" progenitor -i "$1" -o "$WORK/gen/progenitor/$2" -n "prog-$2" -v 0.1.0 --interface "$INTERFACE"
}

# Why a tool failed: its panic message or its last line of output.
failure() {
  local line
  line=$(grep -m1 -A1 'panicked' "$1" | tr '\n' ' ' | sed 's|/[^ ]*/registry/src/[^/]*/||' | cut -c1-200)
  [[ -n $line ]] || line=$(grep -v '^\s*$' "$1" | head -n 1 | cut -c1-200)
  printf '%s' "$line" | tr '|' '/'
}

declare -A OK_OURS OK_PROG WHY_OURS WHY_PROG GEN_OURS GEN_PROG LINES_OURS LINES_PROG CHK_OURS CHK_PROG BLD_OURS BLD_PROG

# --- 1 and 2: generation time and lines ----------------------------------------------
for spec in "${SPECS[@]}"; do
  name=$(short "$spec")
  log "generation: $name"
  # One untimed run each: success or failure (and warm file caches).
  LOG_FILE=$WORK/log/ours-$name.log
  : >"$LOG_FILE"
  status=0
  run_ours "$spec" "$name" >>"$LOG_FILE" 2>&1 || status=$?
  OK_OURS[$name]=$((status == 0))
  if ((status)); then WHY_OURS[$name]="exit $status: $(failure "$LOG_FILE")"; fi
  LOG_FILE=$WORK/log/progenitor-$name.log
  : >"$LOG_FILE"
  status=0
  run_progenitor "$spec" "$name" >>"$LOG_FILE" 2>&1 || status=$?
  OK_PROG[$name]=$((status == 0))
  if ((status)); then WHY_PROG[$name]="exit $status: $(failure "$LOG_FILE")"; fi

  # A tool that fails is timed all the same: how long it takes to fail is a result too.
  ours_times=() prog_times=()
  LOG_FILE=/dev/null
  for ((i = 1; i <= RUNS; i++)); do
    t=$(elapsed run_ours "$spec" "$name") || true
    ours_times+=("$t")
    printf 'generate\t%s\thwc-codegen\t%d\t%s\n' "$name" "$i" "$t" >>"$RAW"
    t=$(elapsed run_progenitor "$spec" "$name") || true
    prog_times+=("$t")
    printf 'generate\t%s\tcargo-progenitor\t%d\t%s\n' "$name" "$i" "$t" >>"$RAW"
  done
  GEN_OURS[$name]=$(printf '%s\n' "${ours_times[@]}" | median)
  GEN_PROG[$name]=$(printf '%s\n' "${prog_times[@]}" | median)
  if ((OK_OURS[$name])); then LINES_OURS[$name]=$(wc -l <"$WORK/gen/ours/$name.rs"); fi
  if ((OK_PROG[$name])); then
    LINES_PROG[$name]=$(find "$WORK/gen/progenitor/$name/src" -name '*.rs' -exec cat {} + | wc -l)
  fi
done

# --- 3: cargo check of the generated crates --------------------------------------------
# One scratch workspace per tool, so each tool's dependencies are built once:
#   ours:       crate hwc-NAME = hwc-runtime (by path) + the rendered module as `pub mod api`
#   progenitor: the crate cargo-progenitor wrote (its own Cargo.toml and dependencies)
if [[ -z ${NO_CHECK:-} ]]; then
  OURS_WS=$WORK/check/ours PROG_WS=$WORK/check/progenitor
  mkdir -p "$OURS_WS" "$PROG_WS"
  ours_members=() prog_members=()
  for spec in "${SPECS[@]}"; do
    name=$(short "$spec")
    if ((OK_OURS[$name])); then
      mkdir -p "$OURS_WS/$name/src"
      cat >"$OURS_WS/$name/Cargo.toml" <<EOF
[package]
name = "hwc-$name"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
hwc-runtime = { path = "$ROOT/runtime" }
EOF
      printf '//! Generated by hwc-codegen from %s.\npub mod api;\n' "$(basename "$spec")" \
        >"$OURS_WS/$name/src/lib.rs"
      cp "$WORK/gen/ours/$name.rs" "$OURS_WS/$name/src/api.rs"
      ours_members+=("\"$name\"")
    fi
    if ((OK_PROG[$name])); then
      cp -r "$WORK/gen/progenitor/$name" "$PROG_WS/$name"
      prog_members+=("\"$name\"")
    fi
  done
  join() { local IFS=,; printf '%s' "$*"; }
  printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$(join "${ours_members[@]}")" \
    >"$OURS_WS/Cargo.toml"
  printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$(join "${prog_members[@]}")" \
    >"$PROG_WS/Cargo.toml"
  # Our crates resolve to the versions the repository is tested with.
  cp "$ROOT/Cargo.lock" "$OURS_WS/Cargo.lock"

  check() { (cd "$1" && CARGO_TARGET_DIR=$1/target cargo check -q -p "$2"); }
  build() { (cd "$1" && CARGO_TARGET_DIR=$1/target cargo build -q -p "$2"); }
  log "cargo check and build: building dependencies once (untimed)"
  LOG_FILE=$WORK/log/check-warm.log
  : >"$LOG_FILE"
  for cmd in check build; do
    if ((${#ours_members[@]})); then
      (cd "$OURS_WS" && CARGO_TARGET_DIR=$OURS_WS/target cargo $cmd -q --workspace) >>"$LOG_FILE" 2>&1 ||
        log "warning: cargo $cmd of our generated crates failed (see $LOG_FILE)"
    fi
    if ((${#prog_members[@]})); then
      (cd "$PROG_WS" && CARGO_TARGET_DIR=$PROG_WS/target cargo $cmd -q --workspace) >>"$LOG_FILE" 2>&1 ||
        log "warning: cargo $cmd of progenitor's generated crates failed (see $LOG_FILE)"
    fi
  done
  # Times `cargo $1` (check or build) of each spec's crate, the two tools interleaved;
  # the medians go into the arrays named $2 (ours) and $3 (progenitor).
  time_crates() {
    local cmd=$1
    local -n ours_median=$2 prog_median=$3
    for spec in "${SPECS[@]}"; do
      name=$(short "$spec")
      log "cargo $cmd: $name"
      ours_times=() prog_times=()
      declare -i ours_ok=${OK_OURS[$name]} prog_ok=${OK_PROG[$name]}
      for ((i = 1; i <= CHECK_RUNS; i++)); do
        if ((ours_ok)); then
          touch "$OURS_WS/$name/src/api.rs"
          LOG_FILE=$WORK/log/$cmd-ours-$name.log
          if t=$(elapsed "$cmd" "$OURS_WS" "hwc-$name"); then
            ours_times+=("$t")
            printf '%s\t%s\thwc-codegen\t%d\t%s\n' "$cmd" "$name" "$i" "$t" >>"$RAW"
          else
            ours_ok=0 WHY_OURS[$name]="generated code does not compile (see $LOG_FILE)"
          fi
        fi
        if ((prog_ok)); then
          touch "$PROG_WS/$name/src/lib.rs"
          LOG_FILE=$WORK/log/$cmd-progenitor-$name.log
          if t=$(elapsed "$cmd" "$PROG_WS" "prog-$name"); then
            prog_times+=("$t")
            printf '%s\t%s\tcargo-progenitor\t%d\t%s\n' "$cmd" "$name" "$i" "$t" >>"$RAW"
          else
            prog_ok=0 WHY_PROG[$name]="generated code does not compile (see $LOG_FILE)"
          fi
        fi
      done
      if ((ours_ok)); then ours_median[$name]=$(printf '%s\n' "${ours_times[@]}" | median); fi
      if ((prog_ok)); then prog_median[$name]=$(printf '%s\n' "${prog_times[@]}" | median); fi
    done
  }
  time_crates check CHK_OURS CHK_PROG
  time_crates build BLD_OURS BLD_PROG
fi

# --- report ----------------------------------------------------------------------------
{
  printf '# hwc-codegen vs cargo-progenitor %s (--interface %s)\n\n' "$PROGENITOR_VERSION" "$INTERFACE"
  printf '%s; %s; %s cores; load average at the end: %s; %s generation runs, %s check runs (medians, interleaved)\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(rustc --version)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$RUNS" "$CHECK_RUNS"
  printf '"x faster" = progenitor time / hwc-codegen time (above 1: hwc-codegen is faster).\n\n'
  printf '| spec | generate: hwc-codegen ms | generate: progenitor ms | x faster | lines: hwc-codegen | lines: progenitor | check: hwc-codegen ms | check: progenitor ms | x faster | build: hwc-codegen ms | build: progenitor ms | x faster |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  for spec in "${SPECS[@]}"; do
    name=$(short "$spec")
    go=${GEN_OURS[$name]:-} gp=${GEN_PROG[$name]:-} co=${CHK_OURS[$name]:-} cp=${CHK_PROG[$name]:-}
    bo=${BLD_OURS[$name]:-} bp=${BLD_PROG[$name]:-}
    go_s=$(ms "$go") gp_s=$(ms "$gp") gen_ratio=$(ratio "$gp" "$go")
    if ((!OK_OURS[$name])); then go_s="failed after $go_s" gen_ratio=n/a; fi
    if ((!OK_PROG[$name])); then gp_s="failed after $gp_s" gen_ratio=n/a; fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$spec")" \
      "$go_s" "$gp_s" "$gen_ratio" "${LINES_OURS[$name]:-n/a}" "${LINES_PROG[$name]:-n/a}" \
      "$(ms "$co")" "$(ms "$cp")" "$(ratio "$cp" "$co")" "$(ms "$bo")" "$(ms "$bp")" "$(ratio "$bp" "$bo")"
  done
  failures=0
  for spec in "${SPECS[@]}"; do
    name=$(short "$spec")
    for tool in hwc-codegen cargo-progenitor; do
      if [[ $tool == hwc-codegen ]]; then why=${WHY_OURS[$name]:-}; else why=${WHY_PROG[$name]:-}; fi
      if [[ -n $why ]]; then
        if ((failures == 0)); then printf '\nFailures:\n\n'; fi
        failures=$((failures + 1))
        printf -- '- %s on %s: %s\n' "$tool" "$(basename "$spec")" "$why"
      fi
    done
  done
  printf '\nEvery timed run: %s; tool output: %s/log/\n' "$RAW" "$WORK"
} | tee "$WORK/results.md"
