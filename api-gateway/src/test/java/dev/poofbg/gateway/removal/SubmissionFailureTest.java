package dev.poofbg.gateway.removal;

import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LocalStorage;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The broker is unreachable after the credit was reserved and the input stored: the client gets
 * 503, the credit comes back, the input and the job row are deleted: nothing was accepted, nothing is listed.
 */
@QuarkusTest
@TestProfile(SubmissionFailureTest.BrokerAway.class)
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class SubmissionFailureTest {

    public static class BrokerAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Nothing listens on port 1 of loopback: every publish fails within max.block.ms.
            return Map.of("mp.messaging.outgoing.jobs-requested.bootstrap.servers", "127.0.0.1:1",
                    "mp.messaging.outgoing.jobs-requested.max.block.ms", "1500",
                    "mp.messaging.outgoing.jobs-requested.reconnect.backoff.max.ms", "500");
        }
    }

    @Test
    void creditIsReleasedAndNothingIsLeftBehind() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);

        given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                .post("/v1/remove-background")
                .then().statusCode(503).body("error.code", equalTo("SERVICE_UNAVAILABLE"));

        assertThat(account.reservations()).isEqualTo(1);
        assertThat(account.releases()).isEqualTo(1);
        assertThat(account.credits()).isEqualTo(5);
        assertThat(GatewayDb.jobsOf(account.id)).isEmpty();
        given().header("Authorization", account.bearer()).get("/v1/jobs")
                .then().statusCode(200).body("data.size()", equalTo(0));
        try (MinioClient client = LocalStorage.client()) {
            assertThat(client.listObjects(ListObjectsArgs.builder().bucket(LocalStorage.BUCKET)
                    .prefix("inputs/" + account.id + "/").recursive(true).build())).isEmpty();
        }
    }

    @Test
    void aReleaseRefusedWhileBillingIsAwayIsRetriedUntilItIsDone() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        LoopbackBilling.refuseReleases(2);
        given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                .post("/v1/remove-background")
                .then().statusCode(503).body("error.code", equalTo("SERVICE_UNAVAILABLE"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (account.credits() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(account.credits()).as("the credit comes back once billing answers").isEqualTo(5);
        assertThat(account.releases()).isEqualTo(1);
    }
}
