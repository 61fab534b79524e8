import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator for src/test/bench/upload-bench.sh (run by hand, not in CI). One JVM, one HTTP/1.1
 * client, the same payload bytes for both targets:
 *   direct  - PUT to the S3 server, SigV4 with a signed payload (SHA-256 of the body computed per
 *             request, as the MinIO SDK does over plain HTTP);
 *   service - multipart POST /imagepic/object/putObject to the service, which streams into the same S3.
 * Usage: java UploadBench.java <scenario> key=value...  (see the script)
 */
public class UploadBench {

    static String s3, service, accessKey, secretKey, token, bucket = "bench", region = "us-east-1";
    static long servicePid;
    static long s3Pid;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    static final String BOUNDARY = "----imagepic-bench-boundary";

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            a.put(kv[0], kv[1]);
        }
        s3 = a.get("s3");
        service = a.get("service");
        accessKey = a.get("access");
        secretKey = a.get("secret");
        token = a.get("token");
        servicePid = Long.parseLong(a.getOrDefault("pid", "0"));
        s3Pid = Long.parseLong(a.getOrDefault("s3pid", "0"));
        try {
            scenario(args[0], a);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the client's thread pools would keep the JVM alive
        }
        System.exit(0);
    }

    static void scenario(String name, java.util.Map<String, String> a) throws Exception {
        switch (name) {
            case "throughput" -> throughput(Integer.parseInt(a.get("clients")), Integer.parseInt(a.get("mib")),
                    Integer.parseInt(a.get("each")), Integer.parseInt(a.getOrDefault("rounds", "2")),
                    Integer.parseInt(a.getOrDefault("warm", "0")));
            case "latency" -> latency(Integer.parseInt(a.get("clients")), Integer.parseInt(a.get("kib")));
            case "big" -> big(Long.parseLong(a.get("mib")));
            case "floor" -> floor(a.get("targets"), Integer.parseInt(a.get("clients")), Integer.parseInt(a.get("mib")),
                    Integer.parseInt(a.get("each")), Integer.parseInt(a.getOrDefault("rounds", "2")),
                    Integer.parseInt(a.getOrDefault("warm", "0")));
            default -> throw new IllegalArgumentException(name);
        }
    }

    // --- scenarios -----------------------------------------------------------------------------------

    /** Rounds alternate direct/service so drift on a shared machine hits both alike. */
    static void throughput(int clients, int mib, int each, int rounds, int warmMib) throws Exception {
        createBucket();
        byte[] payload = png(mib * 1024 * 1024);
        // both JVMs (S3Proxy, service) get their hot paths compiled before anything is measured: C2 needs
        // thousands of calls, and a short warm-up leaves the JIT's own CPU in the measured rounds
        int warm = Math.max(2, Math.max(64, warmMib) / mib / clients);
        run("warm-up direct", clients, warm, payload, false);
        run("warm-up service", clients, warm, payload, true);
        double direct = 0, via = 0;
        long peak = 0, failed = 0;
        // CPU seconds, from /proc: {service, S3 server, this load generator} during the service rounds,
        // and the S3 server's and the generator's during the direct rounds
        double[] viaCpu = new double[3];
        double[] directCpu = new double[3];
        for (int r = 0; r < rounds; r++) {
            double[] c0 = cpu();
            double[] d = run("direct", clients, each, payload, false);
            double[] c1 = cpu();
            RssSampler rss = new RssSampler(servicePid).start();
            double[] v = run("service", clients, each, payload, true);
            double[] c2 = cpu();
            for (int i = 0; i < 3; i++) {
                directCpu[i] += c1[i] - c0[i];
                viaCpu[i] += c2[i] - c1[i];
            }
            direct += d[0];
            via += v[0];
            failed += (long) (d[1] + v[1]);
            peak = Math.max(peak, rss.stop());
        }
        double gib = (double) payload.length * clients * each * rounds / (1L << 30);
        System.out.printf("RESULT %dx%dMiB: direct %.1f MiB/s, service %.1f MiB/s, ratio %.2f, service peak RSS %d MiB, failed uploads %d%n",
                clients, mib, direct / rounds, via / rounds, via / direct, peak / 1024, failed);
        System.out.printf("RESULT %dx%dMiB CPU s per GiB: service %.2f, S3 server %.2f (direct: %.2f), load generator %.2f (direct: %.2f)%n",
                clients, mib, viaCpu[0] / gib, viaCpu[1] / gib, directCpu[1] / gib, viaCpu[2] / gib, directCpu[2] / gib);
    }

    /**
     * The service beside the floor: the same uploads through each target, rounds rotating the order so drift on
     * a shared machine hits all alike. A target is {@code name|kind|url|pid[|token]}: kind {@code direct} (signed PUTs
     * to url, the S3 server or a proxy in front of it), {@code form} (multipart POSTs to url/bucket/key with an
     * x-file-length header: a bare pipe) or {@code service} (putObject). CPU per GiB is the target process's
     * (for direct PUTs to the S3 server: none), from /proc, over that target's rounds only.
     */
    static void floor(String spec, int clients, int mib, int each, int rounds, int warmMib) throws Exception {
        createBucket();
        byte[] payload = png(mib * 1024 * 1024);
        List<Target> targets = new ArrayList<>();
        for (String t : spec.split(",")) {
            String[] f = t.split("\\|");
            targets.add(new Target(f[0], f[1], f[2], Long.parseLong(f[3]), f.length > 4 ? f[4] : token));
        }
        // Steady state for every target alike (the service and each floor reference): first the fixed warm-up
        // (WARM_MIB), then warm-up rounds of the measured size until two in a row cost the same CPU per GiB within
        // STEADY (default 10 %), at most MAX_WARM_ROUNDS (default 8) of them. C2 compiles the hot paths only after
        // thousands of calls; a round measured before that charges the JIT's own CPU to the target (the bare pipe
        // cost 4.0 CPU-s/GiB in one short round against 1.4-2.0 warm).
        int warm = Math.max(2, Math.max(64, warmMib) / mib / clients);
        double steady = Double.parseDouble(System.getProperty("bench.steady", "0.10"));
        int maxWarmRounds = Integer.getInteger("bench.maxWarmRounds", 8);
        double roundGib = (double) payload.length * clients * each / (1L << 30);
        for (Target t : targets) {
            t.run("warm-up", clients, warm, payload);
            if (t.pid <= 0) {
                continue; // direct PUTs: no process of its own to settle
            }
            double previous = Double.NaN;
            for (int w = 1; w <= maxWarmRounds; w++) {
                double c0 = cpuSeconds(t.pid);
                t.run("warm-" + w, clients, each, payload);
                double perGib = (cpuSeconds(t.pid) - c0) / roundGib;
                System.out.printf("  %-22s warm-%d    %.2f CPU s/GiB%n", t.name, w, perGib);
                if (Math.abs(perGib - previous) <= steady * previous) {
                    break;
                }
                previous = perGib;
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get((i + r) % targets.size());
                double[] c0 = { cpuSeconds(t.pid), cpuSeconds(s3Pid), sysSeconds(t.pid) };
                RssSampler rss = t.pid > 0 ? new RssSampler(t.pid).start() : null;
                double[] v = t.run("round-" + r, clients, each, payload);
                t.cpu += cpuSeconds(t.pid) - c0[0];
                t.sys += sysSeconds(t.pid) - c0[2];
                t.s3cpu += cpuSeconds(s3Pid) - c0[1];
                t.mibs += v[0];
                t.failed += (long) v[1];
                t.peak = Math.max(t.peak, rss == null ? 0 : rss.stop());
            }
        }
        double gib = (double) payload.length * clients * each * rounds / (1L << 30);
        double directMibs = targets.stream().filter(t -> t.kind.equals("direct") && t.pid == 0).mapToDouble(t -> t.mibs)
                .findFirst().orElse(Double.NaN) / rounds;
        System.out.printf("RESULT %dx%dMiB, %d rounds of %d each per target (%.2f GiB each):%n", clients, mib, rounds, each, gib);
        System.out.printf("RESULT   %-22s %9s %8s %12s %10s %12s %9s %7s%n", "target", "MiB/s", "/direct", "CPU s/GiB",
                "(of it sys)", "S3 CPU s/GiB", "peak RSS", "failed");
        for (Target t : targets) {
            System.out.printf("RESULT   %-22s %9.1f %8.2f %12s %10s %12.2f %8dM %7d%n", t.name, t.mibs / rounds,
                    t.mibs / rounds / directMibs, t.pid > 0 ? String.format("%.2f", t.cpu / gib) : "-",
                    t.pid > 0 ? String.format("%.2f", t.sys / gib) : "-", t.s3cpu / gib, t.peak / 1024, t.failed);
        }
    }

    /** One way into the S3 server, measured in {@link #floor}. */
    static final class Target {
        final String name, kind, url, token;
        final long pid;
        double cpu, sys, s3cpu, mibs;
        long failed, peak;

        Target(String name, String kind, String url, long pid, String token) {
            this.name = name;
            this.kind = kind;
            this.url = url;
            this.pid = pid;
            this.token = token;
        }

        double[] run(String round, int clients, int each, byte[] payload) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            AtomicLong failures = new AtomicLong();
            long runNo = RUNS.incrementAndGet();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        String key = name + "/" + runNo + "/" + id + "-" + i + ".png";
                        int status = switch (kind) {
                            case "direct" -> direct(url, payload, key);
                            case "form" -> form(url, payload, key);
                            case "service" -> viaService(url, token, payload, key);
                            default -> throw new IllegalArgumentException(kind);
                        };
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            long t0 = System.nanoTime();
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            double mibs = (double) payload.length * clients * each / (1024 * 1024) / secs;
            System.out.printf("  %-22s %-9s %3d clients x %3d x %6d KiB: %7.1f MiB/s (%.2f s, %d failed)%n", name, round,
                    clients, each, payload.length / 1024, mibs, secs, failures.get());
            return new double[] { mibs, failures.get() };
        }
    }

    /** A multipart POST of one file to a bare pipe ({@code FloorPipe}), which PUTs it to {@code /bucket/key}. */
    static int form(String base, byte[] payload, String key) throws Exception {
        int slash = key.lastIndexOf('/');
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + key.substring(slash + 1)
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + bucket + "/" + key))
                .header("content-type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("x-file-length", Integer.toString(payload.length))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(
                        List.of(head, payload, tail)), (long) head.length + payload.length + tail.length)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("form " + base + " " + r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }

    /** All clients start together, one upload each; per-request latency percentiles. */
    static void latency(int clients, int kib) throws Exception {
        createBucket();
        byte[] payload = png(kib * 1024);
        run("warm-up service", 16, 2, payload, true);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<long[]>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            fs.add(pool.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                int status = viaService(payload, "lat/" + id + ".png");
                return new long[] { System.nanoTime() - t0, status };
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        List<Long> ms = new ArrayList<>();
        int ok = 0;
        for (Future<long[]> f : fs) {
            long[] r = f.get();
            ms.add(r[0] / 1_000_000);
            if (r[1] == 200) {
                ok++;
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        Collections.sort(ms);
        System.out.printf("RESULT %dx%dKiB: %d/%d succeeded in %d ms, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                clients, kib, ok, clients, wall, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.get(ms.size() - 1));
        pool.shutdown();
    }

    /** One large upload generated on the fly; RSS of the service before and after. */
    static void big(long mib) throws Exception {
        createBucket();
        uploadGenerated(64, "warm-up.png"); // "before" is a service that has already taken a large upload
        long before = rssAfter(2); // the heap settled after the warm-up
        RssSampler sampler = new RssSampler(servicePid).start();
        long t0 = System.nanoTime();
        HttpResponse<String> r = uploadGenerated(mib, "big.png");
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = sampler.stop();
        long after = rssAfter(3);
        System.out.printf("RESULT %d MiB upload: HTTP %d in %.1f s (%.0f MiB/s); service RSS before %d MiB, peak %d MiB, after %d MiB (delta %+d MiB)%n",
                mib, r.statusCode(), secs, mib / secs, before / 1024, peak / 1024, after / 1024, (after - before) / 1024);
        if (r.statusCode() != 200) {
            System.out.println(r.body());
        }
    }

    static HttpResponse<String> uploadGenerated(long mib, String name) throws Exception {
        long size = mib * 1024 * 1024;
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        InputStream body = new java.io.SequenceInputStream(Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), new Generated(size),
                new java.io.ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
        return HTTP.send(HttpRequest.newBuilder(URI.create(service + "/imagepic/object/putObject"))
                .header("content-type", "multipart/form-data; boundary=" + BOUNDARY).header("bucket", bucket)
                .header("authorization", token)
                .header("folder", "big").POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // --- clients -------------------------------------------------------------------------------------

    static final AtomicLong RUNS = new AtomicLong();

    /** Returns {MiB/s, failures}. */
    static double[] run(String label, int clients, int each, byte[] payload, boolean viaService) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong failures = new AtomicLong();
        // new keys in every run: images are uploaded once; an overwrite is another path (a create-only PUT
        // refused, a HEAD, then the conditional replacement) and costs more on both sides
        long runNo = RUNS.incrementAndGet();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            tasks.add(() -> {
                for (int i = 0; i < each; i++) {
                    String key = label.replace(' ', '-') + "/" + runNo + "/" + id + "-" + i + ".png";
                    int status = viaService ? viaService(payload, key) : direct(payload, key);
                    if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double mibs = (double) payload.length * clients * each / (1024 * 1024) / secs;
        System.out.printf("  %-16s %3d clients x %3d x %6d KiB: %7.1f MiB/s (%.2f s, %d failed)%n", label, clients, each,
                payload.length / 1024, mibs, secs, failures.get());
        return new double[] { mibs, failures.get() };
    }

    static int viaService(byte[] payload, String key) throws Exception {
        return viaService(service, token, payload, key);
    }

    static int viaService(String service, String token, byte[] payload, String key) throws Exception {
        int slash = key.lastIndexOf('/');
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + key.substring(slash + 1)
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/imagepic/object/putObject"))
                .header("content-type", "multipart/form-data; boundary=" + BOUNDARY).header("bucket", bucket)
                .header("authorization", token)
                .header("folder", key.substring(0, slash))
                // with a Content-Length, as browsers send forms (no chunked encoding)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(
                        List.of(head, payload, tail)), (long) head.length + payload.length + tail.length)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("service " + r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }

    static int direct(byte[] payload, String key) throws Exception {
        return direct(s3, payload, key);
    }

    /** A signed PUT to base (the S3 server, or a proxy that passes the Host header on). */
    static int direct(String base, byte[] payload, String key) throws Exception {
        HttpResponse<String> r = HTTP.send(signed(base, "PUT", "/" + bucket + "/" + key, payload),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("direct " + r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }

    static void createBucket() throws Exception {
        HttpResponse<String> r = HTTP.send(signed("PUT", "/" + bucket, new byte[0]), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 409) {
            throw new IllegalStateException("make bucket: " + r.statusCode() + " " + r.body());
        }
    }

    /** AWS Signature V4 with the payload's SHA-256 signed (UNSIGNED-PAYLOAD is not what the SDK sends over HTTP). */
    static HttpRequest signed(String method, String path, byte[] body) throws Exception {
        return signed(s3, method, path, body);
    }

    static HttpRequest signed(String base, String method, String path, byte[] body) throws Exception {
        URI uri = URI.create(base + path);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String day = amzDate.substring(0, 8);
        String payloadHash = hex(MessageDigest.getInstance("SHA-256").digest(body));
        String host = uri.getHost() + ":" + uri.getPort();
        String canonical = method + "\n" + uri.getRawPath() + "\n\nhost:" + host + "\nx-amz-content-sha256:" + payloadHash
                + "\nx-amz-date:" + amzDate + "\n\nhost;x-amz-content-sha256;x-amz-date\n" + payloadHash;
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(hmac(hmac(key, region), "s3"), "aws4_request");
        String signature = hex(hmac(key, toSign));
        return HttpRequest.newBuilder(uri)
                .header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // --- helpers -------------------------------------------------------------------------------------

    static byte[] png(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        byte[] magic = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** CPU seconds used so far by {service, S3 server, this JVM}; 0 for a process not given. */
    static double[] cpu() {
        return new double[] { cpuSeconds(servicePid), cpuSeconds(s3Pid),
                ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0) };
    }

    /** utime + stime of a process (and its reaped children are not counted), in seconds; USER_HZ is 100 on Linux. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** stime of a process (CPU in the kernel on its behalf), in seconds. */
    static double sysSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) / 100.0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Resident set size in KiB, from /proc. */
    static long rss(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** Samples a process's RSS every 50 ms; stop() returns the peak seen. */
    static final java.util.concurrent.ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    /** The service's RSS, read that many seconds from now. */
    static long rssAfter(int seconds) throws Exception {
        return TIMER.schedule(() -> rss(servicePid), seconds, java.util.concurrent.TimeUnit.SECONDS).get();
    }

    /** Samples the RSS every 50 ms until stopped; the peak. */
    static final class RssSampler {
        final long pid;
        final AtomicLong peak = new AtomicLong();
        java.util.concurrent.ScheduledFuture<?> sampling;

        RssSampler(long pid) {
            this.pid = pid;
        }

        RssSampler start() {
            sampling = TIMER.scheduleAtFixedRate(() -> peak.accumulateAndGet(rss(pid), Math::max), 0, 50,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return this;
        }

        long stop() throws InterruptedException {
            sampling.cancel(false);
            return peak.accumulateAndGet(rss(pid), Math::max);
        }
    }

    /** A PNG-looking stream of {@code size} pseudo-random bytes, generated as it is read. */
    static final class Generated extends InputStream {
        final long size;
        long pos;
        final Random random = new Random(7);
        final byte[] block = new byte[64 * 1024];

        Generated(long size) {
            this.size = size;
            random.nextBytes(block);
            System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }, 0, block, 0, 8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            int at = (int) (pos % block.length);
            n = Math.min(n, block.length - at);
            System.arraycopy(block, at, b, off, n);
            pos += n;
            return n;
        }
    }
}
