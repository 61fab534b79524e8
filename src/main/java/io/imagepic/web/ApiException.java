package io.imagepic.web;

import java.util.Map;

/** A failure with its HTTP status and the envelope's msg; {@code data.err} carries the detail. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Object data;

    public ApiException(int status, String message, Object data) {
        super(message);
        this.status = status;
        this.data = data;
    }

    public ApiException(int status, String message) {
        this(status, message, Map.of("err", message));
    }

    public int status() {
        return status;
    }

    public Object data() {
        return data;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
