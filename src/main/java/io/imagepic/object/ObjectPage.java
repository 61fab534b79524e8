package io.imagepic.object;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * listObjects answer: total entries under the prefix and the requested page. {@code folders} (the number of
 * folders among them) only for a {@code foldersFirst} listing.
 */
public record ObjectPage(long total, List<ObjectEntry> lists,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncated,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long folders) {

    /** truncated is only present (true) when pageNum=-1 hit the configured maximum. */
    static ObjectPage of(long total, List<ObjectEntry> lists, boolean truncated) {
        return new ObjectPage(total, lists, truncated ? Boolean.TRUE : null, null);
    }

    ObjectPage withLists(List<ObjectEntry> entries) {
        return new ObjectPage(total, entries, truncated, folders);
    }
}
