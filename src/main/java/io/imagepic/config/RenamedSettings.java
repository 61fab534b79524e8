package io.imagepic.config;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Settings renamed or removed in this release keep working for one more release, with a warning: a renamed
 * one is read under its old name when the new one is not set, and an old or removed name no longer stops the
 * start as an unknown key under a mapping's prefix (SRCFG00050). Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.LIBRARY + 600)
public class RenamedSettings implements ConfigSourceInterceptor {

    private static final Logger LOG = Logger.getLogger(RenamedSettings.class);

    private static final String CLUSTER_BUS_GONE = "replicas no longer talk to each other: run one replica with "
            + "imagepic.state.backend=files, or several with imagepic.state.backend=postgres (events and changes go "
            + "through the database)";

    /** New name -> old name. */
    static final Map<String, String> RENAMED = Map.of(
            "imagepic.state.dir", "imagepic.auth.store-dir",
            "imagepic.access.anonymous-reads", "imagepic.auth.anonymous-reads",
            // one S3 data client for uploads and images: one idle timeout, one pool
            "imagepic.storage.idle-timeout", "imagepic.upload.s3-timeout",
            "imagepic.storage.max-connections", "imagepic.serving.max-connections",
            // the cluster bus is gone; graceful shutdown stays
            "imagepic.shutdown.grace", "imagepic.cluster.shutdown.grace",
            "imagepic.shutdown.drain-delay", "imagepic.cluster.shutdown.drain-delay",
            "imagepic.shutdown.retry-after-seconds", "imagepic.cluster.shutdown.retry-after-seconds");
    /** Gone without a replacement: ignored, with a warning saying what to do instead. */
    static final Map<String, String> REMOVED = Map.ofEntries(
            Map.entry("imagepic.upload.allow-anonymous", "uploads and removals always need a token"),
            Map.entry("imagepic.upload.max-concurrent", "replaced by a memory budget (imagepic.upload.memory) and a "
                    + "per-caller limit (imagepic.upload.max-per-caller)"),
            Map.entry("imagepic.auth.admin-phones", "registering a phone no longer makes an admin; set imagepic.admin.phone "
                    + "and imagepic.admin.password (IMAGEPIC_ADMIN_PHONE, IMAGEPIC_ADMIN_PASSWORD) to create the first "
                    + "admin at start (an existing account with that phone and password becomes admin while there is "
                    + "none), then grant admin rights with POST /imagepic/auth/users/{phone}/admin"),
            Map.entry("imagepic.cluster.peers", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.service", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.service-port", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.refresh", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.secret", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.timeout", CLUSTER_BUS_GONE),
            Map.entry("imagepic.cluster.queue", CLUSTER_BUS_GONE),
            Map.entry("imagepic.policy.file", "the files backend keeps the policies in <imagepic.state.dir>/bucket-policies "
                    + "(move a directory kept elsewhere there)"),
            Map.entry("imagepic.notification.dir", "the files backend keeps webhooks in <imagepic.state.dir>/notifications "
                    + "(move a directory kept elsewhere there)"));

    private static final Map<String, String> OLD_TO_NEW = Map.copyOf(RENAMED.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey)));
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String old = RENAMED.get(name);
        if (old == null || isSet(value)) {
            return value;
        }
        ConfigValue legacy = context.proceed(old);
        if (!isSet(legacy)) {
            return value;
        }
        warn(old, "is deprecated: set " + name + " instead (the old name goes away in the next release)");
        return legacy.withName(name);
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Iterator<String> names = context.iterateNames();
        return new Iterator<>() {
            private String next = advance();

            private String advance() {
                while (names.hasNext()) {
                    String n = names.next();
                    if (REMOVED.containsKey(n)) {
                        warn(n, "no longer exists and is ignored: " + REMOVED.get(n));
                        continue;
                    }
                    return OLD_TO_NEW.getOrDefault(n, n);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String n = next;
                next = advance();
                return n;
            }
        };
    }

    /** Set by the operator: not absent, not empty (which SmallRye takes as unset), not a mapping's default. */
    private static boolean isSet(ConfigValue v) {
        return v != null && v.getValue() != null && !v.getValue().isEmpty()
                && v.getConfigSourceOrdinal() != Integer.MIN_VALUE;
    }

    private static void warn(String setting, String what) {
        if (WARNED.add(setting)) {
            LOG.warnf("the setting %s %s", setting, what);
        }
    }
}
