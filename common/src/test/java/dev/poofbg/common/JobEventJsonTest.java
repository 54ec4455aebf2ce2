package dev.poofbg.common;

import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobEventJson;
import dev.poofbg.common.events.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every consumer of jobs.events accepts, and what it refuses, through the one reader. */
class JobEventJsonTest {

    private static final String JOB = JobIds.newId();

    @Test
    void aValidEventIsReadWithItsTimestampAndUnknownFieldsIgnored() {
        JobEvent event = JobEventJson.read(bytes("{\"schema_version\":2,\"job_id\":\"" + JOB + "\",\"account_id\":\"acct_1\","
                + "\"status\":\"completed\",\"result_key\":\"results/acct_1/" + JOB + ".png\",\"width\":4,\"height\":3,"
                + "\"occurred_at\":\"2026-12-07T12:00:00Z\",\"format\":\"webp\"}"));

        assertThat(event.jobId()).isEqualTo(JOB);
        assertThat(event.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(new JobEventJson().deserialize("jobs.events", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"job_id\":\"JOB\"}", "{\"status\":\"failed\"}",
            "{\"job_id\":\"job_../../x\",\"status\":\"failed\"}", "{\"job_id\":\"JOB\",\"status\":\"exploded\"}", "null"})
    void anythingElseIsRefusedWithItsReason(String json) {
        assertThatThrownBy(() -> new JobEventJson().deserialize("jobs.events", bytes(json.replace("JOB", JOB))))
                .isInstanceOf(JobEventJson.InvalidJobEventException.class)
                .hasMessageContaining("job event");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
