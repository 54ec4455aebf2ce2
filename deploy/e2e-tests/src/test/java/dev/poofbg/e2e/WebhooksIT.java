package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks on the running platform, verified as a customer's receiver would (HMAC computed here, not by PoofBG's
 * code): a delivery that could not be made survives both gateway replicas being killed and arrives once the
 * receiver is up; a request's own webhook_url is signed with the account's request secret.
 */
@ExtendWith(Platform.class)
class WebhooksIT {

    private HttpServer receiver;
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

    record Delivery(String path, String id, String timestamp, String signature, String body) {
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aDeliveryThatCouldNotBeMadeSurvivesTheGatewaysBeingKilledAndArrivesSigned() throws Exception {
        Accounts.Account account = Accounts.create("pro");
        int port = freePort(); // nothing listens there yet: attempts are refused
        Http.Response registered = Http.postJson(api("/v1/webhooks"), account.key(),
                Map.of("url", "http://127.0.0.1:" + port + "/hook", "events", List.of("job.completed")));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        String endpoint = registered.json().get("id").asText();
        String secret = registered.json().get("secret").asText();

        String jobId = submit(account, null);
        assertThat(Jobs.awaitTerminal(Platform.get().apiUrl(), account.key(), jobId, Duration.ofSeconds(60))
                .get("status").asText()).isEqualTo("completed");
        JsonNode refused = awaitAttempt(account, endpoint, attempt -> !attempt.get("error").isNull());
        assertThat(refused.get("error").asText()).isEqualTo("connection refused");
        assertThat(refused.get("job_id").asText()).isEqualTo(jobId);

        Platform.get().gateway.killAndRestart();
        Platform.get().shortWaitGateway.killAndRestart();
        Platform.get().gateway.awaitReady(Duration.ofMinutes(2));
        Platform.get().shortWaitGateway.awaitReady(Duration.ofMinutes(2));
        startReceiver(port);

        Delivery delivery = received.poll(120, TimeUnit.SECONDS);
        assertThat(delivery).as("the delivery after the restarts").isNotNull();
        assertThat(delivery.path()).isEqualTo("/hook");
        assertThat(delivery.id()).isEqualTo(refused.get("webhook_id").asText());
        assertValid(delivery, secret);
        JsonNode body = Http.JSON.readTree(delivery.body());
        assertThat(body.get("type").asText()).isEqualTo("job.completed");
        assertThat(body.get("data").get("id").asText()).isEqualTo(jobId);
        TestImages.assertCutOut(Http.get(body.get("data").get("result_url").asText(), null).bytes(), 320, 240);
        JsonNode delivered = awaitAttempt(account, endpoint, attempt -> attempt.get("status_code").asInt() == 204);
        assertThat(delivered.get("error").isNull()).isTrue();
        assertThat(received.poll(3, TimeUnit.SECONDS)).as("sent once delivered").isNull();
    }

    @Test
    void aRequestsOwnWebhookUrlIsSignedWithTheRequestSecret() throws Exception {
        Accounts.Account account = Accounts.create("pro");
        int port = freePort();
        startReceiver(port);
        String url = "http://127.0.0.1:" + port + "/own";
        Http.Response refused = submitResponse(account, url);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/message").asText()).contains("POST /v1/webhooks/request-secret");

        Http.Response created = Http.postJson(api("/v1/webhooks/request-secret"), account.key(), "");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String secret = created.json().get("secret").asText();
        String jobId = submit(account, url);

        Delivery delivery = received.poll(60, TimeUnit.SECONDS);
        assertThat(delivery).as("the job's own webhook").isNotNull();
        assertThat(delivery.path()).isEqualTo("/own");
        assertValid(delivery, secret);
        assertThat(Http.JSON.readTree(delivery.body()).at("/data/id").asText()).isEqualTo(jobId);
    }

    private String submit(Accounts.Account account, String webhookUrl) {
        Http.Response response = submitResponse(account, webhookUrl);
        assertThat(response.status()).as(response.text()).isIn(200, 202);
        return response.json().get("id").asText();
    }

    private static Http.Response submitResponse(Accounts.Account account, String webhookUrl) {
        Http.Part file = Http.Part.file("a.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(320, 240)));
        return webhookUrl == null
                ? Http.postMultipart(api("/v1/remove-background"), account.key(), file)
                : Http.postMultipart(api("/v1/remove-background"), account.key(), file,
                new Http.Part("webhook_url", null, null, webhookUrl.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode awaitAttempt(Accounts.Account account, String endpoint,
                                         java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode attempt : Http.get(api("/v1/webhooks/" + endpoint + "/attempts"), account.key()).json().get("data")) {
                if (wanted.test(attempt)) {
                    return attempt;
                }
            }
            Jobs.sleep(200);
        }
        throw new AssertionError("no such attempt of " + endpoint + " within 60 s");
    }

    /** As a receiver checks it: HMAC-SHA256 of id.timestamp.body under the secret's key, and a fresh timestamp. */
    private static void assertValid(Delivery delivery, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (delivery.id() + "." + delivery.timestamp() + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(delivery.signature().split(" "))).contains(expected);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.timestamp()))).isLessThan(300);
    }

    private void startReceiver(int port) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Delivery(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    private static String api(String path) {
        return Platform.get().apiUrl() + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
