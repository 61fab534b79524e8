package io.imagepic.token;

import io.imagepic.web.Message;

/** Reasons of the service-token routes, for {@code data.err}. */
final class TokenMsg {

    static final Message NAME_LIKE_ID = Message.of("名称不能形如用户id", "name must not look like a user id");
    static final Message TOO_LONG = Message.of("服务令牌最长有效%d天",
            "a service token lives at most %d days: give an earlier expiresAt");
    static final Message TOO_MANY = Message.of("服务令牌已达%d个,请先吊销一些", "there are already %d service tokens; revoke some first");
    static final Message NOT_FOUND = Message.of("服务令牌不存在: %s", "no service token %s");

    private TokenMsg() {
    }
}
