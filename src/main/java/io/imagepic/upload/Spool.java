package io.imagepic.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The spool directory: files that must be complete before they are stored (their hash names them).
 * Each request deletes its own file however it ends; the sweep removes what a crash left behind. The
 * directory is this replica's own (an emptyDir per pod in Kubernetes, one directory per instance elsewhere):
 * no replica ever sweeps another's files.
 */
@ApplicationScoped
public class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class);
    static final String PREFIX = "upload-";
    static final String SUFFIX = ".spool";
    /** Spool files of uploads in progress in this process. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private final UploadConfig config;

    Spool(UploadConfig config) {
        this.config = config;
    }

    public Path dir() {
        return config.spoolDir();
    }

    /** A new, empty spool file. Blocking. */
    public Path newFile() throws IOException {
        Files.createDirectories(config.spoolDir());
        Path file = Files.createTempFile(config.spoolDir(), PREFIX, SUFFIX);
        LIVE.add(file);
        return file;
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            LIVE.remove(file);
        } catch (IOException e) {
            LOG.warnf("could not delete spool file %s (the sweep will): %s", file, e.toString());
        }
    }

    /**
     * The grace after SIGTERM is over: uploads still running are cut off with the process, so their spool files
     * go now rather than waiting for a sweep (in Kubernetes the spool is the pod's own emptyDir, gone with it).
     */
    void onShutdown(@Observes ShutdownEvent event) {
        int removed = 0;
        for (Path file : List.copyOf(LIVE)) {
            try {
                if (Files.deleteIfExists(file)) {
                    removed++;
                }
            } catch (IOException e) {
                LOG.debugf("could not delete spool file %s: %s", file, e.toString());
            }
            LIVE.remove(file);
        }
        if (removed > 0) {
            LOG.infof("shutdown: removed %d spool file(s) of uploads cut off", removed);
        }
    }

    /** Removes spool files older than the configured age: orphans of a crash or a kill mid-request. */
    @Scheduled(every = "${imagepic.upload.spool-sweep-every}", delayed = "${imagepic.upload.spool-sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepScheduled() {
        sweep();
    }

    /** Returns how many orphans were removed. */
    public int sweep() {
        Path dir = config.spoolDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(config.spoolMaxAge()));
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).compareTo(cutoff) < 0 && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.debugf("spool sweep skipped %s: %s", f, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (removed > 0) {
            LOG.infof("spool sweep removed %d orphan file(s) from %s", removed, dir);
        }
        return removed;
    }
}
