package io.imagepic.state;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The stores of the configured backend ({@link StateConfig#backend}), as the interfaces of this package: modules
 * inject {@link AccountStore}, {@link StateChanges}... and never learn which backend runs.
 */
public class StateBackends {

    @Produces
    @Singleton
    StateChanges changes() {
        return new LocalStateChanges();
    }
}
