package io.imagepic.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.imagepic.link.LinkConfig;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the console: the page at {@code /} (never cached without revalidation, strict Content-Security-Policy)
 * and its files under {@code /console/} with content-hashed names (cached for a year, immutable). Everything is
 * in memory, built at start, so answers never block the event loop; gzip is chosen per request. The bundle is built
 * on a thread of its own beside the rest of the start (reading, rewriting, hashing and compressing the files was a
 * few per cent of the main thread's start); a request that comes before it is done waits for it without blocking,
 * and the start waits for it too, so a broken bundle still stops the start.
 */
@ApplicationScoped
public class ConsoleRoute {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ConsoleConfig config;
    private final Edge edge;
    private final Optional<String> publicBaseUrl;
    private CompletableFuture<AssetBundle> bundle;
    private String csp;

    ConsoleRoute(ConsoleConfig config, Edge edge,
            LinkConfig links) {
        this.config = config;
        this.edge = edge;
        this.publicBaseUrl = links.publicBaseUrl();
    }

    void register(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        bundle = CompletableFuture.supplyAsync(() -> new AssetBundle(name -> resource(loader, name), "index.html"), r -> {
            Thread t = new Thread(r, "imagepic-console-bundle");
            t.setDaemon(true);
            t.start();
        });
        csp = contentSecurityPolicy(imageOrigins());
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::index);
        router.route(AssetBundle.PREFIX + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::asset);
    }

    /** The start fails, as it always did, when the bundle cannot be built (a missing file, a bad name, a cycle). */
    void built(@Observes StartupEvent event) {
        if (bundle != null) {
            try {
                bundle.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** Runs {@code then} with the bundle: at once when it is built, else on this request's context once it is. */
    private void withBundle(RoutingContext rc, Consumer<AssetBundle> then) {
        AssetBundle built = bundle.getNow(null);
        if (built != null) {
            then.accept(built);
            return;
        }
        Context context = Vertx.currentContext();
        bundle.whenComplete((done, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                rc.fail(failure);
            } else {
                then.accept(done);
            }
        }));
    }

    /**
     * No inline script or style may run; scripts, styles and API calls come from this origin only. Images may
     * also be {@code blob:} URLs: private images are fetched with the token and shown from memory.
     */
    static String contentSecurityPolicy(Set<String> imageOrigins) {
        String images = String.join(" ", imageOrigins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:"
                + (images.isEmpty() ? "" : " " + images)
                + "; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
    }

    private Set<String> imageOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        publicBaseUrl.map(ConsoleRoute::origin).ifPresent(origins::add);
        config.imageOrigins().orElse(List.of()).stream().map(ConsoleRoute::origin).forEach(origins::add);
        return origins;
    }

    /** {@code scheme://host[:port]} of a URL; refuses anything that could widen the policy (spaces, ';', '*'). */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    void index(RoutingContext rc) {
        withBundle(rc, b -> {
            HttpServerResponse response = rc.response();
            response.putHeader("Content-Security-Policy", csp)
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cross-Origin-Opener-Policy", "same-origin");
            send(rc, b.index(), "no-cache");
        });
    }

    void asset(RoutingContext rc) {
        withBundle(rc, b -> {
            Optional<AssetBundle.Asset> asset = b.at(rc.request().path());
            if (asset.isEmpty()) {
                edge.fail(rc, ApiError.notFound(ConsoleMsg.NO_SUCH_FILE, rc.request().path()));
                return;
            }
            send(rc, asset.get(), IMMUTABLE);
        });
    }

    private static void send(RoutingContext rc, AssetBundle.Asset asset, String cacheControl) {
        boolean gzip = asset.gzip() != null && acceptsGzip(String.join(",", rc.request().headers().getAll("Accept-Encoding")));
        String etag = asset.etag(gzip);
        HttpServerResponse response = rc.response()
                .putHeader("Content-Type", asset.contentType())
                .putHeader("Cache-Control", cacheControl)
                .putHeader("ETag", etag)
                .putHeader("Vary", "Accept-Encoding")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (matches(rc.request().getHeader("If-None-Match"), etag)) {
            response.setStatusCode(304).end();
            return;
        }
        byte[] body = gzip ? asset.gzip() : asset.body();
        if (gzip) {
            response.putHeader("Content-Encoding", "gzip");
        }
        response.putHeader("Content-Length", String.valueOf(body.length));
        if (rc.request().method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                return p.length < 2 || !p[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream("console/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
