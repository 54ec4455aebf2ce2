package dev.poofbg.gateway.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The per-account sliding window (prefix {@code poof.rate-limit}). */
@ConfigMapping(prefix = "poof.rate-limit")
public interface RateLimitConfig {

    /** Length of the sliding window; the plans' limits are per minute. */
    @WithDefault("60s")
    Duration window();

    /** Longest wait for Redis before the local limiter decides the request. */
    @WithDefault("500ms")
    Duration redisTimeout();

    /** After a Redis failure, how long the local limiter stays in charge before Redis is tried again. */
    @WithDefault("5s")
    Duration redisRetryInterval();

    /** Prefix of the per-account sorted sets in Redis. */
    @WithDefault("poof:rl:")
    String keyPrefix();
}
