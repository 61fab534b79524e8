package io.imagepic.web;

import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP edge ({@code imagepic.http.*}). */
@ConfigMapping(prefix = "imagepic.http")
public interface WebConfig {

    /**
     * Largest body of a JSON route (every Quarkus REST resource): a larger one is answered 413 before it is read,
     * chunked ones as soon as they pass it. Uploads stream through routes of their own, with their own caps.
     */
    @WithDefault("64K")
    MemorySize maxJsonBody();

    /**
     * true: clients reach the service through a reverse proxy or ingress (the prod manifests say so). The client's
     * address is then taken from the X-Forwarded-For header the proxy sets (quarkus.http.proxy.* follow this
     * setting), believed only from {@code trusted-proxies}, so per-address limits (login, registration) count
     * clients, not the proxy. The service refuses to start when this is true but address forwarding was turned
     * off: every client would share the proxy's address, and one client's failed logins would hold back everyone.
     */
    @WithDefault("false")
    boolean behindProxy();

    /**
     * Addresses or ranges (CIDR) of the proxies whose X-Forwarded-For is believed (quarkus.http.proxy.trusted-proxies
     * is set from it). The default is the private ranges pod networks use: the prod NetworkPolicy admits only the
     * ingress controller to the public port, so no other pod can claim an address. Narrow
     * it to the ingress controller's pod range where the network allows more. The proxy must set the header to the
     * client's address, not append to what the client sent (ingress-nginx does by default).
     */
    @WithDefault("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7,127.0.0.0/8,::1/128")
    List<String> trustedProxies();
}
