package dev.poofbg.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poofbg.common.keys.ApiKeys;
import dev.poofbg.common.logging.RequestIds;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Billing's internal API (docs/architecture.md) played by a loopback HTTP server, so the gateway's
 * @QuarkusTests can run without the billing service: keys, idempotent reservations with real
 * balances (402 at zero), releases and summaries. The end-to-end suite drives the real billing.
 */
public class LoopbackBilling implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-internal-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Account> ACCOUNTS = new ConcurrentHashMap<>();
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, Reservation> RESERVATIONS = new ConcurrentHashMap<>();
    private static final java.util.Set<String> REQUEST_IDS = ConcurrentHashMap.newKeySet();
    private static volatile boolean reservationsDown;
    private static final AtomicInteger RELEASES_TO_REFUSE = new AtomicInteger();
    private static volatile boolean summariesDown;
    private static volatile int requestsPerMinute = 100_000;
    private HttpServer server;

    public static final class Account {
        public final String id = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        public final String key = ApiKeys.generate();
        private long credits;
        private final AtomicInteger reservations = new AtomicInteger();
        private final AtomicInteger releases = new AtomicInteger();

        private Account(long credits) {
            this.credits = credits;
        }

        public synchronized long credits() {
            return credits;
        }

        public int reservations() {
            return reservations.get();
        }

        public int releases() {
            return releases.get();
        }

        public String bearer() {
            return "Bearer " + key;
        }
    }

    private record Reservation(String accountId, boolean released) {
    }

    /** A reservation made as the gateway's call would make it (for jobs a test sets up by hand). */
    public static void reserve(Account account, String jobId) {
        synchronized (account) {
            account.credits--;
            account.reservations.incrementAndGet();
            RESERVATIONS.put(jobId, new Reservation(account.id, false));
        }
    }

    /** Whether a call to billing carried this X-Request-ID. */
    public static boolean sawRequestId(String requestId) {
        return REQUEST_IDS.contains(requestId);
    }

    /** A new pro-like account with a rate limit high enough to stay out of the tests' way. */
    public static Account account(long credits) {
        Account account = new Account(credits);
        ACCOUNTS.put(account.id, account);
        KEYS.put(ApiKeys.hash(account.key), account.id);
        return account;
    }

    /**
     * The rate limit every account gets from now on (keys already cached by a gateway keep theirs
     * until it asks again). Load benchmarks raise it so the limit never ends a run.
     */
    public static void requestsPerMinute(int limit) {
        requestsPerMinute = limit;
    }

    /** While set, reservations answer 503 as an unhealthy billing would. */
    public static void reservationsDown(boolean down) {
        reservationsDown = down;
    }

    /** The next {@code count} releases answer 503, as a billing whose database is away would. */
    public static void refuseReleases(int count) {
        RELEASES_TO_REFUSE.set(count);
    }

    /** While set, account summaries answer 503. */
    public static void summariesDown(boolean down) {
        summariesDown = down;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/internal/v1/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.billing.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "poof.billing.internal-token", TOKEN,
                // AccessControlTest injects this property; every application started for tests must define it.
                "poof.test.billing-control-url", "http://127.0.0.1:9/not-used-by-these-tests");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error("UNAUTHORIZED", "bad internal token"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String requestId = exchange.getRequestHeaders().getFirst(RequestIds.HEADER);
            if (requestId != null) {
                REQUEST_IDS.add(requestId);
            }
            if (method.equals("POST") && path.equals("/internal/v1/keys/verify")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String accountId = KEYS.get(body.path("key_hash").asText());
                if (accountId == null) {
                    send(exchange, 404, error("NOT_FOUND", "unknown key"));
                } else {
                    send(exchange, 200, Map.of("account_id", accountId, "key_id", "key_" + accountId,
                            "plan", "pro", "requests_per_minute", requestsPerMinute));
                }
            } else if (method.equals("POST") && path.equals("/internal/v1/reservations")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                reserve(exchange, body.path("job_id").asText(), body.path("account_id").asText());
            } else if (method.equals("POST") && path.startsWith("/internal/v1/reservations/") && path.endsWith("/release")) {
                String jobId = path.substring("/internal/v1/reservations/".length(), path.length() - "/release".length());
                release(exchange, jobId);
            } else if (method.equals("GET") && path.startsWith("/internal/v1/accounts/") && path.endsWith("/summary")) {
                String id = path.substring("/internal/v1/accounts/".length(), path.length() - "/summary".length());
                Account account = ACCOUNTS.get(id);
                if (summariesDown) {
                    send(exchange, 503, error("SERVICE_UNAVAILABLE", "down for the test"));
                } else if (account == null) {
                    send(exchange, 404, error("NOT_FOUND", "unknown account"));
                } else {
                    send(exchange, 200, Map.of("plan", "pro", "credits_remaining", account.credits(),
                            "credits_monthly_quota", 500, "rate_limit", Map.of("requests_per_minute", requestsPerMinute)));
                }
            } else {
                send(exchange, 404, error("NOT_FOUND", "no such route"));
            }
        }
    }

    private void reserve(HttpExchange exchange, String jobId, String accountId) throws IOException {
        if (reservationsDown) {
            send(exchange, 503, error("SERVICE_UNAVAILABLE", "down for the test"));
            return;
        }
        Account account = ACCOUNTS.get(accountId);
        synchronized (account) {
            if (!RESERVATIONS.containsKey(jobId)) {
                if (account.credits == 0) {
                    send(exchange, 402, error("INSUFFICIENT_CREDITS", "Insufficient credits"));
                    return;
                }
                account.credits--;
                account.reservations.incrementAndGet();
                RESERVATIONS.put(jobId, new Reservation(accountId, false));
            }
            send(exchange, 200, Map.of("job_id", jobId, "credits_remaining", account.credits));
        }
    }

    private void release(HttpExchange exchange, String jobId) throws IOException {
        if (RELEASES_TO_REFUSE.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            send(exchange, 503, error("SERVICE_UNAVAILABLE", "down for the test"));
            return;
        }
        Reservation reservation = RESERVATIONS.get(jobId);
        if (reservation == null) {
            send(exchange, 404, error("NOT_FOUND", "no reservation"));
            return;
        }
        Account account = ACCOUNTS.get(reservation.accountId());
        synchronized (account) {
            if (!RESERVATIONS.get(jobId).released()) {
                account.credits++;
                account.releases.incrementAndGet();
                RESERVATIONS.put(jobId, new Reservation(reservation.accountId(), true));
            }
            send(exchange, 200, Map.of("job_id", jobId, "credits_remaining", account.credits));
        }
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
