package dev.poofbg.gateway.access;

import dev.poofbg.common.keys.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The access filters in the running gateway, against real Redis (db 1) and a loopback billing. */
@QuarkusTest
@TestProfile(AccessTestProfile.class)
class AccessControlTest {

    private static final String PROBE = "/v1/test-access-probe";

    @ConfigProperty(name = KeyBillingDouble.CONTROL_URL)
    String billingControlUrl;
    BillingControl billing;

    @BeforeEach
    void connectToBilling() {
        billing = new BillingControl(billingControlUrl);
    }

    @AfterEach
    void billingBackToNormal() throws InterruptedException {
        billing.failing(false);
        billing.hanging(false);
        billing.reachable(true);
        // After an outage the gateway answers from its cache for poof.auth.billing-retry-interval (1 s here).
        String probeKey = billing.issueKey(1000);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(PROBE, probeKey).statusCode() != 200) {
            assertThat(System.nanoTime()).as("gateway back to billing within 10 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Response get(String path, String key) {
        return given().header("Authorization", "Bearer " + key).get(path);
    }

    private static void assertError(Response response, int status, String code) {
        response.then().statusCode(status).contentType("application/json")
                .body("error.code", equalTo(code)).body("error.message", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void missingMalformedAndUnknownKeysAreRefused() {
        int verifications = billing.verifications();
        assertError(given().get(PROBE), 401, "UNAUTHORIZED");
        assertError(given().header("Authorization", "Basic dXNlcjpwYXNz").get(PROBE), 401, "UNAUTHORIZED");
        assertError(get(PROBE, "pk_live_short"), 401, "UNAUTHORIZED");
        assertError(get(PROBE, "sk_live_" + ApiKeys.generate().substring(8)), 401, "UNAUTHORIZED");
        // Malformed keys never reach billing.
        assertThat(billing.verifications()).isEqualTo(verifications);

        Response unknown = get(PROBE, ApiKeys.generate());
        assertError(unknown, 401, "UNAUTHORIZED");
        assertThat(unknown.header("X-RateLimit-Limit")).isNull();
        assertThat(billing.verifications()).isEqualTo(verifications + 1);
    }

    @Test
    void aValidKeyGetsInAndEveryResponseCarriesTheWindow() {
        String key = billing.issueKey(5);
        get(PROBE, key).then().statusCode(200)
                .body("account_id", equalTo(billing.accountOf(key)))
                .header("X-RateLimit-Limit", "5").header("X-RateLimit-Remaining", "4")
                .header("Retry-After", nullValue());
        given().header("Authorization", "bearer " + key).get(PROBE).then().statusCode(200)
                .header("X-RateLimit-Remaining", "3");
        // Errors produced after the filters keep the headers too.
        Response later = get(PROBE + "/out-of-credits", key);
        assertError(later, 402, "INSUFFICIENT_CREDITS");
        assertThat(later.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(later.header("X-RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    void unknownRoutesUnderV1AreAuthenticatedFirst() {
        assertError(given().get("/v1/no-such-route"), 401, "UNAUTHORIZED");
        String key = billing.issueKey(5);
        Response notFound = get("/v1/no-such-route", key);
        assertError(notFound, 404, "NOT_FOUND");
        assertThat(notFound.header("X-RateLimit-Remaining")).isEqualTo("4");
    }

    @Test
    void pathTricksDoNotSkipTheFilters() {
        for (String path : List.of("//v1/test-access-probe", "/v1//test-access-probe", "/v1/./test-access-probe",
                "/x/../v1/test-access-probe", "/v1/%74est-access-probe")) {
            Response response = given().urlEncodingEnabled(false).get(path);
            assertThat(response.statusCode()).as(path).isIn(401, 404);
            String key = billing.issueKey(5);
            Response authenticated = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + key).get(path);
            if (authenticated.statusCode() == 200) {
                assertThat(authenticated.header("X-RateLimit-Remaining")).as(path).isEqualTo("4");
            }
        }
    }

    @Test
    void theLimitIsPerAccountAcrossKeysAndA429SaysWhenToRetry() {
        String first = billing.issueKey(3);
        String second = billing.issueKey(billing.accountOf(first), 3);
        double refusedBefore = refusals("test");
        long start = System.nanoTime();
        get(PROBE, first).then().statusCode(200).header("X-RateLimit-Remaining", "2");
        get(PROBE, second).then().statusCode(200).header("X-RateLimit-Remaining", "1");
        get(PROBE, first).then().statusCode(200).header("X-RateLimit-Remaining", "0");

        Response refused = get(PROBE, second);
        assertError(refused, 429, "RATE_LIMITED");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        // The first request frees its slot 60 s after it was made.
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(59 - elapsedSeconds, 60L);
        // Another account is unaffected.
        get(PROBE, billing.issueKey(3)).then().statusCode(200);
        assertThat(refusals("test")).as("429s counted by plan").isEqualTo(refusedBefore + 1);
    }

    /** poof_ratelimit_rejected_total of a plan, 0 before its first refusal. */
    private static double refusals(String plan) {
        String prefix = "poof_ratelimit_rejected_total{plan=\"" + plan + "\"}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void aRevokedKeyIsRefusedWithinFiveSeconds() throws InterruptedException {
        String key = billing.issueKey(1000);
        get(PROBE, key).then().statusCode(200);
        billing.revoke(key);
        long revokedAt = System.nanoTime();
        int status;
        do {
            Thread.sleep(100);
            status = get(PROBE, key).statusCode();
        } while (status == 200 && System.nanoTime() - revokedAt < Duration.ofSeconds(6).toNanos());
        long refusedAfterMillis = (System.nanoTime() - revokedAt) / 1_000_000;

        assertThat(status).isEqualTo(401);
        System.out.printf("revoked key refused %d ms after revocation%n", refusedAfterMillis);
        assertThat(refusedAfterMillis).isLessThan(5000);
        assertError(get(PROBE, key), 401, "UNAUTHORIZED");
    }

    @Test
    void confirmedKeysAreCachedBriefly() {
        String key = billing.issueKey(1000);
        int before = billing.verifications();
        for (int i = 0; i < 5; i++) {
            get(PROBE, key).then().statusCode(200);
        }
        assertThat(billing.verifications() - before).isEqualTo(1);
    }

    @Test
    void whileBillingAnswers503KnownKeysKeepWorkingAndNewKeysGet503() throws InterruptedException {
        String known = billing.issueKey(1000);
        String neverSeen = billing.issueKey(1000);
        get(PROBE, known).then().statusCode(200);
        billing.failing(true);
        Thread.sleep(2100); // past the fresh period: the gateway has to ask billing again

        get(PROBE, known).then().statusCode(200).header("X-RateLimit-Limit", "1000");
        assertError(get(PROBE, neverSeen), 503, "SERVICE_UNAVAILABLE");
    }

    @Test
    void whileBillingIsUnreachableKnownKeysKeepWorkingAndNewKeysGet503() throws InterruptedException {
        String known = billing.issueKey(1000);
        String neverSeen = billing.issueKey(1000);
        get(PROBE, known).then().statusCode(200);
        billing.reachable(false);
        Thread.sleep(2100);

        get(PROBE, known).then().statusCode(200);
        assertError(get(PROBE, neverSeen), 503, "SERVICE_UNAVAILABLE");

        billing.reachable(true);
        // Billing is asked again once the retry interval (1 s here) has passed.
        Thread.sleep(1100);
        get(PROBE, neverSeen).then().statusCode(200);
    }

    @Test
    void whileBillingHangsOnlyOneRequestWaitsForIt() throws InterruptedException {
        String known = billing.issueKey(1000);
        String neverSeen = billing.issueKey(1000);
        get(PROBE, known).then().statusCode(200);
        billing.hanging(true);
        Thread.sleep(2100);

        long start = System.nanoTime();
        get(PROBE, known).then().statusCode(200);
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        get(PROBE, known).then().statusCode(200);
        assertError(get(PROBE, neverSeen), 503, "SERVICE_UNAVAILABLE");
        long nextMillis = (System.nanoTime() - start) / 1_000_000;

        // Two attempts of 500 ms each, then the cache answered; afterwards nobody waits for billing.
        assertThat(firstMillis).isBetween(1000L, 2900L);
        assertThat(nextMillis).isLessThan(900L);
    }

    @Test
    void healthAndMetricsNeedNoKeyAndReadinessReportsTheWindow() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rate-limiter' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'rate-limiter' }.data.window", equalTo("redis"));
        given().get(PROBE).then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("poof_auth_failures_total{reason=\"missing\""));
    }

    @Test
    void keysAndTheirHashesNeverReachTheLogs() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                synchronized (lines) {
                    lines.add(line.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String known = billing.issueKey(1000);
        String unknown = ApiKeys.generate();
        String neverSeen = billing.issueKey(1000);
        try {
            get(PROBE, known).then().statusCode(200);
            get(PROBE, unknown).then().statusCode(401);
            get(PROBE, known + "x").then().statusCode(401);
            billing.failing(true);
            Thread.sleep(2100);
            get(PROBE, known).then().statusCode(200);
            get(PROBE, neverSeen).then().statusCode(503);
        } finally {
            root.removeHandler(capture);
        }

        String logs = String.join("\n", lines);
        // The capture works: the stale fallback was logged, naming the key by its display prefix only.
        assertThat(logs).contains(ApiKeys.displayPrefix(known));
        for (String key : List.of(known, unknown, neverSeen)) {
            assertThat(logs).doesNotContain(key.substring(ApiKeys.PREFIX.length()))
                    .doesNotContain(ApiKeys.hash(key));
        }
    }
}
