package io.imagepic.state;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service's own state on a volume every replica shares (a ReadWriteMany PersistentVolumeClaim in
 * Kubernetes): accounts, service tokens, keys, bucket policies, webhooks. Formerly
 * {@code imagepic.auth.store-dir}, a name that still works for one release.
 */
@ConfigMapping(prefix = "imagepic.state")
public interface StateConfig {

    /** The state directory. */
    @WithDefault("data/state")
    Path dir();
}
