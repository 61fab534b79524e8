package io.imagepic.notification;

import io.imagepic.web.Message;

/** Reasons of the notification routes, for {@code data.err}. */
final class NotificationMsg {

    static final Message UNKNOWN_EVENT = Message.of("未知的事件类型'%s';已知: %s(末尾的*匹配一类)",
            "unknown event type '%s'; known: %s (a trailing * matches a family)");
    static final Message TOO_MANY_LISTENERS = Message.of("监听者过多,请稍后重试", "too many listeners, retry later");
    static final Message TOO_MANY_TARGETS = Message.of("最多%d个webhook", "at most %d webhook targets");
    static final Message NO_SUCH_WEBHOOK = Message.of("webhook不存在: %s", "no such webhook: %s");
    static final Message URL_INVALID = Message.of("url不是合法的URL: %s", "url is not a valid URL: %s");
    static final Message URL_SCHEME = Message.of("url须为http或https", "url must be an http or https URL");
    static final Message URL_HOST = Message.of("url须包含主机名", "url must name a host");
    static final Message URL_EXTRAS = Message.of("url不能包含凭据或片段", "url must not carry credentials or a fragment");

    static final Message SHUTTING_DOWN = Message.of("本实例正在关闭,请重新连接", "this replica is shutting down, connect again");
    static final Message TOO_MANY_STREAMS = Message.of("每个调用者最多%d个事件流", "at most %d event streams per caller");
    static final Message TOKEN_BUCKET_REQUIRED = Message.of("服务令牌只能为其允许的存储桶添加webhook",
            "a service token may only add webhooks for a bucket of its allow-list");
    static final Message TEST_QUEUE_FULL = Message.of("webhook %s 待投递的事件过多,请稍后再试",
            "webhook %s has too many deliveries pending, try again later");
    static final Message NOT_QUEUED = Message.of("已保存,但webhook事件未能入队,请重试",
            "stored, but its webhook deliveries could not be queued: retry");
    static final Message WEBHOOK_ADDRESS = Message.of("webhook地址不允许: %s", "webhook address refused: %s");

    private NotificationMsg() {
    }
}
