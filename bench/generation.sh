#!/usr/bin/env bash
# Whole-process generation time of two hwc-codegen binaries, interleaved run by run on the
# same specs (the machine's load moves absolute times by 2x; the per-run ratio is what
# counts). Prints one line per spec: median ms of each, and the median of the per-run ratios.
#
#   bench/generation.sh OLD_BINARY NEW_BINARY [RUNS] SPEC...
set -euo pipefail
old=$1 new=$2 runs=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for spec in "$@"; do
  olds=() news=() ratios=()
  for _ in $(seq "$runs"); do
    o=$(ms "$old" render "$spec" -o "$out/old.rs")
    n=$(ms "$new" render "$spec" -o "$out/new.rs")
    olds+=("$o") news+=("$n")
    ratios+=("$(awk -v o="$o" -v n="$n" 'BEGIN {printf "%.3f", o / n}')")
  done
  cmp -s "$out/old.rs" "$out/new.rs" && same=identical || same=differs
  printf '%s: old %s ms, new %s ms, old/new %s (per-run: %s); output %s\n' \
    "$(basename "$spec")" \
    "$(printf '%s\n' "${olds[@]}" | median)" "$(printf '%s\n' "${news[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "${ratios[*]}" "$same"
done
