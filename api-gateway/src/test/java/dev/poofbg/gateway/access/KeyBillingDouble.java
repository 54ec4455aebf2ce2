package dev.poofbg.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Billing's key verification ({@code POST /internal/v1/keys/verify}) played by a loopback HTTP
 * server, with the failure modes the access tests need: keys can be revoked, billing can answer
 * 503, answer too late, or stop listening altogether. The test steers it through a second loopback port (see
 * {@link BillingControl}), because the test and this resource live in different class loaders.
 * The end-to-end suite drives the real billing service.
 */
public class KeyBillingDouble implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "test-internal-token";
    static final String CONTROL_URL = "poof.test.billing-control-url";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> identities = new ConcurrentHashMap<>();
    private final AtomicInteger verifications = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile boolean failing;
    private volatile boolean hanging;
    private HttpServer billing;
    private HttpServer control;
    private int billingPort;

    @Override
    public synchronized Map<String, String> start() {
        try {
            listen(0);
            billingPort = billing.getAddress().getPort();
            control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            control.setExecutor(executor);
            control.createContext("/", this::control);
            control.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.rest-client.billing.url", "http://127.0.0.1:" + billingPort,
                "poof.billing.internal-token", TOKEN,
                CONTROL_URL, "http://127.0.0.1:" + control.getAddress().getPort());
    }

    @Override
    public synchronized void stop() {
        if (billing != null) {
            billing.stop(0);
        }
        control.stop(0);
        executor.shutdownNow();
    }

    private void listen(int port) throws IOException {
        billing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        billing.setExecutor(executor);
        billing.createContext("/internal/v1/keys/verify", this::verify);
        billing.start();
    }

    private void verify(HttpExchange exchange) throws IOException {
        try (exchange) {
            verifications.incrementAndGet();
            if (hanging) {
                sleep(3000);
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error("UNAUTHORIZED", "bad internal token"));
            } else if (failing) {
                send(exchange, 503, error("SERVICE_UNAVAILABLE", "down for the test"));
            } else {
                JsonNode identity = identities.get(JSON.readTree(exchange.getRequestBody()).path("key_hash").asText());
                if (identity == null) {
                    send(exchange, 404, error("NOT_FOUND", "unknown key"));
                } else {
                    send(exchange, 200, identity);
                }
            }
        }
    }

    /** PUT /keys/{hash} (identity JSON), DELETE /keys/{hash}, GET /verifications, PUT /failing|/hanging|/reachable (true|false). */
    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/keys/") && method.equals("PUT")) {
                identities.put(path.substring("/keys/".length()), JSON.readTree(body));
            } else if (path.startsWith("/keys/") && method.equals("DELETE")) {
                identities.remove(path.substring("/keys/".length()));
            } else if (path.equals("/verifications")) {
                send(exchange, 200, verifications.get());
                return;
            } else if (path.equals("/failing")) {
                failing = Boolean.parseBoolean(body);
            } else if (path.equals("/hanging")) {
                hanging = Boolean.parseBoolean(body);
            } else if (path.equals("/reachable")) {
                reachable(Boolean.parseBoolean(body));
            } else {
                send(exchange, 404, error("NOT_FOUND", path));
                return;
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Unreachable: nothing listens on billing's port, so connections are refused. */
    private synchronized void reachable(boolean reachable) throws IOException {
        if (!reachable && billing != null) {
            billing.stop(0);
            billing = null;
        } else if (reachable && billing == null) {
            listen(billingPort);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
