package dev.poofbg.gateway.bench;

import dev.poofbg.gateway.access.LocalSlidingWindow;
import dev.poofbg.gateway.access.RedisSlidingWindow;
import dev.poofbg.gateway.access.TestRedis;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints the cost of one rate-limit decision: the Redis script through two clients (two
 * "replicas") at a given concurrency, and the local fallback. A program, not a test:
 * {@code java -cp <test classpath> dev.poofbg.gateway.bench.RateLimitBenchmark [requests] [concurrency]}.
 */
public final class RateLimitBenchmark {

    private RateLimitBenchmark() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Vertx vertx = Vertx.vertx();
        Redis a = TestRedis.client(vertx, TestRedis.URI);
        Redis b = TestRedis.client(vertx, TestRedis.URI);
        RedisSlidingWindow[] replicas = {
                new RedisSlidingWindow(a, Duration.ofSeconds(60), "poof:rl-bench:"),
                new RedisSlidingWindow(b, Duration.ofSeconds(60), "poof:rl-bench:")};
        String run = UUID.randomUUID().toString();
        try {
            measure("warm-up", replicas, run + "w", requests / 5, concurrency);
            measure("redis", replicas, run, requests, concurrency);
            LocalSlidingWindow local = new LocalSlidingWindow(Duration.ofSeconds(60), LocalSlidingWindow.monotonicClock());
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                local.acquire("acct_" + (i % 1000), 300);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("local: %d decisions in %.2f s = %.0f/s (one thread)%n", requests, seconds, requests / seconds);
        } finally {
            a.close();
            b.close();
            vertx.closeAndAwait();
        }
    }

    private static void measure(String label, RedisSlidingWindow[] replicas, String run, int requests, int concurrency) {
        long[] latencies = new long[requests];
        AtomicInteger admitted = new AtomicInteger();
        long start = System.nanoTime();
        Multi.createFrom().range(0, requests)
                .onItem().transformToUni(i -> {
                    long began = System.nanoTime();
                    // 1000 accounts at the pay-as-you-go limit (30): past 30 000 requests, refusals mix in.
                    return replicas[i % 2].acquire(run + ":" + (i % 1000), 30)
                            .invoke(decision -> {
                                latencies[i] = System.nanoTime() - began;
                                if (decision.allowed()) {
                                    admitted.incrementAndGet();
                                }
                            });
                })
                .merge(concurrency)
                .collect().last()
                .await().atMost(Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%s: %d decisions (%d admitted) in %.2f s = %.0f/s at concurrency %d; p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                label, requests, admitted.get(), seconds, requests / seconds, concurrency,
                latencies[requests / 2] / 1e6, latencies[requests * 99 / 100] / 1e6, latencies[requests - 1] / 1e6);
    }
}
