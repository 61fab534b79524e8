# Sourced by the start-up benches (startup-steps.sh, startup-cpu.sh): one start of the packaged service on a state
# directory, with no S3 server (the service connects to S3 on demand; the readiness probe checks it), until its
# first answer: GET /imagepic/auth/registration, a public route through Quarkus REST, polled every 10 ms.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_packaged jar state log [java options...]: sets STARTED_PID, and STARTED_MS (wall ms to the first answer)
start_packaged() {
  local jar=$1 state=$2 log=$3
  shift 3
  local port mport t0
  port=$(free_port)
  mport=$(free_port)
  t0=$(date +%s%N)
  QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport IMAGEPIC_STATE_DIR=$state \
    IMAGEPIC_UPLOAD_SPOOL_DIR=$state/spool IMAGEPIC_STORAGE_ENDPOINT=http://127.0.0.1:9 \
    IMAGEPIC_STORAGE_ACCESS_KEY=startup IMAGEPIC_STORAGE_SECRET_KEY=startup-secret \
    java "$@" -jar "$jar" >"$log" 2>&1 &
  STARTED_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/imagepic/auth/registration" || true)" = 200 ]; do
    kill -0 $STARTED_PID 2>/dev/null || { echo "the service exited; see $log" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.01
  done
  STARTED_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
