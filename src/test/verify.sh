#!/usr/bin/env bash
# The README's test command: every test of `mvn -B verify`, three groups at once: about 7 minutes on two cores with the
# native check of .ci/run (docs/design.md, "Where the suite's time goes").
#
# Why not `mvn verify` itself: Maven runs one goal at a time, and a test class mostly waits (a page to react, a
# replica to start, a claim to expire), so one sequence of classes leaves a core idle. Surefire's own forks do not
# help here: they take test classes one at a time, so Quarkus, which keeps one application for the classes of a
# profile, would restart it for nearly every class. So, after one build, three Maven runs go at once, each on
# its own S3Proxy and PostgreSQL and (through the system property test.stream) its own spool, log and key
# directories under target/:
#   console   the console's browser tests (io.imagepic.console) and the state engines' contract suites, in one JVM;
#   service   every other unit, component and HTTP test, in one JVM;
#   packaged  the tests of the packaged service (failsafe: *ReplicasIT, *PackagedIT).
# Each run's full output is in target/verify/<run>.log; what they print about tests is shown as it comes.
# `mvn -B verify` runs the same tests one after the other (slower, same result).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=target/verify
rm -rf "$OUT" && mkdir -p "$OUT"

# The build: formatting checked, sources and tests compiled, the architecture test (it fails fast), the package,
# the manifests' drift check (which also resolves the test providers, so the runs below need nothing online).
echo "== build"
BUILD_START=$SECONDS
if ! mvn -B verify -Dtest=ArchitectureTest -Dit.test=ManifestsDriftIT -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dpackaged-its.skip=true 2>&1 | tee "$OUT/build.log"; then
    exit 1
fi
echo "== build: $((SECONDS - BUILD_START))s"

run() { # name, maven arguments...
    local name=$1
    shift
    local start=$SECONDS
    local TIMEFORMAT='%U s user, %S s system' # bash's `time`: the CPU of this run's processes
    { time mvn -B -o "$@" >"$OUT/$name.log" 2>&1; } 2>"$OUT/$name.cpu"
    echo "$? $((SECONDS - start))" >"$OUT/$name.status"
}

echo "== tests: console, service and packaged runs at once (target/verify/<run>.log)"
# The console run waits on the browser much of its time: the state engines' contract suites (plain JUnit, on
# both backends) fill it, and so does one class of the default profile that waits on timeouts (the service run is
# the longer one). The console's class of another profile runs in the service run, which starts that profile
# anyway (one application start fewer).
OTHER_PROFILES='ConsoleInviteTest'
FILLERS='io/imagepic/state/**/*,io/imagepic/transform/VipsEngineTest,io/imagepic/upload/UploadFailuresTest'
run console surefire:test -Dtest.stream=console \
    -Dtest="io/imagepic/console/**/*,$FILLERS,!**/*IT,!%regex[io/imagepic/console/($OTHER_PROFILES).*]" &
RUNS="$!"
run service surefire:test -Dtest.stream=service -Dtest="**/*Test,!%regex[io/imagepic/console/(?!$OTHER_PROFILES).*],\
!${FILLERS//,/,!},!io/imagepic/ArchitectureTest" &
RUNS="$RUNS $!"
run packaged failsafe:integration-test@packaged-service failsafe:verify@packaged-service &
RUNS="$RUNS $!"
# what each run says about its test classes, as they finish
tail -q -n +1 -F "$OUT/console.log" "$OUT/service.log" "$OUT/packaged.log" 2>/dev/null \
    | grep --line-buffered -E "Tests run:|FAIL|BUILD" &
TAIL=$!
# shellcheck disable=SC2086
wait -n $RUNS
# The first run has ended: from here the machine has cycles to spare (.ci/run starts the native check now).
touch "$OUT/first-run-ended"
# shellcheck disable=SC2086
wait $RUNS
kill "$TAIL" 2>/dev/null

failed=0
for name in console service packaged; do
    read -r status seconds <"$OUT/$name.status"
    cpu=$(cat "$OUT/$name.cpu")
    summary=$(grep -E "^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$" \
        "$OUT/$name.log" | tail -1)
    echo "== $name: exit $status after ${seconds}s (CPU $cpu); ${summary:-no test summary}"
    if [ "$status" -ne 0 ]; then
        failed=1
        grep -E "<<< (FAILURE|ERROR)!|^\[ERROR\]" "$OUT/$name.log" | head -60
    fi
done
exit $failed
