package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remove.bg-compatible API on the running platform, driven as remove.bg's clients drive it: X-Api-Key, the image as
 * a file, base64 or a URL, the answer as an image or JSON, remove.bg's headers and errors; hostile values.
 */
@ExtendWith(Platform.class)
class RemoveBgIT {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static HttpServer images;
    private static Accounts.Account account;

    @BeforeAll
    static void setUp() throws IOException {
        account = Accounts.create("pro");
        byte[] subject = TestImages.jpeg(TestImages.subjectOnBackdrop(WIDTH, HEIGHT));
        BufferedImage red = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = red.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 24);
        g.dispose();
        byte[] backdrop = TestImages.png(red);
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/subject.jpg", exchange -> respond(exchange, "image/jpeg", subject));
        images.createContext("/red.png", exchange -> respond(exchange, "image/png", backdrop));
        // A few bytes that declare 8000 x 5000 pixels: 40 MP, refused from the header.
        images.createContext("/huge.png", exchange -> respond(exchange, "image/png", pngHeader(8000, 5000)));
        images.start();
    }

    @AfterAll
    static void tearDown() {
        images.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + path;
    }

    private static String removebg() {
        return Platform.get().apiUrl() + "/v1.0/removebg";
    }

    private static HttpRequest.Builder request(String url, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(java.time.Duration.ofSeconds(90));
        return apiKey == null ? request : request.header("X-Api-Key", apiKey);
    }

    private static Http.Response form(String apiKey, String accept, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = request(removebg(), apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return Http.send(request.build());
    }

    private static long credits(Accounts.Account owner) {
        Http.Response account = Http.send(request(Platform.get().apiUrl() + "/v1.0/account", owner.key()).GET().build());
        assertThat(account.status()).isEqualTo(200);
        return account.json().at("/data/attributes/credits/total").asLong();
    }

    @Test
    void anUploadIsAnsweredWithTheCutOutAndRemoveBgsHeaders() {
        Http.Response response = Http.send(Http.multipart(request(removebg(), account.key()),
                new Http.Part("image_file", "photo.jpg", "image/jpeg",
                        TestImages.jpeg(TestImages.subjectOnBackdrop(WIDTH, HEIGHT))),
                Http.Part.text("size", "full")).build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("image/png");
        TestImages.assertCutOut(response.bytes(), WIDTH, HEIGHT);
        assertThat(response.header("X-Width")).isEqualTo("640");
        assertThat(response.header("X-Height")).isEqualTo("480");
        assertThat(response.header("X-Credits-Charged")).isEqualTo("1");
        assertThat(response.header("X-Type")).isEqualTo("other");
        // The subject is an ellipse of half the width and 60 % of the height, centred.
        assertThat(Integer.parseInt(response.header("X-Foreground-Left"))).isBetween(150, 170);
        assertThat(Integer.parseInt(response.header("X-Foreground-Width"))).isBetween(300, 340);
        assertThat(Integer.parseInt(response.header("X-Foreground-Top"))).isBetween(86, 106);
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("120");
        assertThat(response.header("X-RateLimit-Remaining")).isNotNull();
        assertThat(response.header("X-RateLimit-Reset")).isNotNull();
        // An ordinary job, in the job list of the /v1 API.
        Http.Response job = Http.get(Platform.get().apiUrl() + "/v1/jobs/" + response.header("X-Job-Id"),
                account.key());
        assertThat(job.json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void base64AsJsonWithAJsonAnswerInRemoveBgsZip() throws IOException {
        String base64 = Base64.getEncoder().encodeToString(TestImages.png(TestImages.subjectOnBackdrop(WIDTH, HEIGHT)));
        Http.Response response = Http.send(request(removebg(), account.key())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(
                        Map.of("image_file_b64", base64, "format", "zip", "size", "preview")))).build());
        assertThat(response.status()).as(new String(response.bytes(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode data = response.json().get("data");
        assertThat(data.get("foreground_width").asInt()).isPositive();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(data.get("result_b64").asText())))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("color.jpg", "alpha.png");
        BufferedImage colour = TestImages.decode(entries.get("color.jpg"));
        BufferedImage alpha = TestImages.decode(entries.get("alpha.png"));
        assertThat((long) colour.getWidth() * colour.getHeight()).isLessThanOrEqualTo(250_000);
        assertThat(alpha.getWidth()).isEqualTo(colour.getWidth());
        assertThat(alpha.getRaster().getSample(alpha.getWidth() / 2, alpha.getHeight() / 2, 0)).isGreaterThan(200);
        assertThat(alpha.getRaster().getSample(2, 2, 0)).isLessThan(60);
    }

    @Test
    void aUrlOnABackgroundImageComesBackAsJpegByAuto() {
        Http.Response response = form(account.key(), null, Map.of("image_url", url("/subject.jpg"),
                "bg_image_url", url("/red.png"), "size", "medium"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage jpeg = TestImages.decode(response.bytes());
        int corner = jpeg.getRGB(3, 3);
        assertThat(corner >> 16 & 0xFF).isGreaterThan(220);
        assertThat(corner >> 8 & 0xFF).isLessThan(40);
    }

    @Test
    void aRegionOfInterestAndAScaledCentredSubject() {
        Map<String, String> fields = new HashMap<>(Map.of("image_url", url("/subject.jpg"), "size", "full",
                "roi", "0% 0% 50% 100%", "crop", "true"));
        Http.Response half = form(account.key(), null, fields);
        assertThat(half.status()).isEqualTo(200);
        assertThat(Integer.parseInt(half.header("X-Width"))).as("the subject's left half").isBetween(140, 185);

        Http.Response scaled = form(account.key(), null, Map.of("image_url", url("/subject.jpg"), "size", "full",
                "scale", "50%", "position", "center"));
        assertThat(scaled.status()).isEqualTo(200);
        // The subject's box (60 % of the height) is scaled to half of it: 240 px, centred.
        assertThat(Integer.parseInt(scaled.header("X-Foreground-Height"))).isBetween(230, 250);
        assertThat(Integer.parseInt(scaled.header("X-Foreground-Top"))).isBetween(110, 130);
    }

    @Test
    void hostileValuesGetClearErrorsOrFailedJobsWithTheirCreditBack() {
        long before = credits(account);
        Http.Response margin = form(account.key(), null, Map.of("image_url", url("/subject.jpg"), "crop", "true",
                "crop_margin", "100000px"));
        assertError(margin, 400, "invalid_parameters");

        Http.Response huge = form(account.key(), null, Map.of("image_url", url("/subject.jpg"),
                "bg_image_url", url("/huge.png")));
        assertError(huge, 400, "unprocessable_image");
        assertThat(huge.json().at("/errors/0/detail").asText()).startsWith("bg_image_url: Image is too large");
        assertThat(huge.header("X-Credits-Charged")).isEqualTo("0");

        // A private address is refused by the worker's SSRF rules before any connection.
        Http.Response internal = form(account.key(), null, Map.of("image_url", url("/subject.jpg"),
                "bg_image_url", "http://10.0.0.1/bg.png"));
        assertError(internal, 400, "unprocessable_image");
        assertThat(internal.json().at("/errors/0/detail").asText()).startsWith("bg_image_url");

        Http.Response outside = form(account.key(), null, Map.of("image_url", url("/subject.jpg"),
                "roi", "700px 0px 800px 10px"));
        assertError(outside, 400, "unprocessable_image");
        assertThat(outside.json().at("/errors/0/detail").asText()).contains("holds no pixel");
        assertThat(credits(account)).as("refused and failed requests cost nothing").isEqualTo(before);

        BufferedImage dot = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Http.Response tiny = Http.send(Http.multipart(request(removebg(), account.key()),
                new Http.Part("image_file", "dot.png", "image/png", TestImages.png(dot)),
                Http.Part.text("size", "hd")).build());
        assertThat(tiny.status()).isEqualTo(200);
        assertThat(tiny.header("X-Width")).as("never scaled up").isEqualTo("1");
    }

    @Test
    void authCreditsSourcesAndRateLimitsAnswerInRemoveBgsShape() {
        assertError(form("pk_live_notavalidkey", null, Map.of("image_url", url("/subject.jpg"))), 403, "auth_failed");
        assertError(form(null, null, Map.of("image_url", url("/subject.jpg"))), 403, "auth_failed");
        assertError(form(account.key(), null, Map.of("size", "full")), 400, "missing_source");
        assertError(form(account.key(), null, Map.of("image_url", url("/subject.jpg"), "image_file_b64", "AAAA")),
                400, "multiple_sources");
        assertError(form(Accounts.create("payg").key(), null, Map.of("image_url", url("/subject.jpg"))), 402,
                "insufficient_credits");
        Accounts.Account free = Accounts.create("free");
        Http.Response last = null;
        for (int i = 0; i < 11; i++) {
            last = Http.send(request(Platform.get().apiUrl() + "/v1.0/account", free.key()).GET().build());
        }
        assertError(last, 429, "rate_limit_exceeded");
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.header("X-RateLimit-Limit")).isEqualTo("10");
    }

    private static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        JsonNode error = response.json().at("/errors/0");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("title").asText()).isNotBlank();
        assertThat(error.get("detail").asText()).isNotBlank();
    }

    /** A PNG signature and header chunk only: what a decompression bomb's first bytes look like. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes(StandardCharsets.US_ASCII));
        crc.update(header.array());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        png.writeBytes("IHDR".getBytes(StandardCharsets.US_ASCII));
        png.writeBytes(header.array());
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return png.toByteArray();
    }
}
