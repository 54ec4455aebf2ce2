package dev.poofbg.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.events.JobStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of GET /v1/jobs. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "JobListItem")
public record JobListItem(
        String id,
        @Schema(implementation = String.class, enumeration = {"pending", "processing", "completed", "failed"})
        JobStatus status,
        @Schema(nullable = true, description = "Why the job failed; null unless failed") String error,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("completed_at") @Schema(nullable = true) String completedAt) {

    static JobListItem of(Job job) {
        return new JobListItem(job.id, job.status, job.error, Timestamps.format(job.createdAt),
                Timestamps.format(job.completedAt));
    }
}
