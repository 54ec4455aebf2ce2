package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error code of the contract, and framework-level errors, in the contract's JSON shape. */
@ExtendWith(Platform.class)
class ErrorsIT {
    private static Accounts.Account account;
    private static String api;

    @BeforeAll
    static void setUp() {
        account = Accounts.create("pro");
        api = Platform.get().apiUrl();
    }

    static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingMalformedAndUnknownKeysAreUnauthorized() {
        assertError(Http.get(api + "/v1/jobs", null), 401, "UNAUTHORIZED");
        assertError(Http.get(api + "/v1/jobs", "not-a-key"), 401, "UNAUTHORIZED");
        assertError(Http.get(api + "/v1/jobs", "pk_live_" + "a".repeat(40)), 401, "UNAUTHORIZED");
        assertError(Http.send(Http.request(api + "/v1/jobs", null).header("Authorization", "Basic Zm9vOmJhcg==")
                .GET().build()), 401, "UNAUTHORIZED");
    }

    @Test
    void aFreeAccountRunsOutOfCreditsAfterThreeRemovals() {
        Accounts.Account free = Accounts.create("free");
        byte[] png = TestImages.png(TestImages.subjectOnBackdrop(64, 48));
        for (int i = 0; i < 3; i++) {
            Http.Response ok = Http.postMultipart(api + "/v1/remove-background", free.key(),
                    Http.Part.file("a.png", "image/png", png));
            assertThat(ok.status()).as(ok.text()).isIn(200, 202);
        }
        Http.Response refused = Http.postMultipart(api + "/v1/remove-background", free.key(),
                Http.Part.file("a.png", "image/png", png));
        assertError(refused, 402, "INSUFFICIENT_CREDITS");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("10");
        JsonNode summary = Http.get(api + "/v1/account", free.key()).json();
        assertThat(summary.get("plan").asText()).isEqualTo("free");
        assertThat(summary.get("credits_remaining").asLong()).isZero();
    }

    @Test
    void anotherAccountsJobIsForbiddenAndAnUnknownOneIsNotFound() {
        Http.Response created = Http.postMultipart(api + "/v1/remove-background", account.key(),
                Http.Part.file("a.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(64, 48))));
        assertThat(created.status()).as(created.text()).isIn(200, 202);
        String jobId = created.json().get("id").asText();
        Accounts.Account other = Accounts.create("pro");
        assertError(Http.get(api + "/v1/jobs/" + jobId, other.key()), 403, "FORBIDDEN");
        assertError(Http.get(api + "/v1/jobs/job_000000000000000000000000", account.key()), 404, "NOT_FOUND");
        assertError(Http.get(api + "/v1/jobs/nonsense", account.key()), 404, "NOT_FOUND");
        assertThat(Http.get(api + "/v1/jobs?limit=100", other.key()).json().get("data")).isEmpty();
    }

    @Test
    void badUploadsAreRefusedWithTheRightCode() {
        String url = api + "/v1/remove-background";
        byte[] png = TestImages.png(TestImages.subjectOnBackdrop(64, 48));
        assertError(Http.postMultipart(url, account.key(), new Http.Part("other", null, null, "x".getBytes())),
                400, "INVALID_REQUEST");
        assertError(Http.postMultipart(url, account.key(), Http.Part.file("empty.png", "image/png", new byte[0])),
                400, "INVALID_REQUEST");
        assertError(Http.postMultipart(url, account.key(), Http.Part.file("a.png", "image/png", png),
                Http.Part.file("b.png", "image/png", png)), 400, "INVALID_REQUEST");
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes();
        assertError(Http.postMultipart(url, account.key(), Http.Part.file("lying.png", "image/png", gif)),
                400, "INVALID_IMAGE_TYPE");
        byte[] truncatedPng = Arrays.copyOf(png, 20);
        Http.Response truncated = Http.postMultipart(url, account.key(),
                Http.Part.file("t.png", "image/png", truncatedPng));
        assertThat(truncated.status()).isIn(400, 200);
        if (truncated.status() == 200) {
            assertThat(truncated.json().get("status").asText()).isEqualTo("failed");
        }
        byte[] tooLarge = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(png, 0, tooLarge, 0, png.length);
        assertError(Http.postMultipart(url, account.key(), Http.Part.file("big.png", "image/png", tooLarge)),
                400, "FILE_TOO_LARGE");
    }

    @Test
    void badJsonBodiesAreInvalidRequests() {
        String url = api + "/v1/remove-background";
        assertError(Http.postJson(url, account.key(), "{not json"), 400, "INVALID_REQUEST");
        assertError(Http.postJson(url, account.key(), Map.of()), 400, "INVALID_REQUEST");
        assertError(Http.postJson(url, account.key(), Map.of("image_url", "ftp://example.com/a.jpg")),
                400, "INVALID_REQUEST");
        assertError(Http.postJson(url, account.key(), Map.of("image_url", "file:///etc/passwd")),
                400, "INVALID_REQUEST");
        assertError(Http.postJson(url, account.key(), Map.of("image_url", 42)), 400, "INVALID_REQUEST");
    }

    @Test
    void frameworkErrorsKeepTheContractShape() {
        assertError(Http.get(api + "/v1/no-such-route", account.key()), 404, "NOT_FOUND");
        Http.Response wrongMethod = Http.send(Http.request(api + "/v1/remove-background", account.key()).GET().build());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().at("/error/code").asText()).isNotBlank();
        Http.Response wrongType = Http.send(Http.request(api + "/v1/remove-background", account.key())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(wrongType.status()).isIn(400, 415);
        assertThat(wrongType.json().at("/error/code").asText()).isNotBlank();
        Http.Response badMultipart = Http.send(Http.request(api + "/v1/remove-background", account.key())
                .header("Content-Type", "multipart/form-data; boundary=zzz")
                .POST(HttpRequest.BodyPublishers.ofString("--zzz\r\nnonsense")).build());
        assertError(badMultipart, 400, "INVALID_REQUEST");
    }

    @Test
    void jobListingIsPagedNewestFirstAndValidatesItsParameters() {
        Accounts.Account lister = Accounts.create("pro");
        byte[] png = TestImages.png(TestImages.subjectOnBackdrop(64, 48));
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            Http.Response created = Http.postMultipart(api + "/v1/remove-background", lister.key(),
                    Http.Part.file("a.png", "image/png", png));
            assertThat(created.status()).as(created.text()).isIn(200, 202);
            ids[i] = created.json().get("id").asText();
        }
        JsonNode page = Http.get(api + "/v1/jobs", lister.key()).json();
        assertThat(page.get("limit").asInt()).isEqualTo(20);
        assertThat(page.get("offset").asInt()).isZero();
        assertThat(page.get("data")).hasSize(3);
        assertThat(page.get("data").get(0).get("id").asText()).isEqualTo(ids[2]);
        assertThat(page.get("data").get(2).get("id").asText()).isEqualTo(ids[0]);
        assertThat(page.get("data").get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "status", "error", "created_at", "completed_at");

        JsonNode second = Http.get(api + "/v1/jobs?limit=1&offset=1", lister.key()).json();
        assertThat(second.get("limit").asInt()).isEqualTo(1);
        assertThat(second.get("offset").asInt()).isEqualTo(1);
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.get("data").get(0).get("id").asText()).isEqualTo(ids[1]);

        for (String bad : new String[] {"limit=0", "limit=101", "limit=abc", "offset=-1", "offset=x"}) {
            assertError(Http.get(api + "/v1/jobs?" + bad, lister.key()), 400, "INVALID_REQUEST");
        }
    }

    @Test
    void theAccountShowsPlanCreditsAndRateLimit() {
        JsonNode summary = Http.get(api + "/v1/account", account.key()).json();
        assertThat(summary.fieldNames()).toIterable().containsExactlyInAnyOrder("plan", "credits_remaining",
                "credits_monthly_quota", "rate_limit");
        assertThat(summary.get("plan").asText()).isEqualTo("pro");
        assertThat(summary.get("credits_monthly_quota").asInt()).isEqualTo(500);
        assertThat(summary.at("/rate_limit/requests_per_minute").asInt()).isEqualTo(120);
    }
}
