package io.imagepic.state;

/** Refused: the change would leave no enabled admin, and nobody could grant admin rights any more. */
public class LastAdminException extends RuntimeException {

    public LastAdminException() {
        super("the last enabled admin stays", null, false, false);
    }
}
