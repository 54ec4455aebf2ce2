package dev.poofbg.gateway.access;

/**
 * The outcome of counting one request against its account's window.
 *
 * @param remaining        requests still allowed in the window after this one
 * @param retryAfterMillis when refused, how long until the oldest request in the window ages out
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long retryAfterMillis) {

    static RateLimitDecision allow(int limit, int remaining) {
        return new RateLimitDecision(true, limit, Math.max(0, remaining), 0);
    }

    static RateLimitDecision refuse(int limit, long retryAfterMillis) {
        return new RateLimitDecision(false, limit, 0, Math.max(0, retryAfterMillis));
    }

    /** Whole seconds for {@code Retry-After}, rounded up so a client that obeys it is not refused again; at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
}
