package io.imagepic.s3;

import io.imagepic.web.Message;

/** Reasons of storage failures, for {@code data.err}. */
public final class S3Msg {

    public static final Message NO_SUCH_BUCKET = Message.of("存储桶不存在: %s", "bucket not found: %s");
    public static final Message NO_SUCH_KEY = Message.of("对象不存在: %s/%s", "object not found: %s/%s");
    public static final Message BUCKET_NOT_EMPTY = Message.of("存储桶不为空: %s", "bucket not empty: %s");
    public static final Message BUCKET_EXISTS = Message.of("存储桶已存在: %s", "bucket already exists: %s");
    public static final Message PRECONDITION_FAILED = Message.of("对象已存在: %s/%s", "object already exists: %s/%s");
    public static final Message UNAVAILABLE = Message.of("存储服务不可用(%s): %s", "storage unavailable (%s): %s");
    public static final Message REFUSED = Message.of("存储服务拒绝了%s: %s", "%s failed on the S3 server: %s");
    public static final Message TIMEOUT = Message.of("存储服务无响应(%s)", "storage did not answer in time (%s)");
    public static final Message BAD_DIGEST = Message.of("存储服务收到的数据已损坏(%s %s), 请重试",
            "the bytes reached the S3 server corrupted (%s %s), please retry");
    public static final Message INVALID_RANGE = Message.of("请求的范围无法满足", "range not satisfiable");
    public static final Message EMPTY_NAME = Message.of("文件名为空", "file name is empty");
    public static final Message SLASH_IN_NAME = Message.of("文件名不能包含'/': %s", "file name must not contain '/': %s");
    public static final Message LEADING_SLASH = Message.of("路径不能以'/'开头: %s", "key must not start with '/': %s");
    public static final Message BACKSLASH = Message.of("路径不能包含反斜杠: %s", "key must not contain a backslash: %s");
    public static final Message CONTROL_CHARACTER = Message.of("路径包含控制字符或非法字符", "key contains a control or invalid character");
    public static final Message BAD_SEGMENT = Message.of("路径包含空段或'.'、'..'段: %s",
            "key has an empty, '.' or '..' path segment: %s");
    public static final Message KEY_TOO_LONG = Message.of("路径超过%d字节", "key is longer than %d bytes");
    public static final Message BAD_ESCAPE = Message.of("%%转义格式错误('%%'请写作%%25)", "malformed %%-escape (send '%%' as %%25)");
    public static final Message NOT_UTF8 = Message.of("不是合法的UTF-8", "not valid UTF-8");

    private S3Msg() {
    }
}
