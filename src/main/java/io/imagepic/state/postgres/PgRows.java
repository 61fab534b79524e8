package io.imagepic.state.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * How the stores read and write rows: a record kept as a JSON document in the column {@code doc} (jsonb), and times
 * as {@code timestamptz} in UTC.
 */
final class PgRows {

    private PgRows() {
    }

    static JsonObject encode(ObjectMapper json, Object value) {
        try {
            return new JsonObject(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T decode(ObjectMapper json, JsonObject doc, Class<T> type) {
        try {
            return json.readValue(doc.encode(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
        }
    }

    /** The row's {@code doc}. */
    static <T> T doc(ObjectMapper json, Row row, Class<T> type) {
        return decode(json, row.getJsonObject("doc"), type);
    }

    /** The first row's {@code doc}, if there is a row. */
    static <T> Optional<T> first(ObjectMapper json, RowSet<Row> rows, Class<T> type) {
        for (Row r : rows) {
            return Optional.of(doc(json, r, type));
        }
        return Optional.empty();
    }

    /** Every row's {@code doc}, in the rows' order. */
    static <T> List<T> all(ObjectMapper json, RowSet<Row> rows, Class<T> type) {
        List<T> all = new ArrayList<>(rows.size());
        for (Row r : rows) {
            all.add(doc(json, r, type));
        }
        return all;
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
