package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule 2: a worker killed mid-job leaves the job to be redelivered; it still completes, charged once. */
@ExtendWith(Platform.class)
class WorkerCrashIT {

    @Test
    void aJobWhoseWorkerDiesMidWayIsRedeliveredAndCompletes() throws Exception {
        Accounts.Account pro = Accounts.create("pro");
        int width = 4000;
        int height = 3000;
        Http.Response accepted = Http.postMultipart(Platform.get().shortWaitApiUrl() + "/v1/remove-background",
                pro.key(), Http.Part.file("big.jpg", "image/jpeg",
                        TestImages.jpeg(TestImages.subjectOnBackdrop(width, height))));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
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
        TestImages.assertCutOut(Http.get(job.get("result_url").asText(), null).bytes(), width, height);
        RemoveBackgroundIT.awaitCredits(pro.key(), 499);
    }
}
