package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A credit reservation for a job and the account's balance right after it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reservation(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("credits_remaining") long creditsRemaining) {
}
