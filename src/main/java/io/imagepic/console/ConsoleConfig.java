package io.imagepic.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console served at {@code /}. */
@ConfigMapping(prefix = "imagepic.console")
public interface ConsoleConfig {

    /** {@code false}: the service answers only its API (no page at {@code /}, no {@code /console/} assets). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Extra origins the console's pages may load images from, besides its own (for example a CDN in front of
     * public buckets). {@code imagepic.serving.public-base-url} is added on its own.
     */
    Optional<java.util.List<String>> imageOrigins();
}
