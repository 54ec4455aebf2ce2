package dev.poofbg.gateway.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts each authenticated request against its account's sliding window. Redis holds the window
 * all replicas share; when Redis fails or is slow, the in-process window decides instead (so the
 * API stays up and a limit still holds), and Redis is tried again after
 * {@code poof.rate-limit.redis-retry-interval}. Credits are enforced by billing either way.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long HEALTHY = Long.MIN_VALUE;

    private final RedisSlidingWindow shared;
    private final LocalSlidingWindow local;
    private final Duration redisTimeout;
    private final long retryIntervalNanos;
    private final MeterRegistry metrics;
    /** {@link #HEALTHY}, or the nanoTime after which Redis is tried again. */
    private final AtomicLong redisRetryAt = new AtomicLong(HEALTHY);

    @Inject
    public RateLimiter(Redis redis, RateLimitConfig config, MeterRegistry metrics) {
        this(new RedisSlidingWindow(redis, config.window(), config.keyPrefix()),
                new LocalSlidingWindow(config.window(), LocalSlidingWindow.monotonicClock()), config, metrics);
    }

    RateLimiter(RedisSlidingWindow shared, LocalSlidingWindow local, RateLimitConfig config, MeterRegistry metrics) {
        this.shared = shared;
        this.local = local;
        this.redisTimeout = config.redisTimeout();
        this.retryIntervalNanos = config.redisRetryInterval().toNanos();
        this.metrics = metrics;
        metrics.gauge("poof.ratelimit.degraded", redisRetryAt, at -> at.get() == HEALTHY ? 0 : 1);
    }

    /** Whether the in-process window is in charge because Redis failed recently. */
    public boolean degraded() {
        return redisRetryAt.get() != HEALTHY;
    }

    public Uni<RateLimitDecision> acquire(String accountId, int requestsPerMinute) {
        int limit = Math.max(1, requestsPerMinute);
        long retryAt = redisRetryAt.get();
        Uni<RateLimitDecision> decision = retryAt != HEALTHY && System.nanoTime() - retryAt < 0
                ? Uni.createFrom().item(() -> decideLocally(accountId, limit))
                : shared.acquire(accountId, limit)
                        .ifNoItem().after(redisTimeout).fail()
                        .invoke(this::markHealthy)
                        .onFailure().recoverWithItem(failure -> {
                            markDegraded(failure);
                            return decideLocally(accountId, limit);
                        });
        return decision.invoke(this::countRefusal);
    }

    private RateLimitDecision decideLocally(String accountId, int limit) {
        metrics.counter("poof.ratelimit.local.decisions").increment();
        return local.acquire(accountId, limit);
    }

    private void markHealthy() {
        if (redisRetryAt.getAndSet(HEALTHY) != HEALTHY) {
            LOG.info("Redis answers again: the shared rate-limit window is back in charge");
        }
    }

    private void markDegraded(Throwable failure) {
        metrics.counter("poof.ratelimit.redis.failures").increment();
        shared.reconnectNextTime();
        if (redisRetryAt.getAndSet(System.nanoTime() + retryIntervalNanos) == HEALTHY) {
            LOG.warnf("Redis failed (%s): each replica now enforces rate limits on its own until it is back", failure.toString());
        }
    }

    private void countRefusal(RateLimitDecision decision) {
        if (!decision.allowed()) {
            metrics.counter("poof.ratelimit.rejected").increment();
        }
    }
}
