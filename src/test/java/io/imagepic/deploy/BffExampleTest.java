package io.imagepic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The README's example of a BFF holding a service token: a valid manifest that takes the token from a Secret. */
class BffExampleTest {

    static final Path EXAMPLE = Path.of("k8s/examples/bff-service-token.yml");

    @Test
    void theTokenComesFromASecretAndNowhereElse() throws Exception {
        List<HasMetadata> resources = Manifests.load(EXAMPLE); // strict: unknown kinds or fields fail
        Deployment bff = resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        EnvVar token = bff.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("IMAGEPIC_TOKEN")).findFirst().orElseThrow();
        assertEquals(null, token.getValue(), "never a literal token");
        assertEquals("shop-bff-imagepic", token.getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", token.getValueFrom().getSecretKeyRef().getKey());

        String text = Files.readString(EXAMPLE);
        assertTrue(text.contains("kubectl create secret generic shop-bff-imagepic --from-file=token="),
                "the comment shows how the Secret is made, with the same name");
        assertFalse(text.matches("(?s).*ipt_[0-9a-f]{16}_.*"), "no token in the example");
    }
}
