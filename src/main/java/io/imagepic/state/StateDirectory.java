package io.imagepic.state;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * Says at start where the state lives, as an absolute path: the default {@code data/state} (like any relative
 * {@code imagepic.state.dir}) is relative to the working directory, so the same command started elsewhere keeps
 * its state elsewhere.
 */
@Startup
@Singleton
class StateDirectory {

    private static final Logger LOG = Logger.getLogger(StateDirectory.class);

    StateDirectory(StateConfig config) {
        LOG.infof("State in %s", config.dir().toAbsolutePath());
    }
}
