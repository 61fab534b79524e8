package io.imagepic.state;

/** The claim is no longer ours: it expired and another replica took it over, or the item was removed. */
public class ClaimLostException extends RuntimeException {

    private final String id;

    public ClaimLostException(String id) {
        super("claim on " + id + " lost (taken over or removed)");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
