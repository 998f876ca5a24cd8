#!/usr/bin/env bash
# End-to-end benchmark: keruen against newsboat on the same loopback corpus,
# in the same run, with the shared harness (../shared/bench). Prints both
# tables and the keruen/newsboat ratios.
#
#   scripts/bench_e2e.sh            # full suite (~30 min on 2 cores)
#   QUICK=1 scripts/bench_e2e.sh    # smoke test (20/40 feeds, 1 run each)
#
# Knobs are the suite's (FEEDS_SMALL FEEDS_BIG ITEMS RUNS_SMALL RUNS_BIG
# THREADS_LIST LATENCIES MIX BENCH_WORK); set NO_NEWSBOAT=1 to skip newsboat.
# Only 127.0.0.1 is contacted; the suite kills only the servers it started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
[[ -f $BENCH/newsboat_anchor.sh ]] || { echo "bench harness not found at $BENCH (set BENCH_DIR)" >&2; exit 1; }
export BENCH_WORK=${BENCH_WORK:-/tmp/keruen-bench${QUICK:+-quick}}
mkdir -p "$BENCH_WORK"

cargo build --release --locked --manifest-path "$ROOT/Cargo.toml"
BIN=$ROOT/target/release/keruen

rm -f "$BENCH_WORK/results-keruen.jsonl" "$BENCH_WORK/results-newsboat.jsonl"
READER=keruen \
READER_REFRESH_CMD="$BIN --urls {urls} --config {config} --data-dir {cachedir} refresh --all" \
READER_READ_CMD="$BIN --urls {urls} --config {config} --data-dir {cachedir} list --unread --count" \
READER_CONFIG_TMPL='[fetch]\nconcurrency = {threads}\nper_host = {threads}\n' \
READER_VERSION="keruen $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo dev)" \
RESULTS="$BENCH_WORK/results-keruen.jsonl" \
  bash "$BENCH/newsboat_anchor.sh"

if [[ -z ${NO_NEWSBOAT:-} ]] && command -v newsboat >/dev/null; then
  READER=newsboat RESULTS="$BENCH_WORK/results-newsboat.jsonl" bash "$BENCH/newsboat_anchor.sh"
fi

echo; echo "## keruen"; python3 "$BENCH/harness.py" table "$BENCH_WORK/results-keruen.jsonl"
if [[ -f $BENCH_WORK/results-newsboat.jsonl ]]; then
  echo; echo "## newsboat"; python3 "$BENCH/harness.py" table "$BENCH_WORK/results-newsboat.jsonl"
  echo; python3 "$ROOT/scripts/bench_ratios.py" "$BENCH_WORK/results-keruen.jsonl" "$BENCH_WORK/results-newsboat.jsonl"
fi
