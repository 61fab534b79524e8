package io.imagepic.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class-data archive of the packaged service for the test JVM's instances: they map its classes instead of
 * loading and verifying them again, about a sixth less CPU per start (docs/benchmarks.md, "startup-cpu.sh"). Before
 * the JVM's first instance starts, one start of its own writes it ({@code -XX:ArchiveClassesAtExit}): up, a login,
 * an upload and a read (the request paths' classes), a SIGTERM. Not the first instance of a test: that may be refused
 * at start (an archive of half the classes) or shared until the run ends (an archive too late for any other). Made
 * afresh in each test JVM, so it always matches the build's package; with {@code -Xshare:auto} an archive the JVM
 * cannot use is ignored, never an error, and without one the instances start as they would anyway.
 */
final class ClassDataArchive {

    private static final Path FILE = Path.of("target/packaged-instances/quarkus-run.jsa").toAbsolutePath();
    private static final Path PARTIAL = FILE.resolveSibling("quarkus-run.jsa.part");
    // the archive's own warnings (classes it skips) would fill the instance's log
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static boolean attempted;

    static {
        try {
            Files.deleteIfExists(FILE); // an earlier build's
            Files.deleteIfExists(PARTIAL);
            Files.createDirectories(FILE.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ClassDataArchive() {
    }

    /** The JVM options for an instance of the build's package: the archive's, once there is one. */
    static List<String> options() {
        if (!Files.isRegularFile(FILE)) {
            return List.of();
        }
        return concat(List.of("-XX:SharedArchiveFile=" + FILE, "-Xshare:auto"));
    }

    /** The JVM options of the start that writes it. */
    static List<String> writing() {
        return concat(List.of("-XX:ArchiveClassesAtExit=" + PARTIAL));
    }

    /**
     * Writes the archive with {@code writer} (a start, some requests, a stop) if no one tried yet in this JVM; the
     * instances asking meanwhile wait for it. A writer that fails leaves no archive, and fails nothing.
     */
    static synchronized void ensure(Runnable writer) {
        if (attempted) {
            return;
        }
        attempted = true;
        try {
            writer.run();
            if (Files.isRegularFile(PARTIAL) && Files.size(PARTIAL) > 0) {
                Files.move(PARTIAL, FILE, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            System.out.println("No class-data archive for the packaged instances: " + e);
        }
    }

    private static List<String> concat(List<String> options) {
        return Stream.concat(options.stream(), QUIET.stream()).toList();
    }
}
