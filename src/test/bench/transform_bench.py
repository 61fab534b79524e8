#!/usr/bin/env python3
"""Image transform benchmark (issue 21; run by hand in a quiet window, never in CI).

  mvn -B package -DskipTests && python3 src/test/bench/transform_bench.py [--count 200] [--rounds 4]

Three figures, each side pinned to its own core (taskset): S3Proxy and this load generator on core 0, the
service (and vipsthumbnail) on core 1.
  1. uncached: a 2000x1500 JPEG -> 256 px WebP q80, each request a source not transformed before, two at a
     time, on one core: transforms per second, against `vipsthumbnail -s 256 -o %s.webp[Q=80]` over the same
     number of copies in one invocation (its own loop) on the same core. Goal: >= 0.8 x vipsthumbnail.
  2. peak RSS (VmHWM) of the service started with -XX:MaxRAM=512m while two transforms run at a time,
     next to its RSS before.
  3. cached: CPU of the service per request for a cached variant vs a plain /i/ GET of an original of the
     same size (the variants' own bytes stored as originals), alternating slices in one run. Goal <= 1.1x.
CPU comes from /proc/<pid>/stat (utime+stime of the service process).
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request, http.client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ACCESS, SECRET = "bench-access", "bench-secret-key"
ADMIN, PASSWORD = "13900000001", "bench_pass_123"
BUCKET = "bench-transform"
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))


def call(port, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    h = {"Content-Type": "application/json"} if isinstance(body, dict) else {}
    h.update(headers or {})
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=h)
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def upload(port, token, name, content, kind):
    boundary = "imagepicbench" + os.urandom(8).hex()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: {kind}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    call(port, "POST", "/imagepic/object/putObject", body, {"authorization": token, "bucket": BUCKET,
                                                            "naming": "original",
                                                            "Content-Type": f"multipart/form-data; boundary={boundary}"})


def fetch_all(port, paths, clients):
    """GETs every path once, `clients` keep-alive connections at a time; answers the statuses seen."""
    todo, lock, seen = list(paths), threading.Lock(), {}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not todo:
                    break
                p = todo.pop()
            conn.request("GET", p)
            r = conn.getresponse()
            r.read()
            with lock:
                seen[r.status] = seen.get(r.status, 0) + 1
        conn.close()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200, help="uncached transforms measured (and vipsthumbnail files)")
    ap.add_argument("--rounds", type=int, default=4, help="alternating slices of the cached/plain comparison")
    ap.add_argument("--requests", type=int, default=2000, help="requests per slice of the cached/plain comparison")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-tfbench")
    photo = os.path.join(work, "photo.jpg")
    # a photo-like 2000x1500 sRGB JPEG: blurred noise (compresses like a photo, unlike raw noise), three bands
    v = lambda n: os.path.join(work, n)
    subprocess.run(["vips", "gaussnoise", v("n.v"), "2000", "1500", "--mean", "128", "--sigma", "60"], check=True)
    subprocess.run(["vips", "gaussblur", v("n.v"), v("b.v"), "2"], check=True)
    subprocess.run(["vips", "cast", v("b.v"), v("g.v"), "uchar"], check=True)
    subprocess.run(["vips", "flip", v("g.v"), v("f.v"), "horizontal"], check=True)
    subprocess.run(["vips", "bandjoin", f"{v('g.v')} {v('f.v')} {v('g.v')}", v("rgb.v")], check=True)
    subprocess.run(["vips", "copy", v("rgb.v"), photo + "[Q=90]", "--interpretation", "srgb"], check=True)
    jpeg = open(photo, "rb").read()

    # 1a. vipsthumbnail, its own loop over `count` copies, on core 1
    copies = os.path.join(work, "copies")
    os.makedirs(copies)
    names = []
    for i in range(args.count):
        p = os.path.join(copies, f"p{i}.jpg")
        os.symlink(photo, p)
        names.append(p)
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "1", "vipsthumbnail", "-s", "256", "-o", "%s.webp[Q=80]"] + names, check=True)
    vt_rate = args.count / (time.perf_counter() - start)

    s3_port, port, mgmt = free_port(), free_port(), free_port()
    with open(os.path.join(work, "s3.properties"), "w") as f:
        f.write(f"s3proxy.endpoint=http://127.0.0.1:{s3_port}\ns3proxy.authorization=aws-v2-or-v4\n"
                f"s3proxy.identity={ACCESS}\ns3proxy.credential={SECRET}\njclouds.provider=filesystem-nio2\n"
                f"jclouds.filesystem.basedir={work}/objects\n")
    os.makedirs(os.path.join(work, "objects"))
    s3 = subprocess.Popen(["taskset", "-c", "0", "java", "-Xmx512m", "-jar", "target/s3proxy/s3proxy.jar",
                           "--properties", os.path.join(work, "s3.properties")], cwd=ROOT,
                          stdout=open(os.path.join(work, "s3.log"), "w"), stderr=subprocess.STDOUT)
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_MANAGEMENT_PORT=str(mgmt),
               IMAGEPIC_STORAGE_ENDPOINT=f"http://127.0.0.1:{s3_port}", IMAGEPIC_STORAGE_ACCESS_KEY=ACCESS,
               IMAGEPIC_STORAGE_SECRET_KEY=SECRET, IMAGEPIC_STATE_DIR=os.path.join(work, "state"),
               IMAGEPIC_UPLOAD_SPOOL_DIR=os.path.join(work, "spool"), IMAGEPIC_ADMIN_PHONE=ADMIN,
               IMAGEPIC_ADMIN_PASSWORD=PASSWORD, QUARKUS_LOG_LEVEL="WARN")
    service = subprocess.Popen(["taskset", "-c", "1", "java", "-XX:MaxRAM=512m", "-jar", "target/quarkus-app/quarkus-run.jar"],
                               cwd=ROOT, env=env, stdout=open(os.path.join(work, "service.log"), "w"),
                               stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                if call(mgmt, "GET", "/q/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        token = json.loads(call(port, "POST", "/imagepic/auth/login", {"phone": ADMIN, "upwd": PASSWORD})[1])["data"]["token"]
        call(port, "POST", "/imagepic/bucket/makeBucket", {"bucketName": BUCKET}, {"authorization": token})
        call(port, "POST", "/imagepic/policy/setBucketPolicy", {"bucketName": BUCKET, "policy": "public-read"},
             {"authorization": token})
        warm = 20
        for i in range(args.count + warm):
            upload(port, token, f"src{i}.jpg", jpeg, "image/jpeg")
        # warm the JIT on sources that are not measured
        fetch_all(port, [f"/i/{BUCKET}/src{i}.jpg?w=256&fm=webp&q=80" for i in range(args.count, args.count + warm)], 2)

        # 1b + 2. uncached transforms, two at a time; peak RSS
        rss_before = status_kib(service.pid, "VmRSS")
        cpu0, t0 = cpu_seconds(service.pid), time.perf_counter()
        seen = fetch_all(port, [f"/i/{BUCKET}/src{i}.jpg?w=256&fm=webp&q=80" for i in range(args.count)], 2)
        wall, cpu = time.perf_counter() - t0, cpu_seconds(service.pid) - cpu0
        peak = status_kib(service.pid, "VmHWM")
        rate = seen.get(200, 0) / wall
        print(f"| figure | value |\n|---|---|")
        print(f"| vipsthumbnail, 2000x1500 JPEG -> 256 px WebP q80, one core | {vt_rate:.1f} /s |")
        print(f"| service, same, uncached, two at a time, one core | {rate:.1f} /s ({cpu / max(1, seen.get(200, 0)) * 1000:.1f} ms CPU each; answers {seen}) |")
        print(f"| ratio service / vipsthumbnail | {rate / vt_rate:.2f} (goal >= 0.8) |")
        print(f"| service RSS before / peak (VmHWM) with 2 concurrent transforms, -XX:MaxRAM=512m | {rss_before // 1024} / {peak // 1024} MiB |", flush=True)

        # 3. cached variant vs plain GET of an original of the same size
        n = min(50, args.count)  # variants made above: cached now
        variants = [f"/i/{BUCKET}/src{i}.jpg?w=256&fm=webp&q=80" for i in range(n)]
        for i, v in enumerate(variants):
            upload(port, token, f"plain{i}.webp", call(port, "GET", v)[1], "image/webp")
        plains = [f"/i/{BUCKET}/plain{i}.webp" for i in range(n)]
        per = {"cached": [], "plain": []}
        for r in range(args.rounds * 2):
            kind = ("cached", "plain")[(r + r // 2) % 2]  # ABBA
            paths = ((variants if kind == "cached" else plains) * (args.requests // n + 1))[:args.requests]
            c0 = cpu_seconds(service.pid)
            fetch_all(port, paths, 8)
            per[kind].append((cpu_seconds(service.pid) - c0) / args.requests * 1e6)
        cached, plain = sum(per["cached"]) / len(per["cached"]), sum(per["plain"]) / len(per["plain"])

        print(f"| CPU per request: cached variant / plain GET of an original of that size | {cached:.0f} / {plain:.0f} us = {cached / plain:.2f} (goal <= 1.1) |")
    finally:
        service.terminate()
        s3.terminate()
        service.wait(30)
        s3.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
