package dev.poofbg.gateway.access;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports which window decides rate limits. Deliberately always UP: without Redis the replica
 * still limits (locally) and serves, and a readiness probe that failed with Redis would take
 * every replica out of the load balancer at once.
 */
@Readiness
@ApplicationScoped
public class RateLimiterHealthCheck implements HealthCheck {

    private final RateLimiter limiter;

    public RateLimiterHealthCheck(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rate-limiter")
                .up()
                .withData("window", limiter.degraded() ? "local (Redis unreachable)" : "redis")
                .build();
    }
}
