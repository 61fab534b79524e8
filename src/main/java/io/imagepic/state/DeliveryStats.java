package io.imagepic.state;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A webhook target's delivery counters, kept with its deliveries ({@link DeliveryQueue}). */
@RegisterForReflection
public record DeliveryStats(long delivered, long failed, long dropped) {

    public static final DeliveryStats NONE = new DeliveryStats(0, 0, 0);

    public DeliveryStats plus(long moreDelivered, long moreFailed, long moreDropped) {
        return new DeliveryStats(delivered + moreDelivered, failed + moreFailed, dropped + moreDropped);
    }
}
