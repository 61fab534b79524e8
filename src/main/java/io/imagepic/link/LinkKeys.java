package io.imagepic.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imagepic.crypto.Hmac;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.SigningKeyStore;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.imagepic.web.ApiError;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * The key ring of signed links. Each key has an id ({@code kid}, 1, 2, ...) that links carry; new links are signed
 * with the newest key that is not retired, and a link opens while the key it names is in the ring and not retired.
 * So a rotation ({@link #rotate}) breaks no link (old ones open until they expire), and retiring a key
 * ({@link #retire}) revokes every link signed with it at once. Links made before the ring carry no kid: they are
 * checked with the one key of that release ({@value #LEGACY}: the configured secret, else the stored key), which can
 * be retired like any other.
 *
 * <p>
 * Kept in the state store ({@link SigningKeyStore}: {@code link-keys/000001}, a retirement as
 * {@code link-keys/000001.retired}; stored keys never change, so a rotation or a retirement only adds names) and in
 * memory here, read again on every replica when the change feed says a key was added ({@link StateChange.KeyAdded})
 * or lost continuity. Replicas racing to add the same kid end with one key: the store keeps the first.
 */
@Startup
@Singleton
public class LinkKeys {

    private static final Logger LOG = Logger.getLogger(LinkKeys.class);

    static final String PREFIX = "link-keys/";
    static final String RETIRED = ".retired";
    /** The kid of links made before the ring: they carry no kid. */
    public static final String LEGACY = "legacy";
    /** The stored key of the release before the ring. */
    static final String LEGACY_NAME = "link-signing.key";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{6}|" + LEGACY + ")("
            + Pattern.quote(RETIRED) + ")?");

    /** A key of the ring: its id and its MAC. */
    public record Key(String kid, Hmac hmac) {
    }

    /** One key as the admin listing shows it: never the key itself. */
    public record KeyView(String kid, boolean signing, boolean retired) {
    }

    /** The ring at one moment: the keys that open links, the one that signs them, and what the listing shows. */
    public record Ring(Map<String, Hmac> open, Key signing, List<KeyView> views) {

        /** A ring of one key (tests). */
        public static Ring of(String kid, byte[] key) {
            Hmac hmac = Hmac.withKey(key);
            return new Ring(Map.of(kid, hmac), new Key(kid, hmac), List.of(new KeyView(kid, true, false)));
        }

        /** The MAC of this kid if its links still open. */
        public Optional<Hmac> key(String kid) {
            return Optional.ofNullable(open.get(kid));
        }
    }

    private final SigningKeyStore store;
    private final StateChanges changes;
    private final Vertx vertx;
    private final Optional<byte[]> legacy;
    private volatile Ring ring;

    @Inject
    LinkKeys(SigningKeyStore store, StateChanges changes, Vertx vertx, LinkConfig config) {
        this.store = store;
        this.changes = changes;
        this.vertx = vertx;
        this.legacy = legacyKey(config, store);
        this.ring = load();
        changes.subscribe(change -> {
            if (change instanceof StateChange.KeyAdded k && k.name().startsWith(PREFIX)
                    || change instanceof StateChange.Gap) {
                vertx.executeBlocking(() -> ring = load(), true); // the store may block: never on the feed's thread
            }
        });
    }

    /** The ring now; never blocks. */
    public Ring ring() {
        return ring;
    }

    /** Adds a new key that signs every link from now on; links of the older keys keep opening. Blocking. */
    public KeyView rotate() {
        String kid = nextKid(kids(store.names(PREFIX)));
        add(PREFIX + kid, Secrets.bytes(32));
        LOG.infof("signed links: key %s signs new links now", Integer.parseInt(kid));
        return ring.views().stream().filter(KeyView::signing).findFirst().orElseThrow();
    }

    /**
     * Retires a key: every link signed with it stops opening, on every replica. The key that signs new links is first
     * replaced by a new one. 404 for an unknown kid; retiring twice is no error. Blocking.
     */
    public KeyView retire(String kid) {
        String id = storedKid(kid);
        Ring now = load();
        if (now.views().stream().noneMatch(v -> v.kid().equals(display(id)))) {
            throw ApiError.notFound(LinkMsg.KEY_NOT_FOUND, kid);
        }
        if (now.signing().kid().equals(display(id))) {
            rotate();
        }
        add(PREFIX + id + RETIRED, String.valueOf(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
        LOG.infof("signed links: key %s retired, its links no longer open", kid);
        return ring.views().stream().filter(v -> v.kid().equals(display(id))).findFirst().orElseThrow();
    }

    private void add(String name, byte[] material) {
        store.getOrCreate(name, () -> material);
        ring = load(); // read-your-writes here; the others read it on the notice
        changes.publish(new StateChange.KeyAdded(name));
    }

    /** Reads the ring from the store; creates its first key when none signs (a first start). Blocking. */
    private synchronized Ring load() {
        List<String> names = store.names(PREFIX);
        TreeSet<String> kids = kids(names);
        TreeSet<String> retired = new TreeSet<>();
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            if (m.matches() && m.group(2) != null) {
                retired.add(m.group(1));
            }
        }
        Optional<String> signing = kids.descendingSet().stream().filter(k -> !retired.contains(k)).findFirst();
        if (signing.isEmpty()) {
            String first = nextKid(kids);
            store.getOrCreate(PREFIX + first, () -> Secrets.bytes(32));
            changes.publish(new StateChange.KeyAdded(PREFIX + first));
            return load();
        }
        Map<String, Hmac> open = new LinkedHashMap<>();
        List<KeyView> views = new ArrayList<>();
        if (legacy.isPresent()) {
            boolean gone = retired.contains(LEGACY);
            if (!gone) {
                open.put(LEGACY, Hmac.withKey(legacy.get()));
            }
            views.add(new KeyView(LEGACY, false, gone));
        }
        Key signer = null;
        for (String kid : kids) {
            boolean gone = retired.contains(kid);
            String shown = display(kid);
            if (!gone) {
                byte[] material = store.find(PREFIX + kid)
                        .orElseThrow(() -> new IllegalStateException("the link key " + kid + " vanished from the store"));
                open.put(shown, Hmac.withKey(material));
            }
            if (kid.equals(signing.get())) {
                signer = new Key(shown, open.get(shown));
            }
            views.add(new KeyView(shown, kid.equals(signing.get()), gone));
        }
        return new Ring(Map.copyOf(open), signer, List.copyOf(views));
    }

    private static TreeSet<String> kids(List<String> names) {
        TreeSet<String> kids = new TreeSet<>();
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            if (m.matches() && !m.group(1).equals(LEGACY)) {
                kids.add(m.group(1));
            }
        }
        return kids;
    }

    private static String nextKid(TreeSet<String> kids) {
        return String.format("%06d", kids.isEmpty() ? 1 : Integer.parseInt(kids.last()) + 1);
    }

    /** A kid as links carry it: {@code 1}, not {@code 000001}. */
    private static String display(String stored) {
        return stored.equals(LEGACY) ? LEGACY : Integer.toString(Integer.parseInt(stored));
    }

    private static String storedKid(String kid) {
        if (LEGACY.equals(kid)) {
            return LEGACY;
        }
        try {
            int n = Integer.parseInt(kid);
            if (n > 0 && n < 1_000_000) {
                return String.format("%06d", n);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.notFound(LinkMsg.KEY_NOT_FOUND, kid);
    }

    /**
     * The key of links without kid: the configured secret; else the key an earlier release stored, or kept in a file
     * (taken over into the store). Empty when there never was one (a first start): then no link lacks a kid.
     */
    private static Optional<byte[]> legacyKey(LinkConfig config, SigningKeyStore store) {
        Optional<String> secret = config.signedLinks().secret();
        if (secret.isPresent()) {
            if (secret.get().length() < 32) {
                throw new IllegalStateException("imagepic.serving.signed-links.secret must have at least 32 characters");
            }
            return Optional.of(secret.get().getBytes(StandardCharsets.UTF_8));
        }
        Optional<byte[]> stored = store.find(LEGACY_NAME);
        if (stored.isEmpty()) {
            Path file = config.signedLinks().secretFile().toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                byte[] content = Files.readAllBytes(file);
                stored = Optional.of(store.getOrCreate(LEGACY_NAME, () -> content));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the signed-link key of an earlier release: " + file, e);
            }
        }
        String content = new String(stored.get(), StandardCharsets.US_ASCII).trim();
        if (content.isEmpty()) {
            throw new IllegalStateException("the signed-link key " + LEGACY_NAME + " is empty");
        }
        return Optional.of(Base64.getDecoder().decode(content));
    }
}
