package dev.poofbg.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Job helpers: polling and the checks every job body must pass. */
final class Jobs {
    private static final Set<String> STATUSES = Set.of("pending", "processing", "completed", "failed");

    private Jobs() {
    }

    static JsonNode awaitTerminal(String apiUrl, String key, String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = Http.get(apiUrl + "/v1/jobs/" + jobId, key);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode job = response.json();
            assertShape(job);
            String status = job.get("status").asText();
            if (status.equals("completed") || status.equals("failed")) {
                return job;
            }
            sleep(200);
        }
        return fail("job " + jobId + " not terminal after " + timeout);
    }

    /** The contract's job shape, field for field, and the invariants between fields. */
    static void assertShape(JsonNode job) {
        assertThat(job.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "status", "error", "created_at",
                "completed_at", "credits_used", "credits_remaining", "result_url", "options", "result");
        assertThat(job.get("options").fieldNames()).toIterable().containsExactlyInAnyOrder("format", "channels",
                "bg_color", "crop", "crop_margin", "size");
        assertThat(job.get("id").asText()).startsWith("job_");
        String status = job.get("status").asText();
        assertThat(STATUSES).contains(status);
        assertThat(job.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(job.get("credits_used").isIntegralNumber()).isTrue();
        assertThat(job.get("credits_remaining").isIntegralNumber()).isTrue();
        switch (status) {
            case "completed" -> {
                assertThat(job.get("result_url").isTextual()).isTrue();
                assertThat(job.at("/result/width").asInt()).isPositive();
                assertThat(job.at("/result/bytes").asLong()).isPositive();
                assertThat(job.at("/result/foreground/width").asInt()).isPositive();
                assertThat(job.get("error").isNull()).isTrue();
                assertThat(job.get("completed_at").asText()).endsWith("Z");
                assertThat(job.get("credits_used").asInt()).isEqualTo(1);
            }
            case "failed" -> {
                assertThat(job.get("result_url").isNull()).isTrue();
                assertThat(job.get("result").isNull()).isTrue();
                assertThat(job.get("error").asText()).isNotBlank();
                assertThat(job.get("credits_used").asInt()).isZero();
            }
            default -> {
                assertThat(job.get("result_url").isNull()).isTrue();
                assertThat(job.get("completed_at").isNull()).isTrue();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
