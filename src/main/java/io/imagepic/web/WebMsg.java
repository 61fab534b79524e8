package io.imagepic.web;

/** Reasons of the edge itself: authentication, malformed requests, the unexpected. */
public final class WebMsg {

    public static final Message UNAUTHORIZED = Message.of("未登录或登录已失效", "missing, invalid or expired token");
    public static final Message FORBIDDEN = Message.of("权限不足", "this needs the admin role");
    public static final Message MALFORMED_JSON = Message.of("请求体不是合法的JSON", "malformed JSON body");
    public static final Message INVALID_FIELD = Message.of("字段%s的值不合法", "invalid value for field '%s'");
    public static final Message INVALID = Message.of("%s", "%s");
    public static final Message BUCKET_NAME = Message.of("存储桶名称须为3-63个小写字母、数字、'.'或'-'",
            "bucket names are 3-63 lowercase letters, digits, '.' or '-'");
    public static final Message BODY_TOO_LARGE = Message.of("请求体超过%d字节", "the body is larger than %d bytes");
    public static final Message PAGE = Message.of("pageSize和pageNum必须为正数", "pageSize and pageNum must be positive");
    public static final Message INTERNAL = Message.of("服务器内部错误", "internal error");
    public static final Message HTTP = Message.of("%s", "%s");

    private WebMsg() {
    }
}
