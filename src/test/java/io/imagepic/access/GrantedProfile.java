package io.imagepic.access;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** {@code imagepic.access.default=granted}: what the production manifests set. */
public class GrantedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imagepic.access.default", "granted");
    }
}
