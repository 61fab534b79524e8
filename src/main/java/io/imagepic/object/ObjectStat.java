package io.imagepic.object;

import java.time.ZonedDateTime;
import java.util.Map;

/** statObject answer, in the seed's shape; metaData holds content-type and the user metadata. */
public record ObjectStat(long size, Map<String, String> metaData, ZonedDateTime lastModified, String versionId,
        String etag) {
}
