#!/usr/bin/env bash
# Installs the clients the tests read exports back with (Graphviz, xmllint,
# Chromium, Python's NetworkX and igraph) where they are missing, then runs
# the format check, clippy and every test. This is the README's test
# command; .ci/run calls exactly it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} with apt-get" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=()
for mod in networkx igraph; do
  python3 -c "import $mod" >/dev/null 2>&1 || need_pip+=("$mod")
done
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_pip[*]} with pip" >&2
  python3 -m pip install --quiet "${need_pip[@]}" \
    || python3 -m pip install --quiet --break-system-packages "${need_pip[@]}"
fi

# Formatting and lints are part of passing.
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test --release
