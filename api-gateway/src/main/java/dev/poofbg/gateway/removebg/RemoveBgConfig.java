package dev.poofbg.gateway.removebg;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The remove.bg-compatible endpoint ({@code POST /v1.0/removebg}), which answers synchronously as remove.bg does. */
@ConfigMapping(prefix = "poof.removebg")
public interface RemoveBgConfig {

    /**
     * How long the request waits for its job before answering 503 with the job's id (the job goes on, pollable at
     * {@code GET /v1/jobs/:id}). The gateway's shutdown grace leaves room for it (docs/deploy.md).
     */
    @WithDefault("60s")
    Duration waitTimeout();
}
