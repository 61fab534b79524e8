package io.imagepic.access;

/**
 * Buckets the service keeps for itself (the derivative cache, kept by the transform module): no caller reaches
 * them through the API, admins and service tokens included, and they are answered as missing.
 */
public interface ReservedBuckets {

    boolean isReserved(String bucket);
}
