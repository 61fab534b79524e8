package io.imagepic.object;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** listObjects answer: total entries under the prefix and the requested page. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ObjectPage(long total, List<ObjectEntry> lists, boolean truncated) {
}
