package dev.poofbg.gateway.removal;

import dev.poofbg.common.JobIds;
import dev.poofbg.common.billing.Reservation;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.gateway.billing.BillingGateway;
import dev.poofbg.gateway.jobs.AccountCredits;
import dev.poofbg.gateway.jobs.Job;
import dev.poofbg.gateway.jobs.JobRepository;
import dev.poofbg.gateway.jobs.JobRequestPublisher;
import dev.poofbg.gateway.jobs.JobService;
import dev.poofbg.gateway.jobs.JobView;
import dev.poofbg.gateway.jobs.JobsConfig;
import dev.poofbg.gateway.jobs.JobWaiters;
import dev.poofbg.gateway.storage.ObjectStorage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts a validated input: reserve a credit first, then store the upload and record the job (at
 * once), publish it and wait (without a thread) for its terminal event. If anything fails before the broker has
 * the job, the credit is released and the client gets 503; nothing is charged.
 */
@ApplicationScoped
public class RemovalService {

    private static final Logger LOG = Logger.getLogger(RemovalService.class);

    private final BillingGateway billing;
    private final ObjectStorage storage;
    private final JobRepository jobs;
    private final JobRequestPublisher publisher;
    private final JobWaiters waiters;
    private final JobService views;
    private final AccountCredits credits;
    private final JobsConfig config;
    private final Clock clock;

    public RemovalService(BillingGateway billing, ObjectStorage storage, JobRepository jobs,
                          JobRequestPublisher publisher, JobWaiters waiters, JobService views,
                          AccountCredits credits, JobsConfig config, Clock clock) {
        this.billing = billing;
        this.storage = storage;
        this.jobs = jobs;
        this.publisher = publisher;
        this.waiters = waiters;
        this.views = views;
        this.credits = credits;
        this.config = config;
        this.clock = clock;
    }

    /** The job as the client should see it, and whether it is finished (200) or still running (202). */
    public record Outcome(JobView job, boolean finished) {
    }

    public Uni<Outcome> submit(String accountId, JobInput input) {
        String jobId = JobIds.newId();
        Executor context = currentContext();
        Uni<Accepted> accept = billing.reserve(jobId, accountId)
                .invoke(reservation -> credits.record(accountId, reservation.creditsRemaining()))
                .chain(reservation -> enqueue(jobId, accountId, input, context)
                        .onFailure().call(failure -> abandon(jobId, accountId, input, failure))
                        .onFailure(failure -> !(failure instanceof ApiException)).transform(failure ->
                                new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                                        "The job could not be submitted and no credit was used; retry shortly"))
                        .map(waiter -> new Accepted(reservation, waiter)));
        return uncancellable(accept)
                .chain(accepted -> accepted.waiter().await(config.waitTimeout())
                        // Back on the request's context: Hibernate Reactive sessions belong to it.
                        .emitOn(context)
                        // Woken with the finished row, kept for the next GET; after the window, read it.
                        .chain(woken -> woken != null ? Uni.createFrom().item(views.remember(woken)) : views.find(jobId))
                        .chain(job -> render(job, accepted.reservation())));
    }

    private record Accepted(Reservation reservation, JobWaiters.Waiter waiter) {
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

    private Uni<JobWaiters.Waiter> enqueue(String jobId, String accountId, JobInput input, Executor context) {
        Instant now = clock.instant();
        Uni<Void> stored;
        Job job;
        JobRequested request;
        if (input instanceof JobInput.Upload upload) {
            String key = ObjectStorage.inputKey(accountId, jobId);
            String mediaType = upload.header().type().mediaType();
            // The temporary file would otherwise stay on disk for as long as the request waits for its job.
            stored = storage.putFile(key, upload.file(), mediaType).eventually(() -> discard(upload.file()));
            job = Job.pending(jobId, accountId, Job.SOURCE_UPLOAD, key, null, now);
            request = JobRequested.forUpload(jobId, accountId, key, mediaType, now);
        } else {
            String url = ((JobInput.Url) input).url();
            stored = Uni.createFrom().voidItem();
            job = Job.pending(jobId, accountId, Job.SOURCE_URL, null, url, now);
            request = JobRequested.forUrl(jobId, accountId, url, now);
        }
        // The input and the job row do not depend on each other: both are written at once. A failure
        // of either waits for the other, then abandon() undoes whatever was done.
        return Uni.combine().all().unis(stored, jobs.insert(job)).collectFailures().discardItems()
                .chain(() -> {
                    // Registered before publishing: an event arriving before the wait begins is not lost.
                    JobWaiters.Waiter waiter = waiters.register(jobId);
                    return publisher.publish(request)
                            .ifNoItem().after(config.publishTimeout()).fail()
                            .onFailure().invoke(waiter::cancel)
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
                ? storage.delete(ObjectStorage.inputKey(accountId, jobId))
                .onFailure().invoke(e -> LOG.warnf("could not delete the input of %s: %s", jobId, e.toString()))
                .onFailure().recoverWithNull()
                : Uni.createFrom().voidItem();
        return jobs.failUnsubmitted(jobId, "The job could not be submitted")
                .onFailure().recoverWithItem(false)
                .chain(() -> dropInput)
                .chain(() -> billing.release(jobId))
                .onFailure().invoke(e -> LOG.errorf("could not release the credit of %s: %s", jobId, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Outcome> render(Job job, Reservation reservation) {
        if (!job.status.isTerminal()) {
            return Uni.createFrom().item(new Outcome(views.view(job, reservation.creditsRemaining()), false));
        }
        // A failed job's credit is refunded after the reservation was taken: ask billing again. A
        // completed job kept it: the figure known since the reservation (at most the cache TTL old) holds.
        Uni<Long> balance = job.status == JobStatus.FAILED ? credits.fresh(job.accountId) : credits.recent(job.accountId);
        return balance
                .onFailure().recoverWithItem(reservation.creditsRemaining())
                .map(remaining -> new Outcome(views.view(job, remaining), true));
    }

    private static Executor currentContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
