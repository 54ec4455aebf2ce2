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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

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
