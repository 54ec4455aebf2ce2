package dev.poofbg.gateway.removal;

import dev.poofbg.common.output.Results;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import dev.poofbg.gateway.testing.GatewayDb;
import dev.poofbg.gateway.testing.LocalStorage;
import dev.poofbg.gateway.testing.LoopbackBilling;
import dev.poofbg.gateway.testing.TestImages;
import dev.poofbg.gateway.testing.TestWorker;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /v1/remove-background end to end through the real Kafka, PostgreSQL and object store. */
@QuarkusTest
@QuarkusTestResource(LoopbackBilling.class)
@QuarkusTestResource(TestWorker.class)
class RemoveBackgroundFlowTest {

    private static final String ISO_SECONDS_Z = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Test
    void uploadFinishedInsideTheWindowIsAnswered200WithAWorkingResultLink() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);

        // A JPEG declared as PNG: the type comes from the bytes.
        Response response = given().header("Authorization", account.bearer())
                .multiPart("file", "photo.png", TestImages.jpeg(64, 48), "image/png")
                .post("/v1/remove-background");

        response.then().statusCode(200).contentType(ContentType.JSON);
        String jobId = response.path("id");
        assertThat(jobId).matches("job_[0-9A-Za-z]{24}");
        assertThat((String) response.path("status")).isEqualTo("completed");
        assertThat((Object) response.path("error")).isNull();
        assertThat((String) response.path("created_at")).matches(ISO_SECONDS_Z);
        assertThat((String) response.path("completed_at")).matches(ISO_SECONDS_Z);
        assertThat((Integer) response.path("credits_used")).isEqualTo(1);
        assertThat((Integer) response.path("credits_remaining")).isEqualTo(4);
        assertThat(response.jsonPath().getMap("$")).containsOnlyKeys("id", "status", "error", "created_at",
                "completed_at", "credits_used", "credits_remaining", "result_url", "options", "result");
        assertThat(response.jsonPath().getMap("options")).containsEntry("format", "png").containsEntry("size", "full")
                .containsEntry("crop", false).containsEntry("bg_color", null);
        assertThat(response.jsonPath().getMap("result")).containsEntry("format", "png").containsEntry("width", 4);

        JobRequested request = TestWorker.received(jobId);
        assertThat(request.inputKey()).isEqualTo("inputs/" + account.id + "/" + jobId);
        assertThat(request.declaredType()).isEqualTo("image/jpeg");
        assertThat(request.accountId()).isEqualTo(account.id);
        assertThat(TestWorker.inputFound(jobId)).as("input stored before the job was published").isTrue();

        HttpResponse<byte[]> result = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(response.path("result_url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(TestWorker.resultPng());
        assertThat((String) response.path("result_url")).contains("X-Amz-Expires=3600");
    }

    @Test
    void failedJobIsAnswered200WithItsErrorAndNoCreditUsed() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.FAIL);

        Response response = given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                .body("{\"image_url\":\"https://images.example.com/cat.jpg\"}")
                .post("/v1/remove-background");

        response.then().statusCode(200);
        assertThat((String) response.path("status")).isEqualTo("failed");
        assertThat((String) response.path("error")).isEqualTo("The image could not be fetched");
        assertThat((Integer) response.path("credits_used")).isZero();
        assertThat((Object) response.path("result_url")).isNull();
        JobRequested request = TestWorker.received(response.path("id"));
        assertThat(request.imageUrl()).isEqualTo("https://images.example.com/cat.jpg");
        assertThat(request.inputKey()).isNull();
    }

    @Test
    void slowJobIsAnswered202ThenCompletesOnPoll() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.PROCESS_ONLY);

        Response accepted = given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(32, 32), "image/png")
                .post("/v1/remove-background");

        accepted.then().statusCode(202);
        String jobId = accepted.path("id");
        assertThat((String) accepted.path("status")).isIn("pending", "processing");
        assertThat((Object) accepted.path("completed_at")).isNull();
        assertThat((Object) accepted.path("result_url")).isNull();
        assertThat((Integer) accepted.path("credits_used")).isEqualTo(1);
        assertThat((Integer) accepted.path("credits_remaining")).isEqualTo(4);

        String resultKey = TestWorker.resultKey(account.id, jobId);
        storeResult(resultKey);
        TestWorker.emit(JobEvent.completed(jobId, account.id, resultKey, Results.png(32, 32), 10, Instant.now()));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> given().header("Authorization", account.bearer())
                .get("/v1/jobs/" + jobId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("completed"))
                .body("result_url", org.hamcrest.Matchers.containsString(jobId)));
    }

    @Test
    void withoutCreditsNothingIsStoredOrPublished() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(0);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);

        given().header("Authorization", account.bearer())
                .multiPart("file", "a.png", TestImages.png(8, 8), "image/png")
                .post("/v1/remove-background")
                .then().statusCode(402).contentType(ContentType.JSON)
                .body("error.code", org.hamcrest.Matchers.equalTo("INSUFFICIENT_CREDITS"));

        assertThat(GatewayDb.countJobs(account.id)).isZero();
        given().header("Authorization", account.bearer()).get("/v1/jobs")
                .then().statusCode(200).body("data.size()", org.hamcrest.Matchers.equalTo(0));
        // The upload is stored while the credit is asked for; a refusal takes it away before the answer.
        assertThat(storedInputs(account.id)).isZero();
    }

    @Test
    void billingDownIs503AndNothingIsRecorded() {
        LoopbackBilling.Account account = LoopbackBilling.account(5);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        LoopbackBilling.reservationsDown(true);
        try {
            given().header("Authorization", account.bearer()).contentType(ContentType.JSON)
                    .body("{\"image_url\":\"https://images.example.com/cat.jpg\"}")
                    .post("/v1/remove-background")
                    .then().statusCode(503).body("error.code", org.hamcrest.Matchers.equalTo("SERVICE_UNAVAILABLE"));
        } finally {
            LoopbackBilling.reservationsDown(false);
        }
        assertThat(GatewayDb.countJobs(account.id)).isZero();
        assertThat(account.credits()).isEqualTo(5);
    }

    @Test
    void concurrentPostsSpendExactlyTheCredits() throws Exception {
        LoopbackBilling.Account account = LoopbackBilling.account(3);
        TestWorker.behave(account.id, TestWorker.Behaviour.COMPLETE);
        var statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<Integer>());
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> statuses.add(given().header("Authorization", account.bearer())
                    .contentType(ContentType.JSON).body("{\"image_url\":\"https://images.example.com/x.jpg\"}")
                    .post("/v1/remove-background").statusCode()));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(statuses).hasSize(8);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 402).count()).isEqualTo(5);
        assertThat(GatewayDb.countJobs(account.id)).isEqualTo(3);
    }

    private static long storedInputs(String accountId) throws Exception {
        try (MinioClient client = LocalStorage.client()) {
            long count = 0;
            for (var item : client.listObjects(ListObjectsArgs.builder().bucket("poofbg")
                    .prefix("inputs/" + accountId + "/").recursive(true).build())) {
                item.get();
                count++;
            }
            return count;
        }
    }

    static void storeResult(String key) throws Exception {
        byte[] png = TestWorker.resultPng();
        try (MinioClient client = LocalStorage.client()) {
            client.putObject(PutObjectArgs.builder().bucket("poofbg").object(key)
                    .stream(new ByteArrayInputStream(png), (long) png.length, -1L).contentType("image/png").build());
        }
    }
}
