package io.imagepic.upload;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.imagepic.s3.PartMemory;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * The memory budget of this replica's uploads: configured, or half the maximum heap (parts are direct memory, beside the heap).
 */
public class UploadMemory {

    @Produces
    @Singleton
    PartMemory partMemory(UploadConfig config) {
        long budget = config.memory().map(MemorySize::asLongValue).orElseGet(() -> Runtime.getRuntime().maxMemory() / 2);
        return new PartMemory(budget);
    }
}
