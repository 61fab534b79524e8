package io.imagepic.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * N instances of the packaged service (target/quarkus-app/quarkus-run.jar, so run after {@code mvn package}:
 * failsafe) as N replicas of one deployment: ONE S3 server (S3Proxy), and for each instance its own state directory
 * and spool directory (a pod's own volumes: nothing is shared through files). With {@link #postgres()} they share
 * one database (a fresh one on the test JVM's {@link PostgresServer}), the way replicas run; without it each runs
 * the files backend on its own directory. Each instance keeps its port and directories across restarts.
 *
 * <p>
 * Use it as a JUnit extension ({@code @RegisterExtension}: a static field shares the instances among the
 * class's tests, an instance field gives each test fresh ones) or by hand ({@link #start()}, {@link #close()}).
 * When a test fails, the end of each instance's log is printed. Logs stay under target/packaged-instances/.
 *
 * <pre>
 * &#64;RegisterExtension
 * PackagedInstances replicas = PackagedInstances.of(2).property("imagepic.auth.bcrypt-cost", "4");
 * ...
 * replicas.get(0).call("POST", "/imagepic/auth/login", null, body, 200);
 * replicas.get(1).kill9();
 * </pre>
 */
public final class PackagedInstances
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, TestWatcher {

    public static final String S3_ACCESS_KEY = TestServers.S3.ACCESS_KEY;
    public static final String S3_SECRET_KEY = TestServers.S3.SECRET_KEY;
    /** The setting that names an instance's state directory. */
    public static final String STORE_SETTING = "imagepic.state.dir";

    /** A small heap, and the options of every JVM the tests start ({@link TestJvm}). */
    private static final List<String> JVM_OPTIONS = TestJvm.options("-Xmx160m");
    /** The packaged application (the build's fast-jar directory). */
    private static final Path APP = Path.of("target/quarkus-app");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(PackagedInstances.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int count;
    private final Map<String, String> common = new LinkedHashMap<>();
    private final Map<Integer, Map<String, String>> own = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
    private Duration startTimeout = Duration.ofSeconds(180);
    private boolean sequential;
    private Path app = APP;
    private Path workingDirectory;
    private boolean asShipped;
    private boolean postgres;
    private String database;

    private Path dir;
    private TestServers.S3 s3;
    private final List<Instance> instances = new ArrayList<>();
    private boolean classScoped;
    private boolean perTest;
    private boolean sharedByClasses;
    private boolean writesClassDataArchive;

    private PackagedInstances(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one instance");
        }
        this.count = count;
    }

    /** count instances, started by the extension callbacks or {@link #start()}. */
    public static PackagedInstances of(int count) {
        return new PackagedInstances(count);
    }

    /** A setting (-D) for every instance; overrides the harness's own. */
    public PackagedInstances property(String key, String value) {
        common.put(key, value);
        return this;
    }

    /** A setting for instance i only. */
    public PackagedInstances property(int i, String key, String value) {
        own.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    public PackagedInstances jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public PackagedInstances startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Starts the first instance alone, then the others (for first-start work such as generating keys into the
     * store, when a test is not about doing that concurrently). Default: all at once, as a Deployment does.
     */
    public PackagedInstances firstAlone() {
        this.sequential = true;
        return this;
    }

    /** Runs the application in this directory (a copy of target/quarkus-app) instead of the build's. */
    public PackagedInstances from(Path quarkusApp) {
        this.app = quarkusApp;
        return this;
    }

    /** Starts the instances in this working directory (default: the project's). */
    public PackagedInstances workingDirectory(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    /**
     * As a user starts the jar: no S3 endpoint (the service runs its embedded S3Proxy), and the state and spool in
     * their defaults under data/ of the working directory. The harness still sets the ports.
     */
    public PackagedInstances asShipped() {
        this.asShipped = true;
        return this;
    }

    /** The instances share a database of their own (state backend postgres), as replicas do. */
    public PackagedInstances postgres() {
        this.postgres = true;
        return this;
    }

    /**
     * One set of instances for every test class that registers this object (a constant of {@link SharedReplicas}):
     * the first class to run starts them, the test run's end stops them. Those classes may run at the same time, so
     * their tests neither stop an instance nor assume they are alone on it.
     */
    public PackagedInstances sharedByClasses() {
        this.sharedByClasses = true;
        return this;
    }

    /** The database the instances share ({@link #postgres()}), else null. */
    public String database() {
        return database;
    }

    /** Starts every instance (S3Proxy: the JVM's one, {@link TestServers#s3()}) and waits until each is ready. */
    public PackagedInstances start() {
        try {
            dir = Path.of("target/packaged-instances", UUID.randomUUID().toString()).toAbsolutePath();
            Files.createDirectories(dir.resolve("state"));
            if (postgres) {
                PostgresServer server = PostgresServer.get();
                database = server.newDatabase();
                common.putIfAbsent("imagepic.state.backend", "postgres");
                common.putIfAbsent("quarkus.datasource.reactive.url", server.reactiveUrl(database));
                common.putIfAbsent("quarkus.datasource.jdbc.url", server.jdbcUrl(database));
                common.putIfAbsent("quarkus.datasource.username", PostgresServer.USER);
            }
            if (!Files.isRegularFile(jar())) {
                throw new IllegalStateException(jar() + " missing: these tests run after `mvn package` (failsafe)");
            }
            if (app.equals(APP) && !writesClassDataArchive) {
                ClassDataArchive.ensure(PackagedInstances::writeClassDataArchive);
            }
            s3 = TestServers.s3();
            int[] ports = freePorts(2 * count);
            for (int i = 0; i < count; i++) {
                instances.add(new Instance(i, "i" + i, ports[2 * i], ports[2 * i + 1]));
            }
            for (Instance instance : instances) {
                instance.launch();
                if (sequential && instance.index == 0) {
                    instance.awaitReady();
                }
            }
            instances.forEach(Instance::awaitReady);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            printLogs();
            close();
            throw e;
        }
    }

    /**
     * One start of the build's package on a database (most instances run on one), the requests most tests make (a
     * login, a bucket, an upload, a read), a SIGTERM.
     */
    private static void writeClassDataArchive() {
        try (PackagedInstances writer = PackagedInstances.of(1).postgres()
                .property("imagepic.admin.phone", Tokens.ADMIN_PHONE).property("imagepic.admin.password", Tokens.PASSWORD)
                .property("imagepic.auth.bcrypt-cost", "4")) {
            writer.writesClassDataArchive = true;
            writer.start();
            Instance instance = writer.get(0);
            String admin = instance.login(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
            String bucket = "cds-" + UUID.randomUUID().toString().substring(0, 8);
            instance.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"" + bucket + "\"}", 200);
            instance.upload(admin, bucket, Map.of(), new Multipart().file("a.png", "image/png", Images.png(2_000, 1)));
            instance.send("GET", "/i/" + bucket + "/a.png", admin, null);
        } // close(): SIGTERM, and the wait while the JVM writes the archive
    }

    private Path jar() {
        return app.resolve("quarkus-run.jar").toAbsolutePath();
    }

    public Instance get(int i) {
        return instances.get(i);
    }

    public List<Instance> all() {
        return Collections.unmodifiableList(instances);
    }

    public int size() {
        return instances.size();
    }

    /** The S3 server (the JVM's one: other test classes' buckets are there too). */
    public TestServers.S3 s3() {
        return s3;
    }

    /** The first instance's state directory (the single-instance tests' store). */
    public Path store() {
        return instances.get(0).state();
    }

    /**
     * Launches one more instance with instance 0's settings and state directory, without waiting for it (a second
     * instance on a directory the first holds: it must refuse to start).
     */
    public Instance extraOnTheSameState() {
        Instance first = instances.get(0);
        int[] ports = freePorts(2);
        Instance extra = new Instance(instances.size(), "extra" + instances.size(), ports[0], ports[1]);
        extra.stateDir = first.state();
        instances.add(extra);
        extra.launch();
        return extra;
    }

    /** The spool directories' root: each instance has its own below it, as each pod has its own emptyDir. */
    public Path spool() {
        return dir.resolve("spool");
    }

    public Path dir() {
        return dir;
    }

    /** SIGTERM to every instance still running, kill -9 to those that do not exit in time (S3Proxy stays). */
    @Override
    public void close() {
        for (Instance i : instances) {
            if (i.alive()) {
                i.process.destroy();
            }
        }
        for (Instance i : instances) {
            i.stop();
        }
        instances.clear();
    }

    /**
     * Runs the packaged service once as a command (e.g. {@code import-state --from DIR}) with these settings, and
     * answers its exit code; its output goes to log.
     */
    public static int runCommand(Map<String, String> settings, Path log, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(ClassDataArchive.options());
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", APP.resolve("quarkus-run.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the command " + List.of(args) + " did not end: " + Files.readString(log));
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last lines of every instance's log, on stdout. */
    public void printLogs() {
        for (Instance i : instances) {
            List<String> lines = i.logLines();
            System.out.printf("----- %s (%s), last %d of %d log lines -----%n", i.name, i.url(),
                    Math.min(lines.size(), 80), lines.size());
            lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true; // a static field: one set of instances for the class's tests
        if (sharedByClasses) {
            context.getRoot().getStore(SHARED).getOrComputeIfAbsent(this, k -> {
                start();
                return (ExtensionContext.Store.CloseableResource) this::close;
            }, ExtensionContext.Store.CloseableResource.class);
        } else {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!sharedByClasses) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!classScoped) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogs();
    }

    /** Every port handed out in this JVM: an instance keeps its port across restarts, so none is given twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * n distinct free ports. Each socket stays open until all n are taken: one closed at once may be handed out
     * again by the next bind, and an instance given the same port for HTTP and management never gets ready.
     */
    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
                sockets.add(s);
                if (HANDED_OUT.add(s.getLocalPort())) {
                    ports[i] = s.getLocalPort();
                } else {
                    i--; // given to an instance of another class of this JVM already (they run two at a time)
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // a socket that will not close still gave its port number
                }
            }
        }
    }

    /** One replica: its process, port, log, and HTTP calls to it. */
    public final class Instance {

        private final int index;
        private final String name;
        private final int port;
        private final int managementPort;
        private final Path log;
        private Path stateDir;
        private Process process;

        private Instance(int index, String name, int port, int managementPort) {
            this.index = index;
            this.name = name;
            this.port = port;
            this.managementPort = managementPort;
            this.log = dir.resolve(name + ".log");
            this.stateDir = dir.resolve("state").resolve(name);
        }

        /** This instance's own state directory. */
        public Path state() {
            return stateDir;
        }

        public String name() {
            return name;
        }

        public int index() {
            return index;
        }

        /** Base URL of the public port, e.g. http://127.0.0.1:41234 */
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Base URL of the management interface (health, metrics) when it is enabled, else of the public port. */
        public String managementUrl() {
            return log().contains("Management interface listening") ? "http://127.0.0.1:" + managementPort : url();
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        /** This instance's own spool directory. */
        public Path spool() {
            return PackagedInstances.this.spool().resolve(name);
        }

        /** Settings as given to this instance. */
        public Map<String, String> settings() {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("quarkus.http.host", "127.0.0.1");
            s.put("quarkus.http.port", String.valueOf(port));
            s.put("quarkus.management.host", "127.0.0.1");
            s.put("quarkus.management.port", String.valueOf(managementPort));
            if (!asShipped) {
                s.put("imagepic.storage.endpoint", s3.endpoint());
                s.put("imagepic.storage.access-key", S3_ACCESS_KEY);
                s.put("imagepic.storage.secret-key", S3_SECRET_KEY);
                s.put(STORE_SETTING, stateDir.toString());
                s.put("imagepic.upload.spool-dir", spool().toString());
            }
            // every test calls from 127.0.0.1: the per-address limits are tested where a test sets them
            s.put("imagepic.auth.login.address.max-failures", "100000");
            s.put("imagepic.auth.registrations.max", "100000");
            s.putAll(common);
            s.putAll(own.getOrDefault(index, Map.of()));
            return s;
        }

        private void launch() {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            if (app.equals(APP) && jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
                command.addAll(writesClassDataArchive ? ClassDataArchive.writing() : ClassDataArchive.options());
            }
            settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", jar().toString()));
            try {
                Files.writeString(log, "===== start: " + String.join(" ", command) + System.lineSeparator(),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                process = new ProcessBuilder(command).directory(workingDirectory == null ? null : workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }

        /** Waits until the instance listens and answers its readiness check with 200. */
        public Instance awaitReady() {
            await("instance " + name + " ready").atMost(startTimeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!alive()) {
                            throw new AssertionError("instance " + name + " exited with " + process.exitValue());
                        }
                        return log().contains("Listening on: " + url())
                                && status("GET", managementUrl() + "/q/health/ready") == 200;
                    });
            return this;
        }

        /** SIGTERM: the way Kubernetes ends a pod. Does not wait. */
        public void sigterm() {
            process.destroy();
        }

        /** kill -9: no shutdown hook, nothing released. Waits until it is gone. */
        public void kill9() {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }

        /** The exit code, once the process ended within the timeout. */
        public int awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("instance " + name + " still running after " + timeout);
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Starts the instance again on the same port and directories (after it ended) and waits until ready. */
        public Instance restart() {
            if (alive()) {
                throw new IllegalStateException(name + " is still running");
            }
            launch();
            return awaitReady();
        }

        private void stop() {
            if (process == null) {
                return;
            }
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        /** The whole log so far (stdout and stderr), across restarts. */
        public String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        public List<String> logLines() {
            return log().lines().toList();
        }

        public Path logFile() {
            return log;
        }

        /** Sends a request; body is JSON when given, token goes raw into {@code authorization} like the seed's clients. */
        public HttpResponse<String> send(String method, String path, String token, String body) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                    .method(method,
                            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", "application/json");
            }
            if (token != null) {
                r.header("authorization", token);
            }
            try {
                return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + url() + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /**
         * putObject as the seed's widget sends it (multipart, field {@code file}), with the {@code bucket} header and
         * any other headers (folder, naming, overwrite...).
         */
        public HttpResponse<String> upload(String token, String bucket, Map<String, String> headers, Multipart body) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url() + "/imagepic/object/putObject"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", Multipart.contentType()).header("bucket", bucket)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(body::stream));
            if (token != null) {
                r.header("authorization", token);
            }
            headers.forEach(r::header);
            try {
                return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("upload to " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Signs in on this instance and answers the token (the tests' one login, as {@code Tokens} over HTTP). */
        public String login(String phone, String password) {
            return call("POST", "/imagepic/auth/login", null,
                    "{\"phone\":\"" + phone + "\",\"upwd\":\"" + password + "\"}", 200).path("data").path("token").asText();
        }

        /** Sends a request, checks the status, answers the parsed JSON body. */
        public JsonNode call(String method, String path, String token, String body, int expectedStatus) {
            HttpResponse<String> response = send(method, path, token, body);
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + name + path + ": expected " + expectedStatus + ", got "
                        + response.statusCode() + ": " + response.body());
            }
            try {
                return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        private int status(String method, String absoluteUrl) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(absoluteUrl)).timeout(Duration.ofSeconds(5))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** The readiness check's status now (200 ready, 503 not), or empty when it does not answer. */
        public Optional<Integer> readiness() {
            int status = status("GET", managementUrl() + "/q/health/ready");
            return status < 0 ? Optional.empty() : Optional.of(status);
        }

        @Override
        public String toString() {
            return name + "@" + url();
        }
    }
}
