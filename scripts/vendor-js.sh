#!/usr/bin/env bash
# Re-vendors the HTML page's graph libraries from the npm registry at pinned
# versions: installs them into a temporary directory, bundles and minifies
# them with esbuild (also pinned) into one file, and prefixes it with each
# package's name, version and licence text. The result,
# src/sinks/html/vendor/graph-libs.min.js, is committed and compiled into the
# binary (include_str!), so the page fetches nothing.
#   bash scripts/vendor-js.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(
  sigma@3.0.2
  graphology@0.26.0
  graphology-layout-forceatlas2@0.10.1
  graphology-layout-noverlap@0.4.2
)
ESBUILD=esbuild@0.25.0
out=src/sinks/html/vendor/graph-libs.min.js
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp scripts/vendor-entry.js "$tmp/entry.js"
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund --save-exact "${PACKAGES[@]}" "$ESBUILD" >/dev/null)
(cd "$tmp" && ./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife \
  --target=es2019 --legal-comments=none --log-level=warning --metafile=meta.json --outfile=bundle.js)
{
  echo "/*! Bundled by scripts/vendor-js.sh from the npm registry. Licences follow."
  for spec in "${PACKAGES[@]}"; do
    name=${spec%@*}
    dir="$tmp/node_modules/$name"
    version=$(node -p "require('$dir/package.json').version")
    licence=$(node -p "require('$dir/package.json').license")
    echo " *"
    echo " * $name $version ($licence)"
    lic=$(ls "$dir" | grep -i -m1 '^licen[cs]e' || true)
    if [ -n "$lic" ]; then sed -e 's/\*\//* \//g' -e 's/^/ *   /' "$dir/$lic"; fi
  done
  # Every other package esbuild put into the bundle, with its licence.
  node -e '
    const m = require(process.argv[1]);
    const names = new Set();
    for (const f of Object.keys(m.inputs)) {
      const r = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
      if (r) names.add(r[1]);
    }
    console.log([...names].sort().join("\n"));' "$tmp/meta.json" > "$tmp/names.txt"
  while read -r name; do
    case " ${PACKAGES[*]} " in *" $name@"*) continue ;; esac
    dir="$tmp/node_modules/$name"
    version=$(node -p "require('$dir/package.json').version")
    licence=$(node -p "require('$dir/package.json').license")
    echo " *"
    echo " * $name $version ($licence), a dependency of the above"
    lic=$(ls "$dir" | grep -i -m1 '^licen[cs]e' || true)
    if [ -n "$lic" ]; then sed -e 's/\*\//* \//g' -e 's/^/ *   /' "$dir/$lic"; fi
  done < "$tmp/names.txt"
  echo " */"
  cat "$tmp/bundle.js"
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
