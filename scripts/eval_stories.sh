#!/usr/bin/env bash
# Story grouping and related stories on labelled real headline pairs:
# precision, recall (on `1` pairs), the share of `loose` pairs grouped,
# related@5 and how often a hard negative is shown, per language, on the dev
# half, the held-out half and both. The pairs file: $1, else $KERUEN_PAIRS,
# else ../shared/data/headlines/train_pairs.tsv (beside the clone).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example eval_pairs -- "$@"
