package io.imagepic.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who may read a bucket's images through {@code /i/...}. Listing a bucket is never public, whatever the policy. */
public enum BucketPolicy {

    /** Readers need a token or a signed link issued by the service (the default). */
    PRIVATE("private"),
    /** Anyone may read the bucket's images (not list them). */
    PUBLIC_READ("public-read");

    private final String value;

    BucketPolicy(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Null for an unknown name, so callers answer 400 naming the accepted values. */
    @JsonCreator
    public static BucketPolicy of(String value) {
        for (BucketPolicy p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
