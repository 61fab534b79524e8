package io.imagepic.state.postgres;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The statements the postgres backend sends, all through the reactive client (no thread waits inside it), and how
 * many: every statement, BEGIN and COMMIT included, is counted ({@link #statements}), which the benchmark reads to
 * show what a request costs. Blocking callers (worker threads) wait with {@link #await}.
 */
final class Sql {

    private final Pool pool;
    private final Duration timeout;
    private final LongAdder statements = new LongAdder();
    private final LongAdder deliveryStatements = new LongAdder();

    Sql(Pool pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    Pool pool() {
        return pool;
    }

    /** Statements sent so far for requests and the work they start (the webhook delivery loop's aside). */
    long statements() {
        return statements.sum();
    }

    /** Statements the webhook delivery loop sent so far (claims, lease renewals, completions, retries). */
    long deliveryStatements() {
        return deliveryStatements.sum();
    }

    /** One statement of the webhook delivery loop, counted apart: it runs beside requests, not for one. */
    Uni<RowSet<Row>> delivery(String sql, Tuple args) {
        return uni(() -> {
            deliveryStatements.increment();
            return pool.preparedQuery(sql).execute(args);
        });
    }

    /** One statement on any pooled connection. */
    Uni<RowSet<Row>> query(String sql, Tuple args) {
        return uni(() -> execute(pool, sql, args));
    }

    /** One statement on the given connection (inside a transaction). */
    Future<RowSet<Row>> execute(SqlClient client, String sql, Tuple args) {
        statements.increment();
        return client.preparedQuery(sql).execute(args);
    }

    /** The work in one transaction: committed when its future succeeds, rolled back when it fails. */
    <T> Uni<T> transaction(Function<SqlConnection, Future<T>> work) {
        return uni(() -> {
            statements.add(2); // BEGIN, COMMIT (or ROLLBACK)
            return pool.withTransaction(work);
        });
    }

    /** Waits for the answer, on a worker thread: the blocking methods of the stores. */
    <T> T await(Uni<T> uni) {
        return uni.await().atMost(timeout);
    }

    static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().emitter(e -> {
            Future<T> f;
            try {
                f = work.get();
            } catch (RuntimeException x) {
                e.fail(x);
                return;
            }
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    e.complete(ar.result());
                } else {
                    e.fail(ar.cause());
                }
            });
        });
    }
}
