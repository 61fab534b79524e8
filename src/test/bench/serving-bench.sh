#!/usr/bin/env bash
# Image route benchmark (run by hand, not in CI): 64 concurrent clients fetching 100 KiB images,
# direct authenticated GETs to S3Proxy vs GET /i/... through the service, side by side in one run,
# then If-None-Match -> 304. Starts the packaged service (with its embedded S3Proxy) on free loopback
# ports, with its data in a temp directory, and stops it at the end.
#   src/test/bench/serving-bench.sh [clients=64] [seconds-per-slice=2] [slice-pairs=8]
# Direct and proxied runs alternate in short slices (ABBA) so both see the same background load.
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q -DskipTests package
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port); S3_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
BUCKET=bench-images
mkdir -p "$WORK/users"
echo "{\"$BUCKET\":\"public-read\"}" > "$WORK/users/bucket-policies.json"

java -Xmx256m ${BENCH_SERVICE_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$APP_PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" -Dquarkus.log.level=WARN \
  -Dimagepic.storage.embedded.port="$S3_PORT" -Dimagepic.storage.embedded.data-dir="$WORK/objects" \
  -Dimagepic.storage.embedded.jar=target/s3proxy/s3proxy.jar -Dimagepic.auth.store-dir="$WORK/users" \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" > /dev/null && break
  sleep 1
done

S3_PID=$(pgrep -P "$APP_PID" java || true)
java -Xmx256m -Dbench.pids="$APP_PID,$S3_PID" -cp "target/quarkus-app/lib/main/*" src/test/bench/ServingBench.java \
  "http://127.0.0.1:$APP_PORT" "http://127.0.0.1:$S3_PORT" imagepic-local imagepic-local-secret "$BUCKET" \
  "${1:-64}" "${2:-2}" "${3:-8}"
