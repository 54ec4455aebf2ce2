package dev.poofbg.gateway.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Key-lookup caching (prefix {@code poof.auth}); see docs/access-control.md for why these numbers. */
@ConfigMapping(prefix = "poof.auth")
public interface AccessConfig {

    /** How long a key billing confirmed is trusted without asking again: bounds how late a revocation bites. */
    @WithDefault("2s")
    Duration cacheTtl();

    /** How long an unknown or revoked key is refused without asking billing again. */
    @WithDefault("2s")
    Duration negativeCacheTtl();

    /** How long a confirmed key keeps working while billing is unreachable. */
    @WithDefault("10m")
    Duration staleTtl();

    /** After billing failed, how long keys are answered from the cache alone before billing is asked again. */
    @WithDefault("5s")
    Duration billingRetryInterval();

    /** Upper bound of each cache, so a flood of random keys cannot grow the heap. */
    @WithDefault("100000")
    int cacheMaxEntries();
}
