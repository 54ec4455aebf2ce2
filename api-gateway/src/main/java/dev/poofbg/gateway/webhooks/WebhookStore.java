package dev.poofbg.gateway.webhooks;

import dev.poofbg.common.events.JobStatus;
import dev.poofbg.gateway.jobs.Job;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The webhook tables, through the reactive SQL client: the dispatcher works on no request's context, so it cannot
 * use a Hibernate session. Deliveries are written by {@code JobRepository#advance}, in the statement that finishes
 * the job. Secrets pass through here sealed ({@link SecretBox}).
 */
@Singleton
public class WebhookStore {

    private final Pool pool;

    public WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /** An endpoint as stored; {@code secret} and {@code previousSecret} are sealed. */
    public record Endpoint(String id, String accountId, String url, List<String> events, String secret,
                           String previousSecret, Instant previousSecretExpiresAt, Instant createdAt,
                           Instant disabledAt, String disabledReason) {
    }

    /** A delivery claimed for one attempt, with what it takes to send it. Secrets sealed; the previous may be null. */
    public record Due(String id, String accountId, Job job, String endpointId, String url, String eventType,
                      int attempts, String secret, String previousSecret, boolean endpointDisabled) {
    }

    /** One attempt as the API lists it. */
    public record AttemptRow(long id, String deliveryId, String eventType, String jobId, int attempt,
                             Instant attemptedAt, Integer statusCode, int latencyMs, String error) {
    }

    // --- endpoints

    /** Inserts the endpoint unless the account already has {@code max} of them; false when it has. */
    public Uni<Boolean> insert(Endpoint endpoint, int max) {
        return pool.preparedQuery("insert into webhook_endpoints (id, account_id, url, events, secret, created_at)"
                        + " select $1, $2, $3, $4, $5, $6"
                        + " where (select count(*) from webhook_endpoints where account_id = $2) < $7")
                .execute(Tuple.of(endpoint.id(), endpoint.accountId(), endpoint.url())
                        .addArrayOfString(endpoint.events().toArray(String[]::new))
                        .addString(endpoint.secret()).addOffsetDateTime(time(endpoint.createdAt())).addInteger(max))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Endpoint>> endpoints(String accountId) {
        return pool.preparedQuery("select * from webhook_endpoints where account_id = $1 order by created_at, id")
                .execute(Tuple.of(accountId))
                .map(rows -> map(rows, WebhookStore::endpoint));
    }

    /** The account's endpoint, or null (another account's is null too). */
    public Uni<Endpoint> endpoint(String accountId, String id) {
        return pool.preparedQuery("select * from webhook_endpoints where id = $1 and account_id = $2")
                .execute(Tuple.of(id, accountId))
                .map(rows -> first(rows, WebhookStore::endpoint));
    }

    public Uni<Boolean> delete(String accountId, String id) {
        return pool.preparedQuery("delete from webhook_endpoints where id = $1 and account_id = $2")
                .execute(Tuple.of(id, accountId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The current secret becomes the previous one until {@code previousUntil}; null when there is no such endpoint. */
    public Uni<Endpoint> rotate(String accountId, String id, String sealedSecret, Instant previousUntil) {
        return pool.preparedQuery("update webhook_endpoints set previous_secret = secret,"
                        + " previous_secret_expires_at = $3, secret = $4 where id = $1 and account_id = $2 returning *")
                .execute(Tuple.of(id, accountId, time(previousUntil), sealedSecret))
                .map(rows -> first(rows, WebhookStore::endpoint));
    }

    /** Creates the account's request secret, or rotates it (the old one signs until {@code previousUntil}). */
    public Uni<Void> putRequestSecret(String accountId, String sealedSecret, Instant now, Instant previousUntil) {
        return pool.preparedQuery("insert into webhook_request_secrets (account_id, secret, created_at)"
                        + " values ($1, $2, $3) on conflict (account_id) do update set"
                        + " previous_secret = webhook_request_secrets.secret, previous_secret_expires_at = $4,"
                        + " secret = excluded.secret")
                .execute(Tuple.of(accountId, sealedSecret, time(now), time(previousUntil)))
                .replaceWithVoid();
    }

    public Uni<Boolean> hasRequestSecret(String accountId) {
        return pool.preparedQuery("select 1 from webhook_request_secrets where account_id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<List<AttemptRow>> attempts(String endpointId, int limit) {
        return pool.preparedQuery("select a.id, a.delivery_id, d.event_type, d.job_id, a.attempt, a.attempted_at,"
                        + " a.status_code, a.latency_ms, a.error from webhook_attempts a"
                        + " join webhook_deliveries d on d.id = a.delivery_id"
                        + " where a.endpoint_id = $1 order by a.id desc limit $2")
                .execute(Tuple.of(endpointId, limit))
                .map(rows -> map(rows, row -> new AttemptRow(row.getLong("id"), row.getString("delivery_id"),
                        row.getString("event_type"), row.getString("job_id"), row.getInteger("attempt"),
                        instant(row, "attempted_at"), row.getInteger("status_code"), row.getInteger("latency_ms"),
                        row.getString("error"))));
    }

    /** Makes a delivery of the endpoint due now, with the whole retry schedule ahead; false when there is none. */
    public Uni<Boolean> replay(String endpointId, String deliveryId, Instant now) {
        return pool.preparedQuery("update webhook_deliveries set state = 'pending', attempts = 0, next_attempt_at = $3,"
                        + " finished_at = null where id = $1 and endpoint_id = $2")
                .execute(Tuple.of(deliveryId, endpointId, time(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    // --- the dispatcher

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, skipping rows another replica is claiming: no two
     * replicas send the same attempt at once, and a replica that dies mid-attempt leaves it to be claimed again when
     * the lease ends. Leases are taken and compared on the database's clock, which every replica shares.
     */
    public Uni<List<Due>> claim(java.time.Duration lease, int limit) {
        return pool.preparedQuery("with claimed as (update webhook_deliveries"
                        + " set leased_until = now() + $1 * interval '1 millisecond' where id in"
                        + " (select id from webhook_deliveries where state = 'pending' and next_attempt_at <= now()"
                        + " and (leased_until is null or leased_until < now()) order by next_attempt_at limit $2"
                        + " for update skip locked) returning *)"
                        + " select c.id, c.account_id, c.job_id, c.endpoint_id, c.url, c.event_type, c.attempts,"
                        + " coalesce(e.secret, r.secret) as secret,"
                        + " case when coalesce(e.previous_secret_expires_at, r.previous_secret_expires_at) > now()"
                        + " then coalesce(e.previous_secret, r.previous_secret) end as previous_secret,"
                        + " e.disabled_at is not null as endpoint_disabled, j.status, j.error, j.result_key,"
                        + " j.credits_used, j.created_at as job_created_at, j.completed_at"
                        + " from claimed c join jobs j on j.id = c.job_id"
                        + " left join webhook_endpoints e on e.id = c.endpoint_id"
                        + " left join webhook_request_secrets r on c.endpoint_id is null and r.account_id = c.account_id")
                .execute(Tuple.of(lease.toMillis(), limit))
                .map(rows -> map(rows, row -> new Due(row.getString("id"), row.getString("account_id"),
                        job(row), row.getString("endpoint_id"), row.getString("url"),
                        row.getString("event_type"), row.getInteger("attempts"), row.getString("secret"),
                        row.getString("previous_secret"), row.getBoolean("endpoint_disabled"))));
    }

    /** What follows an attempt: the delivery's next state. */
    public record Outcome(String state, Instant nextAttemptAt) {
        static Outcome retryAt(Instant at) {
            return new Outcome("pending", at);
        }
    }

    /**
     * Records attempt number {@code attempt} and moves its delivery on, unless the delivery was replayed meanwhile;
     * keeps the endpoint's newest {@code kept} attempts.
     */
    public Uni<Void> record(Due due, int attempt, Instant at, WebhookSender.Attempt result, Outcome outcome, int kept) {
        boolean finished = !outcome.state().equals("pending");
        return pool.withTransaction(tx -> tx.preparedQuery("insert into webhook_attempts (delivery_id, endpoint_id,"
                                + " attempt, attempted_at, status_code, latency_ms, error) values ($1, $2, $3, $4, $5, $6, $7)")
                        .execute(Tuple.tuple(Arrays.asList(due.id(), due.endpointId(), attempt, time(at),
                                result.statusCode(), (int) Math.min(Integer.MAX_VALUE, result.latencyMs()),
                                truncate(result.error()))))
                        .chain(() -> tx.preparedQuery("update webhook_deliveries set attempts = $2, state = $3,"
                                        + " next_attempt_at = $4, leased_until = null, finished_at = $5"
                                        + " where id = $1 and attempts = $6 and state = 'pending'")
                                .execute(Tuple.tuple(Arrays.asList(due.id(), attempt, outcome.state(),
                                        time(outcome.nextAttemptAt() != null ? outcome.nextAttemptAt() : at),
                                        finished ? time(at) : null, due.attempts()))))
                        .chain(() -> due.endpointId() == null ? Uni.createFrom().voidItem() : prune(tx, due.endpointId(), kept)))
                .replaceWithVoid();
    }

    private static Uni<Void> prune(SqlClient tx, String endpointId, int kept) {
        return tx.preparedQuery("delete from webhook_attempts where endpoint_id = $1 and id < (select id from"
                        + " webhook_attempts where endpoint_id = $1 order by id desc offset $2 limit 1)")
                .execute(Tuple.of(endpointId, kept - 1))
                .replaceWithVoid();
    }

    /** A delivery that will not be sent (its endpoint is disabled, or it has no secret to sign with). */
    public Uni<Void> cancel(String deliveryId, Instant now) {
        return pool.preparedQuery("update webhook_deliveries set state = 'cancelled', leased_until = null,"
                        + " finished_at = $2 where id = $1 and state = 'pending'")
                .execute(Tuple.of(deliveryId, time(now)))
                .replaceWithVoid();
    }

    /** Stops deliveries to an endpoint that answered 410 Gone: it is disabled, its pending deliveries cancelled. */
    public Uni<Void> disable(String endpointId, String reason, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("update webhook_endpoints set disabled_at = $2,"
                                + " disabled_reason = $3 where id = $1 and disabled_at is null")
                        .execute(Tuple.of(endpointId, time(now), reason))
                        .chain(() -> tx.preparedQuery("update webhook_deliveries set state = 'cancelled',"
                                        + " leased_until = null, finished_at = $2 where endpoint_id = $1 and state = 'pending'")
                                .execute(Tuple.of(endpointId, time(now)))))
                .replaceWithVoid();
    }

    /** Deletes finished deliveries (and their attempts) that finished before {@code before}. */
    public Uni<Integer> purge(Instant before) {
        return pool.preparedQuery("delete from webhook_deliveries where state <> 'pending' and finished_at < $1")
                .execute(Tuple.of(time(before)))
                .map(RowSet::rowCount);
    }

    /** Pending deliveries by age of the oldest due one, for the backlog gauge. */
    public Uni<long[]> backlog(Instant now) {
        return pool.preparedQuery("select count(*), coalesce(cast(extract(epoch from ($1 - min(next_attempt_at))) as"
                        + " bigint), 0) from webhook_deliveries where state = 'pending' and next_attempt_at <= $1")
                .execute(Tuple.of(time(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong(0), Math.max(0, row.getLong(1))};
                });
    }

    /** The finished job a delivery is about, as much of it as its view shows. */
    private static Job job(Row row) {
        Job job = new Job();
        job.id = row.getString("job_id");
        job.accountId = row.getString("account_id");
        job.status = JobStatus.fromWire(row.getString("status"));
        job.error = row.getString("error");
        job.resultKey = row.getString("result_key");
        job.creditsUsed = row.getInteger("credits_used");
        job.createdAt = instant(row, "job_created_at");
        job.completedAt = instant(row, "completed_at");
        return job;
    }

    private static Endpoint endpoint(Row row) {
        return new Endpoint(row.getString("id"), row.getString("account_id"), row.getString("url"),
                List.of(row.getArrayOfStrings("events")), row.getString("secret"), row.getString("previous_secret"),
                instant(row, "previous_secret_expires_at"), instant(row, "created_at"), instant(row, "disabled_at"),
                row.getString("disabled_reason"));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
    }
}
