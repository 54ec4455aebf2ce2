package dev.poofbg.gateway.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The reconciler (prefix {@code poof.reconciler}): what it does with jobs that stop making progress. */
@ConfigMapping(prefix = "poof.reconciler")
public interface ReconcilerConfig {

    /** Off only for tests that need the jobs table to themselves. */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica sweeps; replicas never act on the same job at once. */
    @WithDefault("30s")
    Duration interval();

    /**
     * A {@code pending} or {@code processing} job unchanged for this long is published again (the worker is
     * idempotent per job id: a finished job's result is announced again, not recomputed). Longer than a job
     * takes, and than a queue backlog is expected to last.
     */
    @WithDefault("3m")
    Duration republishAfter();

    /** A job not finished this long after it was accepted is failed and its credit refunded. */
    @WithDefault("15m")
    Duration deadline();

    /** Most jobs one sweep acts on. */
    @WithDefault("100")
    int batchSize();
}
