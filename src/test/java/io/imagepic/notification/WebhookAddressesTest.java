package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

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

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]" })
    void publicAddressesAreAllowed(String host) throws Exception {
        defaults.check(host);
    }

    @ParameterizedTest(name = "{0} blocked by the service range {1}")
    @CsvSource({ "203.0.113.7, 203.0.113.0/24", "198.51.100.200, 198.51.100.128/25" })
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
