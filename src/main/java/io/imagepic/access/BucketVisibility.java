package io.imagepic.access;

/** Whether anyone may fetch a bucket's images through /i/ (public-read), kept by the policy module. */
public interface BucketVisibility {

    boolean isPublicRead(String bucket);
}
