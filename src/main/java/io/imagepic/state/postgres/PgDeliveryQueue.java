package io.imagepic.state.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imagepic.state.ClaimLostException;
import io.imagepic.state.Delivery;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.DeliveryStats;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * The delivery queue as the table {@code webhook_deliveries}, counters and pending counts on the target's row, each
 * change one statement. A target's head is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease on the
 * database's clock ({@code now()}: one clock for every replica); completion, retry, renewal and release are fenced
 * ({@code WHERE lease_owner = me AND claim_token = mine AND lease_until > now()}), so an owner whose lease ran out
 * changes nothing. Queueing costs the same with 100,000 deliveries pending as with none: it reads and locks only the
 * rows of the targets concerned. A call queues at most one delivery per target (one event's deliveries).
 */
final class PgDeliveryQueue implements DeliveryQueue {

    private static final String COLUMNS = "d.id, d.target_id, d.event_id, d.event_type, d.body, d.attempts, d.created, "
            + "d.next_attempt, d.lease_owner, d.claim_token, d.lease_until";

    /**
     * One statement: locks the targets concerned, queues what their limits allow, counts the rest as dropped, and
     * answers per input row whether it was queued.
     */
    private static final String ENQUEUE = """
            with input as (
                select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                    with ordinality as i(target_id, event_id, event_type, body, created, n)),
            locked as (
                select t.id, t.pending from webhook_targets t where t.id in (select target_id from input)
                order by t.id for update),
            total as (select coalesce(sum(pending), 0) as pending from webhook_targets),
            accepted as (
                select i.* from input i join locked l on l.id = i.target_id, total
                where l.pending < $6 and total.pending < $7),
            queued as (
                insert into webhook_deliveries (target_id, event_id, event_type, body, created, next_attempt)
                select target_id, event_id, event_type, body, created, created from accepted order by n
                returning target_id),
            counted as (
                update webhook_targets t set pending = t.pending + q.n from
                    (select target_id, count(*) as n from queued group by target_id) q
                where t.id = q.target_id returning t.id),
            dropped as (
                update webhook_targets t set dropped = t.dropped + x.n from
                    (select target_id, count(*) as n from input where n not in (select n from accepted) group by target_id) x
                where t.id = x.target_id returning t.id)
            select i.n, exists (select 1 from accepted a where a.n = i.n) as queued from input i order by i.n""";

    private static final String CLAIM = """
            with heads as (
                select h.id from webhook_targets t
                cross join lateral (select d.id, d.next_attempt, d.lease_until from webhook_deliveries d
                                    where d.target_id = t.id order by d.id limit 1) h
                where h.next_attempt <= now() and (h.lease_until is null or h.lease_until <= now())),
            locked as (
                select d.id from webhook_deliveries d
                where d.id in (select id from heads) and (d.lease_until is null or d.lease_until <= now())
                limit $3 for update skip locked)
            update webhook_deliveries d
            set lease_owner = $1, claim_token = nextval('claim_tokens'),
                lease_until = now() + $2::double precision * interval '1 millisecond'
            from locked where d.id = locked.id
            returning\s""" + COLUMNS;

    private static final String FENCE = "id = $1 and lease_owner = $2 and claim_token = $3 and lease_until > now()";

    private final Sql sql;

    PgDeliveryQueue(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Uni<List<Boolean>> enqueue(List<Delivery> deliveries, Limits limits) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = deliveries.size();
        String[] targets = new String[n];
        String[] events = new String[n];
        String[] types = new String[n];
        String[] bodies = new String[n];
        java.time.OffsetDateTime[] created = new java.time.OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Delivery d = deliveries.get(i);
            targets[i] = d.targetId();
            events[i] = d.eventId();
            types[i] = d.eventType();
            bodies[i] = d.body();
            created[i] = PgRows.time(d.created());
        }
        return sql.query(ENQUEUE, Tuple.of(targets, events, types, bodies, created).addInteger(limits.perTarget())
                .addInteger(limits.total())).map(rows -> {
                    List<Boolean> queued = new ArrayList<>(n);
                    for (Row r : rows) {
                        queued.add(r.getBoolean("queued"));
                    }
                    return queued;
                });
    }

    @Override
    public Uni<List<Claim>> claim(String owner, Duration lease, int max) {
        return sql.delivery(CLAIM, Tuple.of(owner, (double) lease.toMillis(), max)).map(rows -> {
            List<Claim> claims = new ArrayList<>();
            for (Row r : rows) {
                claims.add(claim(r));
            }
            return claims;
        });
    }

    @Override
    public Uni<Claim> renew(Claim claim, Duration lease) {
        return sql.delivery("update webhook_deliveries d set lease_until = now() + $4::double precision * interval "
                + "'1 millisecond' where " + FENCE + " returning " + COLUMNS, fence(claim).addDouble((double) lease.toMillis()))
                .map(rows -> claim(held(claim, rows)));
    }

    @Override
    public Uni<Void> complete(Claim claim, boolean delivered) {
        return sql.delivery("with done as (delete from webhook_deliveries where " + FENCE + " returning target_id) "
                + "update webhook_targets t set pending = t.pending - 1, delivered = t.delivered + $4, "
                + "failed = t.failed + $5 from done where t.id = done.target_id returning t.id",
                fence(claim).addLong(delivered ? 1L : 0L).addLong(delivered ? 0L : 1L))
                .map(rows -> held(claim, rows)).replaceWithVoid();
    }

    @Override
    public Uni<Void> retry(Claim claim, Instant next) {
        return sql.delivery("update webhook_deliveries set attempts = attempts + 1, next_attempt = $4, lease_owner = null, "
                + "claim_token = null, lease_until = null where " + FENCE + " returning id",
                fence(claim).addOffsetDateTime(PgRows.time(next))).map(rows -> held(claim, rows)).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(Claim claim) {
        return sql.delivery("update webhook_deliveries set lease_owner = null, claim_token = null, lease_until = null where "
                + FENCE + " returning id", fence(claim)).map(rows -> held(claim, rows)).replaceWithVoid();
    }

    @Override
    public Uni<Map<String, Integer>> pending() {
        return sql.query("select id, pending from webhook_targets where pending > 0", Tuple.tuple()).map(rows -> {
            Map<String, Integer> counts = new HashMap<>();
            for (Row r : rows) {
                counts.put(r.getString("id"), r.getInteger("pending"));
            }
            return counts;
        });
    }

    @Override
    public Uni<DeliveryStats> stats(String targetId) {
        return sql.query("select delivered, failed, dropped from webhook_targets where id = $1", Tuple.of(targetId))
                .map(rows -> {
                    for (Row r : rows) {
                        return new DeliveryStats(r.getLong("delivered"), r.getLong("failed"), r.getLong("dropped"));
                    }
                    return DeliveryStats.NONE;
                });
    }

    private static Tuple fence(Claim claim) {
        return Tuple.of(Long.parseLong(claim.delivery().id()), claim.owner(), claim.token());
    }

    /** The one row the fenced statement touched; else the claim is lost and nothing changed. */
    private static Row held(Claim claim, RowSet<Row> rows) {
        if (rows.rowCount() != 1) {
            throw new ClaimLostException(claim.delivery().id());
        }
        return rows.iterator().next();
    }

    private static Claim claim(Row r) {
        Delivery d = new Delivery(Long.toString(r.getLong("id")), r.getString("target_id"), r.getString("event_id"),
                r.getString("event_type"), r.getString("body"), r.getInteger("attempts"), PgRows.instant(r, "created"),
                PgRows.instant(r, "next_attempt"));
        return new Claim(d, r.getString("lease_owner"), r.getLong("claim_token"), PgRows.instant(r, "lease_until"));
    }
}
