#!/bin/sh
# A day of feeds refreshed by keruen's schedule against a loopback server,
# compared with fixed 30-minute polling; one JSON line per figure.
# Usage: scripts/schedule_sim.sh [--feeds 8000] [--seed 1]
# (virtual time: see examples/schedule_sim/main.rs)
set -eu
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example schedule_sim -- "$@"
