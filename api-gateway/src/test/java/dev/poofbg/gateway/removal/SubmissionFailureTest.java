package dev.poofbg.gateway.removal;

import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * The broker is unreachable after the credit was reserved and the input stored: the client gets
 * 503, the credit comes back, the input is deleted and the job row is closed as failed.
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
            return Map.of("mp.messaging.outgoing.job-requests.bootstrap.servers", "127.0.0.1:1",
                    "mp.messaging.outgoing.job-requests.max.block.ms", "1500",
                    "mp.messaging.outgoing.job-requests.reconnect.backoff.max.ms", "500");
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
        List<String> jobs = GatewayDb.jobsOf(account.id);
        assertThat(jobs).hasSize(1);
        String[] job = jobs.get(0).split(" ");
        assertThat(job[1]).isEqualTo("failed");
        assertThat(job[2]).isEqualTo("0");
        assertThat(TestWorker.received(job[0])).isNull();
        try (MinioClient client = MinioClient.builder().endpoint("http://127.0.0.1:9000").region("us-east-1")
                .credentials("poofbg-local", "poofbg-local-secret").build()) {
            assertThatThrownBy(() -> client.statObject(StatObjectArgs.builder().bucket("poofbg")
                    .object("inputs/" + account.id + "/" + job[0]).build()))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }
}
