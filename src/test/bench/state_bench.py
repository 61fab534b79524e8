#!/usr/bin/env python3
"""State benchmark: does a request cost the same on a full store as on an empty one, on both backends?

For each backend (files, postgres) and each store size (empty, seeded), starts the packaged service with its
embedded S3Proxy, a member account with a write grant on one bucket, and a webhook target whose receiver never
answers in time (so every upload queues a delivery that stays pending), then measures, interleaving nothing else:

  - p50/p99 of an authenticated listObjects (the member's JWT: credential check, grant check, S3 listing);
  - p50/p99 of a 100 KiB putObject (the same, plus the upload, one queued webhook delivery and the change feed);
  - postgres: SQL statements per request, from /q/metrics (imagepic_state_statements_total) before and after;
  - the enqueue cost: the putObject time with 0 and with --pending deliveries already queued.

Seeded: --accounts accounts (default 100,000), --buckets buckets x 5 members (10,000 x 5), --pending pending
deliveries (100,000), written straight into the store (SQL for postgres; the files backend's own layout for files)
before the service starts. PostgreSQL is Debian's (/usr/lib/postgresql/15/bin), started by this script in a temp
directory (as the user postgres when run as root).

  mvn -B package -DskipTests && python3 src/test/bench/state_bench.py [--requests 400] [--scale 1.0]
      [--backends files,postgres] [--pin-service 1 --pin-load 0]

--scale 0.01 makes a quick sanity run. Pinning (taskset) follows the brief: the service on one core, the load
generator, S3Proxy and PostgreSQL on the other.
"""
import argparse, base64, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time, urllib.request
import uuid, http.server, threading, socket

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PG_BIN = "/usr/lib/postgresql/15/bin"
ADMIN, MEMBER, PASSWORD = "13900000000", "13800000001", "Bench_pw_1"
BUCKET = "bench"
# bcrypt cost 4 of "Bench_pw_1" is made by the service itself at start (admin) or registration (member)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def taskset(cpu):
    return ["taskset", "-c", str(cpu)] if cpu is not None and shutil.which("taskset") else []


def run_as_postgres(cmd, **kw):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


class Postgres:
    def __init__(self, work, cpu):
        self.dir = os.path.join(work, "pg")
        os.makedirs(self.dir)
        if os.geteuid() == 0:
            os.chmod(work, 0o755)
            subprocess.run(["chown", "-R", "postgres", self.dir], check=True)
        self.port = free_port()
        run_as_postgres([PG_BIN + "/initdb", "-D", self.dir + "/data", "-U", "imagepic", "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-sync"])
        opts = f"-p {self.port} -h 127.0.0.1 -k {self.dir} -c max_connections=200"
        run_as_postgres(taskset(cpu) + [PG_BIN + "/pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/log", "-o", opts,
                                        "-w", "start"])

    def psql(self, db, sql):
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "imagepic", "-d", db, "-q", "-v",
                        "ON_ERROR_STOP=1"], input=sql.encode(), check=True, capture_output=True)

    def new_db(self, name):
        self.psql("postgres", f"create database {name};")
        return name

    def settings(self, db):
        return {"IMAGEPIC_STATE_BACKEND": "postgres",
                "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:{self.port}/{db}",
                "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:{self.port}/{db}",
                "QUARKUS_DATASOURCE_USERNAME": "imagepic"}

    def stop(self):
        run_as_postgres([PG_BIN + "/pg_ctl", "-D", self.dir + "/data", "-m", "immediate", "stop"])


def seed_postgres(pg, db, accounts, buckets, pending, target):
    """After the service migrated the schema: bulk rows in SQL."""
    pg.psql(db, f"""
insert into accounts (id, phone, credential_version, doc)
select 'seed-' || i, '150' || lpad(i::text, 8, '0'), 1,
       jsonb_build_object('id', 'seed-' || i, 'phone', '150' || lpad(i::text, 8, '0'), 'name', 'seed',
                          'passwordHash', 'x', 'credentialVersion', 1, 'createdAt', '2026-01-01T00:00:00Z',
                          'updatedAt', '2026-01-01T00:00:00Z', 'temporary', false)
from generate_series(1, {accounts}) i;
insert into bucket_members (bucket, user_id, doc)
select 'seed-bucket-' || b, 'seed-' || (b * 5 + m),
       jsonb_build_object('bucket', 'seed-bucket-' || b, 'userId', 'seed-' || (b * 5 + m), 'phone', 'x',
                          'role', 'read', 'grantedBy', 'bench', 'grantedAt', '2026-01-01T00:00:00Z')
from generate_series(1, {buckets}) b, generate_series(0, 4) m;
insert into webhook_deliveries (target_id, event_id, event_type, body, created, next_attempt)
select '{target}', 'seed-' || i, 's3:ObjectCreated:Put', '{{}}', now(), now() + interval '1 day'
from generate_series(1, {pending}) i;
update webhook_targets set pending = pending + {pending} where id = '{target}';
analyze;
""")


def seed_files(state, accounts, buckets, pending, target):
    """While the service is stopped: the files backend's layout (what it reads at start)."""
    def write(path, data):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    for i in range(1, accounts + 1):
        phone = "150%08d" % i
        doc = {"id": f"seed-{i}", "phone": phone, "name": "seed", "passwordHash": "x", "credentialVersion": 1,
               "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z", "temporary": False}
        write(os.path.join(state, "users", phone, "%019d" % 1), json.dumps(doc).encode())
    for b in range(1, buckets + 1):
        for m in range(5):
            user = f"seed-{b * 5 + m}"
            doc = {"bucket": f"seed-bucket-{b}", "userId": user, "phone": "x", "role": "read", "grantedBy": "bench",
                   "grantedAt": "2026-01-01T00:00:00Z"}
            write(os.path.join(state, "bucket-members", f"seed-bucket-{b}%2F{user}.json"), json.dumps(doc).encode())
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
    for i in range(1, pending + 1):
        item = f"{target}.{int(time.time() * 1000):013d}.{i:09d}.seed-{i}"
        doc = {"id": item, "targetId": target, "eventId": f"seed-{i}", "eventType": "s3:ObjectCreated:Put", "body": "{}",
               "attempts": 0, "created": "2026-01-01T00:00:00Z", "nextAttempt": later}
        write(os.path.join(state, "notifications", "pending", item), json.dumps(doc).encode())


class Receiver:
    """Takes every webhook POST and never answers in time: deliveries stay pending (retried later)."""
    def __init__(self):
        class Slow(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                time.sleep(30)

            def log_message(self, *a):
                pass
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def call(port, method, path, body=None, token=None, raw=None, headers=None):
    h = dict(headers or {})
    if token:
        h["authorization"] = token
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=h, method=method)
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        answer = r.read()
    return answer, time.perf_counter() - start


def multipart(name, payload):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def png(size):
    # a valid PNG header followed by filler: the service sniffs the type, S3 stores the bytes
    head = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    return head + os.urandom(max(0, size - len(head)))


def statements(mport):
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{mport}/q/metrics", timeout=10).read().decode()
    except Exception:
        return None
    for line in text.splitlines():
        # work="requests": what requests cost; the webhook delivery loop's statements (work="deliveries") run beside
        # them (here: retries of the receiver that never answers in time) and are not a request's cost
        if line.startswith("imagepic_state_statements_total") and 'work="requests"' in line:
            return float(line.split()[-1])
    return None


def start_service(work, name, env_extra, cpu):
    port, mport = free_port(), free_port()
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_MANAGEMENT_PORT=str(mport),
               IMAGEPIC_STORAGE_EMBEDDED_DATA_DIR=os.path.join(work, name, "objects"),
               IMAGEPIC_STATE_DIR=os.path.join(work, name, "state"), IMAGEPIC_ADMIN_PHONE=ADMIN,
               IMAGEPIC_ADMIN_PASSWORD=PASSWORD, IMAGEPIC_AUTH_BCRYPT_COST="4", IMAGEPIC_ACCESS_DEFAULT="granted",
               IMAGEPIC_NOTIFICATION_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", IMAGEPIC_NOTIFICATION_WEBHOOK_MAX_PENDING="1000000",
               IMAGEPIC_NOTIFICATION_WEBHOOK_MAX_QUEUED="1000000", IMAGEPIC_NOTIFICATION_WEBHOOK_TIMEOUT="2s",
               IMAGEPIC_NOTIFICATION_WEBHOOK_CLAIM_TIMEOUT="10s", **env_extra)
    env.pop("IMAGEPIC_STORAGE_ENDPOINT", None)
    log = open(os.path.join(work, name + ".log"), "a")
    p = subprocess.Popen(taskset(cpu) + ["java", "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar"], cwd=ROOT,
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        if p.poll() is not None:
            raise SystemExit(f"{name} exited; see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{mport}/q/health/ready", timeout=2)
            return p, port, mport
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{name} did not become ready")


def stop(p):
    p.terminate()
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()


def login(port, phone):
    answer, _ = call(port, "POST", "/imagepic/auth/login", {"phone": phone, "upwd": PASSWORD})
    return json.loads(answer)["data"]["token"]


def prepare(port):
    """Admin, bucket, member with a write grant, a webhook on the bucket; answers the member's token."""
    admin = login(port, ADMIN)
    try:
        call(port, "POST", "/imagepic/bucket/makeBucket", {"bucketName": BUCKET}, admin)
    except urllib.error.HTTPError:
        pass
    try:
        call(port, "POST", "/imagepic/auth/admin/register", {"phone": MEMBER, "upwd": PASSWORD, "email": "b@example.com"},
             admin)
    except urllib.error.HTTPError:
        pass
    call(port, "POST", "/imagepic/bucket/members", {"bucketName": BUCKET, "member": MEMBER, "role": "write"}, admin)
    return admin, login(port, MEMBER)


def measure(port, mport, token, requests):
    payload = png(100 * 1024)
    for i in range(30):  # warm-up
        call(port, "POST", "/imagepic/object/listObjects", {"bucketName": BUCKET}, token)
    s0 = statements(mport)
    lists = [call(port, "POST", "/imagepic/object/listObjects", {"bucketName": BUCKET, "prefix": "none/"}, token)[1]
             for _ in range(requests)]
    s1 = statements(mport)
    puts = []
    for i in range(requests // 4):
        body, headers = multipart(f"p{i}-{uuid.uuid4().hex[:6]}.png", payload)
        puts.append(call(port, "POST", "/imagepic/object/putObject", raw=body, token=token,
                         headers=dict(headers, bucket=BUCKET))[1])
    s2 = statements(mport)
    per_list = None if s0 is None else (s1 - s0) / requests
    per_put = None if s1 is None else (s2 - s1) / (requests // 4)
    return lists, puts, per_list, per_put


def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p))] * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--backends", default="files,postgres")
    ap.add_argument("--pin-service", type=int, default=None)
    ap.add_argument("--pin-load", type=int, default=None)
    args = ap.parse_args()
    accounts, buckets, pending = int(100_000 * args.scale), int(10_000 * args.scale), int(100_000 * args.scale)
    if args.pin_load is not None and shutil.which("taskset"):
        os.sched_setaffinity(0, {args.pin_load})
    work = tempfile.mkdtemp(prefix="imagepic-statebench")
    receiver = Receiver()
    pg = None
    rows = []
    try:
        for backend in args.backends.split(","):
            for size in ("empty", "seeded"):
                name = f"{backend}-{size}"
                env = {}
                if backend == "postgres":
                    pg = pg or Postgres(work, args.pin_load)
                    env = pg.settings(pg.new_db(name.replace("-", "_")))
                p, port, mport = start_service(work, name, env, args.pin_service)
                try:
                    admin, token = prepare(port)
                    answer, _ = call(port, "POST", "/imagepic/notification/webhooks",
                                     {"url": receiver.url(), "bucket": BUCKET}, admin)
                    hook = json.loads(answer)["data"]["id"]
                    if size == "seeded" and backend == "postgres":
                        seed_postgres(pg, env["QUARKUS_DATASOURCE_REACTIVE_URL"].rsplit("/", 1)[1], accounts, buckets,
                                      pending, hook)
                    elif size == "seeded":  # the files backend reads its directory at start: seed it, start again
                        stop(p)
                        seed_files(os.path.join(work, name, "state"), accounts, buckets, pending, hook)
                        p, port, mport = start_service(work, name, env, args.pin_service)
                        admin, token = prepare(port)
                    lists, puts, per_list, per_put = measure(port, mport, token, args.requests)
                    rows.append((name, lists, puts, per_list, per_put))
                    print(f"{name:18} listObjects p50 {pct(lists, .5):7.2f} ms p99 {pct(lists, .99):7.2f} ms"
                          f" | putObject 100 KiB p50 {pct(puts, .5):7.2f} ms p99 {pct(puts, .99):7.2f} ms"
                          + ("" if per_list is None else f" | SQL per list {per_list:.2f}, per put {per_put:.2f}"),
                          flush=True)
                finally:
                    stop(p)
    finally:
        if pg:
            pg.stop()
        receiver.server.shutdown()
    print(f"\n{platform.node()} {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"seeded = {accounts} accounts, {buckets} x 5 members, {pending} pending deliveries")
    for backend in args.backends.split(","):
        empty = next(r for r in rows if r[0] == f"{backend}-empty")
        seeded = next(r for r in rows if r[0] == f"{backend}-seeded")
        for what, i in (("listObjects", 1), ("putObject", 2)):
            for p in (.5, .99):
                ratio = pct(seeded[i], p) / pct(empty[i], p)
                print(f"{backend:8} {what:11} p{int(p * 100):<2} seeded/empty {ratio:5.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
