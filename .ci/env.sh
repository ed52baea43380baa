# Sourced by the other scripts: where the tools live.
export PATH="$HOME/.cargo/bin:$PWD/.ci/tools/node_modules/.bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
