package io.imagepic.web;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

/**
 * Refuses to start when the per-address limits could not tell clients apart: behind a declared proxy with address
 * forwarding off (every client would have the proxy's address: about 20 failed logins from anyone would hold back
 * everyone's), or with forwarding on and no trusted proxies (any client could name its own address in
 * X-Forwarded-For and never be held back).
 */
@Startup
@Singleton
public class ForwardedAddresses {

    static final String OFF_BEHIND_PROXY = "imagepic.http.behind-proxy is true, but quarkus.http.proxy.proxy-address-forwarding"
            + " (with allow-x-forwarded or allow-forwarded) is off: every client would have the proxy's address, and one"
            + " client's failed logins would hold back every user. Remove the override of quarkus.http.proxy.*, or set"
            + " IMAGEPIC_HTTP_BEHIND_PROXY=false if no proxy forwards to this service";
    static final String NO_TRUSTED_PROXIES = "quarkus.http.proxy.proxy-address-forwarding is on, but no trusted proxy is set:"
            + " any client could name its own address in X-Forwarded-For and escape the per-address limits. Set"
            + " IMAGEPIC_HTTP_TRUSTED_PROXIES to the ingress controller's addresses or range";

    ForwardedAddresses(WebConfig config,
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false") boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded") Optional<Boolean> xForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.allow-forwarded", defaultValue = "false") boolean forwarded,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trusted) {
        String refusal = refusal(config.behindProxy(), forwarding && (xForwarded.orElse(false) || forwarded),
                trusted.map(t -> t.stream().anyMatch(s -> !s.isBlank())).orElse(false));
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
    }

    /** Why the service must not start with these settings, or null. */
    public static String refusal(boolean behindProxy, boolean forwarding, boolean anyTrusted) {
        if (behindProxy && !forwarding) {
            return OFF_BEHIND_PROXY;
        }
        if (forwarding && !anyTrusted) {
            return NO_TRUSTED_PROXIES;
        }
        return null;
    }
}
