package dev.poofbg.gateway.jobs;

import dev.poofbg.common.output.Results;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LocalStorage;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Job reads, pagination, tenant isolation and the event-driven lifecycle over the real Kafka. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class JobsApiTest {

    @Test
    void lateDuplicateAndReorderedEventsNeverMoveAJobBack() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, account.id, "pending", Instant.now());
        String first = TestWorker.resultKey(account.id, jobId);
        storeResult(first);

        Instant done = Instant.parse("2026-03-18T12:00:02.750Z");
        TestWorker.emit(JobEvent.completed(jobId, account.id, first, Results.png(4, 4), 5, done));
        TestWorker.emit(JobEvent.processing(jobId, account.id, done.minusSeconds(1)));       // late
        TestWorker.emit(JobEvent.completed(jobId, account.id, "results/other.png", Results.png(4, 4), 5, done.plusSeconds(9))); // duplicate
        TestWorker.emit(JobEvent.failed(jobId, account.id, FailureReason.INPUT, "too late", done.plusSeconds(10)));  // contradicting
        // A second job on the same consumer shows when the first job's events have all been seen.
        String marker = JobIds.newId();
        GatewayDb.insertJob(marker, account.id, "pending", Instant.now());
        TestWorker.emit(JobEvent.failed(marker, account.id, FailureReason.INPUT, "marker", Instant.now()));

        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", account.bearer())
                .get("/v1/jobs/" + marker).then().statusCode(200).body("status", equalTo("failed")));
        // Events of one job share a partition and are applied in order; give the last ones a moment.
        Thread.sleep(1500);

        Response job = given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId);
        job.then().statusCode(200);
        assertThat((String) job.path("status")).isEqualTo("completed");
        assertThat((Object) job.path("error")).isNull();
        assertThat((String) job.path("completed_at")).isEqualTo("2026-03-18T12:00:02Z");
        assertThat((Integer) job.path("credits_used")).isEqualTo(1);
        assertThat((String) job.path("result_url")).contains("/results/" + account.id + "/" + jobId + ".png");
    }

    @Test
    void aResultOutsideTheAccountsPrefixIsNeverSigned() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        LoopbackBilling.Account victim = LoopbackBilling.account(5);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, account.id, "pending", Instant.now());

        TestWorker.emit(JobEvent.completed(jobId, account.id, TestWorker.resultKey(victim.id, jobId), Results.png(4, 4), 5,
                Instant.now()));

        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", account.bearer())
                .get("/v1/jobs/" + jobId).then().statusCode(200).body("status", equalTo("completed"))
                .body("result_url", equalTo(null)));
    }

    @Test
    void aFinishedJobIsReadFromMemoryWithAFreshLinkAndStillOnlyByItsOwner() throws Exception {
        LoopbackBilling.Account owner = LoopbackBilling.account(5);
        LoopbackBilling.Account other = LoopbackBilling.account(5);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, owner.id, "pending", Instant.now());
        String result = TestWorker.resultKey(owner.id, jobId);
        storeResult(result);
        TestWorker.emit(JobEvent.completed(jobId, owner.id, result, Results.png(4, 4), 5, Instant.now()));
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", owner.bearer())
                .get("/v1/jobs/" + jobId).then().statusCode(200).body("status", equalTo("completed")));

        // A finished job never changes again: reads no longer need its row.
        GatewayDb.deleteJob(jobId);
        Response again = given().header("Authorization", owner.bearer()).get("/v1/jobs/" + jobId);
        again.then().statusCode(200).body("status", equalTo("completed")).body("credits_used", equalTo(1));
        String link = again.path("result_url");
        assertThat(link).contains("/results/" + owner.id + "/" + jobId + ".png").contains("X-Amz-Signature=");
        given().header("Authorization", other.bearer()).get("/v1/jobs/" + jobId).then().statusCode(403)
                .body("error.code", equalTo("FORBIDDEN"));
    }

    @Test
    void processingThenFailedIsAppliedInOrder() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, account.id, "pending", Instant.now());

        TestWorker.emit(JobEvent.processing(jobId, account.id, Instant.now()));
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", account.bearer())
                .get("/v1/jobs/" + jobId).then().body("status", equalTo("processing"))
                .body("completed_at", equalTo(null)).body("credits_used", equalTo(1)));

        TestWorker.emit(JobEvent.failed(jobId, account.id, FailureReason.INPUT, "Unsupported image", Instant.now()));
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", account.bearer())
                .get("/v1/jobs/" + jobId).then().body("status", equalTo("failed"))
                .body("error", equalTo("Unsupported image")).body("credits_used", equalTo(0))
                .body("result_url", equalTo(null)));
    }

    @Test
    void anotherAccountsJobIsForbiddenAndUnknownIsNotFound() {
        LoopbackBilling.Account owner = LoopbackBilling.account(5);
        LoopbackBilling.Account other = LoopbackBilling.account(5);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, owner.id, "pending", Instant.now());

        given().header("Authorization", owner.bearer()).get("/v1/jobs/" + jobId).then().statusCode(200)
                .body("id", equalTo(jobId)).body("status", equalTo("pending"));
        given().header("Authorization", other.bearer()).get("/v1/jobs/" + jobId).then().statusCode(403)
                .body("error.code", equalTo("FORBIDDEN"));
        given().header("Authorization", other.bearer()).get("/v1/jobs/" + JobIds.newId()).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().header("Authorization", other.bearer()).get("/v1/jobs/not-a-job-id").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().header("Authorization", other.bearer()).get("/v1/jobs").then().statusCode(200)
                .body("data.size()", equalTo(0));
    }

    @Test
    void listIsNewestFirstAndPaged() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = JobIds.newId();
            ids.add(0, id); // newest first
            GatewayDb.insertJob(id, account.id, "pending", start.plus(i, ChronoUnit.MINUTES));
        }

        Response page = given().header("Authorization", account.bearer()).get("/v1/jobs");
        page.then().statusCode(200).body("limit", equalTo(20)).body("offset", equalTo(0));
        assertThat(page.jsonPath().getList("data.id")).isEqualTo(ids.subList(0, 20));
        assertThat(page.jsonPath().getMap("data[0]")).containsOnlyKeys("id", "status", "error", "created_at", "completed_at");
        assertThat((String) page.path("data[0].created_at")).isEqualTo("2026-01-01T00:24:00Z");

        Response last = given().header("Authorization", account.bearer())
                .queryParam("limit", 10).queryParam("offset", 20).get("/v1/jobs");
        last.then().statusCode(200).body("limit", equalTo(10)).body("offset", equalTo(20));
        assertThat(last.jsonPath().getList("data.id")).isEqualTo(ids.subList(20, 25));

        given().header("Authorization", account.bearer()).queryParam("limit", 100).get("/v1/jobs")
                .then().statusCode(200).body("data.size()", equalTo(25));
    }

    @Test
    void badPagingValuesAreInvalidRequests() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=-1", "limit=", "limit=1.5",
                "offset=-1", "offset=x", "offset=100001", "limit=99999999999999")) {
            given().header("Authorization", account.bearer()).get("/v1/jobs?" + query)
                    .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        }
    }

    @Test
    void jobReadsSurviveABillingOutageWithTheLastKnownBalance() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(9);
        String jobId = JobIds.newId();
        GatewayDb.insertJob(jobId, account.id, "pending", Instant.now());
        given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId).then().statusCode(200)
                .body("credits_remaining", equalTo(9));

        LoopbackBilling.summariesDown(true);
        try {
            Thread.sleep(2500); // past the short cache
            given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId).then().statusCode(200)
                    .body("credits_remaining", equalTo(9));
            LoopbackBilling.Account unseen = LoopbackBilling.account(9);
            String unseenJob = JobIds.newId();
            GatewayDb.insertJob(unseenJob, unseen.id, "pending", Instant.now());
            given().header("Authorization", unseen.bearer()).get("/v1/jobs/" + unseenJob).then().statusCode(503)
                    .body("error.code", equalTo("SERVICE_UNAVAILABLE"));
        } finally {
            LoopbackBilling.summariesDown(false);
        }
    }

    @Test
    void accountIsBillingsSummary() {
        LoopbackBilling.Account account = LoopbackBilling.account(7);
        given().header("Authorization", account.bearer()).get("/v1/account").then().statusCode(200)
                .body("plan", equalTo("pro")).body("credits_remaining", equalTo(7))
                .body("credits_monthly_quota", equalTo(500)).body("rate_limit.requests_per_minute", equalTo(100000));
    }

    private static void storeResult(String key) throws Exception {
        byte[] png = TestWorker.resultPng();
        try (io.minio.MinioClient client = LocalStorage.client()) {
            client.putObject(io.minio.PutObjectArgs.builder().bucket("poofbg").object(key)
                    .stream(new java.io.ByteArrayInputStream(png), (long) png.length, -1L)
                    .contentType("image/png").build());
        }
    }
}
