package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where webhooks may go, decided on resolved addresses (literals here: no DNS needed). */
class WebhookAddressesTest {

    private final WebhookAddresses defaults = new WebhookAddresses(Optional.empty(), List.of("10.96.0.0/12"));

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = { "127.0.0.1", "127.9.9.9", "[::1]", "169.254.169.254", "[fe80::1]", "10.0.0.8", "172.16.3.4",
            "172.31.255.255", "192.168.1.1", "[fd00::5]", "[fc00::1]", "100.64.0.1", "224.0.0.1", "[ff02::1]", "0.0.0.0",
            "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "localhost" })
    void internalAddressesAreRefused(String host) {
        assertThrows(WebhookAddresses.Refused.class, () -> defaults.check(host));
    }

    /** IPv6 forms carrying an IPv4 address, decoded: each reaches an internal IPv4 address, or is not global. */
    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = { "[64:ff9b::a9fe:a9fe]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[64:ff9b:1::a9fe:a9fe]",
            "[64:ff9b:1::808:808]", "[::127.0.0.1]", "[::a9fe:a9fe]", "[::8.8.8.8]", "[2002:7f00:1::]",
            "[2002:a9fe:a9fe::1]", "[2002:c0a8:101::1]",
            // Teredo: server 65.54.227.120, client 127.0.0.1 (stored inverted); server 10.0.0.1
            "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[2001:0:a00:1::1]", "[::ffff:a9fe:a9fe]" })
    void embeddedInternalAddressesAreRefused(String host) {
        assertThrows(WebhookAddresses.Refused.class, () -> defaults.check(host));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = { "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "192.0.0.8", "192.88.99.1",
            "240.0.0.1", "255.255.255.255", "[2001:db8::1]", "[3fff::1]", "[2001:2::1]", "[fec0::1]", "[100::1]", "[::]" })
    void documentationReservedAndOtherNonGlobalAddressesAreRefused(String host) {
        assertThrows(WebhookAddresses.Refused.class, () -> defaults.check(host));
    }

    @Test
    void theReasonNamesTheEmbeddedAddress() {
        WebhookAddresses.Refused e = assertThrows(WebhookAddresses.Refused.class,
                () -> defaults.check("[64:ff9b::a9fe:a9fe]"));
        assertTrue(e.getMessage().contains("169.254.169.254"), e.getMessage());
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]", "[64:ff9b::808:808]",
            "[2002:808:808::1]", "[2001:0:4136:e378:8000:63bf:f7f7:f7f7]" })
    void publicAddressesAreAllowed(String host) throws Exception {
        defaults.check(host);
    }

    @ParameterizedTest(name = "{0} blocked by the service range {1}")
    @CsvSource({ "93.184.215.14, 93.184.215.0/24", "8.8.8.200, 8.8.8.128/25" })
    void theClusterServiceRangeIsRefused(String host, String range) throws Exception {
        WebhookAddresses a = new WebhookAddresses(Optional.empty(), List.of(range));
        assertThrows(WebhookAddresses.Refused.class, () -> a.check(host));
        new WebhookAddresses(Optional.empty(), List.of()).check(host);
    }

    @ParameterizedTest(name = "allow-list {1} admits {0}")
    @CsvSource({ "127.0.0.1, 127.0.0.1", "10.1.2.3, 10.1.0.0/16", "[fd00::5], fd00::/8", "localhost, localhost" })
    void theAllowListAdmitsInternalReceiversOnPurpose(String host, String allowed) throws Exception {
        WebhookAddresses a = new WebhookAddresses(Optional.of(List.of(allowed)), List.of());
        assertEquals(true, a.check(host) != null);
    }

    @ParameterizedTest(name = "allow-list {1} does not admit {0}")
    @CsvSource({ "127.0.0.2, 127.0.0.1", "10.2.0.1, 10.1.0.0/16", "169.254.169.254, localhost" })
    void theAllowListIsExact(String host, String allowed) {
        WebhookAddresses a = new WebhookAddresses(Optional.of(List.of(allowed)), List.of());
        assertThrows(WebhookAddresses.Refused.class, () -> a.check(host));
    }
}
