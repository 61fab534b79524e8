package io.imagepic.cluster;

import io.imagepic.web.Message;

/** Reasons of the peer route, for {@code data.err}. */
final class ClusterMsg {

    static final Message BAD_SIGNATURE = Message.of("对等请求签名无效或已过期", "peer request signature missing, invalid or stale");
    static final Message SELF = Message.of("这是本实例自己的消息", "this is the replica's own message");
    static final Message MALFORMED = Message.of("消息格式错误", "malformed messages");

    private ClusterMsg() {
    }
}
