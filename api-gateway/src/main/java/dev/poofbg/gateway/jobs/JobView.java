package dev.poofbg.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.common.output.OutputResult;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The contract's job shape, shared by POST /v1/remove-background and GET /v1/jobs/:id. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Job")
public record JobView(
        @Schema(examples = "job_4fZq8X1bQ2cD3eF4gH5iJ6kL") String id,
        @Schema(implementation = String.class, enumeration = {"pending", "processing", "completed", "failed"})
        JobStatus status,
        @Schema(nullable = true, description = "Why the job failed; null unless status is failed") String error,
        @JsonProperty("created_at") @Schema(examples = "2026-03-18T12:00:00Z") String createdAt,
        @JsonProperty("completed_at") @Schema(nullable = true, examples = "2026-03-18T12:00:02Z") String completedAt,
        @JsonProperty("credits_used") @Schema(description = "1, or 0 for a failed job (its credit is refunded)")
        int creditsUsed,
        @JsonProperty("credits_remaining")
        @Schema(description = "The account's balance; -1 for unlimited plans") long creditsRemaining,
        @JsonProperty("result_url")
        @Schema(nullable = true, description = "Signed link to the result, valid 1 hour; only when completed")
        String resultUrl,
        @Schema(description = "The output options applied, defaults included") OutputOptions options,
        @Schema(nullable = true, description = "What the job produced; only when completed") OutputResult result) {
}
