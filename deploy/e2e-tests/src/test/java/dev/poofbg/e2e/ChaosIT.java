package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the middle of traffic, on the real local infrastructure: Redis stopped, PostgreSQL crashed, billing
 * and the gateway killed, the broker away for 150 s. After each, with nothing restarted by hand but what a
 * supervisor restarts (a killed process), every job the API accepted ends completed or failed, each account is
 * charged exactly its completed jobs, and its balance equals the sum of its ledger. Runs last: it stops
 * infrastructure the other classes use.
 */
@ExtendWith(Platform.class)
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    /** Pro accounts: 500 monthly credits, 120 requests a minute, room for the traffic and for the checks' reads. */
    private static final int CREDITS = 500;
    private static final Duration SETTLE = Duration.ofMinutes(4);

    @Test
    @Order(1)
    void redisStoppedMidTraffic() throws Exception {
        drill(() -> {
            Platform.infra("stop-one", "redis");
            Jobs.sleep(10_000);
            Platform.infra("start-one", "redis");
        });
    }

    @Test
    @Order(2)
    void postgresCrashedMidTraffic() throws Exception {
        drill(() -> {
            Platform.infra("crash-postgres");
            Jobs.sleep(5_000);
            Platform.infra("start-one", "postgres");
        });
    }

    @Test
    @Order(3)
    void billingAndTheGatewayKilledMidTraffic() throws Exception {
        drill(() -> {
            Platform.get().billing.killAndRestart();
            Platform.get().billing.awaitReady(Duration.ofMinutes(2));
            Platform.get().gateway.killAndRestart();
            Platform.get().gateway.awaitReady(Duration.ofMinutes(2));
        });
    }

    @Test
    @Order(4)
    void theBrokerAwayFor150Seconds() throws Exception {
        drill(() -> {
            Platform.infra("stop-one", "kafka");
            Jobs.sleep(150_000);
            Platform.infra("start-one", "kafka");
        });
    }

    /** A fault while traffic flows: 5 s of traffic before it, traffic during it, 10 s after; then the checks. */
    private static void drill(Fault fault) throws Exception {
        List<Accounts.Account> accounts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accounts.add(Accounts.create("pro"));
        }
        try (Traffic traffic = new Traffic(accounts)) {
            Jobs.sleep(5_000);
            fault.run();
            Jobs.sleep(10_000);
            assertThat(traffic.accepted.get()).as("jobs accepted during the drill").isPositive();
        }
        for (Accounts.Account account : accounts) {
            assertSettled(account);
        }
    }

    /** Every job of the account terminal; charged exactly its completed jobs; balance = ledger. */
    private static void assertSettled(Accounts.Account account) {
        String api = Platform.get().apiUrl();
        int completed = 0;
        for (String jobId : jobIds(account)) {
            JsonNode job = awaitTerminal(api, account.key(), jobId);
            Jobs.assertShape(job);
            if (job.get("status").asText().equals("completed")) {
                completed++;
            }
        }
        long expected = CREDITS - completed;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long remaining;
        do {
            remaining = adminAccount(account).get("credits_remaining").asLong();
            if (remaining == expected) {
                break;
            }
            Jobs.sleep(500); // a refund settles from its event
        } while (System.nanoTime() < deadline);
        assertThat(remaining).as("credits of %s: %d granted, %d completed jobs", account.id(), CREDITS, completed)
                .isEqualTo(expected);
        assertThat(ledgerSum(account)).as("ledger of %s", account.id()).isEqualTo(remaining);
    }

    /** Polls once a second, waiting out 429s and 503s (the checks read through the same rate limit). */
    private static JsonNode awaitTerminal(String api, String key, String jobId) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response response = read(api + "/v1/jobs/" + jobId, key);
            String status = response.json().get("status").asText();
            if (status.equals("completed") || status.equals("failed")) {
                return response.json();
            }
            Jobs.sleep(1000);
        }
        throw new AssertionError("job " + jobId + " not terminal after " + SETTLE);
    }

    private static Http.Response read(String url, String key) {
        for (int attempt = 0; ; attempt++) {
            Http.Response response = Http.get(url, key);
            if (response.status() == 200 || attempt == 120 || (response.status() != 429 && response.status() != 503)) {
                assertThat(response.status()).as(response.text()).isEqualTo(200);
                return response;
            }
            Jobs.sleep(1000);
        }
    }

    private static List<String> jobIds(Accounts.Account account) {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            Http.Response page = read(Platform.get().apiUrl() + "/v1/jobs?limit=100&offset=" + offset, account.key());
            JsonNode data = page.json().get("data");
            data.forEach(item -> ids.add(item.get("id").asText()));
            if (data.size() < 100) {
                return ids;
            }
        }
    }

    private static JsonNode adminAccount(Accounts.Account account) {
        Http.Response response = Http.get(Platform.get().adminUrl() + "/admin/v1/accounts/" + account.id(),
                Platform.ADMIN_TOKEN);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static long ledgerSum(Accounts.Account account) {
        long sum = 0;
        for (int offset = 0; ; offset += 100) {
            Http.Response page = Http.get(Platform.get().adminUrl() + "/admin/v1/accounts/" + account.id()
                    + "/ledger?limit=100&offset=" + offset, Platform.ADMIN_TOKEN);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            JsonNode data = page.json().get("data");
            for (JsonNode entry : data) {
                sum += entry.get("amount").asLong();
            }
            if (data.size() < 100) {
                return sum;
            }
        }
    }

    @FunctionalInterface
    private interface Fault {
        void run() throws Exception;
    }

    /** Small uploads, about two a second spread over the accounts, each on its own thread so none waits for another. */
    private static final class Traffic implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger accepted = new AtomicInteger();
        /** Answers other than acceptance or a clean refusal (402, 429, 503): a 5xx here is a defect. */
        private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        private final ExecutorService requests = Executors.newFixedThreadPool(16);
        private final Thread pacer;

        Traffic(List<Accounts.Account> accounts) {
            byte[] photo = TestImages.jpeg(TestImages.subjectOnBackdrop(160, 120));
            pacer = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    Accounts.Account account = accounts.get(i % accounts.size());
                    requests.submit(() -> post(account, photo));
                    Jobs.sleep(500);
                }
            }, "chaos-traffic");
            pacer.start();
        }

        private void post(Accounts.Account account, byte[] photo) {
            try {
                Http.Response response = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background",
                        account.key(), Http.Part.file("photo.jpg", "image/jpeg", photo));
                if (response.status() == 200 || response.status() == 202) {
                    accepted.incrementAndGet();
                } else if (response.status() != 402 && response.status() != 429 && response.status() != 503) {
                    unexpected.add(response.status() + " " + response.text());
                }
            } catch (RuntimeException connectionLost) {
                // a killed or restarting gateway: the job, if it was accepted, is checked through the job list
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pacer.join();
            requests.shutdown();
            requests.awaitTermination(2, TimeUnit.MINUTES);
            assertThat(unexpected).as("answers during the drill").isEmpty();
        }
    }
}
