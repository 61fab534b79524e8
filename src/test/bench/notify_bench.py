#!/usr/bin/env python3
"""Notification benchmark: do listeners slow the changes they watch?

Starts the packaged service (embedded S3Proxy, state in a temp dir, small heap), signs in an admin, then
times uploads (putObject of a 2 KB PNG, one event each) in three set-ups, interleaved round by round so
machine noise hits them alike:

  none      no listener
  stalled   one listener that never reads (tiny receive window) plus one that reads
  fan-out   20 listeners reading

It reports latency per upload, the ratio to "none", whether every stalled listener got its overflow event,
whether every reading listener saw every event, and the service's peak heap.

  mvn -B package -DskipTests && python3 src/test/bench/notify_bench.py [--uploads 120 --rounds 2 --xmx 96m]
"""
import argparse, json, os, platform, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PORT = 18183
MANAGEMENT_PORT = 19183  # health and metrics: the management interface
ADMIN = "13900000001"
PASSWORD = "Bench_pass1"


def call(method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **({"authorization": token} if token else {})})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def heap_used():
    with urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/metrics", timeout=10) as r:
        text = r.read().decode()
    return sum(float(m) for m in re.findall(r'^jvm_memory_used_bytes\{area="heap".*\} (\S+)$', text, re.M))


class Listener:
    """A raw-socket SSE listener; stalled ones never read after ': ready'."""

    def __init__(self, token, stalled):
        self.sock = socket.socket()
        if stalled:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.connect(("127.0.0.1", PORT))
        self.sock.sendall(f"GET /imagepic/notification/listen HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                          f"authorization: {token}\r\n\r\n".encode())
        self.buf = b""
        while b"ready\n" not in self.buf:
            self.buf += self.sock.recv(4096)
        self.events = 0
        if not stalled:
            threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                self.buf += chunk
                self.events = self.buf.count(b"\ndata:") + self.buf.count(b"\ndata ")
        except OSError:
            return

    def drain(self, seconds=20):
        """Reads the rest (stalled listeners): returns what it got."""
        self.sock.settimeout(seconds)
        try:
            while not self.buf.endswith(b"\r\n0\r\n\r\n"):
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buf += chunk
        except OSError:
            pass
        return self.buf

    def close(self):
        self.sock.close()


def png(size):
    import struct, zlib
    raw = b"".join(b"\x00" + bytes([(x * 7 + y) % 256 for x in range(size)]) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


IMAGE = png(40)
BOUNDARY = "----notify-bench-7d93"


def upload(token, folder, name):
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + IMAGE + f"\r\n--{BOUNDARY}--\r\n".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}/imagepic/object/putObject", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                                          "authorization": token, "bucket": "bench", "folder": folder})
    with urllib.request.urlopen(req, timeout=60) as r:
        answer = json.load(r)
        assert answer["success"], answer


def run_pairs(token, pairs, tag):
    times = []
    for i in range(pairs):
        t = time.perf_counter()
        upload(token, tag, f"{i}.png")
        times.append((time.perf_counter() - t) * 1000)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=120)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--xmx", default="96m")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="imagepic-notifybench")
    env = dict(os.environ, IMAGEPIC_ACCESS_DEFAULT="all", QUARKUS_HTTP_PORT=str(PORT), QUARKUS_MANAGEMENT_PORT=str(MANAGEMENT_PORT), IMAGEPIC_STORAGE_EMBEDDED_DATA_DIR=os.path.join(work, "objects"),
               IMAGEPIC_AUTH_STORE_DIR=os.path.join(work, "users"), IMAGEPIC_ADMIN_PHONE=ADMIN, IMAGEPIC_ADMIN_PASSWORD=PASSWORD,
               # small per-listener buffers, so a stalled listener overflows within one round (~100 events)
               IMAGEPIC_NOTIFICATION_SUBSCRIBER_BUFFER="32", IMAGEPIC_NOTIFICATION_SOCKET_SEND_BUFFER="8K")
    env.pop("IMAGEPIC_STORAGE_ENDPOINT", None)
    service = subprocess.Popen(["java", f"-Xmx{args.xmx}", "-jar", "target/quarkus-app/quarkus-run.jar"],
                               cwd=ROOT, env=env, stdout=open(os.path.join(work, "service.log"), "w"),
                               stderr=subprocess.STDOUT)
    peak = [0.0]
    stop = threading.Event()
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/health/ready", timeout=2)
                break
            except Exception:
                time.sleep(0.5)
        token = call("POST", "/imagepic/auth/login", {"phone": ADMIN, "upwd": PASSWORD})["data"]["token"]
        call("POST", "/imagepic/bucket/makeBucket", {"bucketName": "bench"}, token)
        run_pairs(token, 20, "warm")

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], heap_used())
                time.sleep(0.2)
        threading.Thread(target=sample, daemon=True).start()

        results = {"none": [], "stalled": [], "fan-out": []}
        overflows, complete, expected = 0, 0, 0
        for r in range(args.rounds):
            results["none"] += run_pairs(token, args.uploads, f"n{r}")

            stalled, reader = Listener(token, True), Listener(token, False)
            results["stalled"] += run_pairs(token, args.uploads, f"s{r}")
            overflows += b"overflow" in stalled.drain()
            time.sleep(1)
            complete += reader.events >= args.uploads
            expected += 1
            stalled.close(); reader.close()

            readers = [Listener(token, False) for _ in range(20)]
            results["fan-out"] += run_pairs(token, args.uploads, f"f{r}")
            time.sleep(1)
            complete += sum(l.events >= args.uploads for l in readers)
            expected += 20
            for l in readers:
                l.close()
        stop.set()

        base = statistics.median(results["none"])
        print(f"| listeners | uploads | median (ms) | p90 (ms) | median / none |")
        print("|---|---:|---:|---:|---:|")
        for name, ts in results.items():
            ts = sorted(ts)
            print(f"| {name} | {len(ts)} | {statistics.median(ts):.1f} | {ts[int(len(ts) * 0.9)]:.1f} | "
                  f"{statistics.median(ts) / base:.2f} |")
        print(f"\nstalled listeners that got 'overflow': {overflows}/{args.rounds}; reading listeners that saw "
              f"every event: {complete}/{expected}; peak heap used {peak[0] / 2**20:.0f} MiB (-Xmx{args.xmx})")
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print(f"Machine: {os.cpu_count()} cores, {cpu}, load {os.getloadavg()[0]:.1f}, {platform.system()} "
              f"{platform.release()}; {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; "
              f"date {time.strftime('%Y-%m-%d %H:%M')}")
    finally:
        stop.set()
        service.terminate()
        service.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
