# Sourced (in a subshell) before building the release page. When the pinned
# nightly is installed, std is rebuilt for the page with panics that abort at
# once: the panic-message machinery goes, about 24 KB gzipped (11 %) of the
# wasm. Without it the page builds on stable, the same page only larger.
PAGE_NIGHTLY=nightly-2026-05-20
if rustup run "$PAGE_NIGHTLY" rustc --version >/dev/null 2>&1 \
  && rustup component list --toolchain "$PAGE_NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src' \
  && rustup target list --toolchain "$PAGE_NIGHTLY" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  export RUSTUP_TOOLCHAIN="$PAGE_NIGHTLY"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  # Only the wasm target sees these (Trunk passes --target).
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
  # Its own target directory, so stable and nightly builds do not evict each other.
  export CARGO_TARGET_DIR="$PWD/target/page"
else
  echo "page build: $PAGE_NIGHTLY with rust-src and wasm32 not installed; building on stable (larger wasm)" >&2
fi
