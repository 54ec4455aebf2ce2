package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 2: a worker killed mid-job leaves the job to be redelivered; it still completes, charged once. A job that
 * kills every worker that starts it still ends: failed, refunded, after the configured number of starts.
 */
@ExtendWith(Platform.class)
class WorkerCrashIT {
    private static final int WIDTH = 4000;
    private static final int HEIGHT = 3000;

    @Test
    void aJobWhoseWorkerDiesMidWayIsRedeliveredAndCompletes() throws Exception {
        Accounts.Account pro = Accounts.create("pro");
        Http.Response accepted = submitBigJob(pro);
        String jobId = accepted.json().get("id").asText();

        Instant deadline = Instant.now().plusSeconds(60);
        String status = accepted.json().get("status").asText();
        while (!status.equals("processing") && Instant.now().isBefore(deadline)) {
            Jobs.sleep(20);
            status = Http.get(Platform.get().apiUrl() + "/v1/jobs/" + jobId, pro.key()).json().get("status").asText();
        }
        assertThat(status).as("the worker picked the job up").isEqualTo("processing");
        Platform.get().crashAndReplaceWorker();

        JsonNode job = Jobs.awaitTerminal(Platform.get().apiUrl(), pro.key(), jobId, Duration.ofSeconds(120));
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(job.get("credits_used").asInt()).isEqualTo(1);
        TestImages.assertCutOut(Http.get(job.get("result_url").asText(), null).bytes(), WIDTH, HEIGHT);
        RemoveBackgroundIT.awaitCredits(pro.key(), 499);
    }

    /** Each start is announced by a processing event once it is counted; the worker is killed on each one. */
    @Test
    void aJobThatKillsEveryWorkerIsFailedAfterTheLastAllowedStartAndRefunded() throws Exception {
        Accounts.Account pro = Accounts.create("pro");
        try (KafkaConsumer<String, String> events = TopicObserver.fromEnd("127.0.0.1:9092", "e2e-worker-crash",
                List.of("jobs.events"))) {
            String jobId = submitBigJob(pro).json().get("id").asText();
            for (int start = 1; start <= Platform.WORKER_MAX_ATTEMPTS; start++) {
                awaitProcessingEvent(events, jobId, start);
                Platform.get().crashAndReplaceWorker();
            }

            JsonNode job = Jobs.awaitTerminal(Platform.get().apiUrl(), pro.key(), jobId, Duration.ofSeconds(120));
            assertThat(job.get("status").asText()).isEqualTo("failed");
            assertThat(job.get("error").asText()).isEqualTo("The image could not be processed: it stopped the worker "
                    + Platform.WORKER_MAX_ATTEMPTS + " times");
            assertThat(job.get("credits_used").asInt()).isZero();
            assertThat(job.get("result_url").isNull()).isTrue();
            RemoveBackgroundIT.awaitCredits(pro.key(), 500);
        }
    }

    private static Http.Response submitBigJob(Accounts.Account account) {
        Http.Response accepted = Http.postMultipart(Platform.get().shortWaitApiUrl() + "/v1/remove-background",
                account.key(), Http.Part.file("big.jpg", "image/jpeg",
                        TestImages.jpeg(TestImages.subjectOnBackdrop(WIDTH, HEIGHT))));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return accepted;
    }

    private static void awaitProcessingEvent(KafkaConsumer<String, String> events, String jobId, int start)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(50))) {
                JsonNode event = Http.JSON.readTree(record.value());
                if (jobId.equals(record.key()) && "processing".equals(event.path("status").asText())) {
                    return;
                }
                assertThat(jobId.equals(record.key()) ? event.path("status").asText() : "other job")
                        .as("event of the job before start " + start + " was killed").isNotIn("completed", "failed");
            }
        }
        throw new AssertionError("no processing event for start " + start + " of " + jobId);
    }
}
