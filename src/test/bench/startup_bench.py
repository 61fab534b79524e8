#!/usr/bin/env python3
"""Startup benchmark: time to first successful listBuckets, resident memory idle and after 1,000 uploads.

Starts S3Proxy on 127.0.0.1 once (so its own start-up is not counted), then starts the packaged service
--runs times from cold and polls GET /imagepic/bucket/listBuckets every 5 ms until it answers 200 with
success=true. After the last start it idles 10 s and reads the process's VmRSS, then sends 1,000 uploads
(a 12 KiB PNG each, 4 at a time, through POST /imagepic/object/putObject) and reads VmRSS and VmHWM again.
Every runner found is measured side by side in one run: the JVM build (target/quarkus-app) and, when one
was built, the native executable (target/*-runner).

When the build has no upload route yet, the 1,000 requests are listObjects calls instead, and the output
says so.

  mvn -B package -DskipTests && python3 src/test/bench/startup_bench.py [--runs 3] [--xmx 128m]
"""
import argparse, glob, re, json, os, platform, shutil, socket, statistics, struct, subprocess, sys, tempfile, time, zlib
import urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ACCESS, SECRET = "bench-access", "bench-secret-key"
ADMIN_PHONE, PASSWORD = "13900000001", "bench_pass_123"
BUCKET, UPLOADS, CONCURRENCY = "bench-startup", 1_000, 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def call(port, method, path, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    h = {"Content-Type": "application/json"} if isinstance(body, (dict, list)) else {}
    h.update(headers or {})
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw.decode(errors="replace")


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))


def png(width=64, height=64):
    """A real PNG of random pixels (~12 KiB): upload routes sniff the type from the bytes."""
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(name, content):
    boundary = "imagepicbench" + os.urandom(8).hex()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Service:
    def __init__(self, label, command, s3_port, work):
        self.label, self.command, self.s3_port, self.work = label, command, s3_port, work
        self.proc, self.port = None, None

    def start(self):
        """Starts the service; answers the seconds until listBuckets first succeeds."""
        self.port = free_port()
        state = tempfile.mkdtemp(dir=self.work)
        env = dict(os.environ, IMAGEPIC_ACCESS_DEFAULT="all", QUARKUS_HTTP_PORT=str(self.port), QUARKUS_MANAGEMENT_PORT=str(free_port()),
                   IMAGEPIC_STORAGE_ENDPOINT=f"http://127.0.0.1:{self.s3_port}",
                   IMAGEPIC_STORAGE_ACCESS_KEY=ACCESS, IMAGEPIC_STORAGE_SECRET_KEY=SECRET,
                   IMAGEPIC_AUTH_STORE_DIR=os.path.join(state, "users"),
                   IMAGEPIC_UPLOAD_SPOOL_DIR=os.path.join(state, "spool"),
                   IMAGEPIC_ADMIN_PHONE=ADMIN_PHONE, IMAGEPIC_ADMIN_PASSWORD=PASSWORD,
                   # listBuckets without a token, so start-up is timed without a login.
                   IMAGEPIC_AUTH_ANONYMOUS_READS="true")
        self.log = log = open(os.path.join(state, "service.log"), "w")
        start = time.perf_counter()
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        while time.perf_counter() - start < 120:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.label} exited with {self.proc.returncode}; see {log.name}")
            try:
                status, answer = call(self.port, "GET", "/imagepic/bucket/listBuckets", timeout=2)
                if status == 200 and answer.get("success"):
                    return time.perf_counter() - start, self.reported_start()
            except (OSError, ValueError):
                pass
            time.sleep(0.005)
        raise SystemExit(f"{self.label}: no successful listBuckets within 120 s")

    def reported_start(self):
        """Quarkus's own "started in" figure (from its JVM/process start to listening), for comparison."""
        self.log.flush()
        with open(self.log.name) as f:
            found = re.findall(r"started in ([0-9.]+)s", f.read())
        return float(found[-1]) if found else float("nan")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)

    def token(self):
        """A token of the first admin (created at start) when the build has accounts, else None."""
        status, _ = call(self.port, "POST", "/imagepic/auth/register",
                         {"name": "bench", "tfs": "fe", "email": "bench@example.com", "phone": ADMIN_PHONE,
                          "upwd": PASSWORD})
        if status == 404:
            return None
        status, answer = call(self.port, "POST", "/imagepic/auth/login", {"phone": ADMIN_PHONE, "upwd": PASSWORD})
        assert status == 200, answer
        return answer["data"]["token"]

    def workload(self):
        """1,000 uploads (or listObjects calls when there is no upload route); answers what was done."""
        token = self.token()
        auth = {"authorization": token} if token else {}
        status, answer = call(self.port, "POST", "/imagepic/bucket/makeBucket", {"bucketName": BUCKET}, auth)
        assert status in (200, 409), answer
        image = png()
        probe_body, probe_type = multipart("probe.png", image)
        status, _ = call(self.port, "POST", "/imagepic/object/putObject", probe_body,
                         dict(auth, bucket=BUCKET, folder="bench", **{"Content-Type": probe_type}))
        uploads = status != 404

        def one(i):
            if uploads:
                body, ctype = multipart(f"img-{i:05d}.png", image)
                s, a = call(self.port, "POST", "/imagepic/object/putObject", body,
                            dict(auth, bucket=BUCKET, folder="bench", **{"Content-Type": ctype}))
            else:
                s, a = call(self.port, "POST", "/imagepic/object/listObjects", {"bucketName": BUCKET}, auth)
            assert s == 200 and a.get("success"), (s, a)

        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(one, range(UPLOADS)))
        return f"{UPLOADS:,} uploads of {len(image) // 1024} KiB" if uploads else \
            f"{UPLOADS:,} listObjects calls (no upload route in this build)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xmx", default=None, help="heap limit of the JVM build (default: JVM's own)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-startbench")
    s3_port = free_port()
    props = os.path.join(work, "s3proxy.properties")
    with open(props, "w") as f:
        f.write(f"s3proxy.endpoint=http://127.0.0.1:{s3_port}\ns3proxy.authorization=aws-v2-or-v4\n"
                f"s3proxy.identity={ACCESS}\ns3proxy.credential={SECRET}\njclouds.provider=filesystem-nio2\n"
                f"jclouds.filesystem.basedir={os.path.join(work, 'objects')}\n")
    os.makedirs(os.path.join(work, "objects"))
    s3 = subprocess.Popen(["java", "-Xmx512m", "-jar", "target/s3proxy/s3proxy.jar", "--properties", props],
                          cwd=ROOT, stdout=open(os.path.join(work, "s3proxy.log"), "w"), stderr=subprocess.STDOUT)
    runners = [("JVM" + (f" -Xmx{args.xmx}" if args.xmx else ""),
                ["java"] + ([f"-Xmx{args.xmx}"] if args.xmx else []) + ["-jar", "target/quarkus-app/quarkus-run.jar"])]
    runners += [("native", [os.path.abspath(p)]) for p in glob.glob(os.path.join(ROOT, "target", "*-runner"))]
    rows = []
    try:
        wait_port(s3_port)
        for label, command in runners:
            service = Service(label, command, s3_port, work)
            times, reported = [], []
            for run in range(args.runs):
                t, r = service.start()
                times.append(t)
                reported.append(r)
                if run < args.runs - 1:
                    service.stop()
            time.sleep(10)
            idle = rss_kib(service.proc.pid)
            done = service.workload()
            time.sleep(2)
            rows.append((label, times, reported, idle, rss_kib(service.proc.pid), rss_kib(service.proc.pid, "VmHWM"), done))
            service.stop()
        print("| build | first listBuckets (s), median | runs (s) | Quarkus \"started in\" (s), median | RSS idle (MiB) | RSS after (MiB) | peak RSS (MiB) | workload |")
        print("|---|---:|---|---:|---:|---:|---:|---|")
        for label, times, reported, idle, after, peak, done in rows:
            print(f"| {label} | {statistics.median(times):.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
                  f"{statistics.median(reported):.2f} | "
                  f"{idle / 1024:.0f} | {after / 1024:.0f} | {peak / 1024:.0f} | {done} |")
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"\nMachine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; "
              f"Java {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; "
              f"load average {os.getloadavg()[0]:.1f} at the end; date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    finally:
        s3.terminate()
        s3.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
