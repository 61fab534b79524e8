package io.imagepic.account;

import java.util.Comparator;
import java.util.Locale;

/**
 * The seed's Chinese messages (reported in {@code data.err}), with English ones for
 * {@code Accept-Language: en}. The envelope's {@code msg} stays the seed's ("失败", "未满足权限").
 */
public enum Msg {
    PASSWORD("密码不符合规范", "password must be 6-20 characters: letters, digits or _!@#$%%^&*"),
    EMAIL("邮箱填写不符合规范", "invalid e-mail address"),
    PHONE("手机号码填写不符合规范", "invalid mobile phone number"),
    OLD_PASSWORD("旧密码不符合规范", "old password must be 6-20 characters: letters, digits or _!@#$%%^&*"),
    NEW_PASSWORD("新密码不符合规范", "new password must be 6-20 characters: letters, digits or _!@#$%%^&*"),
    NAME("姓名填写不符合规范", "name must be text of at most %d characters"),
    TFS("tfs填写不符合规范", "tfs must be text of at most %d characters"),
    BODY("请求体不符合规范", "the body must be a JSON object of at most %d bytes"),
    REGISTERED("已注册", "already registered"),
    WRONG_PASSWORD("密码不正确", "wrong phone or password"),
    LOCKED("登录失败次数过多,请%d秒后再试", "too many failed attempts, retry in %d seconds"),
    CLOSED("注册已关闭,请联系管理员", "registration is closed, ask an admin"),
    UNAUTHORIZED("未登录或登录已失效", "missing, invalid or expired token"),
    FORBIDDEN("权限不足", "this needs the admin role"),
    SCOPE("令牌的权限范围不包括此操作", "the service token's scopes do not cover this route"),
    BUCKET("令牌无权使用存储桶%s", "the service token may not use bucket %s");

    private final String zh;
    private final String en;

    Msg(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String in(Lang lang, Object... args) {
        return String.format(lang == Lang.EN ? en : zh, args);
    }

    public enum Lang {
        ZH,
        EN;

        /** English when the client prefers it over Chinese; Chinese (the seed) otherwise. */
        public static Lang of(String acceptLanguage) {
            if (acceptLanguage == null || acceptLanguage.isBlank()) {
                return ZH;
            }
            try {
                return Locale.LanguageRange.parse(acceptLanguage).stream()
                        .sorted(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed())
                        .map(r -> r.getRange().toLowerCase(Locale.ROOT))
                        .filter(r -> r.startsWith("en") || r.startsWith("zh"))
                        .findFirst().map(r -> r.startsWith("en") ? EN : ZH).orElse(ZH);
            } catch (IllegalArgumentException e) {
                return ZH;
            }
        }
    }
}
