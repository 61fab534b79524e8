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

import io.imagepic.state.AccountStore;
import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.Delivery;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.InviteStore;
import io.imagepic.state.LimitStore;
import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.MemberStore;
import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.state.SigningKeyStore;
import io.imagepic.state.StateChanges;
import io.imagepic.state.StateEngine;
import io.imagepic.state.WebhookTargetStore;

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
    private final FileInviteStore invites;
    private final FileAccountStore accounts;
    private final FileServiceTokenStore tokens;
    private final FileMemberStore members;
    private final FilePolicyStore policies;
    private final FileDeliveryQueue deliveries;
    private final FileWebhookTargetStore targets;
    private final FileLimitStore limits;
    private final FileKeyStore keys;
    private final FileRefreshTokenStore refreshTokens;

    /** Takes the lease on dir and reads it; clock: the rules' clock (delivery leases, sweeps). */
    public FileState(Path dir, String owner, ObjectMapper json, Clock clock) {
        this.dir = dir.toAbsolutePath();
        this.lease = DirectoryLease.acquire(this.dir, owner, Clock.systemUTC());
        try {
            ObjectMapper mapper = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            Files.createDirectories(this.dir);
            Fs.removeTempFiles(this.dir);
            this.invites = new FileInviteStore(this.dir.resolve("invites"), mapper);
            this.accounts = new FileAccountStore(this.dir, mapper, invites, changes);
            this.tokens = new FileServiceTokenStore(this.dir, mapper, changes, background);
            this.members = new FileMemberStore(this.dir.resolve("bucket-members"), mapper, changes);
            this.policies = new FilePolicyStore(this.dir, mapper, changes);
            Path notifications = this.dir.resolve("notifications");
            this.deliveries = new FileDeliveryQueue(notifications, mapper, clock);
            this.targets = new FileWebhookTargetStore(notifications, mapper, deliveries, changes);
            this.limits = new FileLimitStore(this.dir.resolve("limits"), mapper);
            this.keys = new FileKeyStore(this.dir);
            this.refreshTokens = new FileRefreshTokenStore(this.dir.resolve("refresh-tokens"), mapper);
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
    public StateChanges changes() {
        return changes;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public InviteStore invites() {
        return invites;
    }

    @Override
    public ServiceTokenStore serviceTokens() {
        return tokens;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public BucketPolicyStore policies() {
        return policies;
    }

    @Override
    public WebhookTargetStore webhookTargets() {
        return targets;
    }

    @Override
    public DeliveryQueue deliveries() {
        return deliveries;
    }

    @Override
    public LimitStore limits() {
        return limits;
    }

    @Override
    public SigningKeyStore keys() {
        return keys;
    }

    @Override
    public RefreshTokenStore refreshTokens() {
        return refreshTokens;
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
