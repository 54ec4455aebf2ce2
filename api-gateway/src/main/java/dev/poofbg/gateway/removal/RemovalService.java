package dev.poofbg.gateway.removal;

import dev.poofbg.common.JobIds;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.gateway.billing.AccountCredits;
import dev.poofbg.gateway.idempotency.KeyedSubmissions;
import dev.poofbg.gateway.idempotency.RequestKey;
import dev.poofbg.gateway.jobs.Job;
import dev.poofbg.gateway.jobs.JobReader;
import dev.poofbg.gateway.jobs.JobSubmitter;
import dev.poofbg.gateway.jobs.JobView;
import dev.poofbg.gateway.jobs.Submission;
import dev.poofbg.gateway.jobs.JobsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One removal: reserve and submit the job ({@link JobSubmitter}), wait (without a thread) for its
 * terminal event up to {@code poof.jobs.wait-timeout}, and render it with the account's balance.
 */
@ApplicationScoped
public class RemovalService {

    private static final Logger LOG = Logger.getLogger(RemovalService.class);

    private final JobSubmitter submitter;
    private final KeyedSubmissions keyed;
    private final JobReader reader;
    private final AccountCredits credits;
    private final JobsConfig config;

    public RemovalService(JobSubmitter submitter, KeyedSubmissions keyed, JobReader reader, AccountCredits credits,
                          JobsConfig config) {
        this.submitter = submitter;
        this.keyed = keyed;
        this.reader = reader;
        this.credits = credits;
        this.config = config;
    }

    /**
     * The job as the client should see it, whether it is finished (200) or still running (202), and why it failed
     * (a {@code FailureReason}'s wire name; null unless failed).
     */
    public record Outcome(JobView job, boolean finished, String failureReason) {
    }

    /** A removal without an idempotency key: always a new job. */
    public Uni<Outcome> submit(String accountId, Submission submission) {
        return submit(accountId, submission, config.waitTimeout());
    }

    /** As {@link #submit(String, Submission)}, waiting up to {@code wait} for the job to finish. */
    public Uni<Outcome> submit(String accountId, Submission submission, Duration wait) {
        return submit(JobIds.newId(), accountId, submission, wait);
    }

    /** As {@link #submit(String, Submission, Duration)}, for a job id the caller chose (and stored objects under). */
    public Uni<Outcome> submit(String jobId, String accountId, Submission submission, Duration wait) {
        Executor context = currentContext();
        return submitter.accept(jobId, accountId, submission, context)
                .chain(accepted -> await(accepted, context, wait));
    }

    /** A removal with an idempotency key: a new job the first time, that same job on every retry of it. */
    public Uni<Outcome> submit(String accountId, Submission submission, RequestKey key) {
        Executor context = currentContext();
        return keyed.decide(accountId, key).emitOn(context).chain(decision -> {
            if (decision instanceof KeyedSubmissions.Replay replay) {
                return reader.find(replay.jobId()).chain(job -> render(job, null, replay.jobId()));
            }
            String jobId = decision.jobId();
            return submitter.accept(jobId, accountId, submission, context)
                    .onFailure().call(() -> keyed.refused(accountId, key, jobId))
                    .call(() -> keyed.accepted(accountId, key, jobId))
                    .chain(accepted -> await(accepted, context, config.waitTimeout()));
        });
    }

    private Uni<Outcome> await(JobSubmitter.Accepted accepted, Executor context, Duration wait) {
        return accepted.waiter().await(wait)
                // Back on the request's context: Hibernate Reactive sessions belong to it.
                .emitOn(context)
                // Woken with the finished row, kept for the next GET; after the window, read it.
                .chain(woken -> woken != null
                        ? Uni.createFrom().item(reader.remember(woken))
                        : reader.find(accepted.jobId()))
                .chain(job -> render(job, accepted.reservation(), accepted.jobId()));
    }

    /**
     * The job as a POST answers it now: 200 when finished, else 202. {@code reservation} is the credit this request
     * reserved (its balance serves while billing does not answer), null for a retried request's job.
     */
    private Uni<Outcome> render(Job job, Reservation reservation, String jobId) {
        if (job == null) {
            // The row was committed before the job was published; only a database that lost committed data
            // (or a restore) gets here. Never a 500: the job may still be running, so the client is told to look.
            LOG.errorf("job %s was accepted but its row cannot be read", jobId);
            return Uni.createFrom().failure(new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                    "The job " + jobId + " was accepted but its state cannot be read now; retry GET /v1/jobs/" + jobId));
        }
        // A failed job's credit comes back now, before the answer says it failed. A completed or running job holds
        // it: the figure known since the reservation (at most the cache TTL old) holds.
        Uni<Long> balance = reservation != null && !job.status.isTerminal()
                ? Uni.createFrom().item(reservation.creditsRemaining())
                : job.status == JobStatus.FAILED ? credits.withRefund(job.accountId, job.id) : credits.recent(job.accountId);
        return balance
                .onFailure().recoverWithUni(failure -> reservation != null
                        ? Uni.createFrom().item(reservation.creditsRemaining())
                        : credits.lastKnown(job.accountId, failure))
                .map(remaining -> new Outcome(reader.view(job, remaining), job.status.isTerminal(), job.failureReason));
    }

    private static Executor currentContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
