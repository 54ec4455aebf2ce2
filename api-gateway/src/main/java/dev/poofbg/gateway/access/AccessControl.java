package dev.poofbg.gateway.access;

import dev.poofbg.common.billing.KeyIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Map;
import java.util.function.Function;

/**
 * Who is calling and whether their account's window has room: the key is authenticated, then the request is counted
 * against the plan's per-minute limit. Used before routing ({@link AccessFilters}) and by the refusals answered
 * before a body is read, so that they also name the caller's window or answer 401.
 */
@ApplicationScoped
public class AccessControl {

    public static final String LIMIT_HEADER = "X-RateLimit-Limit";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    public static final String RESET_HEADER = "X-RateLimit-Reset";
    public static final String API_KEY_HEADER = "X-Api-Key";

    private final KeyAuthenticator authenticator;
    private final RateLimiter limiter;
    private final MeterRegistry metrics;
    private final KeyUsageReporter usage;

    public AccessControl(KeyAuthenticator authenticator, RateLimiter limiter, MeterRegistry metrics,
                         KeyUsageReporter usage) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.metrics = metrics;
        this.usage = usage;
    }

    /** Fails with the contract's {@code UNAUTHORIZED} or {@code SERVICE_UNAVAILABLE} when the key is not vouched for. */
    public Uni<Admission> admit(String authorization) {
        return authenticator.authenticate(authorization)
                .invoke(identity -> usage.used(identity.keyId()))
                .flatMap(identity -> limiter.acquire(identity.accountId(), identity.requestsPerMinute())
                        .invoke(decision -> {
                            if (!decision.allowed()) {
                                metrics.counter("poof.ratelimit.rejected", "plan", String.valueOf(identity.plan()))
                                        .increment();
                            }
                        })
                        .map(decision -> new Admission(identity, decision)));
    }

    /** The paths under access control: the public API and its remove.bg-compatible twin. */
    public static boolean isPublicApi(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || isRemoveBgApi(path);
    }

    /** The remove.bg-compatible endpoints, which answer in remove.bg's error shape. */
    public static boolean isRemoveBgApi(String path) {
        return path.equals("/v1.0") || path.startsWith("/v1.0/");
    }

    /**
     * The request's credentials as an {@code Authorization} value: that header, or else remove.bg's {@code X-Api-Key}
     * (its clients send the key there) as a bearer key.
     */
    public static String credentials(Function<String, String> header) {
        String authorization = header.apply(HttpHeaders.AUTHORIZATION);
        String apiKey = header.apply(API_KEY_HEADER);
        return authorization == null && apiKey != null ? KeyAuthenticator.BEARER + apiKey.trim() : authorization;
    }

    /**
     * remove.bg's {@code X-RateLimit-Reset}: the Unix time by which the window has room again, at most a minute away
     * (the sliding window frees a request's place 60 s after it).
     */
    public static long resetEpochSecond(RateLimitDecision decision, long nowMillis) {
        long wait = decision.allowed() ? 60_000 : decision.retryAfterSeconds() * 1000;
        return (nowMillis + wait + 999) / 1000;
    }

    /** The rate-limit headers every answer to an authenticated request carries; Retry-After on a refusal only. */
    public static Map<String, Object> headers(RateLimitDecision decision) {
        if (decision.allowed()) {
            return Map.of(LIMIT_HEADER, decision.limit(), REMAINING_HEADER, decision.remaining());
        }
        return Map.of(LIMIT_HEADER, decision.limit(), REMAINING_HEADER, decision.remaining(),
                HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds());
    }

    public record Admission(KeyIdentity identity, RateLimitDecision decision) {
    }
}
