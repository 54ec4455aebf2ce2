package dev.poofbg.gateway.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.poofbg.common.billing.KeyIdentity;
import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.keys.ApiKeys;
import dev.poofbg.gateway.billing.BillingClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Turns an {@code Authorization} header into the key's owner. Keys are looked up by their SHA-256
 * only (the plaintext never leaves this class, and only the display prefix is ever logged), and
 * the answer is cached briefly: fresh for {@code poof.auth.cache-ttl} so a revocation takes effect
 * within seconds, then kept as a stale fallback for {@code poof.auth.stale-ttl} while billing is
 * unreachable. A key billing has never confirmed is refused with 503 in that case, never let in.
 * After a billing failure a circuit breaker answers from the cache alone for
 * {@code poof.auth.billing-retry-interval}, instead of each request waiting out billing's timeouts.
 */
@ApplicationScoped
public class KeyAuthenticator {

    private static final Logger LOG = Logger.getLogger(KeyAuthenticator.class);
    static final String BEARER = "Bearer ";

    private final BillingClient billing;
    private final long freshNanos;
    private final long billingRetryIntervalNanos;
    private final TypedGuard<Uni<Optional<KeyIdentity>>> billingGuard;
    /** Confirmed keys by hash, kept as long as they may serve as a stale fallback. */
    private final Cache<String, Confirmed> confirmed;
    /** Hashes billing called unknown or revoked. */
    private final Cache<String, Boolean> refused;
    private final MeterRegistry metrics;

    private record Confirmed(KeyIdentity identity, long confirmedAtNanos) {
    }

    public KeyAuthenticator(BillingClient billing, AccessConfig config, MeterRegistry metrics) {
        this.billing = billing;
        this.freshNanos = config.cacheTtl().toNanos();
        this.billingRetryIntervalNanos = config.billingRetryInterval().toNanos();
        this.confirmed = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxEntries())
                .expireAfterWrite(Math.max(config.staleTtl().toNanos(), freshNanos), TimeUnit.NANOSECONDS)
                .build();
        this.refused = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxEntries())
                .expireAfterWrite(config.negativeCacheTtl().toNanos(), TimeUnit.NANOSECONDS)
                .build();
        this.metrics = metrics;
        // Registered now: alerts on their rate see zeros, not nothing, until billing is first unreachable.
        for (String outcome : new String[] {"refused", "stale"}) {
            metrics.counter("poof.auth.billing.unavailable", "outcome", outcome);
        }
        this.billingGuard = TypedGuard.create(new TypeLiteral<Uni<Optional<KeyIdentity>>>() { })
                .withDescription("key verification by billing")
                .withCircuitBreaker()
                    .with(FirstFailureBreaker.retryingAfter(config.billingRetryInterval()))
                    .when(KeyAuthenticator::isBillingFault)
                    .done()
                .withThreadOffload(false)
                .build();
    }

    /**
     * The owner of the bearer key, or a failure: {@code UNAUTHORIZED} for a missing, malformed,
     * unknown or revoked key; {@code SERVICE_UNAVAILABLE} when billing cannot vouch for it.
     */
    public Uni<KeyIdentity> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse("missing", "Missing API key");
        }
        String key = authorization.substring(BEARER.length()).trim();
        if (!ApiKeys.isWellFormed(key)) {
            return refuse("malformed", "Invalid API key");
        }
        String hash = ApiKeys.hash(key);
        Confirmed cached = confirmed.getIfPresent(hash);
        if (cached != null && System.nanoTime() - cached.confirmedAtNanos() <= freshNanos) {
            return Uni.createFrom().item(cached.identity());
        }
        if (refused.getIfPresent(hash) != null) {
            return refuse("unknown", "Invalid API key");
        }
        String prefix = ApiKeys.displayPrefix(key);
        return billingGuard.get(() -> billing.verifyKey(hash))
                .flatMap(found -> remember(hash, prefix, found))
                .onFailure(KeyAuthenticator::isBillingFault).recoverWithUni(failure -> {
                    if (failure instanceof CircuitBreakerOpenException) {
                        return staleOrUnavailable(cached, prefix);
                    }
                    LOG.warnf("Billing could not verify API key %s... (%s); answering from the key cache for %d s",
                            prefix, failure.getMessage(), TimeUnit.NANOSECONDS.toSeconds(billingRetryIntervalNanos));
                    // Re-read: the entry may have aged out while billing was being asked.
                    return staleOrUnavailable(confirmed.getIfPresent(hash), prefix);
                });
    }

    private Uni<KeyIdentity> remember(String hash, String prefix, Optional<KeyIdentity> found) {
        if (found.isEmpty()) {
            confirmed.invalidate(hash);
            refused.put(hash, Boolean.TRUE);
            LOG.debugf("Refused unknown or revoked API key %s...", prefix);
            return refuse("unknown", "Invalid API key");
        }
        confirmed.put(hash, new Confirmed(found.get(), System.nanoTime()));
        return Uni.createFrom().item(found.get());
    }

    /** Everything but billing's definite "no such key" (which {@link #remember} turns into a 401). */
    private static boolean isBillingFault(Throwable failure) {
        return !(failure instanceof ApiException api && api.code() == ErrorCode.UNAUTHORIZED);
    }

    /** Without billing: a key it confirmed within the stale period still works; any other key gets 503. */
    private Uni<KeyIdentity> staleOrUnavailable(Confirmed stale, String prefix) {
        if (stale == null) {
            metrics.counter("poof.auth.billing.unavailable", "outcome", "refused").increment();
            return Uni.createFrom().failure(
                    new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Key verification is temporarily unavailable, retry shortly"));
        }
        metrics.counter("poof.auth.billing.unavailable", "outcome", "stale").increment();
        LOG.debugf("Billing unavailable: API key %s... accepted on a confirmation %d s old", prefix,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stale.confirmedAtNanos()));
        // Not re-cached: the stale entry still ages out, and billing is asked again after the retry interval.
        return Uni.createFrom().item(stale.identity());
    }

    private <T> Uni<T> refuse(String reason, String message) {
        metrics.counter("poof.auth.failures", "reason", reason).increment();
        return Uni.createFrom().failure(new ApiException(ErrorCode.UNAUTHORIZED, message));
    }
}
