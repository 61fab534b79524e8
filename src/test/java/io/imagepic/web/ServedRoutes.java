package io.imagepic.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.arc.Arc;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * What the running service serves, read from the service itself: the routes on the Vert.x router (plain
 * routes such as putObject and /i/*) and the REST resources' methods (Quarkus REST beans with @Path).
 */
@Singleton
public class ServedRoutes {

    /** One served operation; {@code method} null = any method; {@code prefix} = everything below {@code path}. */
    public record Served(String method, String path, boolean prefix, boolean regex, String source) {
        @Override
        public String toString() {
            return (method == null ? "*" : method) + " " + path + (prefix ? "*" : "") + " (" + source + ")";
        }
    }

    private volatile Router router;

    void keep(@Observes Router router) {
        this.router = router;
    }

    /** Routes of the main router with a path, sub-routers walked with their mount point. */
    public List<Served> routerRoutes() {
        List<Served> served = new ArrayList<>();
        walk(router, "", served);
        return served;
    }

    private static void walk(Router router, String mount, List<Served> served) {
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null) {
                continue; // filters, failure handlers: they serve no path of their own
            }
            String path = mount + route.getPath();
            if (route.getSubRouter() != null) {
                walk(route.getSubRouter(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path, served);
                continue;
            }
            Set<io.vertx.core.http.HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                served.add(new Served(null, path, !route.isExactPath(), route.isRegexPath(), "router"));
            } else {
                methods.forEach(
                        m -> served.add(new Served(m.name(), path, !route.isExactPath(), route.isRegexPath(), "router")));
            }
        }
    }

    /** Every resource method of the REST resources (CDI beans of io.imagepic classes annotated @Path). */
    public static List<Served> restResources() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (var bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.getName().startsWith("io.imagepic.") && type.isAnnotationPresent(Path.class)) {
                resources.add(type);
            }
        }
        List<Served> served = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getMethods()) {
                String verb = httpMethod(m);
                Path sub = m.getAnnotation(Path.class);
                if (verb == null && sub != null) {
                    throw new AssertionError("sub-resource locator not walked: " + m);
                }
                if (verb != null) {
                    String path = join(base, sub == null ? "" : sub.value());
                    served.add(new Served(verb, path, false, false, resource.getSimpleName() + "." + m.getName()));
                }
            }
        }
        return served;
    }

    private static String httpMethod(Method m) {
        for (var a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** JAX-RS paths as OpenAPI writes them: one slash between parts, no trailing slash, {name: regex} as {name}. */
    static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/").replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
