package io.imagepic.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.Test;

/**
 * Bean Validation's reasons come from an interpolator without Expression Language (its engine cost start-up time):
 * parameters are filled in, in both languages, and no constraint the service uses needs EL.
 */
class ValidationLanguageTest {

    /** Constraints as the service's forms use them, one of our own message keys among them. */
    record Form(@NotNull @Pattern(regexp = "^[a-z]+$", message = "{imagepic.token-name}") String name,
            @NotEmpty Set<String> scopes, @Size(min = 1, max = 2) List<String> buckets, @Future Instant expiresAt,
            @Min(1) @Max(10) Integer uploads) {
    }

    static Validator validator(Locale locale) {
        return Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(ValidationLanguage.interpolator(context -> locale)).buildValidatorFactory().getValidator();
    }

    static Set<String> reasons(Locale locale, Object bean) {
        Set<String> out = new TreeSet<>();
        for (ConstraintViolation<Object> v : validator(locale).validate(bean)) {
            out.add(v.getMessage());
        }
        return out;
    }

    @Test
    void parametersAreFilledInBothLanguages() {
        Form bad = new Form("-bad name", Set.of(), List.of("a", "b", "c"), Instant.parse("2000-01-01T00:00:00Z"), 0);
        Set<String> en = reasons(Locale.ENGLISH, bad);
        Set<String> zh = reasons(Locale.SIMPLIFIED_CHINESE, bad);
        assertEquals(5, en.size(), en.toString());
        assertTrue(en.contains("must be greater than or equal to 1"), en.toString());
        assertTrue(en.contains("must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                en.toString());
        assertTrue(en.contains("must not be empty"), en.toString());
        assertTrue(en.contains("size must be between 1 and 2"), en.toString());
        assertTrue(zh.stream().anyMatch(m -> m.contains("1") && m.contains("小")), zh.toString()); // 最小不能小于1
        for (String m : union(en, zh)) {
            assertFalse(m.contains("{") || m.contains("$"), "an unfilled parameter or an EL expression: " + m);
        }
        assertEquals(Set.of(), reasons(Locale.ENGLISH, new Form("ok", Set.of("read"), null, null, 5)));
    }

    /** The built-in constraints whose messages need Expression Language; none may be used in the service. */
    @Test
    void noConstraintNeedsExpressionLanguage() throws IOException {
        List<String> needEl = List.of("@DecimalMin", "@DecimalMax", "@Digits", "@ScriptAssert", "@ParameterScriptAssert");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                for (String annotation : needEl) {
                    assertFalse(source.contains(annotation + "(") || source.contains(annotation + " ")
                            || source.contains(annotation + "\n"), f + " uses " + annotation + ", whose message needs EL");
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
