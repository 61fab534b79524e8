package io.imagepic.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A reason shown to clients in {@code data.err}, in Chinese (the seed's language) and English. Each module
 * keeps its texts as constants in one class of its own (e.g. {@code AccountMsg}), so a reason is written once.
 * The texts are {@link String#format} patterns.
 */
public record Message(String zh, String en) {

    public static Message of(String zh, String en) {
        return new Message(zh, en);
    }

    /** A text that is the same in both languages (e.g. already localized by Bean Validation). */
    public static Message literal(String text) {
        return literal(text, text);
    }

    public String in(Lang lang, Object... args) {
        return String.format(lang == Lang.EN ? en : zh, args);
    }

    /** This message with its arguments filled in, in both languages. */
    public Message with(Object... args) {
        return literal(String.format(zh, args), String.format(en, args));
    }

    /** Several reasons reported at once, as the seed did ({@code "a,b"}). */
    public static Message join(String separator, List<Message> reasons) {
        return literal(reasons.stream().map(m -> m.in(Lang.ZH)).collect(Collectors.joining(separator)),
                reasons.stream().map(m -> m.in(Lang.EN)).collect(Collectors.joining(separator)));
    }

    private static Message literal(String zh, String en) {
        return new Message(zh.replace("%", "%%"), en.replace("%", "%%"));
    }
}
