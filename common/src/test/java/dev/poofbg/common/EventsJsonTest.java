package dev.poofbg.common;

import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.Results;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.poofbg.common.error.ErrorBody;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.events.FailureReason;
import dev.poofbg.common.events.JobEvent;
import dev.poofbg.common.events.JobRequested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventsJsonTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void payloadsAreSnakeCaseVersionedAndRoundTrip() throws Exception {
        Instant at = Instant.parse("2026-03-18T12:00:02Z");
        JobEvent completed = JobEvent.completed("job_x", "acct_y", "results/acct_y/job_x.png", Results.png(640, 480), 321, at);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(completed));
        assertThat(json.get("schema_version").asInt()).isEqualTo(JobEvent.SCHEMA_VERSION);
        assertThat(json.get("status").asText()).isEqualTo("completed");
        assertThat(json.get("result_key").asText()).isEqualTo("results/acct_y/job_x.png");
        assertThat(json.get("occurred_at").asText()).isEqualTo("2026-03-18T12:00:02Z");
        assertThat(mapper.readValue(mapper.writeValueAsString(completed), JobEvent.class)).isEqualTo(completed);

        JobRequested request = JobRequested.forUrl("job_x", "acct_y", "https://example.com/a.jpg",
                OutputOptions.parse(Map.of("format", "webp", "crop", "true", "crop_margin", "10%")::get), at);
        assertThat(mapper.readValue(mapper.writeValueAsString(request), JobRequested.class)).isEqualTo(request);
        // A newer producer may add fields: older consumers ignore them.
        String newer = "{\"schema_version\":2,\"job_id\":\"job_x\",\"status\":\"failed\",\"error\":\"e\",\"extra\":1}";
        assertThat(mapper.readValue(newer, JobEvent.class).error()).isEqualTo("e");
    }

    @Test
    void aFailureCarriesItsReasonForOperatorsAndAnUnknownReasonReadsAsNone() throws Exception {
        JobEvent failed = JobEvent.failed("job_x", "acct_y", FailureReason.GIVEN_UP, "boom", Instant.EPOCH);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(failed));
        assertThat(json.get("reason").asText()).isEqualTo("given_up");
        assertThat(mapper.readValue(mapper.writeValueAsString(failed), JobEvent.class)).isEqualTo(failed);
        String older = "{\"schema_version\":1,\"job_id\":\"job_x\",\"status\":\"failed\",\"error\":\"e\"}";
        assertThat(mapper.readValue(older, JobEvent.class).reason()).isNull();
        String newer = older.replace("}", ",\"reason\":\"solar_flare\"}");
        assertThat(mapper.readValue(newer, JobEvent.class).reason()).isNull();
    }

    @Test
    void theErrorBodyHasTheContractShape() throws Exception {
        String json = mapper.writeValueAsString(ErrorBody.of(ErrorCode.INSUFFICIENT_CREDITS, "Insufficient credits"));
        assertThat(json).isEqualTo("{\"error\":{\"message\":\"Insufficient credits\",\"code\":\"INSUFFICIENT_CREDITS\"}}");
        assertThat(ErrorCode.RATE_LIMITED.httpStatus()).isEqualTo(429);
        assertThat(ErrorCode.FILE_TOO_LARGE.httpStatus()).isEqualTo(400);
    }
}
