package dev.poofbg.gateway.removal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How POST /v1/remove-background hands a job over and waits for it. */
@ConfigMapping(prefix = "poof.jobs")
public interface JobsConfig {

    /** How long POST waits for the job's terminal event before answering 202. */
    @WithDefault("30s")
    Duration waitTimeout();

    /** How long to wait for the broker's acknowledgement before giving the credit back (503). */
    @WithDefault("10s")
    Duration publishTimeout();
}
