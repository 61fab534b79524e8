package io.imagepic.access;

import io.imagepic.web.Message;

/** Reasons of access denials, for {@code data.err}. */
public final class AccessMsg {

    public static final Message BUCKET = Message.of("令牌无权使用存储桶%s", "the service token may not use bucket %s");
    public static final Message SCOPE = Message.of("令牌的权限范围不包括此操作", "the service token's scopes do not cover this route");
    public static final Message ROLE = Message.of("你在存储桶%s的角色不允许%s", "your role on bucket %s does not allow %s");
    public static final Message MANAGE_BY_ADMINS = Message.of("只有管理员可以授予或收回存储桶%s的manage角色",
            "only admins give or take the manage role on bucket %s");
    public static final Message PEOPLE_ONLY = Message.of("服务令牌不能执行此操作", "service tokens may not do this");

    private AccessMsg() {
    }
}
