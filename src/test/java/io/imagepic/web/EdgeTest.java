package io.imagepic.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonParseException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** The one mapping from anything thrown to what a client is told, and the seed's failure envelope. */
class EdgeTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new UnauthorizedException(), 401, "未满足权限"),
                Arguments.of(new AuthenticationFailedException(), 401, "未满足权限"),
                Arguments.of(new ForbiddenException(), 403, "未满足权限"),
                Arguments.of(new JsonParseException(null, "bad"), 400, "失败"),
                Arguments.of(new NotFoundException(), 404, "失败"),
                Arguments.of(new NotAllowedException("GET"), 405, "失败"),
                Arguments.of(new IllegalStateException("boom"), 500, "失败"),
                Arguments.of(ApiError.conflict(WebMsg.HTTP, "x"), 409, "失败"),
                Arguments.of(ApiError.failed(ApiError.Kind.UNAUTHORIZED, WebMsg.HTTP, "wrong password"), 401, "失败"),
                Arguments.of(ApiError.forbidden(WebMsg.FORBIDDEN), 403, "未满足权限"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void everyFailureGetsItsStatusAndTheSeedsMsg(Throwable failure, int status, String msg) {
        ApiError e = Edge.translate(failure);
        assertEquals(status, e.status());
        ApiResponse<Object> body = Edge.body(e, Lang.ZH);
        assertEquals("-1", body.code());
        assertEquals(msg, body.msg());
        assertEquals(false, body.success());
    }

    @ParameterizedTest
    @CsvSource({ "ZH, 字段x的值不合法", "EN, invalid value for field 'x'" })
    void theReasonIsInDataErrInTheCallersLanguage(Lang lang, String err) {
        assertEquals(Map.of("err", err), Edge.body(ApiError.badRequest(WebMsg.INVALID_FIELD, "x"), lang).data());
    }

    @org.junit.jupiter.api.Test
    void anApiErrorIsAnsweredAsItIsWithItsOwnData() {
        ApiError api = ApiError.conflict(WebMsg.HTTP, "x").withData(List.of("per-file results"));
        assertSame(api, Edge.translate(api));
        assertEquals(List.of("per-file results"), Edge.body(api, Lang.EN).data());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "| ZH", "en | EN", "en-US,en;q=0.9 | EN", "zh-CN,zh;q=0.9,en;q=0.8 | ZH",
            "fr, en;q=0.5 | EN", "de | ZH", "not a header;;; | ZH", "zh;q=0.2, en;q=0.8 | EN" })
    void englishOnlyWhenPreferred(String header, Lang expected) {
        assertEquals(expected, Lang.of(header));
    }

    @ParameterizedTest
    @CsvSource({ "ZH, 'a 1,b'", "EN, 'A 1,B'" })
    void severalReasonsAreJoinedAsTheSeedDid(Lang lang, String joined) {
        Message a = Message.of("a %d", "A %d");
        Message b = Message.of("b", "B");
        assertEquals(joined, Message.join(",", List.of(a.with(1), b)).in(lang));
    }

    @ParameterizedTest
    @CsvSource({ "50%, 50%" })
    void literalTextIsNotAFormat(String text, String shown) {
        assertEquals(shown, Message.literal(text).in(Lang.EN));
    }
}
