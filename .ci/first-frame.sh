#!/usr/bin/env bash
# Renders the page's first frame with the page's own view code, natively
# (`raftlab first-frame`, src/ui/first_frame.rs), into target/first-frame/
# {en,zh}.html: Trunk's hook .ci/tools/first-frame.mjs puts it into index.html.
# .ci/build and .ci/serve run it before .ci/page-env.sh, whose toolchain and
# flags are the wasm's. A debug build: it shares `cargo test`'s.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/env.sh
mkdir -p target/first-frame
for lang in en zh; do
  cargo run --quiet --bin raftlab -- first-frame --lang "$lang" > "target/first-frame/$lang.html.part"
  mv "target/first-frame/$lang.html.part" "target/first-frame/$lang.html"
done
