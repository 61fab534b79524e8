package io.imagepic.web;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;

/**
 * The packaged service refuses to start when its per-address limits could not tell clients apart: behind a declared
 * proxy with address forwarding turned off (every client the proxy's address), or forwarding with no trusted proxy
 * (every client its own choice of address). As the prod manifests configure it, it starts.
 */
class ForwardedAddressesPackagedIT {

    /** Behind a proxy with its trusted addresses, as the prod manifests say (and the other site tests run it). */
    @RegisterExtension
    static final PackagedService asProdConfiguresIt = PackagedService.with(Profiles.Site.SETTINGS).withoutRestAssured();

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void refusesToStartWhenTheLimitsCouldNotTellClientsApart() throws Exception {
        refused(PackagedInstances.of(1).property("imagepic.http.behind-proxy", "true")
                .property("quarkus.http.proxy.proxy-address-forwarding", "false"),
                "imagepic.http.behind-proxy is true, but quarkus.http.proxy.proxy-address-forwarding");
        refused(PackagedInstances.of(1).property("quarkus.http.proxy.proxy-address-forwarding", "true")
                .property("quarkus.http.proxy.allow-x-forwarded", "true")
                .property("quarkus.http.proxy.trusted-proxies", ""),
                "quarkus.http.proxy.proxy-address-forwarding is on, but no trusted proxy is set");

        assertTrue(asProdConfiguresIt.instance().log().contains("Listening on: "));
    }

    private static void refused(PackagedInstances instances, String reason) throws Exception {
        Throwable refused = assertThrows(Throwable.class, instances::start);
        String log = Files.readString(instances.dir().resolve("i0.log"));
        assertTrue(refused.getMessage().contains("exited"), refused.toString());
        assertTrue(log.contains(reason), log);
        assertTrue(!log.contains("Listening on: "), "never listened: " + log);
    }
}
