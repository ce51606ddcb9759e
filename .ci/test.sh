#!/usr/bin/env bash
# Installs the clients the tests read exports back with (Graphviz, xmllint,
# Chromium, Python's NetworkX, igraph and Playwright, Mermaid) where they are
# missing, then runs the format check, clippy and every test. This is the
# README's test command; .ci/run calls exactly it.
set -euo pipefail
cd "$(dirname "$0")/.."
# /dev/null must be the null device. A program that renames a file over it
# (briefgraph did, for `-o /dev/null`, before writes into devices were made
# in place) leaves a plain file that every `>/dev/null` writes into and every
# `</dev/null` reads back: cargo's rustc probe then read a compiler's error
# message as its source. Put the device back before anything uses it.
if [ ! -c /dev/null ]; then
  echo "test.sh: /dev/null is not the null device; recreating it" >&2
  if [ "$(id -u)" -eq 0 ]; then
    rm -f /dev/null && mknod -m 666 /dev/null c 1 3
  else
    sudo sh -c 'rm -f /dev/null && mknod -m 666 /dev/null c 1 3'
  fi
fi
# Nothing here reads the terminal: every run gets the same empty stdin.
exec </dev/null

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
# Java runs PySpark for the Spark example's test (tests/spark.rs).
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
# Reading PDF briefs (pdftotext), and the producers of the reader tests'
# documents: groff (a second PDF typesetter), pandoc (DOCX), qpdf (encryption).
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# groff-base (installed with man-db) has groff without its PDF device.
groff -Tpdf </dev/null >/dev/null 2>&1 || need_apt+=(groff)
command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
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
# The RDF stores and the embedded graph database the store exports are
# loaded into (tests/rdf.rs, tests/graphdb.rs; ladybug is the Kùzu fork),
# and PySpark for the Spark example (tests/spark.rs, local mode).
for mod in pyoxigraph rdflib ladybug pyspark; do
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

# Fuzzing: every cargo-fuzz target of fuzz/ runs briefly from its committed
# corpus (fuzz/corpus/TARGET), so a new crash fails the build. The run is
# reproducible: a fixed seed and a fixed number of runs give the same inputs
# on every machine (the time cap only ever cuts that sequence short), so what
# passed before submission passes here. cargo-fuzz and the nightly toolchain
# it needs are installed when missing. Longer runs:
# `cargo +nightly fuzz run TARGET -- -max_total_time=600` (see fuzz/README.md).
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
for target in $(cargo +nightly fuzz list); do
  echo "test.sh: fuzzing $target: ${FUZZ_RUNS:-3000} runs, seed 1, at most ${FUZZ_SECONDS:-60} s" >&2
  cargo +nightly fuzz run "$target" -- -seed=1 -runs="${FUZZ_RUNS:-3000}" \
    -max_total_time="${FUZZ_SECONDS:-60}" -max_len=16384
done
