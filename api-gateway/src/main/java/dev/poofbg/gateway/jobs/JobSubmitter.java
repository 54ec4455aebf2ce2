package dev.poofbg.gateway.jobs;

import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.storage.ObjectKeys;
import dev.poofbg.gateway.billing.AccountCredits;
import dev.poofbg.gateway.billing.BillingClient;
import dev.poofbg.gateway.storage.ObjectStorage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a validated input into a job the broker holds: reserve one credit first, then store the upload
 * and record the job (at once), then publish it. If anything fails before the broker has the job, the row
 * and the input are deleted and the credit released, and the caller gets 503: nothing was accepted, nothing
 * is charged, no job is listed. Once begun, the submission (reservation included) runs to its end even if the client goes away.
 */
@ApplicationScoped
public class JobSubmitter {

    private static final Logger LOG = Logger.getLogger(JobSubmitter.class);
    private static final Duration RELEASE_RETRY_WINDOW = Duration.ofMinutes(15);

    private final BillingClient billing;
    private final AccountCredits credits;
    private final ObjectStorage storage;
    private final JobRepository jobs;
    private final JobRequestPublisher publisher;
    private final JobWaiters waiters;
    private final JobsConfig config;
    private final Clock clock;
    private final JobMetrics metrics;

    public JobSubmitter(BillingClient billing, AccountCredits credits, ObjectStorage storage, JobRepository jobs,
                        JobRequestPublisher publisher, JobWaiters waiters, JobsConfig config, Clock clock,
                        JobMetrics metrics) {
        this.billing = billing;
        this.credits = credits;
        this.storage = storage;
        this.jobs = jobs;
        this.publisher = publisher;
        this.waiters = waiters;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A job the broker holds, its credit, and the registration that its terminal event wakes. */
    public record Accepted(String jobId, Reservation reservation, JobWaiters.Waiter waiter) {
    }

    /**
     * Reserves, stores, records and publishes a new job of the account under {@code jobId} (new, from
     * {@code JobIds}). {@code context} is where the caller continues (the request's Vert.x context: Hibernate
     * Reactive sessions belong to it).
     */
    public Uni<Accepted> accept(String jobId, String accountId, Submission submission, Executor context) {
        JobInput input = submission.input();
        Uni<Accepted> accept = billing.reserve(jobId, accountId)
                .invoke(reservation -> credits.record(accountId, reservation.creditsRemaining()))
                .chain(reservation -> enqueue(jobId, accountId, submission, context)
                        .onFailure().call(failure -> abandon(jobId, accountId, input, failure))
                        .onFailure(failure -> !(failure instanceof ApiException)).transform(failure ->
                                new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                                        "The job could not be submitted and no credit was used; retry shortly"))
                        .map(waiter -> new Accepted(jobId, reservation, waiter)));
        return uncancellable(accept);
    }

    private static final int PENDING = 0;
    private static final int DELIVERED = 1;
    private static final int GONE = 2;

    /**
     * Once a credit is reserved, the submission runs to its end (job queued, or everything undone)
     * even if the client goes away meanwhile; only the wait is given up then.
     */
    private static Uni<Accepted> uncancellable(Uni<Accepted> work) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicInteger state = new AtomicInteger(PENDING);
            // Fires on cancellation, and after completion, when it changes nothing.
            emitter.onTermination(() -> state.compareAndSet(PENDING, GONE));
            work.subscribe().with(
                    accepted -> {
                        if (state.compareAndSet(PENDING, DELIVERED)) {
                            emitter.complete(accepted);
                        } else {
                            accepted.waiter().cancel(); // nobody will wait: drop the registration
                        }
                    },
                    emitter::fail);
        });
    }

    private Uni<JobWaiters.Waiter> enqueue(String jobId, String accountId, Submission submission, Executor context) {
        JobInput input = submission.input();
        Instant now = clock.instant();
        Uni<Void> stored;
        Job job;
        JobRequested request;
        if (input instanceof JobInput.Upload upload) {
            String key = ObjectKeys.input(accountId, jobId);
            String mediaType = upload.header().type().mediaType();
            // The temporary file would otherwise stay on disk for as long as the request waits for its job.
            stored = storage.putFile(key, upload.file(), mediaType).eventually(() -> discard(upload.file()));
            job = Job.pending(jobId, accountId, Job.SOURCE_UPLOAD, key, null, submission.options(), submission.webhookUrl(),
                    now);
            request = JobRequested.forUpload(jobId, accountId, key, mediaType, submission.options(), now);
        } else {
            String url = ((JobInput.Url) input).url();
            stored = Uni.createFrom().voidItem();
            job = Job.pending(jobId, accountId, Job.SOURCE_URL, null, url, submission.options(), submission.webhookUrl(), now);
            request = JobRequested.forUrl(jobId, accountId, url, submission.options(), now);
        }
        // The input and the job row do not depend on each other: both are written at once. A failure
        // of either waits for the other, then abandon() undoes whatever was done.
        return Uni.combine().all().unis(stored, jobs.insert(job)).collectFailures().discardItems()
                // Published from the request's context: the job's trace goes with it into the record's headers.
                .emitOn(context)
                .chain(() -> {
                    // Registered before publishing: an event arriving before the wait begins is not lost.
                    JobWaiters.Waiter waiter = waiters.register(jobId);
                    return publisher.publish(request)
                            .ifNoItem().after(config.publishTimeout()).fail()
                            .onFailure().invoke(waiter::cancel)
                            .invoke(metrics::accepted)
                            .replaceWith(waiter)
                            .emitOn(context);
                });
    }

    private static void discard(Path upload) {
        try {
            Files.deleteIfExists(upload);
        } catch (IOException e) {
            LOG.debugf("could not delete %s now (it goes when the request ends): %s", upload, e.toString());
        }
    }

    /** Undoes what was done for a job the broker never took: the job row, the input, the credit. */
    private Uni<Void> abandon(String jobId, String accountId, JobInput input, Throwable failure) {
        LOG.warnf("job %s could not be submitted, releasing its credit: %s", jobId, failure.toString());
        Uni<Void> dropInput = input instanceof JobInput.Upload
                ? storage.delete(ObjectKeys.input(accountId, jobId))
                .onFailure().invoke(e -> LOG.warnf("could not delete the input of %s: %s", jobId, e.toString()))
                .onFailure().recoverWithNull()
                : Uni.createFrom().voidItem();
        return jobs.deleteUnsubmitted(jobId)
                .onFailure().recoverWithItem(false)
                .chain(() -> dropInput)
                .chain(() -> billing.release(jobId))
                .onFailure().invoke(e -> releaseLater(jobId, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A submission often fails because a shared dependency is down (a PostgreSQL crash takes billing with it), so the
     * release may fail too: it is retried in the background, with backoff, until billing answers, rather than leaving
     * a credit reserved for a job that does not exist. The client has its 503 meanwhile.
     */
    private void releaseLater(String jobId, Throwable failure) {
        if (!retryable(failure)) {
            LOG.errorf("could not release the credit of %s: %s", jobId, failure.toString());
            return;
        }
        LOG.warnf("could not release the credit of %s yet (%s); retrying for up to %d min", jobId, failure.toString(),
                RELEASE_RETRY_WINDOW.toMinutes());
        billing.release(jobId)
                .onFailure(JobSubmitter::retryable).retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).expireIn(RELEASE_RETRY_WINDOW.toMillis())
                .subscribe().with(
                        released -> LOG.infof("released the credit of %s", jobId),
                        e -> LOG.errorf("could not release the credit of %s: %s", jobId, e.toString()));
    }

    /** Billing or the network away; a 4xx (no such reservation) will not change by asking again. */
    private static boolean retryable(Throwable failure) {
        return !(failure instanceof ApiException api) || api.code().httpStatus() >= 500;
    }
}
