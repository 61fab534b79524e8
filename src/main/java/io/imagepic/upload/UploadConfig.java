package io.imagepic.upload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Memory the uploads of this replica may hold in part buffers, all together. Default: half the
     * maximum heap. An upload is admitted only if this still covers one part of it (or the whole file, if the
     * request says it is smaller); past it, callers get 503 with Retry-After instead of waiting.
     */
    Optional<io.quarkus.runtime.configuration.MemorySize> memory();

    /** Uploads (requests) one caller may run at once on this replica; more get 429 with Retry-After. */
    @WithDefault("8")
    int maxPerCaller();

    /** Naming used when the request has no {@code naming} header: original or hash. */
    @WithDefault("original")
    Naming naming();

    /** SVG can carry script: refused unless this is on. */
    @WithDefault("false")
    boolean allowSvg();

    /**
     * A client that sends nothing for this long gets 408 and its upload is aborted (time the service holds
     * the client back, while S3 takes a part, does not count).
     */
    @WithDefault("30s")
    Duration idleTimeout();

    /** A file must arrive whole within this time of its first byte; past it: 408, upload aborted. */
    @WithDefault("10m")
    Duration fileDeadline();

    /**
     * Slowest transfer accepted, in bytes per second, averaged over {@link #minRateWindow()} (time the
     * service holds the client back does not count): a client that drips bytes gets 408.
     */
    @WithDefault("16K")
    io.quarkus.runtime.configuration.MemorySize minRate();

    /** The window over which {@link #minRate()} is averaged: a client may pause within it, not for all of it. */
    @WithDefault("30s")
    Duration minRateWindow();

    /**
     * Lifetime of the signed link an upload to a private bucket answers (its {@code url}), so the page that
     * uploaded can show the image at once. Public-read buckets get the permanent link.
     */
    @WithDefault("1d")
    Duration linkLifetime();

    /**
     * Where hash-named files larger than one part are spooled: their key, the hash of their bytes, is known
     * only at their end. (Smaller ones wait in memory.)
     */
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
