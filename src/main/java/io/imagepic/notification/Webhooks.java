package io.imagepic.notification;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.ClaimLostException;
import io.imagepic.state.ClaimSet;
import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
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
 * Webhook targets and their deliveries, shared by all replicas through the volume ({@link WebhookStore}).
 * The replica that made a change queues one delivery per matching target; any replica delivers: it claims a
 * target's oldest delivery (a rename: exactly one replica wins), POSTs it, and completes it on a 2xx. A failed
 * POST is rewritten with its attempt count and next time and released, so the next attempt (by any replica)
 * waits for the backoff. A replica that dies holding a claim loses it after the claim timeout, and another
 * takes over: delivery is at least once, receivers dedupe by the delivery header (the event id).
 *
 * <p>
 * Deliveries of one target go out in order, one at a time. All file and state work runs on one dedicated
 * thread per replica; POSTs are non-blocking and connect to the address that was checked against the
 * allowed ranges ({@link WebhookAddresses}).
 */
@ApplicationScoped
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    /** The most of a receiver's answer body read (and dropped): receivers answer with a status, not a document. */
    static final int MAX_ANSWER_BODY = 64 * 1024;

    private final NotificationConfig.Webhook config;
    private final WebhookStore store;
    private final WebhookAddresses addresses;
    private final Vertx vertx;
    private final RetryPolicy retries;
    /** The rules' clock (retry times); the shared files keep the file system's own. */
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imagepic-webhooks");
        t.setDaemon(true);
        return t;
    });
    /** Touched on the webhook thread only. */
    private final Map<String, ClaimSet.Claim> inFlight = new HashMap<>();
    /** This replica's share of every target's counts, for /q/metrics (the listing shows the shared totals). */
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt = Long.MAX_VALUE;
    private HttpClient http;
    private volatile boolean stopped;

    private final Access access;
    private final ObjectMapper json;

    Webhooks(NotificationConfig config, WebhookStore store, Vertx vertx, Access access, ObjectMapper json,
            Clock clock, MeterRegistry registry) {
        this.delivered = deliveries(registry, "delivered");
        this.failed = deliveries(registry, "failed");
        this.dropped = deliveries(registry, "dropped");
        this.access = access;
        this.json = json;
        this.config = config.webhook();
        this.retries = RetryPolicy.of(this.config);
        this.clock = clock;
        this.store = store;
        this.vertx = vertx;
        this.addresses = new WebhookAddresses(config.webhookAllowedHosts(), config.webhookBlockedRanges());
        if (this.config.claimTimeout().compareTo(this.config.timeout().multipliedBy(2)) < 0) {
            LOG.warnf("imagepic.notification.webhook.claim-timeout (%s) should be at least twice the webhook timeout (%s)",
                    this.config.claimTimeout(), this.config.timeout());
        }
    }

    void start(@Observes StartupEvent ev) {
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(16).setKeepAlive(true));
        thread.execute(this::pump);
    }

    /** Claims not finished are given back at once, so another replica need not wait for them to expire. */
    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        try {
            thread.submit(() -> {
                for (ClaimSet.Claim c : inFlight.values()) {
                    try {
                        store.pending().release(c);
                    } catch (RuntimeException e) {
                        LOG.debugf("could not release %s: %s", c.id(), e.toString());
                    }
                }
                inFlight.clear();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("webhook shutdown: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        thread.shutdownNow();
    }

    /** Never blocks: the event is queued for the webhook thread, which writes the deliveries. */
    void offer(StorageEvent event, String body) {
        try {
            thread.execute(() -> enqueue(event, body));
        } catch (RejectedExecutionException e) {
            LOG.debugf("shutting down, event %s not queued for webhooks", event.id());
        }
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
        return onThread(() -> {
            checkAddress(url);
            if (store.targets().size() >= config.maxTargets()) {
                throw ApiError.conflict(NotificationMsg.TOO_MANY_TARGETS, config.maxTargets());
            }
            WebhookTarget target = new WebhookTarget(UUID.randomUUID().toString(), url.toString(), secret,
                    filter.bucket(), filter.prefix(), filter.suffix(), filter.events(), clock.instant(), caller.id(),
                    caller.service());
            store.add(target);
            return view(target, true, 0);
        });
    }

    /** Every target for people (admins); its own targets for a service token. */
    public Uni<List<WebhookView>> list(Caller caller) {
        return onThread(() -> {
            Map<String, Integer> pending = pendingByTarget();
            return store.targets().values().stream().filter(t -> visibleTo(t, caller))
                    .map(t -> view(t, false, pending.getOrDefault(t.id(), 0))).toList();
        });
    }

    /** Removes the target and drops its pending deliveries, on every replica at once (the files are shared). */
    public Uni<Void> remove(String id, Caller caller) {
        return onThread(() -> {
            Optional<WebhookTarget> target = store.target(id);
            if (target.isEmpty() || !visibleTo(target.get(), caller)) {
                throw ApiError.notFound(NotificationMsg.NO_SUCH_WEBHOOK, id);
            }
            store.remove(id);
            ClaimSet.Claim c = inFlight.remove(id);
            if (c != null) {
                LOG.debugf("webhook %s removed while a delivery was in flight", id);
            }
            return null;
        });
    }

    /**
     * Queues one test event for this target alone, whatever its filter, and delivers it the way every event
     * goes out: signed, from the shared queue, by whichever replica claims it, retried and counted in the
     * target's delivery counters. Answers the event sent (its id is the delivery header the receiver sees).
     */
    public Uni<StorageEvent> test(String id, Caller caller) {
        return onThread(() -> {
            Optional<WebhookTarget> target = store.target(id);
            if (target.isEmpty() || !visibleTo(target.get(), caller)) {
                throw ApiError.notFound(NotificationMsg.NO_SUCH_WEBHOOK, id);
            }
            Map<String, Integer> pending = pendingByTarget();
            int total = pending.values().stream().mapToInt(Integer::intValue).sum();
            if (pending.getOrDefault(id, 0) >= config.maxPending() || total >= config.maxQueued()) {
                throw ApiError.conflict(NotificationMsg.TEST_QUEUE_FULL, id); // a test never drops a real event
            }
            StorageEvent event = StorageEvent.test(target.get().bucket(), caller);
            Instant now = clock.instant();
            Delivery d = new Delivery(id, event.id(), event.type(), json.writeValueAsString(event), 0, now, now);
            store.pending().add(d.itemId(), store.encode(d));
            pump();
            return event;
        });
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

    private void enqueue(StorageEvent event, String body) {
        Map<String, WebhookTarget> targets;
        try {
            targets = store.targets(); // read now: a target added or removed by any replica counts
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot read webhook targets; event %s not queued", event.id());
            return;
        }
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Integer> pending = pendingByTarget();
        int total = pending.values().stream().mapToInt(Integer::intValue).sum();
        Instant now = clock.instant();
        for (WebhookTarget target : targets.values()) {
            if (!target.filter().matches(event)) {
                continue;
            }
            int queued = pending.getOrDefault(target.id(), 0);
            if (queued >= config.maxPending() || total >= config.maxQueued()) {
                dropped.increment();
                store.count(target.id(), 0, 0, 1);
                LOG.warnf("webhook %s has %d deliveries pending (%d in all), event %s dropped", target.id(), queued,
                        total, event.id());
                continue;
            }
            Delivery d = new Delivery(target.id(), event.id(), event.type(), body, 0, now, now);
            try {
                store.pending().add(d.itemId(), store.encode(d));
                total++;
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not queue event %s for webhook %s", event.id(), target.id());
            }
        }
        pump();
    }

    private Map<String, Integer> pendingByTarget() {
        Map<String, Integer> counts = new HashMap<>();
        for (ClaimSet.Item item : store.pending().items()) {
            counts.merge(Delivery.targetOf(item.id()), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Sends each target's oldest delivery when it is due and nobody else holds it, then sleeps until the next
     * thing to do, or the poll interval (deliveries queued or released by other replicas, expired claims).
     */
    private void pump() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        long next = now + config.poll().toMillis();
        try {
            Map<String, WebhookTarget> targets = store.targets();
            Set<String> heads = new HashSet<>();
            for (ClaimSet.Item item : store.pending().items()) {
                String targetId = Delivery.targetOf(item.id());
                if (!heads.add(targetId) || inFlight.containsKey(targetId)) {
                    continue; // one delivery per target at a time, oldest first
                }
                WebhookTarget target = targets.get(targetId);
                if (target == null) {
                    store.pending().remove(item.id()); // its target was removed
                    continue;
                }
                if (!item.available(now)) {
                    next = Math.min(next, item.expiresAt() + 1); // another replica's, until its claim expires
                    continue;
                }
                Optional<byte[]> content = store.pending().peek(item);
                if (content.isEmpty()) {
                    continue;
                }
                Delivery d = store.decode(content.get());
                if (d.nextAttempt().toEpochMilli() > now) {
                    next = Math.min(next, d.nextAttempt().toEpochMilli());
                    continue;
                }
                Optional<ClaimSet.Claim> claim = store.pending().claim(item);
                if (claim.isEmpty()) {
                    continue; // another replica was faster
                }
                inFlight.put(targetId, claim.get());
                send(target, d).whenCompleteAsync((failure, err) -> finished(target, claim.get(), d,
                        err != null ? err.toString() : failure), thread);
            }
        } catch (Exception e) {
            LOG.errorf(e, "webhook delivery loop failed; trying again");
        }
        wakeUpAt(next);
    }

    private void wakeUpAt(long at) {
        if (wakeUp != null && !wakeUp.isDone() && wakeUpAt > clock.millis() && wakeUpAt <= at) {
            return; // an earlier wake-up is already due (the one running now does not count)
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = at;
        try {
            wakeUp = thread.schedule(this::pump, Math.max(0, at - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void finished(WebhookTarget target, ClaimSet.Claim claim, Delivery d, String failure) {
        if (inFlight.get(target.id()) != claim) {
            return; // the target was removed meanwhile (its items with it)
        }
        inFlight.remove(target.id());
        try {
            if (failure == null) {
                store.pending().complete(claim);
                store.count(target.id(), 1, 0, 0);
                delivered.increment();
            } else {
                Optional<Instant> next = retries.nextAttempt(d.attempts() + 1, clock.instant());
                if (next.isEmpty()) {
                    store.pending().complete(claim);
                    store.count(target.id(), 0, 1, 0);
                    failed.increment();
                    LOG.warnf("webhook %s: gave up on event %s after %d attempts (last: %s)", target.id(), d.eventId(),
                            d.attempts() + 1, failure);
                } else {
                    Delivery retry = d.failedAttempt(next.get());
                    store.pending().release(store.pending().rewrite(claim, store.encode(retry)));
                    LOG.debugf("webhook %s: event %s attempt %d failed (%s), next at %s", target.id(), d.eventId(),
                            retry.attempts(), failure, retry.nextAttempt());
                }
            }
        } catch (ClaimLostException e) {
            LOG.infof("webhook %s: the delivery of event %s was taken over by another replica", target.id(), d.eventId());
        } catch (RuntimeException e) {
            LOG.errorf(e, "webhook %s: could not record the outcome for event %s", target.id(), d.eventId());
        }
        pump();
    }

    /**
     * Completes with null when the receiver answered 2xx, else with why not. Runs on the webhook thread. The whole
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

    private <T> Uni<T> onThread(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<T> f = new CompletableFuture<>();
            thread.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            return f;
        });
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

    private WebhookView view(WebhookTarget t, boolean withSecret, int pending) {
        WebhookStats s = store.stats(t.id());
        return new WebhookView(t.id(), t.url(), withSecret ? t.secret() : null, t.bucket(), t.prefix(), t.suffix(),
                t.events(), t.created(), pending, s.delivered(), s.failed(), s.dropped());
    }
}
