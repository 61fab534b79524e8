package io.imagepic.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.imagepic.support.Images;

/** The bytes decide the type; names and declared types only confirm it. */
class ImageTypeTest {

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of(Images.png(100, 1), ImageType.PNG),
                Arguments.of(Images.jpeg(100, 1), ImageType.JPEG),
                Arguments.of(Images.gif(), ImageType.GIF),
                Arguments.of(Images.webp(), ImageType.WEBP),
                Arguments.of(Images.avif(), ImageType.AVIF),
                Arguments.of(Images.bmp(), ImageType.BMP),
                Arguments.of(Images.ico(), ImageType.ICO),
                Arguments.of(Images.svg(), ImageType.SVG),
                Arguments.of("\uFEFF<?xml version=\"1.0\"?><!-- c --><!DOCTYPE svg><svg xmlns=\"x\"/>"
                        .getBytes(StandardCharsets.UTF_8), ImageType.SVG),
                Arguments.of(Images.html(), null),
                Arguments.of("BM not a bitmap at all".getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("<svgx/>".getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of(new byte[0], null));
    }

    @ParameterizedTest
    @MethodSource("files")
    void sniffs(byte[] bytes, ImageType expected) {
        assertEquals(Optional.ofNullable(expected), ImageType.sniff(bytes, bytes.length));
    }

    @ParameterizedTest
    @CsvSource({ "PNG, a.png, true", "PNG, a.PNG, true", "PNG, noext, true", "PNG, a.jpg, false", "JPEG, a.jpeg, true",
            "JPEG, a.jfif, true", "JPEG, dir.png/a, true", "GIF, a., true" })
    void namesConfirm(ImageType type, String name, boolean matches) {
        assertEquals(matches, type.matchesName(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "JPEG|image/jpeg|true", "JPEG|image/jpg|true", "JPEG|image/png|false",
            "PNG|application/octet-stream|true", "PNG||true", "PNG|image/png; charset=x|true", "ICO|image/ico|true" })
    void declaredTypesConfirm(ImageType type, String declared, boolean matches) {
        assertEquals(matches, type.matchesDeclared(declared));
    }
}
