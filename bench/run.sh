#!/usr/bin/env bash
# The ViewCache benchmark, in one command: builds everything, starts a private redis-server and
# the bench server on free loopback ports, runs the fixed workloads, prints the table (also to
# bench/results.md) and stops what it started, by PID. Bounded: SECONDS_PER_RUN per measurement
# (default 10), CONNECTIONS keep-alive connections (default 32). WORKLOADS picks some of
# hits,pages,misses,readwrite,cold (default all); RESULTS names the table file. For A/B runs and
# profiling: SERVERS picks some of ceiling,ceiling-headers,empty-filter,floor,viewcache,near (hits and
# pages tables), SERVER_OPTS adds JVM options to the bench server (e.g. a -XX:StartFlightRecording=...),
# and NO_BUILD=1 runs bench/target/viewcache-bench.jar as it is (swap in jars built from two commits).
# REPEAT=N measures each hit table N times and then gives how each server's ratios spread.
# REDIS=cluster runs the Redis-mode servers against a Redis Cluster of MASTERS masters (default 3,
# made with redis-cli --cluster create) instead of one redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-32}
HEAVY_MS=${HEAVY_MS:-50}
WORKLOADS=${WORKLOADS:-}

command -v redis-server >/dev/null || { echo "bench: redis-server is not on PATH" >&2; exit 1; }
[ -n "${NO_BUILD:-}" ] || mvn -B -ntp -q -Pbench -DskipTests package
JAR=bench/target/viewcache-bench.jar

REDIS_PORT=$(java -cp "$JAR" io.github.viewcache.bench.FreePort)
HTTP_PORT=$(java -cp "$JAR" io.github.viewcache.bench.FreePort)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -z "${CLUSTER_DIR:-}" ] || rm -rf "$CLUSTER_DIR"
}
trap cleanup EXIT

if [ "${REDIS:-single}" = cluster ]; then
    CLUSTER_DIR=$(mktemp -d)
    ports=()
    for _ in $(seq "${MASTERS:-3}"); do
        port=$(java -cp "$JAR" io.github.viewcache.bench.FreePort)
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$CLUSTER_DIR" \
            --cluster-enabled yes --cluster-config-file "nodes-$port.conf" >/dev/null &
        pids+=($!)
        ports+=("$port")
    done
    for port in "${ports[@]}"; do
        for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    done
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-yes >/dev/null
    for _ in $(seq 200); do
        redis-cli -p "${ports[0]}" cluster info | grep -q cluster_state:ok && break; sleep 0.05
    done
    REDIS_PORT=$(IFS=,; echo "${ports[*]}")
else
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
    pids+=($!)
fi
java -Xmx1g ${SERVER_OPTS:-} -cp "$JAR" io.github.viewcache.bench.BenchServer "$REDIS_PORT" "$HTTP_PORT" "$HEAVY_MS" \
    > bench/target/server.log 2>&1 &
pids+=($!)

java -Xmx1g -cp "$JAR" io.github.viewcache.bench.BenchClient "$HTTP_PORT" "$SECONDS_PER_RUN" "$CONNECTIONS" "$WORKLOADS" \
    | tee "${RESULTS:-bench/results.md}"
