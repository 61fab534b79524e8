#!/usr/bin/env python3
"""Auth benchmark: what a token costs per request, and what a login costs.

Starts two packaged services side by side (each with its embedded S3Proxy and store in a temp dir):
A answers the read routes anonymously (imagepic.auth.anonymous-reads=true), B needs a token (the
default: RS256 verification plus a read of the account's document to check the credential version).
Times listBuckets on both, interleaved, and login (bcrypt, default cost 10) on B.

  mvn -B package -DskipTests && python3 src/test/bench/auth_bench.py [--requests 300]
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PORTS = {"anonymous": 18281, "token": 18282}
PHONE, PASSWORD = "13800000099", "bench_pw_1"


def call(port, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["authorization"] = token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        answer = json.load(r)
    return answer, time.perf_counter() - start


def start(name, work, anonymous):
    env = dict(os.environ, IMAGEPIC_ACCESS_DEFAULT="all", QUARKUS_HTTP_PORT=str(PORTS[name]), QUARKUS_MANAGEMENT_PORT=str(PORTS[name] + 1000),
               IMAGEPIC_STORAGE_EMBEDDED_DATA_DIR=os.path.join(work, name, "objects"),
               IMAGEPIC_AUTH_STORE_DIR=os.path.join(work, name, "users"),
               IMAGEPIC_AUTH_ANONYMOUS_READS=str(anonymous).lower())
    env.pop("IMAGEPIC_STORAGE_ENDPOINT", None)
    return subprocess.Popen(["java", "-Xmx128m", "-jar", "target/quarkus-app/quarkus-run.jar"], cwd=ROOT, env=env,
                            stdout=open(os.path.join(work, name + ".log"), "w"), stderr=subprocess.STDOUT)


def wait_ready(port):
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port + 1000}/q/health/ready", timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"service on {port} did not become ready")


def ms(samples):
    return statistics.median(samples) * 1000, sorted(samples)[int(len(samples) * 0.95) - 1] * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-authbench")
    services = [start("anonymous", work, True), start("token", work, False)]
    try:
        for port in PORTS.values():
            wait_ready(port)
        b = PORTS["token"]
        call(b, "/imagepic/auth/register", {"name": "b", "email": "b@b.cn", "phone": PHONE, "upwd": PASSWORD})
        logins = [call(b, "/imagepic/auth/login", {"phone": PHONE, "upwd": PASSWORD})[1] for _ in range(20)]
        token = call(b, "/imagepic/auth/login", {"phone": PHONE, "upwd": PASSWORD})[0]["data"]["token"]
        for _ in range(50):  # warm-up both
            call(PORTS["anonymous"], "/imagepic/bucket/listBuckets")
            call(b, "/imagepic/bucket/listBuckets", token=token)
        anon, tok = [], []
        for _ in range(args.requests):  # interleaved, so both see the same machine load
            anon.append(call(PORTS["anonymous"], "/imagepic/bucket/listBuckets")[1])
            answer, t = call(b, "/imagepic/bucket/listBuckets", token=token)
            assert answer["success"], answer
            tok.append(t)
        (a50, a95), (t50, t95), (l50, l95) = ms(anon), ms(tok), ms(logins)
        print("| request | median (ms) | p95 (ms) | median vs anonymous |")
        print("|---|---:|---:|---:|")
        print(f"| listBuckets, anonymous reads | {a50:.2f} | {a95:.2f} | 1.00 |")
        print(f"| listBuckets, raw token checked | {t50:.2f} | {t95:.2f} | {t50 / a50:.2f} |")
        print(f"| login (bcrypt cost 10) | {l50:.1f} | {l95:.1f} | {l50 / a50:.1f} |")
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"\n{args.requests} interleaved requests each, 20 logins. Machine: {os.cpu_count()} cores, {cpu}, "
              f"{platform.system()} {platform.release()}; "
              f"Java {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; "
              f"date {time.strftime('%Y-%m-%d')}")
    finally:
        for s in services:
            s.terminate()
        for s in services:
            s.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
