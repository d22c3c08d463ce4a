#!/usr/bin/env bash
# Installs what the project needs, skipping what is already there. Prints each step.
#   scripts/setup.sh          build tools: wasm target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --test   also Chromium + ChromeDriver (Debian) and the Python test packages
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"
for tool in cargo rustup node npm python3; do
  have "$tool" || { echo "setup: $tool is required but not installed" >&2; exit 1; }
done

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "    present"
else
  rustup target add wasm32-unknown-unknown
fi

step "clang (the ZSTD codec of the Parquet reader is C, compiled for wasm32)"
if have clang; then
  echo "    present"
else
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q clang
fi

step "trunk $TRUNK_VERSION"
if have trunk && trunk --version | grep -q " $TRUNK_VERSION"; then
  echo "    present"
else
  echo "    building from crates.io (about 9 minutes on 2 cores)"
  # trunk's own release profile links with fat LTO in one codegen unit, one core for minutes;
  # without them the build runs on both cores: 9.0 min on this machine in an hour when it ran
  # about half as fast as usual, against ≈ 12 min with them; the binary is larger (39 against
  # 32 MB) and builds this app the same.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (must equal the wasm-bindgen crate pinned in Cargo.toml)"
if have wasm-bindgen && wasm-bindgen --version | grep -q " $WASM_BINDGEN_VERSION"; then
  echo "    present"
else
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "npm packages (ECharts, wasm-opt of binaryen 132, playwright-core, axe-core, DuckDB-Wasm for the benchmark race)"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "    present"
else
  npm ci --no-audit --no-fund
fi

step "Rust crates (cargo fetch, so trunk can build offline)"
cargo fetch --quiet

if [ "${1:-}" = "--test" ]; then
  step "Chromium and ChromeDriver (Debian packages)"
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "    present"
  else
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
  fi

  step "Python test packages in .venv (pytest, pyarrow, duckdb, moto, boto3, pandas, polars)"
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  if .venv/bin/python -c 'import pytest, pyarrow, duckdb, moto, boto3, pandas, polars' 2>/dev/null \
    && [ .venv/.installed -nt tests/python/requirements.txt ]; then
    echo "    present"
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
    touch .venv/.installed
  fi
fi
if [ "${1:-}" = "--test" ]; then
  step "checkov 3.3.30 in .venv-checkov (its own environment: its pins clash with moto's)"
  if [ -x .venv-checkov/bin/checkov ] && .venv-checkov/bin/checkov --version 2>/dev/null | grep -qx "3.3.30"; then
    echo "    present"
  else
    python3 -m venv .venv-checkov
    .venv-checkov/bin/python -m pip install --quiet --disable-pip-version-check checkov==3.3.30
  fi
fi
step "setup complete"
