package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON to {@link JobEvent} with the application's ObjectMapper (ISO-8601 instants). */
public class JobEventDeserializer extends ObjectMapperDeserializer<JobEvent> {
    public JobEventDeserializer() {
        super(JobEvent.class);
    }
}
