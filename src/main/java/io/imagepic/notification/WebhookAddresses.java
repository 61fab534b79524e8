package io.imagepic.notification;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may go: globally routable unicast addresses only, unless allowed on purpose. A target's host is
 * resolved and every address it resolves to is checked against the IANA special-purpose registries: loopback,
 * private (RFC 1918, RFC 4193), shared (RFC 6598), link-local (cloud metadata at 169.254.169.254), documentation,
 * benchmarking, multicast, reserved and unspecified addresses are refused, as are the configured blocked ranges
 * (the cluster's service range). IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64
 * {@code 64:ff9b::/96} and the local-use {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32})
 * are decoded and the IPv4 address inside is checked too: {@code [64:ff9b::a9fe:a9fe]} is the metadata endpoint.
 * A host name, an address or a range on the allow-list admits an address on purpose (matched as written, never
 * through an embedded address). Deliveries connect to the very address that was checked, so a DNS answer that
 * changes between check and connection (rebinding) cannot redirect them.
 */
final class WebhookAddresses {

    /** A refused target, with the reason (for the 400 answer). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** IPv4 ranges that are not globally reachable (IANA IPv4 Special-Purpose Address Registry, plus multicast). */
    private static final List<Named> IPV4_SPECIAL = List.of(
            Named.of("0.0.0.0/8", "an unspecified (\"this network\")"),
            Named.of("10.0.0.0/8", "a private"),
            Named.of("100.64.0.0/10", "a shared (carrier-grade NAT)"),
            Named.of("127.0.0.0/8", "a loopback"),
            Named.of("169.254.0.0/16", "a link-local"),
            Named.of("172.16.0.0/12", "a private"),
            Named.of("192.0.0.0/24", "an IETF protocol"),
            Named.of("192.0.2.0/24", "a documentation"),
            Named.of("192.88.99.0/24", "a 6to4 relay"),
            Named.of("192.168.0.0/16", "a private"),
            Named.of("198.18.0.0/15", "a benchmarking"),
            Named.of("198.51.100.0/24", "a documentation"),
            Named.of("203.0.113.0/24", "a documentation"),
            Named.of("224.0.0.0/4", "a multicast"),
            Named.of("240.0.0.0/4", "a reserved"));

    /** Inside 2000::/3 (global unicast), the ranges that are not globally reachable. */
    private static final List<Named> IPV6_SPECIAL = List.of(
            Named.of("2001:2::/48", "a benchmarking"),
            Named.of("2001:10::/28", "an ORCHID"),
            Named.of("2001:db8::/32", "a documentation"),
            Named.of("3fff::/20", "a documentation"));

    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");

    private final List<String> allowedNames = new ArrayList<>();
    private final List<Cidr> allowed = new ArrayList<>();
    private final List<Cidr> blocked = new ArrayList<>();

    WebhookAddresses(Optional<List<String>> allowList, List<String> blockedRanges) {
        for (String entry : allowList.orElse(List.of())) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            Cidr cidr = Cidr.parse(e);
            if (cidr != null) {
                allowed.add(cidr);
            } else {
                allowedNames.add(e);
            }
        }
        for (String range : blockedRanges) {
            Cidr cidr = Cidr.parse(range.trim());
            if (cidr == null) {
                throw new IllegalArgumentException("not an address range: " + range);
            }
            blocked.add(cidr);
        }
    }

    /** Resolves host (blocking DNS) and answers the address to connect to, or why not. */
    InetAddress check(String host) throws Refused {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new Refused("webhook host " + host + " does not resolve");
        }
        boolean nameAllowed = allowedNames.contains(name);
        for (InetAddress a : addresses) {
            String why = notGlobal(a);
            if (why != null && !nameAllowed && allowed.stream().noneMatch(c -> c.contains(a))) {
                throw new Refused("webhook host " + host + " resolves to " + why + " address " + a.getHostAddress()
                        + ": only globally routable unicast addresses are allowed (allow it on purpose with"
                        + " imagepic.notification.webhook-allowed-hosts)");
            }
        }
        return addresses[0];
    }

    /** Why the address is no globally routable unicast one (or blocked), or null when it is one. */
    String notGlobal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            for (Named n : IPV4_SPECIAL) {
                if (n.range().contains(b)) {
                    return n.kind();
                }
            }
            if ((b[0] & 0xff) == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return "a broadcast";
            }
        } else if (a instanceof Inet6Address) {
            Optional<String> embedded = embeddedV4(b);
            if (embedded.isPresent()) {
                return embedded.get().isEmpty() ? blocked(b) : embedded.get();
            }
            if (!GLOBAL_UNICAST_V6.contains(b)) {
                return kindOutsideGlobalUnicast(b);
            }
            for (Named n : IPV6_SPECIAL) {
                if (n.range().contains(b)) {
                    return n.kind();
                }
            }
        }
        return blocked(b);
    }

    private String blocked(byte[] b) {
        for (Cidr c : blocked) {
            if (c.contains(b)) {
                return "a blocked (imagepic.notification.webhook-blocked-ranges)";
            }
        }
        return null;
    }

    /**
     * For the IPv6 forms that carry an IPv4 address: why the form or the address inside is refused, or "" when
     * every IPv4 address inside is global; empty when the address is of no such form.
     */
    private Optional<String> embeddedV4(byte[] b) {
        if (IPV4_MAPPED.contains(b)) {
            return Optional.of(inside("an IPv4-mapped", v4(b, 12, false)));
        }
        if (IPV4_COMPATIBLE.contains(b)) {
            if (isZero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
                return Optional.empty(); // :: and ::1, answered as what they are
            }
            return Optional.of("an IPv4-compatible (deprecated, embeds " + v4(b, 12, false).getHostAddress() + ")");
        }
        if (NAT64_LOCAL.contains(b)) {
            return Optional.of("a local-use NAT64 (64:ff9b:1::/48, embeds " + v4(b, 12, false).getHostAddress() + ")");
        }
        if (NAT64.contains(b)) {
            return Optional.of(inside("a NAT64", v4(b, 12, false)));
        }
        if (SIX_TO_FOUR.contains(b)) {
            return Optional.of(inside("a 6to4", v4(b, 2, false)));
        }
        if (TEREDO.contains(b)) {
            String server = inside("a Teredo", v4(b, 4, false));
            return Optional.of(server.isEmpty() ? inside("a Teredo", v4(b, 12, true)) : server); // client: inverted
        }
        return Optional.empty();
    }

    /** Why an IPv6 form is refused for the IPv4 address inside it, or "" when that address is global. */
    private String inside(String form, Inet4Address v4) {
        String why = notGlobal(v4);
        return why == null ? "" : form + " address embedding " + why + " (" + v4.getHostAddress() + ")";
    }

    private static String kindOutsideGlobalUnicast(byte[] b) {
        if (isZero(b, 0, 16)) {
            return "an unspecified";
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return "a loopback";
        }
        int first = b[0] & 0xff;
        if (first == 0xff) {
            return "a multicast";
        }
        if ((first & 0xfe) == 0xfc) {
            return "a private (unique local)";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "a link-local";
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "a site-local (deprecated)";
        }
        return "a non-global-unicast (outside 2000::/3)";
    }

    private static Inet4Address v4(byte[] b, int from, boolean inverted) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (inverted ? ~b[from + i] : b[from + i]);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private record Named(Cidr range, String kind) {
        static Named of(String range, String kind) {
            return new Named(Cidr.parse(range), kind);
        }
    }

    /** An address range such as 10.96.0.0/12 or fd00::/8; a bare address is a range of one. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String address = text;
            int bits = -1;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                address = text.substring(0, slash);
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (!address.matches("[0-9.]+") && !address.contains(":")) {
                return null; // a host name
            }
            try {
                byte[] net = InetAddress.getByName(address).getAddress(); // a literal: no lookup
                if (net.length == 4 && address.contains(":")) {
                    net = mapped(net); // Java answers ::ffff:a.b.c.d as an IPv4 address; the range is IPv6
                }
                int max = net.length * 8;
                return bits < 0 ? new Cidr(net, max) : bits <= max ? new Cidr(net, bits) : null;
            } catch (UnknownHostException e) {
                return null;
            }
        }

        boolean contains(InetAddress a) {
            return contains(a.getAddress());
        }

        boolean contains(byte[] b) {
            if (b.length != network.length) {
                return false;
            }
            int shift = b.length * 8 - bits;
            return new BigInteger(1, b).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }

        private static byte[] mapped(byte[] v4) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(v4, 0, v6, 12, 4);
            return v6;
        }
    }
}
