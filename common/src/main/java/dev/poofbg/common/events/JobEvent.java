package dev.poofbg.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.output.OutputResult;

import java.time.Instant;

/**
 * Payload of {@code jobs.events} ({@link Channels#JOBS_EVENTS}): one status change of a job. Consumers apply it idempotently
 * per job id and ignore events that would move a job backwards.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobEvent(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("error") String error,
        @JsonProperty("result_key") String resultKey,
        @JsonProperty("width") Integer width,
        @JsonProperty("height") Integer height,
        @JsonProperty("processing_ms") Long processingMs,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("reason") FailureReason reason,
        @JsonProperty("result") OutputResult result) {

    public static final int SCHEMA_VERSION = 1;

    public static JobEvent processing(String jobId, String accountId, Instant at) {
        return new JobEvent(SCHEMA_VERSION, jobId, accountId, JobStatus.PROCESSING, null, null, null, null, null, at,
                null, null);
    }

    public static JobEvent completed(String jobId, String accountId, String resultKey, OutputResult result,
                                     long processingMs, Instant at) {
        return new JobEvent(SCHEMA_VERSION, jobId, accountId, JobStatus.COMPLETED, null, resultKey, result.width(),
                result.height(), processingMs, at, null, result);
    }

    public static JobEvent failed(String jobId, String accountId, FailureReason reason, String error, Instant at) {
        return new JobEvent(SCHEMA_VERSION, jobId, accountId, JobStatus.FAILED, error, null, null, null, null, at,
                reason, null);
    }
}
