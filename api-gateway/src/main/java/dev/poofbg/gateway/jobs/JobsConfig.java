package dev.poofbg.gateway.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How POST /v1/remove-background hands a job over and waits for it, and how job reads are served. */
@ConfigMapping(prefix = "poof.jobs")
public interface JobsConfig {

    /** How long POST waits for the job's terminal event before answering 202. */
    @WithDefault("30s")
    Duration waitTimeout();

    /** How long to wait for the broker's acknowledgement before giving the credit back (503). */
    @WithDefault("10s")
    Duration publishTimeout();

    /**
     * Finished jobs never change again, so reads of them are served from memory (at most this many
     * jobs per replica, each kept 10 minutes after its last read) instead of the database.
     */
    @WithDefault("100000")
    int finishedJobCacheSize();
}
