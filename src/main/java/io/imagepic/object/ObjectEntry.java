package io.imagepic.object;

import java.time.ZonedDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.imagepic.s3.ListedObject;

/**
 * One listObjects entry. Objects carry name, size, etag, lastModified; folders (common prefixes of a
 * non-recursive listing) carry prefix and size 0, like the seed's MinIO JS listing. {@code uploader} (the name
 * to show for who uploaded it) only when asked for ({@code withUploader}) and known; {@code removable} (whether
 * the caller may remove it) along with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectEntry(String name, String prefix, long size, String etag, ZonedDateTime lastModified,
        String uploader, Boolean removable) {

    static ObjectEntry of(ListedObject listed) {
        if (listed.folder()) {
            return new ObjectEntry(null, listed.key(), 0, null, null, null, null);
        }
        return new ObjectEntry(listed.key(), null, listed.size(), listed.etag(), listed.lastModified(), null, null);
    }

    /** The uploader to show (null: not recorded), and whether the caller may remove the object. */
    ObjectEntry withUploader(String shown, boolean mayRemove) {
        return new ObjectEntry(name, prefix, size, etag, lastModified, shown, mayRemove);
    }

    /** The name a filter looks at: the part after the listing's prefix. */
    String shownName(String listingPrefix) {
        String full = name != null ? name : prefix;
        return full.startsWith(listingPrefix) ? full.substring(listingPrefix.length()) : full;
    }
}
