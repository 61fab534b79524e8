package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Delivery;
import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.RefreshFamily;
import io.imagepic.state.StateEngine;

/**
 * The files backend: the state directory of exactly one replica. At start it takes the directory's lease
 * ({@link DirectoryLease}), removes what crashes left (temp files) and reads every store into memory; from then on
 * the memory is the truth, and each change is written through to disk (temp file, fsync, rename, directory fsync)
 * before it is acknowledged. The layout is the previous releases' (old directories keep working; the few older
 * formats still found are taken over at start).
 *
 * <pre>
 * users/&lt;phone&gt;/&lt;version&gt;          accounts              roles/accounts/&lt;version&gt;   admins, disabled
 * invites/inv_&lt;id&gt;.json             invites               svc_&lt;id&gt;.json, .used        service tokens, last use
 * bucket-members/&lt;bucket%2Fid&gt;.json  grants                bucket-policies/&lt;bucket&gt;.json  policies
 * notifications/targets/&lt;id&gt;.json   webhook targets       notifications/pending/       deliveries
 * notifications/stats/&lt;id&gt;/&lt;v&gt;     delivery counters     limits/&lt;key&gt;/&lt;version&gt;     login limits
 * jwt/, link-signing.key             generated keys        imagepic.lease               the lease
 * refresh-tokens/&lt;family&gt;/&lt;v&gt;    kept sessions
 * </pre>
 */
public final class FileState implements StateEngine {

    private static final Logger LOG = Logger.getLogger(FileState.class);

    private final Path dir;
    private final DirectoryLease lease;
    private final LocalStateChanges changes = new LocalStateChanges();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "imagepic-state-files");
        t.setDaemon(true);
        return t;
    });
    private final FileDeliveryQueue deliveries;
    private final FileRefreshTokenStore refreshTokens;
    private final Stores stores;

    /** Takes the lease on dir and reads it; clock: the rules' clock (delivery leases, sweeps). */
    public FileState(Path dir, String owner, ObjectMapper json, Clock clock) {
        this.dir = dir.toAbsolutePath();
        this.lease = DirectoryLease.acquire(this.dir, owner, Clock.systemUTC());
        try {
            ObjectMapper mapper = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            Files.createDirectories(this.dir);
            Fs.removeTempFiles(this.dir);
            FileInviteStore invites = new FileInviteStore(this.dir.resolve("invites"), mapper);
            FileAccountStore accounts = new FileAccountStore(this.dir, mapper, invites, changes);
            FileServiceTokenStore tokens = new FileServiceTokenStore(this.dir, mapper, changes, background);
            FileMemberStore members = new FileMemberStore(this.dir.resolve("bucket-members"), mapper, changes);
            FilePolicyStore policies = new FilePolicyStore(this.dir, mapper, changes);
            Path notifications = this.dir.resolve("notifications");
            this.deliveries = new FileDeliveryQueue(notifications, mapper, clock);
            FileWebhookTargetStore targets = new FileWebhookTargetStore(notifications, mapper, deliveries, changes);
            FileLimitStore limits = new FileLimitStore(this.dir.resolve("limits"), mapper);
            FileKeyStore keys = new FileKeyStore(this.dir);
            this.refreshTokens = new FileRefreshTokenStore(this.dir.resolve("refresh-tokens"), mapper);
            this.stores = new Stores(changes, accounts, invites, tokens, members, policies, targets, deliveries, limits,
                    keys, refreshTokens);
            LOG.infof("state: files in %s (this instance holds its lease)", this.dir);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot read the state in " + this.dir, io)
                    : (RuntimeException) e;
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Stores stores() {
        return stores;
    }

    /** Every kept browser session: what an import carries over. */
    public List<RefreshFamily> refreshFamilies() {
        return refreshTokens.all();
    }

    /** Every delivery pending, each target's in order: what an import carries over. Blocking. */
    public List<Delivery> pendingDeliveries() {
        return deliveries.all();
    }

    @Override
    public void close() {
        if (deliveries != null) {
            deliveries.close();
        }
        background.shutdown();
        try {
            background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.close();
    }
}
