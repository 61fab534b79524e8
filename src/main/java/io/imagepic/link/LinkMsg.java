package io.imagepic.link;

import io.imagepic.web.Message;

/** Reasons about image paths, for {@code data.err}. */
final class LinkMsg {

    static final Message PATH = Message.of("图片路径形如 /i/{bucket}/{key}", "image paths look like /i/{bucket}/{key}");
    static final Message KEY_NOT_FOUND = Message.of("没有这个签名密钥: %s", "no link key with kid %s");
    static final Message ENCODED_SLASH = Message.of("图片路径中不能有编码的斜杠", "encoded slash in the image key");

    private LinkMsg() {
    }
}
