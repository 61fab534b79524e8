package io.imagepic.state;

import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Webhook targets by id. There are few (a setting caps them), and every event is matched against all of them, so
 * {@link #all} and {@link #find} answer from memory and never block: on postgres that copy follows
 * {@link StateChange.WebhookTargetsChanged}, which every change announces. {@link #create} and {@link #remove} block.
 */
public interface WebhookTargetStore {

    /** Every target, by id. Never blocks. */
    Map<String, WebhookTarget> all();

    /** Never blocks. */
    Optional<WebhookTarget> find(String id);

    /**
     * As {@link #find}, for a request that names a target: one this replica has not heard of yet (made through
     * another replica a moment ago, its notice still on the way) is looked up in the store, so a webhook made
     * through one replica can be tested or removed through another at once. Never blocks.
     */
    default Uni<Optional<WebhookTarget>> findNamed(String id) {
        return Uni.createFrom().item(find(id));
    }

    /** False (nothing written) when the id is taken. Blocking. */
    boolean create(WebhookTarget target);

    /** Removes the target with its pending deliveries and counters; false when there was none. Blocking. */
    boolean remove(String id);
}
