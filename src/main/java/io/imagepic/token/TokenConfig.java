package io.imagepic.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service tokens for in-cluster callers ({@code imagepic.tokens.*}); stored in the user store directory. */
@ConfigMapping(prefix = "imagepic.tokens")
public interface TokenConfig {

    /** Most service tokens at once; creating more answers 409. */
    @WithDefault("1000")
    int maxTokens();

    /**
     * Uploads a service token may run at once on each replica, when it was minted without its own
     * {@code maxConcurrentUploads} (a backend uploads for many people: people's limit is
     * {@code imagepic.upload.max-per-caller}). The upload memory budget still bounds all uploads together.
     */
    @WithDefault("64")
    int maxConcurrentUploads();

    /** A token's last use is written at most this often per replica (it is a hint, not an audit log). */
    @WithDefault("1m")
    Duration lastUsedResolution();

    /**
     * Paths needing each scope ({@code upload}, {@code remove}, {@code read}, {@code admin}); a trailing * matches a prefix.
     */
    Map<String, List<String>> paths();

    /** Paths any valid service token may call (e.g. /imagepic/auth/me). */
    List<String> anyScopePaths();

    /** Where service tokens are checked at all; a path in here that no scope names is refused to them (403). */
    List<String> guardedPaths();
}
