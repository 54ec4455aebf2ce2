package dev.poofbg.billing.credits;

import dev.poofbg.billing.support.Api;
import dev.poofbg.billing.support.TestClock;
import dev.poofbg.common.JobIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Monthly renewal, driven by the injected clock. */
@QuarkusTest
class RenewalTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Instant startOfMonth(int monthsAhead) {
        return YearMonth.now(ZoneOffset.UTC).plusMonths(monthsAhead).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String reserve(String accountId) {
        String jobId = JobIds.newId();
        Api.internal().body(Map.of("job_id", jobId, "account_id", accountId)).post("/internal/v1/reservations")
                .then().statusCode(200);
        return jobId;
    }

    @Test
    void quotaRenewsAtTheMonthBoundaryAndPurchasedCreditsStay() {
        clock.travelTo(startOfMonth(1).minusSeconds(120));
        String accountId = Api.createAccount("lite");
        Api.purchase(accountId, 5);
        String oldJob = reserve(accountId);
        reserve(accountId);
        reserve(accountId);
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(97 + 5);

        clock.travelTo(startOfMonth(1).plusSeconds(1));
        JsonPath account = Api.account(accountId);
        assertThat(account.getLong("credits_remaining")).isEqualTo(100 + 5);
        assertThat(account.getInt("monthly_credits_remaining")).isEqualTo(100);
        assertThat(account.getString("period_end")).startsWith(startOfMonth(2).toString().substring(0, 10));
        List<Map<String, Object>> renewal = Api.ledger(accountId).getList("data.findAll { it.kind in ['expiry', 'renewal'] }");
        assertThat(renewal).extracting(e -> e.get("kind") + ":" + e.get("amount"))
                .containsExactly("renewal:100", "expiry:-97", "renewal:100");

        // A credit taken in the old period and refunded in the new one expired with its period.
        Api.internal().post("/internal/v1/reservations/{id}/release", oldJob).then().statusCode(200)
                .body("credits_remaining", equalTo(105));
        assertThat(Api.ledgerSum(accountId, "monthly")).isEqualTo(100);
        assertThat(Api.ledgerSum(accountId, "prepaid")).isEqualTo(5);

        reserve(accountId);
        assertThat(Api.account(accountId).getInt("monthly_credits_remaining")).isEqualTo(99);
        assertThat(Api.account(accountId).getLong("prepaid_credits")).isEqualTo(5);
    }

    @Test
    void concurrentTouchesRenewOnce() {
        String accountId = Api.createAccount("pro");
        reserve(accountId);
        clock.travelTo(startOfMonth(1).plusSeconds(5));

        List<CompletableFuture<Void>> calls = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.runAsync(() ->
                Api.internal().get("/internal/v1/accounts/{id}/summary", accountId).then().statusCode(200)
                        .body("credits_remaining", equalTo(500)))).toList();
        calls.forEach(CompletableFuture::join);

        assertThat(Api.ledger(accountId).getList("data.findAll { it.kind == 'renewal' }")).hasSize(2);
        assertThat(Api.ledgerSum(accountId, "monthly")).isEqualTo(500);
    }
}
