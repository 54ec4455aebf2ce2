package dev.poofbg.gateway.access;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

import java.time.Duration;

/** Clients of the real local Redis, test database 1 (deploy/local/infra.sh starts it). */
public final class TestRedis {

    public static final String URI = "redis://127.0.0.1:6379/1";

    private TestRedis() {
    }

    public static Redis client(Vertx vertx, String uri) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(uri)
                .setMaxPoolSize(8).setMaxPoolWaiting(2048));
    }

    static Response send(Redis redis, Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return redis.send(request).await().atMost(Duration.ofSeconds(5));
    }

    /** Redis' own clock in milliseconds, the clock the window script uses. */
    static long nowMillis(Redis redis) {
        Response time = send(redis, Command.TIME);
        return time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
    }

    static RateLimitConfig config(Duration window, Duration redisTimeout, Duration retryInterval) {
        return new RateLimitConfig() {
            @Override
            public Duration window() {
                return window;
            }

            @Override
            public Duration redisTimeout() {
                return redisTimeout;
            }

            @Override
            public Duration redisRetryInterval() {
                return retryInterval;
            }

            @Override
            public String keyPrefix() {
                return "poof:rl-test:";
            }
        };
    }
}
