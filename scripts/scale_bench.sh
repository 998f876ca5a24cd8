#!/usr/bin/env bash
# A year of news: the figures of a 1,000,000-article, 2,000-feed cache,
# one JSON line each (with the load average when it was taken).
#
#   cargo build --release --examples
#   scripts/scale_bench.sh [DIR]          # DIR default /tmp/keruen-scale
#   RUNS=7 ONLY=probe scripts/scale_bench.sh
#
# DIR is made by examples/gen_cache when it holds no cache yet (its run
# time is the "generate" line). Then:
#   first_screen    PTY, spawn to the newest titles drawn (scripts/scale_pty.py)
#   browse_rss      PTY, peak RSS (VmHWM) over a browsing session
#   search          50 fixed queries through Store::search, p50 / p99
#   top_7d          stories::top over 7 days
#   related         RelatedStories::related, p50 / p99 over 50 articles
#   mark_100k_read  Store::set_read on 100,000 unread articles
#   size            the cache file, and per part (dbstat)
#   newsboat_size   newsboat's cache for the same articles (sampled, see
#                   scripts/newsboat_size.py; needs newsboat and `pip install
#                   zstandard`) and our ratio to it
#   first_refresh_500  the first refresh of the shared bench's 500-feed
#                   corpus as file:// URLs: wall, CPU, peak RSS, and CPU as
#                   a ratio to the libxml2 parse floor (no cache needed;
#                   scripts/first_refresh_bench.py)
# ONLY: any of fresh,gen,pty,probe,newsboat (default: all). RUNS: runs per
# figure.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/keruen-scale}
RUNS=${RUNS:-5}
ONLY=${ONLY:-fresh,gen,pty,probe,newsboat}
BIN=target/release
want() { [[ ",$ONLY," == *",$1,"* ]]; }

for b in "$BIN/keruen" "$BIN/examples/gen_cache" "$BIN/examples/scale_probe"; do
    [[ $ONLY == fresh && $b == */examples/* ]] && continue
    [[ -x $b ]] || { echo "missing $b: cargo build --release --examples" >&2; exit 1; }
done
if want fresh; then
    python3 scripts/first_refresh_bench.py --binary "$BIN/keruen" --runs "$RUNS"
fi
[[ $ONLY == fresh ]] && exit 0
if want gen && [[ ! -f $DIR/data/cache.db ]]; then
    "$BIN/examples/gen_cache" "$DIR" ${GEN_ARGS:-}
fi
[[ -f $DIR/data/cache.db ]] || { echo "no cache in $DIR" >&2; exit 1; }
if want probe; then
    "$BIN/examples/scale_probe" "$DIR" --runs "$RUNS"
fi
if want pty; then
    python3 scripts/scale_pty.py "$DIR" --binary "$BIN/keruen" --runs "$RUNS"
fi
if want newsboat; then
    python3 scripts/newsboat_size.py "$DIR"
fi
