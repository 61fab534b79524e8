package io.imagepic.transform;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The threads transforms run on: one per core (libvips work is CPU-bound), never the event loop or Quarkus'
 * worker pool. Admission comes first and is immediate: a place (running or queued) and the source's bytes out
 * of a memory budget, both taken before the source is read, so a burst of requests answers 503 with
 * Retry-After at once instead of filling memory with sources that wait.
 */
@Singleton
public class TransformPool {

    private final ThreadPoolExecutor executor;
    private final Semaphore places;
    private final long budget;
    private final AtomicLong reserved = new AtomicLong();
    private final Counter refused;
    private final Timer timer;

    TransformPool(TransformConfig config, MeterRegistry registry) {
        int threads = Math.max(1, config.poolThreads());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "imagepic-transform-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.places = new Semaphore(threads + Math.max(0, config.queue()));
        this.budget = config.memoryBudget().asLongValue();
        this.refused = registry.counter("imagepic.transform.refused");
        this.timer = registry.timer("imagepic.transform.duration");
        Gauge.builder("imagepic.transform.active", places, p -> threads + Math.max(0, config.queue()) - p.availablePermits())
                .register(registry);
    }

    /** A place and {@code bytes} of memory for one transform, or 503 with Retry-After. Close it when done. */
    public Ticket admit(long bytes) {
        if (!places.tryAcquire()) {
            refused.increment();
            throw busy();
        }
        long after = reserved.addAndGet(bytes);
        if (after > budget && after != bytes) { // a single source larger than the budget still gets its turn alone
            reserved.addAndGet(-bytes);
            places.release();
            refused.increment();
            throw busy();
        }
        return new Ticket(bytes);
    }

    private static ApiError busy() {
        return new ApiError(ApiError.Kind.UNAVAILABLE, TransformMsg.BUSY).retryAfter(ApiError.RETRY_BUSY);
    }

    /** Runs the work on the pool; the future completes on the caller's event loop. */
    public <T> Future<T> run(Callable<T> work) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        executor.execute(() -> {
            long start = System.nanoTime();
            try {
                T result = work.call();
                complete(context, () -> promise.complete(result));
            } catch (Throwable e) {
                complete(context, () -> promise.fail(e));
            } finally {
                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
        return promise.future();
    }

    private static void complete(Context context, Runnable r) {
        if (context == null) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** A place taken; closing it twice gives it back once. */
    public final class Ticket implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        Ticket(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                reserved.addAndGet(-bytes);
                places.release();
            }
        }
    }
}
