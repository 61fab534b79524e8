package io.imagepic.state;

import java.util.HexFormat;
import java.util.Locale;

import io.imagepic.crypto.Secrets;

/**
 * This process's name among the replicas sharing the volume: the host name (the pod name in Kubernetes) and
 * a random part, so a restarted container never mistakes its predecessor's claims for its own.
 */
public final class ReplicaId {

    private static final String ID = create(System.getenv("HOSTNAME"));

    private ReplicaId() {
    }

    public static String get() {
        return ID;
    }

    static String create(String host) {
        byte[] random = Secrets.bytes(4);
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        return (name.isEmpty() ? "replica" : name) + "-" + HexFormat.of().formatHex(random);
    }
}
