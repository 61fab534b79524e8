package io.imagepic.account;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * bcrypt on a small pool of its own with a bounded queue: a flood of logins or registrations keeps at most
 * {@code threads} cores busy, at most {@code threads + queue} requests wait for it, and every further one is
 * refused at once with 503 and Retry-After. Token checks and reads never need this pool, so they are served
 * throughout.
 *
 * <p>
 * Hand-written rather than SmallRye Fault Tolerance's {@code @Bulkhead}: its synchronous form has no queue (a
 * third simultaneous login would be refused although a core frees within milliseconds), its queued form needs
 * asynchronous methods, and its sizes would live outside the @ConfigMapping. Twenty lines of
 * {@link ThreadPoolExecutor} say exactly this.
 */
@ApplicationScoped
public class PasswordHashing {

    private static final Logger LOG = Logger.getLogger(PasswordHashing.class);

    private final ThreadPoolExecutor pool;
    private final int cost;
    private final AuthConfig.Hashing config;
    private final Counter refused;

    PasswordHashing(AuthConfig config, MeterRegistry registry) {
        this.config = config.hashing();
        this.cost = config.bcryptCost();
        int threads = this.config.threads().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(Math.max(1, this.config.queue())), r -> {
                    Thread t = new Thread(r, "imagepic-bcrypt-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        // what operators watch: a queue often full means logins get 503s (more threads, or more replicas)
        Gauge.builder("imagepic.password.hashing.running", pool, ThreadPoolExecutor::getActiveCount)
                .description("Password hashes running now").register(registry);
        Gauge.builder("imagepic.password.hashing.waiting", pool, p -> p.getQueue().size())
                .description("Password hashes waiting for a thread").register(registry);
        this.refused = Counter.builder("imagepic.password.hashing.refused")
                .description("Logins, registrations and password changes refused with 503: the hashing queue was full")
                .register(registry);
        LOG.debugf("password hashing: %d thread(s), queue %d", threads, this.config.queue());
    }

    public String hash(String password) {
        return run(() -> BcryptUtil.bcryptHash(password, cost));
    }

    public boolean matches(String password, String hash) {
        return run(() -> BcryptUtil.matches(password, hash));
    }

    /** Runs a task on the pool and waits for it; 503 at once when the pool and its queue are full. */
    <T> T run(Callable<T> task) {
        Future<T> result;
        try {
            result = pool.submit(task);
        } catch (RejectedExecutionException e) {
            refused.increment();
            throw new ApiError(ApiError.Kind.UNAVAILABLE, AccountMsg.BUSY).retryAfter(config.retryAfter());
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiError(ApiError.Kind.UNAVAILABLE, AccountMsg.BUSY).retryAfter(config.retryAfter());
        }
    }

    /** Hashes running or waiting now. */
    int load() {
        return pool.getActiveCount() + pool.getQueue().size();
    }

    /** Every thread busy and every waiting place taken: the next hash is refused. */
    boolean full() {
        return pool.getActiveCount() >= pool.getMaximumPoolSize() && pool.getQueue().remainingCapacity() == 0;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
