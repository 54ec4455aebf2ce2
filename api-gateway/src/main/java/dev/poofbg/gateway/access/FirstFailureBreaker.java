package dev.poofbg.gateway.access;

import io.smallrye.faulttolerance.api.TypedGuard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * The circuit breaker access control's two dependencies (billing's key check, Redis' window) sit behind: it
 * opens at the first failure, so an outage costs one failed call per interval instead of one per request, and
 * after the interval one call tries the dependency again.
 */
final class FirstFailureBreaker {

    private FirstFailureBreaker() {
    }

    static <T> Consumer<TypedGuard.Builder.CircuitBreakerBuilder<T>> retryingAfter(Duration interval) {
        return breaker -> breaker.requestVolumeThreshold(1).failureRatio(1.0).successThreshold(1)
                .delay(interval.toMillis(), ChronoUnit.MILLIS);
    }
}
