package io.imagepic.notification;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.auth.Caller;

/**
 * Which buckets' events a listener may see. Today every signed-in caller may read every bucket (bucket
 * policies only decide anonymous reads of /i/...), so this is the one place to narrow it later.
 */
@ApplicationScoped
public class BucketAccess {

    public boolean mayRead(Caller caller, String bucket) {
        return true;
    }
}
