package dev.poofbg.worker.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * How this replica's jobs end, for dashboards and alerts: {@code poof_worker_jobs_total{outcome}} and the
 * processing time of each computed cut-out, {@code poof_worker_processing_seconds} (with histogram buckets).
 */
@Startup // registers the meters at start-up, so dashboards see zeros rather than nothing
@ApplicationScoped
public class JobMetrics {
    private final Counter completed;
    private final Counter reannounced;
    private final Counter rejected;
    private final Counter failed;
    private final Counter givenUp;
    private final Timer processing;

    public JobMetrics(MeterRegistry registry) {
        this.completed = outcome(registry, "completed");
        this.reannounced = outcome(registry, "reannounced");
        this.rejected = outcome(registry, "rejected");
        this.failed = outcome(registry, "failed");
        this.givenUp = outcome(registry, "given_up");
        this.processing = Timer.builder("poof.worker.processing")
                .description("Input read, decoding, model, composition and PNG encoding of one job")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A cut-out computed and stored. */
    void completed(long processingMillis) {
        completed.increment();
        processing.record(Duration.ofMillis(processingMillis));
    }

    /** A redelivered job whose result was already stored, announced again. */
    void reannounced() {
        reannounced.increment();
    }

    /** Failed for its input: unsupported, corrupt, too large, a refused or unreachable URL. */
    void rejected() {
        rejected.increment();
    }

    /** Failed for an internal reason: storage unavailable, a bug, out of memory. */
    void failed() {
        failed.increment();
    }

    /** Failed because its earlier starts all ended the worker process. */
    void givenUp() {
        givenUp.increment();
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("poof.worker.jobs").description("Jobs brought to a terminal event, by outcome")
                .tag("outcome", outcome).register(registry);
    }
}
