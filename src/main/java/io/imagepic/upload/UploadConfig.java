package io.imagepic.upload;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and behaviour of putObject: sizes, types, naming, spool and timeouts. */
@ConfigMapping(prefix = "imagepic.upload")
public interface UploadConfig {

    /** Largest file accepted; past it the file is refused with 413 and its partial upload aborted. */
    @WithDefault("20M")
    io.quarkus.runtime.configuration.MemorySize maxFileSize();

    /** Most file parts in one request; the extra ones are refused with 413. */
    @WithDefault("20")
    int maxFiles();

    /**
     * Size of one S3 part, and so the memory one upload holds (at most two parts: one sent while the
     * next is read). Files up to this size go in a single PUT. S3 requires 5 MiB at least.
     */
    @WithDefault("5M")
    io.quarkus.runtime.configuration.MemorySize partSize();

    /** Uploads streaming into S3 at once; the others wait (their clients paused) up to {@link #idleTimeout()}. */
    @WithDefault("32")
    int maxConcurrent();

    /** Naming used when the request has no {@code naming} header: original or hash. */
    @WithDefault("original")
    Naming naming();

    /** SVG can carry script: refused unless this is on. */
    @WithDefault("false")
    boolean allowSvg();

    /** A client that sends nothing for this long gets 408 and its upload is aborted. */
    @WithDefault("30s")
    Duration idleTimeout();

    /** Bound on each request to the S3 server during an upload (one part); past it the client gets 503. */
    @WithDefault("30s")
    Duration s3Timeout();

    /** Where files are spooled when their hash must be known before they are stored (hash naming). */
    @WithDefault("data/spool")
    Path spoolDir();

    /** Spool files older than this are orphans (a crash mid-request) and are swept. */
    @WithDefault("1h")
    Duration spoolMaxAge();

    /** How often the spool sweep runs. */
    @WithDefault("10m")
    String spoolSweepEvery();

    enum Naming {
        /** The key is exactly folder/filename; an existing object is overwritten unless asked not to. */
        ORIGINAL,
        /** Content-addressed: folder/sha256-prefix.ext; identical bytes are stored once. */
        HASH;
    }
}
