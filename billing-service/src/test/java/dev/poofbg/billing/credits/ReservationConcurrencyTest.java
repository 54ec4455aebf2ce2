package dev.poofbg.billing.credits;

import dev.poofbg.billing.support.Api;
import dev.poofbg.common.JobIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.oneOf;

@QuarkusTest
class ReservationConcurrencyTest {

    @TestHTTPResource("/internal/v1/reservations")
    URI reservations;

    @Test
    void twoHundredParallelReservationsOnFiftyCreditsAcceptExactlyFifty() throws Exception {
        String accountId = Api.createAccount("payg");
        Api.purchase(accountId, 50);

        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jobIds.add(JobIds.newId());
        }
        long started = System.nanoTime();
        Map<Integer, Long> statuses = reserveAll(accountId, jobIds);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("200 concurrent reservations on one account: %d ms (%.0f/s)%n", millis, 200_000.0 / Math.max(1, millis));
        assertThat(statuses).containsOnlyKeys(200, 402).containsEntry(200, 50L).containsEntry(402, 150L);

        JsonPath account = Api.account(accountId);
        assertThat(account.getLong("credits_remaining")).isZero();
        assertThat(account.getLong("prepaid_credits")).isZero();
        JsonPath ledger = Api.ledger(accountId);
        assertThat(ledger.getList("data.findAll { it.kind == 'reserve' }")).hasSize(50);
        assertThat(Api.ledgerSum(accountId, "prepaid")).isZero();

        // Replaying all 200 again, concurrently: the accepted 50 answer 200 without a second charge.
        Map<Integer, Long> replay = reserveAll(accountId, jobIds);
        assertThat(replay).containsEntry(200, 50L).containsEntry(402, 150L);
        assertThat(Api.ledger(accountId).getList("data.findAll { it.kind == 'reserve' }")).hasSize(50);
    }

    @Test
    void releaseRacingItsReservationNeverLeavesACreditHeld() throws Exception {
        String accountId = Api.createAccount("payg");
        Api.purchase(accountId, 100);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        Random random = new Random();
        for (int i = 0; i < 40; i++) {
            String jobId = JobIds.newId();
            jobIds.add(jobId);
            calls.add(send(client, reservations, "{\"job_id\":\"" + jobId + "\",\"account_id\":\"" + accountId + "\"}"));
            // Releases trail their reservations by 0 to 300 ms, so both orders and true overlaps occur.
            URI release = reservations.resolve("/internal/v1/reservations/" + jobId + "/release");
            calls.add(CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(random.nextInt(300), TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> send(client, release, "")));
        }
        Map<Integer, Long> statuses = calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(statuses.keySet()).isSubsetOf(200, 400, 404);
        System.out.println("reservation/release race outcomes: " + statuses);
        for (String jobId : jobIds) {
            // Whatever the interleaving, the job is either refunded or void: a release is final.
            Api.internal().post("/internal/v1/reservations/{id}/release", jobId).then().statusCode(oneOf(200, 404));
        }
        assertThat(Api.account(accountId).getLong("credits_remaining")).isEqualTo(100);
        assertThat(Api.ledgerSum(accountId, "prepaid")).isEqualTo(100);
        assertThat(Api.ledger(accountId).getList("data.findAll { it.kind == 'reserve' }").size())
                .isEqualTo(Api.ledger(accountId).getList("data.findAll { it.kind == 'refund' }").size());
    }

    private static CompletableFuture<Integer> send(HttpClient client, URI uri, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + Api.INTERNAL_TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private Map<Integer, Long> reserveAll(String accountId, List<String> jobIds) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<Integer>> calls = jobIds.stream()
                .map(jobId -> HttpRequest.newBuilder(reservations)
                        .header("Authorization", "Bearer " + Api.INTERNAL_TOKEN)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"job_id\":\"" + jobId + "\",\"account_id\":\"" + accountId + "\"}"))
                        .build())
                .map(request -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode))
                .toList();
        return calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
