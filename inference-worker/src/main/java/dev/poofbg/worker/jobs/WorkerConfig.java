package dev.poofbg.worker.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the worker consumes jobs. */
@ConfigMapping(prefix = "poof.worker")
public interface WorkerConfig {
    /**
     * Jobs processed at once by this replica; also sizes the messaging worker pool and the Kafka
     * prefetch (see application.properties).
     */
    @WithDefault("2")
    int concurrency();

    /** How long shutdown waits for in-flight jobs before giving up (they are then redelivered). */
    @WithDefault("30s")
    Duration shutdownGrace();

    /**
     * Starts of one job before it is failed instead of tried again. A start that ends the worker
     * process (killed for memory, a crash in native code) is redelivered; this bounds how many
     * replicas one such job takes down, and how long it holds up its partition.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How long a job's terminal event is retried while the broker is away. Shorter than the consumer's limit
     * for an unacknowledged record (5 min); past it the worker exits so that its supervisor starts it afresh.
     */
    @WithDefault("4m")
    Duration eventRetryFor();

    /** Largest uploaded input read from object storage (the contract's 10 MB). */
    @WithDefault("10485760")
    long maxInputBytes();
}
