package io.imagepic.web;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The seed's envelope, kept for compatibility: {@code {code: "0"|"-1", data, msg, success}}. A failure's
 * {@code msg} is always {@link #FAIL_MSG}, or {@link #DENIED_MSG} when authentication or permission is missing;
 * its reason is in {@code data.err}. Unlike the seed, the HTTP status is real as well.
 */
@RegisterForReflection // also written by the Vert.x routes' ObjectMapper
public record ApiResponse<T>(String code, T data, String msg, boolean success) {

    public static final String OK_MSG = "成功";
    public static final String FAIL_MSG = "失败";
    public static final String DENIED_MSG = "未满足权限";

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>("0", data, OK_MSG, true);
    }

    public static <T> ApiResponse<T> fail(String msg, T data) {
        return new ApiResponse<>("-1", data, msg, false);
    }
}
