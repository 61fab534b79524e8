package io.imagepic.bucket;

import io.imagepic.web.Message;

/** Reasons of the bucket routes, for {@code data.err}. */
public final class BucketMsg {

    public static final Message NO_ACCOUNT = Message.of("没有手机号为%s的账号", "no account has phone %s");
    public static final Message NOT_A_MEMBER = Message.of("%s不是存储桶%s的成员", "%s is not a member of bucket %s");
    public static final Message MEMBER_PHONE = Message.of("member须为11位手机号", "member must be an 11-digit phone number");

    public static final Message LAST_MANAGER = Message.of("不能移除存储桶%s的最后一个管理者(只有管理员可以)",
            "the last manager of bucket %s cannot be removed (only an admin can)");

    private BucketMsg() {
    }
}
