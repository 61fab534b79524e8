package io.imagepic.state;

/**
 * One backend's stores, made once per process by {@link StateBackends}: the files backend
 * ({@code state.files.FileState}) or the postgres one ({@code state.postgres.PostgresState}).
 */
public interface StateEngine extends AutoCloseable {

    StateChanges changes();

    AccountStore accounts();

    InviteStore invites();

    ServiceTokenStore serviceTokens();

    MemberStore members();

    BucketPolicyStore policies();

    WebhookTargetStore webhookTargets();

    DeliveryQueue deliveries();

    LimitStore limits();

    SigningKeyStore keys();

    RefreshTokenStore refreshTokens();

    /** Stops background work and gives up what the engine holds (the files backend's lease). */
    @Override
    void close();
}
