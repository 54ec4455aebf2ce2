package dev.poofbg.gateway.access;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared window against the real local Redis (database 1). */
class RedisSlidingWindowTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static Vertx vertx;
    private static Redis redis;
    private static Redis otherReplicaRedis;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = TestRedis.client(vertx, TestRedis.URI);
        otherReplicaRedis = TestRedis.client(vertx, TestRedis.URI);
        assertThat(TestRedis.send(redis, Command.PING).toString())
                .as("Redis at 127.0.0.1:6379 is required: deploy/local/infra.sh start").isEqualTo("PONG");
    }

    @AfterAll
    static void close() {
        redis.close();
        otherReplicaRedis.close();
        vertx.closeAndAwait();
    }

    private static String account() {
        return "acc_" + UUID.randomUUID();
    }

    private static RateLimitDecision acquire(RedisSlidingWindow window, String account, int limit) {
        return window.acquire(account, limit).await().atMost(Duration.ofSeconds(5));
    }

    /** Puts {@code count} past admissions into the account's log, {@code ageMillis} old by Redis' clock. */
    private static void admittedAgo(RedisSlidingWindow window, String account, int count, long ageMillis) {
        long at = TestRedis.nowMillis(redis) - ageMillis;
        for (int i = 0; i < count; i++) {
            TestRedis.send(redis, Command.ZADD, window.key(account), at, "seed-" + i);
        }
    }

    @Test
    void aFullWindowStaysFullUntilItsOldestRequestIsSixtySecondsOld() {
        RedisSlidingWindow window = new RedisSlidingWindow(redis, MINUTE, "poof:rl-test:");
        String account = account();
        admittedAgo(window, account, 10, 59_800);

        RateLimitDecision refused = acquire(window, account, 10);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 200L);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);

        String agedOut = account();
        admittedAgo(window, agedOut, 10, 60_000);
        RateLimitDecision admitted = acquire(window, agedOut, 10);
        assertThat(admitted.allowed()).isTrue();
        assertThat(admitted.remaining()).isEqualTo(9);
        assertThat(TestRedis.send(redis, Command.ZCARD, window.key(agedOut)).toLong()).isEqualTo(1);
    }

    @Test
    void noDoubleBurstAcrossTheBoundaryOnARealTimeline() throws InterruptedException {
        // The algorithm does not depend on the window's length; a 2 s window keeps the test short.
        RedisSlidingWindow window = new RedisSlidingWindow(redis, Duration.ofSeconds(2), "poof:rl-test:");
        String account = account();
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(window, account, 5).allowed()).isTrue();
        }
        Thread.sleep(1000);
        // A fixed window would have reset here (new second); the sliding one must not.
        RateLimitDecision refused = acquire(window, account, 5);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 1000L);

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(Math.max(0, 2000 - elapsedMillis + 50));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += acquire(window, account, 5).allowed() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void twoReplicasShareOneLimitExactlyUnderConcurrency() {
        RedisSlidingWindow replicaA = new RedisSlidingWindow(redis, MINUTE, "poof:rl-test:");
        RedisSlidingWindow replicaB = new RedisSlidingWindow(otherReplicaRedis, MINUTE, "poof:rl-test:");
        String account = account();
        List<Uni<RateLimitDecision>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            calls.add((i % 2 == 0 ? replicaA : replicaB).acquire(account, 120));
        }
        List<RateLimitDecision> decisions = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        List<Integer> remaining = decisions.stream().filter(RateLimitDecision::allowed).map(RateLimitDecision::remaining).sorted().toList();
        assertThat(remaining).hasSize(120);
        // Each admission saw a distinct count: no two replicas took the same slot.
        assertThat(remaining).doesNotHaveDuplicates().startsWith(0, 1, 2).endsWith(118, 119);
        assertThat(decisions.stream().filter(d -> !d.allowed())).hasSize(180);
        assertThat(TestRedis.send(redis, Command.ZCARD, replicaA.key(account)).toLong()).isEqualTo(120);
    }

    @Test
    void refusedRequestsAreNotRecordedAndTheLogExpires() {
        RedisSlidingWindow window = new RedisSlidingWindow(redis, MINUTE, "poof:rl-test:");
        String account = account();
        for (int i = 0; i < 50; i++) {
            acquire(window, account, 3);
        }
        assertThat(TestRedis.send(redis, Command.ZCARD, window.key(account)).toLong()).isEqualTo(3);
        assertThat(TestRedis.send(redis, Command.PTTL, window.key(account)).toLong()).isBetween(1L, 60_000L);
    }

    @Test
    void survivesAFlushedScriptCache() {
        RedisSlidingWindow window = new RedisSlidingWindow(redis, MINUTE, "poof:rl-test:");
        String account = account();
        assertThat(acquire(window, account, 2).allowed()).isTrue();
        TestRedis.send(redis, Command.SCRIPT, "FLUSH");
        RateLimitDecision second = acquire(window, account, 2);
        assertThat(second.allowed()).isTrue();
        assertThat(second.remaining()).isZero();
    }
}
