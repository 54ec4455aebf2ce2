package dev.poofbg.gateway.webhooks;

import dev.poofbg.common.net.GuardedHttp;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Sends one attempt: a POST under the SSRF guard ({@link GuardedHttp}: every address vetted when it is resolved and
 * again when the socket connects), redirects not followed, {@code poof.webhooks.timeout} for the whole call.
 * Blocking: run it off the event loop.
 */
@Singleton
public class WebhookSender {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final WebhookTargets targets;
    private final WebhookNetwork network;
    private final Clock clock;

    public WebhookSender(WebhookNetwork network, WebhookTargets targets, WebhooksConfig config, Clock clock) {
        this.network = network;
        this.targets = targets;
        this.clock = clock;
        this.client = GuardedHttp.client(network.policy(), network.resolver(), network.sockets())
                .callTimeout(config.timeout())
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .build();
    }

    /** What one attempt got: a status code, or an error without one. */
    public record Attempt(Integer statusCode, long latencyMs, String error, Duration retryAfter) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        boolean gone() {
            return statusCode != null && statusCode == 410;
        }
    }

    public Attempt send(String url, String id, long timestamp, String signature, String body) {
        long start = System.nanoTime();
        HttpUrl target;
        try {
            target = targets.checkForm("url", url);
        } catch (RuntimeException e) {
            return new Attempt(null, 0, e.getMessage(), null);
        }
        Optional<String> literal = GuardedHttp.refuseLiteral(network.policy(), target);
        if (literal.isPresent()) {
            return new Attempt(null, 0, "url " + literal.get(), null);
        }
        Request request = new Request.Builder().url(target)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .header("User-Agent", "PoofBG-Webhooks/1")
                .post(RequestBody.create(body, JSON))
                .build();
        Call call = client.newCall(request);
        try (Response response = call.execute()) {
            long latency = elapsedMs(start);
            int code = response.code();
            if (code >= 200 && code < 300) {
                return new Attempt(code, latency, null, null);
            }
            String error = response.isRedirect() ? "redirects are not followed (HTTP " + code + ")" : "HTTP " + code;
            Duration retryAfter = code == 429 || code == 503 ? retryAfter(response.header("Retry-After")) : null;
            return new Attempt(code, latency, error, retryAfter);
        } catch (IOException e) {
            return new Attempt(null, elapsedMs(start), describe(e), null);
        }
    }

    private static String describe(IOException e) {
        Optional<String> refusal = GuardedHttp.refusal(e);
        if (refusal.isPresent()) {
            return "url " + refusal.get();
        }
        if (e instanceof InterruptedIOException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "host could not be resolved";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return "connection failed: " + e.getClass().getSimpleName();
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    private Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @PreDestroy
    void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
