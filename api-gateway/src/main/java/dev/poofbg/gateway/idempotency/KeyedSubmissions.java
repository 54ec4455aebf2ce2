package dev.poofbg.gateway.idempotency;

import dev.poofbg.common.JobIds;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.gateway.billing.BillingClient;
import dev.poofbg.gateway.jobs.JobRepository;
import dev.poofbg.gateway.jobs.JobRequestPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * What a POST with an {@code Idempotency-Key} does, as Stripe's keys behave: the first request with the key runs
 * a new job; a later one with the same request gets that job; one with another request is refused; one that
 * arrives while the first is still being accepted gets {@code 409} and retries. A key whose acceptance was cut
 * short by a crash ({@code poof.idempotency.take-over-after}) is taken over: if its job was recorded, it is
 * published again and replayed; if not, its credit (if reserved) is released and the retry runs a new job.
 * Either way: one job and one charge.
 */
@ApplicationScoped
public class KeyedSubmissions {

    private static final Logger LOG = Logger.getLogger(KeyedSubmissions.class);

    private final IdempotencyKeys keys;
    private final JobRepository jobs;
    private final JobRequestPublisher publisher;
    private final BillingClient billing;
    private final IdempotencyConfig config;
    private final Clock clock;

    public KeyedSubmissions(IdempotencyKeys keys, JobRepository jobs, JobRequestPublisher publisher,
                            BillingClient billing, IdempotencyConfig config, Clock clock) {
        this.keys = keys;
        this.jobs = jobs;
        this.publisher = publisher;
        this.billing = billing;
        this.config = config;
        this.clock = clock;
    }

    /** A new job to run under this id (then {@link #accepted} or {@link #refused}), or the key's job to replay. */
    public sealed interface Decision {
        String jobId();
    }

    public record Run(String jobId) implements Decision {
    }

    public record Replay(String jobId) implements Decision {
    }

    public Uni<Decision> decide(String accountId, RequestKey key) {
        String jobId = JobIds.newId();
        return keys.insert(accountId, key, jobId).chain(inserted -> inserted != null
                ? Uni.createFrom().item(new Run(jobId))
                : existing(accountId, key, jobId));
    }

    /** The job exists: the key replays it from now on. A failure here only delays that until the take-over. */
    public Uni<Void> accepted(String accountId, RequestKey key, String jobId) {
        return keys.accepted(accountId, key.value(), jobId)
                .onFailure().invoke(e -> LOG.warnf("could not record idempotency key of job %s: %s", jobId, e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Nothing was accepted: the key is free for a corrected retry. */
    public Uni<Void> refused(String accountId, RequestKey key, String jobId) {
        return keys.forget(accountId, key.value(), jobId)
                .onFailure().invoke(e -> LOG.warnf("could not free idempotency key of job %s: %s", jobId, e.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Decision> existing(String accountId, RequestKey key, String newJobId) {
        return keys.find(accountId, key.value()).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().failure(IdempotencyKeys.inUse()); // expired in between: the retry runs
            }
            if (!stored.fingerprint().equals(key.fingerprint())) {
                return Uni.createFrom().failure(IdempotencyKeys.reusedForAnotherRequest());
            }
            if (stored.accepted()) {
                return Uni.createFrom().item(new Replay(stored.jobId()));
            }
            if (stored.createdAt().isAfter(clock.instant().minus(config.takeOverAfter()))) {
                return Uni.createFrom().failure(IdempotencyKeys.inUse());
            }
            return takeOver(accountId, key, stored.jobId(), newJobId);
        });
    }

    /** The first request with the key died while accepting its job; this retry finishes what it can of it. */
    private Uni<Decision> takeOver(String accountId, RequestKey key, String staleJobId, String newJobId) {
        return jobs.get(staleJobId).chain(job -> {
            if (job != null) {
                // Recorded (so reserved), perhaps never published: publish it again, the worker is idempotent.
                LOG.infof("idempotency key of job %s: its first request died while accepting it; publishing it again",
                        staleJobId);
                return publisher.publish(job.request())
                        .chain(() -> accepted(accountId, key, staleJobId))
                        .replaceWith((Decision) new Replay(staleJobId));
            }
            // Never recorded: at most a reservation is left. Give it back, then run the retry as a new job.
            LOG.infof("idempotency key of job %s: its first request died before recording it; releasing its credit",
                    staleJobId);
            return billing.release(staleJobId)
                    .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                    .recoverWithNull()
                    .chain(() -> keys.takeOver(accountId, key.value(), staleJobId, newJobId))
                    .chain(won -> won
                            ? Uni.createFrom().item((Decision) new Run(newJobId))
                            : Uni.createFrom().failure(IdempotencyKeys.inUse()));
        });
    }
}
