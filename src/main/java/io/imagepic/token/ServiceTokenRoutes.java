package io.imagepic.token;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Scope;

/** Which scope each path needs, from {@code imagepic.tokens.paths.*}. */
@ApplicationScoped
public class ServiceTokenRoutes {

    /** What a service token needs to call a path. */
    public sealed interface Need permits Unguarded, AnyScope, Needs, Refused {
    }

    public record Unguarded() implements Need {
    }

    public record AnyScope() implements Need {
    }

    public record Needs(Scope scope) implements Need {
    }

    public record Refused() implements Need {
    }

    private final Map<Scope, List<String>> byScope = new EnumMap<>(Scope.class);
    private final List<String> anyScope;
    private final List<String> guarded;

    ServiceTokenRoutes(TokenConfig config) {
        config.paths().forEach((scope, paths) -> byScope.put(Scope.of(scope), clean(paths)));
        this.anyScope = clean(config.anyScopePaths());
        this.guarded = clean(config.guardedPaths());
    }

    public Need need(String path) {
        if (!matchesAny(guarded, path)) {
            return new Unguarded();
        }
        if (matchesAny(anyScope, path)) {
            return new AnyScope();
        }
        Optional<Scope> scope = byScope.entrySet().stream()
                .filter(e -> matchesAny(e.getValue(), path)).map(Map.Entry::getKey).findFirst();
        return scope.<Need> map(Needs::new).orElse(new Refused());
    }

    static boolean matchesAny(List<String> patterns, String path) {
        for (String p : patterns) {
            if (p.endsWith("*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> clean(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }
}
