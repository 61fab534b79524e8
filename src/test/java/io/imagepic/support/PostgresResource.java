package io.imagepic.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service at a database of its own on the test JVM's PostgreSQL ({@link PostgresServer}) and selects the
 * postgres backend.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.get();
        String db = server.newDatabase();
        return Map.of(
                "imagepic.state.backend", "postgres",
                "quarkus.datasource.reactive.url", server.reactiveUrl(db),
                "quarkus.datasource.jdbc.url", server.jdbcUrl(db),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // the server lives as long as the JVM; its databases with it
    }
}
