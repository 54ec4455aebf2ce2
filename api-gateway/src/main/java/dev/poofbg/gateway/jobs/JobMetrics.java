package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Jobs as the platform sees them, counted once across replicas (a transition is recorded by the replica whose
 * update made it): {@code poof_jobs_accepted_total}, {@code poof_jobs_finished_total{status, reason}} (the reason
 * of a failure as its event gives it, {@code none} for a completed job) and
 * {@code poof_job_duration_seconds{status}} (acceptance to the terminal status, with histogram buckets).
 */
@Startup // the meters exist from the start, so rates and ratios are defined before the first job
@ApplicationScoped
public class JobMetrics {

    private static final String NO_REASON = "none";
    private static final String UNKNOWN_REASON = "unknown";

    private final Counter accepted;
    private final Map<String, Counter> finished = new HashMap<>();
    private final Map<JobStatus, Timer> durations = new EnumMap<>(JobStatus.class);

    public JobMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder("poof.jobs.accepted").description("Jobs accepted (charged and queued)")
                .register(registry);
        finished.put(key(JobStatus.COMPLETED, null), finished(registry, JobStatus.COMPLETED, NO_REASON));
        for (FailureReason reason : FailureReason.values()) {
            finished.put(key(JobStatus.FAILED, reason), finished(registry, JobStatus.FAILED, reason.wireName()));
        }
        finished.put(key(JobStatus.FAILED, null), finished(registry, JobStatus.FAILED, UNKNOWN_REASON));
        for (JobStatus status : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED}) {
            durations.put(status, Timer.builder("poof.job.duration").tag("status", status.wireName())
                    .description("From acceptance to the terminal status")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100))
                    .maximumExpectedValue(Duration.ofMinutes(15))
                    .register(registry));
        }
    }

    void accepted() {
        accepted.increment();
    }

    /** A job this replica's update has just moved to a terminal status, and why (for a failure). */
    void finished(Job job, FailureReason reason) {
        if (job == null || !job.status.isTerminal()) {
            return;
        }
        finished.get(key(job.status, job.status == JobStatus.FAILED ? reason : null)).increment();
        // The completion time is the worker's clock: a skewed one could put it before the acceptance.
        if (job.completedAt != null && job.createdAt != null && !job.completedAt.isBefore(job.createdAt)) {
            durations.get(job.status).record(Duration.between(job.createdAt, job.completedAt));
        }
    }

    private static String key(JobStatus status, FailureReason reason) {
        return status.wireName() + "/" + (reason == null ? "" : reason.wireName());
    }

    private static Counter finished(MeterRegistry registry, JobStatus status, String reason) {
        return Counter.builder("poof.jobs.finished").tag("status", status.wireName()).tag("reason", reason)
                .description("Jobs that reached a terminal status").register(registry);
    }
}
