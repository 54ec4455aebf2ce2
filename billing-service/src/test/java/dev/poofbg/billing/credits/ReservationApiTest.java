package dev.poofbg.billing.credits;

import dev.poofbg.billing.support.Api;
import dev.poofbg.common.JobIds;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ReservationApiTest {

    private static Map<String, String> reservation(String jobId, String accountId) {
        return Map.of("job_id", jobId, "account_id", accountId);
    }

    @Test
    void freeAccountHasThreeCreditsThenGets402() {
        String accountId = Api.createAccount("free");
        for (int left = 2; left >= 0; left--) {
            Api.internal().body(reservation(JobIds.newId(), accountId)).post("/internal/v1/reservations")
                    .then().statusCode(200).body("credits_remaining", equalTo(left));
        }
        Api.internal().body(reservation(JobIds.newId(), accountId)).post("/internal/v1/reservations")
                .then().statusCode(402)
                .body("error.code", equalTo("INSUFFICIENT_CREDITS"))
                .body("error.message", equalTo("Insufficient credits"));
    }

    @Test
    void repeatingAReservationReturnsTheCurrentBalanceWithoutChargingAgain() {
        String accountId = Api.createAccount("free");
        String jobId = JobIds.newId();
        Api.internal().body(reservation(jobId, accountId)).post("/internal/v1/reservations")
                .then().statusCode(200).body("job_id", equalTo(jobId)).body("credits_remaining", equalTo(2));
        Api.internal().body(reservation(jobId, accountId)).post("/internal/v1/reservations")
                .then().statusCode(200).body("credits_remaining", equalTo(2));
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(2);
    }

    @Test
    void releaseRefundsOnceAndIsIdempotent() {
        String accountId = Api.createAccount("free");
        String jobId = JobIds.newId();
        Api.internal().body(reservation(jobId, accountId)).post("/internal/v1/reservations").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            Api.internal().post("/internal/v1/reservations/{id}/release", jobId)
                    .then().statusCode(200).body("job_id", equalTo(jobId)).body("credits_remaining", equalTo(3));
        }
        assertThat(Api.ledger(accountId).getList("data.findAll { it.kind == 'refund' }")).hasSize(1);
        Api.internal().post("/internal/v1/reservations/{id}/release", JobIds.newId())
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void aJobReleasedBeforeItsReservationCanNoLongerBeReserved() {
        String accountId = Api.createAccount("free");
        String jobId = JobIds.newId();
        Api.internal().post("/internal/v1/reservations/{id}/release", jobId).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        Api.internal().body(reservation(jobId, accountId)).post("/internal/v1/reservations").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(3);
        Api.internal().post("/internal/v1/reservations/{id}/release", "bad id").then().statusCode(400);
    }

    @Test
    void enterpriseIsUnlimitedAndUsageIsRecorded() {
        String accountId = Api.createAccount("enterprise");
        for (int i = 0; i < 5; i++) {
            Api.internal().body(reservation(JobIds.newId(), accountId)).post("/internal/v1/reservations")
                    .then().statusCode(200).body("credits_remaining", equalTo(-1));
        }
        Api.internal().get("/internal/v1/accounts/{id}/summary", accountId).then().statusCode(200)
                .body("plan", equalTo("enterprise"))
                .body("credits_remaining", equalTo(-1))
                .body("credits_monthly_quota", equalTo(-1))
                .body("rate_limit.requests_per_minute", equalTo(300));
        assertThat(Api.ledgerSum(accountId, "unlimited")).isEqualTo(-5);
    }

    @Test
    void reservationValidation() {
        String accountId = Api.createAccount("free");
        Api.internal().body(reservation("not-a-job-id", accountId)).post("/internal/v1/reservations")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        Api.internal().body(reservation(JobIds.newId(), "acct_missing")).post("/internal/v1/reservations")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        Api.internal().body("{\"job_id\":").post("/internal/v1/reservations")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
        Api.internal().post("/internal/v1/reservations")
                .then().statusCode(400).body("error.code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void summaryMatchesThePublicAccountShape() {
        String accountId = Api.createAccount("pro");
        Api.purchase(accountId, 5);
        Api.internal().get("/internal/v1/accounts/{id}/summary", accountId).then().statusCode(200)
                .body("plan", equalTo("pro"))
                .body("credits_remaining", equalTo(505))
                .body("credits_monthly_quota", equalTo(500))
                .body("rate_limit.requests_per_minute", equalTo(120))
                .body("size()", equalTo(4));
        Api.internal().get("/internal/v1/accounts/{id}/summary", "acct_missing").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
    }
}
