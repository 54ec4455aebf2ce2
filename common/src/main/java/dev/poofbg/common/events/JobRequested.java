package dev.poofbg.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.output.OutputOptions;

import java.time.Instant;

/**
 * Payload of {@code jobs.requested} ({@link Channels#JOBS_REQUESTED}): what a worker must process. Exactly one of
 * {@code inputKey} (object-storage key of an upload) and {@code imageUrl} is set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequested(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("input_key") String inputKey,
        @JsonProperty("image_url") String imageUrl,
        @JsonProperty("declared_type") String declaredType,
        @JsonProperty("requested_at") Instant requestedAt,
        @JsonProperty("options") OutputOptions options) {

    public static final int SCHEMA_VERSION = 1;

    public static JobRequested forUpload(String jobId, String accountId, String inputKey, String declaredType,
                                         OutputOptions options, Instant requestedAt) {
        return new JobRequested(SCHEMA_VERSION, jobId, accountId, inputKey, null, declaredType, requestedAt, options);
    }

    public static JobRequested forUrl(String jobId, String accountId, String imageUrl, OutputOptions options,
                                      Instant requestedAt) {
        return new JobRequested(SCHEMA_VERSION, jobId, accountId, null, imageUrl, null, requestedAt, options);
    }

    /** The output options; the defaults for a request that named none (or came from an older gateway). */
    public OutputOptions outputOptions() {
        return options == null ? OutputOptions.DEFAULT : options;
    }
}
