#!/usr/bin/env bash
# The wasm each Parquet codec costs: builds the app's two wasm files (the app and the decoding
# worker) once per feature set of the `parquet` crate, in a worktree of HEAD under target/ with
# its own target folder, runs wasm-bindgen on each and prints raw and gzip sizes. Slow: about
# 2–5 minutes per set on 2 cores. The numbers are in BENCHMARKS.md.
#   scripts/codec_sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WT=target/codec-sizes/tree
export CARGO_TARGET_DIR="$PWD/target/codec-sizes/target"
rm -rf "$WT"; git worktree prune
git worktree add -f --detach "$WT" HEAD >/dev/null
trap 'git worktree remove --force "$WT"' EXIT
cd "$WT"
for set in "" "lz4" "flate2-rust_backend" "zstd" "brotli" "lz4 flate2-rust_backend zstd" "lz4 flate2-rust_backend zstd brotli"; do
  feats='"arrow", "snap"'
  for f in $set; do feats="$feats, \"$f\""; done
  sed -i "s/^parquet = .*/parquet = { version = \"60\", default-features = false, features = [$feats] }/" Cargo.toml
  cargo build -q --release --target wasm32-unknown-unknown --bin cx-dashboard --bin vet-worker
  out=$(mktemp -d)
  for b in cx-dashboard vet-worker; do
    wasm-bindgen --target web --no-typescript --out-dir "$out" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$b.wasm" 2>/dev/null
  done
  a=$(stat -c %s "$out/cx-dashboard_bg.wasm"); w=$(stat -c %s "$out/vet-worker_bg.wasm")
  ag=$(gzip -9c "$out/cx-dashboard_bg.wasm" | wc -c); wg=$(gzip -9c "$out/vet-worker_bg.wasm" | wc -c)
  echo "[${set:-snappy only}] app=$a app_gz=$ag worker=$w worker_gz=$wg"
  rm -rf "$out"
done
