package io.imagepic.state;

import java.util.Optional;

/**
 * A value with the version it was read at, for compare-and-set. Versions are never reused for a key, not even after
 * the key was deleted and purged: a writer holding an old version always fails its compare-and-set. Version 0 and a
 * null value: never written (or deleted and purged).
 */
public record Versioned<T>(long version, T value) {

    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }
}
