#!/usr/bin/env python3
"""Listing benchmark: listObjects with pageSize=20 over 1k, 10k and 100k objects.

Starts the packaged service (embedded S3Proxy, data in a temp dir) with a small heap, lays the objects
out directly in S3Proxy's filesystem backend (one file per object, far faster than 100k PUTs), then times
listObjects (first page and last page) and samples the service's heap from /q/metrics while it runs.

  mvn -B package -DskipTests && python3 src/test/bench/listing_bench.py [--xmx 64m]
"""
import urllib.error
import argparse, json, os, platform, re, shutil, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PORT = 18181
MANAGEMENT_PORT = 19181  # health and metrics: the management interface
BUCKET = "bench-list"
SIZES = [1_000, 10_000, 100_000]


def post(path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.load(r)


def heap_used():
    with urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/metrics", timeout=10) as r:
        text = r.read().decode()
    return sum(float(m) for m in re.findall(r'^jvm_memory_used_bytes\{area="heap".*\} (\S+)$', text, re.M))


def s3_endpoint(work):
    log = open(os.path.join(work, "service.log")).read()
    return re.search(r"listening on (http://127\.0\.0\.1:\d+)", log).group(1)


def timed_listing(body):
    peak, stop = [heap_used()], threading.Event()

    def sample():
        while not stop.is_set():
            peak.append(heap_used())
            time.sleep(0.05)

    t = threading.Thread(target=sample)
    t.start()
    start = time.perf_counter()
    try:
        answer = post("/imagepic/object/listObjects", body)
    except urllib.error.HTTPError as e:
        stop.set()
        raise SystemExit(f"listObjects {body} -> {e.code} {e.read().decode()}")
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    return answer, elapsed, max(peak)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xmx", default="64m")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-listbench")
    data = os.path.join(work, "objects")
    for n in SIZES:
        d = os.path.join(data, BUCKET, f"p{n}")
        os.makedirs(d)
        for i in range(n):
            with open(os.path.join(d, f"img-{i:06d}.png"), "wb") as f:
                f.write(b"\x89PNG\r\n\x1a\n")
    # S3Proxy's filesystem backend re-walks the directory for every 1,000-key page: give it time.
    env = dict(os.environ, IMAGEPIC_ACCESS_DEFAULT="all", IMAGEPIC_STORAGE_EMBEDDED_DATA_DIR=data, QUARKUS_HTTP_PORT=str(PORT), QUARKUS_MANAGEMENT_PORT=str(MANAGEMENT_PORT),
               IMAGEPIC_LISTING_TIMEOUT="900s",
               # reads without a token (the seed's mode); accounts and keys in the temp dir
               IMAGEPIC_AUTH_ANONYMOUS_READS="true", IMAGEPIC_AUTH_STORE_DIR=os.path.join(work, "users"))
    env.pop("IMAGEPIC_STORAGE_ENDPOINT", None)
    service = subprocess.Popen(["java", f"-Xmx{args.xmx}", "-jar", "target/quarkus-app/quarkus-run.jar"],
                               cwd=ROOT, env=env, stdout=open(os.path.join(work, "service.log"), "w"),
                               stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/health/ready", timeout=2)
                break
            except Exception:
                time.sleep(0.5)
        post("/imagepic/object/listObjects", {"bucketName": BUCKET, "prefix": "p1000/"})  # warm-up
        rows = []
        for n in SIZES:
            prefix = f"p{n}/"
            first, t_first, h_first = timed_listing({"bucketName": BUCKET, "prefix": prefix, "pageSize": 20})
            last_page = n // 20
            last, t_last, h_last = timed_listing({"bucketName": BUCKET, "prefix": prefix, "pageSize": 20,
                                                   "pageNum": last_page})
            assert first["data"]["total"] == n and len(first["data"]["lists"]) == 20, first
            assert last["data"]["lists"][-1]["name"] == f"{prefix}img-{n - 1:06d}.png", last["data"]["lists"][-1]
            direct = subprocess.run(["java", "-cp", "target/quarkus-app/lib/main/*", "src/test/bench/DirectList.java",
                                     s3_endpoint(work), "imagepic-local", "imagepic-local-secret", BUCKET, prefix],
                                    cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
            assert int(direct[0]) == n, direct
            rows.append((n, t_first, t_last, float(direct[1]), max(h_first, h_last) / 2**20))
        print(f"| objects under prefix | first page (s) | last page (s) | direct SDK walk (s) | "
              f"first page / direct | peak heap used (MiB, -Xmx{args.xmx}) |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n, a, b, d, h in rows:
            print(f"| {n:,} | {a:.2f} | {b:.2f} | {d:.2f} | {a / d:.2f} | {h:.0f} |")
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"\nMachine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; "
              f"Java {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; "
              f"date {time.strftime('%Y-%m-%d')}")
    finally:
        service.terminate()
        service.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
