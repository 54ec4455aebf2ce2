package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /internal/v1/reservations}: reserve one credit for one job, idempotently. */
public record ReservationRequest(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("account_id") String accountId) {
}
