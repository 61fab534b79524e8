package io.imagepic.s3;

/** A storage failure the HTTP layer turns into a status code; carries a message naming what went wrong. */
public class StorageException extends RuntimeException {

    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        BAD_GATEWAY
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public static StorageException notFound(String message) {
        return new StorageException(Kind.NOT_FOUND, message);
    }

    public static StorageException conflict(String message) {
        return new StorageException(Kind.CONFLICT, message);
    }
}
