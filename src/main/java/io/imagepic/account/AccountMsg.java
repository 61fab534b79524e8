package io.imagepic.account;

import io.imagepic.web.Message;

/** The seed's Chinese account messages (reported in {@code data.err}), with English ones for {@code Accept-Language: en}. */
final class AccountMsg {

    static final Message PASSWORD = Message.of("密码不符合规范", "password must be 6-20 characters: letters, digits or _!@#$%%^&*");
    static final Message EMAIL = Message.of("邮箱填写不符合规范", "invalid e-mail address");
    static final Message PHONE = Message.of("手机号码填写不符合规范", "invalid mobile phone number");
    static final Message OLD_PASSWORD = Message.of("旧密码不符合规范",
            "old password must be 6-20 characters: letters, digits or _!@#$%%^&*");
    static final Message NEW_PASSWORD = Message.of("新密码不符合规范",
            "new password must be 6-20 characters: letters, digits or _!@#$%%^&*");
    static final Message NAME = Message.of("姓名填写不符合规范", "name must be text of at most %d characters");
    static final Message TFS = Message.of("tfs填写不符合规范", "tfs must be text of at most %d characters");
    static final Message INVITE_FIELD = Message.of("邀请码填写不符合规范", "invite must be text of at most %d characters");
    static final Message BODY = Message.of("请求体不符合规范", "the body must be a JSON object of at most %d bytes");
    static final Message REGISTERED = Message.of("已注册", "already registered");
    static final Message WRONG_PASSWORD = Message.of("密码不正确", "wrong password");
    /** The seed's answer for a phone with no account: its generic "失败". */
    static final Message NO_ACCOUNT = Message.of("失败", "no account with this phone");
    static final Message LOCKED = Message.of("登录失败次数过多,请%d秒后再试", "too many failed attempts, retry in %d seconds");
    static final Message REGISTERING_TOO_OFTEN = Message.of("注册过于频繁,请%d秒后再试",
            "too many registrations from this address, retry in %d seconds");
    static final Message CLOSED = Message.of("注册已关闭,请联系管理员", "registration is closed, ask an admin");
    static final Message INVITE_NEEDED = Message.of("注册需要邀请码,请联系管理员", "registration needs an invite, ask an admin");
    static final Message INVITE_INVALID = Message.of("邀请码无效、已使用或已过期", "the invite is unknown, used or expired");
    static final Message DISABLED = Message.of("账号已停用,请联系管理员", "this account is disabled, ask an admin");
    static final Message TEMPORARY = Message.of("临时密码只能用于修改密码,请先修改密码",
            "a temporary password only serves to set a new one: change it first (/imagepic/auth/change)");
    static final Message BUSY = Message.of("服务繁忙,请稍后再试", "too many password checks at once, retry shortly");
    static final Message LAST_ADMIN = Message.of("不能移除或停用最后一个管理员", "the last admin cannot be demoted or disabled");
    static final Message SESSION_ENDED = Message.of("登录状态已失效,请重新登录", "the session has ended: sign in again");
    static final Message FOREIGN_ORIGIN = Message.of("不接受来自其他来源的请求", "requests from another origin are refused here");
    static final Message NO_SUCH_USER = Message.of("用户%s不存在", "no user %s");
    static final Message NO_SUCH_INVITE = Message.of("邀请%s不存在", "no invite %s");
    static final Message TOO_MANY_INVITES = Message.of("未使用的邀请已达上限%d个", "there are already %d unused invites");
    static final Message INVITE_EXPIRY = Message.of("过期时间必须在将来且不超过%d天",
            "expiresAt must be in the future and at most %d days away");

    private AccountMsg() {
    }
}
