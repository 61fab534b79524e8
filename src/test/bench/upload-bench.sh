#!/usr/bin/env bash
# Upload benchmark (run by hand, not in CI): the service jar and S3Proxy on loopback, one load
# generator (UploadBench.java) measuring, side by side in one run against the same S3Proxy:
#   1. 32 clients x 1 MiB and 4 clients x 64 MiB: service throughput vs direct SigV4 PUTs, service peak RSS
#   2. 200 concurrent 256 KiB uploads: all must succeed, latency percentiles
#   3. one 1 GiB upload with the service at -Xmx96m: RSS before/after
# Usage: src/test/bench/upload-bench.sh            (builds the jar if missing; about 3 minutes)
#        SCENARIOS="small large" src/test/bench/upload-bench.sh   (any of: small large latency big serial)
#        SERVICE_OPTS="-Xmx256m" src/test/bench/upload-bench.sh
# The service runs with a bounded heap, as deployed (default -Xmx128m): an unbounded JVM heap grows
# with the allocation rate, whatever the upload code holds.
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVICE_OPTS=${SERVICE_OPTS:--Xmx128m}
# the load generator signs up as a member and uploads into its bench bucket: the seed's open model
export IMAGEPIC_ACCESS_DEFAULT=all
WORK=$(mktemp -d /tmp/imagepic-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

ACCESS=bench-access; SECRET=bench-secret-key
S3_PORT=$(free_port)
cat > "$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS
s3proxy.credential=$SECRET
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/objects
PROPS
mkdir -p "$WORK/objects"
$JAVA -Xmx512m -jar target/s3proxy/s3proxy.jar --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.5; done

start_service() { # $1 = extra JVM options
  SVC_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
  $JAVA $1 -Dquarkus.http.port=$SVC_PORT -Dquarkus.management.port=$MANAGEMENT_PORT -Dimagepic.storage.endpoint=http://127.0.0.1:$S3_PORT \
    -Dimagepic.storage.access-key=$ACCESS -Dimagepic.storage.secret-key=$SECRET \
    -Dimagepic.auth.store-dir=$WORK/users -Dimagepic.upload.spool-dir=$WORK/spool \
    -Dimagepic.upload.max-file-size=2G -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$WORK/service-$SVC_PORT.log" 2>&1 &
  SVC_PID=$!
  PIDS+=($SVC_PID)
  wait_http "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready"
  # a member account and its token (the load generator sends it raw, as the seed's clients do)
  curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"name":"bench","tfs":"bench","email":"bench@example.com","phone":"13700000001","upwd":"Bench_pass1"}' \
    "http://127.0.0.1:$SVC_PORT/imagepic/auth/register" 2>/dev/null || true
  TOKEN=$(curl -fsS -H 'content-type: application/json' -d '{"phone":"13700000001","upwd":"Bench_pass1"}' \
    "http://127.0.0.1:$SVC_PORT/imagepic/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
}
bench() { $JAVA -Xmx1g src/test/bench/UploadBench.java "$@" s3=http://127.0.0.1:$S3_PORT \
  service=http://127.0.0.1:$SVC_PORT access=$ACCESS secret=$SECRET pid=$SVC_PID token=$TOKEN; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $($JAVA -version 2>&1 | head -1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
SCENARIOS=${SCENARIOS:-small large latency big}
start_service "$SERVICE_OPTS"
echo "## service JVM options: ${SERVICE_OPTS:-(defaults)}"
for s in $SCENARIOS; do case $s in
  small) bench throughput clients=32 mib=1 each=8 rounds=2 ;;
  large) bench throughput clients=4 mib=64 each=2 rounds=2 ;;
  latency) bench latency clients=200 kib=256 ;;
  serial) bench throughput clients=1 mib=1 each=30 rounds=2 ;;
esac; done
kill $SVC_PID; wait $SVC_PID 2>/dev/null || true

if [[ " $SCENARIOS " == *" big "* ]]; then
  start_service "-Xmx96m"
  echo "## service JVM options: -Xmx96m"
  bench big mib=1024
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -i -E 'blocked|OutOfMemory' "$WORK"/service-*.log || echo "# no blocked-thread warnings, no OOM in the service logs"
