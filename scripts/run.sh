#!/usr/bin/env bash
# Command 1: installs what is missing, generates the data, builds the app and serves the
# dashboard at http://localhost:8501 (Ctrl-C stops it).
#   scripts/run.sh [--scale N] [--seed N] [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin: wasm-opt from npm binaryen 132, which trunk runs on release builds.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

SCALE=1; SEED=20261031; PORT=8501
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "usage: scripts/run.sh [--scale N] [--seed N] [--port P]" >&2; exit 2 ;;
  esac
done
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh

step "Generating the data (seed $SEED, scale $SCALE) into data/lake"
cargo run --quiet --release -p cx-generator -- --seed "$SEED" --scale "$SCALE" --out data/lake

step "Building the app (trunk build --release)"
trunk build --release

step "Serving the dashboard at http://localhost:$PORT/"
exec python3 scripts/serve.py --port "$PORT" --site dist --data data/lake/published
