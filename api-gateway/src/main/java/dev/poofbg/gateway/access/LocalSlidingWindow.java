package dev.poofbg.gateway.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The same exact sliding log as {@link RedisSlidingWindow}, kept in this process: it decides while
 * Redis is unreachable. Each replica then enforces the full limit on its own (see docs/access-control.md).
 */
public final class LocalSlidingWindow {

    private final long windowMillis;
    private final LongSupplier clockMillis;
    /** Accounts idle for a whole window have an empty log anyway, so they are dropped. */
    private final Cache<String, ArrayDeque<Long>> logs;

    public LocalSlidingWindow(Duration window, LongSupplier clockMillis) {
        this.windowMillis = window.toMillis();
        this.clockMillis = clockMillis;
        this.logs = Caffeine.newBuilder().expireAfterAccess(windowMillis, TimeUnit.MILLISECONDS).build();
    }

    /** A monotonic millisecond clock: wall-clock jumps must not open or close windows. */
    public static LongSupplier monotonicClock() {
        return () -> System.nanoTime() / 1_000_000;
    }

    public RateLimitDecision acquire(String accountId, int limit) {
        long now = clockMillis.getAsLong();
        RateLimitDecision[] decision = new RateLimitDecision[1];
        // compute() runs atomically per account, so concurrent requests cannot both take the last slot.
        logs.asMap().compute(accountId, (account, log) -> {
            ArrayDeque<Long> entries = log == null ? new ArrayDeque<>() : log;
            while (!entries.isEmpty() && entries.peekFirst() <= now - windowMillis) {
                entries.pollFirst();
            }
            if (entries.size() < limit) {
                entries.addLast(now);
                decision[0] = RateLimitDecision.allow(limit, limit - entries.size());
            } else {
                decision[0] = RateLimitDecision.refuse(limit, entries.peekFirst() + windowMillis - now);
            }
            return entries;
        });
        return decision[0];
    }
}
