package io.imagepic.serving;

import io.imagepic.web.Message;

/** Reasons of the image routes, for {@code data.err}. */
final class ServingMsg {

    static final Message TRAVERSAL = Message.of("图片路径中有路径穿越", "path traversal in the image key");
    static final Message LINK_EXPIRED = Message.of("签名链接已过期", "signed link expired");
    static final Message LINK_INVALID = Message.of("签名链接无效", "invalid signed link");
    static final Message NOT_FOUND = Message.of("图片不存在: %s/%s", "image not found: %s/%s");
    static final Message RANGE = Message.of("请求的范围无法满足(图片共%d字节)", "range not satisfiable (the image has %d bytes)");
    static final Message EXPIRY = Message.of("expiry须在1到%d秒之间", "expiry must be between 1 and %d seconds");

    private ServingMsg() {
    }
}
