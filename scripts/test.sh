#!/usr/bin/env bash
# Command 2: installs what is missing, then runs every test: formatting and lints (native and
# wasm32), Rust tests, the generator's data checks (pyarrow, DuckDB), every KPI against its SQL
# twin in DuckDB, the decode path compiled to wasm in headless Chromium, and the end-to-end tests
# of the built app in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin: wasm-opt from npm binaryen 132, which trunk runs on release builds.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# No incremental caches (they would double the debug builds' size on a fresh clone), and one
# temporary directory for everything the tests leave there (browser profiles, pytest), removed
# at the end.
export CARGO_INCREMENTAL=0
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/cx-test.XXXXXX" 2>/dev/null || mktemp -d /tmp/cx-test.XXXXXX)"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
START=$SECONDS
passed=0; failed=0; failures=()
run() { # run NAME COMMAND...: keeps going after a failure, reports at the end
  local name="$1"; shift
  step "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

scripts/setup.sh --test

# A fresh run needs about 5 GB (the debug, wasm32 and release builds, the lake, the app).
free_kb=$(df -Pk . 2>/dev/null | awk 'NR == 2 { print $4 }') || free_kb=""
if [ -n "$free_kb" ]; then
  echo "disk: $((free_kb / 1024 / 1024)) GB free in $(pwd)"
  if [ "$free_kb" -lt $((5 * 1024 * 1024)) ]; then
    echo "warning: less than 5 GB free; the builds below may fail with 'No space left on device'" >&2
  fi
fi

run "cargo fmt --check" cargo fmt --all --check
run "clippy (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
run "clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown -p cx-dashboard -p cx-engine -p sentiment --all-targets --quiet -- -D warnings
run "Rust tests (native)" cargo test --workspace --quiet
run "decode path in wasm (headless Chromium)" \
  bash -c 'cd crates/engine && cargo test --target wasm32-unknown-unknown --test decode'
run "build cx-generate, cx-kpi and classify (release)" cargo build --quiet --release -p cx-generator -p cx-cli -p sentiment
run "generate the default lake" target/release/cx-generate --out data/lake
# The mutational fuzz target, seeded with the lake's files, for a bounded time.
run "fuzz the decode path (60 s)" \
  env FUZZ_SECONDS=60 cargo test --quiet -p cx-engine --test fuzz -- --nocapture
run "lake checks and KPI twins (pyarrow, DuckDB)" .venv/bin/python -m pytest -q -p no:cacheprovider tests/python
run "Terraform: fmt, validate, plan-level tests" scripts/test_infra.sh
# --skip-download and BC_SKIP_MAPPING keep checkov off the network (it would call its vendor's API).
run "checkov over infra/terraform (zero failed checks)" \
  env BC_SKIP_MAPPING=TRUE timeout 600 .venv-checkov/bin/checkov -d infra/terraform \
  --framework terraform --compact --quiet --skip-download
run "build the app (trunk build --release)" trunk build --release
run "Terraform apply, deploy, re-plan and destroy on the AWS emulator (moto)" \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/infra
run "end-to-end (Playwright, headless Chromium)" node --test tests/e2e/

echo
echo "all test suites ran in $(( SECONDS - START )) s"
echo "suites: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
  printf '  failed: %s\n' "${failures[@]}"
  exit 1
fi
