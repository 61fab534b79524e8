package io.imagepic.state;

import java.time.Duration;

/** Defaults shared by the state primitives; the services pass their configured values where they differ. */
public final class StateDefaults {

    /**
     * How long after its last change a file's stamp is trusted as "unchanged": above the coarsest
     * timestamp granularity (1 s on some file systems) plus the clock difference to the NFS server.
     */
    public static final Duration SETTLE_MARGIN = Duration.ofSeconds(2);

    private StateDefaults() {
    }
}
