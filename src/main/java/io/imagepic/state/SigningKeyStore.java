package io.imagepic.state;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Key material every replica must share (the JWT signing key, the signed-link key) when no Kubernetes Secret
 * provides it: stored once, by name, and never changed (a new key is a new name). Names are paths of letters,
 * digits, {@code - _ . /}, e.g. {@code jwt/privateKey.pem}; the file store keeps each as that file under its
 * directory. Blocking: call at start or from a worker thread.
 */
public interface SigningKeyStore {

    /**
     * The key stored under name; if there is none, the one generator makes is stored first. When replicas race, the
     * first one's key wins and every replica answers that one.
     */
    byte[] getOrCreate(String name, Supplier<byte[]> generator);

    Optional<byte[]> find(String name);

    /** The names starting with prefix, sorted (a key ring's members, say). */
    List<String> names(String prefix);
}
