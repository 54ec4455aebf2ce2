package dev.poofbg.gateway.idempotency;

import dev.poofbg.common.JobIds;
import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Idempotency-Key on POST /v1/remove-background: one job and one charge per key and request, whatever happens. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class IdempotencyTest {

    private static final byte[] PNG = TestImages.png(16, 16);

    @Test
    void aRetryWithTheSameKeyGetsTheSameJobAndNoSecondCharge() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String key = UUID.randomUUID().toString();

        String first = upload(account, key, PNG).then().statusCode(200).extract().path("id");
        Response retry = upload(account, key, PNG);

        retry.then().statusCode(200).body("id", equalTo(first)).body("status", equalTo("completed"));
        assertThat(account.reservations()).isEqualTo(1);
        assertThat(account.credits()).isEqualTo(4);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String key = "order-" + UUID.randomUUID();
        upload(account, key, PNG).then().statusCode(200);

        upload(account, key, TestImages.png(17, 16)).then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"))
                .body("error.message", org.hamcrest.Matchers.containsString("different request"));
        assertThat(account.reservations()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyMakeOneJobAndOneCharge() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(100);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        String key = UUID.randomUUID().toString();
        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(clients.submit((Callable<Response>) () -> upload(account, key, PNG)));
        }
        Set<String> jobs = new java.util.HashSet<>();
        int inUse = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.statusCode() == 409) {
                inUse++;
                assertThat(response.header("Retry-After")).isEqualTo("1");
                assertThat(response.jsonPath().getString("error.code")).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
            } else {
                assertThat(response.statusCode()).isIn(200, 202);
                jobs.add(response.jsonPath().getString("id"));
            }
        }
        clients.shutdown();

        assertThat(jobs).hasSize(1);
        assertThat(inUse).isLessThan(50);
        assertThat(account.reservations()).isEqualTo(1);
        assertThat(GatewayDb.jobsOf(account.id)).hasSize(1);
    }

    @Test
    void aRequestRefusedBeforeItsJobExistedLeavesTheKeyFree() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String key = UUID.randomUUID().toString();
        LoopbackBilling.reservationsDown(true);
        try {
            upload(account, key, PNG).then().statusCode(503);
        } finally {
            LoopbackBilling.reservationsDown(false);
        }

        upload(account, key, PNG).then().statusCode(200).body("status", equalTo("completed"));
        assertThat(account.credits()).isEqualTo(4);
    }

    @Test
    void aKeyWhoseGatewayDiedBeforeRecordingTheJobGetsItsCreditBackAndRunsOnce() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String key = UUID.randomUUID().toString();
        // What a gateway killed between reserving and recording leaves: the key claimed, a credit reserved, no job.
        String lost = JobIds.newId();
        LoopbackBilling.reserve(account, lost);
        GatewayDb.insertIdempotencyKey(account.id, key, uploadFingerprint(key), lost,
                Instant.now().minus(Duration.ofMinutes(2)));
        assertThat(account.credits()).isEqualTo(4);

        String ran = upload(account, key, PNG).then().statusCode(200).body("status", equalTo("completed"))
                .extract().path("id");

        assertThat(ran).isNotEqualTo(lost);
        assertThat(account.releases()).isEqualTo(1); // the lost reservation came back
        assertThat(account.credits()).isEqualTo(4); // one job, one charge
        upload(account, key, PNG).then().statusCode(200).body("id", equalTo(ran));
    }

    @Test
    void aKeyWhoseGatewayDiedAfterRecordingTheJobFinishesThatJob() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String key = UUID.randomUUID().toString();
        // Killed between recording the job and publishing it: the key claimed, the job pending, never published.
        String recorded = JobIds.newId();
        LoopbackBilling.reserve(account, recorded);
        GatewayDb.insertJob(recorded, account.id, "pending", Instant.now().minus(Duration.ofMinutes(2)));
        GatewayDb.insertIdempotencyKey(account.id, key, uploadFingerprint(key), recorded,
                Instant.now().minus(Duration.ofMinutes(2)));

        upload(account, key, PNG).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(202)))
                .body("id", equalTo(recorded));
        assertThat(TestWorker.receptions(recorded)).isEqualTo(1); // published now, by the retry
        assertThat(account.reservations()).isEqualTo(1);
        assertThat(GatewayDb.jobsOf(account.id)).hasSize(1);
    }

    @Test
    void aMalformedKeyIsRefusedBeforeAnythingElse() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        for (String key : List.of("tab\there", "a".repeat(256), "caf\u00e9")) {
            upload(account, key, PNG).then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        }
        assertThat(account.reservations()).isZero();
    }

    private static Response upload(LoopbackBilling.Account account, String key, byte[] png) {
        return given().header("Authorization", account.bearer()).header("Idempotency-Key", key)
                .multiPart("file", "a.png", png, "image/png")
                .post("/v1/remove-background");
    }

    /** The fingerprint the gateway gives an upload of {@link #PNG}. */
    private static String uploadFingerprint(String key) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("upload", ".png");
        try {
            java.nio.file.Files.write(file, PNG);
            return RequestKey.forUpload(key, file, dev.poofbg.common.output.OutputOptions.DEFAULT, null).fingerprint();
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
