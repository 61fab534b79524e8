package io.imagepic.upload;

import io.imagepic.web.Message;

/** Reasons of putObject, for {@code data.err} (and each file's {@code msg} when a request carries several). */
final class UploadMsg {

    static final Message NOT_MULTIPART = Message.of("请以multipart/form-data上传,文件放在字段'%s'中",
            "expected multipart/form-data with the file in field '%s'");
    static final Message NO_BUCKET = Message.of("缺少请求头'bucket'", "header 'bucket' is required");
    static final Message REQUEST_TOO_LARGE = Message.of("请求超过%d字节", "request is larger than %d bytes");
    static final Message BAD_NAMING = Message.of("请求头'naming'须为original或hash", "header 'naming' must be original or hash");
    static final Message BAD_OVERWRITE = Message.of("请求头'overwrite'须为true或false", "header 'overwrite' must be true or false");
    static final Message BAD_CONFLICT = Message.of("请求头'conflict'须为replace、fail或rename",
            "header 'conflict' must be replace, fail or rename");
    static final Message NO_FREE_NAME = Message.of("找不到空闲的文件名: %s/%s", "no free name found for %s/%s");
    static final Message BAD_LENGTH = Message.of("Content-Length不合法", "bad Content-Length");
    static final Message WRONG_FIELD = Message.of("文件须放在字段'%s'中", "file parts must be in field '%s'");
    static final Message TOO_MANY_FILES = Message.of("一次请求最多%d个文件", "more than %d files in one request");
    static final Message NO_FILE = Message.of("字段'%s'中没有文件", "no file in field '%s'");
    static final Message MALFORMED = Message.of("multipart请求体格式错误", "malformed multipart body");
    static final Message CLIENT_GONE = Message.of("上传中客户端连接断开", "client connection lost mid-upload");
    static final Message FILE_TOO_LARGE = Message.of("文件超过%d字节", "file is larger than %d bytes");
    static final Message IDLE = Message.of("客户端%d毫秒没有发送数据", "no data from the client for %d ms");
    static final Message SHUTTING_DOWN = Message.of("本实例正在关闭,请重试", "this replica is shutting down: retry");
    static final Message BUSY = Message.of("上传过多,请稍后重试", "too many uploads in progress, retry later");
    static final Message EXISTS = Message.of("对象已存在: %s/%s", "object already exists: %s/%s");
    static final Message NOT_YOURS = Message.of("对象由他人上传, 需要存储桶的管理权限才能覆盖: %s/%s",
            "the object was uploaded by someone else: replacing it needs manage rights on the bucket: %s/%s");
    static final Message CHANGED = Message.of("上传期间对象被他人修改, 请重试: %s/%s",
            "the object changed while this upload ran, retry: %s/%s");
    static final Message HASH_MISMATCH = Message.of("按内容命名的路径已被其他内容占用: %s/%s",
            "the content-addressed key already holds other bytes: %s/%s");
    static final Message DEADLINE = Message.of("文件未能在%d秒内上传完成", "the file did not arrive within %d s");
    static final Message TOO_SLOW = Message.of("上传速度低于每秒%d字节", "the upload is slower than %d bytes per second");
    static final Message PER_CALLER = Message.of("同时进行的上传过多(最多%d个), 请稍后重试",
            "too many uploads at once (at most %d), retry later");
    static final Message NOT_IMAGE = Message.of("不是支持的图片(%s): %s", "not a supported image (%s): %s");
    static final Message SVG_DISABLED = Message.of("SVG上传已关闭: %s", "SVG uploads are disabled: %s");
    static final Message NAME_MISMATCH = Message.of("文件是%s,但文件名不符: %s", "the file is %s but its name says otherwise: %s");
    static final Message TYPE_MISMATCH = Message.of("文件是%s,但声明为%s: %s", "the file is %s but was declared as %s: %s");

    private UploadMsg() {
    }
}
