package io.imagepic.account;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client address limits are counted by: the peer address Vert.x gives, which Quarkus replaces by the one
 * in Forwarded / X-Forwarded-For only when {@code quarkus.http.proxy.*} says to (and, with
 * {@code trusted-proxies}, only from those proxies), so a client cannot pick its own address by sending the
 * header. IPv6 clients count per /64: a single host usually holds a whole /64.
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?");

    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        return remote == null ? "unknown" : key(remote.hostAddress() != null ? remote.hostAddress() : remote.host());
    }

    /** The key of an address literal: the IPv4 address, or the /64 of an IPv6 address. */
    static String key(String host) {
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (IPV4.matcher(h).matches()) {
            String[] parts = h.split("\\.");
            StringBuilder v4 = new StringBuilder();
            for (String p : parts) {
                int n = Integer.parseInt(p);
                if (n > 255) {
                    return "invalid";
                }
                v4.append(v4.isEmpty() ? "" : ".").append(n);
            }
            return v4.toString();
        }
        // IPv6 literals only (with a ':' getByName never asks DNS)
        if (h.indexOf(':') >= 0 && IPV6.matcher(h).matches()) {
            try {
                InetAddress a = InetAddress.getByName(h);
                byte[] b = a.getAddress();
                if (b.length == 4) {
                    return a.getHostAddress(); // also IPv4-mapped IPv6 addresses
                }
                return HexFormat.of().formatHex(b, 0, 8) + "::/64";
            } catch (UnknownHostException e) {
                // not a literal after all
            }
        }
        String name = h.toLowerCase(Locale.ROOT);
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
