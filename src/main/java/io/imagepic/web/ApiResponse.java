package io.imagepic.web;

/**
 * The seed's envelope, kept for compatibility: {@code {code: "0"|"-1", data, msg, success}}.
 * Unlike the seed, the HTTP status is real as well.
 */
public record ApiResponse<T>(String code, T data, String msg, boolean success) {

    public static final String OK_MSG = "成功";
    public static final String FAIL_MSG = "失败";

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>("0", data, OK_MSG, true);
    }

    public static <T> ApiResponse<T> fail(String msg, T data) {
        return new ApiResponse<>("-1", data, msg, false);
    }
}
