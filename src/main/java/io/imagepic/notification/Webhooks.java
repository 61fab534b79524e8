package io.imagepic.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imagepic.web.ApiError;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Webhook targets and their deliveries. Each target has a queue delivered in order, one POST at a time;
 * a failed POST is retried after an exponential backoff, its attempt count and next time written to
 * disk first, so a restart resumes where it stopped (at-least-once: a crash between the receiver's 2xx
 * and the file's removal repeats a delivery; receivers dedupe by the delivery header).
 *
 * <p>
 * All state and file work runs on one dedicated thread: it orders the file writes of a delivery
 * (create, update, delete) without locks, and keeps fsyncs off the callers' threads.
 */
@ApplicationScoped
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotificationConfig.Webhook config;
    private final WebhookStore store;
    private final ScheduledExecutorService thread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imagepic-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    /** Touched on the webhook thread only. */
    private final Map<String, TargetState> targets = new LinkedHashMap<>();
    private long nextSeq = 1;
    /** Read by publishers on any thread: skips the hand-off when nobody listens. */
    private volatile boolean anyTargets;

    Webhooks(NotificationConfig config, WebhookStore store) {
        this.config = config.webhook();
        this.store = store;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void start(@Observes StartupEvent ev) throws Exception {
        onThread(this::load).await().indefinitely();
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    /** Never blocks: the event is queued for the webhook thread. */
    void offer(StorageEvent event, String body) {
        if (!anyTargets) {
            return;
        }
        try {
            thread.execute(() -> enqueue(event, body));
        } catch (RejectedExecutionException e) {
            LOG.debugf("shutting down, event %s not queued for webhooks", event.id());
        }
    }

    public Uni<WebhookView> register(WebhookRequest request) {
        URI url = validUrl(request.url());
        EventFilter filter = EventFilter.of(request.bucket(), request.prefix(), request.suffix(), request.events());
        String secret = request.secret() != null ? request.secret() : newSecret();
        return onThread(() -> {
            if (targets.size() >= config.maxTargets()) {
                throw ApiError.conflict(NotificationMsg.TOO_MANY_TARGETS, config.maxTargets());
            }
            WebhookTarget target = new WebhookTarget(UUID.randomUUID().toString(), url.toString(), secret,
                    filter.bucket(), filter.prefix(), filter.suffix(), filter.events(), Instant.now());
            List<WebhookTarget> all = new ArrayList<>(targets.values().stream().map(s -> s.target).toList());
            all.add(target);
            store.saveTargets(all);
            TargetState state = new TargetState(target);
            targets.put(target.id(), state);
            anyTargets = true;
            return view(state, true);
        });
    }

    public Uni<List<WebhookView>> list() {
        return onThread(() -> targets.values().stream().map(s -> view(s, false)).toList());
    }

    /** Removes the target and drops its pending deliveries. */
    public Uni<Void> remove(String id) {
        return onThread(() -> {
            TargetState state = targets.get(id);
            if (state == null) {
                throw ApiError.notFound(NotificationMsg.NO_SUCH_WEBHOOK, id);
            }
            List<WebhookTarget> rest = targets.values().stream().map(s -> s.target).filter(t -> !t.id().equals(id)).toList();
            store.saveTargets(rest);
            targets.remove(id);
            anyTargets = !targets.isEmpty();
            if (state.timer != null) {
                state.timer.cancel(false);
            }
            for (Delivery d : state.queue) {
                store.delete(d);
            }
            state.queue.clear();
            return null;
        });
    }

    private Void load() throws Exception {
        store.open();
        for (WebhookTarget t : store.loadTargets()) {
            targets.put(t.id(), new TargetState(t));
        }
        int resumed = 0;
        for (Delivery d : store.loadPending()) {
            nextSeq = Math.max(nextSeq, d.seq() + 1);
            TargetState state = targets.get(d.targetId());
            if (state == null) {
                store.delete(d); // its target was removed while the delivery was being written
            } else {
                state.queue.add(d);
                resumed++;
            }
        }
        anyTargets = !targets.isEmpty();
        LOG.infof("webhooks: %d targets, %d pending deliveries resumed", targets.size(), resumed);
        targets.values().forEach(this::pump);
        return null;
    }

    private void enqueue(StorageEvent event, String body) {
        for (TargetState state : targets.values()) {
            if (!state.target.filter().matches(event)) {
                continue;
            }
            if (state.queue.size() >= config.maxPending()) {
                state.dropped++;
                LOG.warnf("webhook %s has %d deliveries pending, event %s dropped", state.target.id(),
                        state.queue.size(), event.id());
                continue;
            }
            Delivery d = new Delivery(nextSeq++, state.target.id(), event.id(), event.type(), body, 0, Instant.now());
            try {
                store.write(d);
            } catch (Exception e) {
                LOG.errorf(e, "could not record delivery of event %s to webhook %s; sending it anyway", event.id(),
                        state.target.id());
            }
            state.queue.add(d);
            pump(state);
        }
    }

    /** Sends the head of the queue when it is due; otherwise wakes up when it is. */
    private void pump(TargetState state) {
        if (state.inFlight || state.queue.isEmpty() || targets.get(state.target.id()) != state) {
            return;
        }
        Delivery head = state.queue.peek();
        long wait = Duration.between(Instant.now(), head.nextAttempt()).toMillis();
        if (wait > 0) {
            if (state.timer == null) {
                state.timer = thread.schedule(() -> {
                    state.timer = null;
                    pump(state);
                }, wait, TimeUnit.MILLISECONDS);
            }
            return;
        }
        state.inFlight = true;
        send(state.target, head).whenCompleteAsync((failure, err) -> {
            state.inFlight = false;
            finished(state, head, err != null ? err.toString() : failure);
        }, thread);
    }

    /** Completes with null when the receiver answered 2xx, else with why not. */
    private CompletableFuture<String> send(WebhookTarget target, Delivery d) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "imagepic-webhooks")
                .header(WebhookSigner.EVENT_HEADER, d.eventType())
                .header(WebhookSigner.DELIVERY_HEADER, d.eventId())
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signature(target.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode());
    }

    private void finished(TargetState state, Delivery d, String failure) {
        if (targets.get(state.target.id()) != state || state.queue.peek() != d) {
            return; // the target was removed meanwhile
        }
        try {
            if (failure == null) {
                state.queue.poll();
                state.delivered++;
                store.delete(d);
            } else if (d.attempts() + 1 >= config.maxAttempts()) {
                state.queue.poll();
                state.failed++;
                store.delete(d);
                LOG.warnf("webhook %s: gave up on event %s after %d attempts (last: %s)", state.target.id(),
                        d.eventId(), d.attempts() + 1, failure);
            } else {
                Delivery retry = d.failedAttempt(Instant.now().plus(backoff(d.attempts() + 1)));
                store.write(retry);
                state.queue.poll();
                state.queue.addFirst(retry);
                LOG.debugf("webhook %s: event %s attempt %d failed (%s), next at %s", state.target.id(),
                        d.eventId(), retry.attempts(), failure, retry.nextAttempt());
            }
        } catch (Exception e) {
            LOG.errorf(e, "webhook %s: could not record the outcome for event %s", state.target.id(), d.eventId());
        }
        pump(state);
    }

    /** initial × 2^(failures-1), capped. */
    Duration backoff(int failures) {
        Duration d = config.initialBackoff().multipliedBy(1L << Math.min(failures - 1, 30));
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
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
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static WebhookView view(TargetState s, boolean withSecret) {
        WebhookTarget t = s.target;
        return new WebhookView(t.id(), t.url(), withSecret ? t.secret() : null, t.bucket(), t.prefix(), t.suffix(),
                t.events(), t.created(), s.queue.size(), s.delivered, s.failed, s.dropped);
    }

    /** A target and its queue, on the webhook thread. */
    private static final class TargetState {
        final WebhookTarget target;
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        boolean inFlight;
        ScheduledFuture<?> timer;
        long delivered;
        long failed;
        long dropped;

        TargetState(WebhookTarget target) {
            this.target = target;
        }
    }
}
