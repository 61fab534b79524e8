package io.imagepic.state;

/**
 * One backend's stores, made once per process by {@link StateBackends}: the files backend
 * ({@code state.files.FileState}) or the postgres one ({@code state.postgres.PostgresState}). A backend builds its
 * {@link Stores} once and answers them from {@link #stores()}; the getters here hand them out.
 */
public interface StateEngine extends AutoCloseable {

    /** The change feed and the stores of one backend, as it built them. */
    record Stores(StateChanges changes, AccountStore accounts, InviteStore invites, ServiceTokenStore serviceTokens,
            MemberStore members, BucketPolicyStore policies, WebhookTargetStore webhookTargets, DeliveryQueue deliveries,
            LimitStore limits, SigningKeyStore keys, RefreshTokenStore refreshTokens) {
    }

    Stores stores();

    default StateChanges changes() {
        return stores().changes();
    }

    default AccountStore accounts() {
        return stores().accounts();
    }

    default InviteStore invites() {
        return stores().invites();
    }

    default ServiceTokenStore serviceTokens() {
        return stores().serviceTokens();
    }

    default MemberStore members() {
        return stores().members();
    }

    default BucketPolicyStore policies() {
        return stores().policies();
    }

    default WebhookTargetStore webhookTargets() {
        return stores().webhookTargets();
    }

    default DeliveryQueue deliveries() {
        return stores().deliveries();
    }

    default LimitStore limits() {
        return stores().limits();
    }

    default SigningKeyStore keys() {
        return stores().keys();
    }

    default RefreshTokenStore refreshTokens() {
        return stores().refreshTokens();
    }

    /** Stops background work and gives up what the engine holds (the files backend's lease). */
    @Override
    void close();
}
