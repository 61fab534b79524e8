package io.imagepic.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A class-data archive of the packaged service for the test JVM's instances: the first instance writes it as it
 * exits ({@code -XX:ArchiveClassesAtExit}), the instances after it map its classes instead of loading and verifying
 * them again, about a sixth less CPU per start (docs/benchmarks.md, "startup-cpu.sh"). An instance ended with
 * kill -9 writes none; the next one to start tries again. Made afresh in each test JVM, so it always matches the
 * build's package; with {@code -Xshare:auto} an archive the JVM cannot use is ignored, never an error.
 */
final class ClassDataArchive {

    private static final Path FILE = Path.of("target/packaged-instances/quarkus-run.jsa").toAbsolutePath();
    private static final Path PARTIAL = FILE.resolveSibling("quarkus-run.jsa.part");
    /** The instance writing the archive, if one is. */
    private static final AtomicReference<Object> WRITER = new AtomicReference<>();

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

    /** The JVM options for an instance of the build's package: use the archive, or write it, or neither yet. */
    static List<String> options(Object instance) {
        // the archive's own warnings (classes it skips) would fill the instance's log
        if (Files.isRegularFile(FILE)) {
            return List.of("-XX:SharedArchiveFile=" + FILE, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        if (instance != null && WRITER.compareAndSet(null, instance)) {
            return List.of("-XX:ArchiveClassesAtExit=" + PARTIAL, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        return List.of();
    }

    /** After an instance's process ended: if it was writing the archive, the archive is ready (or not written). */
    static void exited(Object instance) {
        if (WRITER.get() != instance) {
            return;
        }
        try {
            if (Files.isRegularFile(PARTIAL) && Files.size(PARTIAL) > 0) {
                Files.move(PARTIAL, FILE, StandardCopyOption.ATOMIC_MOVE);
            } else {
                WRITER.set(null);
            }
        } catch (IOException e) {
            WRITER.set(null);
        }
    }
}
