package io.imagepic.state;

/**
 * The claim is no longer ours: its lease ran out and another owner took it over, or the item was removed. Whatever
 * the holder meant to record (completion, retry) was not recorded.
 */
public class ClaimLostException extends RuntimeException {

    private final String id;

    public ClaimLostException(String id) {
        super("claim on " + id + " lost (taken over or removed)", null, false, false);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
