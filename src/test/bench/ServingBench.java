import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Load generator of src/test/bench/serving-bench.sh: N concurrent keep-alive clients, each sending its
 * next request when the previous answer is fully read. Compares, side by side and interleaved (ABAB),
 * direct authenticated (SigV4 presigned) GETs to the S3 server with GETs through /i/..., then measures
 * 304 answers. Args: serviceBase s3Endpoint accessKey secretKey bucket [clients] [seconds] [rounds]
 */
public class ServingBench {

    static final int SIZE = 100 * 1024;
    static final int IMAGES = 64;

    public static void main(String[] args) throws Exception {
        String service = args[0], s3 = args[1], bucket = args[4];
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        int seconds = args.length > 6 ? Integer.parseInt(args[6]) : 8;
        int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;

        MinioClient minio = MinioClient.builder().endpoint(s3).region("us-east-1").credentials(args[2], args[3]).build();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        String[] direct = new String[IMAGES], proxied = new String[IMAGES], hashed = new String[IMAGES];
        Random random = new Random(1);
        for (int i = 0; i < IMAGES; i++) {
            byte[] img = new byte[SIZE];
            random.nextBytes(img);
            String key = "bench/img-" + i + ".png";
            // the same bytes under a content-addressed name (as naming: hash stores them): immutable, so the
            // service may answer them from memory
            String hashKey = "bench/" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(img)).substring(0, 32) + ".png";
            for (String k : new String[] { key, hashKey }) {
                minio.putObject(PutObjectArgs.builder().bucket(bucket).object(k).contentType("image/png")
                        .stream(new ByteArrayInputStream(img), SIZE, -1).build());
            }
            direct[i] = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket).object(key).expiry(1, TimeUnit.HOURS).build());
            proxied[i] = service + "/i/" + bucket + "/" + key;
            hashed[i] = service + "/i/" + bucket + "/" + hashKey;
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(clients));
        String etag = http.request(new RequestOptions().setAbsoluteURI(proxied[0]))
                .compose(r -> r.send()).compose(r -> r.body().map(b -> r.getHeader("ETag")))
                .toCompletionStage().toCompletableFuture().get();

        System.out.printf("# %d clients, %d KiB images, %d slice pairs of %d s, %d cores%n",
                clients, SIZE / 1024, rounds, seconds, Runtime.getRuntime().availableProcessors());
        // Warm-up, not reported: on a busy 2-core box the service's JIT compiles for tens of seconds
        // (JFR showed ~40 s of compilation in the first minute), which would be measured as serving cost.
        int warmUp = Integer.getInteger("bench.warmup", 30);
        run(http, clients, warmUp / 6, i -> get(direct[i % IMAGES]), null);
        run(http, clients, warmUp, i -> get(proxied[i % IMAGES]), null);
        run(http, clients, warmUp / 3, i -> get(proxied[0]).putHeader("If-None-Match", etag), 304);
        run(http, clients, warmUp / 3, i -> get(hashed[i % IMAGES]), null);
        // Short slices, alternating ABBA, so both sides see the same load from the rest of the machine;
        // totals per side over all slices.
        List<Result> d = new ArrayList<>(), p = new ArrayList<>(), h = new ArrayList<>();
        List<Double> ratios = new ArrayList<>(), hotRatios = new ArrayList<>();
        for (int pair = 0; pair < rounds; pair++) {
            Result a, b, c;
            if (pair % 2 == 0) {
                a = run(http, clients, seconds, i -> get(direct[i % IMAGES]), null);
                b = run(http, clients, seconds, i -> get(proxied[i % IMAGES]), null);
                c = run(http, clients, seconds, i -> get(hashed[i % IMAGES]), null);
            } else {
                c = run(http, clients, seconds, i -> get(hashed[i % IMAGES]), null);
                b = run(http, clients, seconds, i -> get(proxied[i % IMAGES]), null);
                a = run(http, clients, seconds, i -> get(direct[i % IMAGES]), null);
            }
            d.add(a);
            p.add(b);
            h.add(c);
            ratios.add(b.perSecond() / a.perSecond());
            hotRatios.add(c.perSecond() / a.perSecond());
        }
        print("direct S3 GET (SigV4)", rounds, merge(d));
        print("GET /i/... (public-read)", rounds, merge(p));
        print("GET /i/ hash-named (memory)", rounds, merge(h));
        Result nm = run(http, clients, seconds * 2, i -> get(proxied[0]).putHeader("If-None-Match", etag), 304);
        print("GET /i/... If-None-Match -> 304", 1, nm);
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("throughput /i/ vs direct: total %.2f; per slice pair median %.2f (min %.2f, max %.2f)%n",
                merge(p).perSecond() / merge(d).perSecond(), r[r.length / 2], r[0], r[r.length - 1]);
        double[] hr = hotRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("throughput hash-named /i/ (from memory) vs direct: total %.2f; per slice median %.2f (min %.2f, max %.2f)%n",
                merge(h).perSecond() / merge(d).perSecond(), hr[hr.length / 2], hr[0], hr[hr.length - 1]);
        http.close();
        vertx.close();
    }

    static RequestOptions get(String url) {
        return new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
    }

    /** CPU seconds used so far by the processes named in -Dbench.pids (service, S3 server), from /proc. */
    static double[] cpu() {
        String[] pids = System.getProperty("bench.pids", "").split(",");
        double[] out = new double[pids.length + 1];
        for (int i = 0; i < pids.length; i++) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pids[i].trim(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out[i] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
            } catch (Exception e) {
                out[i] = Double.NaN;
            }
        }
        out[pids.length] = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() / 1e9;
        return out;
    }

    record Result(long requests, long errors, long bytes, double seconds, long[] latenciesNanos, double[] cpuSeconds) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1)] / 1e6;
        }
    }

    static Result merge(List<Result> all) {
        long[] lat = all.stream().flatMapToLong(x -> Arrays.stream(x.latenciesNanos)).sorted().toArray();
        double[] cpu = new double[all.get(0).cpuSeconds.length];
        for (Result x : all) {
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += x.cpuSeconds[i];
            }
        }
        return new Result(lat.length, all.stream().mapToLong(Result::errors).sum(), all.stream().mapToLong(Result::bytes).sum(),
                all.stream().mapToDouble(Result::seconds).sum(), lat, cpu);
    }

    static void print(String what, int slices, Result r) {
        StringBuilder cpu = new StringBuilder();
        for (double c : r.cpuSeconds) {
            cpu.append(String.format(" %5.0f", c * 1e6 / Math.max(1, r.requests)));
        }
        System.out.printf("%-34s %2d slices: %8.0f req/s  %7.1f MiB/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  CPU us/req [service s3 loadgen]%s%n",
                what, slices, r.perSecond(), r.bytes / r.seconds / 1048576, r.percentileMs(0.50), r.percentileMs(0.99), r.errors, cpu);
    }

    /** Each client loops until the deadline; latency is measured from send to the last body byte. */
    static Result run(HttpClient http, int clients, int seconds, IntFunction<RequestOptions> request, Integer expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong errors = new AtomicLong(), bytes = new AtomicLong(), seq = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        double[] cpu0 = cpu();
        for (int c = 0; c < clients; c++) {
            long[][] lat = { new long[4096] };
            int[] n = { 0 };
            perClient.add(null);
            int client = c;
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= deadline) {
                    perClient.set(client, Arrays.copyOf(lat[0], n[0]));
                    done.countDown();
                    return;
                }
                long t0 = System.nanoTime();
                int want = expected == null ? 200 : expected;
                http.request(request.apply((int) seq.getAndIncrement()))
                        .compose(req -> req.send())
                        .compose(resp -> resp.body().map(b -> resp.statusCode() == want ? b.length() : -1))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result() >= 0) {
                                if (n[0] == lat[0].length) {
                                    lat[0] = Arrays.copyOf(lat[0], n[0] * 2);
                                }
                                lat[0][n[0]++] = System.nanoTime() - t0;
                                bytes.addAndGet(ar.result());
                            } else {
                                errors.incrementAndGet();
                            }
                            next[0].run();
                        });
            };
            next[0].run();
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] cpu = cpu();
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] -= cpu0[i];
        }
        long[] all = perClient.stream().filter(a -> a != null).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, errors.get(), bytes.get(), elapsed, all, cpu);
    }
}
