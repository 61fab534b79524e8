package io.imagepic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs after {@code mvn package} (failsafe): the manifests committed under k8s/ must be the ones the
 * build just rendered from application.properties and src/main/kubernetes/, so nobody edits them by hand.
 */
class ManifestsDriftIT {

    private static final String HOW_TO_UPDATE = "k8s/ is generated: change application.properties or"
            + " src/main/kubernetes/, then run `mvn package -DskipTests && cp target/kubernetes/kubernetes.yml k8s/prod/"
            + " && cp target/kubernetes-dev/minikube.yml k8s/dev/`";

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void committedManifestsAreTheRenderedOnes(Manifests flavour) {
        assumeFalse(flavour == Manifests.DEV && Boolean.getBoolean("k8s-dev.skip"), "dev manifests not rendered by this build");
        assertTrue(Files.isRegularFile(flavour.rendered), flavour.rendered + " was not rendered by the build");
        assertTrue(Files.isRegularFile(flavour.committed), flavour.committed + " is missing. " + HOW_TO_UPDATE);

        List<JsonNode> rendered = Manifests.canonical(flavour.rendered);
        List<JsonNode> committed = Manifests.canonical(flavour.committed);

        assertEquals(names(rendered), names(committed), flavour.committed + " declares other objects. " + HOW_TO_UPDATE);
        for (int i = 0; i < rendered.size(); i++) {
            assertEquals(rendered.get(i).toPrettyString(), committed.get(i).toPrettyString(),
                    flavour.committed + ": " + names(rendered).get(i) + " differs from the build. " + HOW_TO_UPDATE);
        }
    }

    private static List<String> names(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
    }
}
