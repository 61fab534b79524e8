package io.imagepic.access;

/** What a caller wants to do to a bucket; each role includes the actions before it. */
public enum Action {
    /** Fetch an image's bytes through /i/ (anyone, for a public-read bucket). */
    SERVE,
    /** List, stat, read, presign, sign links, listen to events. */
    READ,
    /** Upload, and remove or replace one's own objects. */
    WRITE,
    /** Replace or remove anyone's objects, change the bucket's policy and members. */
    MANAGE
}
