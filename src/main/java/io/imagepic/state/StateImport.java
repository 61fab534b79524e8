package io.imagepic.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.files.FileState;

/**
 * Copies a files backend's state directory into another engine (postgres): accounts with their password hashes,
 * admin rights and disabled accounts, invites, service tokens, bucket members, policies, webhook targets and their
 * pending deliveries, the generated keys (so tokens and signed links issued before keep working) and the kept browser
 * sessions that have not expired (so signed-in devices stay signed in). Idempotent: what
 * the target has already is kept as it is, never overwritten, so it can run again. The directory is only read (its
 * lease is taken while reading: the files instance must be stopped) and left in place for a rollback. Login limits and
 * delivery counters start afresh.
 */
public final class StateImport {

    private static final Logger LOG = Logger.getLogger(StateImport.class);
    /** The keys the files backend generates (JWT signing key, signed-link key). */
    static final List<String> KEYS = List.of("jwt/privateKey.pem", "link-signing.key");

    /** What was copied now (what the target had already is not counted). */
    public record Report(int accounts, int rights, int invites, int tokens, int members, int policies, int webhooks,
            int deliveries, int keys, int sessions) {
    }

    private StateImport() {
    }

    public static Report run(Path from, StateEngine to, ObjectMapper json) {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("no state directory at " + from);
        }
        try (FileState source = new FileState(from, "import-" + ReplicaId.get(), json, Clock.systemUTC())) {
            return copy(source, to);
        }
    }

    static Report copy(FileState from, StateEngine to) {
        int accounts = accounts(from, to);
        int rights = rights(from, to);
        int invites = invites(from, to);
        int tokens = tokens(from, to);
        int members = members(from, to);
        int policies = policies(from, to);
        Set<String> copiedTargets = webhooks(from, to);
        // deliveries only of targets copied now: a second run does not queue them again
        int deliveries = deliveries(from, to, copiedTargets);
        int keys = keys(from, to);
        int sessions = sessions(from, to);
        Report report = new Report(accounts, rights, invites, tokens, members, policies, copiedTargets.size(), deliveries,
                keys, sessions);
        LOG.infof("state imported: %s", report);
        return report;
    }

    private static int accounts(FileState from, StateEngine to) {
        int accounts = 0;
        for (User u : from.accounts().all()) {
            accounts += to.accounts().create(u, null) == AccountStore.Registration.CREATED ? 1 : 0;
        }
        return accounts;
    }

    private static int rights(FileState from, StateEngine to) {
        int rights = 0;
        Rights r = from.accounts().rights();
        for (String admin : r.admins()) { // admins first: disabling one later never leaves none
            rights += to.accounts().setAdmin(admin, true) ? 1 : 0;
        }
        for (String off : r.disabled()) {
            try {
                rights += to.accounts().setDisabled(off, true) ? 1 : 0;
            } catch (LastAdminException e) {
                LOG.warnf("account %s stays enabled: it is the target's last enabled admin", off);
            }
        }
        return rights;
    }

    private static int invites(FileState from, StateEngine to) {
        int invites = 0;
        for (Invite i : from.invites().all()) {
            invites += to.invites().create(i) ? 1 : 0;
        }
        return invites;
    }

    private static int tokens(FileState from, StateEngine to) {
        int tokens = 0;
        Map<String, java.time.Instant> used = from.serviceTokens().lastUsed();
        for (ServiceToken t : from.serviceTokens().list()) {
            if (to.serviceTokens().create(t)) {
                tokens++;
                Optional.ofNullable(used.get(t.id())).ifPresent(when -> to.serviceTokens().recordUse(t.id(), when));
            }
        }
        return tokens;
    }

    private static int members(FileState from, StateEngine to) {
        int members = 0;
        for (User u : from.accounts().all()) {
            for (Membership m : from.members().ofUser(u.id())) {
                if (to.members().find(m.bucket(), m.userId()).await().indefinitely().isEmpty()) {
                    to.members().put(m);
                    members++;
                }
            }
        }
        return members;
    }

    private static int policies(FileState from, StateEngine to) {
        int policies = 0;
        Map<String, String> existing = to.policies().all();
        for (Map.Entry<String, String> p : from.policies().all().entrySet()) {
            if (!existing.containsKey(p.getKey())) {
                to.policies().put(p.getKey(), p.getValue());
                policies++;
            }
        }
        return policies;
    }

    /** The ids of the targets copied now. */
    private static Set<String> webhooks(FileState from, StateEngine to) {
        Set<String> copied = new java.util.HashSet<>();
        for (WebhookTarget t : from.webhookTargets().all().values()) {
            if (to.webhookTargets().create(t)) {
                copied.add(t.id());
            }
        }
        return copied;
    }

    private static int deliveries(FileState from, StateEngine to, Set<String> targets) {
        int deliveries = 0;
        List<Delivery> pending = from.pendingDeliveries().stream().filter(d -> targets.contains(d.targetId())).toList();
        for (Delivery d : pending) {
            Delivery fresh = new Delivery(null, d.targetId(), d.eventId(), d.eventType(), d.body(), d.attempts(), d.created(),
                    d.nextAttempt());
            deliveries += to.deliveries()
                    .enqueue(List.of(fresh), new DeliveryQueue.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE))
                    .await().indefinitely().get(0) ? 1 : 0;
        }
        return deliveries;
    }

    private static int keys(FileState from, StateEngine to) {
        int keys = 0;
        for (String name : KEYS) {
            Optional<byte[]> key = from.keys().find(name);
            if (key.isPresent()) {
                byte[] kept = to.keys().getOrCreate(name, key::get);
                if (java.util.Arrays.equals(kept, key.get())) {
                    keys++;
                } else {
                    LOG.warnf("the target has another %s already (replicas started before the import): tokens or links "
                            + "issued by the files instance will not be accepted", name);
                }
            }
        }
        return keys;
    }

    /** Kept browser sessions: a device signed in before the move stays signed in (expired ones are left behind). */
    private static int sessions(FileState from, StateEngine to) {
        int sessions = 0;
        java.time.Instant now = java.time.Instant.now();
        for (RefreshFamily f : from.refreshFamilies()) {
            sessions += !f.expiredAt(now) && to.refreshTokens().create(f) ? 1 : 0;
        }
        return sessions;
    }
}
