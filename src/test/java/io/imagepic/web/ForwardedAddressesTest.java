package io.imagepic.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** When the per-address limits could not tell clients apart, the service must not start. */
class ForwardedAddressesTest {

    @Test
    void theSettingsThatCouldNotTellClientsApartAreRefused() {
        assertEquals(ForwardedAddresses.OFF_BEHIND_PROXY, ForwardedAddresses.refusal(true, false, true));
        assertEquals(ForwardedAddresses.OFF_BEHIND_PROXY, ForwardedAddresses.refusal(true, false, false));
        assertEquals(ForwardedAddresses.NO_TRUSTED_PROXIES, ForwardedAddresses.refusal(false, true, false));
        assertEquals(ForwardedAddresses.NO_TRUSTED_PROXIES, ForwardedAddresses.refusal(true, true, false));
        assertNull(ForwardedAddresses.refusal(true, true, true), "behind a proxy, as prod runs");
        assertNull(ForwardedAddresses.refusal(false, false, true), "reached directly, as a local run");
        assertNull(ForwardedAddresses.refusal(false, true, true), "forwarding set by hand, with trusted proxies");
    }
}
