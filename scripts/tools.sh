# Sourced by scripts/start and scripts/test: installs the build tools LiveTodo
# needs, each only when it is missing or at the wrong version, and only from
# the package registries (cargo-leptos would otherwise try to download
# wasm-bindgen and wasm-opt binaries, which fails on a registry-only machine).

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_build_tools() {
  # rust_socketio (livetodo-watch and the realtime tests, never the server)
  # links OpenSSL.
  if ! pkg-config --exists openssl 2>/dev/null; then
    log "installing OpenSSL headers and pkg-config"
    apt_install pkg-config libssl-dev
  fi

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if ! cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION from source (about 30-45 minutes on 2 cores, once per machine)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi

  # The CLI must be exactly the wasm-bindgen version in Cargo.lock.
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
    log "installing wasm-bindgen-cli $wbg (about 8 minutes, once per machine)"
    # No --locked: one of its locked dependencies is not on the registry mirror.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi

  # npm's binaryen provides wasm-opt (Debian's is too old and breaks hydration).
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages (wasm-opt, Playwright)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
  # The page imports the pinned socket.io-client from /vendor/ (build.rs
  # checks this too; copying here means cargo-leptos' asset step sees it).
  # Its served name carries its version (cached for a year; see build.rs).
  local sio
  sio="$(node -p "require('./node_modules/socket.io-client/package.json').version")"
  mkdir -p public/vendor
  cp -p node_modules/socket.io-client/dist/socket.io.esm.min.js \
    "public/vendor/socket.io-client-$sio.esm.min.js"

  export PATH="$repo_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
}

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Debian's chromium for the browser tests (Playwright's own download cannot work here).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium"
    apt_install chromium
  fi
}

target_dir() {
  echo "${CARGO_TARGET_DIR:-$repo_root/target}"
}

# Each checkout path builds its own copies of LiveTodo's test binaries in the
# shared target directory (dependencies are shared); CI clones to new paths,
# so drop our own artifacts that no build has touched for a day. Third-party
# dependencies stay, which is what keeps the cache warm.
prune_stale_builds() {
  local deps
  deps="$(target_dir)/debug/deps"
  [ -d "$deps" ] || return 0
  local names="livetodo liblivetodo livetodo_watch"
  local t
  for t in tests/*.rs; do names="$names $(basename "$t" .rs)"; done
  for n in $names; do
    find "$deps" -maxdepth 1 -type f -name "$n-*" -mmin +1440 -delete
  done
}

# After `cargo leptos build --release --precompress`: cargo-leptos' own gzip
# copies are about 15 % larger than `gzip -9` (403 vs 345 KB for the WASM),
# so rewrite them; its brotli copies are already at the highest level.
precompress_site() {
  local site="${LEPTOS_SITE_ROOT:-$repo_root/target/site}"
  find "$site" -type f ! -name '*.gz' ! -name '*.br' -exec gzip -9 -n -k -f {} +
}
