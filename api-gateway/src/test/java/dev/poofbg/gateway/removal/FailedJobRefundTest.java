package dev.poofbg.gateway.removal;

import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed job's refund is visible as soon as the job is: on the answer that reports the failure, on the job
 * read after it, and on the account read right after either. Billing settles failed events on its own too,
 * which this test double does not: every refund seen here is the one the gateway asked for, on that path.
 */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class FailedJobRefundTest {

    @Test
    void theBalanceAfterAFailedJobAlwaysIncludesItsRefund() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.FAIL);
        double acceptedBefore = metric("poof_jobs_accepted_total");
        double failedBefore = metric("poof_jobs_finished_total{reason=\"input\",status=\"failed\"}");
        for (int i = 0; i < 10; i++) {
            JsonPath job = given().header("Authorization", account.bearer())
                    .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                    .post("/v1/remove-background")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(job.getString("status")).isEqualTo("failed");
            assertThat(job.getInt("credits_used")).isZero();
            assertThat(job.getLong("credits_remaining")).as("job %d", i).isEqualTo(5);

            long onAccount = given().header("Authorization", account.bearer()).get("/v1/account")
                    .then().statusCode(200).extract().jsonPath().getLong("credits_remaining");
            assertThat(onAccount).as("account after job %d", i).isEqualTo(5);
            long onRead = given().header("Authorization", account.bearer()).get("/v1/jobs/" + job.getString("id"))
                    .then().statusCode(200).extract().jsonPath().getLong("credits_remaining");
            assertThat(onRead).isEqualTo(5);
        }
        assertThat(account.releases()).isEqualTo(10);
        // Counted once per job, with the reason the failure event gave (the test worker's: the input).
        assertThat(metric("poof_jobs_accepted_total")).isEqualTo(acceptedBefore + 10);
        assertThat(metric("poof_jobs_finished_total{reason=\"input\",status=\"failed\"}")).isEqualTo(failedBefore + 10);
    }

    /** A series of the gateway's /q/metrics, 0 when absent. */
    private static double metric(String series) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
