package io.imagepic.notification;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Caller;

/**
 * Which buckets' events a listener may see: every bucket for signed-in users (bucket policies only decide
 * anonymous reads of /i/...), the buckets of its allow-list for a service token.
 */
@ApplicationScoped
public class BucketAccess {

    public boolean mayRead(Caller caller, String bucket) {
        return caller.mayAccess(bucket);
    }
}
