#!/usr/bin/env bash
# The public HTTP cache test suite (npm http-cache-tests 0.4.5, cache-tests.fyi) against
# ViewCache used as a caching reverse proxy on loopback, in both freshness modes. Not part of
# .ci/run: it installs from npm and takes a few minutes. Prints each suite's results (also to
# conformance/target/results.md) and stops what it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.4.5
[ -n "${NO_BUILD:-}" ] || mvn -B -ntp -q -Pbench -DskipTests package -pl bench -am
JAR=$PWD/bench/target/viewcache-bench.jar
WORK=$PWD/conformance/target
mkdir -p "$WORK"
if [ ! -f "$WORK/node_modules/http-cache-tests/package.json" ]; then
  (cd "$WORK" && npm install --no-save --no-audit --no-fund --silent "http-cache-tests@$VERSION" > /dev/null)
fi
PKG=$WORK/node_modules/http-cache-tests
free_port() { java -cp "$JAR" io.github.viewcache.bench.FreePort; }
await_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "conformance: nothing listened on $1" >&2; return 1
}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ORIGIN=$(free_port)
(cd "$PKG" && exec env npm_config_port="$ORIGIN" npm_config_protocol=http npm_config_pidfile="$WORK/origin.pid" \
  node server/server.mjs) > "$WORK/origin.log" 2>&1 &
pids+=($!)
await_port "$ORIGIN"
args=()
for mode in timeout origin; do
  PROXY=$(free_port)
  java -cp "$JAR" io.github.viewcache.bench.ConformanceProxy "$PROXY" "http://127.0.0.1:$ORIGIN/" "$mode" \
    > "$WORK/proxy-$mode.log" 2>&1 &
  proxy=$!
  pids+=($proxy)
  await_port "$PROXY"
  (cd "$PKG" && env npm_config_base="http://127.0.0.1:$PROXY" npm_config_id="" npm_package_config_id="" node --no-warnings cli.mjs) \
    > "$WORK/results-$mode.json"
  kill "$proxy"
  args+=("freshness=$mode=$WORK/results-$mode.json")
done
node conformance/summarise.mjs "$PKG" "${args[@]}" | tee "$WORK/results.md"
