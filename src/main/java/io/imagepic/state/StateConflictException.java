package io.imagepic.state;

/** A read-modify-write kept losing to concurrent writers (or was interrupted) and gave up. */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
