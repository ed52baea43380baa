#!/usr/bin/env sh
# Trunk's post_build hook (Trunk.toml): puts the ZAB page — zab.html and its own
# wasm, built beforehand into $ZAB_STAGE (a folder under target/zab-stage) by .ci/build and .ci/serve — next
# to the Raft page. Only when Trunk builds index.html; other pages are left alone.
set -eu
case "$(basename "${TRUNK_HTML_FILE:-}")" in
  index.html) ;;
  *) exit 0 ;;
esac
stage="${ZAB_STAGE:-target/zab-stage}"
# Trunk names its output index.html whatever the source: here it is zab.html.
[ -f "$stage/index.html" ] || exit 0
for f in "$stage"/*; do
  case "$(basename "$f")" in
    index.html) cp "$f" "$TRUNK_STAGING_DIR/zab.html" ;;
    # Files the Raft page has too (the stylesheet, the icon) stay its own.
    *) if [ -f "$f" ] && [ ! -e "$TRUNK_STAGING_DIR/$(basename "$f")" ]; then cp "$f" "$TRUNK_STAGING_DIR/"; fi ;;
  esac
done
