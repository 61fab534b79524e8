#!/usr/bin/env python3
"""Service-token benchmark: a hit, a miss and a tampered token cost the same, whatever the number of tokens.

Starts the packaged service (embedded S3Proxy, store in a temp dir, a free port), creates one service token,
then times GET /imagepic/auth/me (no S3 call: the cost is authentication) interleaved for: a user JWT, the
service token (hit), a well-formed token with an unknown id (miss), the token with one secret character
changed (tampered), and no token. Runs with 1 stored token, then again after 9,999 more token documents are
written into the store, to show that a look-up does not grow with the store.

  mvn -B package -DskipTests && python3 src/test/bench/tokens_bench.py [--requests 300]
"""
import argparse, json, os, platform, re, secrets, shutil, statistics, subprocess, sys, tempfile, time
import urllib.error, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PHONE, PASSWORD = "13800000099", "bench_pw_1"


def call(base, path, body=None, token=None, method=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["authorization"] = token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            answer, status = json.load(r), r.status
    except urllib.error.HTTPError as e:
        answer, status = json.load(e), e.code
    return answer, status, time.perf_counter() - start


def start(work):
    env = dict(os.environ, IMAGEPIC_ACCESS_DEFAULT="all", QUARKUS_HTTP_PORT="0", QUARKUS_MANAGEMENT_PORT="0", QUARKUS_HTTP_HOST="127.0.0.1",
               IMAGEPIC_STORAGE_EMBEDDED_DATA_DIR=os.path.join(work, "objects"),
               IMAGEPIC_AUTH_STORE_DIR=os.path.join(work, "users"), IMAGEPIC_ADMIN_PHONE=PHONE,
               IMAGEPIC_ADMIN_PASSWORD=PASSWORD)
    env.pop("IMAGEPIC_STORAGE_ENDPOINT", None)
    log = os.path.join(work, "service.log")
    proc = subprocess.Popen(["java", "-Xmx128m", "-jar", "target/quarkus-app/quarkus-run.jar"], cwd=ROOT, env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    for _ in range(600):
        m = re.search(r"Listening on: http://[^:]+:(\d+)", open(log).read())
        if m:
            return proc, f"http://127.0.0.1:{m.group(1)}"
        if proc.poll() is not None:
            raise SystemExit(open(log).read())
        time.sleep(0.25)
    raise SystemExit("service did not start")


def fill(store, n):
    """Token documents as the service writes them (random ids and hashes), plus their last-use files."""
    for _ in range(n):
        tid = secrets.token_hex(8)
        doc = {"id": tid, "name": "filler", "ownerId": "x", "ownerName": PHONE, "scopes": ["read"], "buckets": None,
               "createdAt": "2026-01-01T00:00:00Z", "expiresAt": None, "secretHash": secrets.token_hex(32)}
        with open(os.path.join(store, f"svc_{tid}.json"), "w") as f:
            json.dump(doc, f)
        open(os.path.join(store, f"svc_{tid}.used"), "w").close()


def ms(samples):
    return statistics.median(samples) * 1000, sorted(samples)[int(len(samples) * 0.95) - 1] * 1000


def measure(base, cases, n):
    for _ in range(30):  # warm-up
        for token, _ in cases.values():
            call(base, "/imagepic/auth/me", token=token)
    times = {k: [] for k in cases}
    for _ in range(n):  # interleaved, so every case sees the same machine load
        for k, (token, status) in cases.items():
            _, got, t = call(base, "/imagepic/auth/me", token=token)
            assert got == status, (k, got)
            times[k].append(t)
    return {k: ms(v) for k, v in times.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--fill", type=int, default=9999)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-tokenbench")
    proc, base = start(work)
    try:
        jwt = call(base, "/imagepic/auth/login", {"phone": PHONE, "upwd": PASSWORD})[0]["data"]["token"]
        token = call(base, "/imagepic/auth/tokens", {"name": "bench-bff", "scopes": ["read"]}, token=jwt)[0]["data"]["token"]
        unknown = "ipt_" + secrets.token_hex(8) + token[20:]
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        cases = {"user JWT": (jwt, 200), "service token (hit)": (token, 200),
                 "unknown id (miss)": (unknown, 401), "tampered secret": (tampered, 401), "no token": (None, 401)}
        rounds = [("1", measure(base, cases, args.requests))]
        fill(os.path.join(work, "users"), args.fill)
        rounds.append((f"{args.fill + 1:,}", measure(base, cases, args.requests)))
        print("| tokens stored | request to /imagepic/auth/me | median (ms) | p95 (ms) | median vs hit |")
        print("|---:|---|---:|---:|---:|")
        for stored, r in rounds:
            hit = r["service token (hit)"][0]
            for k, (p50, p95) in r.items():
                print(f"| {stored} | {k} | {p50:.2f} | {p95:.2f} | {p50 / hit:.2f} |")
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"\n{args.requests} interleaved requests per case and round. Machine: {os.cpu_count()} cores, {cpu}, "
              f"load {os.getloadavg()[0]:.1f}, {platform.system()} {platform.release()}; "
              f"Java {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; "
              f"date {time.strftime('%Y-%m-%d')}")
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
