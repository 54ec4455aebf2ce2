package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Every operation opens its own short session: nothing here may hold a connection while a request
 * waits for its job.
 */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, String> {

    private final Clock clock;
    private final JobMetrics metrics;

    public JobRepository(Clock clock, JobMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<Void> insert(Job job) {
        return Panache.withTransaction(() -> persist(job)).replaceWithVoid();
    }

    public Uni<Job> get(String id) {
        return Panache.withSession(() -> findById(id));
    }

    /** An account's jobs, newest first; the id breaks ties between equal timestamps. */
    public Uni<List<Job>> page(String accountId, int limit, int offset) {
        return Panache.withSession(() -> find("accountId = ?1", Sort.descending("createdAt", "id"), accountId)
                .range(offset, offset + limit - 1)
                .list());
    }

    /**
     * Applies an event only if it moves the job forward, in one conditional UPDATE, so duplicates,
     * late events and concurrent appliers (two consumers, several replicas) cannot move it back. The
     * statement is its own transaction: a concurrent applier waits for the row lock one statement
     * long, and the row comes back in the same round trip.
     *
     * @return the job as this call left it, or null when this call changed nothing
     */
    public Uni<Job> advance(JobEvent event) {
        List<String> from = Arrays.stream(JobStatus.values()).filter(s -> s.canAdvanceTo(event.status()))
                .map(JobStatus::wireName).toList();
        if (from.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        boolean terminal = event.status().isTerminal();
        Instant completedAt = terminal ? (event.occurredAt() != null ? event.occurredAt() : now) : null;
        int creditsUsed = event.status() == JobStatus.FAILED ? 0 : 1;
        String error = event.status() == JobStatus.FAILED ? failureMessage(event.error()) : null;
        String resultKey = event.status() == JobStatus.COMPLETED ? event.resultKey() : null;
        String update = "update jobs set status = :status, error = :error, failure_reason = :reason,"
                + " result_key = :resultKey, result = :result,"
                + " credits_used = :creditsUsed, completed_at = :completedAt, updated_at = :now"
                + " where id = :id and status in (:from) returning *";
        return Panache.withSession(() -> getSession().chain(session -> session.createNativeQuery(
                        terminal ? "with advanced as (" + update + "), " + WEBHOOK_OUTBOX + " select * from advanced"
                                : update, Job.class)
                .setParameter("status", event.status().wireName())
                .setParameter("error", error)
                .setParameter("reason", event.status() == JobStatus.FAILED && event.reason() != null
                        ? event.reason().wireName() : null)
                .setParameter("resultKey", resultKey)
                .setParameter("result", event.status() == JobStatus.COMPLETED ? JobJson.write(event.result()) : null)
                .setParameter("creditsUsed", creditsUsed)
                .setParameter("completedAt", completedAt)
                .setParameter("now", now)
                .setParameter("id", event.jobId())
                .setParameter("from", from)
                .getSingleResultOrNull()))
                .invoke(advanced -> metrics.finished(advanced, event.reason()));
    }

    /**
     * The webhook deliveries of a job that has just finished: one per enabled endpoint of its account subscribed to
     * the event, one for the job's own webhook_url. Written by the statement that finishes the job, so a job
     * finishes with its deliveries queued or not at all, and only the call that finished it queues them.
     */
    private static final String WEBHOOK_OUTBOX = "queued as (insert into webhook_deliveries (id, account_id, job_id,"
            + " endpoint_id, url, event_type, state, next_attempt_at, created_at)"
            + " select 'msg_' || replace(cast(gen_random_uuid() as text), '-', ''), a.account_id, a.id, e.id, e.url,"
            + " 'job.' || a.status, 'pending', :now, :now from advanced a join webhook_endpoints e"
            + " on e.account_id = a.account_id and e.disabled_at is null and 'job.' || a.status = any(e.events)"
            + " union all select 'msg_' || replace(cast(gen_random_uuid() as text), '-', ''), a.account_id, a.id, null,"
            + " a.webhook_url, 'job.' || a.status, 'pending', :now, :now from advanced a where a.webhook_url is not null"
            + " on conflict do nothing)";

    /** Removes a job that never reached the broker (nothing was accepted), unless an event already moved it. */
    public Uni<Boolean> deleteUnsubmitted(String jobId) {
        return Panache.withTransaction(() -> delete("id = ?1 and status = ?2", jobId, JobStatus.PENDING))
                .map(deleted -> deleted > 0);
    }

    /**
     * Claims up to {@code limit} unfinished jobs unchanged since {@code staleBefore}: their {@code updated_at}
     * moves to {@code now} and their dispatch count up by one, in one statement that skips rows another
     * replica's sweep holds, so that no two replicas act on a job at once and none acts on it again before
     * it has been stale for another period.
     */
    public Uni<List<Job>> claimStale(Instant staleBefore, Instant now, int limit) {
        return Panache.withTransaction(() -> getSession().chain(session -> session.createNativeQuery(
                        "update jobs set updated_at = :now, dispatch_count = dispatch_count + 1 where id in"
                                + " (select id from jobs where status in ('pending', 'processing') and updated_at < :staleBefore"
                                + " order by updated_at limit :limit for update skip locked) returning *", Job.class)
                .setParameter("now", now)
                .setParameter("staleBefore", staleBefore)
                .setParameter("limit", limit)
                .getResultList()));
    }

    /** Unfinished jobs by status: how many, and when the oldest was accepted. */
    public Uni<List<UnfinishedJobs>> unfinished() {
        return Panache.withSession(() -> getSession().chain(session -> session.createNativeQuery(
                        "select status, count(*), cast(extract(epoch from min(created_at)) * 1000 as bigint) from jobs"
                                + " where status in ('pending', 'processing')"
                                + " group by status", Object[].class)
                .getResultList()))
                .map(rows -> rows.stream().map(row -> new UnfinishedJobs(JobStatus.fromWire((String) row[0]),
                        ((Number) row[1]).longValue(), Instant.ofEpochMilli(((Number) row[2]).longValue()))).toList());
    }

    /** One line of {@link #unfinished()}. */
    public record UnfinishedJobs(JobStatus status, long count, Instant oldestCreatedAt) {
    }

    private static String failureMessage(String error) {
        return error == null || error.isBlank() ? "processing failed" : error;
    }
}
