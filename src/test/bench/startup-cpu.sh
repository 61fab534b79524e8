#!/usr/bin/env bash
# CPU of a start-up (issue 24/25): restarts of one or more packaged builds, alternated, each on its own state
# directory; for each restart the process's CPU, its main thread's CPU and the wall time at the first answer
# (GET /imagepic/auth/registration, polled every 10 ms), then the per-build means.
#
#   mvn -B package -DskipTests && src/test/bench/startup-cpu.sh [rounds] [jar...] [-- java options...]
#   e.g. src/test/bench/startup-cpu.sh 5 /tmp/before/quarkus-app/quarkus-run.jar target/quarkus-app/quarkus-run.jar \
#          -- -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1        # the packaged ITs' JVM options
#
# Each build's first start makes its state directory (signing keys) and is not counted. No S3 server is needed.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-5}
shift || true
JARS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do JARS+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#JARS[@]} -gt 0 ] || JARS=(target/quarkus-app/quarkus-run.jar)
WORK=$(mktemp -d /tmp/imagepic-startup-cpu.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TCK=$(getconf CLK_TCK)

# shellcheck source=packaged-start.sh
. src/test/bench/packaged-start.sh

# one start: prints "process_cpu_ms main_cpu_ms wall_ms"
start_once() {
  local jar=$1 state=$2
  shift 2
  start_packaged "$jar" "$state" "$state.log" "$@"
  local pid=$STARTED_PID
  local cpu main
  cpu=$(awk -v t="$TCK" '{print int(($14 + $15) * 1000 / t)}' /proc/$pid/stat)
  main=$(awk -v t="$TCK" '{print int(($14 + $15) * 1000 / t)}' /proc/$pid/task/$pid/stat 2>/dev/null || echo 0)
  # the JVM's main thread is the launcher's second thread, named "java"
  for task in /proc/$pid/task/*; do
    if [ "$(cat "$task/comm" 2>/dev/null)" = java ] && [ "${task##*/}" != "$pid" ]; then
      main=$(awk -v t="$TCK" '{print int(($14 + $15) * 1000 / t)}' "$task/stat")
      break
    fi
  done
  kill $pid
  wait $pid 2>/dev/null || true
  echo "$cpu $main $STARTED_MS"
}

for i in "${!JARS[@]}"; do
  mkdir -p "$WORK/state-$i"
  start_once "${JARS[$i]}" "$WORK/state-$i" "$@" >/dev/null
done
declare -A SUM
for run in $(seq 1 "$ROUNDS"); do
  for i in "${!JARS[@]}"; do
    read -r cpu main wall < <(start_once "${JARS[$i]}" "$WORK/state-$i" "$@")
    SUM[$i]="${SUM[$i]:-} $cpu,$main,$wall"
    echo "run $run, ${JARS[$i]}: process CPU ${cpu} ms, main thread ${main} ms, first answer ${wall} ms"
  done
done
echo
for i in "${!JARS[@]}"; do
  echo "${SUM[$i]}" | tr ' ' '\n' | awk -F, -v jar="${JARS[$i]}" 'NF == 3 {c += $1; m += $2; w += $3; n++}
    END {printf "%s: mean of %d restarts: process CPU %d ms, main thread %d ms, first answer %d ms\n", jar, n, c/n, m/n, w/n}'
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), java $*, $(date -u '+%Y-%m-%d %H:%M UTC')"
