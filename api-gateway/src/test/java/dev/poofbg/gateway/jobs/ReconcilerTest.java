package dev.poofbg.gateway.jobs;

import dev.poofbg.common.output.Results;
import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs whose messages or processes were lost: a job that makes no progress is published again, and one
 * still unfinished at the deadline is failed with its credit refunded. The jobs are real (POSTed, reserved in
 * billing, published); only their age is moved into the past, in the jobs table.
 */
@QuarkusTest
@TestProfile(ReconcilerTest.Sweeping.class)
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class ReconcilerTest {

    public static class Sweeping implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poof.reconciler.enabled", "true", "poof.reconciler.interval", "1s",
                    "poof.jobs.wait-timeout", "200ms");
        }
    }

    @Test
    void aJobThatMakesNoProgressIsPublishedAgain() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE); // a worker that took the job and died
        String jobId = submit(account);
        await(() -> TestWorker.receptions(jobId) == 1);

        GatewayDb.age(jobId, Duration.ofMinutes(4)); // past republish-after (3m), within the deadline (15m)

        await(() -> TestWorker.receptions(jobId) == 2);
        assertThat(GatewayDb.dispatchCount(jobId)).isEqualTo(2);
        assertThat(job(account, jobId).getString("status")).isEqualTo("pending");
        Thread.sleep(2500); // later sweeps leave it alone until it is stale again
        assertThat(TestWorker.receptions(jobId)).isEqualTo(2);
    }

    @Test
    void aJobUnfinishedAtTheDeadlineFailsAndItsCreditComesBack() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.PROCESS_ONLY); // started, then never finished
        String jobId = submit(account);
        await(() -> "processing".equals(job(account, jobId).getString("status")));
        assertThat(account.credits()).isEqualTo(4);

        GatewayDb.age(jobId, Duration.ofMinutes(16));

        await(() -> "failed".equals(job(account, jobId).getString("status")));
        JsonPath failed = job(account, jobId);
        assertThat(failed.getString("error")).isEqualTo("The job did not finish within 15 minutes; its credit was refunded");
        assertThat(failed.getInt("credits_used")).isZero();
        assertThat(account.releases()).isEqualTo(1);
        assertThat(account.credits()).isEqualTo(5);
        // A late completion changes nothing: the job stays failed and the credit refunded.
        TestWorker.emit(dev.poofbg.common.events.JobEvent.completed(jobId, account.id, TestWorker.resultKey(account.id, jobId), Results.png(4, 4), 5, java.time.Instant.now()));
        Thread.sleep(500);
        assertThat(job(account, jobId).getString("status")).isEqualTo("failed");
    }

    @Test
    void unfinishedJobsAreCountedByStatusAndAge() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.IGNORE);
        String jobId = submit(account);
        GatewayDb.age(jobId, Duration.ofSeconds(90));

        await(() -> metric("poof_jobs_unfinished_oldest_seconds{status=\"pending\"}") >= 90);
        assertThat(metric("poof_jobs_unfinished{status=\"pending\"}")).isGreaterThanOrEqualTo(1);
    }

    private static String submit(LoopbackBilling.Account account) {
        return given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                .post("/v1/remove-background")
                .then().statusCode(202).extract().path("id");
    }

    private static JsonPath job(LoopbackBilling.Account account, String jobId) {
        return given().header("Authorization", account.bearer()).get("/v1/jobs/" + jobId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
