package io.imagepic.object;

import io.imagepic.web.Message;

/** Reasons of the object routes, for {@code data.err}. */
public final class ObjectMsg {

    static final Message PAGE_SIZE = Message.of("pageSize须在1到%d之间", "pageSize must be between 1 and %d");
    static final Message PAGE_NUM = Message.of("pageNum须为正数,或-1表示全部", "pageNum must be 1 or more, or -1 for all");
    static final Message UPLOADER_PAGE = Message.of("withUploader只适用于pageSize不超过%d的分页",
            "withUploader needs a page (pageNum 1 or more) of at most %d entries");
    static final Message EXPIRY = Message.of("expiry须在1到%d秒之间", "expiry must be between 1 and %d seconds");
    public static final Message NOT_OWNER = Message.of("只有上传者或存储桶管理者可以删除或覆盖 %s/%s",
            "only the uploader or a manager of the bucket may remove or replace %s/%s");

    static final Message CHANGED_MEANWHILE = Message.of("%s/%s 在删除前已被替换,未删除;请重新查看后再试",
            "%s/%s was replaced before it could be removed; nothing was removed: look again and retry");

    private ObjectMsg() {
    }
}
