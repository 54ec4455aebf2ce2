package dev.poofbg.gateway.jobs;

import dev.poofbg.common.events.JobStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses as their lower-case wire names, the same words the API and events use. */
@Converter
public class JobStatusConverter implements AttributeConverter<JobStatus, String> {

    @Override
    public String convertToDatabaseColumn(JobStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public JobStatus convertToEntityAttribute(String value) {
        return value == null ? null : JobStatus.fromWire(value);
    }
}
