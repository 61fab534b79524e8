package io.imagepic.state;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the service keeps its own state (accounts, service tokens, invites, members, policies, webhooks and their
 * queue, login limits, generated keys): one state engine per deployment.
 */
@ConfigMapping(prefix = "imagepic.state")
public interface StateConfig {

    /** The state engines. */
    enum Backend {
        /** Files in {@code imagepic.state.dir}, for exactly one replica (it takes an exclusive lease on the directory). */
        FILES,
        /** PostgreSQL ({@code quarkus.datasource.*}), for any number of replicas. */
        POSTGRES
    }

    /**
     * {@code files}: the state directory, one replica (the embedded default). {@code postgres}: a PostgreSQL
     * database, for several replicas; set {@code quarkus.datasource.reactive.url}, {@code quarkus.datasource.jdbc.url}
     * (migrations), {@code quarkus.datasource.username} and {@code quarkus.datasource.password}.
     */
    @WithDefault("files")
    Backend backend();

    /**
     * The state directory: all state with the files backend; with postgres only what is this replica's own (keys
     * written for smallrye-jwt). Formerly {@code imagepic.auth.store-dir}, a name that still works for one release.
     */
    @WithDefault("data/state")
    Path dir();

    /** The postgres backend. */
    Postgres postgres();

    /** The postgres backend's own settings (the database itself is {@code quarkus.datasource.*}). */
    interface Postgres {

        /**
         * Accounts whose credential check this replica answers from memory; the change feed keeps them right (every
         * replica sees a change within milliseconds). 0: a statement per authenticated request.
         */
        @WithDefault("10000")
        int credentialCache();

        /** Service tokens this replica checks from memory, kept right the same way. */
        @WithDefault("10000")
        int tokenCache();

        /** Bucket grants (and their absence) this replica checks from memory, kept right the same way. */
        @WithDefault("50000")
        int grantCache();

        /** How long a call waits for the database before it fails. */
        @WithDefault("10s")
        Duration timeout();
    }
}
