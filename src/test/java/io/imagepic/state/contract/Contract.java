package io.imagepic.state.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.state.Backends;

/**
 * What every contract suite shares: a store per test on the backend under test (each suite's tests take it as a
 * parameter: {@code @ParameterizedTest @EnumSource(Backends.class)}), closed afterwards, and a way to run calls at
 * once.
 */
abstract class Contract {

    @TempDir
    Path dir;

    private Backends.Opened opened;

    Backends.Opened open(Backends backend) {
        opened = backend.open(dir);
        return opened;
    }

    @AfterEach
    void closeStore() {
        if (opened != null) {
            opened.close();
        }
    }

    /** Runs the calls at once (released together), answers their results in order. */
    static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> List<T> times(int n, java.util.function.IntFunction<T> make) {
        List<T> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(make.apply(i));
        }
        return list;
    }
}
