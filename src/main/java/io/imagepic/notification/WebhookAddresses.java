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
 * Where webhooks may go. A target's host is resolved and every address it resolves to is checked: loopback,
 * link-local (cloud metadata at 169.254.169.254), private (RFC 1918, RFC 4193), multicast, unspecified
 * addresses and the configured blocked ranges (the cluster's service range) are refused unless the host
 * name, the address or a range holding it is on the allow-list. Deliveries then connect to the very address
 * that was checked, so a DNS answer that changes between check and connection (rebinding) cannot redirect them.
 */
final class WebhookAddresses {

    /** A refused target, with the reason (for the 400 answer). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

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
            String why = forbidden(a);
            if (why != null && !nameAllowed && allowed.stream().noneMatch(c -> c.contains(a))) {
                throw new Refused("webhook host " + host + " resolves to " + why + " address " + a.getHostAddress()
                        + " (allow it on purpose with imagepic.notification.webhook-allowed-hosts)");
            }
        }
        return addresses[0];
    }

    private String forbidden(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isSiteLocalAddress() || isUniqueLocal(a) || isCarrierGradeNat(a)) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a instanceof Inet6Address && isMappedV4(a)) {
            try {
                byte[] b = a.getAddress();
                return forbidden(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
            } catch (UnknownHostException e) {
                return "an unusable";
            }
        }
        for (Cidr c : blocked) {
            if (c.contains(a)) {
                return "a blocked (cluster service range)";
            }
        }
        return null;
    }

    /** fc00::/7 (RFC 4193). */
    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10 (RFC 6598), used inside clusters and by carriers. */
    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static boolean isMappedV4(InetAddress a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
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
                int max = net.length * 8;
                return bits < 0 ? new Cidr(net, max) : bits <= max ? new Cidr(net, bits) : null;
            } catch (UnknownHostException e) {
                return null;
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int shift = b.length * 8 - bits;
            return new BigInteger(1, b).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
