#!/usr/bin/env bash
# Installs what the tests need beyond the build: Debian's Chromium and
# ChromeDriver, and Playwright's test runner (no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/env.sh

if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
  echo "setup: installing chromium and chromium-driver (apt)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi
if [ ! -x tests/e2e/node_modules/.bin/playwright ]; then
  echo "setup: installing the browser-test runner (npm)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  rustup component add clippy rustfmt
fi
