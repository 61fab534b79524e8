package io.imagepic.notification;

import java.util.ArrayList;
import java.util.List;

import io.imagepic.web.ApiError;

/**
 * Which events a listener or a webhook wants: one bucket (or all), a key prefix and suffix, and event
 * types, where {@code s3:ObjectCreated:*} matches every type of that family and {@code *} all of them.
 * A prefix or suffix only matches object events (bucket events have no key).
 */
public record EventFilter(String bucket, String prefix, String suffix, List<String> events) {

    public static final EventFilter ALL = new EventFilter(null, null, null, List.of());

    /** Checks the patterns and normalises blanks to "no constraint"; 400 on an unknown event type. */
    public static EventFilter of(String bucket, String prefix, String suffix, List<String> events) {
        List<String> patterns = new ArrayList<>();
        for (String e : events == null ? List.<String> of() : events) {
            for (String p : e.split(",")) {
                String pattern = p.trim();
                if (pattern.isEmpty()) {
                    continue;
                }
                if (StorageEvent.TYPES.stream().noneMatch(t -> typeMatches(pattern, t))) {
                    throw ApiError.badRequest(NotificationMsg.UNKNOWN_EVENT, pattern, String.join(", ", StorageEvent.TYPES));
                }
                patterns.add(pattern);
            }
        }
        return new EventFilter(blankToNull(bucket), blankToNull(prefix), blankToNull(suffix), List.copyOf(patterns));
    }

    public boolean matches(StorageEvent e) {
        if (bucket != null && !bucket.equals(e.bucket())) {
            return false;
        }
        if ((prefix != null || suffix != null) && e.key() == null) {
            return false;
        }
        if (prefix != null && !e.key().startsWith(prefix)) {
            return false;
        }
        if (suffix != null && !e.key().endsWith(suffix)) {
            return false;
        }
        return events.isEmpty() || events.stream().anyMatch(p -> typeMatches(p, e.type()));
    }

    static boolean typeMatches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
