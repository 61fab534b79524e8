package io.imagepic.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.imagepic.support.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Checks the committed manifests (equal to the rendered ones, see {@link ManifestsDriftIT}) as a cluster
 * would use them: every reference resolves, every claim can bind, the service inside the pod is pointed at
 * the mounted directories, and the probes hit endpoints this service really answers.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ManifestsTest {

    /** The directories the service keeps state in, each on its own claim. */
    private static final Map<String, String> STATE_DIRS = Map.of(
            "imagepic.state.dir", "imagepic-state",
            "imagepic.upload.spool-dir", "imagepic-spool");

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void everyVolumeMountAndClaimResolves(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        Map<String, Volume> volumes = m.pod().getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

        for (VolumeMount mount : m.container().getVolumeMounts()) {
            assertTrue(volumes.containsKey(mount.getName()), flavour + ": mount " + mount.getMountPath()
                    + " refers to undeclared volume " + mount.getName());
        }
        for (Volume v : volumes.values()) {
            assertTrue(m.container().getVolumeMounts().stream().anyMatch(mt -> mt.getName().equals(v.getName())),
                    flavour + ": volume " + v.getName() + " is never mounted");
            if (v.getPersistentVolumeClaim() != null) {
                String claim = v.getPersistentVolumeClaim().getClaimName();
                assertTrue(m.claims.containsKey(claim),
                        flavour + ": volume " + v.getName() + " needs undeclared claim " + claim);
            }
        }
        assertEquals(Set.copyOf(STATE_DIRS.values()), m.claims.keySet(), flavour + ": one claim per state directory");
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void everyClaimCanBindItsPersistentVolume(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        assertEquals(m.claims.size(), m.volumes.size(), flavour + ": one PersistentVolume per claim");
        for (PersistentVolumeClaim claim : m.claims.values()) {
            String name = claim.getMetadata().getName();
            PersistentVolume pv = m.volumes.get(claim.getSpec().getVolumeName());
            assertNotNull(pv, flavour + ": claim " + name + " names missing volume " + claim.getSpec().getVolumeName());
            assertEquals(pv.getSpec().getStorageClassName(), claim.getSpec().getStorageClassName(),
                    flavour + ": storage class of " + name);
            assertTrue(pv.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes()),
                    flavour + ": " + pv.getMetadata().getName() + " lacks an access mode " + name + " asks for");
            Quantity capacity = pv.getSpec().getCapacity().get("storage");
            Quantity request = claim.getSpec().getResources().getRequests().get("storage");
            assertTrue(capacity.getNumericalAmount().compareTo(request.getNumericalAmount()) >= 0,
                    flavour + ": " + name + " asks for " + request + ", its volume holds " + capacity);
            assertTrue(pv.getSpec().getClaimRef() == null || name.equals(pv.getSpec().getClaimRef().getName()),
                    flavour + ": " + pv.getMetadata().getName() + " is reserved for another claim");
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void severalReplicasShareTheStateDirectories(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        int replicas = Optional.ofNullable(m.deployment.getSpec().getReplicas()).orElse(1);
        if (replicas > 1) {
            for (PersistentVolumeClaim claim : m.claims.values()) {
                assertTrue(claim.getSpec().getAccessModes().contains("ReadWriteMany"), flavour + ": " + replicas
                        + " replicas, possibly on several nodes, need ReadWriteMany on " + claim.getMetadata().getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void theServiceInThePodUsesTheMountedDirectories(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        SmallRyeConfig config = m.serviceConfig();
        Map<String, Volume> volumes = m.pod().getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

        STATE_DIRS.forEach((key, claim) -> {
            String dir = config.getOptionalValue(key, String.class)
                    .orElseThrow(() -> new AssertionError(flavour + ": " + key + " is not set in the pod"));
            VolumeMount mount = m.mountAt(dir).orElseThrow(() -> new AssertionError(
                    flavour + ": " + key + "=" + dir + " is not a mount path, its data would die with the pod"));
            assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), flavour + ": " + dir + " is read-only");
            Volume volume = volumes.get(mount.getName());
            assertNotNull(volume.getPersistentVolumeClaim(), flavour + ": " + dir + " is not on a claim");
            assertEquals(claim, volume.getPersistentVolumeClaim().getClaimName(), flavour + ": claim mounted at " + dir);
        });

        // The JWT key pair: both files of the Secret, read from its read-only mount.
        for (String key : List.of("imagepic.auth.jwt.public-key-location", "imagepic.auth.jwt.private-key-location")) {
            String file = config.getValue(key, String.class);
            String dir = file.substring(0, file.lastIndexOf('/'));
            VolumeMount mount = m.mountAt(dir).orElseThrow(() -> new AssertionError(flavour + ": " + key + " not mounted"));
            assertEquals("imagepic-jwt", volumes.get(mount.getName()).getSecret().getSecretName());
            assertTrue(mount.getReadOnly(), flavour + ": the key pair must be mounted read-only");
        }

        // The S3 server: a real endpoint (no embedded S3Proxy in a pod), keys from the Secret.
        assertTrue(config.getOptionalValue("imagepic.storage.endpoint", String.class).isPresent(),
                flavour + ": no S3 endpoint, the pod would start an embedded S3 server");
        for (String env : List.of("IMAGEPIC_STORAGE_ACCESS_KEY", "IMAGEPIC_STORAGE_SECRET_KEY")) {
            EnvVar var = m.container().getEnv().stream().filter(e -> e.getName().equals(env)).findFirst()
                    .orElseThrow(() -> new AssertionError(flavour + ": " + env + " not set"));
            assertEquals("imagepic-s3", var.getValueFrom().getSecretKeyRef().getName(), flavour + ": " + env);
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void theFirstAdminComesFromAnOptionalSecret(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        SmallRyeConfig config = m.serviceConfig();
        Map<String, String> keys = Map.of("IMAGEPIC_ADMIN_PHONE", "phone", "IMAGEPIC_ADMIN_PASSWORD", "password");
        keys.forEach((env, key) -> {
            EnvVar var = m.container().getEnv().stream().filter(e -> e.getName().equals(env)).findFirst()
                    .orElseThrow(() -> new AssertionError(flavour + ": " + env + " not set"));
            assertNull(var.getValue(), flavour + ": " + env + " must not be written into the manifest");
            var ref = var.getValueFrom().getSecretKeyRef();
            assertEquals("imagepic-admin", ref.getName(), flavour + ": " + env);
            assertEquals(key, ref.getKey(), flavour + ": " + env);
            assertTrue(ref.getOptional(), flavour + ": " + env + " optional, so the pod starts without the Secret");
        });
        // the service reads them as its settings, and nothing names admins by phone any more
        assertTrue(config.getOptionalValue("imagepic.admin.phone", String.class).isPresent(),
                flavour + ": imagepic.admin.phone");
        assertTrue(config.getOptionalValue("imagepic.admin.password", String.class).isPresent(),
                flavour + ": imagepic.admin.password");
        assertFalse(config.getOptionalValue("imagepic.auth.admin-phones", String.class).isPresent(),
                flavour + ": the removed imagepic.auth.admin-phones");
        if (flavour == Manifests.PROD) {
            assertEquals("invite", config.getValue("imagepic.auth.registration", String.class),
                    "prod: accounts only by invite (or made by an admin)");
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void probesHitEndpointsOfThisService(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        Container c = m.container();
        int httpPort = m.applicationProperties().getValue("quarkus.http.port", Integer.class);
        ContainerPort port = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertEquals(httpPort, port.getContainerPort(), flavour + ": container port vs quarkus.http.port");

        Service service = m.only(Service.class);
        assertEquals(m.deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(),
                flavour + ": the Service selects the Deployment's pods");
        assertTrue(m.deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(service.getSpec().getSelector().entrySet()), flavour + ": pod labels match the Service");

        for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertNotNull(probe, flavour + ": a probe is missing");
            assertEquals(httpPort, probe.getHttpGet().getPort().getIntVal(), flavour + ": probe port");
            // The test instance runs the same endpoints on a random port, with a live S3 server behind it.
            given().get(probe.getHttpGet().getPath()).then().statusCode(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void runsAsNonRootWithBoundedResources(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        var pod = m.pod().getSecurityContext();
        assertTrue(pod.getRunAsNonRoot(), flavour + ": runAsNonRoot");
        assertNotEquals(0L, pod.getRunAsUser(), flavour + ": runAsUser");
        assertNotNull(pod.getFsGroup(), flavour + ": fsGroup makes the volumes writable for the user");
        assertFalse(m.container().getSecurityContext().getAllowPrivilegeEscalation(), flavour + ": privilege escalation");
        assertTrue(m.container().getSecurityContext().getCapabilities().getDrop().contains("ALL"), flavour + ": capabilities");
        var resources = m.container().getResources();
        for (String r : List.of("cpu", "memory")) {
            assertNotNull(resources.getRequests().get(r), flavour + ": " + r + " request");
            assertNotNull(resources.getLimits().get(r), flavour + ": " + r + " limit");
        }
    }

    /** One flavour's manifest, loaded strictly, with the objects the checks need. */
    static final class Loaded {
        final Manifests flavour;
        final List<HasMetadata> resources;
        final Deployment deployment;
        final Map<String, PersistentVolumeClaim> claims;
        final Map<String, PersistentVolume> volumes;

        Loaded(Manifests flavour) {
            this.flavour = flavour;
            this.resources = Manifests.load(flavour.committed);
            this.deployment = only(Deployment.class);
            this.claims = byName(PersistentVolumeClaim.class);
            this.volumes = byName(PersistentVolume.class);
        }

        <T extends HasMetadata> T only(Class<T> kind) {
            List<T> all = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
            assertEquals(1, all.size(), flavour + ": one " + kind.getSimpleName());
            return all.get(0);
        }

        <T extends HasMetadata> Map<String, T> byName(Class<T> kind) {
            return resources.stream().filter(kind::isInstance).map(kind::cast)
                    .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity()));
        }

        PodSpec pod() {
            return deployment.getSpec().getTemplate().getSpec();
        }

        Container container() {
            List<Container> containers = pod().getContainers();
            assertEquals(1, containers.size(), flavour + ": one container");
            return containers.get(0);
        }

        Optional<VolumeMount> mountAt(String path) {
            String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return container().getVolumeMounts().stream().filter(mt -> mt.getMountPath().equals(normalized)).findFirst();
        }

        /** application.properties as the packaged service reads it (prod profile), without the environment. */
        SmallRyeConfig applicationProperties() {
            return new SmallRyeConfigBuilder().withProfile("prod").withSources(properties()).build();
        }

        /**
         * The configuration the service sees inside the pod: the container's environment (its own variables
         * over the ConfigMaps it imports), over application.properties, resolved by SmallRye Config as at runtime.
         */
        SmallRyeConfig serviceConfig() {
            Map<String, String> env = new HashMap<>();
            Map<String, ConfigMap> configMaps = byName(ConfigMap.class);
            for (EnvFromSource from : container().getEnvFrom()) {
                assertNotNull(from.getConfigMapRef(), flavour + ": envFrom other than a ConfigMap");
                ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
                assertNotNull(cm, flavour + ": envFrom names undeclared ConfigMap " + from.getConfigMapRef().getName());
                env.putAll(cm.getData());
            }
            for (EnvVar var : container().getEnv()) {
                env.put(var.getName(), var.getValue() != null ? var.getValue() : "from:" + var.getValueFrom());
            }
            return new SmallRyeConfigBuilder().withProfile("prod")
                    .withSources(new EnvConfigSource(env, 300), properties()).build();
        }

        private static PropertiesConfigSource properties() {
            try {
                return new PropertiesConfigSource(
                        ManifestsTest.class.getClassLoader().getResource("application.properties"), 250);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
