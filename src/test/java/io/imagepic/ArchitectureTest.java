package io.imagepic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.imagepic.s3.S3DataClient;
import io.imagepic.support.Profiles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The architecture as one table ({@link #LAYERS}): every package, bottom up, and what of ours each may use, which is
 * only ever a package above it in the list. docs/design.md ("Packages") shows the same table, and
 * {@link #theDesignDocShowsThisTable} fails when the two differ. The rules are checked twice: on the bytecode
 * (ArchUnit: also what a class reaches through the names it uses) and on the sources (what each file names,
 * including a compile-time constant the compiler copies into the bytecode, which ArchUnit cannot see).
 */
class ArchitectureTest {

    /** Package -> the packages of ours it may use. Order matters: a package may use only packages before it. */
    static final Map<String, Set<String>> LAYERS = table(
            "crypto", "",
            "web", "",
            "config", "",
            "state", "crypto web",
            "s3", "crypto web",
            "lifecycle", "crypto web",
            "access", "crypto web state s3",
            "link", "crypto web state s3",
            "account", "crypto web state access link",
            "token", "crypto web state access",
            "notification", "crypto web state s3 lifecycle access",
            "transform", "crypto web state s3 lifecycle access notification",
            "bucket", "crypto web state s3 lifecycle access link account token notification",
            "object", "crypto web state s3 lifecycle access account notification bucket",
            "upload", "crypto web state s3 lifecycle access link notification transform object",
            "serving", "crypto web state s3 lifecycle access link notification transform object",
            "policy", "crypto web state s3 lifecycle access notification bucket",
            "console", "web link");

    /** The one package that may name the S3 SDK: everything above it uses the S3 port, s3.ObjectStore. */
    static final String SDK_OWNER = "s3";

    static final Path CLASSES = Path.of("target/classes");
    static final Path TEST_CLASSES = Path.of("target/test-classes");
    static final Path SOURCES = Path.of("src/main/java/io/imagepic");
    static final Path DESIGN = Path.of("docs/design.md");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().importPath(CLASSES);
    }

    @Test
    void eachPackageUsesOnlyWhatItsRowAllows() {
        LAYERS.forEach((pkg, allowed) -> {
            String[] forbidden = LAYERS.keySet().stream().filter(p -> !p.equals(pkg) && !allowed.contains(p))
                    .map(p -> "io.imagepic." + p + "..").toArray(String[]::new);
            // no allowEmptyShould: a row whose package has no class (misspelt, or gone) fails here too
            noClasses().that().resideInAPackage("io.imagepic." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because(pkg + " may use only " + (allowed.isEmpty() ? "nothing of ours" : allowed)
                            + " (ArchitectureTest.LAYERS, docs/design.md)")
                    .check(classes);
        });
    }

    @Test
    void theTableIsLayered() {
        List<String> order = new ArrayList<>(LAYERS.keySet());
        LAYERS.forEach((pkg, allowed) -> allowed.forEach(used -> assertTrue(order.indexOf(used) >= 0
                && order.indexOf(used) < order.indexOf(pkg), pkg + " may use " + used + ", which is not below it")));
    }

    @Test
    void everyPackageHasARow() {
        Set<String> packages = classes.stream().map(c -> topPackage(c.getPackageName())).filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        packages.addAll(sourcePackages());
        packages.removeAll(LAYERS.keySet());
        assertTrue(packages.isEmpty(), "packages without a row in ArchitectureTest.LAYERS and docs/design.md: " + packages);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.imagepic.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * One way for a resource to know its caller: {@code Caller.of(rc)}, from the routing context the path permissions
     * authenticated (the Vert.x routes' way too), never an injected {@code SecurityIdentity} kept in a field. (A
     * stream's re-check that authenticates the request again builds its Caller from that fresh identity.)
     */
    @Test
    void resourcesGetTheCallerFromTheRoutingContext() {
        noFields().that().areDeclaredInClassesThat().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().haveRawType(SecurityIdentity.class)
                .because("a resource gets its Caller one way, Caller.of(RoutingContext)")
                .check(classes);
    }

    @Test
    void onlyS3UsesTheS3Sdk() {
        noClasses().that().resideOutsideOfPackage("io.imagepic." + SDK_OWNER + "..")
                .should().dependOnClassesThat().resideInAPackage("io.minio..")
                .because("everything above s3 reaches S3 through the port, s3.ObjectStore (docs/design.md, \"The S3 port\")")
                .check(classes);
    }

    /**
     * Objects are written and read above {@code s3} through the port too: the data client and the streaming upload's
     * construction are the port's business ({@code S3StreamUpload}'s constructors are package-private; its write
     * records, {@code S3DataClient.ObjectWrite} and {@code PutResult}, are the port's types).
     */
    @Test
    void onlyS3CallsTheDataClient() {
        noClasses().that().resideOutsideOfPackage("io.imagepic." + SDK_OWNER + "..")
                .should().accessClassesThat().haveFullyQualifiedName(S3DataClient.class.getName())
                .because("everything above s3 reaches S3 through the port, s3.ObjectStore (docs/design.md, \"The S3 port\")")
                .check(classes);
    }

    /**
     * What the sources name: imports, static imports and qualified names outside comments and strings. A constant
     * of another package used in an annotation or a switch is copied into the bytecode, so only this sees it.
     */
    @Test
    void sourcesNameOnlyWhatTheirRowAllows() throws IOException {
        Pattern ours = Pattern.compile("\\bio\\.imagepic\\.([a-z0-9_]+)\\.");
        Pattern sdk = Pattern.compile("\\bio\\.minio\\.");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (file.getParent().equals(SOURCES)) {
                    continue; // io.imagepic.Main, the entry point: above every package, it may use any
                }
                String pkg = topPackage("io.imagepic." + SOURCES.relativize(file.getParent()).toString().replace('/', '.'));
                Set<String> allowed = LAYERS.getOrDefault(pkg, Set.of());
                String code = code(Files.readString(file));
                Matcher m = ours.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        wrong.add(SOURCES.relativize(file) + " names io.imagepic." + used);
                    }
                }
                if (!pkg.equals(SDK_OWNER) && sdk.matcher(code).find()) {
                    wrong.add(SOURCES.relativize(file) + " names io.minio (only s3 may)");
                }
            }
        }
        assertTrue(wrong.isEmpty(), "against ArchitectureTest.LAYERS: " + wrong);
    }

    @Test
    void theDesignDocShowsThisTable() throws IOException {
        String doc = Files.readString(DESIGN);
        int from = doc.indexOf("## Packages");
        Map<String, Set<String>> shown = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9]+)` \\|.*\\| ([^|]+) \\|$").matcher(doc.substring(from,
                doc.indexOf("\n## ", from + 1)));
        while (row.find()) {
            String uses = row.group(2).trim();
            shown.put(row.group(1), uses.equals("nothing") ? Set.of()
                    : Arrays.stream(uses.split(",\\s*")).map(u -> u.replace("`", "").trim())
                            .collect(Collectors.toCollection(LinkedHashSet::new)));
        }
        assertEquals(new ArrayList<>(LAYERS.keySet()), new ArrayList<>(shown.keySet()),
                "docs/design.md lists the packages of ArchitectureTest.LAYERS, in its order");
        LAYERS.forEach((pkg, allowed) -> assertEquals(allowed, shown.get(pkg),
                "docs/design.md, row " + pkg + ": \"may use\" as in ArchitectureTest.LAYERS"));
    }

    /**
     * Each test profile is an application start of its own (about half a minute on two busy cores): they live in
     * one place, {@link Profiles}, and there are at most six.
     */
    @Test
    void testProfilesAreFewAndInOnePlace() {
        List<String> profiles = new ClassFileImporter().importPath(TEST_CLASSES).stream()
                .filter(c -> c.isAssignableTo(QuarkusTestProfile.class)).map(JavaClass::getName).sorted().toList();
        assertTrue(profiles.stream().allMatch(p -> p.startsWith(Profiles.class.getName() + "$")),
                "test profiles outside support.Profiles: " + profiles);
        assertTrue(profiles.size() <= 6, "more than six test profiles: " + profiles);
    }

    private static Map<String, Set<String>> table(String... rows) {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            t.put(rows[i], rows[i + 1].isEmpty() ? Set.of()
                    : new LinkedHashSet<>(Arrays.asList(rows[i + 1].split(" "))));
        }
        return t;
    }

    /** io.imagepic.upload.sink -> upload; io.imagepic -> "". */
    private static String topPackage(String name) {
        String rest = name.startsWith("io.imagepic.") ? name.substring("io.imagepic.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Set<String> sourcePackages() {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source without comments, string, text-block and char literals (each replaced by a blank). */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else {
                out.append(c);
                i++;
                continue;
            }
            out.append(' ');
        }
        return out.toString();
    }
}
