package dev.poofbg.gateway.jobs;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.gateway.billing.BillingClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * No job stays unfinished because a message or a process was lost. Every {@code poof.reconciler.interval},
 * any replica claims the jobs that have been {@code pending} or {@code processing} without change for
 * {@code poof.reconciler.republish-after} (one replica per job: {@link JobRepository#claimStale}) and
 * publishes each again; a job still unfinished {@code poof.reconciler.deadline} after it was accepted is
 * failed instead and its credit refunded. The sweep also keeps the gauges of unfinished jobs by status
 * ({@code poof.jobs.unfinished}, {@code poof.jobs.unfinished.oldest.seconds}).
 */
@ApplicationScoped
public class JobReconciler {

    private static final Logger LOG = Logger.getLogger(JobReconciler.class);

    private final JobRepository jobs;
    private final JobRequestPublisher publisher;
    private final BillingClient billing;
    private final JobWaiters waiters;
    private final ReconcilerConfig config;
    private final JobsConfig jobsConfig;
    private final Clock clock;
    private final Counter republished;
    private final Counter expired;
    private final Map<JobStatus, AtomicLong> unfinished = new EnumMap<>(JobStatus.class);
    private final Map<JobStatus, AtomicLong> oldestSeconds = new EnumMap<>(JobStatus.class);

    public JobReconciler(JobRepository jobs, JobRequestPublisher publisher, BillingClient billing, JobWaiters waiters,
                         ReconcilerConfig config, JobsConfig jobsConfig, Clock clock, MeterRegistry metrics) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.billing = billing;
        this.waiters = waiters;
        this.config = config;
        this.jobsConfig = jobsConfig;
        this.clock = clock;
        this.republished = metrics.counter("poof.reconciler.jobs", "action", "republished");
        this.expired = metrics.counter("poof.reconciler.jobs", "action", "failed");
        for (JobStatus status : new JobStatus[] {JobStatus.PENDING, JobStatus.PROCESSING}) {
            AtomicLong count = new AtomicLong();
            AtomicLong age = new AtomicLong();
            unfinished.put(status, count);
            oldestSeconds.put(status, age);
            Gauge.builder("poof.jobs.unfinished", count, AtomicLong::get).tag("status", status.wireName())
                    .description("Jobs accepted and not finished, as of the last sweep").register(metrics);
            Gauge.builder("poof.jobs.unfinished.oldest.seconds", age, AtomicLong::get).tag("status", status.wireName())
                    .description("Age of the oldest unfinished job, as of the last sweep").register(metrics);
        }
    }

    /** The message a job failed by the deadline carries. */
    String deadlineMessage() {
        return "The job did not finish within " + config.deadline().toMinutes() + " minutes; its credit was refunded";
    }

    @Scheduled(every = "${poof.reconciler.interval}", delayed = "${poof.reconciler.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Off.class)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return jobs.claimStale(now.minus(config.republishAfter()), now, config.batchSize())
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUniAndConcatenate(job -> reconcile(job, now))
                .collect().last()
                .chain(() -> jobs.unfinished())
                .invoke(lines -> record(lines, now))
                .onFailure().invoke(e -> LOG.warnf("reconciliation sweep failed, next in %s: %s", config.interval(),
                        e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> reconcile(Job job, Instant now) {
        if (job.createdAt.isBefore(now.minus(config.deadline()))) {
            return expire(job, now);
        }
        return publisher.publish(job.request())
                .ifNoItem().after(jobsConfig.publishTimeout()).fail()
                .invoke(() -> {
                    republished.increment();
                    LOG.infof("job %s %s for %s: published again (dispatch %d)", job.id, job.status.wireName(),
                            Duration.between(job.createdAt, now), job.dispatchCount);
                })
                .onFailure().invoke(e -> LOG.warnf("job %s: could not publish it again (next sweep retries): %s",
                        job.id, e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Refund first: a job is failed only once billing has given its credit back (idempotent, like the event). */
    private Uni<Void> expire(Job job, Instant now) {
        return billing.release(job.id)
                // No reservation: nothing was charged, nothing to give back.
                .onFailure(failure -> failure instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND)
                .recoverWithNull()
                .chain(() -> jobs.advance(
                        JobEvent.failed(job.id, job.accountId, FailureReason.DEADLINE, deadlineMessage(), now)))
                .invoke(failed -> {
                    if (failed != null) {
                        expired.increment();
                        waiters.wake(failed);
                        LOG.warnf("job %s failed: unfinished %s after it was accepted; credit refunded", job.id,
                                Duration.between(job.createdAt, now));
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("job %s: past its deadline, not failed yet (next sweep retries): %s",
                        job.id, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void record(Iterable<JobRepository.UnfinishedJobs> lines, Instant now) {
        unfinished.values().forEach(count -> count.set(0));
        oldestSeconds.values().forEach(age -> age.set(0));
        for (JobRepository.UnfinishedJobs line : lines) {
            unfinished.get(line.status()).set(line.count());
            oldestSeconds.get(line.status()).set(Math.max(0, Duration.between(line.oldestCreatedAt(), now).toSeconds()));
        }
    }

    /** Skips the sweep where {@code poof.reconciler.enabled} is false. */
    @Singleton
    public static class Off implements Scheduled.SkipPredicate {
        private final ReconcilerConfig config;

        public Off(ReconcilerConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
