package io.imagepic.transform;

import io.imagepic.web.Message;

/** Reasons of the transforms, for {@code data.err}. */
public final class TransformMsg {

    public static final Message DISABLED = Message.of("图片处理未开启(imagepic.transform.enabled=false)",
            "image transforms are off (imagepic.transform.enabled=false)");
    public static final Message UNKNOWN_PARAM = Message.of("未知参数: %s", "unknown parameter: %s");
    public static final Message REPEATED_PARAM = Message.of("参数重复: %s", "parameter given twice: %s");
    public static final Message BAD_SIZE = Message.of("%s须为1到8192之间的整数", "%s must be a whole number of pixels, 1 to 8192");
    public static final Message SIZE_AFTER_DPR = Message.of("%s乘以dpr后须不大于8192", "%s times dpr must be at most 8192");
    public static final Message BAD_FIT = Message.of("fit须为clip、crop或max", "fit must be clip, crop or max");
    public static final Message BAD_FORMAT = Message.of("fm须为webp、avif、jpg或png", "fm must be webp, avif, jpg or png");
    public static final Message BAD_QUALITY = Message.of("q须为1到100之间的整数", "q must be a whole number, 1 to 100");
    public static final Message BAD_DPR = Message.of("dpr须在1到3之间(最多两位小数)",
            "dpr must be between 1 and 3 (at most two decimals)");
    public static final Message BAD_AUTO = Message.of("auto只支持format", "auto supports only format");
    public static final Message UNKNOWN_PRESET = Message.of("没有名为%s的预设", "no preset named %s");
    public static final Message UNSIGNED_SIZE = Message.of("公开桶未签名时, 宽高只能取以下值: %s(或使用预设、签名链接)",
            "without a signed link a public bucket serves only these widths and heights: %s (or a preset)");
    public static final Message SOURCE_TOO_LARGE = Message.of("原图超过%d字节, 无法处理",
            "the original is larger than %d bytes, too large to transform");
    public static final Message TOO_MANY_PIXELS = Message.of("图片像素过多(%d×%d, 上限%d像素)",
            "the image has too many pixels (%d×%d, at most %d)");
    public static final Message OUTPUT_TOO_LARGE = Message.of("输出图片像素过多(%d×%d, 上限%d像素)",
            "the output would have too many pixels (%d×%d, at most %d)");
    public static final Message UNSUPPORTED = Message.of("无法处理此类文件(只支持JPEG、PNG、GIF、WebP、AVIF、HEIC)",
            "this file cannot be transformed (JPEG, PNG, GIF, WebP, AVIF and HEIC can)");
    public static final Message CORRUPT = Message.of("图片已损坏或不完整, 无法解码",
            "the image is corrupt or truncated and cannot be decoded");
    public static final Message TOO_SLOW = Message.of("图片处理超过%d秒, 已中止", "the transform took longer than %d s and was stopped");
    public static final Message BUSY = Message.of("图片处理繁忙, 请稍后重试", "too many transforms at once, retry shortly");
    public static final Message FAILED = Message.of("图片处理失败", "the transform failed");
    public static final Message BAD_STRIP = Message.of("strip只支持exif", "strip supports only exif");

    private TransformMsg() {
    }
}
