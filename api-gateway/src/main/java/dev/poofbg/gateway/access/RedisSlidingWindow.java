package dev.poofbg.gateway.access;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exact sliding-window log shared by every gateway replica: one sorted set per account whose
 * members are the requests admitted in the last window, scored by Redis' own clock (TIME), so
 * replicas with skewed clocks still agree. Trimming, counting and admitting happen in one Lua
 * script, which Redis runs atomically: two replicas can never both take the last slot, and a
 * refused request is not recorded, so hammering does not extend the wait.
 */
public final class RedisSlidingWindow {

    // KEYS[1] = the account's log; ARGV = window ms, limit, unique member id.
    // Returns {1, remaining, 0} when admitted, {0, 0, ms until the oldest entry ages out} when refused.
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            if count < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[1], window)
              return {1, limit - count - 1, 0}
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return {0, 0, tonumber(oldest[2]) + window - now}
            """;
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final Redis redis;
    private final long windowMillis;
    private final String keyPrefix;
    /** Members must be unique across replicas and requests, or two admissions in one millisecond would merge. */
    private final String memberPrefix = UUID.randomUUID() + ":";
    private final AtomicLong sequence = new AtomicLong();
    /**
     * One connection shared by all requests, which the client pipelines: concurrent scripts go out
     * and come back in batches, instead of each taking a pooled connection, a write and a read of its
     * own (docs/benchmarks.md: that per-request round trip cost authenticated reads much of their throughput).
     * Dropped on any failure and opened again by the next call.
     */
    private final AtomicReference<Uni<RedisConnection>> connection = new AtomicReference<>();

    public RedisSlidingWindow(Redis redis, Duration window, String keyPrefix) {
        this.redis = redis;
        this.windowMillis = window.toMillis();
        this.keyPrefix = keyPrefix;
    }

    String key(String accountId) {
        return keyPrefix + accountId;
    }

    public Uni<RateLimitDecision> acquire(String accountId, int limit) {
        String member = memberPrefix + sequence.incrementAndGet();
        return send(script(Request.cmd(Command.EVALSHA).arg(SCRIPT_SHA), accountId, limit, member))
                // After a Redis restart or SCRIPT FLUSH the script is gone: send it once in full.
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> send(script(Request.cmd(Command.EVAL).arg(SCRIPT), accountId, limit, member)))
                .map(reply -> decision(reply, limit));
    }

    private Uni<Response> send(Request request) {
        Uni<RedisConnection> current = connection.get();
        if (current == null) {
            Uni<RedisConnection> opened = redis.connect().memoize().indefinitely();
            current = connection.compareAndExchange(null, opened);
            if (current == null) {
                current = opened;
            }
        }
        Uni<RedisConnection> used = current;
        return used.flatMap(open -> open.send(request))
                .onFailure(failure -> !isScriptError(failure)).invoke(failure -> forget(used));
    }

    /**
     * Drops the connection, so that the next call connects again: for a connection that stopped
     * answering without failing (a paused or partitioned server), which only the caller's timeout sees.
     */
    void reconnectNextTime() {
        Uni<RedisConnection> current = connection.get();
        if (current != null) {
            forget(current);
        }
    }

    /** Drops a failed connection (closing it if it opened), so that the next call connects again. */
    private void forget(Uni<RedisConnection> failed) {
        if (connection.compareAndSet(failed, null)) {
            failed.subscribe().with(RedisConnection::closeAndForget, ignored -> { });
        }
    }

    /** Redis answered with an error reply: the connection itself is fine. */
    private static boolean isScriptError(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.startsWith("NOSCRIPT") || message.startsWith("ERR") || message.startsWith("WRONGTYPE");
    }

    private Request script(Request command, String accountId, int limit, String member) {
        return command.arg(1).arg(key(accountId)).arg(windowMillis).arg(limit).arg(member);
    }

    private static RateLimitDecision decision(Response reply, int limit) {
        return reply.get(0).toInteger() == 1
                ? RateLimitDecision.allow(limit, reply.get(1).toInteger())
                : RateLimitDecision.refuse(limit, reply.get(2).toLong());
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
