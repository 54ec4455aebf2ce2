package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The main flow, end to end: uploads and URLs in, signed RGBA PNG links out, credits exact. */
@ExtendWith(Platform.class)
class RemoveBackgroundIT {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static HttpServer imageServer;
    private static Accounts.Account account;

    @BeforeAll
    static void setUp() throws IOException {
        account = Accounts.create("pro");
        BufferedImage image = TestImages.subjectOnBackdrop(WIDTH, HEIGHT);
        byte[] jpeg = TestImages.jpeg(image);
        imageServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imageServer.createContext("/subject.jpg", exchange -> respond(exchange, 200, "image/jpeg", jpeg));
        imageServer.createContext("/not-an-image.jpg", exchange ->
                respond(exchange, 200, "image/jpeg", "<html>hello</html>".getBytes()));
        imageServer.createContext("/missing.jpg", exchange -> respond(exchange, 404, "text/plain", new byte[0]));
        imageServer.start();
    }

    @AfterAll
    static void tearDown() {
        imageServer.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String imageUrl(String path) {
        return "http://127.0.0.1:" + imageServer.getAddress().getPort() + path;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "webp"})
    void anUploadCompletesWithASignedLinkToACutOut(String format) {
        BufferedImage image = TestImages.subjectOnBackdrop(WIDTH, HEIGHT);
        byte[] bytes = switch (format) {
            case "jpeg" -> TestImages.jpeg(image);
            case "png" -> TestImages.png(image);
            default -> TestImages.webp(image);
        };
        // The declared type is deliberately generic: the service must decide by the bytes.
        Http.Response response = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                Http.Part.file("photo." + format, "application/octet-stream", bytes));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode job = response.json();
        Jobs.assertShape(job);
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("120");
        assertThat(response.header("X-RateLimit-Remaining")).isNotNull();

        Http.Response result = Http.get(job.get("result_url").asText(), null);
        assertThat(result.status()).isEqualTo(200);
        TestImages.assertCutOut(result.bytes(), WIDTH, HEIGHT);

        Http.Response polled = Http.get(Platform.get().apiUrl() + "/v1/jobs/" + job.get("id").asText(), account.key());
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.json().get("status").asText()).isEqualTo("completed");
        assertThat(polled.json().get("result_url").asText()).isNotBlank();
    }

    @Test
    void aResultLinkIsSignedAndCannotBeTamperedWith() {
        Http.Response response = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                Http.Part.file("a.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(320, 240))));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        String url = response.json().get("result_url").asText();
        assertThat(url).contains("X-Amz-Signature=").contains("X-Amz-Expires=3600");
        int signature = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(signature) == '0' ? '1' : '0'; // a different hex digit, always
        String tampered = url.substring(0, signature) + flipped + url.substring(signature + 1);
        assertThat(tampered).isNotEqualTo(url);
        assertThat(Http.get(tampered, null).status()).isEqualTo(403);
        String unsigned = url.substring(0, url.indexOf('?'));
        assertThat(Http.get(unsigned, null).status()).isEqualTo(403);
    }

    @Test
    void anImageUrlCompletes() {
        Http.Response response = Http.postJson(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                Map.of("image_url", imageUrl("/subject.jpg")));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode job = response.json();
        Jobs.assertShape(job);
        assertThat(job.get("status").asText()).isEqualTo("completed");
        TestImages.assertCutOut(Http.get(job.get("result_url").asText(), null).bytes(), WIDTH, HEIGHT);
    }

    @Test
    void unreachableAndUnsupportedUrlsFailAndGiveTheCreditBack() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Accounts.Account payg = Accounts.create("payg");
        Accounts.addCredits(payg.id(), 5);
        for (String url : new String[] {"http://127.0.0.1:" + closedPort + "/x.jpg", imageUrl("/not-an-image.jpg"),
                imageUrl("/missing.jpg")}) {
            Http.Response response = Http.postJson(Platform.get().apiUrl() + "/v1/remove-background", payg.key(),
                    Map.of("image_url", url));
            assertThat(response.status()).as(response.text()).isIn(200, 202);
            JsonNode job = Jobs.awaitTerminal(Platform.get().apiUrl(), payg.key(), response.json().get("id").asText(),
                    Duration.ofSeconds(60));
            assertThat(job.get("status").asText()).as(url).isEqualTo("failed");
            assertThat(job.get("error").asText()).isNotBlank();
            assertThat(job.get("credits_used").asInt()).isZero();
        }
        awaitCredits(payg.key(), 5);
    }

    @Test
    void aJobSlowerThanTheWaitWindowIsAnswered202AndCanBePolledToCompletion() {
        Accounts.Account pro = Accounts.create("pro");
        int width = 3000;
        int height = 2000;
        Http.Response response = Http.postMultipart(Platform.get().shortWaitApiUrl() + "/v1/remove-background",
                pro.key(), Http.Part.file("big.jpg", "image/jpeg",
                        TestImages.jpeg(TestImages.subjectOnBackdrop(width, height))));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode accepted = response.json();
        Jobs.assertShape(accepted);
        assertThat(accepted.get("status").asText()).isIn("pending", "processing");
        assertThat(accepted.get("credits_used").asInt()).isEqualTo(1);

        JsonNode job = Jobs.awaitTerminal(Platform.get().apiUrl(), pro.key(), accepted.get("id").asText(),
                Duration.ofSeconds(90));
        assertThat(job.get("status").asText()).isEqualTo("completed");
        TestImages.assertCutOut(Http.get(job.get("result_url").asText(), null).bytes(), width, height);
    }

    static void awaitCredits(String key, int expected) {
        long remaining = -2;
        for (int i = 0; i < 50; i++) {
            remaining = Http.get(Platform.get().apiUrl() + "/v1/account", key).json().get("credits_remaining").asLong();
            if (remaining == expected) {
                return;
            }
            Jobs.sleep(200);
        }
        assertThat(remaining).as("credits_remaining").isEqualTo(expected);
    }
}
