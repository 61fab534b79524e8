package io.imagepic.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP edge ({@code imagepic.http.*}). */
@ConfigMapping(prefix = "imagepic.http")
public interface WebConfig {

    /**
     * Largest body of a JSON route (every Quarkus REST resource): a larger one is answered 413 before it is read,
     * chunked ones as soon as they pass it. Uploads stream through routes of their own, with their own caps.
     */
    @WithDefault("64K")
    MemorySize maxJsonBody();
}
