package dev.poofbg.gateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.poofbg.common.JobIds;
import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Webhook endpoints and deliveries against a receiver on loopback: signed deliveries of finished jobs, retries
 * honouring Retry-After, 410 disabling the endpoint, rotation, replay, a request's own webhook_url, and the SSRF
 * rules at registration and at delivery (names resolved by {@link TestWebhookNetwork}, never by a real DNS).
 */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = TestImages.png(16, 16);

    @Inject
    WebhookStore store;

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Per path, the answers to give before the default 204: {status, Retry-After seconds or -1}. */
    private final Map<String, Queue<int[]>> answers = new java.util.concurrent.ConcurrentHashMap<>();

    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            Queue<int[]> queue = answers.get(exchange.getRequestURI().getPath());
            int[] answer = queue == null ? null : queue.poll();
            int status = answer == null ? 204 : answer[0];
            if (answer != null && answer[1] >= 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        assertThat(TestWebhookNetwork.sockets.violations).as("connections outside loopback").isEmpty();
    }

    @Test
    void anEndpointIsRegisteredListedAndDeletedAndOnlyItsAccountSeesIt() {
        LoopbackBilling.Account account = LoopbackBilling.account(1);
        LoopbackBilling.Account other = LoopbackBilling.account(1);
        Response created = register(account, Map.of("url", hook("/a"), "events", List.of("job.failed")));
        created.then().statusCode(201)
                .body("id", startsWith("we_"))
                .body("url", equalTo(hook("/a")))
                .body("events", equalTo(List.of("job.failed")))
                .body("secret", startsWith("whsec_"))
                .body("disabled_at", nullValue());
        String id = created.path("id");

        given().header("Authorization", account.bearer()).get("/v1/webhooks").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(id))
                .body("data[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("secret")));
        given().header("Authorization", other.bearer()).get("/v1/webhooks/" + id).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().header("Authorization", other.bearer()).delete("/v1/webhooks/" + id).then().statusCode(404);
        given().header("Authorization", other.bearer()).post("/v1/webhooks/" + id + "/rotate-secret").then().statusCode(404);

        given().header("Authorization", account.bearer()).delete("/v1/webhooks/" + id).then().statusCode(204);
        given().header("Authorization", account.bearer()).get("/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void registrationRefusesBadUrlsAndPrivateTargetsWithoutConnecting() {
        LoopbackBilling.Account account = LoopbackBilling.account(1);
        TestWebhookNetwork.resolve("intranet.hooks.test", "10.1.2.3");
        Map<String, String> refusals = Map.of(
                "ftp://example.com/hook", "url must be an http or https URL",
                "http://10.0.0.1/hook", "url resolves to a private or local network address",
                "http://169.254.169.254/latest", "url points to a cloud metadata service",
                "http://intranet.hooks.test/hook", "url resolves to a private or local network address",
                "http://nowhere.hooks.test/hook", "url host could not be resolved",
                "http://user:pw@127.0.0.1/hook", "url must not carry credentials");
        refusals.forEach((url, message) -> register(account, Map.of("url", url)).then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST")).body("error.message", equalTo(message)));
        register(account, Map.of("url", hook("/x"), "events", List.of("job.done"))).then().statusCode(400)
                .body("error.message", containsString("events may hold only job.completed, job.failed"));
        register(account, Map.of("url", hook("/x"), "colour", "red")).then().statusCode(400)
                .body("error.message", containsString("Unknown field colour"));
        assertThat(TestWebhookNetwork.sockets.connects).isEmpty();
    }

    @Test
    void aFinishedJobIsDeliveredSignedWithTheEndpointSecret() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String secret = register(account, Map.of("url", hook("/done"))).path("secret");

        String jobId = upload(account).then().statusCode(200).extract().path("id");

        Received delivery = next();
        assertThat(delivery.path()).isEqualTo("/done");
        assertSigned(delivery, secret);
        JsonNode body = delivery.json();
        assertThat(body.get("type").asText()).isEqualTo("job.completed");
        assertThat(body.get("data").get("id").asText()).isEqualTo(jobId);
        assertThat(body.get("data").get("status").asText()).isEqualTo("completed");
        assertThat(body.get("data").get("result_url").asText()).startsWith("http");
        assertThat(body.get("data").get("credits_remaining").asLong()).isEqualTo(4);
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        assertNothingMore();
    }

    @Test
    void aFailedJobGoesOnlyToEndpointsThatAskedForFailures() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.FAIL);
        register(account, Map.of("url", hook("/completed-only"), "events", List.of("job.completed")));
        String secret = register(account, Map.of("url", hook("/failed"), "events", List.of("job.failed"))).path("secret");

        String jobId = upload(account).then().statusCode(200).extract().path("id");

        Received delivery = next();
        assertThat(delivery.path()).isEqualTo("/failed");
        assertSigned(delivery, secret);
        assertThat(delivery.json().get("type").asText()).isEqualTo("job.failed");
        assertThat(delivery.json().get("data").get("id").asText()).isEqualTo(jobId);
        assertThat(delivery.json().get("data").get("credits_used").asInt()).isZero();
        assertThat(delivery.json().get("data").get("credits_remaining").asLong()).isEqualTo(5); // refund included
        assertNothingMore();
    }

    @Test
    void aBusyEndpointIsRetriedAfterItsRetryAfterWithTheSameIdAndTheAttemptsAreReadable() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String id = register(account, Map.of("url", hook("/busy"))).path("id");
        answer("/busy", 503, 2);
        answer("/busy", 500, -1);

        upload(account).then().statusCode(200);

        Received first = next();
        Received second = next();
        Received third = next();
        assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id")).isEqualTo(third.header("webhook-id"));
        long waited = Long.parseLong(second.header("webhook-timestamp")) - Long.parseLong(first.header("webhook-timestamp"));
        assertThat(waited).as("seconds between the 503 and the retry (Retry-After: 2)").isGreaterThanOrEqualTo(2);

        // The receiver answered before the attempt was recorded: wait for the record.
        JsonNode attempts = awaitAttempts(account, id, 3);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(204);
        assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(3);
        assertThat(attempts.get(0).get("error").isNull()).isTrue();
        assertThat(attempts.get(1).get("status_code").asInt()).isEqualTo(500);
        assertThat(attempts.get(2).get("status_code").asInt()).isEqualTo(503);
        assertThat(attempts.get(2).get("error").asText()).isEqualTo("HTTP 503");
        assertThat(attempts.get(2).get("webhook_id").asText()).isEqualTo(first.header("webhook-id"));
    }

    @Test
    void goneDisablesTheEndpointAndReplaySendsTheSameMessageAgain() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String kept = register(account, Map.of("url", hook("/kept"))).path("id");
        String gone = register(account, Map.of("url", hook("/gone"))).path("id");
        answer("/gone", 410, -1);

        upload(account).then().statusCode(200);
        Received first = next();
        Received second = next();
        Received delivered = first.path().equals("/kept") ? first : second;
        assertThat(Set.of(first.path(), second.path())).containsExactlyInAnyOrder("/kept", "/gone");
        awaitAttempts(account, gone, 1);
        given().header("Authorization", account.bearer()).get("/v1/webhooks/" + gone).then()
                .body("disabled_at", org.hamcrest.Matchers.notNullValue())
                .body("disabled_reason", equalTo("the endpoint answered 410 Gone"));
        given().header("Authorization", account.bearer()).get("/v1/webhooks/" + kept).then()
                .body("disabled_at", nullValue());

        String webhookId = delivered.header("webhook-id");
        given().header("Authorization", account.bearer())
                .post("/v1/webhooks/" + kept + "/deliveries/" + webhookId + "/replay")
                .then().statusCode(202).body("webhook_id", equalTo(webhookId)).body("state", equalTo("pending"));
        Received replayed = next();
        assertThat(replayed.path()).isEqualTo("/kept");
        assertThat(replayed.header("webhook-id")).isEqualTo(webhookId);
        assertThat(awaitAttempts(account, kept, 2)).hasSize(2);

        given().header("Authorization", account.bearer())
                .post("/v1/webhooks/" + gone + "/deliveries/" + webhookId + "/replay")
                .then().statusCode(400).body("error.message", containsString("disabled"));
        given().header("Authorization", account.bearer())
                .post("/v1/webhooks/" + kept + "/deliveries/msg_" + "0".repeat(32) + "/replay")
                .then().statusCode(404);
        assertNothingMore();
    }

    @Test
    void duringARotationBothSecretsSign() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        Response created = register(account, Map.of("url", hook("/rotating")));
        String old = created.path("secret");
        Response rotated = given().header("Authorization", account.bearer())
                .post("/v1/webhooks/" + created.path("id") + "/rotate-secret");
        rotated.then().statusCode(200).body("secret", startsWith("whsec_"))
                .body("previous_secret_expires_at", org.hamcrest.Matchers.notNullValue());
        String current = rotated.path("secret");
        assertThat(current).isNotEqualTo(old);

        upload(account).then().statusCode(200);

        Received delivery = next();
        assertSigned(delivery, current);
        assertSigned(delivery, old);
        assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
    }

    @Test
    void aRequestsOwnWebhookUrlNeedsTheRequestSecretAndIsSignedWithIt() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("image_url", "https://example.com/a.jpg", "webhook_url", hook("/own")))
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", containsString("POST /v1/webhooks/request-secret"));
        given().header("Authorization", account.bearer()).multiPart("file", "a.png", PNG, "image/png")
                .multiPart("webhook_url", "http://10.9.8.7/own")
                .post("/v1/remove-background").then().statusCode(400)
                .body("error.message", equalTo("webhook_url resolves to a private or local network address"));
        assertThat(account.reservations()).isZero();

        String secret = given().header("Authorization", account.bearer()).post("/v1/webhooks/request-secret")
                .then().statusCode(200).body("previous_secret_expires_at", nullValue()).extract().path("secret");
        String jobId = given().header("Authorization", account.bearer()).multiPart("file", "a.png", PNG, "image/png")
                .multiPart("webhook_url", hook("/own"))
                .post("/v1/remove-background").then().statusCode(200).extract().path("id");

        Received delivery = next();
        assertThat(delivery.path()).isEqualTo("/own");
        assertSigned(delivery, secret);
        assertThat(delivery.json().get("data").get("id").asText()).isEqualTo(jobId);
        assertNothingMore();
    }

    @Test
    void aTargetWhoseNameNowResolvesToAPrivateAddressIsNotContacted() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".hooks.test";
        TestWebhookNetwork.resolve(host, "127.0.0.1");
        String id = register(account, Map.of("url", "http://" + host + ":" + receiver.getAddress().getPort() + "/r"))
                .then().statusCode(201).extract().path("id");
        TestWebhookNetwork.resolve(host, "10.20.30.40");

        upload(account).then().statusCode(200);

        JsonNode attempts = awaitAttempts(account, id, 1);
        assertThat(attempts.get(0).get("status_code").isNull()).isTrue();
        assertThat(attempts.get(0).get("error").asText()).isEqualTo("url resolves to a private or local network address");
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void twoReplicasClaimingAtOnceNeverTakeTheSameDelivery() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        String endpoint = register(account, Map.of("url", hook("/claims"))).path("id");
        Set<String> queued = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String jobId = JobIds.newId();
            GatewayDb.insertJob(jobId, account.id, "completed", Instant.now());
            queued.add(GatewayDb.insertWebhookDelivery(account.id, jobId, endpoint, hook("/claims")));
        }
        List<List<WebhookStore.Due>> claims = Uni.combine().all()
                .unis(store.claim(Duration.ofSeconds(60), 40), store.claim(Duration.ofSeconds(60), 40))
                .asTuple().map(both -> List.of(both.getItem1(), both.getItem2()))
                .await().atMost(Duration.ofSeconds(10));
        Set<String> first = new HashSet<>();
        claims.get(0).forEach(due -> first.add(due.id()));
        claims.get(1).forEach(due -> assertThat(first).as("claimed twice").doesNotContain(due.id()));
        assertThat(first.size() + claims.get(1).size()).isPositive();
        claims.forEach(claim -> claim.forEach(due -> assertThat(queued).contains(due.id())));
    }

    @Test
    void signingSecretsNeverReachTheLogs() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            LoopbackBilling.Account account = LoopbackBilling.account(5);
            TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
            Response created = register(account, Map.of("url", hook("/logged")));
            String rotated = given().header("Authorization", account.bearer())
                    .post("/v1/webhooks/" + created.path("id") + "/rotate-secret").path("secret");
            String request = given().header("Authorization", account.bearer()).post("/v1/webhooks/request-secret")
                    .path("secret");
            answer("/logged", 410, -1); // logged as a warning, naming the endpoint
            upload(account).then().statusCode(200);
            next();
            awaitAttempts(account, created.path("id"), 1);
            for (String secret : List.of(created.<String>path("secret"), rotated, request)) {
                String key = secret.substring("whsec_".length());
                assertThat(lines).as("log lines").noneMatch(line -> line.contains(key));
            }
            assertThat(lines).noneMatch(line -> line.contains("whsec_"));
            assertThat(lines).as("the capture works: the endpoint's disabling was logged")
                    .anyMatch(line -> line.contains(created.<String>path("id")) && line.contains("410 Gone"));
        } finally {
            root.removeHandler(capture);
        }
    }

    private void answer(String path, int status, int retryAfterSeconds) {
        answers.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new int[] {status, retryAfterSeconds});
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static Response register(LoopbackBilling.Account account, Map<String, ?> body) {
        return given().header("Authorization", account.bearer()).contentType("application/json").body(body)
                .post("/v1/webhooks");
    }

    private static Response upload(LoopbackBilling.Account account) {
        return given().header("Authorization", account.bearer()).multiPart("file", "a.png", PNG, "image/png")
                .post("/v1/remove-background");
    }

    private static JsonNode attempts(LoopbackBilling.Account account, String endpointId) throws IOException {
        String body = given().header("Authorization", account.bearer()).get("/v1/webhooks/" + endpointId + "/attempts")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(body).get("data");
    }

    private static JsonNode awaitAttempts(LoopbackBilling.Account account, String endpointId, int count)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode attempts = attempts(account, endpointId);
        while (attempts.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            attempts = attempts(account, endpointId);
        }
        assertThat(attempts.size()).isGreaterThanOrEqualTo(count);
        return attempts;
    }

    private Received next() throws InterruptedException {
        Received delivery = received.poll(15, TimeUnit.SECONDS);
        assertThat(delivery).as("a delivery within 15 s").isNotNull();
        return delivery;
    }

    private void assertNothingMore() throws InterruptedException {
        assertThat(received.poll(700, TimeUnit.MILLISECONDS)).as("a second delivery").isNull();
    }

    /** Verifies as a receiver would: one of the signatures is the HMAC of id.timestamp.body under the secret. */
    private static void assertSigned(Received delivery, String secret) {
        String expected = Signatures.sign(secret, delivery.header("webhook-id"),
                Long.parseLong(delivery.header("webhook-timestamp")), delivery.body());
        assertThat(delivery.header("webhook-id")).matches("msg_[0-9a-f]{32}");
        assertThat(List.of(delivery.header("webhook-signature").split(" "))).contains(expected);
    }
}
