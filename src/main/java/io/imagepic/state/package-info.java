/**
 * The service's own state, behind one interface per store, and the change feed.
 *
 * <p>
 * Modules (account, token, bucket, policy, notification, ...) keep their rules and talk only to these interfaces:
 * {@link io.imagepic.state.AccountStore}, {@link io.imagepic.state.ServiceTokenStore},
 * {@link io.imagepic.state.InviteStore}, {@link io.imagepic.state.MemberStore},
 * {@link io.imagepic.state.BucketPolicyStore}, {@link io.imagepic.state.WebhookTargetStore},
 * {@link io.imagepic.state.DeliveryQueue}, {@link io.imagepic.state.LimitStore},
 * {@link io.imagepic.state.SigningKeyStore}, {@link io.imagepic.state.RefreshTokenStore} (kept browser sessions), and
 * {@link io.imagepic.state.StateChanges} to learn what changed
 * anywhere. Which engine answers is {@code imagepic.state.backend} ({@link io.imagepic.state.StateConfig}):
 * {@code files} ({@code io.imagepic.state.files}: one replica, an exclusive lease on its directory, everything
 * indexed in memory and written through to disk) or {@code postgres} ({@code io.imagepic.state.postgres}: any number
 * of replicas). Nothing outside this package knows which one runs.
 *
 * <p>
 * Threading: a method returning {@code Uni} never blocks and may be called on an event loop (the per-request hot
 * paths: credential, token, grant checks); every other method blocks and belongs on a worker thread.
 */
package io.imagepic.state;
