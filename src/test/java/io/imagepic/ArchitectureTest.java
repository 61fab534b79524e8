package io.imagepic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.imagepic.support.Profiles;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The packages' dependencies point one way, as docs/design.md draws them: the edge and the shared-volume
 * primitives at the bottom, then S3, cluster, access, the identities (account, token), notifications, and the
 * HTTP modules on top. A new dependency against the arrows, or any cycle, fails here.
 */
class ArchitectureTest {

    /** What each lower package may use of ours (a feature module may use all of these). */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("crypto", List.of());
        MAY_USE.put("web", List.of());
        MAY_USE.put("config", List.of());
        MAY_USE.put("state", List.of("crypto", "web"));
        MAY_USE.put("s3", List.of("crypto", "web"));
        MAY_USE.put("cluster", List.of("crypto", "web", "state"));
        MAY_USE.put("access", List.of("crypto", "web", "state", "s3"));
        MAY_USE.put("account", List.of("crypto", "web", "state", "access"));
        MAY_USE.put("token", List.of("crypto", "web", "state", "access"));
        MAY_USE.put("notification", List.of("crypto", "web", "state", "s3", "cluster", "access"));
        MAY_USE.put("transform", List.of("crypto", "web", "state", "s3", "cluster", "access", "notification"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.imagepic");
    }

    @Test
    void lowerPackagesUseOnlyWhatIsBelowThem() {
        List<String> all = List.of("crypto", "web", "config", "state", "s3", "cluster", "access", "account", "token",
                "notification", "transform", "bucket", "object", "upload", "serving", "policy", "console");
        MAY_USE.forEach((pkg, allowed) -> {
            String[] forbidden = all.stream().filter(p -> !p.equals(pkg) && !allowed.contains(p))
                    .map(p -> "io.imagepic." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.imagepic." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because(pkg + " may use only " + (allowed.isEmpty() ? "nothing of ours" : allowed))
                    .allowEmptyShould(true) // a package not written yet (cluster) has nothing to break
                    .check(classes);
        });
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.imagepic.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageIsPlaced() {
        List<String> placed = List.of("crypto", "web", "config", "state", "s3", "cluster", "access", "account", "token",
                "notification", "transform", "bucket", "object", "upload", "serving", "policy", "console");
        classes.stream().map(c -> c.getPackageName().replaceFirst("^io\\.imagepic\\.?", "").split("\\.")[0])
                .filter(p -> !p.isEmpty() && !placed.contains(p)).findAny()
                .ifPresent(p -> {
                    throw new AssertionError("package io.imagepic." + p + " is not in the architecture "
                            + Arrays.toString(placed.toArray()) + ": add it to ArchitectureTest and docs/design.md");
                });
    }

    /**
     * Each test profile is an application start of its own (about half a minute on two busy cores): they live in
     * one place, {@link Profiles}, and there are at most six.
     */
    @Test
    void testProfilesAreFewAndInOnePlace() {
        List<String> profiles = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.imagepic").stream().filter(c -> c.isAssignableTo(QuarkusTestProfile.class))
                .map(JavaClass::getName).sorted().toList();
        assertTrue(profiles.stream().allMatch(p -> p.startsWith(Profiles.class.getName() + "$")),
                "test profiles outside support.Profiles: " + profiles);
        assertTrue(profiles.size() <= 6, "more than six test profiles: " + profiles);
    }
}
