package dev.poofbg.gateway.access;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the limiter does when Redis is gone or hangs: the local window decides, and still limits. */
class RateLimiterFallbackTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    private static RateLimiter limiter(Redis redis, SimpleMeterRegistry metrics, Duration retryInterval) {
        RateLimitConfig config = TestRedis.config(MINUTE, Duration.ofMillis(300), retryInterval);
        return new RateLimiter(new RedisSlidingWindow(redis, MINUTE, config.keyPrefix()),
                new LocalSlidingWindow(MINUTE, LocalSlidingWindow.monotonicClock()), config, metrics);
    }

    private static RateLimitDecision acquire(RateLimiter limiter, String account, int limit) {
        return limiter.acquire(account, limit).await().atMost(Duration.ofSeconds(5));
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableRedisFallsBackToALocalWindowThatStillLimits() throws IOException {
        Redis deadRedis = TestRedis.client(vertx, "redis://127.0.0.1:" + closedLoopbackPort() + "/1");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RateLimiter limiter = limiter(deadRedis, metrics, Duration.ofSeconds(5));
        String account = "acc_" + UUID.randomUUID();
        try {
            for (int i = 0; i < 10; i++) {
                RateLimitDecision decision = acquire(limiter, account, 10);
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.remaining()).isEqualTo(9 - i);
            }
            RateLimitDecision refused = acquire(limiter, account, 10);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfterSeconds()).isBetween(59L, 60L);

            assertThat(limiter.degraded()).isTrue();
            assertThat(metrics.get("poof.ratelimit.degraded").gauge().value()).isEqualTo(1.0);
            assertThat(metrics.get("poof.ratelimit.local.decisions").counter().count()).isEqualTo(11.0);
            // Only the first call paid for the failed connection; the rest skipped Redis for the retry interval.
            assertThat(metrics.get("poof.ratelimit.redis.failures").counter().count()).isEqualTo(1.0);
        } finally {
            deadRedis.close();
        }
    }

    @Test
    void aRedisThatNeverAnswersCostsOneTimeoutThenTheLocalWindowDecides() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(blackHole.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Redis silentRedis = TestRedis.client(vertx, "redis://127.0.0.1:" + blackHole.getLocalPort() + "/1");
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            RateLimiter limiter = limiter(silentRedis, metrics, Duration.ofSeconds(5));
            String account = "acc_" + UUID.randomUUID();

            long start = System.nanoTime();
            assertThat(acquire(limiter, account, 2).allowed()).isTrue();
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            assertThat(acquire(limiter, account, 2).allowed()).isTrue();
            assertThat(acquire(limiter, account, 2).allowed()).isFalse();
            long nextMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(firstMillis).isBetween(250L, 2000L);
            assertThat(nextMillis).isLessThan(250L);
            assertThat(limiter.degraded()).isTrue();
            silentRedis.close();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void theSharedWindowTakesOverAgainOnceRedisIsBack() throws Exception {
        int port = closedLoopbackPort();
        Redis redis = TestRedis.client(vertx, "redis://127.0.0.1:" + port + "/0");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RateLimiter limiter = limiter(redis, metrics, Duration.ofMillis(200));
        String account = "acc_" + UUID.randomUUID();
        assertThat(acquire(limiter, account, 5).allowed()).isTrue();
        assertThat(limiter.degraded()).isTrue();

        // A real, private Redis appears on that port (stopped by its PID below).
        Process server = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            RateLimitDecision decision;
            do {
                Thread.sleep(250);
                decision = acquire(limiter, account, 5);
            } while (limiter.degraded() && System.nanoTime() < deadline);

            assertThat(limiter.degraded()).isFalse();
            assertThat(metrics.get("poof.ratelimit.degraded").gauge().value()).isZero();
            // Redis never saw the locally counted requests: its window starts afresh.
            assertThat(decision.remaining()).isEqualTo(4);
        } finally {
            redis.close();
            server.destroy();
            server.waitFor();
        }
    }
}
