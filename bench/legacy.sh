#!/usr/bin/env bash
# The legacy-style workload, in one command: the test shop (legacy-app, Spring MVC + JSP) in a real
# Tomcat 11 from its distribution, deployed twice side by side, /shop with ViewCache on /* and /plain
# without it (keep-alive connections without a request limit), on a private redis-server and free loopback ports. Measures a page that is never
# storable (a signed-in visitor's) and an anonymous page, each with and without the filter in turns,
# prints the tables (also to bench/results-legacy.md) and stops what it started, by PID.
# SECONDS_PER_RUN per comparison (default 10), CONNECTIONS (default 32), RENDER_MS the item page's
# own render time (default 50, as bench/run.sh's HEAVY_MS: a page slow enough to cache); NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-32}
RENDER_MS=${RENDER_MS:-50}

command -v redis-server >/dev/null || { echo "bench: redis-server is not on PATH" >&2; exit 1; }
if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -ntp -q -DskipTests verify -pl legacy-app -am
  mvn -B -ntp -q -Pbench -DskipTests package -pl bench -am
fi
JAR=bench/target/viewcache-bench.jar
TOMCAT=$(ls -d legacy-app/target/servers/apache-tomcat-11.*)
WORK=bench/target/legacy
rm -rf "$WORK"
mkdir -p "$WORK"/base/{logs,temp,work,webapps}
cp -r "$TOMCAT/conf" "$WORK/base/conf"

REDIS_PORT=$(java -cp "$JAR" io.github.viewcache.bench.FreePort)
HTTP_PORT=$(java -cp "$JAR" io.github.viewcache.bench.FreePort)
sed -i -e 's/port="8005"/port="-1"/' \
    -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" maxKeepAliveRequests=\"-1\" port=\"$HTTP_PORT\"/" "$WORK/base/conf/server.xml"
for app in shop plain; do
  dir="$WORK/base/webapps/$app"
  mkdir -p "$dir/WEB-INF/classes" "$dir/WEB-INF/lib"
  cp -r legacy-app/src/main/webapp/. "$dir/"
  cp -r legacy-app/target/classes/. "$dir/WEB-INF/classes/"
  cp legacy-app/target/lib-jakarta/*.jar "$dir/WEB-INF/lib/"
done
# The same app without ViewCache: its filter declaration and mapping (adjacent in web.xml) and its jar gone.
sed -i '/<filter>/,/<\/filter-mapping>/d' "$WORK/base/webapps/plain/WEB-INF/web.xml"
rm "$WORK"/base/webapps/plain/WEB-INF/lib/viewcache-filter-*.jar

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)
VIEWCACHE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" SHOP_RENDER_MS="$RENDER_MS" \
  java -Xmx1g -Dcatalina.home="$TOMCAT" -Dcatalina.base="$WORK/base" -Djava.io.tmpdir="$WORK/base/temp" \
    -Djava.util.logging.config.file="$WORK/base/conf/logging.properties" \
    -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager \
    -cp "$TOMCAT/bin/bootstrap.jar:$TOMCAT/bin/tomcat-juli.jar" org.apache.catalina.startup.Bootstrap start \
    > "$WORK/tomcat.log" 2>&1 &
pids+=($!)

java -Xmx1g -cp "$JAR" io.github.viewcache.bench.LegacyBench "$HTTP_PORT" "$SECONDS_PER_RUN" "$CONNECTIONS" \
  | tee "${RESULTS:-bench/results-legacy.md}"
