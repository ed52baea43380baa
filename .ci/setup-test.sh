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
# Firefox ESR and WebKitGTK (Safari's engine) for the cross-engine tests, with
# their WebDriver servers; Xvfb because WebKitGTK's MiniBrowser has no headless mode.
if [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] || ! command -v xvfb-run >/dev/null; then
  echo "setup: installing firefox-esr, webkit2gtk-driver and xvfb (apt)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb
fi
if ! command -v geckodriver >/dev/null || ! geckodriver --version 2>/dev/null | grep -q '^geckodriver 0.37.1'; then
  echo "setup: installing geckodriver 0.37.1 (cargo, a few minutes)"
  cargo install geckodriver --version 0.37.1 --locked
fi
if [ ! -x tests/e2e/node_modules/.bin/playwright ] || [ ! -d tests/e2e/node_modules/selenium-webdriver ]; then
  echo "setup: installing the browser-test runner (npm)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  rustup component add clippy rustfmt
fi
