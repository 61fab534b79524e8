package io.imagepic.cluster;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.ReplicaId;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Messages every other replica hears within milliseconds: a publisher hands a message over and returns at once;
 * each peer has its own queue, sent in order one batch at a time, so a slow or dead peer delays nobody but
 * itself (its queue is bounded and dropped while it is down). Peers come from {@code imagepic.cluster.peers}
 * or the addresses of a headless Service; a replica that receives its own message answers 409 and the sender
 * forgets that address (each instance ignores itself without knowing its own URL). Every request is signed
 * with the shared secret ({@link PeerSigner}); receivers drop unsigned, stale or repeated messages.
 *
 * <p>
 * Delivery is best effort, meant for live notifications and cache invalidations; durable work goes through
 * the state package (files on the shared volume).
 */
@ApplicationScoped
public class ClusterBus {

    public static final String PATH = "/internal/cluster/messages";
    static final String ORIGIN_HEADER = "X-Imagepic-Replica";
    private static final Logger LOG = Logger.getLogger(ClusterBus.class);
    private static final int BATCH = 200;
    private static final int MAX_RETRIES = 3;
    private static final long DOWN_FOR_MILLIS = 3_000;
    private static final int SEEN_IDS = 10_000;
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };

    /** One message: a topic, an opaque (JSON) body, and an id receivers use to drop repeats. */
    @RegisterForReflection
    public record Message(String id, String topic, String body) {
    }

    private final ClusterConfig config;
    private final PeerSigner signer;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final String self = ReplicaId.get();
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<String> selfUrls = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    });
    private final AtomicLong dropped = new AtomicLong();
    private HttpClient client;
    private Context context;
    private long refreshTimer = -1;

    private final Edge edge;

    ClusterBus(ClusterConfig config, PeerSigner signer, ObjectMapper json, Vertx vertx, Edge edge) {
        this.edge = edge;
        this.config = config;
        this.signer = signer;
        this.json = json;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(true).setMaxPoolSize(2));
        context = vertx.getOrCreateContext();
        if (config.peers().isPresent()) {
            setPeers(new LinkedHashSet<>(config.peers().get()));
        } else if (config.service().isPresent()) {
            refresh();
            refreshTimer = vertx.setPeriodic(config.refresh().toMillis(), t -> refresh());
        }
    }

    void routes(@Observes Router router) {
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(8L * 1024 * 1024)).handler(this::receive);
    }

    @PreDestroy
    void stop() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
    }

    /** Registers a handler for a topic; it runs on an event loop and must not block. */
    public void subscribe(String topic, Consumer<String> handler) {
        handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Hands the message to every peer's queue; never blocks, never fails the caller. */
    public void publish(String topic, String body) {
        if (links.isEmpty() || context == null) {
            return;
        }
        Message m = new Message(UUID.randomUUID().toString(), topic, body);
        context.runOnContext(v -> links.values().forEach(l -> l.offer(m)));
    }

    /** The peers this replica sends to now (itself excluded once recognised). */
    public List<String> peers() {
        return List.copyOf(links.keySet());
    }

    /** Messages dropped because a peer was down or too slow. */
    public long dropped() {
        return dropped.get();
    }

    private void setPeers(Set<String> urls) {
        Runnable apply = () -> {
            for (String url : urls) {
                String base = normalise(url);
                if (base != null && !selfUrls.contains(base)) {
                    links.computeIfAbsent(base, PeerLink::new);
                }
            }
            links.keySet().removeIf(base -> urls.stream().map(ClusterBus::normalise).noneMatch(base::equals));
        };
        if (context == null) {
            apply.run();
        } else {
            context.runOnContext(v -> apply.run());
        }
    }

    /** Looks up the headless Service (blocking DNS, on a worker). */
    private void refresh() {
        String service = config.service().orElseThrow();
        vertx.<Set<String>> executeBlocking(() -> {
            Set<String> urls = new LinkedHashSet<>();
            for (InetAddress a : InetAddress.getAllByName(service)) {
                String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
                urls.add("http://" + host + ":" + config.servicePort());
            }
            return urls;
        }, false).onSuccess(this::setPeers)
                .onFailure(e -> LOG.debugf("cannot look up peers through %s: %s", service, e.toString()));
    }

    private void receive(RoutingContext rc) {
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        if (!signer.verify(rc.request().getHeader(PeerSigner.HEADER), body)) {
            edge.fail(rc, ApiError.unauthorized(ClusterMsg.BAD_SIGNATURE));
            return;
        }
        if (self.equals(rc.request().getHeader(ORIGIN_HEADER))) {
            edge.fail(rc, ApiError.conflict(ClusterMsg.SELF)); // our own message: the sender drops this address
            return;
        }
        List<Message> messages;
        try {
            messages = json.readValue(body, MESSAGES);
        } catch (Exception e) {
            edge.fail(rc, ApiError.badRequest(ClusterMsg.MALFORMED));
            return;
        }
        for (Message m : messages) {
            if (m.id() == null || seen.put(m.id(), Boolean.TRUE) != null) {
                continue; // a batch resent after a lost answer
            }
            for (Consumer<String> h : handlers.getOrDefault(m.topic(), List.of())) {
                try {
                    h.accept(m.body());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "handler of cluster topic %s failed", m.topic());
                }
            }
        }
        edge.ok(rc, Map.of("received", messages.size()));
    }

    private static String normalise(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring peer URL %s: %s", url, e.getMessage());
            return null;
        }
    }

    /** One peer's queue; touched on the bus context only. */
    private final class PeerLink {
        private final String base;
        private final ArrayDeque<Message> queue = new ArrayDeque<>();
        private boolean inFlight;
        private int failures;
        private long downUntil;

        PeerLink(String base) {
            this.base = base;
        }

        void offer(Message m) {
            if (System.currentTimeMillis() < downUntil || queue.size() >= config.queue()) {
                dropped.incrementAndGet();
                return;
            }
            queue.add(m);
            sendNext();
        }

        private void sendNext() {
            if (inFlight || queue.isEmpty() || links.get(base) != this) {
                return;
            }
            List<Message> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            for (Message m : queue) {
                if (batch.size() >= BATCH) {
                    break;
                }
                batch.add(m);
            }
            byte[] body;
            try {
                body = json.writeValueAsBytes(batch);
            } catch (JsonProcessingException e) {
                LOG.errorf(e, "cannot encode cluster messages");
                queue.clear();
                return;
            }
            inFlight = true;
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + PATH)
                    .setConnectTimeout(config.timeout().toMillis()).setIdleTimeout(config.timeout().toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader(ORIGIN_HEADER, self)
                    .putHeader(PeerSigner.HEADER, signer.sign(body));
            client.request(options)
                    .compose(req -> req.send(Buffer.buffer(body)))
                    .onComplete(ar -> context.runOnContext(v -> {
                        inFlight = false;
                        int status = ar.succeeded() ? ar.result().statusCode() : -1;
                        if (ar.succeeded()) {
                            ar.result().body(); // drain the (empty) answer so the connection is reused
                        }
                        done(batch.size(), status, ar.failed() ? ar.cause().toString() : "HTTP " + status);
                    }));
        }

        private void done(int sent, int status, String failure) {
            if (status / 100 == 2) {
                failures = 0;
                for (int i = 0; i < sent; i++) {
                    queue.poll();
                }
                sendNext();
            } else if (status == 409) {
                selfUrls.add(base); // that is us
                links.remove(base, this);
                queue.clear();
                LOG.debugf("peer %s is this replica itself", base);
            } else if (++failures <= MAX_RETRIES) {
                vertx.setTimer(100L << failures, t -> context.runOnContext(v -> sendNext()));
            } else {
                LOG.debugf("peer %s unreachable (%s): %d message(s) dropped", base, failure, queue.size());
                dropped.addAndGet(queue.size());
                queue.clear();
                failures = 0;
                downUntil = System.currentTimeMillis() + DOWN_FOR_MILLIS;
            }
        }
    }
}
