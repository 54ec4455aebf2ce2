package dev.poofbg.gateway.idempotency;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * The idempotency keys table: which job a key of an account stands for. The database decides between
 * concurrent requests and replicas (the primary key), so the answer holds across restarts.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    private final IdempotencyConfig config;
    private final Clock clock;

    public IdempotencyKeys(IdempotencyConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A key's row as stored. */
    public record Stored(String fingerprint, String jobId, boolean accepted, Instant createdAt) {
    }

    /** Records the key for a new job; null when the key is already taken (then {@link #find}). */
    public Uni<String> insert(String accountId, RequestKey key, String jobId) {
        return Panache.withTransaction(() -> session().chain(session -> session.createNativeQuery(
                        "insert into idempotency_keys (account_id, key, fingerprint, job_id, state, created_at)"
                                + " values (:account, :key, :fingerprint, :job, 'accepting', :now)"
                                + " on conflict (account_id, key) do nothing returning job_id", String.class)
                .setParameter("account", accountId)
                .setParameter("key", key.value())
                .setParameter("fingerprint", key.fingerprint())
                .setParameter("job", jobId)
                .setParameter("now", clock.instant())
                .getSingleResultOrNull()));
    }

    public Uni<Stored> find(String accountId, String key) {
        return Panache.withSession(() -> session().chain(session -> session.createNativeQuery(
                        "select fingerprint, job_id, state, cast(extract(epoch from created_at) * 1000 as bigint)"
                                + " from idempotency_keys"
                                + " where account_id = :account and key = :key", Object[].class)
                .setParameter("account", accountId)
                .setParameter("key", key)
                .getSingleResultOrNull()))
                .map(row -> row == null ? null : new Stored((String) row[0], (String) row[1],
                        "accepted".equals(row[2]), Instant.ofEpochMilli(((Number) row[3]).longValue())));
    }

    /**
     * Gives the key to a new job when it still stands for {@code staleJobId} and was never accepted (its gateway
     * died while accepting): true for the one request that wins, when several retry at once.
     */
    public Uni<Boolean> takeOver(String accountId, String key, String staleJobId, String newJobId) {
        return Panache.withTransaction(() -> session().chain(session -> session.createNativeQuery(
                        "update idempotency_keys set job_id = :job, created_at = :now where account_id = :account"
                                + " and key = :key and job_id = :stale and state = 'accepting'")
                .setParameter("job", newJobId)
                .setParameter("now", clock.instant())
                .setParameter("account", accountId)
                .setParameter("key", key)
                .setParameter("stale", staleJobId)
                .executeUpdate()))
                .map(updated -> updated == 1);
    }

    /** The job exists: from now on the key replays it. */
    public Uni<Void> accepted(String accountId, String key, String jobId) {
        return Panache.withTransaction(() -> session().chain(session -> session.createNativeQuery(
                        "update idempotency_keys set state = 'accepted' where account_id = :account and key = :key"
                                + " and job_id = :job")
                .setParameter("account", accountId)
                .setParameter("key", key)
                .setParameter("job", jobId)
                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Nothing was accepted for the key (refused before the job existed): a corrected retry runs. */
    public Uni<Void> forget(String accountId, String key, String jobId) {
        return Panache.withTransaction(() -> session().chain(session -> session.createNativeQuery(
                        "delete from idempotency_keys where account_id = :account and key = :key and job_id = :job"
                                + " and state = 'accepting'")
                .setParameter("account", accountId)
                .setParameter("key", key)
                .setParameter("job", jobId)
                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Keys older than {@code poof.idempotency.retention} go; any replica may run this, it is idempotent. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        Instant before = clock.instant().minus(config.retention());
        return Panache.withTransaction(() -> session().chain(session -> session.createNativeQuery(
                        "delete from idempotency_keys where created_at < :before")
                .setParameter("before", before)
                .executeUpdate()))
                .invoke(deleted -> LOG.debugf("%d idempotency keys expired", deleted))
                .onFailure().invoke(e -> LOG.warnf("could not expire idempotency keys: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    static ApiException inUse() {
        return new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is still being accepted; retry in a second");
    }

    static ApiException reusedForAnotherRequest() {
        return new ApiException(ErrorCode.INVALID_REQUEST,
                "This Idempotency-Key was used with a different request; use a new key for a new request");
    }
}
