package dev.poofbg.common.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.poofbg.common.JobIds;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;

/**
 * Reads a {@code jobs.events} record, for every consumer of the topic alike: JSON with unknown fields
 * ignored (a newer schema still parses), then checked, so that a consumer only ever sees an event with
 * a well-formed job id and a status. As a Kafka deserializer it throws on anything else; the channel's
 * failure handling then decides (skip it, or send it to a dead-letter topic).
 */
public final class JobEventJson implements Deserializer<JobEvent> {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A valid event, or {@link InvalidJobEventException} saying why the bytes are not one. */
    public static JobEvent read(byte[] json) {
        JobEvent event;
        try {
            event = MAPPER.readValue(json, JobEvent.class);
        } catch (IOException e) {
            throw new InvalidJobEventException("unreadable job event (" + e.getClass().getSimpleName() + ")", e);
        }
        if (event == null || event.status() == null || !JobIds.isWellFormed(event.jobId())) {
            throw new InvalidJobEventException("job event without a well-formed job_id or a status", null);
        }
        return event;
    }

    @Override
    public JobEvent deserialize(String topic, byte[] data) {
        return data == null ? null : read(data);
    }

    /** A record of {@code jobs.events} that is not a job event. */
    public static final class InvalidJobEventException extends RuntimeException {
        InvalidJobEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
