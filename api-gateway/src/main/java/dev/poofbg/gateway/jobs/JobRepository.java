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

    public JobRepository(Clock clock) {
        this.clock = clock;
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
     * late events and concurrent appliers (two consumers, several replicas) cannot move it back.
     *
     * @return whether this call changed the job
     */
    public Uni<Boolean> advance(JobEvent event) {
        List<JobStatus> from = Arrays.stream(JobStatus.values()).filter(s -> s.canAdvanceTo(event.status())).toList();
        if (from.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Instant now = clock.instant();
        boolean terminal = event.status().isTerminal();
        Instant completedAt = terminal ? (event.occurredAt() != null ? event.occurredAt() : now) : null;
        int creditsUsed = event.status() == JobStatus.FAILED ? 0 : 1;
        String error = event.status() == JobStatus.FAILED ? failureMessage(event.error()) : null;
        String resultKey = event.status() == JobStatus.COMPLETED ? event.resultKey() : null;
        return Panache.withTransaction(() -> update(
                        "status = ?1, error = ?2, resultKey = ?3, creditsUsed = ?4, completedAt = ?5, updatedAt = ?6"
                                + " where id = ?7 and status in ?8",
                        event.status(), error, resultKey, creditsUsed, completedAt, now, event.jobId(), from))
                .map(updated -> updated > 0);
    }

    /** Marks a job that never reached the broker as failed, unless an event already moved it. */
    public Uni<Boolean> failUnsubmitted(String jobId, String message) {
        return advance(JobEvent.failed(jobId, null, message, clock.instant()));
    }

    private static String failureMessage(String error) {
        return error == null || error.isBlank() ? "processing failed" : error;
    }
}
