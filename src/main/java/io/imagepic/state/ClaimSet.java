package io.imagepic.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Work that exactly one replica must do at a time (a webhook delivery, a periodic sweep), as files in one
 * directory: an item is {@code <id>} while free and {@code <id>@<owner>@<expiry millis>} while claimed.
 * Claiming renames the item to the claimer's name: rename(2) of one name succeeds for exactly one of the
 * replicas trying. A claim is a lease: its holder renews it (a rename to a later expiry) while it works, and
 * once it has expired any replica may take it over the same way, so the work of a replica that died is
 * picked up after at most one lease. A holder whose lease was taken over notices at its next renew,
 * rewrite or completion ({@link ClaimLostException}); the work may then have been done twice, which is why
 * claims suit at-least-once work.
 *
 * <p>
 * Expiries are written in the claimer's clock: leases must be far longer than the clock difference
 * between replicas (NTP keeps it to milliseconds). Blocking: call from worker threads. Thread-safe.
 */
public final class ClaimSet {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final char SEP = '@';

    /** An item as listed: free (owner null), or claimed by owner until expiresAt (epoch millis). */
    public record Item(String id, String owner, long expiresAt) {
        public boolean free() {
            return owner == null;
        }

        /** True when free, or when its claim expired before now. */
        public boolean available(long now) {
            return owner == null || expiresAt < now;
        }
    }

    /** A claim this replica holds on item id until expiresAt (epoch millis). */
    public record Claim(String id, String owner, long expiresAt) {
    }

    private final Path dir;
    private final String owner;
    private final Duration lease;
    private final Clock clock;

    public ClaimSet(Path dir, String owner, Duration lease, Clock clock) {
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner must match " + OWNER);
        }
        this.dir = dir.toAbsolutePath();
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + this.dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String owner() {
        return owner;
    }

    public Duration lease() {
        return lease;
    }

    /** Adds a free item; false when an item with this id exists and is free (ids must be unique). */
    public boolean add(String id, byte[] content) {
        try {
            return Fs.createExclusively(free(id), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add work item " + id, e);
        }
    }

    /** Every item, free or claimed, sorted by id. */
    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Item item = parse(p.getFileName().toString());
                if (item != null) {
                    items.add(item);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        items.sort(Comparator.comparing(Item::id));
        return items;
    }

    /** Claims the item if it is free or its claim expired; empty when someone else holds it (or it is gone). */
    public Optional<Claim> claim(String id) {
        for (Item item : items()) {
            if (item.id.equals(id)) {
                return claim(item);
            }
        }
        return Optional.empty();
    }

    /** Claims an item as listed by {@link #items}: free, or expired and taken over. */
    public Optional<Claim> claim(Item item) {
        long now = clock.millis();
        if (!item.available(now)) {
            return Optional.empty();
        }
        Claim claim = new Claim(item.id, owner, now + lease.toMillis());
        try {
            return Fs.renameAway(path(item), path(claim)) ? Optional.of(claim) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + item.id, e);
        }
    }

    /** Claims up to max available items, in id order. */
    public List<Claim> claimAvailable(int max) {
        List<Claim> claims = new ArrayList<>();
        long now = clock.millis();
        for (Item item : items()) {
            if (claims.size() >= max) {
                break;
            }
            if (item.available(now)) {
                claim(item).ifPresent(claims::add);
            }
        }
        return claims;
    }

    /** Extends the lease to a full one from now. */
    public Claim renew(Claim claim) {
        long expires = Math.max(clock.millis() + lease.toMillis(), claim.expiresAt + 1);
        Claim renewed = new Claim(claim.id, owner, expires);
        try {
            if (!Fs.renameAway(path(claim), path(renewed))) {
                throw new ClaimLostException(claim.id);
            }
            return renewed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot renew the claim on " + claim.id, e);
        }
    }

    /** The claimed item's content. */
    public byte[] read(Claim claim) {
        try {
            return Files.readAllBytes(path(claim));
        } catch (NoSuchFileException e) {
            throw new ClaimLostException(claim.id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + claim.id, e);
        }
    }

    /** The content of an item as listed; empty when it was claimed, renewed or removed since. */
    public Optional<byte[]> peek(Item item) {
        try {
            return Optional.of(Files.readAllBytes(path(item)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + item.id, e);
        }
    }

    /** An item's content whether claimed or not; empty when there is no such item. */
    public Optional<byte[]> peek(String id) {
        for (int i = 0; i < 10; i++) {
            Optional<Item> item = items().stream().filter(it -> it.id.equals(id)).findFirst();
            if (item.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(path(item.get())));
            } catch (NoSuchFileException e) {
                // claimed, renewed or completed meanwhile: look again
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + id, e);
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces the claimed item's content (e.g. its attempt count). The claim is renewed first, so the
     * replacement lands well inside a lease nobody else can take over.
     */
    public Claim rewrite(Claim claim, byte[] content) {
        Claim renewed = renew(claim);
        try {
            Path target = path(renewed);
            Path temp = Fs.writeTemp(dir, target.getFileName().toString(), content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Fs.syncDirectory(dir);
            } finally {
                Files.deleteIfExists(temp);
            }
            return renewed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + claim.id, e);
        }
    }

    /** The work is done: removes the item. */
    public void complete(Claim claim) {
        try {
            if (!Fs.delete(path(claim))) {
                throw new ClaimLostException(claim.id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete " + claim.id, e);
        }
    }

    /** Gives the item back (free) for any replica to claim, e.g. when shutting down. */
    public void release(Claim claim) {
        try {
            if (!Fs.renameAway(path(claim), free(claim.id))) {
                throw new ClaimLostException(claim.id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + claim.id, e);
        }
    }

    /** Removes an item whatever its state (its holder, if any, then loses its claim); false when absent. */
    public boolean remove(String id) {
        try {
            for (int i = 0; i < 10; i++) {
                Optional<Item> item = items().stream().filter(it -> it.id.equals(id)).findFirst();
                if (item.isEmpty()) {
                    return false;
                }
                if (Fs.delete(path(item.get()))) {
                    return true;
                }
                // renamed (claimed, renewed) meanwhile: look again
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + id, e);
        }
    }

    private Path free(String id) {
        return dir.resolve(Names.encode(id));
    }

    private Path path(Item item) {
        return item.free() ? free(item.id) : dir.resolve(Names.encode(item.id) + SEP + item.owner + SEP + item.expiresAt);
    }

    private Path path(Claim claim) {
        return dir.resolve(Names.encode(claim.id) + SEP + claim.owner + SEP + claim.expiresAt);
    }

    private static Item parse(String name) {
        if (name.startsWith(".")) {
            return null; // temp files, NFS silly-renames
        }
        String[] parts = name.split(String.valueOf(SEP), -1);
        String id = Names.decode(parts[0]);
        if (id == null) {
            return null;
        }
        if (parts.length == 1) {
            return new Item(id, null, 0);
        }
        if (parts.length == 3 && OWNER.matcher(parts[1]).matches() && parts[2].matches("[0-9]{1,19}")) {
            return new Item(id, parts[1], Long.parseLong(parts[2]));
        }
        return null;
    }
}
