package dev.poofbg.gateway.errors;

import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.RawHttp;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a hostile or broken client sends: never a 5xx, never a path past the API's prefix, nothing charged
 * for a request that is refused, the contract's error shape wherever the server can still answer.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class HostileRequestsTest {

    @TestHTTPResource("/")
    URL base;

    private LoopbackBilling.Account account;

    @BeforeEach
    void account() {
        account = LoopbackBilling.account(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/%2e%2e/q/metrics", "/v1/%2E%2E/q/health", "/v1/../q/metrics", "/v1/./../q/health/live",
            "/v1/.%2e/q/metrics", "/v1/%2e./q/metrics", "/v1/..%2fq/metrics", "/v1/%2e%2e%2fq%2fmetrics",
            "/v1/jobs/..%5c..%5cq/metrics", "/v1/jobs/%00", "/v1%2f..%2fq/metrics"})
    void encodedAndPlainTraversalNeverLeavesTheApi(String path) throws Exception {
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0, false);

        assertThat(answer.status()).as(path).isEqualTo(404);
        assertThat(answer.body()).as(path).contains("\"NOT_FOUND\"").doesNotContain("# HELP").doesNotContain("checks");
    }

    /* The HTTP codec refuses a raw backslash in the request line itself (a bare 400, before any route). */
    @Test
    void aRawBackslashNeverReachesARoute() throws Exception {
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "GET /v1/..\\q\\metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0, false);
        assertThat(answer.status()).isIn(400, 404);
        assertThat(answer.body()).doesNotContain("# HELP");
    }

    @Test
    void metricsNameRoutesByTemplateNeverByJobId() {
        String jobId = "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        given().get("/v1/jobs/" + jobId).then().statusCode(401);
        given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId).then().statusCode(404);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(jobId).contains("uri=\"/v1/jobs/{id}\"");
    }

    @Test
    void aPartHeaderLineWithoutAColonIsAMalformedBody() throws Exception {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\r\nb.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nabc\r\n--XyZ--\r\n";
        assertBadRequest(multipart(body));
    }

    @Test
    void aBase64PartWithABadBodyIsAMalformedBody() throws Exception {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64!!!\r\n--XyZ--\r\n";
        for (int i = 0; i < 5; i++) {
            RawHttp.Answer answer = multipart(body);
            assertThat(answer.status()).as("attempt %d", i).isBetween(400, 499);
            assertThat(answer.body()).contains("\"error\"");
        }
        assertThat(account.reservations()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a\\u0000.jpg", "https://exa\\u0000mple.com/a.jpg",
            "http:///x.jpg", "http:x.jpg", "https://example.com/a b.jpg", "https://user@example.com/a.jpg"})
    void aUrlTheWorkerCouldNotUseIsRefusedBeforeAnyCredit(String url) {
        given().header("Authorization", account.bearer()).contentType("application/json")
                .body("{\"image_url\": \"" + url + "\"}")
                .post("/v1/remove-background")
                .then().statusCode(400).body("error.code", org.hamcrest.Matchers.equalTo("INVALID_REQUEST"));
        assertThat(account.reservations()).isZero();
    }

    @Test
    void aBodyWithoutAContentTypeIsAnUnsupportedMediaType() throws Exception {
        String json = "{\"image_url\": \"https://example.com/a.jpg\"}";
        RawHttp.Answer answer = RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Length: " + json.length() + "\r\n\r\n" + json, 0, false);
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body()).contains("\"INVALID_REQUEST\"");
        assertThat(account.reservations()).isZero();
    }

    @Test
    void anH2cUpgradeIsAnsweredAsPlainHttp() throws Exception {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(base.getPort(), "GET /v1/account HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                + "Authorization: " + account.bearer() + "\r\n\r\n", 0, false);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("credits_remaining");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aBadChunkSizeIsAnsweredAndTheConnectionClosed() throws Exception {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(base.getPort(), "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + account.bearer() + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n", 0, false);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.head().toLowerCase()).contains("connection: close");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(account.reservations()).isZero();
    }

    private RawHttp.Answer multipart(String body) throws Exception {
        return RawHttp.send(base.getPort(),
                "POST /v1/remove-background HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + account.bearer()
                        + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body, 0, false);
    }

    private void assertBadRequest(RawHttp.Answer answer) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"INVALID_REQUEST\"");
        assertThat(account.reservations()).isZero();
    }
}
