package io.imagepic.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.imagepic.support.Management;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.web.ForwardedAddresses;
import io.quarkus.runtime.configuration.CidrAddressConverter;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.net.CidrAddress;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Checks the committed manifests (equal to the rendered ones, see {@link ManifestsDriftIT}) as a cluster
 * would use them: every reference resolves, every claim can bind, the service inside the pod is pointed at
 * the mounted directories, the probes hit endpoints this service really answers (on the management port, which
 * the Service does not expose), the pod is hardened, and prod admits and reaches only what it needs and runs
 * with the access model and settings a public deployment needs.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ManifestsTest {

    /** The directories the service keeps state in, each on its own claim: dev's files backend; prod has none. */
    private static Map<String, String> stateDirs(Manifests flavour) {
        return flavour == Manifests.DEV ? Map.of("imagepic.state.dir", "imagepic-state") : Map.of();
    }

    /** Directories of one pod only: a generic ephemeral volume each, so no replica can touch another's files. */
    private static final List<String> POD_DIRS = List.of("imagepic.upload.spool-dir");
    /** The keys of Secret imagepic-db, and the settings they fill. */
    private static final Map<String, String> DATABASE = Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "reactive-url",
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc-url", "QUARKUS_DATASOURCE_USERNAME", "username",
            "QUARKUS_DATASOURCE_PASSWORD", "password");

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
        assertEquals(Set.copyOf(stateDirs(flavour).values()), m.claims.keySet(), flavour + ": one claim per state directory");
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

    /**
     * One state engine per deployment: several replicas run on PostgreSQL (the database from Secret imagepic-db, no
     * volume shared at all); the files backend runs exactly one replica, on a ReadWriteOnce claim, replaced by
     * Recreate (a second instance on its directory refuses to start).
     */
    @ParameterizedTest
    @EnumSource(Manifests.class)
    void severalReplicasRunOnPostgresAndOneOnItsOwnFiles(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        SmallRyeConfig config = m.serviceConfig();
        int replicas = Optional.ofNullable(m.deployment.getSpec().getReplicas()).orElse(1);
        String backend = config.getValue("imagepic.state.backend", String.class);
        for (PersistentVolumeClaim claim : m.claims.values()) {
            assertFalse(claim.getSpec().getAccessModes().contains("ReadWriteMany"),
                    flavour + ": no volume is shared between pods: " + claim.getMetadata().getName());
        }
        for (PersistentVolume pv : m.volumes.values()) {
            assertFalse(pv.getSpec().getAccessModes().contains("ReadWriteMany"), flavour + ": " + pv.getMetadata().getName());
            assertNull(pv.getSpec().getNfs(), flavour + ": no NFS");
        }
        if (flavour == Manifests.PROD) {
            assertEquals("postgres", backend, flavour.name());
            assertEquals(2, replicas, flavour + ": replicas");
            assertEquals(Map.of(), m.claims, flavour + ": no state volume");
            DATABASE.forEach((env, key) -> {
                EnvVar var = m.container().getEnv().stream().filter(e -> e.getName().equals(env)).findFirst()
                        .orElseThrow(() -> new AssertionError(flavour + ": " + env + " not set"));
                assertNull(var.getValue(), flavour + ": " + env + " must not be written into the manifest");
                assertEquals("imagepic-db", var.getValueFrom().getSecretKeyRef().getName(), flavour + ": " + env);
                assertEquals(key, var.getValueFrom().getSecretKeyRef().getKey(), flavour + ": " + env);
                assertFalse(Boolean.TRUE.equals(var.getValueFrom().getSecretKeyRef().getOptional()),
                        flavour + ": " + env + " is required: without a database the replicas have no state");
            });
        } else {
            assertEquals("files", backend, flavour.name());
            assertEquals(1, replicas, flavour + ": the files backend serves one replica");
            assertEquals("Recreate", m.deployment.getSpec().getStrategy().getType(),
                    flavour + ": the new pod starts after the old one released the state directory");
            for (PersistentVolumeClaim claim : m.claims.values()) {
                assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes(), flavour.name());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void theServiceInThePodUsesTheMountedDirectories(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        SmallRyeConfig config = m.serviceConfig();
        Map<String, Volume> volumes = m.pod().getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

        stateDirs(flavour).forEach((key, claim) -> {
            String dir = config.getOptionalValue(key, String.class)
                    .orElseThrow(() -> new AssertionError(flavour + ": " + key + " is not set in the pod"));
            VolumeMount mount = m.mountAt(dir).orElseThrow(() -> new AssertionError(
                    flavour + ": " + key + "=" + dir + " is not a mount path, its data would die with the pod"));
            assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), flavour + ": " + dir + " is read-only");
            Volume volume = volumes.get(mount.getName());
            assertNotNull(volume.getPersistentVolumeClaim(), flavour + ": " + dir + " is not on a claim");
            assertEquals(claim, volume.getPersistentVolumeClaim().getClaimName(), flavour + ": claim mounted at " + dir);
        });
        for (String key : POD_DIRS) {
            String dir = config.getOptionalValue(key, String.class)
                    .orElseThrow(() -> new AssertionError(flavour + ": " + key + " is not set in the pod"));
            VolumeMount mount = m.mountAt(dir).orElseThrow(() -> new AssertionError(
                    flavour + ": " + key + "=" + dir + " is not a mount path (a read-only root would refuse it)"));
            var ephemeral = volumes.get(mount.getName()).getEphemeral();
            assertNotNull(ephemeral, flavour + ": " + dir + " must be the pod's own generic ephemeral volume");
            var claim = ephemeral.getVolumeClaimTemplate().getSpec();
            assertEquals(List.of("ReadWriteOnce"), claim.getAccessModes(), flavour + ": " + dir);
            assertNotNull(claim.getResources().getRequests().get("storage"), flavour + ": " + dir + " asks for its size");
        }

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
    void probesAndMetricsUseTheManagementPortWhichTheServiceDoesNotExpose(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        Container c = m.container();
        int httpPort = m.applicationProperties().getValue("quarkus.http.port", Integer.class);
        int managementPort = m.applicationProperties().getValue("quarkus.management.port", Integer.class);
        assertTrue(m.applicationProperties().getValue("quarkus.management.enabled", Boolean.class),
                flavour + ": the management interface is on");
        assertNotEquals(httpPort, managementPort, flavour + ": the management interface has a port of its own");
        assertEquals(httpPort, m.containerPort("http").getContainerPort(), flavour + ": container port vs quarkus.http.port");
        assertEquals(managementPort, m.containerPort("management").getContainerPort(),
                flavour + ": container port vs quarkus.management.port");

        Service service = m.publicService();
        assertEquals(m.deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(),
                flavour + ": the Service selects the Deployment's pods");
        assertTrue(m.deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(service.getSpec().getSelector().entrySet()), flavour + ": pod labels match the Service");
        for (ServicePort p : service.getSpec().getPorts()) {
            IntOrString target = p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort();
            assertTrue(target.getIntVal() != null ? target.getIntVal() == httpPort : "http".equals(target.getStrVal()),
                    flavour + ": the Service exposes " + target + ", only the public port " + httpPort + " may be");
        }

        for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertNotNull(probe, flavour + ": a probe is missing");
            assertEquals(managementPort, probe.getHttpGet().getPort().getIntVal(), flavour + ": probe port");
            // The test instance runs the same endpoints on random ports, with a live S3 server behind it.
            Management.given().get(probe.getHttpGet().getPath()).then().statusCode(200);
            given().get(probe.getHttpGet().getPath()).then().statusCode(404);
        }

        // Prometheus scrapes the pods (annotations of the pod template) on the management port.
        Map<String, String> scrape = m.deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", scrape.get("prometheus.io/scrape"), flavour + ": scraped");
        assertEquals(String.valueOf(managementPort), scrape.get("prometheus.io/port"), flavour + ": scrape port");
        Management.given().get(scrape.get("prometheus.io/path")).then().statusCode(200);
        given().get(scrape.get("prometheus.io/path")).then().statusCode(404);
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void thePodIsHardened(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        Container c = m.container();
        var pod = m.pod();
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(),
                flavour + ": the pod never calls the Kubernetes API, it must get no service-account token");
        assertTrue(Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem()),
                flavour + ": readOnlyRootFilesystem");
        String seccomp = c.getSecurityContext().getSeccompProfile() != null
                ? c.getSecurityContext().getSeccompProfile().getType()
                : pod.getSecurityContext().getSeccompProfile() == null ? null
                        : pod.getSecurityContext().getSeccompProfile().getType();
        assertEquals("RuntimeDefault", seccomp, flavour + ": seccomp profile");
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), flavour + ": privilege escalation");
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), flavour + ": capabilities");
        assertTrue(c.getSecurityContext().getCapabilities().getAdd() == null
                || c.getSecurityContext().getCapabilities().getAdd().isEmpty(), flavour + ": no capability added");

        // The JVM (java.io.tmpdir, Vert.x's file cache) writes to /tmp: a writable emptyDir, bounded in size.
        VolumeMount tmp = m.mountAt("/tmp").orElseThrow(() -> new AssertionError(flavour + ": nothing writable at /tmp"));
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), flavour + ": /tmp is read-only");
        Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertNotNull(tmpVolume.getEmptyDir(), flavour + ": /tmp is an emptyDir");
        assertNotNull(tmpVolume.getEmptyDir().getSizeLimit(), flavour + ": /tmp has a size limit");
        // Every other writable mount is the state on its claim (files backend), or the pod's own scratch space (the
        // upload spool is a generic ephemeral volume: no replica can touch another's files).
        for (VolumeMount mount : c.getVolumeMounts()) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertTrue(
                    Boolean.TRUE.equals(mount.getReadOnly()) || v.getPersistentVolumeClaim() != null || v.getEmptyDir() != null
                            || v.getEphemeral() != null,
                    flavour + ": unexpected writable mount " + mount.getMountPath());
        }
    }

    @Test
    void prodAdmitsOnlyTheIngressControllerAndPrometheusAndReachesOnlyDnsS3AndTheDatabase() {
        Loaded m = new Loaded(Manifests.PROD);
        NetworkPolicy policy = m.only(NetworkPolicy.class);
        int httpPort = m.applicationProperties().getValue("quarkus.http.port", Integer.class);
        int managementPort = m.applicationProperties().getValue("quarkus.management.port", Integer.class);
        Map<String, String> podLabels = m.deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet())
                && !policy.getSpec().getPodSelector().getMatchLabels().isEmpty(), "the policy selects the service's pods");
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(policy.getSpec().getPolicyTypes()));

        // Ingress: every rule names its sources and ports; the public port from the ingress controller (a
        // namespace and pod selector, patched per cluster), the management port never from there.
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        for (NetworkPolicyIngressRule rule : ingress) {
            assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "an ingress rule admits every source");
            assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), "an ingress rule admits every port");
            rule.getFrom().forEach(peer -> assertNull(peer.getIpBlock(), "an ingress rule by address: " + peer));
        }
        NetworkPolicyIngressRule controller = ingress.stream()
                .filter(r -> r.getFrom().stream().anyMatch(p -> p.getNamespaceSelector() != null && p.getPodSelector() != null))
                .findFirst().orElseThrow(() -> new AssertionError("no rule for the ingress controller"));
        assertEquals(Set.of(httpPort), ports(m, controller.getPorts()), "the ingress controller reaches the public port only");
        assertTrue(ingress.stream().anyMatch(r -> ports(m, r.getPorts()).contains(managementPort)), "Prometheus scrapes");
        for (NetworkPolicyIngressRule rule : ingress) {
            if (ports(m, rule.getPorts()).contains(managementPort)) {
                assertFalse(rule.getFrom().stream().anyMatch(controller.getFrom()::contains),
                        "the ingress controller reaches the management port");
            }
        }

        // Egress: DNS, the S3 endpoint's port, nothing open to every destination.
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        for (NetworkPolicyEgressRule rule : egress) {
            assertFalse(rule.getTo() == null || rule.getTo().isEmpty(), "an egress rule admits every destination");
            assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), "an egress rule admits every port");
        }
        assertTrue(egress.stream().anyMatch(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() != null
                && p.getPort().getIntVal() == 53 && "UDP".equals(p.getProtocol()))
                && r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() != null
                        && p.getPort().getIntVal() == 53 && "TCP".equals(p.getProtocol()))),
                "DNS over UDP and TCP");
        URI s3 = URI.create(m.serviceConfig().getValue("imagepic.storage.endpoint", String.class));
        int s3Port = s3.getPort() > 0 ? s3.getPort() : "https".equals(s3.getScheme()) ? 443 : 80;
        assertTrue(egress.stream().anyMatch(r -> ports(m, r.getPorts()).contains(s3Port)),
                "the S3 endpoint " + s3 + " is reachable");
        assertTrue(egress.stream().anyMatch(r -> ports(m, r.getPorts()).contains(5432)), "the database is reachable");
        assertFalse(egress.stream().anyMatch(r -> ports(m, r.getPorts()).contains(httpPort)),
                "replicas do not talk to each other");
        assertFalse(ingress.stream().anyMatch(r -> r.getFrom().stream().anyMatch(p -> p.getNamespaceSelector() == null
                && p.getPodSelector() != null
                && podLabels.entrySet().containsAll(p.getPodSelector().getMatchLabels().entrySet()))),
                "replicas do not talk to each other");
        assertFalse(m.resources.stream().anyMatch(r -> r instanceof Service sv && "None".equals(sv.getSpec().getClusterIP())),
                "no headless Service of peers");
    }

    @Test
    void prodGrantsAccessByMembershipInvitesAccountsAndNeedsThePublicUrl() {
        Loaded m = new Loaded(Manifests.PROD);
        SmallRyeConfig config = m.serviceConfig();
        assertEquals("granted", config.getValue("imagepic.access.default", String.class));
        assertEquals("invite", config.getValue("imagepic.auth.registration", String.class));
        assertTrue(config.getValue("imagepic.serving.require-public-base-url", Boolean.class),
                "the service refuses to start without a public base URL");
        ConfigMap site = m.byName(ConfigMap.class).get("imagepic-config");
        assertTrue(site.getData().containsKey("IMAGEPIC_SERVING_PUBLIC_BASE_URL"),
                "the operator fills in the public base URL in the ConfigMap");
    }

    /**
     * Behind the ingress, per-address limits must count clients: prod declares the proxy, the service forwards the
     * address it sets (quarkus.http.proxy.*, derived from imagepic.http.*) and believes it only from trusted ranges
     * that are private (never the whole internet), so the start-up check lets it start.
     */
    @Test
    void prodCountsClientsByTheAddressTheIngressForwards() {
        Loaded m = new Loaded(Manifests.PROD);
        SmallRyeConfig config = m.serviceConfig();
        assertTrue(config.getValue("imagepic.http.behind-proxy", Boolean.class), "prod declares the ingress");
        assertTrue(config.getValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class),
                "the client's address is forwarded");
        assertTrue(config.getValue("quarkus.http.proxy.allow-x-forwarded", Boolean.class), "from X-Forwarded-For");
        List<String> trusted = config.getValues("quarkus.http.proxy.trusted-proxies", String.class);
        assertEquals(config.getValues("imagepic.http.trusted-proxies", String.class), trusted,
                "trusted-proxies comes from imagepic.http.trusted-proxies");
        assertFalse(trusted.isEmpty(), "some proxy is trusted");
        for (String range : trusted) {
            CidrAddress cidr = new CidrAddressConverter().convert(range);
            assertTrue(cidr.getNetmaskBits() >= 7, range + " trusts too much of the internet");
            assertTrue(cidr.getNetworkAddress().isSiteLocalAddress() || cidr.getNetworkAddress().isLoopbackAddress()
                    || range.startsWith("100.64.") || range.startsWith("fc00:"), range + " is no private range");
        }
        assertNull(ForwardedAddresses.refusal(true, true, true), "the service starts with these settings");
        ConfigMap site = m.byName(ConfigMap.class).get("imagepic-config");
        assertTrue(site.getData().containsKey("IMAGEPIC_HTTP_TRUSTED_PROXIES"),
                "the operator sees (and narrows) the trusted ranges in the ConfigMap");
    }

    private static Set<Integer> ports(Loaded m, List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getIntVal() != null ? p.getPort().getIntVal()
                : m.containerPort(p.getPort().getStrVal()).getContainerPort()).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Manifests.class)
    void runsAsNonRootWithBoundedResources(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        var pod = m.pod().getSecurityContext();
        assertTrue(pod.getRunAsNonRoot(), flavour + ": runAsNonRoot");
        assertNotEquals(0L, pod.getRunAsUser(), flavour + ": runAsUser");
        assertNotNull(pod.getFsGroup(), flavour + ": fsGroup makes the volumes writable for the user");
        var resources = m.container().getResources();
        for (String r : List.of("cpu", "memory")) {
            assertNotNull(resources.getRequests().get(r), flavour + ": " + r + " request");
            assertNotNull(resources.getLimits().get(r), flavour + ": " + r + " limit");
        }
    }

    /**
     * Replicas are one service: a rolling update never has zero ready pods (several replicas; one replica of the
     * files backend is replaced by Recreate, see above), a node drain keeps one pod serving, and a pod gets the time
     * to finish its uploads after SIGTERM.
     */
    @ParameterizedTest
    @EnumSource(Manifests.class)
    void replicasStopWithoutLosingWork(Manifests flavour) {
        Loaded m = new Loaded(flavour);
        SmallRyeConfig config = m.serviceConfig();
        Map<String, String> podLabels = m.deployment.getSpec().getTemplate().getMetadata().getLabels();

        int replicas = Optional.ofNullable(m.deployment.getSpec().getReplicas()).orElse(1);
        if (replicas > 1) {
            var strategy = m.deployment.getSpec().getStrategy();
            assertNotNull(strategy, flavour + ": the strategy is explicit where it matters");
            assertEquals("RollingUpdate", strategy.getType(), flavour + ": strategy");
            assertEquals(0, pods(strategy.getRollingUpdate().getMaxUnavailable(), replicas, false),
                    flavour + ": a rolling update must never take a ready pod away before its successor is ready");
            assertTrue(pods(strategy.getRollingUpdate().getMaxSurge(), replicas, true) >= 1,
                    flavour + ": maxSurge must allow a new pod next to the old ones");
        }

        // what Quarkus does in the pod: keeps serving for the delay, then waits up to the timeout for requests
        Duration drain = DurationConverter.parseDuration(config.getValue("quarkus.shutdown.delay", String.class));
        Duration grace = DurationConverter.parseDuration(config.getValue("quarkus.shutdown.timeout", String.class));
        Long period = m.pod().getTerminationGracePeriodSeconds();
        assertNotNull(period, flavour + ": terminationGracePeriodSeconds");
        assertTrue(period > drain.plus(grace).toSeconds(), flavour + ": terminationGracePeriodSeconds " + period
                + " must exceed drain delay + grace (" + drain.plus(grace).toSeconds() + " s): uploads would be killed");
        assertTrue(grace.compareTo(Duration.ofSeconds(10)) >= 0, flavour + ": uploads in flight get a real grace");

        List<PodDisruptionBudget> budgets = m.resources.stream().filter(PodDisruptionBudget.class::isInstance)
                .map(PodDisruptionBudget.class::cast).toList();
        if (replicas > 1) {
            assertEquals(1, budgets.size(), flavour + ": a PodDisruptionBudget");
            PodDisruptionBudget pdb = budgets.get(0);
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                    flavour + ": the budget selects the pods");
            int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
            assertTrue(minAvailable >= 1 && minAvailable < replicas,
                    flavour + ": minAvailable keeps one pod serving and still lets a drain evict the others");
        } else {
            assertEquals(List.of(), budgets, flavour + ": a budget over one replica would block every node drain");
        }
    }

    /**
     * Pods an int-or-percent field stands for, as Kubernetes reads it: a number, or a percentage of the replicas
     * (maxSurge rounds up, maxUnavailable down); a quoted plain number is refused by the API server.
     */
    static int pods(IntOrString value, int replicas, boolean roundUp) {
        assertNotNull(value, "int-or-percent field missing");
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        assertTrue(text.matches("[0-9]+%"),
                "\"" + text + "\": Kubernetes accepts a number or a percentage, not a quoted number");
        double exact = replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
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

        /** The Service clients use (not the headless one replicas use to find each other). */
        Service publicService() {
            List<Service> services = resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .filter(sv -> !"None".equals(sv.getSpec().getClusterIP())).toList();
            assertEquals(1, services.size(), flavour + ": one Service for clients");
            return services.get(0);
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

        ContainerPort containerPort(String name) {
            return container().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(flavour + ": no container port named " + name));
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
