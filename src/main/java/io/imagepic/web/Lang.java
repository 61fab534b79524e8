package io.imagepic.web;

import java.util.Comparator;
import java.util.Locale;

/** The language of the reasons in {@code data.err}: Chinese (the seed) unless the client prefers English. */
public enum Lang {
    ZH,
    EN;

    /** English when the client prefers it over Chinese; Chinese otherwise. */
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
