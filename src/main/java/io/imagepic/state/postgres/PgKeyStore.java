package io.imagepic.state.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.imagepic.state.SigningKeyStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Keys in {@code signing_keys}: the first replica's insert wins, every replica reads that one. */
final class PgKeyStore implements SigningKeyStore {

    private final Sql sql;

    PgKeyStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public byte[] getOrCreate(String name, Supplier<byte[]> generator) {
        Optional<byte[]> stored = find(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        sql.await(sql.query("insert into signing_keys (name, material) values ($1, $2) on conflict do nothing",
                Tuple.of(name, Buffer.buffer(generator.get()))));
        return find(name).orElseThrow(() -> new IllegalStateException("the key " + name + " was not stored"));
    }

    @Override
    public Optional<byte[]> find(String name) {
        for (Row r : sql.await(sql.query("select material from signing_keys where name = $1", Tuple.of(name)))) {
            return Optional.of(r.getBuffer("material").getBytes());
        }
        return Optional.empty();
    }

    @Override
    public List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (Row r : sql.await(sql.query("select name from signing_keys where starts_with(name, $1) order by name",
                Tuple.of(prefix)))) {
            names.add(r.getString("name"));
        }
        return names;
    }
}
