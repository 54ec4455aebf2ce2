package dev.poofbg.billing.credits;

import dev.poofbg.common.output.Results;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poofbg.billing.support.Api;
import dev.poofbg.billing.support.Events;
import dev.poofbg.common.JobIds;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Settlement through real jobs.events messages on the local broker. */
@QuarkusTest
class SettlementTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool database;

    private Events events;

    private Events events() {
        if (events == null) {
            events = new Events(mapper);
        }
        return events;
    }

    @AfterEach
    void close() {
        if (events != null) {
            events.close();
        }
    }

    private String reserve(String accountId) {
        String jobId = JobIds.newId();
        Api.internal().body(Map.of("job_id", jobId, "account_id", accountId)).post("/internal/v1/reservations")
                .then().statusCode(200);
        return jobId;
    }

    private String state(String jobId) {
        return database.preparedQuery("select state from reservations where job_id = $1").execute(Tuple.of(jobId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("state");
    }

    private void awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(state(jobId)).isEqualTo(state));
    }

    private long refunds(String accountId, String jobId) {
        return Api.ledger(accountId).getList("data.findAll { it.kind == 'refund' && it.job_id == '" + jobId + "' }").size();
    }

    /**
     * Sends {@code sentinel}'s failed event under {@code key}: once the sentinel is refunded, every earlier
     * event with that key (same partition) has been consumed.
     */
    private void drain(String key, String accountId) {
        String sentinel = reserve(accountId);
        events().send(key, JobEvent.failed(sentinel, accountId, FailureReason.INTERNAL, "sentinel", Instant.now()));
        awaitState(sentinel, "REFUNDED");
    }

    @Test
    void failedEventRefundsTheCredit() {
        String accountId = Api.createAccount("payg");
        Api.purchase(accountId, 2);
        String jobId = reserve(accountId);
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(1);

        events().send(JobEvent.processing(jobId, accountId, Instant.now()));
        events().send(JobEvent.failed(jobId, accountId, FailureReason.INTERNAL, "model failed", Instant.now()));
        awaitState(jobId, "REFUNDED");

        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(2);
        assertThat(refunds(accountId, jobId)).isEqualTo(1);
        assertThat(Api.ledgerSum(accountId, "prepaid")).isEqualTo(2);
    }

    @Test
    void completedEventKeepsTheCredit() {
        String accountId = Api.createAccount("lite");
        String jobId = reserve(accountId);
        events().send(JobEvent.completed(jobId, accountId, "results/x.png", Results.png(10, 10), 5, Instant.now()));
        awaitState(jobId, "KEPT");
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(99);
        assertThat(refunds(accountId, jobId)).isZero();
    }

    @Test
    void duplicateAndReorderedEventsNeverSettleTwice() {
        String accountId = Api.createAccount("payg");
        Api.purchase(accountId, 10);
        String failedFirst = reserve(accountId);
        String completedFirst = reserve(accountId);
        String duplicated = reserve(accountId);

        Instant now = Instant.now();
        events().send(JobEvent.failed(failedFirst, accountId, FailureReason.INTERNAL, "boom", now));
        events().send(JobEvent.completed(failedFirst, accountId, "results/a.png", Results.png(1, 1), 1, now));
        events().send(JobEvent.processing(failedFirst, accountId, now));

        events().send(JobEvent.completed(completedFirst, accountId, "results/b.png", Results.png(1, 1), 1, now));
        events().send(JobEvent.failed(completedFirst, accountId, FailureReason.INTERNAL, "late failure", now));
        events().send(JobEvent.processing(completedFirst, accountId, now));

        for (int i = 0; i < 3; i++) {
            events().send(JobEvent.failed(duplicated, accountId, FailureReason.INTERNAL, "boom", now));
        }
        drain(failedFirst, accountId);
        drain(completedFirst, accountId);
        drain(duplicated, accountId);

        assertThat(state(failedFirst)).isEqualTo("REFUNDED");
        assertThat(state(completedFirst)).isEqualTo("KEPT");
        assertThat(state(duplicated)).isEqualTo("REFUNDED");
        assertThat(refunds(accountId, failedFirst)).isEqualTo(1);
        assertThat(refunds(accountId, completedFirst)).isZero();
        assertThat(refunds(accountId, duplicated)).isEqualTo(1);
        // 10 bought, 3 + 3 sentinels reserved, all but completedFirst refunded.
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(9);
        assertThat(Api.ledgerSum(accountId, "prepaid")).isEqualTo(9);

        // A release after the event is a no-op too.
        Api.internal().post("/internal/v1/reservations/{id}/release", completedFirst).then().statusCode(200);
        assertThat(state(completedFirst)).isEqualTo("KEPT");
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(9);
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicAndSettlementGoesOn() {
        String accountId = Api.createAccount("free");
        String jobId = reserve(accountId);
        String garbageKey = "garbage-" + JobIds.newId();
        events().sendRaw(garbageKey, "{not json");
        events().sendRaw(jobId, "{\"schema_version\":1,\"job_id\":\"" + jobId + "\",\"status\":\"exploded\"}");
        events().send(JobEvent.failed(jobId, accountId, FailureReason.INTERNAL, "boom", Instant.now()));
        awaitState(jobId, "REFUNDED");
        assertThat(Events.appears("jobs.events.dlq", garbageKey, Duration.ofSeconds(30))).isTrue();
        assertThat(Events.appears("jobs.events.dlq", jobId, Duration.ofSeconds(30))).isTrue();
    }
}
