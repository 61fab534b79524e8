#!/usr/bin/env bash
# The S3 data path, measured as issue 13 asks (run by hand, in a quiet window; never in CI):
#   small   32 clients x 1 MiB uploads through putObject vs direct signed PUTs to the same S3Proxy
#   large    4 clients x 64 MiB, likewise; the service runs at -XX:MaxRAM=512m (as in a 512Mi pod): peak RSS
#   serving 64 clients x 100 KiB images through /i/ (original names: from S3; the same bytes hash-named: from the
#           service's memory) vs direct GETs (ServingBench.java), CPU per request
#   big     one 1 GiB upload with the service at -Xmx96m
#   startup time from `java -jar` to the first 200 of /q/health/ready (S3 reachable), and RSS after 10 s idle
# Each process's CPU comes from /proc: CPU seconds per GiB uploaded, microseconds per image served.
#
# PIN=1 (default): S3Proxy and the load generators on core 0, the service on core 1 (taskset), as if each had
# its own machine. PIN=0: everything shares both cores (the second row of the figures).
#
#   src/test/bench/data-path-bench.sh
#   PIN=0 SCENARIOS="small large" src/test/bench/data-path-bench.sh
#   APP=/tmp/before/target/quarkus-app LABEL=before JFR=1 SCENARIOS=small src/test/bench/data-path-bench.sh
# ROUNDS (default 2) alternating direct/service rounds per upload scenario; WARM_MIB (default 1024) uploaded
# to each target before measuring, so that the JIT's compile time stays out of the CPU per GiB. Then every target
# with a process of its own (the service, nginx, the pipes alike) gets warm-up rounds of the measured size until two
# in a row cost the same CPU per GiB within STEADY (default 0.10), at most MAX_WARM_ROUNDS (default 8); the
# warm-N lines show the convergence, so a RESULT row is a steady-state figure, comparable across targets.
# FLOOR=1 (default): the upload scenarios also run the floor (issue 24), each pinned like the service, in the same
# rounds: nginx (Debian's, run with -p/-c under $OUT, never the system service) with proxy_request_buffering off
# and the default body buffer, the same with client_body_buffer_size 256k, and bare Vert.x pipes on the
# project's Vert.x (src/test/bench/FloorPipe.java): raw (8 KiB chunks), raw with 256 KiB chunks, Vert.x's
# multipart decoder, and the service's own scanner with 256 KiB chunks. FLOOR=0: direct and service only.
# COMPARE="label|<quarkus-app dir, empty: APP>|<JVM options>;label2|...": the upload scenarios also run these services
# (other builds, or the same with other options) as more targets, in the same rounds (an A/B in one run), e.g.
#   COMPARE="before|/tmp/before/target/quarkus-app|;chunks-256k||-Dquarkus.http.limits.max-chunk-size=262144"
# CDS=1: start the service with the AppCDS archive its build made, if any.
# SERVICE_OPTS: more JVM options for the service (e.g. -Dquarkus.http.limits.max-chunk-size=65536).
# APP: the packaged service to measure (default target/quarkus-app, built if missing). JFR=1 records a
# profile of the service during the upload and serving scenarios into $OUT (default target/bench), and prints its
# hot methods (jfr view, from the newest JDK installed).
set -euo pipefail
cd "$(dirname "$0")/../../.."
APP=${APP:-target/quarkus-app}
[ -f "$APP/quarkus-run.jar" ] || mvn -B -q package -DskipTests
APP=$(cd "$APP" && pwd)
# CDS=1: use the AppCDS archive a `mvn package -Pjvm-image` makes (quarkus.package.jar.appcds.enabled, pom.xml)
CDS_OPTS=""
[ "${CDS:-0}" = 1 ] && [ -f "$APP/app-cds.jsa" ] && CDS_OPTS="-XX:SharedArchiveFile=app-cds.jsa"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PIN=${PIN:-1}
LABEL=${LABEL:-$(git rev-parse --short HEAD 2>/dev/null || echo service)}
SCENARIOS=${SCENARIOS:-small large serving big startup}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ "$PIN" = 1 ]; then CORE0="taskset -c 0"; CORE1="taskset -c 1"; else CORE0=""; CORE1=""; fi
JFR_TOOL=$(ls -d /usr/lib/jvm/temurin-2*/bin/jfr 2>/dev/null | tail -1 || true)

WORK=$(mktemp -d /tmp/imagepic-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }

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
$CORE0 $JAVA -Xmx512m -jar target/s3proxy/s3proxy.jar --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
S3_PID=$!
PIDS+=($S3_PID)
for _ in $(seq 1 240); do (echo > /dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.25; done

# Settings a build may not know go by environment (SmallRye does not refuse unknown environment variables):
# the load generator is one caller with 32 uploads at once.
export IMAGEPIC_UPLOAD_MAX_PER_CALLER=1000
# the load generator signs up as a member and uploads into its bench bucket: the seed's open model
export IMAGEPIC_ACCESS_DEFAULT=all

start_service() { # $1 = JVM options, $2 = name (for logs and JFR), $3 = state directory name (default $2)
  SVC_PORT=$(free_port)
  MGMT_PORT=$(free_port) # health lives on the management interface (builds without one answer on SVC_PORT)
  STATE="$WORK/state-${3:-$2}"
  mkdir -p "$STATE"
  echo '{"bench-images":"public-read"}' > "$STATE/bucket-policies.json"
  SVC_STARTED=$(date +%s%N)
  # from the application's directory: an AppCDS archive records the class path as the build ran it
  (cd "${SVC_APP:-$APP}" && exec $CORE1 $JAVA $1 $CDS_OPTS ${SERVICE_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$SVC_PORT \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$MGMT_PORT \
    -Dimagepic.storage.endpoint=http://127.0.0.1:$S3_PORT \
    -Dimagepic.storage.access-key=$ACCESS -Dimagepic.storage.secret-key=$SECRET \
    -Dimagepic.state.dir="$STATE" -Dimagepic.upload.spool-dir="$WORK/spool" \
    -Dimagepic.upload.max-file-size=2G -Dquarkus.log.level=WARN \
    -jar quarkus-run.jar) > "$WORK/service-$2.log" 2>&1 &
  SVC_PID=$!
  PIDS+=($SVC_PID)
  for _ in $(seq 1 6000); do
    curl -fsS -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null && break
    curl -fsS -o /dev/null "http://127.0.0.1:$SVC_PORT/q/health/ready" 2>/dev/null && break
    sleep 0.01
  done
  SVC_READY_MS=$(( ($(date +%s%N) - SVC_STARTED) / 1000000 ))
}
login() {
  curl -fsS -o /dev/null -H 'content-type: application/json' \
    -d '{"name":"bench","tfs":"bench","email":"bench@example.com","phone":"13700000001","upwd":"Bench_pass1"}' \
    "http://127.0.0.1:$SVC_PORT/imagepic/auth/register" 2>/dev/null || true
  TOKEN=$(curl -fsS -H 'content-type: application/json' -d '{"phone":"13700000001","upwd":"Bench_pass1"}' \
    "http://127.0.0.1:$SVC_PORT/imagepic/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
}
stop_service() { kill "$SVC_PID" 2>/dev/null || true; wait "$SVC_PID" 2>/dev/null || true; }
uploads() { $CORE0 $JAVA -Xmx1g -Dbench.steady=${STEADY:-0.10} -Dbench.maxWarmRounds=${MAX_WARM_ROUNDS:-8} src/test/bench/UploadBench.java "$@" s3=http://127.0.0.1:$S3_PORT \
  service=http://127.0.0.1:$SVC_PORT access=$ACCESS secret=$SECRET pid=$SVC_PID s3pid=$S3_PID token=$TOKEN; }
jfr_opts() { [ "${JFR:-0}" = 1 ] && echo "-XX:StartFlightRecording=settings=profile,filename=$OUT/$LABEL-$1.jfr,dumponexit=true" || true; }
hot_methods() {
  if [ "${JFR:-0}" = 1 ] && [ -n "$JFR_TOOL" ] && [ -f "$OUT/$LABEL-$1.jfr" ]; then
    echo "## JFR hot methods of the service ($LABEL, $1): $OUT/$LABEL-$1.jfr"
    "$JFR_TOOL" view --width 160 hot-methods "$OUT/$LABEL-$1.jfr" | head -32
  fi
}

echo "# $(date -u +%FT%TZ) $LABEL ($APP${CDS_OPTS:+, AppCDS}); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $($JAVA -version 2>&1 | head -1)"
echo "# pinned: $([ "$PIN" = 1 ] && echo 'S3Proxy + load generators on core 0, service on core 1' || echo 'no (all share both cores)')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The floor: two nginx instances and the bare Vert.x pipes, each on core 1 like the service (idle while another
# target is measured). Sets TARGETS for UploadBench's floor scenario.
start_floor() {
  TARGETS="direct|direct|http://127.0.0.1:$S3_PORT|0"
  [ "${FLOOR:-1}" = 1 ] || return 0
  local nginx=${NGINX:-/usr/sbin/nginx}
  for variant in default 256k; do
    local dir="$OUT/nginx-$variant" port; port=$(free_port)
    mkdir -p "$dir/logs"
    local buffer=""; [ "$variant" = 256k ] && buffer="client_body_buffer_size 256k;"
    cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  upstream s3 { server 127.0.0.1:$S3_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 0;
    $buffer
    location / {
      proxy_pass http://s3;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_request_buffering off;
    }
  }
}
CONF
    $CORE1 "$nginx" -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
    PIDS+=($!)
    TARGETS="$TARGETS,nginx-$variant|direct|http://127.0.0.1:$port|$!"
    for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  done
  local cp="$WORK/floor-classes:$APP/lib/main/*:$APP/app/*"
  local pipes=("pipe|FloorPipe raw|0|direct" "pipe-256k|FloorPipe raw|262144|direct" "pipe-multipart|FloorPipe multipart|0|form")
  local sources=(src/test/bench/FloorPipe.java)
  # the scanner pipe needs the service's scanner (builds before it have none); grep reads the whole listing (with
  # pipefail, grep -q's early exit made unzip die of SIGPIPE and the row silently vanish on a busy machine)
  if unzip -l "$APP"/app/*.jar 2>/dev/null | grep -c 'io/imagepic/upload/MultipartScanner.class' > /dev/null; then
    pipes+=("pipe-scanner-256k|FloorScannerPipe|262144|form")
    sources+=(src/test/bench/FloorScannerPipe.java)
  fi
  javac -nowarn -cp "$cp" -d "$WORK/floor-classes" "${sources[@]}"
  for spec in "${pipes[@]}"; do
    IFS='|' read -r name main chunk kind <<< "$spec"
    local port; port=$(free_port)
    $CORE1 $JAVA -XX:MaxRAM=512m -cp "$cp" $main "$port" "http://127.0.0.1:$S3_PORT" \
      $ACCESS $SECRET "$chunk" > "$WORK/floor-$name.log" 2>&1 &
    PIDS+=($!)
    TARGETS="$TARGETS,$name|$kind|http://127.0.0.1:$port|$!"
    for _ in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  done
}

if [[ " $SCENARIOS " == *" small "* || " $SCENARIOS " == *" large "* ]]; then
  start_service "-XX:MaxRAM=512m $(jfr_opts uploads)" uploads
  login
  start_floor
  TARGETS="$TARGETS,service|service|http://127.0.0.1:$SVC_PORT|$SVC_PID|$TOKEN"
  if [ -n "${COMPARE:-}" ]; then
    MAIN=("$SVC_PORT" "$SVC_PID" "$TOKEN" "$SVC_READY_MS")
    IFS=';' read -r -a compares <<< "$COMPARE"
    for c in "${compares[@]}"; do
      IFS='|' read -r label capp copts <<< "$c"
      SVC_APP=$(cd "${capp:-$APP}" && pwd) start_service "-XX:MaxRAM=512m $copts" "$label"
      login
      echo "## $label: ${capp:-$APP} $copts (ready after ${SVC_READY_MS} ms)"
      TARGETS="$TARGETS,$label|service|http://127.0.0.1:$SVC_PORT|$SVC_PID|$TOKEN"
    done
    SVC_PORT=${MAIN[0]}; SVC_PID=${MAIN[1]}; TOKEN=${MAIN[2]}; SVC_READY_MS=${MAIN[3]}
  fi
  echo "## uploads: service at -XX:MaxRAM=512m (ready after ${SVC_READY_MS} ms); the floor beside it: ${FLOOR:-1}"
  [[ " $SCENARIOS " == *" small "* ]] && uploads floor "targets=$TARGETS" clients=32 mib=1 each=${EACH_SMALL:-8} rounds=${ROUNDS:-2} warm=${WARM_MIB:-1024}
  [[ " $SCENARIOS " == *" large "* ]] && uploads floor "targets=$TARGETS" clients=4 mib=64 each=2 rounds=${ROUNDS:-2} warm=${WARM_MIB:-1024}
  stop_service
  hot_methods uploads
fi

if [[ " $SCENARIOS " == *" serving "* ]]; then
  start_service "-XX:MaxRAM=512m $(jfr_opts serving)" serving
  echo "## serving: 64 clients x 100 KiB, bucket public-read"
  $CORE0 $JAVA -Xmx256m -Dbench.pids="$SVC_PID,$S3_PID" -cp "$APP/lib/main/*" src/test/bench/ServingBench.java \
    "http://127.0.0.1:$SVC_PORT" "http://127.0.0.1:$S3_PORT" $ACCESS $SECRET bench-images 64 2 8
  stop_service
  hot_methods serving
fi

if [[ " $SCENARIOS " == *" big "* ]]; then
  start_service "-Xmx96m" big
  login
  echo "## one 1 GiB upload, service at -Xmx96m"
  uploads big mib=1024
  stop_service
fi

if [[ " $SCENARIOS " == *" startup "* ]]; then
  echo "## start-up: java -jar to the first 200 of /q/health/ready (S3 checked), RSS after 10 s idle"
  echo "   (run 1 is a first start: it generates the JWT keys; runs 2-4 restart on the same state, as rollouts do)"
  for run in 1 2 3 4; do
    start_service "-XX:MaxRAM=512m" "startup-$run" startup
    sleep 10
    echo "  run $run: ready after ${SVC_READY_MS} ms; idle RSS $(rss_mib "$SVC_PID") MiB"
    stop_service
  done
fi

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -i -h -E 'has been blocked|OutOfMemory' "$WORK"/service-*.log | head -5 || true
grep -q -i -E 'has been blocked|OutOfMemory' "$WORK"/service-*.log || echo "# no blocked-thread warnings, no OOM in the service logs"
