#!/usr/bin/env bash
# Start-up of the packaged service (issue 24): wall time from `java -jar` to the first answer, RSS 3 s after
# it, and where the time goes (Quarkus's own step timings of the last start, steps of 40 ms or more).
#
#   mvn -B package -DskipTests && src/test/bench/startup-steps.sh [runs] [java options...]
#   e.g. src/test/bench/startup-steps.sh 5                      # JVM defaults, no AppCDS archive
#        src/test/bench/startup-steps.sh 5 -XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa
#        COMPARE=/other/checkout/target/quarkus-app/quarkus-run.jar src/test/bench/startup-steps.sh 5
#
# The first start makes the state directory (signing keys); the ones after it restart on it, as in a rollout.
# "First answer" is GET /imagepic/auth/registration (a public route through Quarkus REST, no S3), polled every
# 10 ms. No S3 server is needed: the service connects to S3 on demand (the readiness probe checks it).
# With COMPARE set, that build is started alternately with this one, each on its own state directory.
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${1:-5}
shift || true
WORK=$(mktemp -d /tmp/imagepic-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JARS=(target/quarkus-app/quarkus-run.jar ${COMPARE:-})

# shellcheck source=packaged-start.sh
. src/test/bench/packaged-start.sh

# one start: prints "ms rss_kib"
start_once() {
  local jar=$1 state=$2 log=$3
  shift 3
  start_packaged "$jar" "$state" "$log" "$@" -Dquarkus.debug.print-startup-times=true
  sleep 3
  local rss
  rss=$(awk '/VmRSS/ {print $2}' /proc/$STARTED_PID/status)
  kill $STARTED_PID
  wait $STARTED_PID 2>/dev/null || true
  echo "$STARTED_MS $rss"
}

declare -A TIMES RSS
for run in $(seq 1 "$RUNS"); do
  for i in "${!JARS[@]}"; do
    read -r ms rss < <(start_once "${JARS[$i]}" "$WORK/state-$i" "$WORK/start-$i.log" "$@")
    TIMES[$i]="${TIMES[$i]:-} $ms"
    RSS[$i]="${RSS[$i]:-} $((rss / 1024))"
    echo "run $run, ${JARS[$i]}: first answer ${ms} ms, RSS $((rss / 1024)) MiB 3 s later"
  done
done

for i in "${!JARS[@]}"; do
  echo
  echo "== ${JARS[$i]} (java $*)"
  echo "first answer, ms (first start, then restarts):${TIMES[$i]}"
  echo "RSS 3 s after, MiB:${RSS[$i]}"
  grep -o 'started in [0-9.]*s' "$WORK/start-$i.log" | tail -1 | sed 's/^/last start: Quarkus /'
  echo "steps of the last start, 40 ms or more:"
  grep -oE 'Build step [A-Za-z0-9_.$]+ completed in: [0-9]+ms' "$WORK/start-$i.log" \
    | awk '{ms = $NF; sub("ms", "", ms); if (ms + 0 >= 40) printf "  %6d ms  %s\n", ms, $3}' | sort -rn
done
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(date -u '+%Y-%m-%d %H:%M UTC')"
