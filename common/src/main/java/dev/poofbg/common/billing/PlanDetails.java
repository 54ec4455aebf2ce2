package dev.poofbg.common.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** A plan's terms: its per-minute rate limit, monthly allowance, one-time grant, and whether credits are unlimited. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanDetails(String id, int requestsPerMinute, int monthlyQuota, int oneTimeGrant, boolean unlimited) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<PlanDetails> data) {
    }
}
