package io.imagepic.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.account.RouterProbe;
import io.imagepic.support.Management;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.web.ServedRoutes.Served;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * /q/openapi documents every route the running service serves, and every answer shows an example.
 * The routes are read from the service (its Vert.x router and its REST resources), not from a list here.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class OpenApiCoverageTest {

    @Inject
    ServedRoutes served;

    Map<String, Map<String, Object>> paths;
    JsonPath doc;

    @BeforeEach
    void document() {
        doc = JsonPath.from(
                Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        paths = doc.getMap("paths");
    }

    @Test
    void everyRouterRouteIsDocumented() {
        List<Served> routes = served.routerRoutes().stream().filter(OpenApiCoverageTest::ours).toList();
        assertTrue(routes.stream().anyMatch(r -> r.path().equals("/imagepic/object/putObject")),
                "the walk sees the Vert.x routes: " + served.routerRoutes());
        assertEquals(List.of(), undocumented(routes), "Vert.x routes missing from /q/openapi");
    }

    @Test
    void everyRestResourceMethodIsDocumented() {
        List<Served> methods = ServedRoutes.restResources();
        assertFalse(methods.isEmpty(), "no REST resource found");
        assertEquals(List.of(), undocumented(methods), "REST resource methods missing from /q/openapi");
    }

    @Test
    void everyAnswerHasAnExample() {
        List<String> missing = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!(operation instanceof Map<?, ?> op) || !(op.get("responses") instanceof Map<?, ?> responses)) {
                return; // path-level parameters
            }
            assertFalse(responses.isEmpty(), method + " " + path + " has no answers");
            responses.forEach((status, response) -> {
                if (!hasExample(resolve(response))) {
                    missing.add(method.toUpperCase(Locale.ROOT) + " " + path + " " + status);
                }
            });
        }));
        assertEquals(List.of(), missing,
                "answers without an example (a body example, or header examples when there is no body)");
    }

    @Test
    void uploadServingAndTheEventStreamAreDescribed() {
        String put = "paths.'/imagepic/object/putObject'.post";
        assertThat(doc.getMap(put + ".requestBody.content"), hasKey("multipart/form-data"));
        assertThat(doc.getList(put + ".parameters.findAll { it.in == 'header' }.name"),
                hasItems("bucket", "folder", "naming", "overwrite"));
        assertEquals("authorization", doc.getString("components.securitySchemes.rawToken.name"));
        assertEquals("header", doc.getString("components.securitySchemes.rawToken.in"));
        assertThat(doc.getMap(put + ".responses").keySet(),
                hasItems("200", "207", "400", "401", "403", "404", "408", "409", "413", "415", "502", "503"));

        String image = "paths.'/i/{bucket}/{key}'";
        assertThat(doc.getMap(image), hasKey("head"));
        assertThat(doc.getList(image + ".parameters.name"), hasItems("bucket", "key", "expires", "signature"));
        assertThat(doc.getMap(image + ".get.responses").keySet(),
                hasItems("200", "206", "304", "400", "401", "403", "404", "416"));
        assertThat(doc.getMap(image + ".get.responses.'200'.headers"), hasKey("ETag"));
        assertThat(doc.getMap(image + ".get.responses.'200'.headers"), hasKey("Cache-Control"));
        assertThat(doc.getMap(image + ".get.responses.'206'.headers"), hasKey("Content-Range"));
        List<String> conditional = new ArrayList<>();
        for (Object p : doc.getList(image + ".get.parameters")) {
            conditional.add(String.valueOf(resolve(p).get("name")));
        }
        assertThat(conditional, hasItems("Range", "If-None-Match", "If-Modified-Since"));

        assertThat(doc.getMap("paths.'/imagepic/notification/listen'.get.responses.'200'.content"),
                hasKey("text/event-stream"));
        Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** Quarkus' own endpoints (/q/...), the REST dispatcher and test-only probes are not the service's routes. */
    static boolean ours(Served route) {
        String q = "/" + ConfigProvider.getConfig().getOptionalValue("quarkus.http.non-application-root-path", String.class)
                .orElse("q").replaceAll("^/+|/+$", "") + "/";
        if (route.path().startsWith(q)) {
            return false;
        }
        String restRoot = ConfigProvider.getConfig().getOptionalValue("quarkus.rest.path", String.class).orElse("/");
        if (route.method() == null && route.path().equals(restRoot.endsWith("/") ? restRoot : restRoot + "/")) {
            return false; // Quarkus REST's dispatcher: its resources are walked through their annotations
        }
        return !RouterProbe.PATHS.contains(route.path());
    }

    private List<String> undocumented(List<Served> routes) {
        List<String> missing = new ArrayList<>();
        for (Served route : routes) {
            boolean found = paths.entrySet().stream()
                    .anyMatch(e -> covers(route, e.getKey()) && (route.method() == null
                            ? e.getValue().keySet().stream().anyMatch(OpenApiCoverageTest::isMethod)
                            : e.getValue().containsKey(route.method().toLowerCase(Locale.ROOT))));
            if (!found) {
                missing.add(route.toString());
            }
        }
        return missing;
    }

    /** Whether a documented path is one the route serves. */
    private static boolean covers(Served route, String documented) {
        if (route.regex()) {
            return Pattern.compile(route.path()).matcher(documented).matches();
        }
        if (route.prefix()) {
            return documented.startsWith(route.path());
        }
        return documented.equals(route.path().replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
    }

    private static boolean isMethod(String key) {
        return List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(key);
    }

    /** A body example for each media type; with no body, each header has an example. */
    private boolean hasExample(Map<?, ?> response) {
        if (response.get("content") instanceof Map<?, ?> content && !content.isEmpty()) {
            return content.values().stream().allMatch(type -> hasOwnExample((Map<?, ?>) type));
        }
        return response.get("headers") instanceof Map<?, ?> headers && !headers.isEmpty()
                && headers.values().stream().allMatch(header -> hasOwnExample(resolve(header)));
    }

    private static boolean hasOwnExample(Map<?, ?> node) {
        return node.get("example") != null
                || node.get("examples") instanceof Map<?, ?> examples && !examples.isEmpty();
    }

    /** Follows a local $ref ("#/components/responses/X") to what it names. */
    private Map<?, ?> resolve(Object node) {
        Map<?, ?> map = (Map<?, ?>) node;
        if (map.get("$ref") instanceof String ref && ref.startsWith("#/")) {
            Object target = doc.get(String.join(".", ref.substring(2).split("/")));
            return resolve(target);
        }
        return map;
    }
}
