package dev.poofbg.gateway.removal;

import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.RawHttp;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Every refused input gets the contract's 400 and costs nothing: no reservation, no job. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class UploadValidationTest {

    private static final java.time.Instant STARTED = java.time.Instant.now().minusSeconds(1);

    @TestHTTPResource("/")
    URL base;

    private LoopbackBilling.Account account;

    @BeforeEach
    void account() {
        account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
    }

    /** A refusal of a caller with a valid key: the contract's body, and the caller's window like every answer. */
    private ValidatableResponse refused(ValidatableResponse response, String code) {
        response.statusCode(400).contentType(ContentType.JSON).body("error.code", equalTo(code))
                .header("X-RateLimit-Limit", notNullValue()).header("X-RateLimit-Remaining", notNullValue());
        assertThat(account.reservations()).as("credits reserved for a refused input").isZero();
        return response;
    }

    @Test
    void missingFileField() {
        refused(upload("image", "a.png", TestImages.png(8, 8)), "INVALID_REQUEST")
                .body("error.message", containsString("file"));
    }

    @Test
    void textFieldNamedFileIsNotAFile() {
        refused(given().header("Authorization", account.bearer())
                .multiPart("file", "not a file")
                .post("/v1/remove-background").then(), "INVALID_REQUEST");
    }

    @Test
    void fileFieldWithoutFilenameLargerThanAFormFieldIsNotTooLarge() {
        refused(given().header("Authorization", account.bearer())
                .multiPart("file", "x".repeat(50_000))
                .post("/v1/remove-background").then(), "INVALID_REQUEST")
                .body("error.message", containsString("filename"));
    }

    @Test
    void thousandsOfFormFieldsAreAnInvalidRequest() {
        var request = given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(8, 8), "image/png");
        for (int i = 0; i < 1500; i++) {
            request = request.multiPart("f" + i, "x");
        }
        refused(request.post("/v1/remove-background").then(), "INVALID_REQUEST");
    }

    @Test
    void twoFiles() {
        refused(given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(8, 8), "image/png")
                .multiPart("file", "b.png", TestImages.png(8, 8), "image/png")
                .post("/v1/remove-background").then(), "INVALID_REQUEST");
    }

    @Test
    void emptyFile() {
        refused(upload("file", "a.png", new byte[0]), "INVALID_REQUEST")
                .body("error.message", containsString("empty"));
    }

    @Test
    void typeIsDecidedByContentNotByTheDeclaredContentType() {
        refused(upload("file", "a.png", "GIF89a this is not a supported image".getBytes(StandardCharsets.US_ASCII)),
                "INVALID_IMAGE_TYPE");
    }

    @Test
    void truncatedHeader() {
        byte[] truncated = java.util.Arrays.copyOf(TestImages.png(8, 8), 14);
        refused(upload("file", "a.png", truncated), "INVALID_REQUEST");
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        refused(upload("file", "bomb.png", TestImages.pngHeader(30_000, 30_000)), "INVALID_REQUEST")
                .body("error.message", containsString("30000x30000"));
    }

    @Test
    void stripWithinThePixelLimitIsRefusedForItsLength() {
        refused(upload("file", "strip.png", TestImages.pngHeader(1, 10_000_000)), "INVALID_REQUEST")
                .body("error.message", containsString("32768"));
    }

    @Test
    void fileJustOverTenMegabytes() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(TestImages.png(8, 8), 0, big, 0, 16);
        refused(upload("file", "big.png", big), "FILE_TOO_LARGE");
    }

    @Test
    void declaredHugeBodyIsRefusedBeforeItIsRead() throws Exception {
        long size = 2L * 1024 * 1024 * 1024; // 2 GB declared; the server must answer without reading it
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + size + "\r\n\r\n",
                size, false);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"FILE_TOO_LARGE\"");
        assertThat(answer.head()).containsIgnoringCase("X-RateLimit-Limit: ").containsIgnoringCase("X-RateLimit-Remaining: ");
        assertThat(account.reservations()).isZero();
    }

    @Test
    void declaredHugeBodyWithoutAKeyIsUnauthorized() throws Exception {
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 99999999999\r\n\r\n",
                99_999_999_999L, false);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("\"UNAUTHORIZED\"");
    }

    @Test
    void endlessChunkedUploadIsCutOff() throws Exception {
        long size = 200L * 1024 * 1024;
        byte[] part = ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n",
                part, size, true);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"FILE_TOO_LARGE\"");
        assertThat(answer.bodyBytesSent()).as("bytes the server took before answering").isLessThan(size);
        assertThat(account.reservations()).isZero();
    }

    @Test
    void endlessChunkedGarbageIsRefused() throws Exception {
        long size = 200L * 1024 * 1024;
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n",
                size, true);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).containsAnyOf("\"FILE_TOO_LARGE\"", "\"INVALID_REQUEST\"");
        assertThat(account.reservations()).isZero();
    }

    @Test
    void endlessChunkedJsonIsCutOff() throws Exception {
        long size = 200L * 1024 * 1024;
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                "{\"image_url\":\"https://example.com/".getBytes(StandardCharsets.US_ASCII), size, true);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"INVALID_REQUEST\"").contains("64 KB");
        assertThat(answer.head()).containsIgnoringCase("X-RateLimit-Limit: ").containsIgnoringCase("X-RateLimit-Remaining: ");
        assertThat(answer.bodyBytesSent()).isLessThan(size);
        assertThat(account.reservations()).isZero();
    }

    @Test
    void oversizedJsonWithContentLength() {
        refused(json("{\"image_url\":\"https://example.com/a.jpg\",\"pad\":\"" + "x".repeat(100_000) + "\"}"),
                "INVALID_REQUEST").body("error.message", containsString("64 KB"));
    }

    @Test
    void uploadTempFileIsDeletedOnceStoredNotWhenTheWaitEnds() throws Exception {
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE); // the request waits its whole window
        java.util.concurrent.CompletableFuture<Integer> answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> upload("file", "a.png", TestImages.png(64, 64)).extract().statusCode());
        long deadline = System.currentTimeMillis() + 10_000;
        while (account.reservations() == 0 && System.currentTimeMillis() < deadline && sleep()) {
            // the upload has been validated once its credit is reserved
        }
        while (uploadsLeft() > 0 && System.currentTimeMillis() < deadline && sleep()) {
            // stored in object storage, then deleted
        }
        assertThat(uploadsLeft()).isZero();
        assertThat(answer).as("the request is still waiting for its job").isNotDone();
        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(202);
    }

    /** Upload temp files written since this test class started (an earlier, killed process may have left others). */
    private static long uploadsLeft() throws java.io.IOException {
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "poofbg-uploads");
        try (Stream<Path> files = Files.exists(uploads) ? Files.list(uploads) : Stream.empty()) {
            return files.filter(file -> {
                try {
                    return !Files.getLastModifiedTime(file).toInstant().isBefore(STARTED);
                } catch (java.io.IOException gone) {
                    return false; // deleted while listing
                }
            }).count();
        }
    }

    @Test
    void uploadTempFilesAreDeleted() throws Exception {
        given().header("Authorization", account.bearer())
                .multiPart("file", "a.txt", "plain text".getBytes(StandardCharsets.US_ASCII), "text/plain")
                .post("/v1/remove-background").then().statusCode(400);
        upload("file", "a.png", TestImages.png(16, 16)).statusCode(200);
        long deadline = System.currentTimeMillis() + 5000;
        long left;
        do {
            left = uploadsLeft();
        } while (left > 0 && System.currentTimeMillis() < deadline && sleep());
        assertThat(left).as("upload temp files left").isZero();
    }

    private static boolean sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Test
    void jsonWithoutImageUrl() {
        refused(json("{\"url\":\"https://example.com/a.jpg\"}"), "INVALID_REQUEST")
                .body("error.message", containsString("image_url"));
    }

    @Test
    void jsonImageUrlNotAString() {
        refused(json("{\"image_url\":42}"), "INVALID_REQUEST");
    }

    @Test
    void jsonMalformed() {
        refused(json("{\"image_url\":"), "INVALID_REQUEST");
        refused(json("{\"image_url\":\"https://example.com/a.jpg\"} trailing"), "INVALID_REQUEST");
        refused(json("[\"https://example.com/a.jpg\"]"), "INVALID_REQUEST");
        refused(json(""), "INVALID_REQUEST");
    }

    @Test
    void jsonUrlSchemes() {
        refused(json("{\"image_url\":\"ftp://example.com/a.jpg\"}"), "INVALID_REQUEST");
        refused(json("{\"image_url\":\"file:///etc/passwd\"}"), "INVALID_REQUEST");
        refused(json("{\"image_url\":\"javascript:alert(1)\"}"), "INVALID_REQUEST");
        refused(json("{\"image_url\":\"not a url\"}"), "INVALID_REQUEST");
        refused(json("{\"image_url\":\"https://user:secret@example.com/a.jpg\"}"), "INVALID_REQUEST");
    }

    @Test
    void jsonUrlHostsTheWorkerCanFetchAreAccepted() {
        refused(json("{\"image_url\":\"http:///\"}"), "INVALID_REQUEST");
        TestWorker.behave(account.id, TestWorker.Behaviour.FAIL); // nothing is fetched here
        for (String url : new String[] {"http://my_bucket.example.invalid/a.jpg", "http://bücher.invalid/a.jpg"}) {
            json("{\"image_url\":\"" + url + "\"}").statusCode(200).body("status", equalTo("failed"));
        }
    }

    @Test
    void jsonUrlWithALoneSurrogateIsInvalidNotAnOutage() {
        refused(given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"image_url\": \"http://127.0.0.1/a.jpg?q=\\ud800\"}")
                .post("/v1/remove-background").then(), "INVALID_REQUEST");
    }

    @Test
    void jsonUrlTooLong() {
        refused(json("{\"image_url\":\"https://example.com/" + "a".repeat(2100) + "\"}"), "INVALID_REQUEST")
                .body("error.message", containsString("2048"));
    }

    /** POSTs one file part, declared image/png whatever it holds. */
    private ValidatableResponse upload(String field, String filename, byte[] content) {
        return given().header("Authorization", account.bearer())
                .multiPart(field, filename, content, "image/png")
                .post("/v1/remove-background").then();
    }

    private ValidatableResponse json(String body) {
        return given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/remove-background").then();
    }
}
