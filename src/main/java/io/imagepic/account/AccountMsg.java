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
    static final Message BODY = Message.of("请求体不符合规范", "the body must be a JSON object of at most %d bytes");
    static final Message REGISTERED = Message.of("已注册", "already registered");
    static final Message WRONG_PASSWORD = Message.of("密码不正确", "wrong password");
    /** The seed's answer for a phone with no account: its generic "失败". */
    static final Message NO_ACCOUNT = Message.of("失败", "no account with this phone");
    static final Message LOCKED = Message.of("登录失败次数过多,请%d秒后再试", "too many failed attempts, retry in %d seconds");
    static final Message CLOSED = Message.of("注册已关闭,请联系管理员", "registration is closed, ask an admin");

    private AccountMsg() {
    }
}
