package io.imagepic.notification;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.ClaimLostException;
import io.imagepic.state.Delivery;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.DeliveryQueue.Claim;
import io.imagepic.state.DeliveryStats;
import io.imagepic.state.ReplicaId;
import io.imagepic.state.WebhookTarget;
import io.imagepic.state.WebhookTargetStore;
import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Webhook targets and their deliveries, through the state store's queue ({@link DeliveryQueue}), shared by every
 * replica. The replica that made a change queues one delivery per matching target before the change is answered;
 * any replica delivers: it claims a target's oldest delivery (a lease on the store's clock), POSTs it with a total
 * deadline while renewing the lease, and completes it on a 2xx. A failed POST is released with its attempt counted
 * and its next time, so the next attempt (by any replica) waits for the backoff. A replica that dies holding a claim
 * loses it when the lease runs out, and another takes over: delivery is at least once, receivers dedupe by the
 * delivery header (the event id). Completion and retry are fenced: a replica that stalled past its lease changes
 * nothing, so a delivery taken over never comes back.
 *
 * <p>
 * Deliveries of one target go out in order, one at a time. Everything here is non-blocking and runs on one Vert.x
 * context; POSTs connect to the address that was checked against the allowed ranges ({@link WebhookAddresses}).
 */
@ApplicationScoped
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    /** Deliveries this replica sends at once (different targets). */
    private static final int MAX_IN_FLIGHT = 16;
    /** The most of a receiver's answer body read (and dropped): receivers answer with a status, not a document. */
    static final int MAX_ANSWER_BODY = 64 * 1024;

    private final NotificationConfig.Webhook config;
    private final WebhookTargetStore targets;
    private final DeliveryQueue queue;
    private final WebhookAddresses addresses;
    private final Vertx vertx;
    private final RetryPolicy retries;
    private final Clock clock;
    private final Access access;
    private final ObjectMapper json;
    private final String owner = ReplicaId.get();
    /** Claims held now, by delivery id. */
    private final Map<String, AtomicReference<Claim>> inFlight = new ConcurrentHashMap<>();
    /** This replica's share of every target's counts, for /q/metrics (the listing shows the shared totals). */
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private HttpClient http;
    private Context context;
    private long poller = -1;
    private boolean pumping;
    private boolean pumpAgain;
    private volatile boolean stopped;

    Webhooks(NotificationConfig config, WebhookTargetStore targets, DeliveryQueue queue, Vertx vertx, Access access,
            ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.delivered = deliveries(registry, "delivered");
        this.failed = deliveries(registry, "failed");
        this.dropped = deliveries(registry, "dropped");
        this.access = access;
        this.json = json;
        this.config = config.webhook();
        this.retries = RetryPolicy.of(this.config);
        this.clock = clock;
        this.targets = targets;
        this.queue = queue;
        this.vertx = vertx;
        this.addresses = new WebhookAddresses(config.webhookAllowedHosts(), config.webhookBlockedRanges());
        if (this.config.claimTimeout().compareTo(this.config.timeout().multipliedBy(2)) < 0) {
            LOG.warnf("imagepic.notification.webhook.claim-timeout (%s) should be at least twice the webhook timeout (%s)",
                    this.config.claimTimeout(), this.config.timeout());
        }
    }

    void start(@Observes StartupEvent ev) {
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(MAX_IN_FLIGHT).setKeepAlive(true));
        context = vertx.getOrCreateContext();
        // deliveries queued or released by other replicas, and leases that ran out, are found by polling
        poller = vertx.setPeriodic(config.poll().toMillis(), t -> pump());
        pump();
    }

    /** Claims held are given back at once, so another replica need not wait for their leases to run out. */
    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        if (poller >= 0) {
            vertx.cancelTimer(poller);
        }
        List<Uni<Void>> releases = new ArrayList<>();
        for (AtomicReference<Claim> held : inFlight.values()) {
            releases.add(queue.release(held.get()).onFailure().recoverWithNull());
        }
        if (!releases.isEmpty()) {
            try {
                Uni.join().all(releases).andCollectFailures().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("webhook shutdown: %s", e.toString());
            }
        }
    }

    /**
     * Queues one delivery per matching target; completes once they are durable (never blocks). A target past its
     * limits drops the event (counted and logged); a store failure fails the Uni.
     */
    Uni<Void> offer(StorageEvent event, String body) {
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        for (WebhookTarget target : targets.all().values()) { // in memory: a target added anywhere counts
            if (filterOf(target).matches(event)) {
                deliveries.add(Delivery.of(target.id(), event.id(), event.type(), body, now));
            }
        }
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return queue.enqueue(deliveries, limits()).invoke(queued -> {
            for (int i = 0; i < queued.size(); i++) {
                if (!queued.get(i)) {
                    dropped.increment();
                    LOG.warnf("webhook %s has too many deliveries pending, event %s dropped",
                            deliveries.get(i).targetId(), event.id());
                }
            }
            pumpSoon();
        }).replaceWithVoid();
    }

    public Uni<WebhookView> register(WebhookRequest request, Caller caller) {
        URI url = validUrl(request.url());
        EventFilter filter = EventFilter.of(request.bucket(), request.prefix(), request.suffix(), request.events());
        if (caller.service()) { // a token may only hear about its own buckets: it names one of its allow-list
            if (filter.bucket() == null) {
                throw ApiError.forbidden(NotificationMsg.TOKEN_BUCKET_REQUIRED);
            }
            access.check(caller, Action.READ, filter.bucket());
        }
        String secret = request.secret() != null ? request.secret() : newSecret();
        return blocking(() -> {
            checkAddress(url);
            if (targets.all().size() >= config.maxTargets()) {
                throw ApiError.conflict(NotificationMsg.TOO_MANY_TARGETS, config.maxTargets());
            }
            WebhookTarget target = new WebhookTarget(UUID.randomUUID().toString(), url.toString(), secret,
                    filter.bucket(), filter.prefix(), filter.suffix(), filter.events(), clock.instant(), caller.id(),
                    caller.service());
            targets.create(target);
            return target;
        }).map(t -> view(t, true, 0, DeliveryStats.NONE));
    }

    /** Every target for people (admins); its own targets for a service token. */
    public Uni<List<WebhookView>> list(Caller caller) {
        List<WebhookTarget> visible = targets.all().values().stream().filter(t -> visibleTo(t, caller))
                .sorted(java.util.Comparator.comparing(WebhookTarget::created).thenComparing(WebhookTarget::id)).toList();
        return queue.pending().chain(pending -> {
            if (visible.isEmpty()) {
                return Uni.createFrom().item(List.<WebhookView> of());
            }
            List<Uni<WebhookView>> views = new ArrayList<>();
            for (WebhookTarget t : visible) {
                views.add(queue.stats(t.id()).map(s -> view(t, false, pending.getOrDefault(t.id(), 0), s)));
            }
            return Uni.join().all(views).andFailFast();
        });
    }

    /** Removes the target and drops its pending deliveries, on every replica at once (the store is shared). */
    public Uni<Void> remove(String id, Caller caller) {
        return targets.findNamed(id).chain(target -> {
            if (target.isEmpty() || !visibleTo(target.get(), caller)) {
                return Uni.createFrom().failure(ApiError.notFound(NotificationMsg.NO_SUCH_WEBHOOK, id));
            }
            return blocking(() -> {
                targets.remove(id);
                return null;
            });
        });
    }

    /**
     * Removes the targets of a removed bucket (those of every bucket stay), with their pending deliveries: a bucket
     * created later under its name is another bucket, whose events they must not get. Answers how many. Blocking.
     */
    public int removeBucket(String bucket) {
        int removed = 0;
        for (WebhookTarget t : targets.all().values()) {
            if (bucket.equals(t.bucket()) && targets.remove(t.id())) {
                removed++;
            }
        }
        if (removed > 0) {
            LOG.infof("bucket %s removed: %d webhook target(s) removed with it", bucket, removed);
        }
        return removed;
    }

    /**
     * Queues one test event for this target alone, whatever its filter, and delivers it the way every event goes
     * out: signed, from the shared queue, by whichever replica claims it, retried and counted in the target's
     * delivery counters. Answers the event sent (its id is the delivery header the receiver sees).
     */
    public Uni<StorageEvent> test(String id, Caller caller) {
        return targets.findNamed(id).chain(target -> test(target, id, caller));
    }

    private Uni<StorageEvent> test(Optional<WebhookTarget> target, String id, Caller caller) {
        if (target.isEmpty() || !visibleTo(target.get(), caller)) {
            return Uni.createFrom().failure(ApiError.notFound(NotificationMsg.NO_SUCH_WEBHOOK, id));
        }
        return queue.pending().chain(pending -> {
            int total = pending.values().stream().mapToInt(Integer::intValue).sum();
            if (pending.getOrDefault(id, 0) >= config.maxPending() || total >= config.maxQueued()) {
                throw ApiError.conflict(NotificationMsg.TEST_QUEUE_FULL, id); // a test never drops a real event
            }
            StorageEvent event = StorageEvent.test(target.get().bucket(), caller);
            String body;
            try {
                body = json.writeValueAsString(event);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Delivery d = Delivery.of(id, event.id(), event.type(), body, clock.instant());
            return queue.enqueue(List.of(d), limits()).map(queued -> {
                if (!queued.get(0)) {
                    throw ApiError.conflict(NotificationMsg.TEST_QUEUE_FULL, id);
                }
                pumpSoon();
                return event;
            });
        });
    }

    static EventFilter filterOf(WebhookTarget t) {
        return new EventFilter(t.bucket(), t.prefix(), t.suffix(), t.events() == null ? List.of() : t.events());
    }

    private DeliveryQueue.Limits limits() {
        return new DeliveryQueue.Limits(config.maxPending(), config.maxQueued());
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("imagepic.webhook.deliveries").tag("outcome", outcome)
                .description("Webhook deliveries this replica finished: delivered (a 2xx answer), failed (given up "
                        + "after the last attempt) or dropped (not queued: the target's or all targets' queue was full)")
                .register(registry);
    }

    private static boolean visibleTo(WebhookTarget t, Caller caller) {
        return !caller.service() || (t.ownerIsToken() && caller.id().equals(t.owner()));
    }

    private void pumpSoon() {
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> pump());
        }
    }

    /** Claims the due target heads nobody holds and sends them; runs on this module's context. */
    private void pump() {
        if (stopped || context == null) {
            return;
        }
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> pump());
            return;
        }
        if (pumping) {
            pumpAgain = true; // a claim is on its way: look again when it is back
            return;
        }
        int room = MAX_IN_FLIGHT - inFlight.size();
        if (room <= 0) {
            return;
        }
        pumping = true;
        queue.claim(owner, config.claimTimeout(), room).subscribe().with(claims -> context.runOnContext(v -> {
            pumping = false;
            claims.forEach(this::deliver);
            if (pumpAgain) {
                pumpAgain = false;
                pump();
            }
        }), e -> context.runOnContext(v -> {
            pumping = false;
            LOG.errorf("webhook deliveries: cannot claim (%s); trying again", e.toString());
        }));
    }

    /** Sends one claimed delivery, renewing its lease meanwhile, and records the outcome. On the context. */
    private void deliver(Claim claim) {
        Delivery d = claim.delivery();
        AtomicReference<Claim> held = new AtomicReference<>(claim);
        inFlight.put(d.id(), held);
        Optional<WebhookTarget> target = targets.find(d.targetId());
        long renewEvery = Math.max(100, config.claimTimeout().toMillis() / 3);
        long renewer = vertx.setPeriodic(renewEvery, t -> queue.renew(held.get(), config.claimTimeout()).subscribe()
                .with(held::set, e -> LOG.debugf("webhook %s: lease on %s not renewed: %s", d.targetId(), d.eventId(), e)));
        // a target made through another replica a moment ago may not be in this replica's copy yet: asked of the store
        CompletableFuture<String> outcome = target.isPresent() ? send(target.get(), d)
                : targets.findNamed(d.targetId()).subscribeAsCompletionStage().thenComposeAsync(
                        named -> named.isEmpty() ? CompletableFuture.completedFuture("the target was removed")
                                : send(named.get(), d),
                        command -> context.runOnContext(v -> command.run()));
        outcome.whenComplete((result, error) -> context.runOnContext(v -> {
            vertx.cancelTimer(renewer);
            String failure = error != null ? error.toString() : result;
            record(held.get(), failure).subscribe().with(ok -> {
                inFlight.remove(d.id());
                pump();
            }, e -> {
                inFlight.remove(d.id());
                if (e instanceof ClaimLostException) {
                    LOG.infof("webhook %s: the delivery of event %s was taken over (this replica's lease ran out)",
                            d.targetId(), d.eventId());
                } else {
                    LOG.errorf(e, "webhook %s: could not record the outcome for event %s", d.targetId(), d.eventId());
                }
                pump();
            });
        }));
    }

    private Uni<Void> record(Claim claim, String failure) {
        Delivery d = claim.delivery();
        if (failure == null) {
            return queue.complete(claim, true).invoke(() -> delivered.increment());
        }
        Optional<Instant> next = retries.nextAttempt(d.attempts() + 1, clock.instant());
        if (next.isEmpty()) {
            return queue.complete(claim, false).invoke(() -> {
                failed.increment();
                LOG.warnf("webhook %s: gave up on event %s after %d attempts (last: %s)", d.targetId(), d.eventId(),
                        d.attempts() + 1, failure);
            });
        }
        LOG.debugf("webhook %s: event %s attempt %d failed (%s), next at %s", d.targetId(), d.eventId(), d.attempts() + 1,
                failure, next.get());
        return queue.retry(claim, next.get());
    }

    /**
     * Completes with null when the receiver answered 2xx, else with why not. The whole
     * delivery (connect, send, answer) has one deadline, {@code timeout}: a receiver that trickles its answer is cut
     * off at it, not only one that goes quiet. The answer's body is read and dropped; past {@link #MAX_ANSWER_BODY}
     * the connection is reset and the attempt fails, so a receiver streaming without end costs neither memory nor
     * time.
     */
    private CompletableFuture<String> send(WebhookTarget target, Delivery d) {
        CompletableFuture<String> result = new CompletableFuture<>();
        URI url = URI.create(target.url());
        InetAddress address;
        try {
            address = addresses.check(url.getHost()); // again: DNS may answer differently than at registration
        } catch (WebhookAddresses.Refused e) {
            result.complete(e.getMessage());
            return result;
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress())) // the checked address
                .setHost(url.getHost()).setPort(port).setSsl(https).setURI(path)
                .setConnectTimeout(config.timeout().toMillis()).setIdleTimeout(config.timeout().toMillis())
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "imagepic-webhooks")
                .putHeader(WebhookSigner.EVENT_HEADER, d.eventType())
                .putHeader(WebhookSigner.DELIVERY_HEADER, d.eventId())
                .putHeader(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signature(target.secret(), now, body));
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long deadline = vertx.setTimer(config.timeout().toMillis(),
                t -> cutOff(result, sent.get(), "no complete answer within " + config.timeout().toMillis() + " ms"));
        result.whenComplete((r, e) -> vertx.cancelTimer(deadline));
        http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                result.complete(ar.cause().toString());
                return;
            }
            HttpClientRequest req = ar.result();
            sent.set(req);
            if (result.isDone()) {
                req.reset(); // the deadline passed while connecting
                return;
            }
            req.send(Buffer.buffer(body)).onComplete(answered -> {
                if (answered.failed()) {
                    result.complete(answered.cause().toString());
                    return;
                }
                HttpClientResponse answer = answered.result();
                long[] read = { 0 };
                answer.handler(chunk -> {
                    read[0] += chunk.length(); // dropped: only the status counts
                    if (read[0] > MAX_ANSWER_BODY) {
                        cutOff(result, req, "answer body over " + MAX_ANSWER_BODY / 1024 + " KiB");
                    }
                });
                answer.exceptionHandler(e -> result.complete(e.toString()));
                answer.endHandler(v -> result.complete(answer.statusCode() / 100 == 2 ? null : "HTTP " + answer.statusCode()));
            });
        });
        return result;
    }

    /** Ends an attempt with this failure and drops its connection (a reset: the rest is never read). */
    private static void cutOff(CompletableFuture<String> result, HttpClientRequest req, String why) {
        if (result.complete(why) && req != null) {
            req.reset();
        }
    }

    private void checkAddress(URI url) {
        try {
            addresses.check(url.getHost());
        } catch (WebhookAddresses.Refused e) {
            throw ApiError.badRequest(NotificationMsg.WEBHOOK_ADDRESS, e.getMessage());
        }
    }

    /** Blocking store work (DNS, creating or removing a target) on a worker thread. */
    private static <T> Uni<T> blocking(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static URI validUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(NotificationMsg.URL_INVALID, e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.badRequest(NotificationMsg.URL_SCHEME);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiError.badRequest(NotificationMsg.URL_HOST);
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiError.badRequest(NotificationMsg.URL_EXTRAS);
        }
        return uri;
    }

    private static String newSecret() {
        return Secrets.urlSafe(32);
    }

    private static WebhookView view(WebhookTarget t, boolean withSecret, int pending, DeliveryStats s) {
        return new WebhookView(t.id(), t.url(), withSecret ? t.secret() : null, t.bucket(), t.prefix(), t.suffix(),
                t.events(), t.created(), pending, s.delivered(), s.failed(), s.dropped());
    }
}
