package dev.poofbg.gateway.config;

import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every answer carries an X-Request-ID, and the id follows the request to billing, to the worker and into 5xx bodies. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class RequestIdTest {

    @Test
    void aSaneIdIsKeptAndFollowsTheRequestToBillingAndTheWorker() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        String requestId = "client-" + System.nanoTime();

        String jobId = given().header("Authorization", account.bearer()).header("X-Request-ID", requestId)
                .multiPart("file", "a.png", TestImages.png(16, 16), "image/png")
                .post("/v1/remove-background")
                .then().statusCode(200).header("X-Request-ID", requestId)
                .extract().path("id");

        assertThat(LoopbackBilling.sawRequestId(requestId)).as("billing's calls carry it").isTrue();
        assertThat(TestWorker.requestIdOf(jobId)).as("the job request carries it").isEqualTo(requestId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "new\\u000bline", "<script>", "0123456789012345678901234567890123456789"
            + "01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"})
    void anInsaneOrMissingIdIsReplaced(String offered) {
        String answered = given().header("X-Request-ID", offered).get("/v1/account")
                .then().statusCode(401).extract().header("X-Request-ID");
        assertThat(answered).startsWith("req_").isNotEqualTo(offered);
        assertThat(given().get("/nothing").then().statusCode(404).extract().header("X-Request-ID")).startsWith("req_");
    }

    @Test
    void aServerFaultQuotesTheRequestId() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        given().header("Authorization", account.bearer()).header("X-Request-ID", "fault-probe-1")
                .get("/v1/test-fault")
                .then().statusCode(500).header("X-Request-ID", "fault-probe-1")
                .body("error.message", org.hamcrest.Matchers.containsString("fault-probe-1"));
    }
}
