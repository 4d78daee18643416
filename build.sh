#!/usr/bin/env bash
# CaseScope build and test entry point.
#
#   ./build.sh            build the installable extension (dist/casescope/) and store zips
#   ./build.sh test       build, then run every test (native, Wasm in Chromium, end to end, lints)
#   ./build.sh lint       cargo fmt --check, clippy (native and wasm32), web-ext lint
#   ./build.sh size       where the WebAssembly's bytes go (twiggy), and the shipped sizes
#   ./build.sh demo       fake my.uscis.gov + Chromium with CaseScope loaded, signed in
#   ./build.sh bench      print size and speed figures
#   ./build.sh fuzz       the property tests with many more cases (FUZZ_CASES, default 20000)
#   ./build.sh release    store zips, source package, checksums, listing material in dist/release/,
#                         checked by a second build from the source package
#
# Missing tools are installed on first use: the Rust wasm32 target,
# wasm-bindgen-cli at the exact version of the wasm-bindgen crate, the npm
# packages in tests/package-lock.json, and (as root) Debian's chromium and,
# for the tests, firefox-esr and the browsers' Spanish (chromium-l10n,
# firefox-esr-l10n-es-es), and poppler-utils' pdftotext (the print test).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
DIST="$ROOT/dist"
OUT="$DIST/casescope"
NODE_BIN="$ROOT/tests/node_modules/.bin"
export PATH="$HOME/.cargo/bin:$PATH"
# Reproducible WebAssembly: the paths of the crates' sources (named in panic
# messages) are written machine-free, so another machine or user gives the
# same bytes. The crate's own files are already named relative to its folder.
# Set for every wasm32 build, so that they share one set of compiled crates.
# SIMD (Chromium 91+, Firefox 89+; the manifest asks for newer): the search
# finds a word in a 5 MB body with 128-bit compares (memchr), and the module
# is 5 KB smaller (issue 30).
CARGO_HOME_DIR="${CARGO_HOME:-$HOME/.cargo}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$CARGO_HOME_DIR=/cargo --remap-path-prefix=$TARGET_DIR=/target -C target-feature=+simd128"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The time written into the packages: the last commit's, or in an unpacked
# source package the one it carries (SOURCE_DATE_EPOCH overrides both).
source_epoch() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then echo "$SOURCE_DATE_EPOCH"
  elif [ -e "$ROOT/.git" ] && command -v git >/dev/null; then git -C "$ROOT" log -1 --format=%ct
  elif [ -f "$ROOT/source-date-epoch" ]; then cat "$ROOT/source-date-epoch"
  else echo 315532800 # 1980-01-01, the earliest time a zip can hold
  fi
}

# A zip that is the same bytes wherever and whenever it is made: entries
# sorted, every file dated $2 (seconds) and readable by all, no extra fields,
# compressed the most.
#   stable_zip DIR EPOCH OUT.zip
stable_zip() {
  local dir=$1 epoch=$2 out=$3
  find "$dir" -type d -exec chmod 755 {} +
  find "$dir" -type f -exec chmod 644 {} +
  [ -f "$dir/build.sh" ] && chmod 755 "$dir/build.sh" "$dir/.ci/run" 2>/dev/null
  find "$dir" -exec touch -h -d "@$epoch" {} +
  rm -f "$out"
  # -9: the smallest deflate zip makes (a kilobyte less to download than its default).
  (cd "$dir" && find . -type f | LC_ALL=C sort | TZ=UTC zip -q -9 -X -D "$out" -@)
}

crate_version() { sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1; }

# The wasm-bindgen version the lockfile resolved (the crate pins it exactly).
wasm_bindgen_version() {
  if [ ! -f Cargo.lock ]; then cargo generate-lockfile >/dev/null 2>&1; fi
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock
}

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is not installed: install rustup from your package manager, then run this again."
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the Rust wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (matches the wasm-bindgen crate; takes a few minutes once)"
    # Without --locked: the CLI's own lockfile names a version the registry may not serve.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_npm() {
  command -v npm >/dev/null || die "Node.js and npm are needed for the build tools: apt-get install nodejs npm"
  local stamp="$ROOT/tests/node_modules/.casescope-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/tests/package-lock.json" "$stamp"; then
    say "Installing npm packages from tests/package-lock.json"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/tests/package-lock.json" "$stamp"
  fi
}

ensure_browsers() {
  local missing=()
  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
  # Tests only: Firefox, and both browsers' Spanish and Chinese interfaces
  # (the language tests; chromium-l10n holds every language).
  if [ "${1:-}" = firefox ]; then
    [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
    [ -f /usr/lib/chromium/locales/es.pak ] || missing+=(chromium-l10n)
    ls /usr/lib/firefox-esr/browser/extensions/langpack-es-ES@* >/dev/null 2>&1 || missing+=(firefox-esr-l10n-es-es)
    ls /usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@* >/dev/null 2>&1 || missing+=(firefox-esr-l10n-zh-cn)
    # The print test reads the text of the PDF Chromium prints.
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    # The screens in Chinese are checked with a CJK font (line breaks, widths).
    [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
  fi
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Debian's ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "Browsers (and pdftotext) are needed for the tests: run 'sudo apt-get install ${missing[*]}'"
  fi
}

ensure_zip() {
  command -v zip >/dev/null && command -v unzip >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip unzip >/dev/null
  else
    die "zip and unzip are needed to make and check the store packages: run 'sudo apt-get install zip unzip'"
  fi
}

build() {
  ensure_rust
  ensure_npm
  ensure_zip
  local version manifest_version
  version=$(crate_version)
  manifest_version=$(node -p "require('./manifest.json').version")
  [ "$version" = "$manifest_version" ] || die "Cargo.toml version $version differs from manifest.json version $manifest_version"

  say "Compiling the Rust core to WebAssembly (release)"
  cargo build --release --lib --target wasm32-unknown-unknown
  rm -rf "$OUT"
  mkdir -p "$OUT/pkg"
  wasm-bindgen --target web --no-typescript --out-name casescope --out-dir "$OUT/pkg" \
    "$TARGET_DIR/wasm32-unknown-unknown/release/casescope.wasm"
  # binaryen from npm, not Debian's 108, which corrupts the externref table (PLATFORM-NOTES).
  "$NODE_BIN/wasm-opt" -Oz --enable-reference-types --enable-bulk-memory --enable-sign-ext --enable-simd \
    --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue \
    "$OUT/pkg/casescope_bg.wasm" -o "$OUT/pkg/casescope_bg.wasm"

  local leak
  for leak in "$ROOT" "$CARGO_HOME_DIR" "$TARGET_DIR" "$HOME"; do
    ! grep -qaF "$leak/" "$OUT/pkg/casescope_bg.wasm" || die "the WebAssembly names a path of this machine ($leak): it would differ on a reviewer's"
  done

  cp manifest.json "$OUT/"
  (cd extension && find . -type f ! -name '*.py' ! -name '*.md' -print0 | xargs -0 -I{} cp --parents {} "$OUT/")
  # The style sheet goes into popup.html: each file of an extension page is
  # one more wait for the browser, and this one held up the first paint by
  # a few milliseconds (./build.sh bench). The extension pages' CSP limits
  # scripts, not styles.
  node -e '
    const fs = require("fs"); const [dir] = process.argv.slice(1);
    const link = "<link rel=\"stylesheet\" href=\"popup.css\">";
    const html = fs.readFileSync(`${dir}/popup.html`, "utf8");
    const css = fs.readFileSync(`${dir}/popup.css`, "utf8");
    if (!html.includes(link) || css.includes("</")) { console.error("popup.html: cannot inline popup.css"); process.exit(1); }
    fs.writeFileSync(`${dir}/popup.html`, html.replace(link, () => `<style>\n${css}</style>`));
    fs.unlinkSync(`${dir}/popup.css`);
  ' "$OUT"

  # Store packages: the same files; each zip's manifest keeps only its browser's keys (the background's, and Chromium's minimum version: the store turns away a Chromium too old for the module).
  rm -f "$DIST"/casescope-*.zip
  for browser in chromium firefox; do
    local stage="$DIST/.stage-$browser"
    rm -rf "$stage" && cp -r "$OUT" "$stage"
    node -e '
      const fs = require("fs"); const [file, browser] = process.argv.slice(1);
      const m = JSON.parse(fs.readFileSync(file, "utf8"));
      if (browser === "chromium") { delete m.background.scripts; delete m.browser_specific_settings; }
      else { delete m.background.service_worker; delete m.minimum_chrome_version; }
      fs.writeFileSync(file, JSON.stringify(m, null, 2) + "\n");
    ' "$stage/manifest.json" "$browser"
    stable_zip "$stage" "$(source_epoch)" "$DIST/casescope-$version-$browser.zip"
    rm -rf "$stage"
  done

  local wasm_size
  wasm_size=$(stat -c %s "$OUT/pkg/casescope_bg.wasm")
  cat <<MSG

CaseScope $version is built.
  Unpacked extension: $OUT
  WebAssembly core:   $wasm_size bytes (after wasm-opt -Oz)
  Store packages:     $(cd "$DIST" && ls casescope-*.zip | tr '\n' ' ')

Load it in Chromium:  open chrome://extensions, turn on Developer mode, "Load unpacked", pick $OUT
Load it in Firefox:   open about:debugging#/runtime/this-firefox, "Load Temporary Add-on...", pick $OUT/manifest.json
MSG
}

# The files of the source package: what git tracks (or, in an unpacked
# source package, every file but build output), and the commit's time.
#   source_package OUT.zip
source_package() {
  local out=$1 stage
  stage=$(mktemp -d)
  if [ -e "$ROOT/.git" ]; then
    [ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] \
      || say "warning: uncommitted changes; the source package holds them, but no commit does" >&2
    git -C "$ROOT" ls-files -z
  else
    (cd "$ROOT" && find . \( -name .git -o -name node_modules -o -path ./dist -o -path ./target \) -prune -o -type f -print0 \
      | sed -z 's|^\./||')
  fi | grep -zvx 'source-date-epoch' | (cd "$ROOT" && xargs -0 cp --parents -t "$stage")
  source_epoch > "$stage/source-date-epoch"
  stable_zip "$stage" "$(source_epoch)" "$out"
  rm -rf "$stage"
}

# Fills a template of docs/release/ with this build's versions.
fill_template() {
  sed -e "s/{{VERSION}}/$(crate_version)/g" \
      -e "s/{{RUST}}/$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)/g" \
      -e "s/{{WASM_BINDGEN}}/$(wasm_bindgen_version)/g" \
      -e "s/{{BINARYEN}}/$(node -p "require('./tests/package-lock.json').packages['node_modules/binaryen'].version")/g" \
      -e "s/{{NODE}}/$(node --version)/g" \
      -e "s/{{COMMIT}}/$( [ -e .git ] && git rev-parse HEAD || echo 'the source package')/g" "$1"
}

# ./build.sh release: the store zips, the source package, SHA256SUMS,
# BUILD.md and a Dockerfile for reviewers, and the listing material in
# dist/release/; then the whole build again from the source package
# unpacked in another folder, which must give the same bytes.
release() {
  SOURCE_DATE_EPOCH=$(source_epoch)
  export SOURCE_DATE_EPOCH
  build
  local version rel
  version=$(crate_version)
  rel="$DIST/release"
  rm -rf "$rel" && mkdir -p "$rel"
  cp "$DIST/casescope-$version-chromium.zip" "$DIST/casescope-$version-firefox.zip" "$rel/"
  source_package "$rel/casescope-$version-source.zip"
  (cd "$rel" && sha256sum casescope-*.zip > SHA256SUMS)
  fill_template docs/release/BUILD.md > "$rel/BUILD.md"
  fill_template docs/release/Dockerfile > "$rel/Dockerfile"
  cp "$rel/SHA256SUMS" "$rel/BUILD.md" "$rel/Dockerfile" "$DIST/"

  ensure_browsers
  say "Listing material (store/, pictures from the demo)"
  node tests/e2e/store.mjs "$OUT" "$rel/store"

  say "Rebuilding from the source package in another folder"
  local again
  again=$(mktemp -d)
  unzip -q "$rel/casescope-$version-source.zip" -d "$again/casescope"
  # The same compiled dependencies and npm tools (both pinned by their
  # lockfiles), but CaseScope's own crate compiled again from the unpacked
  # files (whose dates, the commit's, would make cargo take the old one as
  # fresh). The Dockerfile is the check from nothing.
  ln -s "$ROOT/tests/node_modules" "$again/casescope/tests/node_modules"
  (cd "$again/casescope" && unset SOURCE_DATE_EPOCH && export CARGO_TARGET_DIR="$TARGET_DIR" \
    && cargo clean --release --target wasm32-unknown-unknown -p casescope \
    && ./build.sh >/dev/null \
    && ./build.sh source-package "dist/casescope-$version-source.zip" \
    && cd dist && sha256sum -c "$rel/SHA256SUMS") \
    || die "the build from the source package differs (see above): not reproducible"
  rm -rf "$again"
  cat <<MSG

CaseScope $version, ready for the stores, in $rel:
$(cd "$rel" && ls -1 | sed 's/^/  /')
The build from the source package, in another folder, gave the same bytes.
Next: docs/PUBLISHING.md.
MSG
}

# Where the WebAssembly's bytes go: twiggy over the module as wasm-bindgen
# leaves it (function names kept; wasm-opt -Oz drops them and shrinks all
# alike), then the shipped sizes. twiggy is installed on first use.
TWIGGY_VERSION=0.8.0
# twiggy, pinned, installed once (kept in ~/.cargo/bin).
ensure_twiggy() {
  if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
    say "Installing twiggy $TWIGGY_VERSION (once, a few minutes)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked --quiet
  fi
}

# The module as wasm-bindgen writes it, with its function names (wasm-opt
# drops them), in target/size: what twiggy reads.
named_module() {
  local named="$ROOT/target/size"
  rm -rf "$named" && mkdir -p "$named"
  wasm-bindgen --target web --no-typescript --out-name casescope --out-dir "$named" \
    "$TARGET_DIR/wasm32-unknown-unknown/release/casescope.wasm"
}

size_report() {
  build
  ensure_twiggy
  named_module
  local named="$ROOT/target/size"
  say "The largest items (before wasm-opt, names kept)"
  twiggy top -n 30 "$named/casescope_bg.wasm"
  say "Generic functions copied most (monomorphizations)"
  twiggy monos -m 15 -n 3 "$named/casescope_bg.wasm"
  say "Shipped"
  echo "  named module:        $(stat -c %s "$named/casescope_bg.wasm") bytes"
  echo "  after wasm-opt -Oz:  $(stat -c %s "$OUT/pkg/casescope_bg.wasm") bytes ($(gzip -9c "$OUT/pkg/casescope_bg.wasm" | wc -c) gzipped)"
  for z in "$DIST"/casescope-*.zip; do echo "  $(basename "$z"): $(stat -c %s "$z") bytes"; done
}

lint() {
  ensure_rust
  ensure_npm
  say "cargo fmt --check"
  cargo fmt --check
  say "cargo clippy (native, all targets)"
  cargo clippy --all-targets -- -D warnings
  say "cargo clippy (wasm32, all targets)"
  cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
  [ -d "$OUT" ] || build
  say "web-ext lint (unpacked extension; one expected warning: Firefox ignores background.service_worker)"
  "$NODE_BIN/web-ext" lint --source-dir "$OUT" --self-hosted --no-config-discovery
  say "web-ext lint (Firefox package as AMO lists it, Android declared; warnings are errors)"
  local ff
  ff=$(mktemp -d)
  unzip -q "$DIST/casescope-$(crate_version)-firefox.zip" -d "$ff"
  "$NODE_BIN/web-ext" lint --source-dir "$ff" --no-config-discovery --warnings-as-errors
  rm -rf "$ff"
}

run_tests() {
  ensure_browsers firefox
  build
  lint
  say "Native tests (cargo test)"
  cargo test
  # Optimised as shipped (the release settings): the deepest-body test checks
  # the stack build.rs gives the module, and a debug build's frames are
  # several times larger.
  say "Boundary tests in headless Chromium (wasm-bindgen-test, optimised)"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
    WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --profile native --target wasm32-unknown-unknown --test wasm_boundary
  say "End-to-end tests in Chromium and Firefox with the built extension and a fake my.uscis.gov"
  CASESCOPE_DIST="$OUT" node --test --test-concurrency=1 tests/e2e/
}

case "${1:-build}" in
  build|package) build ;;
  test) run_tests ;;
  lint) lint ;;
  demo) ensure_browsers; build; node tests/e2e/demo.mjs "$OUT" ;;
  bench)
    ensure_browsers
    build
    say "The Rust core alone (native)"
    cargo bench --profile native --bench core
    ensure_twiggy
    named_module
    say "The WebAssembly's ten largest items (twiggy $TWIGGY_VERSION, before wasm-opt, names kept; ./build.sh size says more)"
    twiggy top -n 10 "$ROOT/target/size/casescope_bg.wasm"
    say "The built extension in headless Chromium"
    node tests/e2e/bench.mjs "$OUT" ;;
  size) size_report ;;
  release) release ;;
  source-package) source_package "$(realpath -m "${2:?where}")" ;;
  fuzz)
    say "Property tests with ${FUZZ_CASES:-20000} cases each (decoder, receipts, page scanning, JSON layout)"
    PROPTEST_CASES="${FUZZ_CASES:-20000}" cargo test --profile native --test properties ;;
  *) die "unknown command '$1' (use: build, test, lint, demo, bench, size, fuzz, release)" ;;
esac
