#!/usr/bin/env bash
# Installs the clients the tests read exports back with (Graphviz, xmllint,
# Chromium, Python's NetworkX, igraph and Playwright, Mermaid) where they are
# missing, then runs the format check, clippy and every test. This is the
# README's test command; .ci/run calls exactly it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} with apt-get" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=()
for mod in networkx igraph playwright conllu; do
  python3 -c "import $mod" >/dev/null 2>&1 || need_pip+=("$mod")
done
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_pip[*]} with pip" >&2
  python3 -m pip install --quiet "${need_pip[@]}" \
    || python3 -m pip install --quiet --break-system-packages "${need_pip[@]}"
fi

# Playwright drives Debian's /usr/bin/chromium: its own browser download
# (`playwright install`) is never run. Mermaid's parser, for the Mermaid
# syntax test, comes from the npm registry into target/ (not committed).
if [ ! -f target/js/node_modules/mermaid/dist/mermaid.min.js ]; then
  echo "test.sh: installing mermaid with npm into target/js" >&2
  npm install --silent --prefix target/js --no-audit --no-fund mermaid@11 >/dev/null
fi

# Formatting and lints are part of passing.
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test --release
