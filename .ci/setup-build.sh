#!/usr/bin/env bash
# Installs what building the page needs — the wasm target, Trunk, the
# wasm-bindgen CLI matching Cargo.lock, and wasm-opt — skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/env.sh

TRUNK_VERSION=0.21.14
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi
. .ci/page-env.sh 2>/dev/null
if [ -z "${RUSTUP_TOOLCHAIN:-}" ]; then
  echo "setup: installing $PAGE_NIGHTLY for the page build (rust-src, wasm32; once)"
  rustup toolchain install "$PAGE_NIGHTLY" --profile minimal -c rust-src -t wasm32-unknown-unknown \
    || echo "setup: warning: could not install $PAGE_NIGHTLY; the page will build on stable (larger)" >&2
fi
unset RUSTUP_TOOLCHAIN CARGO_UNSTABLE_BUILD_STD RUSTFLAGS CARGO_TARGET_DIR
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  echo "setup: installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --features rustls
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WB_VERSION (once)"
  # Not --locked: its lock names a yanked webpki-roots (see TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version 132" || [ ! -x .ci/tools/node_modules/.bin/esbuild ]; then
  echo "setup: installing wasm-opt (npm binaryen) and esbuild (npm)"
  (cd .ci/tools && npm ci --no-audit --no-fund --loglevel=error)
fi
