package dev.poofbg.gateway.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts each authenticated request against its account's sliding window. Redis holds the window
 * all replicas share; when Redis fails or is slow, the in-process window decides instead (so the
 * API stays up and a limit still holds). A circuit breaker opens at the first failure or timeout and
 * lets Redis be tried again after {@code poof.rate-limit.redis-retry-interval}, so an outage costs one
 * timeout per interval, not one per request. Credits are enforced by billing either way.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final RedisSlidingWindow shared;
    private final LocalSlidingWindow local;
    private final TypedGuard<Uni<RateLimitDecision>> redisGuard;
    private final MeterRegistry metrics;
    /** Whether the breaker is anything but closed: the local window is in charge. */
    private final AtomicBoolean degraded = new AtomicBoolean();
    /** Whether this outage was logged: once per outage, with its first cause. */
    private final AtomicBoolean outageLogged = new AtomicBoolean();

    @Inject
    public RateLimiter(Redis redis, RateLimitConfig config, MeterRegistry metrics) {
        this(new RedisSlidingWindow(redis, config.window(), config.keyPrefix()),
                new LocalSlidingWindow(config.window(), LocalSlidingWindow.monotonicClock()), config, metrics);
    }

    RateLimiter(RedisSlidingWindow shared, LocalSlidingWindow local, RateLimitConfig config, MeterRegistry metrics) {
        this.shared = shared;
        this.local = local;
        this.metrics = metrics;
        this.redisGuard = TypedGuard.create(new TypeLiteral<Uni<RateLimitDecision>>() { })
                .withDescription("shared rate-limit window in Redis")
                .withTimeout().duration(config.redisTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                    .with(FirstFailureBreaker.retryingAfter(config.redisRetryInterval()))
                    .onStateChange(this::redisStateChanged)
                    .done()
                .withThreadOffload(false)
                .build();
        metrics.gauge("poof.ratelimit.degraded", degraded, d -> d.get() ? 1 : 0);
    }

    /** Whether the in-process window is in charge because Redis failed recently. */
    public boolean degraded() {
        return degraded.get();
    }

    public Uni<RateLimitDecision> acquire(String accountId, int requestsPerMinute) {
        int limit = Math.max(1, requestsPerMinute);
        return redisGuard.get(() -> shared.acquire(accountId, limit))
                .onFailure().recoverWithItem(failure -> {
                    if (!(failure instanceof CircuitBreakerOpenException)) {
                        redisFailed(failure);
                    }
                    return decideLocally(accountId, limit);
                });
    }

    private RateLimitDecision decideLocally(String accountId, int limit) {
        metrics.counter("poof.ratelimit.local.decisions").increment();
        return local.acquire(accountId, limit);
    }

    private void redisFailed(Throwable failure) {
        metrics.counter("poof.ratelimit.redis.failures").increment();
        shared.reconnectNextTime();
        if (outageLogged.compareAndSet(false, true)) {
            LOG.warnf("Redis failed (%s): each replica now enforces rate limits on its own until it is back", failure.toString());
        }
    }

    private void redisStateChanged(CircuitBreakerState state) {
        boolean nowDegraded = state != CircuitBreakerState.CLOSED;
        if (degraded.getAndSet(nowDegraded) && !nowDegraded) {
            outageLogged.set(false);
            LOG.info("Redis answers again: the shared rate-limit window is back in charge");
        }
    }

}
